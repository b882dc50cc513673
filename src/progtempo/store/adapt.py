"""The saved schedule adapted to the runs: replay every planned session in date order (`plan.adapt`).

`adapt_schedule` walks the athlete's planned sessions oldest first. For each it asks the replay what the
session should now be; a run matched to it that was scored against another session (or with another count
of cleared sessions) is re-scored first, from its original file, so the coach's advice is the advice on
the session as due. The run's advice (or a missed day, or nothing yet) then shapes the sessions after it.
The planned rows get the session due (`spec`, `plan`, `change`) and why it differs from the progression
as saved (`adapted`); the original stays in `original_spec`/`original_plan`. A session set by hand
(`override`) is never rewritten. The result depends on the runs, not on the order they were imported in.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass
from typing import TYPE_CHECKING, Any

from sqlalchemy import select
from sqlalchemy.orm import Session

from progtempo.plan.adapt import Adapted, Due, Outcome, Replay, Rules, Slot
from progtempo.store import models
from progtempo.store.log import Log
from progtempo.store.records import ScoredAs, StoredAdvice
from progtempo.store.rows import PlanRef

if TYPE_CHECKING:
    from progtempo.units import Unit


@dataclass(frozen=True)
class _Run:
    activity_id: int
    boss: str | None
    insight: str | None
    advice: StoredAdvice
    scored_as: ScoredAs


def _slots(store: Log, athlete: int) -> tuple[list[Slot], Rules]:
    from progtempo.plan.ladder import Session as PlanSession

    P = models.PlannedSession
    slots: list[Slot] = []
    rules = Rules()
    with store.session() as s:
        for p in s.scalars(select(P).where(P.athlete_id == athlete).order_by(P.date)):
            original = PlanSession.from_json(p.original_plan or p.plan)
            slots.append(
                Slot(
                    id=p.id,
                    date=p.date,
                    original=original,
                    original_change=p.original_change or p.change,
                    override=PlanSession.from_json(p.plan) if p.override else None,
                )
            )
            if p.rules:
                rules = Rules.from_json(p.rules)
    return slots, rules


def _runs(store: Log, athlete: int) -> dict[int, _Run]:
    """The first run linked to each planned session."""
    A, P, R = models.Activity, models.PlannedSession, models.Result
    out: dict[int, _Run] = {}
    with store.session() as s:
        rows = s.execute(
            select(R.planned_session_id, R.activity_id, R.boss, R.insight, R.advice, R.report)
            .join(P, P.id == R.planned_session_id)
            .join(A, A.id == R.activity_id)
            .where(P.athlete_id == athlete)
            .order_by(A.start_time, A.id)
        ).all()
    for pid, aid, boss, insight, advice, report in rows:
        if pid not in out:  # the JSON columns are read here, once
            out[pid] = _Run(aid, boss, insight, StoredAdvice.from_json(advice), ScoredAs.from_json(report))
    return out


def _outcome(run: _Run, due: Due) -> Outcome:
    advice = run.advice
    return Outcome(
        activity_id=run.activity_id,
        cleared=run.boss == "cleared",
        insight=run.insight or "could_not_build",
        next_session=advice.next_session if advice.next_session is not None else due.session,
        change=str(advice.change or "repeat"),
        why=str(advice.why or ""),
    )


def adapt_schedule(store: Log, athlete: int, unit: Unit = "mi", *, today: dt.date | None = None) -> int:
    """Replay the athlete's planned sessions and save what is due; how many runs were re-scored.

    A planned day with no run counts as missed once `today` is past it, or once a later planned day has
    its run (without `today`, an import can only know the second).
    """
    from progtempo.store.progress import rescore_activity

    slots, rules = _slots(store, athlete)
    if not slots:
        return 0
    runs = _runs(store, athlete)
    last_run = max((sl.date for sl in slots if sl.id in runs), default=None)
    replay = Replay(rules)
    rescored = 0
    dues: list[tuple[Slot, Due]] = []
    for slot in slots:
        due = replay.due(slot)
        run = runs.get(slot.id)
        outcome = None
        if run is not None:
            scored = run.scored_as
            if (scored.spec, scored.cleared_before) != (due.session.spec(), due.cleared_before):
                ref = PlanRef(
                    id=slot.id, date=slot.date, session=due.session, cleared_before=due.cleared_before
                )
                rescore_activity(store, run.activity_id, ref, unit)
                rescored += 1
                run = _runs(store, athlete).get(slot.id, run)
            outcome = _outcome(run, due)
        past = (today is not None and slot.date < today) or (last_run is not None and slot.date < last_run)
        replay.record(slot, due, outcome, missed=run is None and past)
        dues.append((slot, due))
    store.write(lambda s: _save(s, dues))
    return rescored


def _save(s: Session, dues: list[tuple[Slot, Due]]) -> None:
    for slot, due in dues:
        p = s.get(models.PlannedSession, slot.id)
        if p is None or p.override:
            continue
        plan = due.session.to_json()
        adapted = due.adapted.to_json() if due.adapted else None
        if p.plan != plan or p.change != due.change or p.adapted != adapted:
            p.plan, p.spec, p.change, p.adapted = plan, due.session.spec(), due.change, adapted


def adapted_of(doc: dict[str, Any] | None) -> Adapted | None:
    """The `adapted` column read back."""
    return Adapted.from_json(doc)


__all__ = ["adapt_schedule", "adapted_of"]
