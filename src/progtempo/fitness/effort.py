"""The effort scale for running by feel: the talk test, RPE (CR10) and heart-rate zones.

One table (`EFFORTS`) that the planner (`plan.effort`: which effort each segment asks for), the runner's
heart-rate zones (`fitness.zones.hr_zones`), the writers and both presentation layers read. docs/effort.md
gives the table and its sources.
"""

from __future__ import annotations

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


__all__ = ["EFFORTS", "EFFORT_BY_KEY", "Effort"]
