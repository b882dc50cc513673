"""Ladders by feel: which effort each segment asks for, and heart-rate targets along an effort ladder.

The efforts themselves (the talk test, RPE and heart-rate zone: `EFFORTS`) are the fitness scale in
`progtempo.fitness.effort`; docs/effort.md gives the table and its sources. Pace mode uses the same table
for each segment's `effort` field, stepping up the talk test along the ladder.
"""

from __future__ import annotations

import itertools
from dataclasses import dataclass

from progtempo.fitness.effort import EFFORTS, Effort


def effort_for_segment(index0: int, segments: int, top: int = 3) -> Effort:
    """The effort of segment `index0` (0-based) of `segments`, from conversational up to level `top`.

    A progressive tempo ends "comfortably hard", a few words (level 3 of 4); `top=4` reaches a single
    word for runs that end at the runner's top-end effort.
    """
    if segments <= 1:
        return EFFORTS[top - 1]
    frac = index0 / (segments - 1)
    level = 1 + round(frac * (top - 1))
    return EFFORTS[min(max(level, 1), top) - 1]


# ---- the effort ladder: heart rate as a share of the maximum, segment by segment ----

#: By effort the ladder climbs heart rate: the first segment's target sits in Z2 (could recite
#: Shakespeare), the last in Z5 (a single word), the rest evenly between (docs/effort.md).
EFFORT_FROM_PCT = 70.0
EFFORT_TO_PCT = 96.0
#: An intensity step of an effort ladder lifts the first target by this much (about 4 bpm at a maximum
#: of 190; "a few beats"), the last staying where it is.
EFFORT_LIFT_PCT = 2.0
#: The first segment stays conversational however the ladder is lifted: its target at most this.
EFFORT_FROM_MAX_PCT = 74.0
#: Each segment's heart-rate band is its target ± this much, or ± half the step when steps are smaller.
EFFORT_BAND_HALF_PCT = 2.5


def effort_of_pct(pct_max: float) -> Effort:
    """The talk-test level whose heart-rate zone holds `pct_max` (% of max HR); below Z2 is still Z2."""
    for e in EFFORTS:
        if pct_max < e.hr_pct_max_high:
            return e
    return EFFORTS[-1]


def effort_targets_pct(segments: int, from_pct: float, to_pct: float) -> list[float]:
    """Each segment's heart-rate target (% of max), evenly from `from_pct` to `to_pct`."""
    if segments <= 1:
        return [to_pct]
    step = (to_pct - from_pct) / (segments - 1)
    return [from_pct + i * step for i in range(segments)]


def effort_bands_pct(targets: list[float]) -> list[tuple[float, float]]:
    """Each target's band (% of max): ± EFFORT_BAND_HALF_PCT, narrower so neighbours don't overlap."""
    if len(targets) > 1:
        half = min(EFFORT_BAND_HALF_PCT, min(b - a for a, b in itertools.pairwise(targets)) / 2)
    else:
        half = EFFORT_BAND_HALF_PCT
    return [(max(0.0, t - half), min(100.0, t + half)) for t in targets]


@dataclass(frozen=True)
class HrScale:
    """The runner's own heart rate: % of max (the effort table's scale) to bpm, through their zones.

    `knots_pct` are the zone edges of `EFFORTS` (60, 75, 85, 92, 100) and `knots_bpm` the runner's
    bpm at each; between them the map is linear. From a maximum alone it is % of that maximum; from a
    threshold heart rate the zones are the runner's own (`fitness.zones.hr_zones`), and the same %-of-max
    target lands in the same zone in bpm.
    """

    knots_pct: tuple[float, ...]
    knots_bpm: tuple[float, ...]
    basis: str = "max_hr"

    @classmethod
    def from_max(cls, hr_max_bpm: float) -> HrScale:
        """Bpm as a share of the maximum heart rate."""
        return cls((0.0, 100.0), (0.0, float(hr_max_bpm)), "max_hr")

    @classmethod
    def from_zone_edges(cls, lows_bpm: list[float], top_bpm: float, basis: str) -> HrScale:
        """From the lowest bpm of each effort's zone (Z2..Z5) and the top of Z5."""
        pct = [float(e.hr_pct_max_low) for e in EFFORTS] + [float(EFFORTS[-1].hr_pct_max_high)]
        return cls(tuple(pct), (*(float(b) for b in lows_bpm), float(top_bpm)), basis)

    def bpm(self, pct_max: float) -> float:
        """The bpm of a heart rate `pct_max` % of max on this runner's scale (linear past the ends)."""
        xs, ys = self.knots_pct, self.knots_bpm
        i = next((k for k in range(1, len(xs) - 1) if pct_max < xs[k]), len(xs) - 1)
        x0, x1, y0, y1 = xs[i - 1], xs[i], ys[i - 1], ys[i]
        return y0 + (pct_max - x0) * (y1 - y0) / (x1 - x0)

    def band_bpm(self, band_pct: tuple[float, float]) -> tuple[int, int]:
        """A band in % of max as whole bpm, low rounded up and high down (never wider than asked)."""
        import math

        lo, hi = math.ceil(self.bpm(band_pct[0]) - 1e-9), math.floor(self.bpm(band_pct[1]) + 1e-9)
        return lo, max(lo, hi)

    def zone_bpm(self, effort: Effort) -> tuple[int, int]:
        """An effort's whole zone in bpm: from its lowest whole beat to the beat below the next zone."""
        import math

        lo = math.ceil(self.bpm(effort.hr_pct_max_low) - 1e-9)
        if effort.hr_pct_max_high >= 100:
            return lo, max(lo, round(self.bpm(100.0)))
        return lo, max(lo, math.ceil(self.bpm(effort.hr_pct_max_high) - 1e-9) - 1)

    def to_json(self) -> dict[str, object]:
        return {"basis": self.basis, "knots_pct": list(self.knots_pct), "knots_bpm": list(self.knots_bpm)}

    @classmethod
    def from_json(cls, doc: dict[str, object]) -> HrScale:
        """Read back `to_json`; TypeError or ValueError for anything else."""
        pct, bpm = doc["knots_pct"], doc["knots_bpm"]
        if not isinstance(pct, list) or not isinstance(bpm, list) or len(pct) != len(bpm) or len(pct) < 2:
            raise TypeError("hr_scale needs two lists of knots of the same length")
        xs, ys = tuple(float(x) for x in pct), tuple(float(y) for y in bpm)
        if any(b <= a for a, b in itertools.pairwise(xs)) or any(b < a for a, b in itertools.pairwise(ys)):
            raise ValueError("hr_scale knots must rise")
        return cls(xs, ys, str(doc.get("basis", "max_hr")))


def whole_pct(band_pct: tuple[float, float]) -> tuple[int, int]:
    """A band in % of max as whole percent, low rounded up and high down, so neighbours never touch."""
    import math

    lo, hi = math.ceil(band_pct[0] - 1e-9), math.floor(band_pct[1] + 1e-9)
    return lo, max(lo, hi)
