"""On the day: change the session to how the runner feels, before or during the run.

The article: feeling jaded, "instead of reducing the miles by 30 seconds each time, perhaps you opt for
15 seconds instead" (half the step, same start); feeling strong, "tick the session off as planned". Mid-run,
the segments left continue from the last split actually run, with the adjusted step.
"""

from __future__ import annotations

import math
from dataclasses import dataclass, field, replace
from typing import Any, Literal

from progtempo.errors import ProgtempoError
from progtempo.plan.ladder import Session
from progtempo.plan.rungs import Segment
from progtempo.units import (
    FASTEST_PACE_S_PER_KM,
    Unit,
    check_human_pace,
    convert_pace,
    format_pace,
    format_step,
    unit_m,
)

Feel = Literal["jaded", "normal", "strong"]
FEELS: tuple[Feel, ...] = ("jaded", "normal", "strong")
#: Jaded keeps the start and runs this share of the planned step.
JADED_STEP_FACTOR = 0.5


def check_feel(feel: str) -> Feel:
    """`feel` as a Feel, or an error listing the three."""
    for f in FEELS:
        if feel == f:
            return f
    raise ProgtempoError(f"feel {feel!r} is not one of jaded, normal, strong: e.g. --feel jaded")


def adjusted_step_s(session: Session, feel: str) -> float:
    """The step to run on the day: half the planned one when jaded, the planned one otherwise."""
    return session.step_s * JADED_STEP_FACTOR if check_feel(feel) == "jaded" else session.step_s


def room_to_go_further(
    session: Session,
    *,
    actual_paces_s: list[float] | None = None,
    limit_end_pace_s: float | None = None,
) -> tuple[bool, str]:
    """Whether a strong runner has room beyond the plan, and a sentence saying why.

    Room means one more step on the last segment stays within the runner's limit (threshold pace when
    fitness is known, else what humans run) and, mid-run, that the splits so far are on or ahead of plan.
    """
    u = session.unit
    if session.by_effort and not session.paced:
        return False, (
            "by effort the last segment is already the top of the talk test; if a single word still comes "
            "easily at the end, the next session can start higher"
        )
    one_more = session.end_pace_s - session.step_s
    if session.step_s <= 0:
        return False, "the plan has no step to extend: run it as written"
    fastest = convert_pace(FASTEST_PACE_S_PER_KM, "km", u)
    if limit_end_pace_s is not None and one_more < limit_end_pace_s - 1e-6:
        return False, (
            f"no room to go further: one more step ({format_pace(one_more, u)}) would pass your limit "
            f"{format_pace(limit_end_pace_s, u)}; run the plan as written and bank the fitness"
        )
    if one_more < fastest:
        return False, "no room to go further: one more step would be faster than humans run"
    if actual_paces_s:
        targets = session.target_paces_s()[: len(actual_paces_s)]
        behind = sum(a - t for a, t in zip(actual_paces_s, targets, strict=True)) / len(targets)
        if behind > session.tolerance_s:
            return False, (
                f"no room to go further today: the splits so far average {behind:.0f} s/{u} behind the plan; "
                "run the rest as written"
            )
        return True, (
            f"room to go further: the splits so far are on or ahead of plan; if the last segment still "
            f"leaves you a few words, finish at {format_pace(one_more, u)} (one more step), "
            "or add a segment next time"
        )
    return True, (
        f"room to go further, by feel: the plan ends at {format_pace(session.end_pace_s, u)}; if the last "
        f"segment still leaves you a few words, finish at {format_pace(one_more, u)} (one more step)"
    )


def adjust(session: Session, feel: str, *, limit_end_pace_s: float | None = None) -> Session:
    """The session to run when feeling `feel` before it starts: jaded halves the step and keeps the start."""
    f = check_feel(feel)
    u = session.unit
    if f == "jaded" and session.by_effort:
        lo, hi = session.effort_range_pct()
        top = lo + (hi - lo) * JADED_STEP_FACTOR
        jaded = session.with_changes(step_s=adjusted_step_s(session, f), feel=f, effort_to_pct=top)
        last = jaded.ladder()[-1].effort.replace("_", " ")
        note = (
            f"jaded: half the climb, same easy start; the last segment ends at {last} "
            f"({top:g} % of max HR) instead of a single word. Session ticked off, consistency kept."
        )
        return jaded.with_changes(notes=(*session.notes, note))
    if f == "jaded":
        step = adjusted_step_s(session, f)
        jaded = session.with_changes(step_s=step, feel=f)
        note = (
            f"jaded: {format_step(step)} steps instead of {format_step(session.step_s)}, same start "
            f"{format_pace(session.start_pace_s, u)}; ends at {format_pace(jaded.end_pace_s, u)} "
            f"instead of {format_pace(session.end_pace_s, u)}. Session ticked off, consistency kept."
        )
        return jaded.with_changes(notes=(*session.notes, note))
    if f == "strong":
        _, why = room_to_go_further(session, limit_end_pace_s=limit_end_pace_s)
        return session.with_changes(feel=f, notes=(*session.notes, f"strong: run the plan as written; {why}"))
    return session.with_changes(feel=f)


