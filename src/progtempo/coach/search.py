"""Find the progressive block of a run that came without a plan, whatever unit it is shown in.

The verdict is about the run, not the display unit: the block is looked for on segments the run
itself suggests, never on the runner's miles or kilometres. Those are (the "bases"):

- the device's laps, when the runner pressed lap or the watch auto-lapped at rung-like lengths
  (3 laps or more of 400 m to 3.3 km, covering two thirds of the run);
- whole kilometres and whole miles, each laid at the offset where the pace is steadiest inside each
  segment (a ladder changes pace at the edges of its rungs, not in their middle).

On each basis the block is the longest stretch of segments that looks like the article's session:

1. it is at least 3 miles long (so it shows as 3 levels or more in either unit) and at least a third of
   the run: a short stretch inside a long run is not a session;
2. it gets faster by at least 8 % of its mean pace along its least-squares line, first to last: it
   starts easy and ends comfortably hard, which a race's few-percent negative split doesn't;
3. it starts among its slower segments and ends among its faster ones (first not more than 2 % faster
   than the mean, last not more than 2 % slower);
4. it builds throughout: cut into four parts (three for three segments), each part's mean pace is
   faster than the one before by at least a tenth of the first part's less the last's (one jump from
   one steady pace to another is two steady runs, not a ladder); and what came before it was not
   faster than it (a warm-up is easy; a walk break after a fast start is not the start of a ladder);
5. it never falls far off a never-slowing course (RMS distance from the closest never-slowing sequence,
   isotonic regression, at most 3.5 % of the mean pace);
6. where heart rate was recorded it starts easy: the first third's mean heart rate is at most 80 % of
   the runner's maximum when known (else 90 % of the run's highest) and at least 3 bpm under the last
   third's;
7. where the runner's zones are known, it starts at an easy to marathon pace and ends at marathon
   pace or faster.

The longest block over all bases wins (the laps on a tie, then the one closest to never slowing). Its
edges are trimmed as before: a first segment out of rhythm with the rest (a warm-up jumping into level
1) and a last one clearly slower than the one before (a cool-down).

Work: the bases are cut in O(records + chunks); each basis has at most `MAX_SEGMENTS` segments (a
longer run gets longer segments), and the scan over its windows keeps running sums and a pooled
never-slowing fit per start, so it does O(1) amortised work per window: bounded, whatever the file.
"""

from __future__ import annotations

import itertools
import math
from collections.abc import Sequence
from dataclasses import dataclass
from typing import TYPE_CHECKING

import numpy as np
import numpy.typing as npt

from progtempo.coach import _stats

if TYPE_CHECKING:
    from progtempo.analysis import Analysis
    from progtempo.fitness.zones import PaceZones

FloatArray = npt.NDArray[np.float64]

MILE_M = 1609.344
#: The shortest block: three miles, so it is three whole levels or more in miles and in km.
MIN_BLOCK_M = 3 * MILE_M
#: A block is at least this share of the run.
MIN_RUN_FRACTION = 1 / 3
#: A block gets faster by at least this fraction of its mean pace (trend line, first to last).
MIN_GAIN_FRACTION = 0.08
#: Its first segment is not faster, and its last not slower, than its mean by more than this.
EDGE_FRACTION = 0.02
#: Cut into `PARTS` parts (fewer for a shorter block), each part's mean is faster than the one before
#: by at least this share of the first part's mean less the last's.
PARTS = 4
PART_FRACTION = 0.1
#: Its paces stay within this RMS fraction of the closest never-slowing sequence.
MAX_FADE_RMS_FRACTION = 0.035
#: Heart rate: the first third at most this share of the run's highest (of the runner's maximum, when
#: known: the top of the easy zones), and this much under the last.
HR_START_FRACTION = 0.90
HR_START_OF_MAX = 0.80
HR_RISE_BPM = 3.0
#: Grid bases (metres) and the chunks per segment used to align them.
GRID_M: tuple[tuple[str, float], ...] = (("km", 1000.0), ("mi", MILE_M))
CHUNKS = 20
#: The most segments a basis has; a longer run gets longer segments.
MAX_SEGMENTS = 200
#: Laps are a basis when at least 3 of them, covering `LAP_SHARE` of the run, are rung-like: of a
#: length in this range (metres).
LAP_MIN_M = 400.0
LAP_MAX_M = 3300.0
LAP_SHARE = 2 / 3
#: A lap shorter than this joins the one before (a lap press at the finish, a session-end stub).
LAP_STUB_M = 100.0
#: A run that ends within this many metres of a whole segment ran it.
SLACK_M = 1.0
#: The edge rules of `trim_edges`.
JUMP_FRACTION = 0.03
RHYTHM_STEP_FRACTION = 0.75
START_ZONES = frozenset({"recovery", "easy", "marathon"})
EASY_ZONES = frozenset({"recovery", "easy"})


