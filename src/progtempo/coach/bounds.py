"""Advice that can't hurt: the bounds every next session the coach prescribes stays inside.

What the runner has shown (`Evidence`, from the run and, when known, their fitness and their log) bounds
what the coach asks of them next:

- **end** no faster than they have shown they can hold: never more than `END_MARGIN` (4 %) faster than
  the fastest whole split of the run it comes from (each split at the slower of its pace and GAP, so a
  downhill mile proves nothing; the whole run for a run shorter than a unit), and never faster than
  threshold pace when their fitness is known. What the run shows is read the same whatever the display
  unit (the slower of its fastest whole km and its fastest whole mile; its typical pace over both), so
  the same run gets the same advice in miles and in km;
- **start** clearly easier than the end: the span (start − end) / start between 12 % and 33 %, as the
  article's sessions (10:00→8:45 on a jaded day, 10:00→7:30, 10:15→7:15, 10:00→7:00); with known
  zones, no faster than the easy zone's fast edge;
- **steps** of whole seconds, at least 5 s per unit; paces in whole seconds;
- **length** no longer than the runner's longest recent run (from the log; without it, this run),
  warm-up and cool-down included; at least 3 segments (a ladder), of a whole unit, half a unit or 400 m;
- **a run**: no segment slower than 10:00/km (a walk); a run too slow for that gets no ladder;
- **talk test** from the pace against the runner's zones when known; without zones, a segment is
  "could recite Shakespeare" only when it is at least 10 % slower than the fastest whole split.

`bound(session, evidence)` brings a session inside the bounds (the end first, then the span, then the
steps), `starter(evidence)` is the article's first session scaled to the runner for a run that says too
little (6 × 1 mi, or 6 × 1.6 km: the same session up to the unit's rounding, given in both units or in
neither), and `violations(session, evidence)` lists the bounds a session breaks: the coach checks it on
everything it prescribes, and the tests check it on many synthetic runs and every sample.
"""

from __future__ import annotations

import itertools
import math
from dataclasses import dataclass, replace
from typing import TYPE_CHECKING, Any

from progtempo.plan.ladder import DEFAULT_TOLERANCE_S, Session
from progtempo.units import Unit, convert_pace, format_distance, format_pace, unit_m

if TYPE_CHECKING:
    from progtempo.analysis import Analysis
    from progtempo.fitness.zones import PaceZones

#: The end may be this much faster than the fastest whole split (a few percent: 7:15 after 7:30).
END_MARGIN = 0.04
#: (start − end) / start: the article's sessions span 12 % to 33 %.
MIN_SPAN = 0.12
MAX_SPAN = 0.33
#: Riegel's law: a race's time scales with distance to this power (its pace, to this power less one).
RIEGEL_EXPONENT = 0.06
HOUR_S = 3600.0
#: A next session from a found ladder or a starter has at most this many segments (the article's are 5-7)
#: of a mile: as long as that in any segment (13 × 1 km), so a ladder found in km is cut where the same
#: ladder in miles would be.
MAX_FOUND_SEGMENTS = 8
MILE_M = 1609.344
MAX_FOUND_M = MAX_FOUND_SEGMENTS * MILE_M
#: The smallest step, seconds per unit.
MIN_STEP_S = 5.0
#: A ladder has at least this many segments.
MIN_SEGMENTS = 3
#: The starter: the article's first session, 6 × 1 mi; in km the same length to the track's 400 m.
STARTER_SEGMENTS = 6
STARTER_SEGMENT_M: dict[Unit, float] = {"mi": MILE_M, "km": 1600.0}
#: The starter's span: the article's first session, 10:00 to 7:30, is 25 %; a first one a little less.
STARTER_SPAN = 0.2
#: Without zones, "could recite Shakespeare" only this much slower than the fastest whole split.
CONVERSATIONAL_MARGIN = 0.10
#: The coach prescribes runs: no segment slower than this (6 km/h, the walking speed of coach.sport).
WALK_PACE_S_PER_KM = 600.0
#: The shortest segment the coach prescribes, metres.
MIN_SEGMENT_M = 400.0
_EPS = 1e-6


