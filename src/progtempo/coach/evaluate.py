"""`evaluate(analysis, plan)`: the coach's whole job on one analysed run.

First, what the recording is (coach.sport): anything but a run gets no ladder. With a plan, its levels
are laid from where the ladder starts in the run (coach.start) and judged against their targets;
without one, the progressive block is looked for independently of the unit (coach.search), laid in
the runner's unit (coach.block) and judged against the ladder that fits it best. A run with neither
gets no levels, no boss and no score, and says plainly that it was not a progressive run. Every next
session goes through the bounds of coach.bounds. Pure: no I/O, no printing.
"""

from __future__ import annotations

import math
from dataclasses import replace
from typing import TYPE_CHECKING, Literal

from progtempo.coach.advice import Advice, choose_insight, message_for, next_session
from progtempo.coach.block import Block, lay_found, not_progressive, plan_block, why_not
from progtempo.coach.bounds import Evidence, bound, evidence, max_found_segments, starter
from progtempo.coach.energy import EnergyReport, ThresholdSource, energy_report
from progtempo.coach.levels import (
    BOSS_SLACK_S,
    SegmentData,
    hilly_limit_s,
    judge_boss,
    judge_levels,
    segment_data,
    used_pace,
)
from progtempo.coach.report import CoachReport, Judgement
from progtempo.coach.score import badges, judge_progression, score, slope_faster
from progtempo.coach.sport import SportCheck, describe, sport_check
from progtempo.errors import ProgtempoError
from progtempo.plan.ladder import DEFAULT_TOLERANCE_S, Session
from progtempo.units import Unit, unit_m

if TYPE_CHECKING:
    from progtempo.analysis import Analysis
    from progtempo.fitness.zones import PaceZones
    from progtempo.plan.effort import HrScale

#: The end of a plan segment may lie this far past the end of the recording and still count as whole.
END_SLACK_M = 1.0
#: A plan segment the run covered at least this fraction of is judged (as partial); less is `not_run`.
MIN_PARTIAL_FRACTION = 0.5


def _block_segments(analysis: Analysis, unit: Unit, block: Block) -> list[SegmentData | None]:
    """The block's segments as run; None for one the run ended before (or covered under half of)."""
    from progtempo.analysis import splits_at

    end = analysis.distance_m
    bounds = block.boundaries_m()
    wanted: list[float] = [bounds[0]]
    for z in bounds[1:]:
        a = wanted[-1]
        if z <= end + END_SLACK_M:
            wanted.append(z)
        elif a < end and end - a >= MIN_PARTIAL_FRACTION * block.segment_m:
            wanted.append(end)
            break
        else:
            break
    splits = (
        splits_at(analysis.stream, wanted, unit, nominal_m=block.segment_m) if block.start_m < end else []
    )
    segs: list[SegmentData | None] = [segment_data(s) for s in splits]
    for i, s in enumerate(segs):
        if s is not None and wanted[i + 1] < bounds[i + 1] - END_SLACK_M:
            segs[i] = replace(s, partial=True)
    return segs + [None] * (block.segments - len(segs))


def fitted_session(unit: Unit, segment_m: float, paces_s: list[float]) -> Session:
    """The ladder that best fits paces run without a plan: least-squares line, start to 1 s, step to 0.5 s.

    Its window is the scatter of the paces about that line (standard deviation, rounded up), and at
    least the default 5 s: there was no target to hold, so only levels off the run's own trend miss.
    """
    n = len(paces_s)
    step = round(slope_faster(paces_s) * 2) / 2
    mean = sum(paces_s) / n
    start = round(mean + step * (n - 1) / 2)
    exact = slope_faster(paces_s)
    line = [mean + exact * ((n - 1) / 2 - i) for i in range(n)]
    scatter = math.sqrt(sum((p - q) ** 2 for p, q in zip(paces_s, line, strict=True)) / n)
    tolerance = max(DEFAULT_TOLERANCE_S, float(math.ceil(scatter)))
    return Session(unit=unit, segments=n, segment_m=segment_m, start_pace_s=float(start), step_s=step,
                   tolerance_s=tolerance)  # fmt: skip


def _beyond_human(session: Session) -> str | None:
    """Why a ladder fitted to a run is no ladder: a level's window whose fast end is no pace at all (its
    scatter wider than its pace), or None."""
    from progtempo.units import format_pace

    paces = session.target_paces_s()
    if min(paces) - session.tolerance_s > 0:
        return None
    u = session.unit
    return (
        f"the paces found scatter too far for a ladder (a line through them runs from "
        f"{format_pace(max(paces), u)} to {format_pace(min(paces), u)}, give or take "
        f"{session.tolerance_s:.0f} s)"
    )


