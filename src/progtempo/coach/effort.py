"""Judge a ladder run by effort: each level a notch harder on the talk test, by heart rate or by GAP.

On a trail the pace means little, so a ladder by effort (`6x8min by effort`) is judged by what the
effort did. Each level is judged

- by **heart rate against its zone** when heart rate was recorded and the runner's is known (maximum or
  threshold: the plan's `hr`, or `--hr-max`): the steady part of the level (after the first minute, as
  heart rate lags the effort) must sit in the zone of its talk test, and above the level before;
- by **heart rate against the level before** when it was recorded but the runner's zones are unknown;
- by **GAP against the level before** otherwise: each level's grade-adjusted pace faster than the last
  (the raw pace where the run has no elevation).

So each level must be harder than the last. The boss is the last level; evenness is the spread of the
level-to-level steps, in bpm or in seconds of GAP. Rules and figures: docs/coaching.md.
"""

from __future__ import annotations

import itertools
import math
from collections.abc import Sequence
from dataclasses import dataclass, replace
from typing import TYPE_CHECKING, Any, Literal

import numpy as np

from progtempo.coach import _stats
from progtempo.coach.levels import Boss, Level, SegmentData, Verdict
from progtempo.coach.score import W_BOSS, W_EVENNESS, W_LEVELS, W_MONOTONIC, W_STEP, Score
from progtempo.fitness.effort import EFFORT_BY_KEY
from progtempo.units import format_pace

if TYPE_CHECKING:
    from progtempo.analysis.splits import Stream
    from progtempo.plan.effort import HrScale
    from progtempo.plan.ladder import Session

Measure = Literal["hr_zone", "hr", "gap", "pace"]
#: Heart rate lags the effort: a level's first this many seconds are left out of its steady heart rate
#: (when the level is at least twice as long).
HR_LAG_S = 60.0
#: A level is harder than the one before when its heart rate is up by more than this (bpm) ...
HARDER_MIN_BPM = 1.0
#: ... or its GAP faster by more than this (seconds per unit).
HARDER_MIN_S = 0.5
#: Heart rate this far outside a zone (bpm) still counts as in it (a watch's rounding, a strap's noise).
ZONE_SLACK_BPM = 2.0


@dataclass(frozen=True)
class EffortLevel:
    """One level judged by effort: what it was measured by, its value, its zone and how it went."""

    index: int
    effort: str
    measure: Measure
    value: float | None
    zone_bpm: tuple[int, int] | None
    change: float | None
    verdict: Verdict
    why: str

    def to_json(self) -> dict[str, Any]:
        return {
            "index": self.index,
            "effort": self.effort,
            "talk_test": EFFORT_BY_KEY[self.effort].talk if self.effort in EFFORT_BY_KEY else None,
            "measure": self.measure,
            "value": self.value,
            "zone_bpm": list(self.zone_bpm) if self.zone_bpm else None,
            "change": self.change,
            "verdict": self.verdict,
            "why": self.why,
        }


@dataclass(frozen=True)
class EffortReport:
    """The ladder by effort: each level's judgement, and the steps between them (bpm or s per unit)."""

    measure: Measure
    levels: list[EffortLevel]
    steps: list[float]
    step_unit: Literal["bpm", "s"]
    evenness: float
    harder: int
    of: int
    note: str

    def to_json(self) -> dict[str, Any]:
        return {
            "measure": self.measure,
            "levels": [lv.to_json() for lv in self.levels],
            "steps": self.steps,
            "step_unit": self.step_unit,
            "evenness": self.evenness,
            "harder": {"levels": self.harder, "of": self.of},
            "note": self.note,
        }


def steady_hr(stream: Stream, seg: SegmentData) -> float | None:
    """The level's mean heart rate after its first `HR_LAG_S` (over the whole level when it is short)."""
    from progtempo.analysis.timesplits import splits_by_time

    if stream.heart_rate is None or len(stream) < 2 or seg.distance_m <= 0:
        return seg.avg_hr
    wall = stream.time_s - stream.time_s[0]
    t0, t1 = np.interp([seg.start_m, seg.start_m + seg.distance_m], stream.distance_m, wall)
    if t1 - t0 < 2 * HR_LAG_S:
        return seg.avg_hr
    (steady,) = splits_by_time(stream, [t0 + HR_LAG_S, t1], "km")
    return steady.avg_hr if steady.avg_hr is not None else seg.avg_hr