@dataclass(frozen=True)
class Evidence:
    """What the runner has shown, paces in seconds per `unit`."""

    unit: Unit
    fastest_split_s: float | None
    typical_pace_s: float | None
    longest_run_m: float
    threshold_pace_s: float | None = None
    zones: PaceZones | None = None
    #: The pace this run shows the runner can hold for an hour (a comfortably hard tempo's length): its
    #: typical pace, made slower for a run under an hour as Riegel's law scales a race to an hour.
    holdable_pace_s: float | None = None

    @property
    def end_limit_s(self) -> float | None:
        """The fastest end pace the coach may ask for: threshold when known, else the fastest whole
        split less `END_MARGIN`."""
        if self.threshold_pace_s is not None and self.threshold_pace_s > 0:
            return self.threshold_pace_s
        if self.fastest_split_s is not None:
            return self.fastest_split_s * (1 - END_MARGIN)
        return None

    def to_json(self) -> dict[str, Any]:
        return {
            "unit": self.unit,
            "fastest_split_s": self.fastest_split_s,
            "typical_pace_s": self.typical_pace_s,
            "longest_run_m": self.longest_run_m,
            "threshold_pace_s": self.threshold_pace_s,
            "holdable_pace_s": self.holdable_pace_s,
            "end_limit_s": self.end_limit_s,
        }