def evaluate(
    analysis: Analysis,
    plan: Session | None = None,
    *,
    rpe: float | None = None,
    cleared_before: int = 0,
    threshold_pace_s: float | None = None,
    start_m: float | None = None,
    zones: PaceZones | None = None,
    longest_run_m: float | None = None,
    hr_max_bpm: float | None = None,
) -> CoachReport:
    """Judge a run against `plan` (or the ladder found in it) and advise the next session.

    `rpe` (1-10) is how hard it felt; `cleared_before` how many sessions at this level were cleared
    before this one; `threshold_pace_s` (seconds per the report's unit) and `zones` are the runner's
    fitness when known (`fitness`, `--from-race`), `hr_max_bpm` their maximum heart rate; `longest_run_m`
    the longest run in their recent log;
    `start_m` overrides where the plan's first segment starts.
    """
    if rpe is not None and not (1.0 <= rpe <= 10.0):
        raise ProgtempoError(
            f"RPE {rpe:g} is off the scale: give how hard it felt from 1 (very easy) to 10 (maximal)"
        )
    if cleared_before < 0:
        raise ProgtempoError(
            f"cleared before {cleared_before}: give how many sessions at this level you cleared, 0 or more"
        )
    if start_m is not None and start_m < 0:
        raise ProgtempoError(f"block start {start_m:g} m: give a distance of 0 or more")
    unit: Unit = plan.unit if plan is not None else analysis.unit
    if threshold_pace_s is None and zones is not None:
        from progtempo.units import convert_pace

        threshold_pace_s = convert_pace(zones.threshold_s, "km", unit)
    ev = evidence(analysis, unit, longest_run_m=longest_run_m, threshold_pace_s=threshold_pace_s, zones=zones)
    check = sport_check(analysis)
    if not check.running:
        return _not_judged(analysis, unit, check, ev, rpe, cleared_before)
    end = analysis.distance_m
    warnings: list[str] = []
    source: Literal["plan", "fitted"]
    if plan is not None and plan.segment_m is None:  # by time: the levels are stretches of time
        from progtempo.coach.timeplan import lay_time_plan

        block, segs, _, laid = lay_time_plan(analysis, plan)
        warnings += laid
        session, source = plan, "plan"
    elif plan is not None:
        assert plan.segment_m is not None
        warm = plan.warmup.length_m(plan.unit) if plan.warmup else 0.0
        if start_m is None:
            from progtempo.coach.start import ladder_start

            first, why = ladder_start(analysis, plan)
        else:
            first, why = start_m, f"at {start_m:.0f} m, as given"
        block = plan_block(first, plan.segments, plan.segment_m, end, warm, why)
        if block.end_m > end + END_SLACK_M:
            warnings.append(
                f"the run ({end:.0f} m) ends before the plan's last segment ({block.end_m:.0f} m): "
                "levels not reached are `not_run`"
            )
        session, source = plan, "plan"
        segs = _block_segments(analysis, unit, block)
    else:
        from progtempo.coach.search import search, trend

        found = search(analysis, zones, hr_max_bpm)
        if found is None:
            block = not_progressive(why_not(trend(analysis), unit), unit_m(unit))
            return _not_judged(analysis, unit, check, ev, rpe, cleared_before, block)
        block = lay_found(analysis, found, unit)
        segs = _block_segments(analysis, unit, block)
        run = [s for s in segs if s is not None]
        limit = hilly_limit_s(DEFAULT_TOLERANCE_S)
        session = fitted_session(unit, block.segment_m, [used_pace(s, limit)[0] for s in run])
        source = "fitted"
        wild = _beyond_human(session)
        if wild:  # a line through paces that scatter this far is no ladder (a damaged file, a GPS gone mad)
            block = not_progressive(wild, unit_m(unit))
            return _not_judged(analysis, unit, check, ev, rpe, cleared_before, block)
    if plan is not None and plan.by_effort:  # judged by heart rate or GAP, not against paces
        from progtempo.coach.effort_report import judge_by_effort

        judgement = judge_by_effort(
            analysis, plan, segs, ev, hr=runner_hr(plan, hr_max_bpm), rpe=rpe,
            cleared_before=cleared_before, threshold_pace_s=threshold_pace_s,
        )  # fmt: skip
    else:
        judgement = _by_pace(analysis, session, source, block, segs, ev, rpe=rpe,
                             cleared_before=cleared_before, threshold_pace_s=threshold_pace_s)  # fmt: skip
    j = judgement
    return CoachReport(
        unit=unit,
        block=block,
        session=session,
        session_source=source,
        levels=j.levels,
        boss=j.boss,
        progression=j.progression,
        score=j.score,
        badges=j.badges,
        energy=j.energy,
        advice=j.advice,
        rpe=rpe,
        cleared_before=cleared_before,
        warnings=warnings,
        sport=check,
        evidence=ev,
        effort=j.effort,
    )


