"""The session for one day, as `progtempo plan` answers: adjusted for how the runner feels before the
start, or re-planned from the splits already run. Built on `request.build_session`; the adjustments
themselves are `plan/autoregulate.py`'s.
"""

from __future__ import annotations

from dataclasses import dataclass, replace
from typing import TYPE_CHECKING, Any

from progtempo.errors import ProgtempoError
from progtempo.plan.ladder import Session
from progtempo.plan.request import SessionRequest, build_session, default_spec
from progtempo.units import Unit, parse_pace

if TYPE_CHECKING:
    from progtempo.fitness import Fitness
    from progtempo.plan.autoregulate import Replan


def parse_splits(text: str, unit: Unit) -> list[float]:
    """The splits run so far, `10:02,9:35,9:10` (commas or semicolons), as paces in s per `unit`."""
    parts = [p for p in (x.strip() for x in text.replace(";", ",").split(",")) if p]
    if not parts:
        raise ProgtempoError("--so-far needs the splits run so far, e.g. --so-far 10:02,9:35,9:10")
    return [parse_pace(p, unit) for p in parts]


@dataclass(frozen=True)
class DayPlan:
    """What `progtempo plan` answers: the session to run (adjusted for how the runner feels), or, given
    the splits run so far, the re-plan of what is left. `to_json()` is `plan --json`."""

    session: Session
    fitness: Fitness | None = None
    replan: Replan | None = None
    #: for a strong runner: whether one more step fits (None when the runner did not say strong)
    room_to_go_further: bool | None = None

    def to_json(self) -> dict[str, Any]:
        if self.replan is not None:
            return self.replan.to_json()
        doc = self.session.to_json()
        if self.room_to_go_further is not None:
            doc["room_to_go_further"] = self.room_to_go_further
        return doc


def plan_day(request: SessionRequest, *, feel: str | None = None, so_far: str | None = None) -> DayPlan:
    """The session `request` describes (the default ladder when nothing fixes one) as run on the day.

    `feel` (jaded, normal, strong) adjusts it before the start; `so_far` (`10:02,9:35,9:10`) re-plans
    the rest from the splits already run. The end pace never passes threshold when a race gives it.
    """
    from progtempo.plan.autoregulate import adjust, replan
    from progtempo.plan.autoregulate import room_to_go_further as room

    if not request.names_ladder():
        request = replace(request, spec=default_spec(request.unit))
    session, fitness = build_session(request)
    limit = fitness.threshold_pace_s if fitness is not None else None
    if so_far is not None:
        splits = parse_splits(so_far, session.unit)
        re_planned = replan(session, splits, feel or "normal", limit_end_pace_s=limit)
        return DayPlan(session=session, fitness=fitness, replan=re_planned)
    if feel is None:
        return DayPlan(session=session, fitness=fitness)
    adjusted = adjust(session, feel, limit_end_pace_s=limit)
    extra = room(adjusted, limit_end_pace_s=limit)[0] if feel == "strong" else None
    return DayPlan(session=adjusted, fitness=fitness, room_to_go_further=extra)
