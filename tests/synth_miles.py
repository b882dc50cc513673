"""Synthetic runs of whole miles for the analysis and coach tests: one leg per mile, heart rate rising."""

from __future__ import annotations

from collections.abc import Sequence

from progtempo.synth import Leg

MI = 1609.344


def per_km(pace_s_per_mi: float) -> float:
    """A pace per mile as the pace per km a `Leg` takes."""
    return pace_s_per_mi * 1000 / MI


def mile_legs(
    paces_s_per_mi: Sequence[float], grades: Sequence[float] | None = None, *, hr_start_bpm: int = 120
) -> list[Leg]:
    """One mile at each pace (and grade, flat by default); heart rate from `hr_start_bpm`, +6 bpm a mile."""
    grades = grades or (0.0,) * len(paces_s_per_mi)
    return [
        Leg(MI, per_km(p), g, hr_bpm=hr_start_bpm + 6 * i)
        for i, (p, g) in enumerate(zip(paces_s_per_mi, grades, strict=True))
    ]
