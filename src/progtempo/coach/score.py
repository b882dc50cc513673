"""Judge a progressive run: each segment is a level, the last one is the boss, the ladder gets a score.

Everything here works on plain numbers (`SegmentData`: a segment's pace, GAP, grade, climb and heart
rate) and target paces, so the rules can be tested without reading or analysing a file. The rules
and the score formula are explained in docs/coaching.md; the constants below are the ones it names.
"""

from __future__ import annotations

import functools
import itertools
import math
from collections.abc import Sequence
from dataclasses import dataclass, replace
from typing import Any, Literal

from progtempo.coach import _stats
from progtempo.coach._text import signed

Used = Literal["pace", "gap"]
Verdict = Literal["cleared", "too_fast", "too_slow", "not_run"]

#: A segment is hilly, and judged by GAP, when the ground moves its pace (GAP against raw pace) by more
#: than half the window, and by more than this many seconds per unit (docs/coaching.md, "hilly rule").
HILLY_MIN_EFFECT_S = 2.0
#: A level counts as faster than the one before only when it gained more than this (measurement noise).
FASTER_MIN_S = 0.5
#: The boss may be this much slower than the level before and still be "not slower" (rounding of splits).
BOSS_SLACK_S = 0.5
#: HR drift needs the GAP to spread at least this much over the first half of the ladder to fit HR to it.
DRIFT_MIN_SPREAD_S = 5.0

#: Score weights (they sum to 100); see docs/coaching.md.
W_LEVELS = 40.0
W_STEP = 25.0
W_EVENNESS = 15.0
W_MONOTONIC = 10.0
W_BOSS = 10.0


@dataclass(frozen=True)
class SegmentData:
    """What the coach needs of one stretch of a run; paces are seconds per unit."""

    index: int
    start_m: float
    distance_m: float
    pace_s: float
    gap_s: float | None = None
    avg_grade: float = 0.0
    elev_gain_m: float = 0.0
    elev_loss_m: float = 0.0
    avg_hr: float | None = None
    partial: bool = False

    @property
    def climb_m_per_km(self) -> float:
        """Climb plus descent per kilometre: how rolling the segment is."""
        if self.distance_m <= 0:
            return 0.0
        return (self.elev_gain_m + self.elev_loss_m) / self.distance_m * 1000.0


def hilly_limit_s(tolerance_s: float) -> float:
    """How far the ground must move a segment's pace for it to be judged by GAP: half the window, ≥ 2 s."""
    return max(tolerance_s / 2.0, HILLY_MIN_EFFECT_S)


def hilly_reason(seg: SegmentData, limit_s: float) -> str | None:
    """Why a segment is hilly (its GAP and raw pace differ by more than `limit_s`), or None when the
    ground is flat enough for the raw pace the runner saw on the watch."""
    if seg.gap_s is None or not math.isfinite(seg.gap_s) or not math.isfinite(seg.pace_s):
        return None
    effect = seg.pace_s - seg.gap_s
    if abs(effect) <= limit_s:
        return None
    return (
        f"the ground moved its pace by {signed(effect)} s (net grade {signed(seg.avg_grade * 100, 1)} %, "
        f"{seg.climb_m_per_km:.0f} m up and down per km)"
    )


def used_pace(seg: SegmentData, limit_s: float) -> tuple[float, Used]:
    """The pace a segment is judged by: its GAP when it is hilly, else its raw pace."""
    if hilly_reason(seg, limit_s) is not None:
        assert seg.gap_s is not None
        return seg.gap_s, "gap"
    return seg.pace_s, "pace"


