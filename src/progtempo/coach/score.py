"""The ladder's progression, score and badges, from its levels and its boss (`levels.py`).

The score formula is explained in docs/coaching.md; the weights below are the ones it names.
"""

from __future__ import annotations

import functools
import itertools
from collections.abc import Sequence
from dataclasses import dataclass
from typing import Any, Literal

from progtempo.coach import _stats
from progtempo.coach.levels import FASTER_MIN_S, Boss, Level

#: HR drift needs the GAP to spread at least this much over the first half of the ladder to fit HR to it.
DRIFT_MIN_SPREAD_S = 5.0

#: Score weights (they sum to 100); see docs/coaching.md.
W_LEVELS = 40.0
W_STEP = 25.0
W_EVENNESS = 15.0
W_MONOTONIC = 10.0
W_BOSS = 10.0


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
    "HrResponse",
    "Progression",
    "Score",
    "badges",
    "judge_progression",
    "level_credit",
    "score",
    "slope_faster",
]
