"""VDOT: fitness from a race, after Daniels and Gilbert (Oxygen Power, 1979; Daniels' Running Formula).

Two equations fitted by Daniels and Gilbert give everything here (v in metres per minute, t in minutes):

- oxygen cost of running at v:        VO2(v) = -4.60 + 0.182258 v + 0.000104 v^2
- fraction of VO2max held for t:      F(t)   = 0.8 + 0.1894393 e^(-0.012778 t) + 0.2989558 e^(-0.1932605 t)

VDOT = VO2(v) / F(t) for a race of distance d run in t (v = d / t). An equivalent race time at another
distance is the t that gives the same VDOT. Training paces run at a fixed fraction of VDOT (see
`PACE_FRACTIONS`), chosen so that the paces agree with the tables of the 3rd edition of Daniels'
Running Formula (2014) to a few seconds per mile; docs/fitness.md lists the checks.
"""

from __future__ import annotations

import math
from typing import TypedDict

from progtempo.errors import ProgtempoError
from progtempo.units import NAMED_DISTANCES_M

#: A VDOT outside this range is not a human result: world records sit near 85, a 7-hour marathon near 18.
VDOT_MIN = 15.0
VDOT_MAX = 90.0
#: Daniels' published tables run from 30 to 85; outside them the formulas are extrapolated.
TABLE_VDOT_MIN = 30.0
TABLE_VDOT_MAX = 85.0

#: Fraction of VDOT (as oxygen uptake) at which each training pace is run.
PACE_FRACTIONS: dict[str, float] = {
    "easy_fast": 0.70,
    "easy_slow": 0.62,
    "threshold": 0.88,
    "interval": 0.975,
}
#: Repetition pace is about 6 s per 400 m faster than interval pace (Daniels), i.e. 15 s per km.
REPETITION_GAIN_S_PER_KM = 15.0

#: Race distances `fitness` reports equivalents for (JSON keys of `equivalents_s`).
EQUIVALENT_DISTANCES_M: dict[str, float] = {
    name: NAMED_DISTANCES_M[name]
    for name in ("1500m", "mile", "3k", "5k", "10k", "15k", "half_marathon", "marathon")
}


class TrainingPaces(TypedDict):
    """Daniels' five training paces in seconds per km; `easy` is a (fast, slow) range."""

    easy: tuple[float, float]
    marathon: float
    threshold: float
    interval: float
    repetition: float


def oxygen_cost(speed_m_min: float) -> float:
    """Oxygen uptake (ml/kg/min) that running at `speed_m_min` costs (Daniels-Gilbert)."""
    return -4.60 + 0.182258 * speed_m_min + 0.000104 * speed_m_min * speed_m_min


def fraction_sustained(minutes: float) -> float:
    """Fraction of VO2max a runner holds in a race lasting `minutes` (Daniels-Gilbert)."""
    return 0.8 + 0.1894393 * math.exp(-0.012778 * minutes) + 0.2989558 * math.exp(-0.1932605 * minutes)


def speed_at_oxygen(vo2: float) -> float:
    """Speed in metres per minute whose oxygen cost is `vo2` (the positive root of `oxygen_cost`)."""
    a, b, c = 0.000104, 0.182258, -4.60 - vo2
    return (-b + math.sqrt(b * b - 4 * a * c)) / (2 * a)


def vdot_from_race(distance_m: float, time_s: float) -> float:
    """The VDOT of a race: `distance_m` run in `time_s`, without range checks (see `check_vdot`)."""
    if distance_m <= 0 or time_s <= 0:
        raise ProgtempoError("a race needs a distance and a time above zero, e.g. --race 10k=45:00")
    minutes = time_s / 60.0
    return oxygen_cost(distance_m / minutes) / fraction_sustained(minutes)


def check_vdot(vdot: float, what: str = "this race") -> None:
    """Reject a VDOT no human reaches (above world-record level, or slower than walking)."""
    if not math.isfinite(vdot) or vdot > VDOT_MAX:
        raise ProgtempoError(
            f"{what} gives VDOT {vdot:.0f}, beyond world-record level (about 85): check the distance and time"
        )
    if vdot < VDOT_MIN:
        raise ProgtempoError(
            f"{what} gives VDOT {vdot:.1f}, slower than the model covers (VDOT {VDOT_MIN:g} and up): "
            "check the distance and time"
        )


def race_time_s(vdot: float, distance_m: float) -> float:
    """The time in seconds a runner of `vdot` is expected to race `distance_m` in."""
    if distance_m <= 0:
        raise ProgtempoError("a race distance must be above zero")
    lo, hi = 1.0, 48 * 3600.0
    for _ in range(200):
        mid = 0.5 * (lo + hi)
        if vdot_from_race(distance_m, mid) > vdot:
            lo = mid
        else:
            hi = mid
        if hi - lo < 1e-4:
            break
    return 0.5 * (lo + hi)


def pace_at_fraction_s_per_km(vdot: float, fraction: float) -> float:
    """Seconds per km at the speed whose oxygen cost is `fraction` of `vdot`."""
    return 1000.0 / speed_at_oxygen(fraction * vdot) * 60.0


def threshold_pace_s_per_km(vdot: float) -> float:
    """Threshold ("comfortably hard", T) pace in seconds per km."""
    return pace_at_fraction_s_per_km(vdot, PACE_FRACTIONS["threshold"])


def marathon_pace_s_per_km(vdot: float) -> float:
    """Marathon (M) pace: the equivalent marathon race time spread over 42.195 km."""
    return race_time_s(vdot, 42195.0) / 42.195


def training_paces(vdot: float) -> TrainingPaces:
    """Daniels' five training paces in seconds per km.

    `easy` is a (fast, slow) pair; `marathon`, `threshold`, `interval` and `repetition` are single paces.
    """
    interval = pace_at_fraction_s_per_km(vdot, PACE_FRACTIONS["interval"])
    return {
        "easy": (
            pace_at_fraction_s_per_km(vdot, PACE_FRACTIONS["easy_fast"]),
            pace_at_fraction_s_per_km(vdot, PACE_FRACTIONS["easy_slow"]),
        ),
        "marathon": marathon_pace_s_per_km(vdot),
        "threshold": threshold_pace_s_per_km(vdot),
        "interval": interval,
        "repetition": interval - REPETITION_GAIN_S_PER_KM,
    }


def equivalents_s(vdot: float) -> dict[str, float]:
    """Equivalent race times in seconds for the distances of `EQUIVALENT_DISTANCES_M`."""
    return {name: race_time_s(vdot, d) for name, d in EQUIVALENT_DISTANCES_M.items()}


def riegel_time_s(time_s: float, from_m: float, to_m: float, exponent: float = 1.06) -> float:
    """Riegel's (1981) prediction: t2 = t1 * (d2 / d1) ** 1.06, a cross-check on the VDOT equivalents."""
    return float(time_s * (to_m / from_m) ** exponent)