def evidence(
    analysis: Analysis,
    unit: Unit,
    *,
    longest_run_m: float | None = None,
    threshold_pace_s: float | None = None,
    zones: PaceZones | None = None,
) -> Evidence:
    """What this run (and the runner's fitness and log, when given) shows, in `unit`."""
    # whole km and whole miles alike, whatever the display unit: the same run shows the same
    by_unit = [_whole_paces(analysis, u) for u in ("km", "mi")]
    fastest_km = max(p[0] for p in by_unit) if all(by_unit) else None  # the slower of the two fastest
    pooled = sorted(p for paces in by_unit for p in paces)
    typical_km = pooled[len(pooled) // 2] if pooled else None
    if threshold_pace_s is None and zones is not None:
        threshold_pace_s = convert_pace(zones.threshold_s, "km", unit)
    longest = max(analysis.distance_m, longest_run_m or 0.0)
    hour = HOUR_S / analysis.moving_s if analysis.moving_s > 0 else 1.0
    holdable_km = typical_km * max(1.0, hour) ** RIEGEL_EXPONENT if typical_km is not None else None
    return Evidence(
        unit,
        _conv(fastest_km, "km", unit),
        _conv(typical_km, "km", unit),
        longest,
        threshold_pace_s,
        zones,
        _conv(holdable_km, "km", unit),
    )


def _whole_paces(analysis: Analysis, unit: Unit) -> list[float]:
    """The run's whole splits of a `unit`, each at the slower of its pace and GAP, in s/km, sorted (the
    whole run for a run shorter than a unit)."""
    from progtempo.analysis import boundaries, splits_at

    per = unit_m(unit)
    splits = splits_at(analysis.stream, boundaries(analysis.distance_m, per), "km", nominal_m=per)
    whole = [s for s in splits if not s.partial and s.elapsed_s > 0 and s.distance_m > 0]
    if not whole:  # a run shorter than a unit: the whole run is what it shows
        whole = (
            splits_at(analysis.stream, [0.0, analysis.distance_m], "km") if analysis.distance_m > 0 else []
        )
        whole = [s for s in whole if s.elapsed_s > 0]
    paces = [max(s.pace_s, s.gap_s) if math.isfinite(s.gap_s) else s.pace_s for s in whole]
    return sorted(p for p in paces if math.isfinite(p) and p > 0)


def in_unit(ev: Evidence, unit: Unit) -> Evidence:
    """The same evidence with its paces in seconds per `unit`."""
    if ev.unit == unit:
        return ev
    return replace(
        ev,
        unit=unit,
        fastest_split_s=_conv(ev.fastest_split_s, ev.unit, unit),
        typical_pace_s=_conv(ev.typical_pace_s, ev.unit, unit),
        threshold_pace_s=_conv(ev.threshold_pace_s, ev.unit, unit),
        holdable_pace_s=_conv(ev.holdable_pace_s, ev.unit, unit),
    )


def _whole_step(start: float, end: float, n: int) -> float:
    return max(MIN_STEP_S, float(round((start - end) / (n - 1))))


def _paces(end: float, start: float, n: int, limit: float | None) -> tuple[float, float]:
    """(start, step) in whole seconds for `n` segments ending at `end`, inside the span bounds."""
    end = float(math.ceil(end - _EPS))
    start = min(max(start, end / (1 - MIN_SPAN)), end / (1 - MAX_SPAN))
    step = _whole_step(start, end, n)
    while step > MIN_STEP_S and (end + (n - 1) * step - end) / (end + (n - 1) * step) > MAX_SPAN + _EPS:
        step -= 1
    while ((n - 1) * step) / (end + (n - 1) * step) < MIN_SPAN - _EPS:
        step += 1
    return end + (n - 1) * step, step


def _fit_length(session: Session, longest_m: float) -> Session | None:
    """The session shortened to the longest run: fewer segments, then no warm-up or cool-down, then
    shorter segments (half a unit, 400 m); None when even 3 × 400 m doesn't fit."""
    if session.planned_distance_m <= longest_m + 1.0:
        return session
    s = session
    assert s.segment_m is not None  # `bound` passes sessions by distance only
    per_seg = s.segment_m
    n = int((longest_m + 1.0 - (s.planned_distance_m - s.segments * per_seg)) // per_seg)
    if n >= MIN_SEGMENTS:
        return replace(s, segments=min(s.segments, n))
    s = replace(s, warmup=None, cooldown=None)
    # halves of the segment (a mile's are 805 m and 402 m; 1.6 km's 800 m and 400 m: the same session)
    for seg in (per_seg, per_seg / 2, MIN_SEGMENT_M):
        if seg > per_seg + _EPS:
            continue
        n = int((longest_m + 1.0) // seg)
        if n >= MIN_SEGMENTS:
            return replace(s, segments=min(max(s.segments, MIN_SEGMENTS), n), segment_m=seg)
    return None


def max_found_segments(segment_m: float | None) -> int:
    """How many segments of `segment_m` a session the coach made up may have: `MAX_FOUND_M` of them (8
    of a mile, 13 of a km); `MAX_FOUND_SEGMENTS` for a session by time."""
    if segment_m is None or not segment_m > 0:
        return MAX_FOUND_SEGMENTS
    return max(MIN_SEGMENTS, round(MAX_FOUND_M / segment_m))


def bound(
    session: Session, ev: Evidence, *, max_segments: int | None = None
) -> tuple[Session | None, list[str]]:
    """`session` inside the bounds, and what was changed to get it there (None: nothing fits).

    `max_segments` caps a session the coach made up (from a found ladder): it keeps the last rungs.
    """
    notes: list[str] = []
    if session.segment_m is None or not session.paced:
        return session, []  # by time or by effort alone: the coach prescribes neither
    if max_segments is not None and session.segments > max_segments:
        cut = session.segments - max_segments
        notes.append(
            f"{max_segments} segments, the last of the {session.segments} found: a session, not a long run"
        )
        session = replace(
            session, segments=max_segments, start_pace_s=session.start_pace_s - cut * session.step_s
        )
    unit = session.unit
    ev = in_unit(ev, unit)
    if session.segments < MIN_SEGMENTS:  # a ladder: as many segments as it takes, same end and step
        grown = session.end_pace_s + (MIN_SEGMENTS - 1) * max(session.step_s, MIN_STEP_S)
        notes.append(f"{MIN_SEGMENTS} segments: a ladder needs at least {MIN_SEGMENTS}")
        session = replace(
            session, segments=MIN_SEGMENTS, start_pace_s=grown, step_s=max(session.step_s, MIN_STEP_S)
        )
    fitted = _fit_length(session, ev.longest_run_m)
    if fitted is None:
        longest = format_distance(ev.longest_run_m, unit)
        return None, [f"the longest run known ({longest}) is too short for a ladder"]
    if fitted.planned_distance_m < session.planned_distance_m - 1.0:
        notes.append(
            f"shortened to {format_distance(fitted.planned_distance_m, unit)}: no longer than the "
            f"longest run known ({format_distance(ev.longest_run_m, unit)})"
        )
    s = fitted
    n = max(s.segments, MIN_SEGMENTS)
    end = s.start_pace_s - (s.segments - 1) * s.step_s
    limit = ev.end_limit_s
    if limit is not None and end < limit - _EPS:
        notes.append(
            f"ends at {format_pace(math.ceil(limit - _EPS))} rather than {format_pace(end)}: "
            + (
                "threshold pace"
                if ev.threshold_pace_s
                else "no more than a few percent faster than your fastest whole split"
            )
        )
        end = limit
    start = s.start_pace_s
    if ev.zones is not None:
        easy = convert_pace(ev.zones.easy_fast_s, "km", unit)
        if start < easy:
            notes.append(
                f"starts at an easy pace ({format_pace(math.ceil(easy))}) rather than {format_pace(start)}"
            )
            start = easy
    new_start, step = _paces(end, start, n, limit)
    if convert_pace(new_start, unit, "km") > WALK_PACE_S_PER_KM + _EPS:
        return None, [walk_reason(unit)]
    if n > 1 and (abs(new_start - s.start_pace_s) > 0.5 or abs(step - s.step_s) > 0.01) and not notes:
        notes.append(f"paces in whole seconds, steps of {step:g} s, from easy to comfortably hard")
    tol = s.tolerance_s if s.tolerance_s <= step / 2 + _EPS else max(1.0, min(DEFAULT_TOLERANCE_S, step / 2))
    out = replace(
        s,
        segments=n,
        start_pace_s=new_start,
        step_s=step,
        tolerance_s=tol,
        zone_efforts=_efforts(new_start, step, n, ev),
    )
    return out, notes


def walk_reason(unit: Unit) -> str:
    """Why a run too slow for a ladder gets none, in `unit`."""
    walk = format_pace(convert_pace(WALK_PACE_S_PER_KM, "km", unit), unit)
    return (
        f"a ladder from these paces, starting easier than it ends, would start slower than {walk}, "
        "which is walking, not running"
    )


def _conv(x: float | None, a: Unit, b: Unit) -> float | None:
    return convert_pace(x, a, b) if x is not None else None


def _efforts(start: float, step: float, n: int, ev: Evidence) -> tuple[str, ...]:
    """The talk test of each segment: by the runner's zones when known; else the ladder's own, but
    never "could recite Shakespeare" within `CONVERSATIONAL_MARGIN` of the fastest whole split."""
    from progtempo.plan.effort import effort_for_segment

    paces = [start - i * step for i in range(n)]
    if ev.zones is not None:
        return tuple(ev.zones.effort_of(convert_pace(p, ev.unit, "km")) for p in paces)
    keys = [effort_for_segment(i, n).key for i in range(n)]
    fastest = ev.fastest_split_s
    if fastest is not None:
        near = fastest * (1 + CONVERSATIONAL_MARGIN)
        keys = [
            "a_few_sentences" if k == "conversational" and p < near - _EPS else k
            for k, p in zip(keys, paces, strict=True)
        ]
    return tuple(keys)


def starter(ev: Evidence) -> tuple[Session | None, list[str]]:
    """The article's first session (6 × 1 mi, easy to comfortably hard), scaled to the runner.

    It ends at what the run shows they can hold for an hour (`Evidence.holdable_pace_s`, or the end
    limit when that is slower) and starts clearly easier: at their typical pace in this run, or 12 %
    slower than the end, whichever is slower; in `STARTER_SEGMENTS` segments of a mile (1.6 km in km),
    shortened to the longest run, all within the bounds. None, and why, when the run shows no pace at
    all, is too short for 3 × 400 m or too slow for a run. The decision is the run's: a starter that
    can't be laid in one unit (a rounding away from a walk) is given in neither.
    """
    mine = _starter_in(ev)
    other = _starter_in(in_unit(ev, "km" if ev.unit == "mi" else "mi"))
    if mine[0] is not None and other[0] is None:  # only a walk's edge differs by the unit's rounding
        return None, [walk_reason(ev.unit)]
    return mine


def _starter_in(ev: Evidence) -> tuple[Session | None, list[str]]:
    unit = ev.unit
    known = [x for x in (ev.holdable_pace_s, ev.end_limit_s) if x is not None]
    if not known:
        return None, ["the run has no whole split to take a pace from"]
    end = max(known)
    start = max(ev.typical_pace_s or 0.0, end / (1 - MIN_SPAN))
    # its length is decided in miles (6 × 1 mi, else fewer, else halves, else quarters, to fit the
    # longest run) and laid in the unit's segments, so km gets the same session to the track's 400 m
    mile = STARTER_SEGMENT_M["mi"]
    for fraction in (1.0, 0.5, 0.25):
        n = min(STARTER_SEGMENTS, int((ev.longest_run_m + 1.0) // (mile * fraction)))
        if n >= MIN_SEGMENTS:
            break
    else:
        longest = format_distance(ev.longest_run_m, unit)
        return None, [f"the longest run known ({longest}) is too short for a ladder"]
    base = Session(unit=unit, segments=n, segment_m=STARTER_SEGMENT_M[unit] * fraction, start_pace_s=start,
                   step_s=(start - end) / (n - 1))  # fmt: skip
    return bound(base, ev, max_segments=MAX_FOUND_SEGMENTS)


def effort_violations(session: Session, ev: Evidence) -> list[str]:
    """The bounds of a session by effort (no paces): it starts conversational and climbs a notch each
    level to no more than a single word, and is no longer than the longest run known (at the pace this
    run shows)."""
    out: list[str] = []
    efforts = session.efforts()
    if efforts and efforts[0] != "conversational":
        out.append(f"starts at {efforts[0]}, not could recite Shakespeare")
    targets = session.effort_targets_pct()
    if any(b <= a for a, b in itertools.pairwise(targets)) or (targets and targets[-1] > 100):
        out.append("heart-rate targets that don't climb level by level to at most the maximum")
    if session.segment_s is not None and ev.typical_pace_s is not None and ev.typical_pace_s > 0:
        far = session.total_time_s / ev.typical_pace_s * unit_m(ev.unit)
        if far > ev.longest_run_m + 1.0:
            out.append(
                f"{session.total_time_s / 60:.0f} min is longer than the longest run known "
                f"({format_distance(ev.longest_run_m, ev.unit)} at this run's pace)"
            )
    return out


def violations(session: Session, ev: Evidence) -> list[str]:
    """Every bound `session` breaks (empty when it is advice that can't hurt)."""
    unit = session.unit
    out: list[str] = []
    limit = _conv(ev.end_limit_s, ev.unit, unit) if ev.end_limit_s is not None else None
    fastest = _conv(ev.fastest_split_s, ev.unit, unit)
    n = session.segments
    start, end, step = session.start_pace_s, session.end_pace_s, session.step_s
    if n < MIN_SEGMENTS:
        out.append(f"{n} segments: a ladder has at least {MIN_SEGMENTS}")
    if session.by_effort and not session.paced:
        return out + effort_violations(session, ev)
    if session.segment_m is None or not session.paced:
        return [f"{session.describe()}: the coach prescribes sessions by pace over distances, or by effort"]
    if session.segment_m < MIN_SEGMENT_M - _EPS:
        out.append(f"segments of {session.segment_m:g} m: shorter than {MIN_SEGMENT_M:g} m")
    if convert_pace(start, unit, "km") > WALK_PACE_S_PER_KM + _EPS:
        out.append(f"start {format_pace(start)} is a walk, not a run")
    if abs(step - round(step)) > _EPS or step < MIN_STEP_S - _EPS:
        out.append(f"step {step:g} s: steps are whole seconds, at least {MIN_STEP_S:g} s per {unit}")
    if abs(start - round(start)) > _EPS:
        out.append(f"start {start:g} s: paces are whole seconds")
    span = (start - end) / start if start > 0 else 0.0
    if not MIN_SPAN - _EPS <= span <= MAX_SPAN + _EPS:
        out.append(f"start {format_pace(start)} and end {format_pace(end)} span {span:.0%}: outside 12-33 %")
    if limit is not None and end < limit - 0.5 - _EPS:
        out.append(
            f"end {format_pace(end)} is faster than the limit {format_pace(limit)} the runner has shown"
        )
    if session.planned_distance_m > ev.longest_run_m + 1.0:
        longest = f"{ev.longest_run_m:.0f} m"
        out.append(f"{session.planned_distance_m:.0f} m is longer than the longest run known ({longest})")
    zones = ev.zones
    for seg in session.ladder():
        if zones is not None:
            want = zones.effort_of(convert_pace(seg.target_pace_s, unit, "km"))
            if seg.effort != want:
                pace = format_pace(seg.target_pace_s)
                out.append(f"segment {seg.index} at {pace} says {seg.effort}, the zones {want}")
        elif (
            fastest is not None
            and seg.effort == "conversational"
            and seg.target_pace_s < fastest * (1 + CONVERSATIONAL_MARGIN) - _EPS
        ):
            pace = format_pace(seg.target_pace_s)
            out.append(f"segment {seg.index} at {pace} says could recite Shakespeare near race pace")
    return out


__all__ = [
    "END_MARGIN",
    "MAX_SPAN",
    "MIN_SPAN",
    "MIN_STEP_S",
    "Evidence",
    "bound",
    "evidence",
    "in_unit",
    "max_found_segments",
    "starter",
    "violations",
]
