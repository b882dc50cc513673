"""A session as workout steps, and the texts every format writer shares (labels, windows, totals).

`steps(session)` gives the warm-up, each rung of the ladder and the cool-down as `Step`s, with their
pace windows or heart-rate targets, times and talk-test cues; the writers (`fit_workout`, `zwo`,
`intervals`, `tcx_workout`, `ics`, `card`) render them.
"""

from __future__ import annotations

import datetime as dt
import hashlib
import math
from dataclasses import dataclass
from typing import Literal

from progtempo.fitness.effort import EFFORT_BY_KEY, Effort
from progtempo.plan.effort import whole_pct
from progtempo.plan.ladder import Session
from progtempo.plan.rungs import Easy
from progtempo.units import Unit, format_pace, unit_m

#: Garmin watches take workouts of at most 50 steps; warm-up and cool-down count as steps.
STEP_CAP = 50


StepKind = Literal["warmup", "active", "cooldown"]


@dataclass(frozen=True)
class Step:
    """One step of an exported workout: a ladder segment, or the easy warm-up / cool-down.

    Warm-up and cool-down carry no pace window (`slow_pace_s`/`fast_pace_s` are None): they are run
    easy, by feel. A time-based warm-up has `duration_s` and no `distance_m`.
    """

    kind: StepKind
    index: int  # 1-based among the ladder segments; 0 for warm-up and cool-down
    label: str  # "Mile 3", "Km 2", "Segment 4", "Warm-up", "Cool-down"
    cue: str  # the talk-test text, or "easy"
    distance_m: float | None
    duration_s: float | None
    target_pace_s: float
    slow_pace_s: float | None
    fast_pace_s: float | None
    split_time_s: float
    cumulative_time_s: float
    effort: Effort | None
    #: by effort: the step's heart-rate band in % of max, and in bpm when the runner's heart rate is known
    hr_target_pct: tuple[float, float] | None = None
    hr_target_bpm: tuple[int, int] | None = None
    #: run by the talk test and heart rate, not by pace (paces, if any, are a flat-ground guide)
    by_effort: bool = False

    @property
    def name(self) -> str:
        """`Mile 3 · a few sentences`: what the watch shows for the step."""
        return f"{self.label} · {self.cue}"

    @property
    def paced(self) -> bool:
        """Whether the step has a pace to show (a session by effort may have none)."""
        return math.isfinite(self.target_pace_s)

    def hr_range(self) -> tuple[int, int, Literal["bpm", "%"]] | None:
        """The heart-rate target: whole bpm when the runner's are known, else whole % of max; None
        without one."""
        if self.hr_target_bpm is not None:
            return (*self.hr_target_bpm, "bpm")
        if self.hr_target_pct is not None:
            return (*whole_pct(self.hr_target_pct), "%")
        return None

    def hr_text(self) -> str:
        """`HR 139-148 bpm`, `HR 73-78% of max`, or empty without a heart-rate target."""
        hr = self.hr_range()
        if hr is None:
            return ""
        lo, hi, scale = hr
        return f"HR {lo}-{hi} bpm" if scale == "bpm" else f"HR {lo}-{hi}% of max"


def segment_label(session: Session, index: int) -> str:
    """`Mile 3` or `Km 3` when a segment is one unit long, else `Segment 3` (and `Level 3` by time)."""
    if session.segment_m is None:
        return f"Level {index}"
    if abs(session.segment_m - unit_m(session.unit)) < 1e-6:
        return f"{'Mile' if session.unit == 'mi' else 'Km'} {index}"
    return f"Segment {index}"


def steps(session: Session) -> list[Step]:
    """The session as workout steps: warm-up, one step per segment, cool-down."""
    out: list[Step] = []
    unit = session.unit
    if session.warmup:
        out.append(_easy_step("warmup", "Warm-up", session.warmup, unit, 0.0))
    for seg in session.ladder():
        effort = EFFORT_BY_KEY.get(seg.effort)
        out.append(
            Step(
                kind="active",
                index=seg.index,
                label=segment_label(session, seg.index),
                cue=effort.talk if effort else seg.effort,
                distance_m=seg.distance_m,
                duration_s=seg.duration_s,
                target_pace_s=seg.target_pace_s,
                slow_pace_s=seg.slow_pace_s if session.paced else None,
                fast_pace_s=seg.fast_pace_s if session.paced else None,
                split_time_s=seg.split_time_s,
                cumulative_time_s=seg.cumulative_time_s,
                effort=effort,
                hr_target_pct=seg.hr_target_pct,
                hr_target_bpm=seg.hr_target_bpm,
                by_effort=session.by_effort,
            )
        )
    if session.cooldown:
        before = out[-1].cumulative_time_s if out else 0.0
        out.append(_easy_step("cooldown", "Cool-down", session.cooldown, unit, before))
    return out


