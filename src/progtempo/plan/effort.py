"""Effort levels for running by feel: the talk test, RPE (CR10) and heart-rate zones.

The table and its sources are in docs/effort.md. Pace mode uses the same table for each segment's
`effort` field, stepping up the talk test along the ladder.
"""

from __future__ import annotations

import itertools
from dataclasses import dataclass


@dataclass(frozen=True)
class Effort:
    """One rung of the talk test with the RPE and heart-rate zone that go with it."""

    key: str
    talk: str
    rpe_low: int
    rpe_high: int
    hr_zone: int
    hr_zone_name: str
    hr_pct_max_low: int
    hr_pct_max_high: int

    @property
    def rpe(self) -> str:
        """The RPE (CR10) band as text: `6-7`."""
        return f"{self.rpe_low}-{self.rpe_high}"

    @property
    def hr(self) -> str:
        """The heart-rate zone as text: `Z4 threshold (85-92% HRmax)`."""
        return f"{self.hr_zone_name} ({self.hr_pct_max_low}-{self.hr_pct_max_high}% HRmax)"


#: The talk test (Persinger et al. 2004; Foster & Porcari 2010) in the article's words, with Borg's CR10
#: rating and a five-zone heart-rate model whose %HRmax bands follow Daniels' E, M, T and I intensities.
#: docs/effort.md gives the table and its sources.
EFFORTS: tuple[Effort, ...] = (
    Effort("conversational", "could recite Shakespeare", 2, 3, 2, "Z2 endurance", 60, 75),
    Effort("a_few_sentences", "a few sentences", 4, 5, 3, "Z3 tempo", 75, 85),
    Effort("a_few_words", "a few words", 6, 7, 4, "Z4 threshold", 85, 92),
    Effort("single_word", "a single word", 8, 9, 5, "Z5 VO2max", 92, 100),
)
EFFORT_BY_KEY: dict[str, Effort] = {e.key: e for e in EFFORTS}


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