@dataclass(frozen=True)
class Replan:
    """A session re-planned mid-run: the splits already run and the segments left."""

    planned: Session
    feel: Feel
    actual_paces_s: tuple[float, ...]
    remaining: Session | None
    room: bool | None = None
    notes: tuple[str, ...] = field(default=())
    warnings: tuple[str, ...] = field(default=())

    @property
    def unit(self) -> Unit:
        return self.planned.unit

    @property
    def done(self) -> int:
        """How many segments have been run."""
        return len(self.actual_paces_s)

    @property
    def step_s(self) -> float:
        """The step the remaining segments use."""
        return self.remaining.step_s if self.remaining else adjusted_step_s(self.planned, self.feel)

    def target_paces_s(self) -> list[float]:
        """Targets of every segment: the planned ones already run, then the re-planned rest."""
        ran = self.planned.target_paces_s()[: self.done]
        return ran + (self.remaining.target_paces_s() if self.remaining else [])

    def segments(self) -> list[tuple[Segment, float | None]]:
        """Every segment with its actual pace (None for the segments still to run)."""
        p = self.planned
        cumulative = p.warmup.time_s(p.unit) if p.warmup else 0.0
        out: list[tuple[Segment, float | None]] = []
        for i, target in enumerate(self.target_paces_s()):
            actual = self.actual_paces_s[i] if i < self.done else None
            seg = p.segment(i, target, cumulative)
            if actual is not None:
                split = p.split_s(actual)
                seg = replace(seg, split_time_s=split, cumulative_time_s=cumulative + split)
            cumulative = seg.cumulative_time_s
            out.append((seg, actual))
        return out

    @property
    def ladder_time_s(self) -> float:
        segs = self.segments()
        return sum(s.split_time_s for s, _ in segs)

    @property
    def total_time_s(self) -> float:
        """The whole session's time: the segments run, the ones left, warm-up and cool-down."""
        p = self.planned
        return self.ladder_time_s + sum(e.time_s(p.unit) for e in (p.warmup, p.cooldown) if e)

    @property
    def ran_time_s(self) -> float:
        """Time of the segments run so far."""
        return sum(self.planned.split_s(a) for a in self.actual_paces_s)

    @property
    def ran_distance_m(self) -> float:
        """Distance of the segments run so far."""
        return sum(self.planned.length_m(a) for a in self.actual_paces_s)

    @property
    def ran_pace_s(self) -> float | None:
        """Average pace of the segments run so far, seconds per unit (None before the first)."""
        return self.ran_time_s / (self.ran_distance_m / unit_m(self.unit)) if self.done else None

    def to_json(self) -> dict[str, Any]:
        """The plan JSON with every segment; run ones carry `actual_pace_s` and `"done": true`."""
        p = self.planned
        u = p.unit
        total_time = self.total_time_s
        segs_json: list[dict[str, Any]] = []
        for seg, actual in self.segments():
            d = seg.to_json()
            d["done"] = actual is not None
            if actual is not None:
                d["actual_pace_s"] = actual
                d["off_s"] = actual - seg.target_pace_s
            segs_json.append(d)
        easy_m = sum(e.length_m(u) for e in (p.warmup, p.cooldown) if e)
        total_m = easy_m + sum(
            p.length_m(a if a is not None else s.target_pace_s) for s, a in self.segments()
        )
        targets = self.target_paces_s()
        doc: dict[str, Any] = {
            "unit": u,
            "segment_m": p.segment_m,
            "segment_s": p.segment_s,
            "start_pace_s": targets[0],
            "end_pace_s": targets[-1],
            "step_s": self.step_s,
            "tolerance_s": p.tolerance_s,
            "by": "effort" if p.by_effort else "pace",
            "feel": self.feel,
            "segments": segs_json,
            "total_distance_m": p.total_distance_m,
            "distance_range_m": list(p.distance_range_m) if p.distance_range_m else None,
            "total_time_s": total_time,
            "average_pace_s": total_time / (total_m / unit_m(u)),
            "warnings": list(self.warnings),
            "notes": list(self.notes),
            "planned": {
                "start_pace_s": p.start_pace_s,
                "end_pace_s": p.end_pace_s,
                "step_s": p.step_s,
                "spec": p.spec(),
            },
            "so_far": {
                "segments": self.done,
                "distance_m": self.ran_distance_m,
                "time_s": self.ran_time_s,
                "average_pace_s": self.ran_pace_s,
            },
            "remaining": None,
            "room_to_go_further": self.room,
        }
        if self.remaining is not None:
            r = self.remaining
            doc["remaining"] = {
                "segments": r.segments,
                "distance_m": r.ladder_distance_m,
                "time_s": r.ladder_time_s,
                "start_pace_s": r.start_pace_s,
                "end_pace_s": r.end_pace_s,
                "step_s": r.step_s,
                "spec": r.spec(),
            }
        if p.warmup:
            doc["warmup"] = p.warmup.to_json(u)
        if p.cooldown:
            doc["cooldown"] = p.cooldown.to_json(u)
        return doc


