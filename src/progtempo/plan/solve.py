"""Solving a ladder: any three of segments, start pace, end pace and step fix the fourth.

`solve` builds a `Session` (`plan/ladder.py`) from what the runner gives, checking the fourth when it is
given too; a contradiction names the consistent alternatives ("use 6 segments at 30 s, or 5 segments at
37.5 s"). `effort_session` is a session by effort without paces; `check_segment_time` the range of a
segment by time.
"""

from __future__ import annotations

import math
from dataclasses import replace

from progtempo.errors import ProgtempoError
from progtempo.plan.ladder import DEFAULT_TOLERANCE_S, LONG_SESSION_S, Session
from progtempo.plan.rungs import Easy
from progtempo.units import Unit, check_human_pace, format_duration, format_pace, format_step, unit_m

_EPS = 1e-6


def effort_session(
    unit: Unit,
    segments: int,
    *,
    segment_m: float | None = None,
    segment_s: float | None = None,
    tolerance_s: float = DEFAULT_TOLERANCE_S,
    effort_pct: tuple[float, float] | None = None,
    warmup: Easy | None = None,
    cooldown: Easy | None = None,
) -> Session:
    """A session by effort without paces: `segments` rungs climbing the talk test and heart rate.

    By time its times are known (`6x8min by effort` is 48 minutes); by distance they are not.
    """
    if segments < 1:
        raise ProgtempoError(f"{segments} segments: a session needs at least 1 segment")
    if segment_s is not None:
        check_segment_time(segment_s)
        note = "by effort: no paces given; run each segment by the talk test (and heart rate)"
    else:
        if segment_m is None or segment_m <= 0:
            raise ProgtempoError("segment length must be more than zero, e.g. --segment-length 1mi")
        note = "by effort: no paces given, so no times; run each segment by the talk test"
    lo, hi = effort_pct if effort_pct else (None, None)
    session = Session(
        unit=unit,
        segments=segments,
        segment_m=segment_m,
        segment_s=segment_s,
        start_pace_s=math.nan,
        step_s=math.nan,
        tolerance_s=tolerance_s,
        warmup=warmup,
        cooldown=cooldown,
        by_effort=True,
        notes=(note,),
        effort_from_pct=lo,
        effort_to_pct=hi,
    )
    if session.ladder_time_s > LONG_SESSION_S:
        return replace(session, warnings=(_long_warning(session.ladder_time_s),))
    return session


def _long_warning(time_s: float) -> str:
    return (
        f"this ladder takes {format_duration(time_s)}: a progressive tempo is a "
        "midweek session of well under two hours; check the segment count and length"
    )


def solve(
    *,
    unit: Unit,
    segments: int | None = None,
    start_pace_s: float | None = None,
    end_pace_s: float | None = None,
    step_s: float | None = None,
    segment_m: float | None = None,
    tolerance_s: float = DEFAULT_TOLERANCE_S,
    warmup: Easy | None = None,
    cooldown: Easy | None = None,
    by_effort: bool = False,
    segment_s: float | None = None,
) -> Session:
    """Build a Session from any three of segments/start/end/step, checking the fourth if given.

    Segments are `segment_m` long (one unit by default), or `segment_s` long in time. Contradictions
    raise ProgtempoError naming the consistent alternatives, e.g. the article's "5 miles, 10:00 to
    7:30, 30 s a mile" is either 6 segments at 30 s or 5 segments at 37.5 s.
    """
    seg_m: float | None = None
    if segment_s is not None:
        check_segment_time(segment_s)
        if segment_m is not None:
            raise ProgtempoError("a segment is a distance or a time, not both: e.g. 1mi or 8min")
    else:
        seg_m = unit_m(unit) if segment_m is None else float(segment_m)
        if seg_m <= 0:
            raise ProgtempoError("segment length must be more than zero, e.g. --segment-length 1mi")
    if tolerance_s < 0:
        raise ProgtempoError("tolerance must be zero or more seconds, e.g. --tolerance 5")
    if segments is not None and segments < 1:
        raise ProgtempoError(f"{segments} segments: a session needs at least 1 segment")
    given = {
        "segments": segments is not None,
        "start": start_pace_s is not None,
        "end": end_pace_s is not None,
        "step": step_s is not None,
    }
    if sum(given.values()) < 3:
        missing = [k for k, v in given.items() if not v]
        raise ProgtempoError(
            "a ladder needs three of segments, start, end and step: add "
            + " or ".join(f"--{m}" for m in missing)
            + ' (e.g. progtempo plan --segments 6 --start 10:00 --end 7:30, or "6x1mi 10:00-7:30")'
        )
    for what, pace in (("start pace", start_pace_s), ("end pace", end_pace_s)):
        if pace is not None:
            check_human_pace(pace, unit, what)

    if segments is None:
        assert start_pace_s is not None and end_pace_s is not None and step_s is not None
        _check_direction(start_pace_s, end_pace_s, unit)
        _check_step(step_s)
        exact = (start_pace_s - end_pace_s) / step_s + 1
        n = round(exact)
        if abs(exact - n) > 1e-6:
            raise ProgtempoError(_not_divisible(start_pace_s, end_pace_s, step_s, unit))
        segments = n
    elif step_s is None:
        assert start_pace_s is not None and end_pace_s is not None
        _check_direction(start_pace_s, end_pace_s, unit)
        if segments == 1:
            if abs(start_pace_s - end_pace_s) > _EPS:
                raise ProgtempoError(
                    "one segment can't go from "
                    f"{format_pace(start_pace_s, unit)} to {format_pace(end_pace_s, unit)}: "
                    "use --segments 2 or more"
                )
            step_s = 0.0
        else:
            step_s = (start_pace_s - end_pace_s) / (segments - 1)
    elif start_pace_s is None:
        assert end_pace_s is not None
        _check_step(step_s)
        start_pace_s = end_pace_s + (segments - 1) * step_s
    else:
        _check_step(step_s) if segments > 1 else None
        if end_pace_s is not None:
            _check_direction(start_pace_s, end_pace_s, unit)
            expected_end = start_pace_s - (segments - 1) * step_s
            if abs(expected_end - end_pace_s) > 1e-6:
                raise ProgtempoError(_inconsistent(segments, start_pace_s, end_pace_s, step_s, unit))

    assert start_pace_s is not None and step_s is not None
    session = Session(
        unit=unit,
        segments=segments,
        segment_m=seg_m,
        segment_s=segment_s,
        start_pace_s=start_pace_s,
        step_s=step_s,
        tolerance_s=tolerance_s,
        warmup=warmup,
        cooldown=cooldown,
        by_effort=by_effort,
    )
    check_human_pace(session.start_pace_s, unit, "start pace")
    check_human_pace(session.end_pace_s, unit, "end pace")
    warnings: list[str] = []
    if segments > 1 and tolerance_s * 2 > abs(step_s) + _EPS:
        warnings.append(
            f"the window (±{tolerance_s:g} s) is wider than half the step ({format_step(step_s)}): "
            "neighbouring segments overlap"
        )
    if session.ladder_time_s > LONG_SESSION_S:
        warnings.append(_long_warning(session.ladder_time_s))
    return replace(session, warnings=tuple(warnings)) if warnings else session