@dataclass(frozen=True)
class Basis:
    """Segments a run is judged on: their edges (metres), paces (s/km, GAP where known) and heart rate."""

    name: str
    edges_m: list[float]
    paces_s_per_km: list[float]
    hr_bpm: list[float | None]


@dataclass(frozen=True)
class Found:
    """A progressive block: where it lies, on which basis, and its first and last paces (s/km)."""

    start_m: float
    end_m: float
    basis: str
    segments: int
    first_pace_s_per_km: float
    last_pace_s_per_km: float
    fade_fraction: float


def fade_rms_s(paces_s: Sequence[float]) -> float:
    """RMS distance of the paces from the closest never-slowing sequence (isotonic regression)."""
    # Pool adjacent violators: blocks of (sum, count, mean); a later block may not be slower than an
    # earlier one, so a new pace slower than the block before it merges into it (and so on down).
    sums: list[float] = []
    counts: list[int] = []
    means: list[float] = []
    for p in paces_s:
        total, count = p, 1
        while sums and total / count > means[-1]:
            total += sums.pop()
            count += counts.pop()
            means.pop()
        sums.append(total)
        counts.append(count)
        means.append(total / count)
    fitted: list[float] = []
    for m, c in zip(means, counts, strict=True):
        fitted.extend([m] * c)
    return float(np.sqrt(np.mean((np.asarray(paces_s) - np.asarray(fitted)) ** 2)))


# ------------------------------------------------------------------------------------------- bases


def segments_at_offset(
    edges_m: Sequence[float], paces_s: Sequence[float], offset: int, per_segment: int
) -> tuple[list[float], float]:
    """Whole-segment paces laid from chunk `offset`, and the mean within-segment pace variance."""
    e = np.asarray(edges_m, dtype=float)
    p = np.asarray(paces_s, dtype=float)
    return _segments_at_offset(np.diff(e), p, offset, per_segment)


def _segments_at_offset(
    lengths: FloatArray, p: FloatArray, offset: int, per_segment: int
) -> tuple[list[float], float]:
    # Every whole segment from `offset` is a row of a (segments, per_segment) view: the row sums are the
    # same pairwise sums as summing each segment's slice on its own, so the figures don't change.
    count = (p.shape[0] - offset) // per_segment if per_segment > 0 else 0
    if count <= 0:
        return [], float("inf")
    stop = offset + count * per_segment
    seg_p = p[offset:stop].reshape(count, per_segment)
    seg_len = lengths[offset:stop].reshape(count, per_segment)
    total_len = np.sum(seg_len, axis=1)
    paces = np.sum(seg_p * seg_len, axis=1) / total_len
    spreads = np.sum(seg_len * (seg_p - paces[:, None]) ** 2, axis=1) / total_len
    spread = 0.0
    for s in spreads.tolist():  # summed in order, as a running total
        spread += s
    return paces.tolist(), spread / count


