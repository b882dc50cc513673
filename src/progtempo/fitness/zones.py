"""Training zones from a VDOT: which Daniels zone a pace falls in, and the talk-test effort it should feel.

Bounds are paces in seconds per km, from `vdot.training_paces`. A pace between two training paces belongs
to the slower zone until it passes the midpoint, so every pace has exactly one zone.
"""

from __future__ import annotations

import math
from dataclasses import dataclass
from typing import Any, Literal

from progtempo.fitness.vdot import training_paces

#: Daniels' zone → the talk-test effort key of `progtempo.fitness.effort` it corresponds to.
ZONE_EFFORT: dict[str, str] = {
    "recovery": "conversational",
    "easy": "conversational",
    "marathon": "a_few_sentences",
    "threshold": "a_few_words",
    "interval": "single_word",
    "repetition": "single_word",
}


@dataclass(frozen=True)
class PaceZones:
    """The training paces of one VDOT, in seconds per km."""

    vdot: float
    easy_fast_s: float
    easy_slow_s: float
    marathon_s: float
    threshold_s: float
    interval_s: float
    repetition_s: float

    @classmethod
    def from_vdot(cls, vdot: float) -> PaceZones:
        """The zones of a runner of `vdot`."""
        p = training_paces(vdot)
        return cls(
            vdot=vdot,
            easy_fast_s=p["easy"][0],
            easy_slow_s=p["easy"][1],
            marathon_s=p["marathon"],
            threshold_s=p["threshold"],
            interval_s=p["interval"],
            repetition_s=p["repetition"],
        )

    def zone_of(self, pace_s_per_km: float) -> str:
        """The zone of a pace: recovery, easy, marathon, threshold, interval or repetition."""
        if pace_s_per_km > self.easy_slow_s:
            return "recovery"
        edges = (
            ("easy", 0.5 * (self.easy_fast_s + self.marathon_s)),
            ("marathon", 0.5 * (self.marathon_s + self.threshold_s)),
            ("threshold", 0.5 * (self.threshold_s + self.interval_s)),
            ("interval", 0.5 * (self.interval_s + self.repetition_s)),
        )
        for zone, faster_edge in edges:
            if pace_s_per_km > faster_edge:
                return zone
        return "repetition"

    def effort_of(self, pace_s_per_km: float) -> str:
        """The talk-test effort key a pace should feel like for this runner."""
        return ZONE_EFFORT[self.zone_of(pace_s_per_km)]

    def to_json(self) -> dict[str, float]:
        return {
            "vdot": self.vdot,
            "easy_fast_s_per_km": self.easy_fast_s,
            "easy_slow_s_per_km": self.easy_slow_s,
            "marathon_s_per_km": self.marathon_s,
            "threshold_s_per_km": self.threshold_s,
            "interval_s_per_km": self.interval_s,
            "repetition_s_per_km": self.repetition_s,
        }

    @classmethod
    def from_threshold(cls, threshold_s_per_km: float) -> PaceZones:
        """The zones of the runner whose threshold (Daniels T) pace is `threshold_s_per_km`."""
        from progtempo.fitness.vdot import VDOT_MAX, VDOT_MIN, threshold_pace_s_per_km

        lo, hi = VDOT_MIN - 10.0, VDOT_MAX + 10.0  # a faster threshold is a higher VDOT
        for _ in range(100):
            mid = 0.5 * (lo + hi)
            if threshold_pace_s_per_km(mid) > threshold_s_per_km:
                lo = mid
            else:
                hi = mid
        return cls.from_vdot(0.5 * (lo + hi))


#: Talk-test effort → heart-rate band as fractions of threshold heart rate (Friel's running zones by
#: %LTHR: Z1-2 up to 89 %, Z3 90-94 %, Z4-5a 95-102 %, Z5b-c 103 % and up), used when the threshold heart
#: rate is known; otherwise the %HRmax bands of `fitness.effort.EFFORTS`.
LTHR_FRACTIONS: tuple[float, ...] = (0.75, 0.90, 0.95, 1.03)
#: The top of the single-word band without a known maximum: this fraction of threshold heart rate.
LTHR_TOP = 1.08


@dataclass(frozen=True)
class HrZone:
    """One talk-test effort's heart-rate band in whole bpm, `low_bpm` to `high_bpm` inclusive."""

    effort: str
    zone: int
    name: str
    low_bpm: int
    high_bpm: int

    @property
    def text(self) -> str:
        """`152-161 bpm`."""
        return f"{self.low_bpm}-{self.high_bpm} bpm"

    def to_json(self) -> dict[str, Any]:
        return {
            "effort": self.effort,
            "zone": self.zone,
            "name": self.name,
            "low_bpm": self.low_bpm,
            "high_bpm": self.high_bpm,
        }


@dataclass(frozen=True)
class HrZones:
    """The talk-test efforts in bpm for one runner, from threshold heart rate or from maximum."""

    basis: Literal["threshold_hr", "max_hr"]
    reference_bpm: float
    zones: tuple[HrZone, ...]

    def for_effort(self, effort: str) -> HrZone | None:
        return next((z for z in self.zones if z.effort == effort), None)

    def to_json(self) -> dict[str, Any]:
        return {
            "basis": self.basis,
            "reference_bpm": self.reference_bpm,
            "zones": [z.to_json() for z in self.zones],
        }


def hr_zones(threshold_hr_bpm: float | None = None, hr_max_bpm: float | None = None) -> HrZones | None:
    """The efforts' heart-rate bands: from threshold heart rate when known (it is the runner's own
    anchor), else from maximum heart rate; None when neither is known."""
    from progtempo.fitness.effort import EFFORTS

    basis: Literal["threshold_hr", "max_hr"]
    if threshold_hr_bpm is not None:
        ref, basis = threshold_hr_bpm, "threshold_hr"
        fracs = list(LTHR_FRACTIONS)
        top = hr_max_bpm if hr_max_bpm is not None else LTHR_TOP * ref
    elif hr_max_bpm is not None:
        ref, basis = hr_max_bpm, "max_hr"
        fracs = [e.hr_pct_max_low / 100.0 for e in EFFORTS]
        top = ref
    else:
        return None
    lows = [math.ceil(f * ref - 1e-9) for f in fracs]
    highs = [lo - 1 for lo in lows[1:]] + [max(round(top), lows[-1])]
    zones = tuple(
        HrZone(e.key, e.hr_zone, e.hr_zone_name, lo, hi)
        for e, lo, hi in zip(EFFORTS, lows, highs, strict=True)
    )
    return HrZones(basis, ref, zones)


@dataclass(frozen=True)
class RunnerZones:
    """What is known of one runner's zones: by pace (from threshold pace), by heart rate, or neither."""

    pace: PaceZones | None = None
    hr: HrZones | None = None

    def effort_of(self, pace_s_per_km: float) -> str | None:
        """The talk-test effort a pace should feel like for this runner; None without pace zones."""
        return self.pace.effort_of(pace_s_per_km) if self.pace is not None else None

    def to_json(self) -> dict[str, Any]:
        return {
            "pace": self.pace.to_json() if self.pace else None,
            "hr": self.hr.to_json() if self.hr else None,
        }


def runner_zones(
    threshold_s_per_km: float | None = None,
    threshold_hr_bpm: float | None = None,
    hr_max_bpm: float | None = None,
) -> RunnerZones:
    """The runner's zones from what is known (threshold pace, threshold heart rate, maximum)."""
    pace = PaceZones.from_threshold(threshold_s_per_km) if threshold_s_per_km is not None else None
    return RunnerZones(pace, hr_zones(threshold_hr_bpm, hr_max_bpm))