def _measure(segs: Sequence[SegmentData], hr: HrScale | None) -> Measure:
    if segs and all(s.avg_hr is not None for s in segs):
        return "hr_zone" if hr is not None else "hr"
    if segs and all(s.gap_s is not None and math.isfinite(s.gap_s) for s in segs):
        return "gap"
    return "pace"


def judge_effort(
    stream: Stream, plan: Session, segs: Sequence[SegmentData | None], hr: HrScale | None
) -> EffortReport:
    """Each level of `plan` (by effort) as run in `segs` (None: not run), judged by the rules above."""
    efforts = plan.efforts()
    run = [s for s in segs if s is not None]
    measure = _measure(run, hr)
    unit = plan.unit
    levels: list[EffortLevel] = []
    prev: float | None = None
    prev_index = 0
    for i, (seg, key) in enumerate(zip(segs, efforts, strict=True)):
        e = EFFORT_BY_KEY[key]
        zone = hr.zone_bpm(e) if hr is not None and measure == "hr_zone" else None
        if seg is None:
            levels.append(EffortLevel(i + 1, key, measure, None, zone, None, "not_run", "not reached"))
            prev = None
            continue
        if measure in ("hr_zone", "hr"):
            value = steady_hr(stream, seg)
            assert value is not None
            change = value - prev if prev is not None else None
            harder = change is None or change > HARDER_MIN_BPM
            shown = f"{value:.0f} bpm"
            before = f"level {prev_index}'s {prev:.0f} bpm" if prev is not None else ""
        else:
            value = seg.gap_s if measure == "gap" and seg.gap_s is not None else seg.pace_s
            change = prev - value if prev is not None else None  # positive: faster
            harder = change is None or change > HARDER_MIN_S
            what = "GAP" if measure == "gap" else "pace"
            shown = f"{what} {format_pace(value, unit)}"
            before = f"level {prev_index}'s {format_pace(prev, unit)}" if prev is not None else ""
        verdict: Verdict = "cleared"
        if zone is not None and value > zone[1] + ZONE_SLACK_BPM:
            verdict, why = (
                "too_fast",
                f"{shown}, above {e.hr_zone_name} ({zone[0]}-{zone[1]}): harder than {e.talk}",
            )
        elif not harder:
            verdict, why = "too_slow", f"{shown}: not harder than {before}"
        elif zone is not None and value < zone[0] - ZONE_SLACK_BPM:
            verdict, why = (
                "too_slow",
                f"{shown}, below {e.hr_zone_name} ({zone[0]}-{zone[1]}): easier than {e.talk}",
            )
        elif zone is not None:
            why = f"{shown}, in {e.hr_zone_name} ({zone[0]}-{zone[1]}): {e.talk}"
        else:
            why = f"{shown}" + (f", harder than {before}" if before else ": the first level sets the start")
        levels.append(EffortLevel(i + 1, key, measure, value, zone, change, verdict, why))
        prev, prev_index = value, i + 1
    steps = [lv.change for lv in levels if lv.change is not None]
    harder_n = sum(1 for x in steps if x > (HARDER_MIN_BPM if measure in ("hr_zone", "hr") else HARDER_MIN_S))
    return EffortReport(
        measure=measure,
        levels=levels,
        steps=steps,
        step_unit="bpm" if measure in ("hr_zone", "hr") else "s",
        evenness=_stats.pstdev(steps) if len(steps) >= 2 else 0.0,
        harder=harder_n,
        of=len(steps),
        note=_NOTES[measure],
    )


_NOTES: dict[Measure, str] = {
    "hr_zone": "judged by heart rate against each level's zone (its steady part, after the first minute)",
    "hr": "judged by heart rate against the level before: give your maximum or threshold heart rate "
    "(--hr-max, --threshold-hr) to judge each level against its zone too",
    "gap": "no heart rate: judged by grade-adjusted pace against the level before",
    "pace": "no heart rate and no elevation: judged by pace against the level before",
}


