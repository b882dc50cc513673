"""Writing the training log: athletes, one imported file (whole or not at all), planned sessions.

Each write is one transaction through `Log.write`, which takes the write lock at its start and tries
again when it lost a lock race, so concurrent imports neither fail with "database is locked" nor lose
or double a row. On PostgreSQL the writes of one athlete's activities are serialised by an advisory
lock, so two imports can't both decide that a run is new.

The same run recorded twice (a watch's FIT and the TCX or Strava GPX of it) is one activity: a file
whose start is within `SAME_RUN_START_S` of a stored activity's and whose distance is within
`SAME_RUN_DISTANCE` of it is that activity. The richer recording (FIT over TCX over GPX, then more
channels) is kept, whichever came first; the other is reported as a duplicate of its id.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Sequence
from dataclasses import dataclass, field
from typing import TYPE_CHECKING, Any

from sqlalchemy import delete, func, select, text
from sqlalchemy.exc import IntegrityError
from sqlalchemy.orm import Session

from progtempo.errors import ProgtempoError
from progtempo.store import models
from progtempo.store.access import Need, athlete_for, require_trusted
from progtempo.store.log import Log
from progtempo.store.pool import Analyzed
from progtempo.store.rows import FORMAT_RANK, ActivityRow, ResultRow, SplitRow

if TYPE_CHECKING:
    from progtempo.plan.adapt import Rules
    from progtempo.plan.ladder import Session as PlanSession
    from progtempo.units import Unit

#: two recordings start within this many seconds of each other to be one run
SAME_RUN_START_S = 60.0
#: and their distances differ by at most this fraction of the longer
SAME_RUN_DISTANCE = 0.03
#: the first key of the advisory lock that serialises one athlete's activity writes (PostgreSQL)
ATHLETE_LOCK_KEY = 0x7074


@dataclass(frozen=True)
class LegDuplicate:
    """A leg of the file that is another recording of stored activity `activity_id`.

    `replaced`: this leg was the richer recording and took the stored one's place (same id); the
    stored one, `replaced_source`, is then the duplicate. `session_index`: the leg's place in its file.
    """

    activity_id: int
    replaced: bool = False
    replaced_source: str | None = None
    session_index: int = 1


@dataclass(frozen=True)
class Written:
    """What storing one file did.

    `ids`: the new activities (one per new leg). `duplicates`: the legs that were other recordings of
    stored runs (see `LegDuplicate`). `same_file`: the athlete already had this very file.
    """

    ids: tuple[int, ...] = ()
    duplicates: tuple[LegDuplicate, ...] = ()
    same_file: bool = False
    linked: int = 0
    not_running: int = 0

    @property
    def duplicate_of(self) -> int | None:
        """The stored activity the file's first duplicate leg is another recording of, if any."""
        return self.duplicates[0].activity_id if self.duplicates else None


def athlete_id(store: Log, name: str, *, create: bool = True, need: Need = "log") -> int | None:
    """The id of the athlete called `name`, created on first use when `create`.

    A store opened as a user finds only a log that user may `need` (`progtempo.store.access`: "log"
    to import, "plan" to save a schedule), and creates none.
    """
    name = name.strip()
    if not name:
        raise ProgtempoError("the athlete name is empty: give --athlete NAME")
    found = athlete_for(store, name, need)
    if found is not None or not create or store.principal is not None:
        return found

    def create_it(s: Session) -> int:
        existing = s.scalar(select(models.Athlete.id).where(models.Athlete.name == name))
        if existing is not None:
            return existing
        a = models.Athlete(name=name)
        s.add(a)
        s.flush()
        return a.id

    try:
        return store.write(create_it)
    except IntegrityError:  # created meanwhile by another process (PostgreSQL)
        with store.session() as s:
            return s.scalar(select(models.Athlete.id).where(models.Athlete.name == name))