def replan(
    session: Session,
    so_far_paces_s: list[float],
    feel: str = "normal",
    *,
    limit_end_pace_s: float | None = None,
) -> Replan:
    """Re-plan the segments left after `so_far_paces_s` (splits run, seconds per unit) for `feel`.

    The rest continue from the last actual split, each `step` faster, where the step is halved when
    jaded. `strong` keeps the step and says whether there is room to go further.
    """
    f = check_feel(feel)
    u = session.unit
    if not session.paced:
        raise ProgtempoError(
            "this session is run by effort with no paces, so there is nothing to re-plan from splits: "
            "keep climbing the talk test, or give paces (--start and --end) to re-plan by pace"
        )
    ran = [float(x) for x in so_far_paces_s]
    if not ran:
        raise ProgtempoError("--so-far needs at least one split, e.g. --so-far 10:02,9:35,9:10")
    for i, pace in enumerate(ran, 1):
        if not math.isfinite(pace) or pace <= 0:
            raise ProgtempoError(f"split {i} is not a pace: write splits like --so-far 10:02,9:35")
        check_human_pace(pace, u, f"split {i}")
    if len(ran) > session.segments:
        raise ProgtempoError(
            f"{len(ran)} splits given but the session has {session.segments} segments: "
            f"give at most {session.segments} (the ones already run)"
        )
    step = adjusted_step_s(session, f)
    notes: list[str] = []
    warnings: list[str] = list(session.warnings)
    left = session.segments - len(ran)
    remaining: Session | None = None
    if left:
        start = ran[-1] - step
        remaining = session.with_changes(
            segments=left, start_pace_s=start, step_s=step, warmup=None, feel=f, notes=(), warnings=()
        )
        check_human_pace(remaining.end_pace_s, u, "the re-planned end pace")
        notes.append(
            f"{len(ran)} run, {left} left: from {format_pace(ran[-1], u)} the rest go "
            f"{format_pace(remaining.start_pace_s, u)} to {format_pace(remaining.end_pace_s, u)} "
            f"in {format_step(step)} steps"
            + (f" (jaded: half the planned {format_step(session.step_s)})" if f == "jaded" else "")
        )
        gap = remaining.end_pace_s - session.end_pace_s
        if gap < -session.tolerance_s:
            warnings.append(
                f"ahead of plan: this finishes at {format_pace(remaining.end_pace_s, u)}, "
                f"{-gap:.0f} s/{u} faster than planned; hold back if the talk test is past a few words"
            )
    else:
        notes.append(f"all {session.segments} segments run: session done")
    room: bool | None = None
    if f == "strong":
        room, why = room_to_go_further(session, actual_paces_s=ran, limit_end_pace_s=limit_end_pace_s)
        notes.append(why)
    return Replan(
        planned=session,
        feel=f,
        actual_paces_s=tuple(ran),
        remaining=remaining,
        room=room,
        notes=tuple(notes),
        warnings=tuple(warnings),
    )
