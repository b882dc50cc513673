"""Find the progressive block in a run that came without a plan, and trim the warm-up and cool-down.

The run is cut into small chunks (a twentieth of a unit) with their grade-adjusted paces. Whole-unit
segments are laid over them at the offset where the pace is steadiest inside each segment (a ladder's
rungs change pace at their edges, not in their middle). Among those segments the block is the longest
stretch that gets faster: it gains at least 3 % from first to last, never falls far off a
never-slowing fit, starts among its slower segments and ends among its faster ones. A first segment
out of rhythm with the rest (a warm-up jumping into level 1, or one that hadn't started building) and a
last one clearly slower than the one before (a cool-down) are trimmed. Rules and figures: docs/coaching.md.
"""

from __future__ import annotations

import itertools
import math
from collections.abc import Sequence
from dataclasses import dataclass
from typing import Any, Literal

import numpy as np
import numpy.typing as npt

from progtempo.coach import _stats
from progtempo.coach.score import slope_faster
from progtempo.units import format_pace

#: Chunks per unit the run is cut into to align the segments.
CHUNKS_PER_UNIT = 20
#: The fewest whole segments a progressive block has.
MIN_BLOCK_SEGMENTS = 3
#: A block gets faster by at least this fraction of its median pace (trend line, first to last).
MIN_GAIN_FRACTION = 0.03
#: Its first segment is not faster, and its last not slower, than its median by more than this.
EDGE_FRACTION = 0.02
#: Its paces stay within this RMS fraction of the closest never-slowing sequence.
MAX_FADE_RMS_FRACTION = 0.035
#: An edge step is out of rhythm when it differs from the block's median step by more than this fraction
#: of the median pace, and by more than `RHYTHM_STEP_FRACTION` of the median step.
JUMP_FRACTION = 0.03
RHYTHM_STEP_FRACTION = 0.75


@dataclass(frozen=True)
class Block:
    """Where the ladder lies in the run: from a plan, or found; with what was trimmed around it."""

    progressive: bool
    source: Literal["plan", "found"]
    start_m: float
    end_m: float
    segments: int
    segment_m: float
    trimmed_warmup_m: float
    trimmed_cooldown_m: float
    note: str

    def boundaries_m(self) -> list[float]:
        """The segment edges, start to end."""
        return [self.start_m + k * self.segment_m for k in range(self.segments + 1)]

    def to_json(self) -> dict[str, Any]:
        return {
            "progressive": self.progressive,
            "source": self.source,
            "start_m": round(self.start_m, 3),
            "end_m": round(self.end_m, 3),
            "segments": self.segments,
            "segment_m": self.segment_m,
            "trimmed_warmup_m": round(self.trimmed_warmup_m, 3),
            "trimmed_cooldown_m": round(self.trimmed_cooldown_m, 3),
            "note": self.note,
        }


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


def is_progressive(paces_s: Sequence[float]) -> bool:
    """Whether consecutive segment paces form a progressive block (the rules in the module doc)."""
    return _progressive_fade(paces_s) is not None


def _progressive_fade(paces_s: Sequence[float]) -> float | None:
    """The paces' `fade_rms_s` when they form a progressive block, else None.

    The rules are checked cheapest first (they are pure, so the order doesn't change the answer):
    `longest_progressive` asks this of every stretch of a long run.
    """
    if len(paces_s) < MIN_BLOCK_SEGMENTS:
        return None
    med = _stats.median(paces_s)
    if not (paces_s[0] >= med * (1 - EDGE_FRACTION) and paces_s[-1] <= med * (1 + EDGE_FRACTION)):
        return None
    gain = slope_faster(paces_s) * (len(paces_s) - 1)
    if not gain >= MIN_GAIN_FRACTION * med:
        return None
    fade = fade_rms_s(paces_s)
    return fade if fade <= MAX_FADE_RMS_FRACTION * med else None


def longest_progressive(paces_s: Sequence[float]) -> tuple[int, int] | None:
    """(first, last) indices of the longest progressive stretch; ties go to the one closest to a ladder."""
    n = len(paces_s)
    for length in range(n, MIN_BLOCK_SEGMENTS - 1, -1):
        fades = ((_progressive_fade(paces_s[i : i + length]), i) for i in range(n - length + 1))
        found = [(fade, i) for fade, i in fades if fade is not None]
        if found:
            _, i = min(found)
            return i, i + length - 1
    return None