def _lock_athlete(store: Log, s: Session, athlete: int) -> None:
    if store.dialect == "postgresql":
        s.execute(text("SELECT pg_advisory_xact_lock(:k, :a)"), {"k": ATHLETE_LOCK_KEY, "a": athlete})


def _close(a: float | None, b: float | None) -> bool:
    return bool(a and b and a > 0 and b > 0 and abs(a - b) <= SAME_RUN_DISTANCE * max(a, b))


def _same_run(s: Session, athlete: int, leg: ActivityRow) -> models.Activity | None:
    """The stored activity `leg` is another recording of, if any: started within a minute of it, and
    as long within 3 % by distance or by GPS track (a GPX has only the track; a watch's TCX also
    has the distance its own sensor measured)."""
    if not (leg.distance_m or leg.track_m):
        return None
    A = models.Activity
    window = dt.timedelta(seconds=SAME_RUN_START_S)
    for cand in s.scalars(
        select(A)
        .where(
            A.athlete_id == athlete,
            A.start_time >= leg.start_time - window,
            A.start_time <= leg.start_time + window,
        )
        .order_by(A.id)
    ):
        if _close(cand.distance_m, leg.distance_m) or _close(cand.track_m, leg.track_m):
            return cand
    return None


def _richness(a: models.Activity) -> tuple[int, int]:
    return FORMAT_RANK.get(a.format, 0), a.channels or 0


def _add_children(s: Session, activity_id: int, splits: list[SplitRow], result: ResultRow | None) -> None:
    s.add_all(models.Split(activity_id=activity_id, **vars(sp)) for sp in splits)
    if result is not None:
        s.add(models.Result(activity_id=activity_id, **vars(result)))


def _columns(leg: ActivityRow) -> dict[str, object]:
    cols = vars(leg).copy()
    del cols["splits"], cols["result"]
    return cols


def write_file(store: Log, athlete: int, a: Analyzed, *, job: str | None = None) -> Written:
    """Store one analysed file (every leg, its splits and result) in one transaction.

    A file the athlete already has adds nothing. Each leg that is another recording of a run already
    stored adds no activity: the richer recording is kept under the stored id (see the module doc).
    The legs of a multisport file are linked by one `multisport_events` row.
    `job` marks the activities with the upload job that stores them; a file that same job stored on an
    earlier try is reported as written again (its ids), not as a duplicate: nothing is stored twice.
    """

    def run(s: Session) -> Written:
        _lock_athlete(store, s, athlete)
        A = models.Activity
        if s.scalar(select(A.id).where(A.athlete_id == athlete, A.sha256 == a.sha256).limit(1)) is not None:
            return _written_before(s, athlete, a.sha256, job) or Written(same_file=True)
        event_id = None
        if a.event and len(a.legs) > 1:
            ev = models.MultisportEvent(
                athlete_id=athlete, sha256=a.sha256, start_time=a.legs[0].start_time, legs=len(a.legs)
            )
            s.add(ev)
            s.flush()
            event_id = ev.id
        ids: list[int] = []
        dups: list[LegDuplicate] = []
        for leg in a.legs:
            twin = _same_run(s, athlete, leg)
            if twin is not None:
                if twin.event_id is not None or leg.richness <= _richness(twin):
                    dups.append(LegDuplicate(twin.id, session_index=leg.session_index))
                else:
                    old = _replace(s, twin, a, leg, job)
                    twin.event_id = event_id
                    dups.append(LegDuplicate(twin.id, True, old, leg.session_index))
                continue
            act = models.Activity(
                athlete_id=athlete,
                job_id=job,
                sha256=a.sha256,
                file_gz=a.file_gz,
                file_size=a.file_size,
                source=a.source.label,
                external_id=a.source.external_id,
                event_id=event_id,
                **_columns(leg),
            )
            s.add(act)
            s.flush()
            _add_children(s, act.id, leg.splits, leg.result)
            ids.append(act.id)
        new = [leg for leg in a.legs if not any(d.session_index == leg.session_index for d in dups)]
        return Written(
            ids=tuple(ids),
            duplicates=tuple(dups),
            linked=sum(1 for leg in new if leg.result and leg.result.planned_session_id),
            not_running=sum(1 for leg in new if not leg.is_running),
        )

    try:
        return store.write(run)
    except IntegrityError:
        # the same file stored meanwhile by another import (the unique (athlete, sha256, leg))
        with store.session() as s:
            A = models.Activity
            if s.scalar(select(A.id).where(A.athlete_id == athlete, A.sha256 == a.sha256).limit(1)):
                return Written(same_file=True)
        raise


