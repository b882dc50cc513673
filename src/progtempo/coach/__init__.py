"""The coach: turn an analysed run into levels, a boss, a score, badges, energy emphasis and advice.

`evaluate(analysis, plan)` lays the plan's segments from the start of the block (the start of the run
plus the plan's warm-up) and judges each against its target; without a plan it finds the progressive
block in the run, trims the warm-up and cool-down, and judges it against the ladder that fits it best.
Pure: no I/O, no printing. Rules and the score formula: docs/coaching.md; energy model: docs/energy.md.
"""

from __future__ import annotations

import math
from dataclasses import dataclass, field, replace
from typing import TYPE_CHECKING, Any, Literal

from progtempo.coach.advice import (
    INSIGHTS,
    Advice,
    Insight,
    choose_insight,
    first_ladder,
    message_for,
    next_session,
)
from progtempo.coach.block import CHUNKS_PER_UNIT, Block, find_block, plan_block
from progtempo.coach.energy import EnergyReport, ThresholdSource, energy_report
from progtempo.coach.score import (
    BADGES,
    BOSS_SLACK_S,
    Boss,
    Level,
    Progression,
    Score,
    SegmentData,
    badges,
    hilly_limit_s,
    judge_boss,
    judge_levels,
    judge_progression,
    score,
    slope_faster,
    used_pace,
)
from progtempo.errors import ProgtempoError
from progtempo.plan.ladder import DEFAULT_TOLERANCE_S, Session
from progtempo.units import Unit, unit_m

if TYPE_CHECKING:
    from progtempo.analysis import Analysis, Split

#: The end of a plan segment may lie this far past the end of the recording and still count as whole.
END_SLACK_M = 1.0
#: A plan segment the run covered at least this fraction of is judged (as partial); less is `not_run`.
MIN_PARTIAL_FRACTION = 0.5


@dataclass(frozen=True)
class CoachReport:
    """Everything the coach found in one run; `to_json()` is what `analyze --json` adds."""

    unit: Unit
    block: Block
    session: Session | None
    session_source: Literal["plan", "fitted"] | None
    levels: list[Level]
    boss: Boss | None
    progression: Progression | None
    score: Score | None
    badges: list[str]
    energy: EnergyReport
    advice: Advice
    rpe: float | None = None
    cleared_before: int = 0
    warnings: list[str] = field(default_factory=list)

    @property
    def total_score(self) -> int:
        return self.score.total if self.score else 0

    def to_json(self) -> dict[str, Any]:
        """progression, levels, boss, score, badges, energy, block and advice (docs/coaching.md)."""
        boss = self.boss.to_json() if self.boss else {"verdict": "no_ladder", "why": self.block.note}
        return {
            "unit": self.unit,
            "block": self.block.to_json(),
            "target": self.session.to_json() if self.session else None,
            "target_source": self.session_source,
            "progression": self.progression.to_json() if self.progression else None,
            "levels": [lv.to_json() for lv in self.levels],
            "boss": boss,
            "score": self.total_score,
            "score_parts": self.score.to_json() if self.score else None,
            "badges": list(self.badges),
            "energy": self.energy.to_json(),
            "advice": self.advice.to_json(),
            "rpe": self.rpe,
            "cleared_before": self.cleared_before,
            "coach_warnings": list(self.warnings),
        }


def segment_data(split: Split) -> SegmentData:
    """The plain numbers the coach judges, from an analysis split."""
    gap = split.gap_s if split.gap_s is not None and math.isfinite(split.gap_s) else None
    return SegmentData(
        index=split.index,
        start_m=split.start_m,
        distance_m=split.distance_m,
        pace_s=split.pace_s,
        gap_s=gap,
        avg_grade=split.avg_grade,
        elev_gain_m=split.elev_gain_m,
        elev_loss_m=split.elev_loss_m,
        avg_hr=split.avg_hr,
        partial=split.partial,
    )


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


def _find_block(analysis: Analysis, unit: Unit) -> Block:
    """The progressive block of a run without a plan (see coach.block)."""
    import numpy as np

    from progtempo.analysis.splits import paces_at

    per = unit_m(unit)
    end = analysis.distance_m
    if not end > 0:
        return find_block([0.0], [], per, 0.0)
    # A run that ends within END_SLACK_M of a whole unit ran that unit (positions round off millimetres).
    edges = np.minimum(np.arange(0.0, end + END_SLACK_M, per / CHUNKS_PER_UNIT), end)
    pace, gap = paces_at(analysis.stream, edges, unit)  # each chunk's GAP, else its pace
    return find_block(edges.tolist(), np.where(np.isfinite(gap), gap, pace).tolist(), per, end, unit)


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