def trim_edges(paces_s: Sequence[float], first: int, last: int) -> tuple[int, int]:
    """Drop first segments out of rhythm with a block that has one, and last ones clearly slower."""
    while last - first + 1 > MIN_BLOCK_SEGMENTS:
        w = paces_s[first : last + 1]
        steps = [a - b for a, b in itertools.pairwise(w)]
        rest = _stats.median(steps[1:])
        limit = max(JUMP_FRACTION * _stats.median(w), RHYTHM_STEP_FRACTION * abs(rest))
        rhythm = len(steps) < 3 or _stats.pstdev(steps[1:]) <= limit
        if not rhythm or abs(steps[0] - rest) <= limit:
            break
        first += 1
    while last - first + 1 > MIN_BLOCK_SEGMENTS:
        w = paces_s[first : last + 1]
        steps = [a - b for a, b in itertools.pairwise(w)]
        rest = _stats.median(steps[:-1])
        limit = max(JUMP_FRACTION * _stats.median(w), RHYTHM_STEP_FRACTION * abs(rest))
        if steps[-1] >= -limit:
            break
        last -= 1
    return first, last


def segments_at_offset(
    edges_m: Sequence[float], paces_s: Sequence[float], offset: int, per_segment: int
) -> tuple[list[float], float]:
    """Whole-segment paces laid from chunk `offset`, and the mean within-segment pace variance."""
    e = np.asarray(edges_m, dtype=float)
    p = np.asarray(paces_s, dtype=float)
    return _segments_at_offset(np.diff(e), p, offset, per_segment)


def _segments_at_offset(
    lengths: npt.NDArray[np.float64], p: npt.NDArray[np.float64], offset: int, per_segment: int
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


def find_block(
    edges_m: Sequence[float],
    paces_s: Sequence[float],
    unit_m: float,
    run_end_m: float,
    unit_name: str = "unit",
) -> Block:
    """The progressive block among chunks (`edges_m` bounds chunk i's `paces_s[i]`, s per unit)."""
    per_segment = CHUNKS_PER_UNIT
    finite = [p for p in paces_s if math.isfinite(p)]
    fill = _stats.median(finite) if finite else 0.0
    clean = [p if math.isfinite(p) else fill for p in paces_s]
    if len(clean) < per_segment * MIN_BLOCK_SEGMENTS:
        return _not_progressive(run_end_m, unit_m, "the run is shorter than three whole units")
    lengths = np.diff(np.asarray(edges_m, dtype=float))
    p = np.asarray(clean, dtype=float)
    offsets = [(_segments_at_offset(lengths, p, o, per_segment), o) for o in range(per_segment)]
    (paces, _), offset = min(offsets, key=lambda x: (x[0][1], x[1]))
    span = longest_progressive(paces)
    if span is None:
        return _not_progressive(run_end_m, unit_m, _why_not(paces))
    first, last = trim_edges(paces, *span)
    start_m = float(edges_m[offset + first * per_segment])
    end_m = float(edges_m[offset + (last + 1) * per_segment])
    segments = last - first + 1
    note = (
        f"{segments} whole {unit_name} getting faster, {format_pace(paces[first])} to "
        f"{format_pace(paces[last])} /{unit_name} (grade-adjusted), from {start_m / unit_m:.2f} to "
        f"{end_m / unit_m:.2f} {unit_name}"
    )
    return Block(
        True, "found", start_m, end_m, segments, unit_m, start_m, max(0.0, float(run_end_m) - end_m), note
    )


def _why_not(paces: Sequence[float]) -> str:
    gain = slope_faster(paces) * (len(paces) - 1)
    med = _stats.median(paces)
    return (
        f"no stretch of {MIN_BLOCK_SEGMENTS} or more whole units got steadily faster (the whole run's trend: "
        f"{gain:+.0f} s per unit from first to last, {gain / med * 100:+.1f} %; "
        f"it needs {MIN_GAIN_FRACTION * 100:.0f} %)"
    )


def _not_progressive(run_end_m: float, unit_m: float, why: str) -> Block:
    return Block(False, "found", 0.0, 0.0, 0, unit_m, 0.0, 0.0, f"not a progressive run: {why}")


def plan_block(start_m: float, segments: int, segment_m: float, run_end_m: float, warmup_m: float) -> Block:
    """The block a plan lays out: `segments` × `segment_m` from `start_m`."""
    end_m = start_m + segments * segment_m
    note = f"laid from the plan at {start_m:.0f} m" + (
        f" after a {warmup_m:.0f} m warm-up" if warmup_m else ""
    )
    return Block(
        True, "plan", start_m, end_m, segments, segment_m, start_m, max(0.0, run_end_m - end_m), note
    )


__all__ = [
    "Block",
    "fade_rms_s",
    "find_block",
    "is_progressive",
    "longest_progressive",
    "plan_block",
    "segments_at_offset",
    "trim_edges",
]