def steadiest_offset_m(analysis: Analysis, segment_m: float, lo_m: float, hi_m: float) -> float:
    """Where in [lo_m, lo_m + segment_m) whole segments of `segment_m` up to `hi_m` are steadiest.

    The stretch is cut into chunks of a twentieth of a segment; the offset (in chunks) with the least
    mean within-segment variance of the chunks' paces (GAP where known) wins, the earliest on a tie.
    """
    from progtempo.analysis.splits import paces_at

    step = segment_m / CHUNKS
    edges = np.minimum(np.arange(lo_m, hi_m + SLACK_M, step), hi_m)
    edges = edges[np.concatenate([[True], np.diff(edges) > 1e-9])]
    if edges.shape[0] < CHUNKS + 1:
        return lo_m
    pace, gap = paces_at(analysis.stream, edges, "km")
    p = np.where(np.isfinite(gap), gap, pace)
    finite = p[np.isfinite(p)]
    p = np.where(np.isfinite(p), p, float(np.median(finite)) if finite.size else 0.0)
    lengths = np.diff(edges)
    best = min(range(CHUNKS), key=lambda o: (_segments_at_offset(lengths, p, o, CHUNKS)[1], o))
    return float(edges[best])


def _basis_at(analysis: Analysis, name: str, edges: Sequence[float]) -> Basis | None:
    from progtempo.analysis import splits_at

    if len(edges) < 4:
        return None
    splits = splits_at(analysis.stream, list(edges), "km")
    paces = [s.gap_s if math.isfinite(s.gap_s) else s.pace_s for s in splits]
    if not all(math.isfinite(p) and p > 0 for p in paces):
        finite = [p for p in paces if math.isfinite(p) and p > 0]
        if len(finite) < 3:
            return None
        fill = _stats.median(finite)
        paces = [p if math.isfinite(p) and p > 0 else fill for p in paces]
    return Basis(name, [float(x) for x in edges], paces, [s.avg_hr for s in splits])