def evaluate(
    analysis: Analysis,
    plan: Session | None = None,
    *,
    rpe: float | None = None,
    cleared_before: int = 0,
    threshold_pace_s: float | None = None,
    start_m: float | None = None,
) -> CoachReport:
    """Judge a run against `plan` (or the ladder found in it) and advise the next session.

    `rpe` (1-10) is how hard it felt; `cleared_before` how many sessions at this level were cleared
    before this one; `threshold_pace_s` (seconds per the report's unit, e.g. from `fitness`) replaces
    the estimated threshold; `start_m` overrides where the plan's first segment starts.
    """
    if rpe is not None and not (1.0 <= rpe <= 10.0):
        raise ProgtempoError(
            f"RPE {rpe:g} is off the scale: give how hard it felt from 1 (very easy) to 10 (maximal)"
        )
    if cleared_before < 0:
        raise ProgtempoError(
            f"cleared before {cleared_before}: give how many sessions at this level you cleared, 0 or more"
        )
    unit: Unit = plan.unit if plan is not None else analysis.unit
    end = analysis.distance_m
    warnings: list[str] = []
    source: Literal["plan", "fitted"]
    if plan is not None:
        if plan.segment_m is None:
            raise ProgtempoError(
                f"judging a run against a plan by time ({plan.describe()}) is not built yet: "
                "analyse the run without --plan"
            )
        warm = plan.warmup.length_m(plan.unit) if plan.warmup else 0.0
        first = warm if start_m is None else start_m
        if first < 0:
            raise ProgtempoError(f"block start {first:g} m: give a distance of 0 or more")
        block = plan_block(first, plan.segments, plan.segment_m, end, warm)
        if block.end_m > end + END_SLACK_M:
            warnings.append(
                f"the run ({end:.0f} m) ends before the plan's last segment ({block.end_m:.0f} m): "
                "levels not reached are `not_run`"
            )
        session, source = plan, "plan"
        segs = _block_segments(analysis, unit, block)
    else:
        block = _find_block(analysis, unit)
        if not block.progressive:
            return _no_ladder(analysis, unit, block, rpe, cleared_before)
        segs = _block_segments(analysis, unit, block)
        run = [s for s in segs if s is not None]
        limit = hilly_limit_s(DEFAULT_TOLERANCE_S)
        session = fitted_session(unit, block.segment_m, [used_pace(s, limit)[0] for s in run])
        source = "fitted"
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
    message = message_for(insight, levels, progression, boss, unit, rpe=rpe, found=source == "fitted")
    advice = Advice(insight, message, nxt, change, why)
    return CoachReport(
        unit=unit,
        block=block,
        session=session,
        session_source=source,
        levels=levels,
        boss=boss,
        progression=progression,
        score=total,
        badges=badges(levels, progression, boss),
        energy=energy,
        advice=advice,
        rpe=rpe,
        cleared_before=cleared_before,
        warnings=warnings,
    )


def _no_ladder(
    analysis: Analysis, unit: Unit, block: Block, rpe: float | None, cleared_before: int
) -> CoachReport:
    """The report for a run with no progressive block: what it was, and a gentle first ladder."""
    from progtempo.analysis import splits_at

    per = unit_m(unit)
    whole = [
        s
        for s in splits_at(analysis.stream, _whole_units(analysis.distance_m, per), unit)
        if s.distance_m > 0
    ]
    paces = [s.pace_s for s in whole if math.isfinite(s.pace_s)]
    nxt = first_ladder(unit, paces, analysis.distance_m)
    message = (
        "Your pace wasn't able to increase much from the speed you started at: "
        f"{block.note.removeprefix('not a progressive run: ')}. This is valuable information: start at an "
        "easy jogging pace next time and build in small steps."
    )
    advice = Advice("could_not_build", message, nxt, "first_ladder",
                    "no progressive block: a gentle first ladder from the pace you ran")  # fmt: skip
    empty = EnergyReport(None, None, [])
    return CoachReport(
        unit, block, None, None, [], None, None, None, [], empty, advice, rpe, cleared_before, []
    )


def _whole_units(distance_m: float, per: float) -> list[float]:
    n = int(distance_m // per)
    return [k * per for k in range(n + 1)] if n >= 1 else [0.0, distance_m]


__all__ = [
    "BADGES",
    "INSIGHTS",
    "Advice",
    "Block",
    "Boss",
    "CoachReport",
    "EnergyReport",
    "Insight",
    "Level",
    "Progression",
    "Score",
    "SegmentData",
    "evaluate",
    "fitted_session",
    "segment_data",
]