def _written_before(s: Session, athlete: int, sha256: str, job: str | None) -> Written | None:
    """What upload `job` wrote of this file on an earlier try (its worker died before the job ended)."""
    if job is None:
        return None
    A, R = models.Activity, models.Result
    rows = s.execute(
        select(A.id, A.is_running, R.planned_session_id)
        .outerjoin(R, R.activity_id == A.id)
        .where(A.athlete_id == athlete, A.sha256 == sha256, A.job_id == job)
        .order_by(A.session_index)
    ).all()
    if not rows:
        return None
    return Written(
        ids=tuple(r.id for r in rows),
        linked=sum(1 for r in rows if r.planned_session_id is not None),
        not_running=sum(1 for r in rows if not r.is_running),
    )


def _replace(s: Session, twin: models.Activity, a: Analyzed, leg: ActivityRow, job: str | None) -> str:
    """Put the richer recording `leg` of file `a` in the place of `twin` (same id; its name kept unless
    `a` names it); returns the source of the recording it replaced (`FILE #N` for a leg of a file of
    several activities)."""
    A = models.Activity
    siblings = s.scalar(
        select(func.count()).select_from(A).where(A.athlete_id == twin.athlete_id, A.sha256 == twin.sha256)
    )
    several = twin.session_index > 1 or (siblings or 0) > 1
    old_source = f"{twin.source} #{twin.session_index}" if several else twin.source
    name = twin.name if a.source.name is None else leg.name
    for key, value in _columns(leg).items():
        setattr(twin, key, value)
    twin.name = name
    twin.sha256, twin.file_gz, twin.file_size = a.sha256, a.file_gz, a.file_size
    twin.source = a.source.label
    twin.external_id = a.source.external_id or twin.external_id
    twin.job_id = job
    s.execute(delete(models.Split).where(models.Split.activity_id == twin.id))
    s.execute(delete(models.Result).where(models.Result.activity_id == twin.id))
    s.flush()
    _add_children(s, twin.id, leg.splits, leg.result)
    return old_source


# ---------------------------------------------------------------------------------------------- plans


@dataclass(frozen=True)
class SavedSchedule:
    """What saving a schedule did: the planned sessions new or changed, and the runs re-scored."""

    changed: list[int] = field(default_factory=list)
    linked: int = 0


def _readable(plan: dict[str, Any], day: dt.date) -> None:
    """Refuse to store a planned session the log could not read back (every later import reads them)."""
    from progtempo.plan.ladder import Session as PlanSession

    try:
        PlanSession.from_json(plan)
    except ProgtempoError as exc:
        raise ProgtempoError(f"the session planned for {day.isoformat()} can't be saved: {exc}") from None


