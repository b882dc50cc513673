"""A progressive run's levels: each segment a level judged against its target, the last one the boss.

Everything here works on plain numbers (`SegmentData`: a segment's pace, GAP, grade, climb and heart
rate) and target paces, so the rules can be tested without reading or analysing a file. The rules are
explained in docs/coaching.md; the constants below are the ones it names. `score.py` turns the levels and
the boss into the ladder's progression, score and badges.
"""

from __future__ import annotations

import math
from collections.abc import Sequence
from dataclasses import dataclass, replace
from typing import TYPE_CHECKING, Any, Literal

from progtempo.coach._text import signed

if TYPE_CHECKING:
    from progtempo.analysis import Split

Used = Literal["pace", "gap"]
Verdict = Literal["cleared", "too_fast", "too_slow", "not_run"]

#: A segment is hilly, and judged by GAP, when the ground moves its pace (GAP against raw pace) by more
#: than half the window, and by more than this many seconds per unit (docs/coaching.md, "hilly rule").
HILLY_MIN_EFFECT_S = 2.0
#: A level counts as faster than the one before only when it gained more than this (measurement noise).
FASTER_MIN_S = 0.5
#: The boss may be this much slower than the level before and still be "not slower" (rounding of splits).
BOSS_SLACK_S = 0.5


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


__all__ = [
    "BOSS_SLACK_S",
    "FASTER_MIN_S",
    "HILLY_MIN_EFFECT_S",
    "Boss",
    "Level",
    "SegmentData",
    "Used",
    "Verdict",
    "hilly_limit_s",
    "hilly_reason",
    "judge_boss",
    "judge_levels",
    "segment_data",
    "surge_threshold_s",
    "used_pace",
    "verdict_for",
]
