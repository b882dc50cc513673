"""Which energy system each segment leans on, from its intensity relative to threshold pace.

Every system contributes in every segment; what shifts is the emphasis. The model (docs/energy.md):
intensity is speed relative to threshold speed (threshold pace ÷ segment pace, 1.0 = threshold, the
"comfortably hard" pace a progressive tempo ends at). The glycolytic emphasis rises along a logistic
curve centred a little under threshold; the phosphagen system keeps a small share that grows only
near sprinting; the oxidative (aerobic) system takes the rest. These are training-emphasis shares,
not measured fractions of the energy turned over: by energy, any effort longer than a few minutes is
mostly aerobic.
"""

from __future__ import annotations

import math
from collections.abc import Sequence
from dataclasses import dataclass
from typing import Any, Literal

Label = Literal["primarily aerobic", "mixed", "primarily glycolytic"]
ThresholdSource = Literal["fitness", "given", "plan_end", "block_end"]

#: The glycolytic emphasis: a floor, a range, the intensity it centres on and how sharply it rises.
GLYCOLYTIC_FLOOR = 0.05
GLYCOLYTIC_RANGE = 0.75
GLYCOLYTIC_CENTRE = 0.95
GLYCOLYTIC_WIDTH = 0.04
#: The phosphagen emphasis: a small floor, rising around sprinting speeds.
PHOSPHAGEN_FLOOR = 0.02
PHOSPHAGEN_RANGE = 0.10
PHOSPHAGEN_CENTRE = 1.15
PHOSPHAGEN_WIDTH = 0.05
#: Labels: aerobic share at least this -> primarily aerobic; glycolytic share at least this -> glycolytic.
AEROBIC_LABEL_SHARE = 0.65
GLYCOLYTIC_LABEL_SHARE = 0.50


#: What an estimated threshold means for the figures.
NOTES: dict[str, str] = {
    "plan_end": "threshold estimated as the plan's end pace ('comfortably hard'); "
    "give your own threshold pace for a better figure",
    "block_end": "threshold estimated as the last pace of the block found; a run that did not end "
    "comfortably hard (a long run) reads as harder than it was: give your own threshold pace",
}


def _logistic(x: float) -> float:
    return 1.0 / (1.0 + math.exp(-x))


@dataclass(frozen=True)
class SegmentEnergy:
    """One segment: its intensity (speed over threshold speed), shares and label."""

    index: int
    pace_s: float
    intensity: float
    aerobic: float
    glycolytic: float
    phosphagen: float
    label: Label

    def to_json(self) -> dict[str, Any]:
        return {
            "index": self.index,
            "pace_s": self.pace_s,
            "intensity": round(self.intensity, 3),
            "shares": {
                "aerobic": round(self.aerobic, 3),
                "glycolytic": round(self.glycolytic, 3),
                "phosphagen": round(self.phosphagen, 3),
            },
            "label": self.label,
        }


@dataclass(frozen=True)
class EnergyReport:
    """Every segment's emphasis, and where the threshold pace came from."""

    threshold_pace_s: float | None
    threshold_source: ThresholdSource | None
    segments: list[SegmentEnergy]

    def to_json(self) -> dict[str, Any]:
        return {
            "threshold_pace_s": self.threshold_pace_s,
            "threshold_source": self.threshold_source,
            "segments": [s.to_json() for s in self.segments],
            "model": "training emphasis by intensity relative to threshold (docs/energy.md)",
            "note": NOTES.get(self.threshold_source) if self.threshold_source else None,
        }


def shares(intensity: float) -> tuple[float, float, float]:
    """(aerobic, glycolytic, phosphagen) emphasis at `intensity` (speed over threshold speed); sums to 1."""
    glyco = GLYCOLYTIC_FLOOR + GLYCOLYTIC_RANGE * _logistic(
        (intensity - GLYCOLYTIC_CENTRE) / GLYCOLYTIC_WIDTH
    )
    phos = PHOSPHAGEN_FLOOR + PHOSPHAGEN_RANGE * _logistic((intensity - PHOSPHAGEN_CENTRE) / PHOSPHAGEN_WIDTH)
    return 1.0 - glyco - phos, glyco, phos


def label_for(aerobic: float, glycolytic: float) -> Label:
    """`primarily aerobic`, `primarily glycolytic`, or `mixed` in between."""
    if aerobic >= AEROBIC_LABEL_SHARE:
        return "primarily aerobic"
    if glycolytic >= GLYCOLYTIC_LABEL_SHARE:
        return "primarily glycolytic"
    return "mixed"


def segment_energy(index: int, pace_s: float, threshold_pace_s: float) -> SegmentEnergy:
    """One segment's emphasis; both paces in seconds per the same unit."""
    intensity = threshold_pace_s / pace_s
    a, g, p = shares(intensity)
    return SegmentEnergy(index, pace_s, intensity, a, g, p, label_for(a, g))


def energy_report(
    paces_s: Sequence[float | None], threshold_pace_s: float | None, source: ThresholdSource | None
) -> EnergyReport:
    """The emphasis of each segment (None for a segment not run) against `threshold_pace_s`."""
    if threshold_pace_s is None or threshold_pace_s <= 0:
        return EnergyReport(None, None, [])
    segs = [
        segment_energy(i + 1, p, threshold_pace_s)
        for i, p in enumerate(paces_s)
        if p is not None and math.isfinite(p) and p > 0
    ]
    return EnergyReport(threshold_pace_s, source, segs)


__all__ = ["EnergyReport", "SegmentEnergy", "energy_report", "label_for", "segment_energy", "shares"]
