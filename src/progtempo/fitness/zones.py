"""Training zones from a VDOT: which Daniels zone a pace falls in, and the talk-test effort it should feel.

Bounds are paces in seconds per km, from `vdot.training_paces`. A pace between two training paces belongs
to the slower zone until it passes the midpoint, so every pace has exactly one zone.
"""

from __future__ import annotations

from dataclasses import dataclass

from progtempo.fitness.vdot import training_paces

#: Daniels' zone → the talk-test effort key of `progtempo.plan.effort` it corresponds to.
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