#: A segment by time from half a minute (shorter is a stride, not a level) to an hour.
SEGMENT_TIME_RANGE_S = (30.0, 3600.0)


def check_segment_time(seconds: float) -> None:
    """Refuse a segment time no progressive tempo uses, saying the range."""
    lo, hi = SEGMENT_TIME_RANGE_S
    if not math.isfinite(seconds) or not lo <= seconds <= hi:
        raise ProgtempoError(
            f"a segment of {format_duration(seconds)}: segments by time run from {lo:g} s to "
            f"{hi / 60:g} min (e.g. 8min)"
        )


def _check_direction(start: float, end: float, unit: Unit) -> None:
    if end > start + _EPS:
        raise ProgtempoError(
            f"the end pace {format_pace(end, unit)} is slower than the start {format_pace(start, unit)}: "
            "a progressive run gets faster; swap them "
            f"(--start {format_pace(end)} --end {format_pace(start)})"
        )


def _check_step(step: float) -> None:
    if step == 0:
        raise ProgtempoError("a zero step makes no progression: use a positive step such as --step 30")
    if step < 0:
        raise ProgtempoError(
            f"step {step:g} s would slow down each segment: "
            f"a progressive step is positive, e.g. --step {-step:g}"
        )


def _fmt_n(x: float) -> str:
    return f"{x:g}" if abs(x - round(x, 2)) < 1e-9 else f"{x:.2f}"


def _not_divisible(start: float, end: float, step: float, unit: Unit) -> str:
    exact = (start - end) / step + 1
    lo, hi = max(2, math.floor(exact)), max(2, math.ceil(exact))
    alts = []
    for n in sorted({lo, hi}):
        alts.append(f"{n} segments at {_fmt_n((start - end) / (n - 1))} s")
    for n in sorted({lo, hi}):
        alts.append(f"{n} segments ending at {format_pace(start - (n - 1) * step, unit)}")
    return (
        f"{format_pace(start, unit)} to {format_pace(end, unit)} is {start - end:g} s, "
        f"which {format_step(step)} steps don't divide: use " + ", or ".join(alts)
    )


def _inconsistent(n: int, start: float, end: float, step: float, unit: Unit) -> str:
    alts = []
    if step > 0:
        exact = (start - end) / step + 1
        if abs(exact - round(exact)) < 1e-6 and round(exact) >= 1:
            alts.append(f"{round(exact)} segments at {format_step(step)}")
    if n > 1:
        alts.append(f"{n} segments at {_fmt_n((start - end) / (n - 1))} s")
    alts.append(f"{n} segments at {format_step(step)} ending at {format_pace(start - (n - 1) * step, unit)}")
    return (
        f"{n} segments from {format_pace(start, unit)} to {format_pace(end, unit)} don't step by "
        f"{format_step(step)}: use " + ", or ".join(alts)
    )