def save_planned(
    store: Log,
    athlete_id: int,
    weeks: Sequence[tuple[int, dt.date, str, PlanSession]],
    rules: dict[str, Any] | None = None,
) -> list[int]:
    """Store planned sessions `(week, date, change, Session)`; returns the ids of new or changed ones.

    A date already planned is updated in place (its links to runs are kept); an identical plan is left alone.
    """
    dates = [d for _, d, _, _ in weeks]
    if len(set(dates)) != len(dates):
        raise ProgtempoError("two planned sessions fall on the same day: choose one session a week")
    P = models.PlannedSession

    def run(s: Session) -> list[int]:
        changed: list[int] = []
        existing = {
            p.date: p for p in s.scalars(select(P).where(P.athlete_id == athlete_id, P.date.in_(dates)))
        }
        for week, day, change, session in weeks:
            plan = session.to_json()
            _readable(plan, day)
            p = existing.get(day)
            spec = session.spec()
            if p is None:
                p = P(athlete_id=athlete_id, date=day, week=week, change=change, spec=spec, plan=plan)
                p.original_spec, p.original_plan, p.original_change = spec, plan, change
                p.rules = rules
                s.add(p)
                s.flush()
                changed.append(p.id)
            elif (
                (p.original_plan or p.plan) != plan
                or p.week != week
                or (p.original_change or p.change) != change
            ):
                # a new progression on this day: the original, and what is due, start again from it
                p.week, p.change, p.spec, p.plan = week, change, spec, plan
                p.original_spec, p.original_plan, p.original_change = spec, plan, change
                p.adapted, p.override, p.rules = None, False, rules
                changed.append(p.id)
            elif rules is not None and p.rules != rules:
                p.rules = rules
        return changed

    return store.write(run)


def save_schedule(
    store: Log,
    athlete: str,
    weeks: Sequence[tuple[int, dt.date, str, PlanSession]],
    *,
    unit: Unit = "mi",
    rules: Rules | None = None,
    today: dt.date | None = None,
) -> SavedSchedule:
    """Save planned sessions for `athlete`, re-score the runs already logged on their days, and adapt the
    sessions ahead to them (`store.adapt`); `rules` are how the progression was made (hold, caps)."""
    from progtempo.store.adapt import adapt_schedule
    from progtempo.store.progress import rescore_planned

    aid = athlete_id(store, athlete, need="plan")
    assert aid is not None
    changed = save_planned(store, aid, weeks, rules.to_json() if rules is not None else None)
    linked = rescore_planned(store, aid, changed, unit)
    adapt_schedule(store, aid, unit, today=today)
    return SavedSchedule(changed, linked)


def set_planned(
    store: Log,
    athlete: str,
    day: dt.date,
    session: PlanSession,
    *,
    unit: Unit = "mi",
    today: dt.date | None = None,
) -> int:
    """A coach's hand on one day: `session` is due on `day`, never rewritten by the runs' advice; the id.

    A day the progression didn't plan gets a new planned session (its week counted from the first one).
    The run already logged that day is re-scored against it, and the sessions after it adapt.
    """
    from progtempo.store.adapt import adapt_schedule
    from progtempo.store.progress import rescore_planned

    aid = athlete_id(store, athlete)
    assert aid is not None
    P = models.PlannedSession
    plan, spec = session.to_json(), session.spec()

    def run(s: Session) -> int:
        p = s.scalar(select(P).where(P.athlete_id == aid, P.date == day))
        if p is None:
            first = s.scalar(select(P.date).where(P.athlete_id == aid).order_by(P.date).limit(1))
            week = (day - first).days // 7 + 1 if first is not None and first <= day else 1
            p = P(athlete_id=aid, date=day, week=week, change="override", spec=spec, plan=plan)
            p.original_spec, p.original_plan, p.original_change = spec, plan, "override"
            s.add(p)
        p.plan, p.spec, p.change, p.override, p.adapted = plan, spec, "override", True, None
        s.flush()
        return p.id

    pid = store.write(run)
    rescore_planned(store, aid, [pid], unit)
    adapt_schedule(store, aid, unit, today=today)
    return pid


def delete_athlete(store: Log, name: str) -> bool:
    """Remove an athlete and everything of theirs (activities, splits, results, plans, account); False
    if absent. The command line only."""
    require_trusted(store, "removing an athlete")

    def run(s: Session) -> bool:
        a = s.scalar(select(models.Athlete).where(models.Athlete.name == name.strip()))
        if a is None:
            return False
        s.execute(delete(models.Athlete).where(models.Athlete.id == a.id))
        return True

    return store.write(run)
