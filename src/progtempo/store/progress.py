"""The coach's progress rule across the log: count cleared sessions per level, re-score when it changes.

"After two cleared sessions at a level, progress it": the store counts the cleared sessions at the same
level (same unit, segments, segment length, start and step) before each planned day. Runs of one bulk
import are scored side by side, so none sees the others' results; once they are all in,
`reconcile_cleared` re-scores those whose count changed. Saving a schedule re-scores the runs already
logged on its days (`rescore_planned`).
"""

from __future__ import annotations

import datetime as dt
import gzip
from pathlib import Path
from typing import TYPE_CHECKING

from sqlalchemy import delete, select
from sqlalchemy.orm import Session

from progtempo.plan.adapt import LevelKey, level_key
from progtempo.store import models
from progtempo.store.log import Log
from progtempo.store.pool import plan_for
from progtempo.store.records import ScoredAs
from progtempo.store.rows import PlanRef, as_utc, evaluate_activity, longest_before, read_legs

if TYPE_CHECKING:
    from progtempo.plan.ladder import Session as PlanSession
    from progtempo.units import Unit


def planned_refs(store: Log, athlete: int) -> list[PlanRef]:
    """The athlete's planned sessions by date, each with how many at its level were cleared before it.

    A session counts as cleared when its boss was beaten (verdict `cleared`); the coach progresses a
    level after two cleared sessions at it.
    """
    planned, cleared = _planned_and_cleared(store, athlete)
    return [
        PlanRef(id=pid, date=day, session=plan, cleared_before=_count(cleared, plan, day))
        for pid, day, plan in planned
    ]


def cleared_before(store: Log, athlete: int, plan: PlanSession, day: dt.date) -> int:
    """How many planned sessions at `plan`'s level the athlete cleared before `day`: the count a run
    judged against a plan of the runner's choosing gets, as the import gives a run the plan of its day."""
    return _count(_planned_and_cleared(store, athlete)[1], plan, day)


def _planned_and_cleared(
    store: Log, athlete: int
) -> tuple[list[tuple[int, dt.date, PlanSession]], list[tuple[LevelKey, dt.date]]]:
    """(the planned sessions by date, the level and day of each one cleared)."""
    from progtempo.plan.ladder import Session as PlanSession

    P, R = models.PlannedSession, models.Result
    with store.session() as s:
        planned = [
            (p.id, p.date, PlanSession.from_json(p.plan))
            for p in s.scalars(select(P).where(P.athlete_id == athlete).order_by(P.date))
        ]
        cleared_ids = set(
            s.scalars(
                select(P.id)
                .join(R, R.planned_session_id == P.id)
                .where(P.athlete_id == athlete, R.boss == "cleared")
            )
        )
    return planned, [(level_key(plan), day) for pid, day, plan in planned if pid in cleared_ids]


def _count(cleared: list[tuple[LevelKey, dt.date]], plan: PlanSession, day: dt.date) -> int:
    key = level_key(plan)
    return sum(1 for k, d in cleared if k == key and d < day)


def reconcile_cleared(store: Log, athlete: int, unit: Unit = "mi") -> int:
    """Re-score planned runs whose advice was given with a stale count of cleared sessions; how many.

    Boss verdicts don't depend on the count, so one pass in date order sets every count right.
    """
    R, P = models.Result, models.PlannedSession
    todo: list[tuple[int, PlanRef]] = []
    refs = {r.id: r for r in planned_refs(store, athlete)}
    with store.session() as s:
        for act_id, planned_id, report in s.execute(
            select(R.activity_id, R.planned_session_id, R.report)
            .join(P, R.planned_session_id == P.id)
            .where(P.athlete_id == athlete)
            .order_by(P.date)
        ).all():
            ref = refs.get(planned_id)
            if ref is not None and ScoredAs.from_json(report).cleared_before != ref.cleared_before:
                todo.append((act_id, ref))
    for act_id, ref in todo:
        rescore_activity(store, act_id, ref, unit)
    return len(todo)


def _longest_recent(s: Session, athlete: int, start: dt.datetime, exclude: int | None) -> float | None:
    """The longest run the athlete logged in the weeks before `start` (the next session is no longer)."""
    A = models.Activity
    q = select(A.start_time, A.distance_m).where(
        A.athlete_id == athlete, A.is_running.is_(True), A.distance_m.is_not(None)
    )
    if exclude is not None:
        q = q.where(A.id != exclude)
    runs = [(t, float(d or 0.0)) for t, d in s.execute(q).all()]
    return longest_before(runs, as_utc(start))


def longest_recent_m(
    store: Log, athlete: int, start: dt.datetime, exclude: int | None = None
) -> float | None:
    """`_longest_recent` in a session of its own: for a run judged again outside an import."""
    with store.session() as s:
        return _longest_recent(s, athlete, start, exclude)


def rescore_activity(store: Log, activity_id: int, plan_ref: PlanRef | None, unit: Unit) -> None:
    """Re-analyse a stored run from its original file; replace its splits and result in one transaction."""

    def run(s: Session) -> None:
        act = s.get(models.Activity, activity_id)
        if act is None:
            return
        legs = read_legs(Path(act.source).name, gzip.decompress(act.file_gz))
        activity = next((a for a in legs if a.session_index == act.session_index), legs[0])
        activity.sport = act.sport
        activity.name = act.name
        longest = _longest_recent(s, act.athlete_id, act.start_time, act.id)
        row = evaluate_activity(
            activity, unit, plan_ref, session_index=act.session_index, longest_run_m=longest
        )
        s.execute(delete(models.Split).where(models.Split.activity_id == activity_id))
        s.execute(delete(models.Result).where(models.Result.activity_id == activity_id))
        act.split_m = row.split_m
        s.add_all(models.Split(activity_id=activity_id, **vars(sp)) for sp in row.splits)
        if row.result is not None:
            s.add(models.Result(activity_id=activity_id, **vars(row.result)))

    store.write(run)


def rescore_planned(store: Log, athlete: int, planned_ids: list[int], unit: Unit = "mi") -> int:
    """Match runs already in the log to newly planned sessions on their day and re-score them; how many."""
    if not planned_ids:
        return 0
    A = models.Activity
    todo: list[tuple[int, PlanRef]] = []
    wanted = set(planned_ids)
    with store.session() as s:
        for ref in (r for r in planned_refs(store, athlete) if r.id in wanted):
            lo = dt.datetime.combine(ref.date - dt.timedelta(days=1), dt.time(), tzinfo=dt.UTC)
            hi = dt.datetime.combine(ref.date + dt.timedelta(days=2), dt.time(), tzinfo=dt.UTC)
            rows = s.execute(
                select(A.id, A.start_time).where(
                    A.athlete_id == athlete, A.is_running.is_(True), A.start_time >= lo, A.start_time < hi
                )
            ).all()
            todo.extend(
                (r.id, ref) for r in rows if plan_for(r.start_time, {ref.date: ref}, store.tz) is not None
            )
    for act_id, ref in todo:
        rescore_activity(store, act_id, ref, unit)
    if todo:
        reconcile_cleared(store, athlete, unit)
    return len(todo)
