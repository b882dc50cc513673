"""The rungs of a ladder: one segment as it is shown and exported, and the easy running either side.

`Segment` is one rung with its target pace, window, split and cumulative time, effort and heart-rate
target; `Easy` a warm-up or cool-down given as a distance or a time. `plan/ladder.py` (`Session`)
makes them; `plan/solve.py` builds the session from what the runner gives.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from progtempo.units import Unit, unit_m


@dataclass(frozen=True)
class Easy:
    """A warm-up or cool-down at easy pace, given as a distance or a time (one of them)."""

    pace_s: float
    distance_m: float | None = None
    duration_s: float | None = None

    def time_s(self, unit: Unit) -> float:
        """How long it takes at its pace."""
        if self.duration_s is not None:
            return self.duration_s
        return (self.distance_m or 0.0) / unit_m(unit) * self.pace_s

    def length_m(self, unit: Unit) -> float:
        """How far it goes at its pace."""
        if self.distance_m is not None:
            return self.distance_m
        return (self.duration_s or 0.0) / self.pace_s * unit_m(unit)

    def to_json(self, unit: Unit) -> dict[str, float | None]:
        """`pace_s`, `distance_m` and `time_s`, and `duration_s` when it was given as a time."""
        return {
            "pace_s": self.pace_s,
            "distance_m": self.length_m(unit),
            "time_s": self.time_s(unit),
            "duration_s": self.duration_s,
        }


@dataclass(frozen=True)
class Segment:
    """One rung of the ladder, as it is shown and exported.

    A segment by distance has `distance_m`; one by time has `duration_s` (and `distance_m` None), and
    with paces the distance it should cover, slow end to fast end of the window (`distance_range_m`).
    By effort, `hr_target_pct` is its heart-rate band in % of max.
    """

    index: int
    distance_m: float | None
    target_pace_s: float
    slow_pace_s: float
    fast_pace_s: float
    split_time_s: float
    cumulative_time_s: float
    effort: str
    duration_s: float | None = None
    distance_range_m: tuple[float, float] | None = None
    hr_target_pct: tuple[float, float] | None = None
    #: `hr_target_pct` in the runner's bpm, when their heart rate is known
    hr_target_bpm: tuple[int, int] | None = None

    def to_json(self) -> dict[str, Any]:
        """One entry of the plan JSON's `segments`: DESIGN.md keys plus the talk test, RPE and HR zone."""
        from progtempo.fitness.effort import EFFORT_BY_KEY

        e = EFFORT_BY_KEY.get(self.effort)
        doc: dict[str, Any] = {
            "index": self.index,
            "distance_m": self.distance_m,
            "duration_s": self.duration_s,
            "distance_range_m": list(self.distance_range_m) if self.distance_range_m else None,
            "target_pace_s": self.target_pace_s,
            "slow_pace_s": self.slow_pace_s,
            "fast_pace_s": self.fast_pace_s,
            "split_time_s": self.split_time_s,
            "effort": self.effort,
            "cumulative_time_s": self.cumulative_time_s,
        }
        if e is not None:
            doc.update(
                talk_test=e.talk,
                rpe_low=e.rpe_low,
                rpe_high=e.rpe_high,
                hr_zone=e.hr_zone,
                hr_pct_max=[e.hr_pct_max_low, e.hr_pct_max_high],
            )
        band = self.hr_target_pct
        doc["hr_target_pct"] = [round(band[0], 1), round(band[1], 1)] if band else None
        doc["hr_target_bpm"] = list(self.hr_target_bpm) if self.hr_target_bpm else None
        return doc