def effort_levels(levels: Sequence[Level], report: EffortReport) -> list[Level]:
    """The coach's levels (paces as run) with the verdicts of the effort judgement."""
    out = []
    for lv, ej in zip(levels, report.levels, strict=True):
        out.append(replace(lv, verdict=ej.verdict, surge=False) if lv.verdict != "not_run" else lv)
    return out


def effort_boss(levels: Sequence[Level], report: EffortReport) -> Boss:
    """The last level: beaten when it was as hard as planned and harder than the one before."""
    last, ej = levels[-1], report.levels[-1]
    prev = levels[-2].actual_pace_s if len(levels) > 1 else None
    args = (last.index, last.target_pace_s, last.actual_pace_s, last.off_s, prev)
    if ej.verdict == "not_run":
        return Boss("not_reached", *args, "the run ended before the last level")
    if ej.verdict == "too_slow" and ej.change is not None and "not harder" in ej.why:
        return Boss("slower_than_before", *args, ej.why)
    if ej.verdict == "too_slow":
        return Boss("too_slow", *args, ej.why)
    return Boss("cleared", *args, ej.why + ", the hardest of the ladder")


def effort_score(report: EffortReport, boss: Boss, planned_rise_bpm: float | None) -> Score:
    """The 0-100 score of a ladder by effort, with docs/coaching.md's weights: levels cleared, the climb
    (heart-rate rise against the planned one, else the share of steps that were harder), evenness of
    the steps, monotonicity and the boss."""
    n = len(report.levels)
    cleared = sum(1 for lv in report.levels if lv.verdict == "cleared") / n if n else 0.0
    mono = report.harder / report.of if report.of else 0.0
    mean_step = _stats.fmean(report.steps) if report.steps else 0.0
    if planned_rise_bpm and planned_rise_bpm > 0 and report.step_unit == "bpm":
        step = max(0.0, 1.0 - abs(mean_step - planned_rise_bpm) / planned_rise_bpm)
    else:
        step = mono
    even = max(0.0, 1.0 - report.evenness / mean_step) if mean_step > 0 and len(report.steps) >= 2 else mono
    boss_part = 1.0 if boss.beaten else 0.0
    parts = (W_LEVELS * cleared, W_STEP * step, W_EVENNESS * even, W_MONOTONIC * mono, W_BOSS * boss_part)
    return Score(round(sum(parts)), *parts)


def effort_badges(report: EffortReport, boss: Boss, levels: Sequence[Level]) -> list[str]:
    """perfect_ladder, boss_beaten, even_steps (every level harder, steps within half their mean of each
    other) and negative_split (the second half of the ladder faster by the clock)."""
    out: list[str] = []
    if report.levels and all(lv.verdict == "cleared" for lv in report.levels):
        out.append("perfect_ladder")
    if boss.beaten:
        out.append("boss_beaten")
    mean = _stats.fmean(report.steps) if report.steps else 0.0
    if report.of >= 1 and report.harder == report.of and report.evenness <= 0.5 * mean:
        out.append("even_steps")
    clock = [
        (lv.pace_s, lv.distance_m) for lv in levels if lv.pace_s is not None and math.isfinite(lv.pace_s)
    ]
    half = len(clock) // 2
    if half >= 1 and sum(p * d for p, d in clock[-half:]) < sum(p * d for p, d in clock[:half]):
        out.append("negative_split")
    return out


def planned_rise_bpm(plan: Session, hr: HrScale | None) -> float | None:
    """The heart-rate rise per level the plan's targets ask for, in bpm (None without the runner's)."""
    if hr is None or plan.segments < 2:
        return None
    targets = [hr.bpm(p) for p in plan.effort_targets_pct()]
    return _stats.fmean(b - a for a, b in itertools.pairwise(targets))


__all__ = [
    "EffortLevel",
    "EffortReport",
    "Measure",
    "effort_badges",
    "effort_boss",
    "effort_levels",
    "effort_score",
    "judge_effort",
    "planned_rise_bpm",
    "steady_hr",
]
