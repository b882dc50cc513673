"""The coach's report on a ladder run by effort: levels by heart rate or GAP, the boss, the score, the
insight in the article's words and the next session (coach.effort holds the judging rules)."""

from __future__ import annotations

import math
from typing import TYPE_CHECKING

from progtempo.coach.advice import EASY_RPE, HARD_RPE, Advice, Insight, next_session
from progtempo.coach.effort import (
    EffortReport,
    effort_badges,
    effort_boss,
    effort_levels,
    effort_score,
    judge_effort,
    planned_rise_bpm,
)
from progtempo.coach.energy import ThresholdSource, energy_report
from progtempo.coach.levels import Boss, judge_levels
from progtempo.coach.report import Judgement
from progtempo.coach.score import judge_progression
from progtempo.units import format_duration

if TYPE_CHECKING:
    from progtempo.analysis import Analysis
    from progtempo.coach.bounds import Evidence
    from progtempo.coach.levels import SegmentData
    from progtempo.plan.effort import HrScale
    from progtempo.plan.ladder import Session

#: A next session by time is no longer than the longest run known by more than this (seconds).
LENGTH_SLACK_S = 60.0


def effort_insight(report: EffortReport, boss: Boss, rpe: float | None) -> Insight:
    """started_too_fast (level 1 above its zone and the boss not beaten), could_not_build (under half
    the steps harder), faded (the boss not beaten), plenty_left (every level cleared at an easy RPE),
    on_target otherwise."""
    run = [lv for lv in report.levels if lv.verdict != "not_run"]
    if not run:
        return "could_not_build"
    if run[0].verdict == "too_fast" and not boss.beaten:
        return "started_too_fast"
    if report.of and report.harder < report.of / 2:
        return "could_not_build"
    if not boss.beaten:
        return "faded"
    if rpe is not None and rpe <= EASY_RPE and all(lv.verdict == "cleared" for lv in report.levels):
        return "plenty_left"
    return "on_target"


def _climb(report: EffortReport) -> str:
    run = [lv for lv in report.levels if lv.value is not None]
    if len(run) < 2 or not report.steps:
        return ""
    first, last = run[0], run[-1]
    assert first.value is not None and last.value is not None
    mean = sum(report.steps) / len(report.steps)
    if report.step_unit == "bpm":
        return f"heart rate {first.value:.0f} to {last.value:.0f} bpm, {mean:+.0f} a level"
    what = "grade-adjusted pace" if report.measure == "gap" else "pace"
    return f"{what} {mean:.0f} s faster each level"


def effort_message(insight: Insight, report: EffortReport, boss: Boss, rpe: float | None) -> str:
    """The insight as a runner reads it, in the article's words."""
    cleared = sum(1 for lv in report.levels if lv.verdict == "cleared")
    n = len(report.levels)
    climb = _climb(report)
    if insight == "started_too_fast":
        return (
            f"You set off too hard: level 1 was {report.levels[0].why}. The easy start is what warms you up "
            "into the session: begin at an easy jogging effort, could recite Shakespeare, and let it build."
        )
    if insight == "could_not_build":
        return (
            f"Your effort wasn't able to build much: {report.harder} of {report.of} levels were harder than "
            "the one before. This is valuable information, not a failure: next time keep the easy start and "
            "climb half as far. Job done, session ticked off, consistency kept."
        )
    if insight == "faded":
        return (
            f"The effort faded before the end: {boss.why}. Hold back a little in the middle levels so you "
            "can nail the last couple; each level a notch harder, up to a single word at the top."
        )
    if insight == "plenty_left":
        return (
            f"You cleared every level and it felt easy (RPE {rpe:g}/10): you had plenty left in the tank. "
            "This is valuable information: take it into your next progressive session."
        )
    base = (
        f"You climbed the talk test level by level and beat the boss: {cleared} of {n} levels cleared"
        + (f", {climb}" if climb else "")
        + ". Whether you had a flat course or not, the effort progressed, which can't help but feel like a "
        "rewarding accomplishment."
    )
    if rpe is not None and rpe >= HARD_RPE:
        return base + f" It felt hard (RPE {rpe:g}/10): stay at this level until it feels comfortably hard."
    return (
        base + " After a couple of weeks at this level it will feel more comfortable;"
        " then add volume or intensity."
    )


def time_bound(session: Session, analysis: Analysis, ev: Evidence) -> tuple[Session, str | None]:
    """A next session by time no longer than the longest run known (its distance at this run's pace)
    by more than `LENGTH_SLACK_S`; else the level repeated, saying why."""
    if analysis.distance_m <= 0 or analysis.moving_s <= 0:
        return session, None
    longest_s = max(analysis.moving_s, ev.longest_run_m / analysis.distance_m * analysis.moving_s)
    if session.total_time_s <= longest_s + LENGTH_SLACK_S or not math.isfinite(session.total_time_s):
        return session, None
    return session, (
        f"{format_duration(session.total_time_s)} would be longer than the longest run known (about "
        f"{format_duration(longest_s)})"
    )


def judge_by_effort(
    analysis: Analysis,
    plan: Session,
    segs: list[SegmentData | None],
    ev: Evidence,
    *,
    hr: HrScale | None,
    rpe: float | None,
    cleared_before: int,
    threshold_pace_s: float | None,
) -> Judgement:
    """The levels of `plan` (by effort) as run in `segs`, judged, and the advice that follows."""
    n = plan.segments
    targets = plan.target_paces_s() if plan.paced else [math.nan] * n
    step = plan.step_s if plan.paced else 0.0
    paced = judge_levels(segs, targets, plan.tolerance_s, step)
    judged = judge_effort(analysis.stream, plan, segs, hr)
    levels = effort_levels(paced, judged)
    boss = effort_boss(levels, judged)
    progression = judge_progression(levels, step)
    total = effort_score(judged, boss, planned_rise_bpm(plan, hr))
    t_src: ThresholdSource = "fitness"
    threshold = threshold_pace_s
    if threshold is None:  # the last level run: a single word, over the threshold by a little
        threshold = next((lv.actual_pace_s for lv in reversed(levels) if lv.actual_pace_s is not None), None)
        t_src = "block_end"
    energy = energy_report([lv.actual_pace_s for lv in levels], threshold, t_src)
    insight = effort_insight(judged, boss, rpe)
    nxt, change, why = next_session(
        plan, insight, boss_beaten=boss.beaten, cleared_before=cleared_before, rpe=rpe
    )
    bounded: tuple[str, ...] = ()
    if change == "volume":
        _, too_long = time_bound(nxt, analysis, ev)
        if too_long is not None:
            from progtempo.plan.progression import next_level

            nxt, change = next_level(plan, "intensity"), "intensity"
            bounded = (f"{too_long}: every heart-rate target a few beats higher instead",)
    advice = Advice(insight, effort_message(insight, judged, boss, rpe), nxt, change, why, bounded)
    badge_list = effort_badges(judged, boss, levels)
    return Judgement(levels, boss, progression, total, badge_list, energy, advice, judged)


__all__ = ["effort_insight", "effort_message", "judge_by_effort", "time_bound"]