def grid_basis(analysis: Analysis, name: str, segment_m: float) -> Basis | None:
    """Whole segments of `segment_m` (longer on a very long run) at their steadiest offset."""
    total = analysis.distance_m
    seg = max(segment_m, total / MAX_SEGMENTS)
    if total + SLACK_M < 3 * seg:
        return None
    start = steadiest_offset_m(analysis, seg, 0.0, total)
    # a run ending within a metre of a whole segment ran it (GPS and FIT distances round off)
    count = int((total - start + SLACK_M) // seg)
    return _basis_at(analysis, name, [min(start + k * seg, total) for k in range(count + 1)])


def lap_basis(analysis: Analysis) -> Basis | None:
    """The device's laps as segments, when there are 3 or more of a rung-like length."""
    a = analysis.activity
    s = analysis.stream
    if len(a.laps) < 3 or len(s) < 2:
        return None
    starts = [(lap.start_time - a.start_time).total_seconds() for lap in a.laps]
    edges = np.interp(np.asarray(starts, dtype=float), s.time_s - s.time_s[0], s.distance_m).tolist()
    edges = [*edges, analysis.distance_m]
    kept = [edges[0]]
    for x in edges[1:]:
        if x - kept[-1] >= LAP_STUB_M:
            kept.append(x)
        else:
            kept[-1] = max(kept[-1], x) if len(kept) > 1 else kept[-1]
    lengths = np.diff(kept)
    if lengths.shape[0] < 3 or lengths.shape[0] > MAX_SEGMENTS:
        return None
    rungs = (lengths >= LAP_MIN_M) & (lengths <= LAP_MAX_M)
    if int(rungs.sum()) < 3 or float(lengths[rungs].sum()) < LAP_SHARE * float(lengths.sum()):
        return None
    return _basis_at(analysis, "laps", kept)


def bases(analysis: Analysis) -> list[Basis]:
    """Every basis the run offers: its laps when rung-like, whole km and whole miles."""
    out = [lap_basis(analysis)] + [grid_basis(analysis, name, m) for name, m in GRID_M]
    return [b for b in out if b is not None]


# -------------------------------------------------------------------------------------------- scan


@dataclass(frozen=True)
class _Rules:
    min_m: float
    run_max_hr: float | None
    zones: PaceZones | None
    hr_max: float | None = None


def scan(basis: Basis, rules: _Rules) -> tuple[int, int, float] | None:
    """(first, last, fade fraction) of the longest window of `basis` that passes the rules, or None."""
    q = basis.paces_s_per_km
    k = len(q)
    e = basis.edges_m
    pq = [0.0, *itertools.accumulate(q)]
    piq = [0.0, *itertools.accumulate(i * p for i, p in enumerate(q))]
    hr = basis.hr_bpm
    ph = [0.0, *itertools.accumulate(h if h is not None else 0.0 for h in hr)]
    pc = [0, *itertools.accumulate(1 if h is not None else 0 for h in hr)]
    best: tuple[float, float, int, int] | None = None  # (-length, fade, first, last)
    for i in range(k - 2):
        if e[k] - e[i] < rules.min_m - 1.0:
            break
        sums: list[float] = []
        counts: list[int] = []
        sqs: list[float] = []
        sse = 0.0
        for j in range(i, k):
            # pool the never-slowing fit: a pace slower than the block before merges into it
            total, count, sq = q[j], 1, q[j] * q[j]
            while sums and total / count > sums[-1] / counts[-1]:
                s0, c0, q0 = sums.pop(), counts.pop(), sqs.pop()
                sse -= q0 - s0 * s0 / c0
                total, count, sq = total + s0, count + c0, sq + q0
            sums.append(total)
            counts.append(count)
            sqs.append(sq)
            sse += sq - total * total / count
            n = j - i + 1
            length = e[j + 1] - e[i]
            if n < 3 or length < rules.min_m - 1.0:
                continue
            if best is not None and -length > best[0] + 1.0:
                continue
            fade = _window_fade(q, pq, piq, ph, pc, i, j, max(sse, 0.0), rules)
            if fade is None:
                continue
            cand = (-length, fade, i, j)
            if (
                best is None
                or (cand[0] < best[0] - 1.0)
                or (abs(cand[0] - best[0]) <= 1.0 and fade < best[1])
            ):
                best = cand
    return (best[2], best[3], best[1]) if best is not None else None


def _window_fade(
    q: Sequence[float],
    pq: Sequence[float],
    piq: Sequence[float],
    ph: Sequence[float],
    pc: Sequence[int],
    i: int,
    j: int,
    sse: float,
    rules: _Rules,
) -> float | None:
    """The window's fade as a fraction of its mean pace when it passes rules 2-7, else None."""
    n = j - i + 1
    total = pq[j + 1] - pq[i]
    mean = total / n
    if not (q[i] >= mean * (1 - EDGE_FRACTION) and q[j] <= mean * (1 + EDGE_FRACTION)):
        return None
    # least-squares slope against the index within the window, from running sums
    stq = (piq[j + 1] - piq[i]) - i * total
    st = n * (n - 1) / 2.0
    stt = (n - 1) * n * (2 * n - 1) / 6.0
    slope = (n * stq - st * total) / (n * stt - st * st)
    if not -slope * (n - 1) >= MIN_GAIN_FRACTION * mean:
        return None
    # four parts (three for three segments), as equal as the count allows: each faster than the last
    parts = min(n, PARTS)
    cuts = [i + (n * p) // parts for p in range(parts + 1)]
    means = [(pq[b] - pq[a]) / (b - a) for a, b in itertools.pairwise(cuts)]
    spread = means[0] - means[-1]
    if not all(a - b >= PART_FRACTION * spread for a, b in itertools.pairwise(means)):
        return None
    if i > 0 and pq[i] / i < mean * (1 - EDGE_FRACTION):
        return None  # what came before was faster than the block: not a warm-up into it
    t = max(1, n // 3)
    fade = math.sqrt(sse / n) / mean
    if fade > MAX_FADE_RMS_FRACTION:
        return None
    c1, c3 = pc[i + t] - pc[i], pc[j + 1] - pc[j + 1 - t]
    if rules.run_max_hr is not None and pc[j + 1] - pc[i] >= n / 2 and c1 and c3:
        h1 = (ph[i + t] - ph[i]) / c1
        h3 = (ph[j + 1] - ph[j + 1 - t]) / c3
        ceiling = HR_START_OF_MAX * rules.hr_max if rules.hr_max else HR_START_FRACTION * rules.run_max_hr
        if h1 > ceiling or h3 - h1 < HR_RISE_BPM:
            return None
    zones = rules.zones
    if zones is not None and (zones.zone_of(q[i]) not in START_ZONES or zones.zone_of(q[j]) in EASY_ZONES):
        return None
    return fade


def trim_edges(paces_s: Sequence[float], first: int, last: int) -> tuple[int, int]:
    """Drop first segments out of rhythm with a block that has one, and last ones clearly slower."""
    while last - first + 1 > 3:
        w = paces_s[first : last + 1]
        steps = [a - b for a, b in itertools.pairwise(w)]
        rest = _stats.median(steps[1:])
        limit = max(JUMP_FRACTION * _stats.median(w), RHYTHM_STEP_FRACTION * abs(rest))
        rhythm = len(steps) < 3 or _stats.pstdev(steps[1:]) <= limit
        if not rhythm or abs(steps[0] - rest) <= limit:
            break
        first += 1
    while last - first + 1 > 3:
        w = paces_s[first : last + 1]
        steps = [a - b for a, b in itertools.pairwise(w)]
        rest = _stats.median(steps[:-1])
        limit = max(JUMP_FRACTION * _stats.median(w), RHYTHM_STEP_FRACTION * abs(rest))
        if steps[-1] >= -limit:
            break
        last -= 1
    return first, last


def search(
    analysis: Analysis, zones: PaceZones | None = None, hr_max_bpm: float | None = None
) -> Found | None:
    """The progressive block of the run (the rules in the module doc), or None when it has none.

    `zones` and `hr_max_bpm` are the runner's, when known."""
    total = analysis.distance_m
    if not total > 0:
        return None
    rules = _Rules(max(MIN_BLOCK_M, MIN_RUN_FRACTION * total), analysis.max_hr, zones, hr_max_bpm)
    found: list[tuple[float, int, float, Found]] = []
    for rank, basis in enumerate(bases(analysis)):
        hit = scan(basis, rules)
        if hit is None:
            continue
        first, last, fade = hit
        q, e = basis.paces_s_per_km, basis.edges_m
        f2, l2 = trim_edges(q, first, last)
        if e[l2 + 1] - e[f2] >= rules.min_m - 1.0:
            first, last = f2, l2
        block = Found(e[first], e[last + 1], basis.name, last - first + 1, q[first], q[last], fade)
        found.append((-(block.end_m - block.start_m), rank, fade, block))
    if not found:
        return None
    longest = min(f[0] for f in found)
    return min((f for f in found if f[0] <= longest + 1.0), key=lambda f: (f[1], f[2]))[3]


@dataclass(frozen=True)
class Trend:
    """What the whole run did: its length, and its mean pace (grade-adjusted where the run has
    elevation) over the first and the last third of its whole km, s/km (None for a run too short for
    three km)."""

    run_m: float
    first_s_per_km: float | None
    last_s_per_km: float | None
    graded: bool = False


def trend(analysis: Analysis) -> Trend:
    """The whole run's trend over whole km: its first third against its last."""
    basis = grid_basis(analysis, "km", 1000.0)
    if basis is None:
        return Trend(analysis.distance_m, None, None)
    q = basis.paces_s_per_km
    k = max(1, len(q) // 3)
    return Trend(analysis.distance_m, _stats.fmean(q[:k]), _stats.fmean(q[-k:]), analysis.has_elevation)


__all__ = [
    "MIN_BLOCK_M",
    "MIN_GAIN_FRACTION",
    "MIN_RUN_FRACTION",
    "Basis",
    "Found",
    "Trend",
    "bases",
    "fade_rms_s",
    "scan",
    "search",
    "segments_at_offset",
    "steadiest_offset_m",
    "trend",
    "trim_edges",
]