@dataclass(frozen=True)
class Level:
    """One segment judged against its target: the game's level."""

    index: int
    start_m: float
    distance_m: float
    target_pace_s: float
    tolerance_s: float
    actual_pace_s: float | None
    pace_s: float | None
    gap_s: float | None
    used: Used
    hilly: str | None
    verdict: Verdict
    off_s: float | None
    avg_hr: float | None
    hr_change_bpm: float | None
    surge: bool = False
    partial: bool = False

    @property
    def cleared(self) -> bool:
        return self.verdict == "cleared"

    def to_json(self) -> dict[str, Any]:
        return {
            "index": self.index,
            "start_m": self.start_m,
            "distance_m": self.distance_m,
            "target_pace_s": self.target_pace_s,
            "slow_pace_s": self.target_pace_s + self.tolerance_s,
            "fast_pace_s": self.target_pace_s - self.tolerance_s,
            "actual_pace_s": self.actual_pace_s,
            "pace_s": self.pace_s,
            "gap_s": self.gap_s,
            "used": self.used,
            "hilly": self.hilly,
            "verdict": self.verdict,
            "off_s": self.off_s,
            "avg_hr": self.avg_hr,
            "hr_change_bpm": self.hr_change_bpm,
            "surge": self.surge,
            "partial": self.partial,
        }


def verdict_for(actual_s: float, target_s: float, tolerance_s: float) -> Verdict:
    """`cleared` inside target ± tolerance, else `too_fast` (under the window) or `too_slow`."""
    off = actual_s - target_s
    if off < -tolerance_s - 1e-9:
        return "too_fast"
    if off > tolerance_s + 1e-9:
        return "too_slow"
    return "cleared"


def surge_threshold_s(tolerance_s: float, step_s: float) -> float:
    """How far under target a level must go to count as a surge: past the window by half a step or more."""
    return tolerance_s + max(tolerance_s, abs(step_s) / 2.0)


def judge_levels(
    segments: Sequence[SegmentData | None],
    targets_s: Sequence[float],
    tolerance_s: float,
    step_s: float,
    *,
    hilly_tolerance_s: float | None = None,
) -> list[Level]:
    """Each segment against its target pace; `None` marks a segment the run never reached.

    The hilly rule uses half of `hilly_tolerance_s` (default: the window itself).
    """
    limit = hilly_limit_s(tolerance_s if hilly_tolerance_s is None else hilly_tolerance_s)
    levels: list[Level] = []
    prev_hr: float | None = None
    for i, (seg, target) in enumerate(zip(segments, targets_s, strict=True)):
        if seg is None:
            levels.append(
                Level(i + 1, math.nan, math.nan, target, tolerance_s, None, None, None, "pace", None,
                      "not_run", None, None, None)
            )  # fmt: skip
            prev_hr = None
            continue
        actual, used = used_pace(seg, limit)
        hr = seg.avg_hr if seg.avg_hr is not None and math.isfinite(seg.avg_hr) else None
        levels.append(
            Level(
                index=i + 1,
                start_m=seg.start_m,
                distance_m=seg.distance_m,
                target_pace_s=target,
                tolerance_s=tolerance_s,
                actual_pace_s=actual,
                pace_s=seg.pace_s,
                gap_s=seg.gap_s if seg.gap_s is not None and math.isfinite(seg.gap_s) else None,
                used=used,
                hilly=hilly_reason(seg, limit),
                verdict=verdict_for(actual, target, tolerance_s),
                off_s=actual - target,
                avg_hr=hr,
                hr_change_bpm=(hr - prev_hr) if hr is not None and prev_hr is not None else None,
                partial=seg.partial,
            )
        )
        prev_hr = hr
    return _mark_surges(levels, tolerance_s, step_s)


def _mark_surges(levels: list[Level], tolerance_s: float, step_s: float) -> list[Level]:
    """A surge: well under target, then a fade (the next level slower by more than the window, or a
    later level too slow). "Go too fast in one mile, you'll potentially lose in the end."
    """
    limit = surge_threshold_s(tolerance_s, step_s)
    out = list(levels)
    for k, lv in enumerate(levels):
        if lv.off_s is None or lv.actual_pace_s is None or lv.off_s > -limit:
            continue
        later = [x for x in levels[k + 1 :] if x.actual_pace_s is not None]
        if not later or later[0].actual_pace_s is None:
            continue
        fade = later[0].actual_pace_s > lv.actual_pace_s + tolerance_s or any(
            x.verdict == "too_slow" for x in later
        )
        if fade:
            out[k] = replace(lv, surge=True)
    return out


# ---------------------------------------------------------------------------------------------- boss


