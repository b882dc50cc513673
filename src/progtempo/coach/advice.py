"""What the run says and what to run next: the insight, a sentence in the article's spirit, the next session.

Insights, checked in this order (docs/coaching.md):
- `started_too_fast`: level 1 under its window, and then the ladder didn't hold (boss not beaten, or
  less than three quarters of the planned step);
- `faded`: a surge (well under target, then a fade);
- `could_not_build`: the achieved step was under half the planned one;
- `faded`: the boss was not beaten;
- `plenty_left`: the last two levels went under their windows with effort to spare (RPE ≤ 7 when given,
  else heart-rate drift ≤ 5 bpm), or every level was cleared at an easy RPE (≤ 4);
- `on_target` otherwise.
The next session: two cleared sessions at a level (`cleared_before` ≥ 1 plus this one, not at RPE ≥ 8)
progress it by the planner's `next_level` (intensity after `plenty_left` or at 8 miles of segments, 13 km,
else volume); `could_not_build` eases the step by half as on a jaded day; anything else repeats the level.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from typing import Any, Literal

from progtempo.coach import _stats
from progtempo.coach.levels import Boss, Level
from progtempo.coach.score import Progression
from progtempo.plan.ladder import Session
from progtempo.units import Unit, format_pace

Insight = Literal[
    "plenty_left",
    "on_target",
    "could_not_build",
    "faded",
    "started_too_fast",
    "not_progressive",
    "not_running",
]
INSIGHTS: tuple[Insight, ...] = (
    "plenty_left", "on_target", "could_not_build", "faded", "started_too_fast",
    "not_progressive", "not_running",
)  # fmt: skip
Change = Literal["volume", "intensity", "repeat", "ease", "first_ladder", "none"]

#: Achieved step under this fraction of the planned one: the pace could not build.
COULD_NOT_BUILD_FRACTION = 0.5
#: Started too fast only matters when the ladder then held less than this fraction of the planned step.
HELD_STEP_FRACTION = 0.75
#: RPE (1-10) at or above which a session is too hard to progress from; at or under which
#: on-target splits show plenty left; at or under which fast last levels had effort to spare.
HARD_RPE = 8.0
EASY_RPE = 4.0
SPARE_RPE = 7.0
#: Heart-rate drift (bpm beyond what the GAP ladder explains) that rules out "to spare".
SPARE_DRIFT_BPM = 5.0
#: A session with this many segments of a mile (as long as that in any segment: 13 × 1 km) progresses by
#: intensity rather than by another segment.
MAX_VOLUME_SEGMENTS = 8
MAX_VOLUME_M = MAX_VOLUME_SEGMENTS * 1609.344


@dataclass(frozen=True)
class Advice:
    """The insight, its sentence, and the next session with what changed and why."""

    insight: Insight
    message: str
    next_session: Session | None
    change: Change
    why: str
    #: What the bounds changed in the session the rules gave (coach/bounds.py).
    bounded: tuple[str, ...] = ()

    def to_json(self) -> dict[str, Any]:
        nxt = self.next_session
        return {
            "insight": self.insight,
            "message": self.message,
            "change": self.change,
            "why": self.why,
            "bounded": list(self.bounded),
            "next_session": nxt.to_json() if nxt is not None else None,
            "next_spec": nxt.spec() if nxt is not None else None,
        }


def _name(unit: Unit) -> str:
    return "mile" if unit == "mi" else "km"


def choose_insight(
    levels: Sequence[Level], progression: Progression, boss: Boss, *, rpe: float | None
) -> Insight:
    """One of INSIGHTS, by the rules in the module doc."""
    run = [lv for lv in levels if lv.off_s is not None]
    if not run:
        return "could_not_build"
    planned = progression.planned_step_s
    held = progression.achieved_step_s / planned if planned > 0 else 1.0
    first = run[0]
    if first.verdict == "too_fast" and (not boss.beaten or held < HELD_STEP_FRACTION):
        return "started_too_fast"
    if any(lv.surge for lv in run):
        return "faded"
    if planned > 0 and held < COULD_NOT_BUILD_FRACTION:
        return "could_not_build"
    if not boss.beaten:
        return "faded"
    last_two = run[-2:]
    fast_finish = len(last_two) == 2 and all(lv.verdict == "too_fast" for lv in last_two)
    drift = progression.hr.drift_bpm
    # RPE speaks for itself when given; otherwise the heart rate does.
    spare = rpe <= SPARE_RPE if rpe is not None else (drift is None or drift <= SPARE_DRIFT_BPM)
    if fast_finish and spare:
        return "plenty_left"
    if rpe is not None and rpe <= EASY_RPE and all(lv.cleared for lv in levels):
        return "plenty_left"
    return "on_target"


def message_for(
    insight: Insight,
    levels: Sequence[Level],
    progression: Progression,
    boss: Boss,
    unit: Unit,
    *,
    rpe: float | None,
    found: bool = False,
) -> str:
    """The insight as a runner reads it, in the article's words where they fit.

    `found`: the ladder was fitted to a run without a plan, so "planned" means "the even ladder that
    fits the run".
    """
    name = _name(unit)
    run = [lv for lv in levels if lv.off_s is not None]
    cleared = sum(1 for lv in levels if lv.cleared)
    felt = f" (RPE {rpe:g}/10)" if rpe is not None else ""
    if insight == "plenty_left":
        under = _stats.fmean(-(lv.off_s or 0.0) for lv in run[-2:]) if run else 0.0
        how = (
            f"the last {name}s went {under:.0f} s under target"
            if under > 0
            else f"you cleared every level and it felt easy{felt}"
        )
        return (
            f"You had plenty left in the tank and could have set off faster: {how}. This is valuable "
            "information: you now know more about your current fitness, so take it into your next "
            "progressive tempo session."
        )
    if insight == "on_target":
        gap_note = " (GAP splits)" if progression.used != "pace" else ""
        against = (
            "on the even ladder that fits your run"
            if found
            else f"against {progression.planned_step_s:.0f} s planned"
        )
        base = (
            f"You built the pace level by level and beat the boss: {cleared} of {len(levels)} levels "
            f"cleared, {progression.achieved_step_s:.0f} s faster each {name} {against}. Your {name} "
            f"splits{gap_note} got faster in steps, which can't help but feel like a rewarding "
            "accomplishment."
        )
        if rpe is not None and rpe >= HARD_RPE:
            return base + f" It felt hard{felt}: stay at this level until it feels comfortably hard."
        return (
            base + " After a couple of weeks at this level it will feel more comfortable;"
            " then add volume or intensity."
        )
    if insight == "could_not_build":
        if progression.of == 0 and not run:
            return (
                "Your pace wasn't able to increase much from the speed you started at: no stretch of the run "
                "got steadily faster. This is valuable information too: start easy next time and build in "
                "small steps."
            )
        return (
            f"Your pace wasn't able to increase much from the speed you started at: "
            f"{progression.achieved_step_s:.0f} s faster each {name} against the "
            f"{progression.planned_step_s:.0f} s planned. This is valuable information, not a failure: next "
            "time keep the start and take half the step. Job done, session ticked off, consistency kept."
        )
    if insight == "faded":
        surge = next((lv for lv in run if lv.surge), None)
        if surge is not None and surge.off_s is not None:
            return (
                f"You went too fast in {name} {surge.index} ({-surge.off_s:.0f} s under target) and lost in "
                f"the end: {boss.why}. Stick to the paces: the discipline is part of the game, and the boss "
                "is won in the early levels."
            )
        return (
            f"The pace faded before the end: {boss.why}. Hold back a little in the middle {name}s so you can "
            "nail the last couple; go too slow and you're trying to build up the pace in the next one."
        )
    first = run[0]
    return (
        f"You set off faster than the plan: {format_pace(first.actual_pace_s or 0.0, unit)} against "
        f"{format_pace(first.target_pace_s, unit)} for {name} 1, and the ladder couldn't hold. The easy "
        "start is what warms you up into the session: begin at an easy jogging pace and let the effort build."
    )


def next_session(
    session: Session,
    insight: Insight,
    *,
    boss_beaten: bool,
    cleared_before: int,
    rpe: float | None,
) -> tuple[Session, Change, str]:
    """The session to run next, what changed and why (rules in the module doc)."""
    cleared = boss_beaten and insight in ("on_target", "plenty_left")
    if insight == "could_not_build":
        from progtempo.plan.autoregulate import adjust

        eased = adjust(session, "jaded")
        return eased, "ease", "the pace could not build: same start, half the step, as on a jaded day"
    if cleared and cleared_before >= 1 and not (rpe is not None and rpe >= HARD_RPE):
        seg = session.segment_m
        n = session.segments
        long = n * seg >= MAX_VOLUME_M - 1.0 if seg else n >= MAX_VOLUME_SEGMENTS
        change: Literal["volume", "intensity"] = "intensity" if insight == "plenty_left" or long else "volume"
        why = (
            f"two sessions cleared at this level ({cleared_before} before and this one): "
            + ("one more segment, starting and ending half a step wider" if change == "volume" else
               "every pace half a step faster")
        )  # fmt: skip
        from progtempo.plan.progression import next_level

        return next_level(session, change), change, why
    if cleared and rpe is not None and rpe >= HARD_RPE:
        return (
            session,
            "repeat",
            f"cleared, but at RPE {rpe:g}: repeat the level until it feels comfortably hard",
        )
    if cleared:
        return session, "repeat", "cleared once: clear it once more before the level goes up"
    return session, "repeat", "not cleared yet: repeat the level"


__all__ = [
    "INSIGHTS",
    "Advice",
    "Change",
    "Insight",
    "choose_insight",
    "message_for",
    "next_session",
]