def _by_pace(
    analysis: Analysis,
    session: Session,
    source: Literal["plan", "fitted"],
    block: Block,
    segs: list[SegmentData | None],
    ev: Evidence,
    *,
    rpe: float | None,
    cleared_before: int,
    threshold_pace_s: float | None,
) -> Judgement:
    """The levels judged against their target paces (sections 2-7 of docs/coaching.md), and the advice."""
    unit = session.unit
    # a found ladder's window is its scatter; which segments count as hilly stays as when it was fitted
    hilly = session.tolerance_s if source == "plan" else DEFAULT_TOLERANCE_S
    judged = judge_levels(
        segs, session.target_paces_s(), session.tolerance_s, session.step_s, hilly_tolerance_s=hilly
    )
    bounds = block.boundaries_m()
    levels = [
        lv if lv.verdict != "not_run" else replace(lv, start_m=bounds[i], distance_m=block.segment_m)
        for i, lv in enumerate(judged)
    ]
    boss = judge_boss(levels, slack_s=BOSS_SLACK_S if source == "plan" else session.tolerance_s)
    progression = judge_progression(levels, session.step_s)
    total = score(levels, progression, boss)
    t_src: ThresholdSource
    if threshold_pace_s is not None:
        threshold, t_src = threshold_pace_s, "fitness"
    else:
        threshold, t_src = session.end_pace_s, ("plan_end" if source == "plan" else "block_end")
    energy = energy_report([lv.actual_pace_s for lv in levels], threshold, t_src)
    insight = choose_insight(levels, progression, boss, rpe=rpe)
    nxt, change, why = next_session(
        session, insight, boss_beaten=boss.beaten, cleared_before=cleared_before, rpe=rpe
    )
    if change == "volume" and nxt.planned_distance_m > ev.longest_run_m + END_SLACK_M:
        from progtempo.plan.progression import next_level

        nxt, change = next_level(session, "intensity"), "intensity"
        why += "; one more segment would be longer than your longest run, so every pace half a step faster"
    message = message_for(insight, levels, progression, boss, unit, rpe=rpe, found=source == "fitted")
    cap = max_found_segments(session.segment_m) if source == "fitted" else None
    advice = _bounded(Advice(insight, message, nxt, change, why), ev, cap)
    return Judgement(levels, boss, progression, total, badges(levels, progression, boss), energy, advice)


def _on_hills(analysis: Analysis, why_not: str) -> Advice | None:
    """The advice for a hilly run with no ladder: the article's session by time and effort
    (coach.trail_start), or None for a run flat enough for paces."""
    from progtempo.coach.trail_start import hilly, trail_message, trail_starter

    reason = hilly(analysis)
    nxt = trail_starter(analysis) if reason is not None else None
    if reason is None or nxt is None:
        return None
    why = "no progressive block and no plan, on hills: the article's session by time and effort"
    return Advice("not_progressive", trail_message(reason, why_not, nxt), nxt, "first_ladder", why)


def runner_hr(plan: Session, hr_max_bpm: float | None) -> HrScale | None:
    """The runner's heart-rate scale: the plan's own (it was made for them), else from their maximum."""
    if plan.hr is not None:
        return plan.hr
    if hr_max_bpm is None:
        return None
    from progtempo.plan.effort import HrScale

    return HrScale.from_max(hr_max_bpm)


def _bounded(advice: Advice, ev: Evidence, max_segments: int | None) -> Advice:
    """The advice with its next session inside the bounds (coach.bounds), saying what changed."""
    if advice.next_session is None:
        return advice
    fixed, notes = bound(advice.next_session, ev, max_segments=max_segments)
    if fixed is None:
        return replace(advice, next_session=None, change="none", why=notes[0] if notes else advice.why)
    return replace(advice, next_session=fixed, bounded=tuple(notes))


def _not_judged(
    analysis: Analysis,
    unit: Unit,
    check: SportCheck,
    ev: Evidence,
    rpe: float | None,
    cleared_before: int,
    block: Block | None = None,
) -> CoachReport:
    """The report for a recording that is not a run, or a run with no plan and no progressive block."""
    if not check.running:
        said = describe(check)
        block = replace(not_progressive(said, unit_m(unit)), note=f"not a run: this looks like {said}")
        advice = Advice(
            "not_running",
            f"This looks like {said}. The coach judges runs only: no ladder, no levels, no score.",
            None,
            "none",
            "not a run",
        )
    else:
        assert block is not None
        nxt, why_none = starter(ev)
        reason = block.note.removeprefix("not a progressive run: ")
        if nxt is None:
            tail = f" It says too little to build a session from: {why_none[0] if why_none else 'no pace'}."
            change: Literal["first_ladder", "none"] = "none"
        else:
            tail = (
                " It says too little about a ladder to build on, so here is the article's first session, "
                "scaled to you: start at an easy jogging pace and get faster in small, even steps to a "
                "comfortably hard finish."
            )
            change = "first_ladder"
        advice = Advice(
            "not_progressive",
            f"This was not a progressive run: {reason}.{tail}",
            nxt,
            change,
            "no progressive block and no plan: the article's first session, scaled to this run",
        )
        advice = _on_hills(analysis, reason) or advice
    return CoachReport(
        unit=unit,
        block=block,
        session=None,
        session_source=None,
        levels=[],
        boss=None,
        progression=None,
        score=None,
        badges=[],
        energy=EnergyReport(None, None, []),
        advice=advice,
        rpe=rpe,
        cleared_before=cleared_before,
        warnings=[],
        sport=check,
        evidence=ev,
    )


__all__ = ["END_SLACK_M", "MIN_PARTIAL_FRACTION", "evaluate", "fitted_session"]