@dataclass(frozen=True)
class Boss:
    """The last level: beaten when at or under its target (within the window) and not slower than the
    level before."""

    verdict: Literal["cleared", "too_slow", "slower_than_before", "not_reached"]
    index: int
    target_pace_s: float
    actual_pace_s: float | None
    off_s: float | None
    previous_pace_s: float | None
    why: str

    @property
    def beaten(self) -> bool:
        return self.verdict == "cleared"

    def to_json(self) -> dict[str, Any]:
        return {
            "verdict": self.verdict,
            "index": self.index,
            "target_pace_s": self.target_pace_s,
            "actual_pace_s": self.actual_pace_s,
            "off_s": self.off_s,
            "previous_pace_s": self.previous_pace_s,
            "why": self.why,
        }


def judge_boss(levels: Sequence[Level], *, slack_s: float = BOSS_SLACK_S) -> Boss:
    """The boss verdict with a one-line reason; `slack_s` is how much slower than the level before
    still counts as "not slower" (rounding for a plan; the ladder's scatter for a found one)."""
    from progtempo.units import format_pace

    f = format_pace
    last = levels[-1]
    prev = levels[-2].actual_pace_s if len(levels) > 1 else None
    if last.actual_pace_s is None or last.off_s is None:
        return Boss("not_reached", last.index, last.target_pace_s, None, None, prev,
                    "the run ended before the last level")  # fmt: skip
    actual, target = last.actual_pace_s, last.target_pace_s
    if last.off_s > last.tolerance_s + 1e-9:
        why = f"{f(actual)} was {last.off_s:.0f} s slower than the target {f(target)}"
        return Boss("too_slow", last.index, target, actual, last.off_s, prev, why)
    if prev is not None and actual > prev + slack_s:
        why = f"{f(actual)} was {actual - prev:.0f} s slower than the level before ({f(prev)})"
        return Boss("slower_than_before", last.index, target, actual, last.off_s, prev, why)
    how = "under" if last.off_s < -last.tolerance_s else "on"
    why = f"{f(actual)} {how} the target {f(target)}, and the fastest finish of the ladder"
    if prev is not None and actual > prev - FASTER_MIN_S:
        why = f"{f(actual)} {how} the target {f(target)}, holding the pace of the level before"
    return Boss("cleared", last.index, target, actual, last.off_s, prev, why)


# ---------------------------------------------------------------------------------------- progression


@dataclass(frozen=True)
class HrResponse:
    """Heart rate along the ladder: per level, its response to pace, and drift against the GAP ladder."""

    levels_bpm: list[float | None]
    rise_per_level_bpm: float | None
    bpm_per_s_faster: float | None
    drift_bpm: float | None
    drift_basis: str

    def to_json(self) -> dict[str, Any]:
        return {
            "levels_bpm": self.levels_bpm,
            "rise_per_level_bpm": self.rise_per_level_bpm,
            "bpm_per_s_faster": self.bpm_per_s_faster,
            "drift_bpm": self.drift_bpm,
            "drift_basis": self.drift_basis,
        }


@dataclass(frozen=True)
class Progression:
    """How the ladder was climbed: slope, evenness and monotonicity of the paces judged."""

    used: Literal["pace", "gap", "mixed"]
    paces_s: list[float]
    achieved_step_s: float
    planned_step_s: float
    evenness_s: float
    steps_s: list[float]
    faster: int
    of: int
    hr: HrResponse

    def to_json(self) -> dict[str, Any]:
        return {
            "used": self.used,
            "paces_s": self.paces_s,
            "achieved_step_s": self.achieved_step_s,
            "planned_step_s": self.planned_step_s,
            "evenness_s": self.evenness_s,
            "steps_s": self.steps_s,
            "monotonic": {"faster": self.faster, "of": self.of},
            "hr": self.hr.to_json(),
        }


def slope_faster(paces_s: Sequence[float]) -> float:
    """Least-squares slope through the paces against their index, sign flipped: positive = faster."""
    n = len(paces_s)
    if n < 2:
        return 0.0
    mx = (n - 1) / 2.0
    my = sum(paces_s) / n
    sxy = sum([(i - mx) * (p - my) for i, p in enumerate(paces_s)])
    return -sxy / _index_sxx(n)