def _easy_step(kind: StepKind, label: str, easy: Easy, unit: Unit, before_s: float) -> Step:
    time_s = easy.time_s(unit)
    return Step(
        kind=kind,
        index=0,
        label=label,
        cue="easy",
        distance_m=easy.distance_m,
        duration_s=easy.duration_s if easy.distance_m is None else None,
        target_pace_s=easy.pace_s,
        slow_pace_s=None,
        fast_pace_s=None,
        split_time_s=time_s,
        cumulative_time_s=before_s + time_s,
        effort=None,
    )


def speed_mm_s(pace_s: float, session: Session) -> int:
    """A pace in seconds per the session's unit as a FIT speed: millimetres per second, rounded."""
    return round(1000.0 * unit_m(session.unit) / pace_s)


def title(session: Session) -> str:
    """`6x1mi 10:00-7:30/mi`: the session in one short line."""
    return session.describe().split(",")[0]


def workout_name(session: Session, *, jaded: bool = False, week: int | None = None) -> str:
    """The workout's name as the watch lists it: `W3 6x1mi 10:00-7:30/mi`, `… (jaded)`."""
    name = title(session)
    if week is not None:
        name = f"W{week} {name}"
    return f"{name} (jaded)" if jaded else name


def window_text(step: Step, unit: str) -> str:
    """`10:05-9:55/mi`: the slow and fast ends of a step's window."""
    if step.slow_pace_s is None or step.fast_pace_s is None:
        return f"{format_pace(step.target_pace_s)}/{unit}"
    return f"{format_pace(step.slow_pace_s)}-{format_pace(step.fast_pace_s)}/{unit}"


def total_text(session: Session) -> str:
    """`6.00 mi in 52:30`, or by time `48:00, about 8.29-8.54 km` (`48:00` without paces)."""
    from progtempo.units import format_distance, format_duration

    time = format_duration(session.total_time_s)
    if session.total_distance_m is not None:
        distance = format_distance(session.total_distance_m, session.unit)
        if not math.isfinite(session.total_time_s):
            return f"{distance}, run by effort"
        return f"{distance} in {time}"
    rng = session.distance_range_m
    if rng is None:
        return time
    lo, hi = (format_distance(x, session.unit) for x in rng)
    return f"{time}, about {lo if lo == hi else lo.split()[0] + '-' + hi}"


def event_uid(session: Session, day: dt.date, variant: str = "") -> str:
    """A calendar UID that stays the same when the same session is exported again for the same day."""
    key = f"{day.isoformat()}|{session.unit}|{session.spec()}|{variant}".encode()
    return f"{hashlib.sha1(key).hexdigest()[:24]}@progtempo"


def describe_ladder(session: Session) -> list[str]:
    """The ladder as text, one line per step: `Mile 1: 10:00/mi (10:05-9:55/mi), split 10:00, at 10:00, …`."""
    from progtempo.units import format_distance, format_duration

    lines: list[str] = []
    u = session.unit
    for st in steps(session):
        if st.kind == "active" and st.by_effort:
            how = (
                format_duration(st.duration_s) if st.duration_s else format_distance(st.distance_m or 0.0, u)
            )
            effort = f"talk test: {st.cue}" + (f" (RPE {st.effort.rpe})" if st.effort else "")
            hr = f", {st.hr_text()}" if st.hr_text() else ""
            guide = f", about {format_pace(st.target_pace_s, u)} on the flat" if st.paced else ""
            at = (
                f", at {format_duration(st.cumulative_time_s)}" if math.isfinite(st.cumulative_time_s) else ""
            )
            lines.append(f"{st.label}: {how}, {effort}{hr}{guide}{at}")
        elif st.kind == "active":
            pace = format_pace(st.target_pace_s, u)
            split = (
                f"for {format_duration(st.duration_s)}"
                if st.duration_s
                else f"split {format_duration(st.split_time_s)}"
            )
            lines.append(
                f"{st.label}: {pace} ({window_text(st, u)}), "
                f"{split}, at {format_duration(st.cumulative_time_s)}, "
                f"talk test: {st.cue}"
            )
        else:
            about = f" (about {format_pace(st.target_pace_s, u)})" if st.paced else ", by feel"
            if st.distance_m:
                howfar = format_distance(st.distance_m, u)
                lines.append(f"{st.label}: {howfar} easy{about}, {format_duration(st.split_time_s)}")
            else:
                lines.append(f"{st.label}: {format_duration(st.split_time_s)} easy{about}")
    return lines
