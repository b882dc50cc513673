"""The first progressive session a race suggests: from near easy pace down to near threshold.

`advise(distance_m, time_s, unit)` is the whole job of `progtempo fitness`: what the race says of the
runner (`progtempo.fitness`) and the session to start from.
"""

from __future__ import annotations

import math
from dataclasses import dataclass
from typing import Any

from progtempo.fitness.race import Fitness, assess
from progtempo.fitness.vdot import training_paces
from progtempo.plan.ladder import DEFAULT_TOLERANCE_S, Session
from progtempo.plan.solve import solve
from progtempo.units import Unit, convert_pace

#: Segments of the suggested first session: about 6 miles or 8 km, the size of the article's first session.
SUGGESTED_SEGMENTS: dict[Unit, int] = {"mi": 6, "km": 8}


def suggested_session(vdot: float, unit: Unit, segments: int | None = None) -> Session:
    """A first progressive session: from near easy pace down to near threshold in even, round steps.

    The end pace is threshold rounded up (slower) to 5 s, so it never passes threshold; the step is
    rounded up to 5 s (1 s when steps are small), so the start lands at or just inside easy pace.
    """
    n = segments or SUGGESTED_SEGMENTS[unit]
    paces = training_paces(vdot)
    easy_fast = convert_pace(paces["easy"][0], "km", unit)
    easy_slow = convert_pace(paces["easy"][1], "km", unit)
    threshold = convert_pace(paces["threshold"], "km", unit)
    end = math.ceil(threshold / 5.0 - 1e-9) * 5.0
    if n < 2:
        return solve(unit=unit, segments=1, start_pace_s=end, step_s=0.0)
    raw = (easy_fast - end) / (n - 1)
    grain = 5.0 if raw >= 10 else 1.0
    step = max(grain, math.ceil(raw / grain) * grain)
    if end + (n - 1) * step > easy_slow and step - grain >= grain:
        step -= grain
    tolerance = min(DEFAULT_TOLERANCE_S, step / 2)  # windows of neighbouring segments don't overlap
    return solve(unit=unit, segments=n, start_pace_s=end + (n - 1) * step, step_s=step, tolerance_s=tolerance)


@dataclass(frozen=True)
class RaceAdvice:
    """What `progtempo fitness` shows: what a race says of the runner, and a first session from it."""

    fitness: Fitness
    session: Session

    def to_json(self) -> dict[str, Any]:
        """The `progtempo fitness --json` document: the fitness, and the session as `suggested_session`."""
        return {**self.fitness.to_json(), "suggested_session": self.session.to_json()}


def advise(distance_m: float, time_s: float, unit: Unit, *, segments: int | None = None) -> RaceAdvice:
    """Everything `progtempo fitness` shows for one race."""
    fitness = assess(distance_m, time_s, unit)
    return RaceAdvice(fitness, suggested_session(fitness.vdot, unit, segments))