@functools.lru_cache(maxsize=256)
def _index_sxx(n: int) -> float:
    """Σ (i − mean)² over the indices 0..n−1 (the coach's block search asks it for the same n often)."""
    mx = (n - 1) / 2.0
    return sum((i - mx) ** 2 for i in range(n))


def line_fit(xs: Sequence[float], ys: Sequence[float]) -> tuple[float, float] | None:
    """(intercept, slope) of the least-squares line, or None when the xs don't spread."""
    n = len(xs)
    if n < 2:
        return None
    mx, my = sum(xs) / n, sum(ys) / n
    sxx = sum((x - mx) ** 2 for x in xs)
    if sxx < 1e-9:
        return None
    slope = sum((x - mx) * (y - my) for x, y in zip(xs, ys, strict=True)) / sxx
    return my - slope * mx, slope


def hr_response(levels: Sequence[Level]) -> HrResponse:
    """HR per level, its rise per level, bpm per second faster, and drift against the GAP ladder.

    Drift: fit HR = a + b·GAP on the first half of the levels and report the mean of (HR − fit) over
    the second half: the beats the heart added beyond what the faster GAP explains. When the GAP
    spread less than `DRIFT_MIN_SPREAD_S` over the first half, the fit can't be trusted: if the
    whole ladder stayed that flat, drift is the rise of the mean HR from the first half to the second,
    otherwise it is unknown (None).
    """
    bpm = [lv.avg_hr for lv in levels]
    pts: list[tuple[float, float, float]] = []  # (GAP, pace judged, HR)
    for lv in levels:
        if lv.actual_pace_s is None or lv.avg_hr is None:
            continue
        gap = lv.gap_s if lv.gap_s is not None else lv.actual_pace_s
        pts.append((gap, lv.actual_pace_s, lv.avg_hr))
    if len(pts) < 2:
        return HrResponse(bpm, None, None, None, "gap")
    hrs = [p[2] for p in pts]
    rise = -slope_faster(hrs)
    fit_used = line_fit([p[1] for p in pts], hrs)
    per_s = -fit_used[1] if fit_used else None
    half = len(pts) // 2
    first, second = pts[:half], pts[half:]
    drift: float | None = None
    spread_first = max(p[0] for p in first) - min(p[0] for p in first) if first else 0.0
    spread_all = max(p[0] for p in pts) - min(p[0] for p in pts)
    fit = (
        line_fit([p[0] for p in first], [p[2] for p in first]) if spread_first >= DRIFT_MIN_SPREAD_S else None
    )
    if fit is not None:
        a, b = fit
        drift = _stats.fmean(p[2] - (a + b * p[0]) for p in second)
    elif first and spread_all < DRIFT_MIN_SPREAD_S:
        drift = _stats.fmean(p[2] for p in second) - _stats.fmean(p[2] for p in first)
    return HrResponse(bpm, rise, per_s, drift, "gap")


def judge_progression(levels: Sequence[Level], planned_step_s: float) -> Progression:
    """Slope (achieved step), evenness (std dev of the step-to-step changes), monotonicity and HR."""
    run = [lv for lv in levels if lv.actual_pace_s is not None]
    paces = [lv.actual_pace_s for lv in levels if lv.actual_pace_s is not None]
    steps = [a - b for a, b in itertools.pairwise(paces)]
    used_set = {lv.used for lv in run}
    used: Literal["pace", "gap", "mixed"] = (
        "mixed" if len(used_set) > 1 else ("gap" if used_set == {"gap"} else "pace")
    )
    return Progression(
        used=used,
        paces_s=paces,
        achieved_step_s=slope_faster(paces),
        planned_step_s=planned_step_s,
        evenness_s=_stats.pstdev(steps) if len(steps) >= 2 else 0.0,
        steps_s=steps,
        faster=sum(1 for s in steps if s > FASTER_MIN_S),
        of=len(steps),
        hr=hr_response(levels),
    )


# --------------------------------------------------------------------------------------- score, badges


