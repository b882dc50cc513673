"""Fitness from a race: VDOT, equivalent race times and training paces.

`assess(distance_m, time_s, unit)` reads a race; `parse_race("10k=45:00", unit)` reads what the runner
types. The first progressive session a race suggests is the planner's (`progtempo.plan.suggest`).
Pure: no I/O.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from progtempo.errors import ProgtempoError
from progtempo.fitness.vdot import (
    TABLE_VDOT_MAX,
    TABLE_VDOT_MIN,
    TrainingPaces,
    check_vdot,
    equivalents_s,
    training_paces,
    vdot_from_race,
)
from progtempo.units import (
    Unit,
    convert_pace,
    format_distance,
    format_duration,
    parse_distance,
    parse_duration,
)

#: Shortest and longest races the Daniels-Gilbert fit is used for.
RACE_MIN_M = 800.0
RACE_MAX_M = 50000.0


def parse_race(text: str, unit: Unit) -> tuple[float, float]:
    """Read `10k=45:00`, `half=1:45:00`, `mile=5:30` or `8.2km=40:00`; return (distance_m, time_s)."""
    if "=" not in str(text):
        raise ProgtempoError(
            f"{text!r} is not a race: write DISTANCE=TIME, e.g. 10k=45:00, half=1:45:00 or 8.2km=40:00"
        )
    dist_txt, time_txt = str(text).split("=", 1)
    distance_m = parse_distance(dist_txt, unit)
    time_s = parse_duration(time_txt)
    if not RACE_MIN_M <= distance_m <= RACE_MAX_M:
        raise ProgtempoError(
            f"a {format_distance(distance_m, unit)} race is outside what VDOT models: "
            "use a race from 800 m to 50 km (1500m, mile, 3k, 5k, 10k, 15k, half, marathon)"
        )
    return distance_m, time_s


def race_vdot(distance_m: float, time_s: float, unit: Unit = "km") -> float:
    """The VDOT of a race, rejecting results outside what humans run (exit 2 in the CLI)."""
    vdot = vdot_from_race(distance_m, time_s)
    check_vdot(vdot, f"{format_distance(distance_m, unit)} in {format_duration(time_s)}")
    return vdot


@dataclass(frozen=True)
class Fitness:
    """What one race says about a runner: VDOT, equivalent race times, training paces."""

    unit: Unit
    distance_m: float
    time_s: float
    vdot: float
    equivalents_s: dict[str, float]
    paces_s_per_km: TrainingPaces
    warnings: tuple[str, ...] = ()

    def pace_s(self, name: str) -> float:
        """A training pace (marathon, threshold, interval, repetition) in seconds per `unit`."""
        p = self.paces_s_per_km
        single = {
            "marathon": p["marathon"],
            "threshold": p["threshold"],
            "interval": p["interval"],
            "repetition": p["repetition"],
        }
        if name not in single:
            raise KeyError(f"no single training pace called {name!r}: use one of {', '.join(single)}")
        return convert_pace(single[name], "km", self.unit)

    @property
    def threshold_pace_s(self) -> float:
        """Threshold pace in seconds per `unit`: the fastest end a progressive tempo should reach."""
        return self.pace_s("threshold")

    @property
    def easy_pace_s(self) -> tuple[float, float]:
        """Easy pace range (fast, slow) in seconds per `unit`."""
        fast, slow = self.paces_s_per_km["easy"]
        return convert_pace(fast, "km", self.unit), convert_pace(slow, "km", self.unit)

    def to_json(self) -> dict[str, Any]:
        """What the race says (`progtempo fitness --json`): paces in seconds per `unit`, times in seconds."""
        return {
            "vdot": round(self.vdot, 2),
            "unit": self.unit,
            "race": {"distance_m": self.distance_m, "time_s": self.time_s},
            "equivalents_s": {k: round(v, 1) for k, v in self.equivalents_s.items()},
            "paces_s": {
                "easy": [round(p, 1) for p in self.easy_pace_s],
                "marathon": round(self.pace_s("marathon"), 1),
                "threshold": round(self.pace_s("threshold"), 1),
                "interval": round(self.pace_s("interval"), 1),
                "repetition": round(self.pace_s("repetition"), 1),
            },
            "paces_edition": "Daniels' Running Formula, 3rd edition (2014)",
            "warnings": list(self.warnings),
        }


def assess(distance_m: float, time_s: float, unit: Unit) -> Fitness:
    """What one race says about the runner (the first session it suggests: `plan.suggest.advise`)."""
    vdot = race_vdot(distance_m, time_s, unit)
    warnings: list[str] = []
    if not TABLE_VDOT_MIN <= vdot <= TABLE_VDOT_MAX:
        warnings.append(
            f"VDOT {vdot:.1f} is outside Daniels' tables ({TABLE_VDOT_MIN:g}-{TABLE_VDOT_MAX:g}): "
            "the paces are extrapolated from the formulas"
        )
    if distance_m < 1500 or distance_m > 42195:
        warnings.append("races under 1500 m or over a marathon fit the VDOT model less well")
    return Fitness(
        unit=unit,
        distance_m=distance_m,
        time_s=time_s,
        vdot=vdot,
        equivalents_s=equivalents_s(vdot),
        paces_s_per_km=training_paces(vdot),
        warnings=tuple(warnings),
    )