def level_credit(level: Level, scale_s: float) -> float:
    """1 inside the window, falling linearly to 0 at `scale_s` beyond it; 0 for a level not run."""
    if level.off_s is None:
        return 0.0
    miss = max(0.0, abs(level.off_s) - level.tolerance_s)
    return max(0.0, 1.0 - miss / scale_s)


def miss_scale_s(step_s: float, tolerance_s: float) -> float:
    """How far past the window a level may go before it earns nothing: a step, at least 2 windows, 10 s."""
    return max(abs(step_s), 2.0 * tolerance_s, 10.0)


@dataclass(frozen=True)
class Score:
    """The 0-100 score and its parts (each already weighted)."""

    total: int
    levels: float
    step: float
    evenness: float
    monotonic: float
    boss: float

    def to_json(self) -> dict[str, float]:
        return {
            "levels": round(self.levels, 1),
            "step": round(self.step, 1),
            "evenness": round(self.evenness, 1),
            "monotonic": round(self.monotonic, 1),
            "boss": round(self.boss, 1),
        }


def score(levels: Sequence[Level], progression: Progression, boss: Boss) -> Score:
    """Score = 40·levels + 25·step + 15·evenness + 10·monotonic + 10·boss (docs/coaching.md).

    levels: mean level credit; step: 1 − |achieved − planned| / planned; evenness: 1 − spread / step,
    counted only as far as the ladder was built; monotonic: share of levels faster than the one before.
    """
    planned = progression.planned_step_s
    tol = levels[0].tolerance_s if levels else 0.0
    scale = miss_scale_s(planned, tol)
    lv = _stats.fmean(level_credit(x, scale) for x in levels) if levels else 0.0
    if planned > 0:
        built = max(0.0, min(1.0, progression.achieved_step_s / planned))
        step = max(0.0, 1.0 - abs(progression.achieved_step_s - planned) / planned)
    else:  # a flat plan: any drift counts against it
        built = 1.0
        step = max(0.0, 1.0 - abs(progression.achieved_step_s) / scale)
    even = max(0.0, 1.0 - progression.evenness_s / max(planned, 10.0)) * built
    mono = progression.faster / progression.of if progression.of else 0.0
    if planned <= 0:
        mono = 1.0
    boss_part = 1.0 if boss.beaten else 0.0
    parts = (W_LEVELS * lv, W_STEP * step, W_EVENNESS * even, W_MONOTONIC * mono, W_BOSS * boss_part)
    return Score(round(sum(parts)), *parts)


BADGES = ("perfect_ladder", "boss_beaten", "even_steps", "negative_split")


def badges(levels: Sequence[Level], progression: Progression, boss: Boss) -> list[str]:
    """perfect_ladder: every level cleared; boss_beaten; even_steps: every level faster than the one
    before with a spread of steps inside the window; negative_split: the second half of the ladder
    ran faster (by the clock) than the first.
    """
    out: list[str] = []
    if levels and all(lv.cleared for lv in levels):
        out.append("perfect_ladder")
    if boss.beaten:
        out.append("boss_beaten")
    tol = levels[0].tolerance_s if levels else 0.0
    if (
        progression.of >= 1
        and progression.faster == progression.of
        and progression.evenness_s <= max(tol, 1.0)
    ):
        out.append("even_steps")
    clock = [(lv.pace_s, lv.distance_m) for lv in levels if lv.pace_s is not None]
    half = len(clock) // 2
    if half >= 1:
        first = sum(p * d for p, d in clock[:half])
        second = sum(p * d for p, d in clock[-half:])
        if second < first:
            out.append("negative_split")
    return out


__all__ = [
    "BADGES",
    "HILLY_MIN_EFFECT_S",
    "Boss",
    "HrResponse",
    "Level",
    "Progression",
    "Score",
    "SegmentData",
    "badges",
    "hilly_limit_s",
    "hilly_reason",
    "judge_boss",
    "judge_levels",
    "judge_progression",
    "level_credit",
    "score",
    "slope_faster",
    "surge_threshold_s",
    "used_pace",
    "verdict_for",
]
