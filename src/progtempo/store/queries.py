"""Reading the training log into typed records (`progtempo.store.records`); writes live in `writes`.

Every function takes the open log (`Log`) and an athlete's name; an athlete the log doesn't know has an
empty log. Days are local days in `store.tz`; paces come back in seconds per km as stored.
"""

from __future__ import annotations

import datetime as dt
import itertools
from typing import TYPE_CHECKING, Any, TypeVar

from sqlalchemy import Select, func, select

from progtempo.store import models
from progtempo.store.history_records import History, HistoryEntry, PlannedEntry, Status, Streaks, WeekVolume
from progtempo.store.log import Log
from progtempo.store.records import (
    ActivitySummary,
    Counts,
    Kind,
    PlannedSummary,
    StoredActivity,
    StoredAdvice,
    StoredLevel,
    StoredResult,
    StoredSplit,
)

if TYPE_CHECKING:
    from progtempo.activity import Activity

_Q = TypeVar("_Q", bound="Select[*tuple[Any, ...]]")


def find_athlete(store: Log, name: str) -> int | None:
    """The id of the athlete called `name`, or None when the log has no such athlete yet.

    A store opened as a user finds only an athlete that user may read, else raises NotVisible
    (`progtempo.store.access`): every read below starts here.
    """
    from progtempo.store.access import athlete_for

    return athlete_for(store, name, "read")


def athletes(store: Log) -> list[str]:
    """Every athlete's name the store's user may read, sorted."""
    from progtempo.store.access import visible_athletes

    return visible_athletes(store)


def _day_start(store: Log, d: dt.date) -> dt.datetime:
    """The instant a local day begins, in UTC."""
    return dt.datetime.combine(d, dt.time(), tzinfo=store.tz).astimezone(dt.UTC)


def _between(store: Log, q: _Q, since: dt.date | None, until: dt.date | None) -> _Q:
    """`q` narrowed to activities started from `since` to `until` (inclusive local days)."""
    A = models.Activity
    if since:
        q = q.where(A.start_time >= _day_start(store, since))
    if until:
        q = q.where(A.start_time < _day_start(store, until + dt.timedelta(days=1)))
    return q


def _local_day(store: Log, t: dt.datetime) -> dt.date:
    return t.astimezone(store.tz).date()


# ---------------------------------------------------------------------------------------------- log


def _summary_query(aid: int) -> Select[models.Activity, bool, float | None, str | None, str | None, str]:
    A, R, P = models.Activity, models.Result, models.PlannedSession
    return (
        select(A, R.progressive, R.score, R.boss, R.insight, P.spec)
        .outerjoin(R, R.activity_id == A.id)
        .outerjoin(P, P.id == R.planned_session_id)
        .where(A.athlete_id == aid)
    )


def _summary(store: Log, a: models.Activity, progressive: bool | None, score: float | None,
             boss: str | None, insight: str | None, planned: str | None) -> ActivitySummary:  # fmt: skip
    prog = bool(progressive)
    return ActivitySummary(
        id=a.id,
        start_time=a.start_time,
        local_start=a.start_time.astimezone(store.tz),
        name=a.name,
        sport=a.sport,
        is_running=a.is_running,
        distance_m=a.distance_m,
        elapsed_s=a.elapsed_s,
        moving_s=a.moving_s,
        elev_gain_m=a.elev_gain_m,
        avg_hr=a.avg_hr,
        max_hr=a.max_hr,
        device=a.device,
        format=a.format,
        source=a.source,
        progressive=prog,
        score=score if prog else None,
        boss=boss if prog else None,
        insight=insight,
        planned=planned,
        warnings=tuple(str(w) for w in a.warnings or ()),
        event_id=a.event_id,
        session_index=a.session_index,
    )


def activities(
    store: Log,
    athlete: str,
    *,
    since: dt.date | None = None,
    until: dt.date | None = None,
    kind: Kind = "all",
    limit: int | None = None,
) -> list[ActivitySummary]:
    """The athlete's activities, newest first, between `since` and `until` (inclusive local days)."""
    aid = find_athlete(store, athlete)
    if aid is None:
        return []
    A, R = models.Activity, models.Result
    q = _between(store, _summary_query(aid), since, until).order_by(A.start_time.desc(), A.id.desc())
    if kind == "run":
        q = q.where(A.is_running.is_(True))
    elif kind == "progressive":
        q = q.where(R.progressive.is_(True))
    if limit:
        q = q.limit(limit)
    with store.session() as s:
        return [_summary(store, *row) for row in s.execute(q).all()]


def activity(store: Log, athlete: str, activity_id: int) -> StoredActivity | None:
    """The athlete's activity `activity_id` in full, or None when it is not theirs or absent."""
    aid = find_athlete(store, athlete)
    if aid is None:
        return None
    A, S, R = models.Activity, models.Split, models.Result
    with store.session() as s:
        row = s.execute(_summary_query(aid).where(A.id == activity_id)).first()
        if row is None:
            return None
        summary = _summary(store, *row)
        act = row[0]
        splits = tuple(
            _split(sp) for sp in s.scalars(select(S).where(S.activity_id == activity_id).order_by(S.index))
        )
        r = s.scalar(select(R).where(R.activity_id == activity_id))
        result = _result(r) if r is not None else None
        planned = None
        if r is not None and r.planned_session_id is not None:
            p = s.get(models.PlannedSession, r.planned_session_id)
            planned = _planned(p) if p is not None else None
        return StoredActivity(summary, act.split_m, splits, result, planned)


def _split(sp: models.Split) -> StoredSplit:
    return StoredSplit(
        index=sp.index,
        start_m=sp.start_m,
        distance_m=sp.distance_m,
        elapsed_s=sp.elapsed_s,
        moving_s=sp.moving_s,
        pace_s_per_km=sp.pace_s_per_km,
        gap_s_per_km=sp.gap_s_per_km,
        elev_gain_m=sp.elev_gain_m,
        elev_loss_m=sp.elev_loss_m,
        avg_grade=sp.avg_grade,
        avg_hr=sp.avg_hr,
        max_hr=sp.max_hr,
        partial=sp.partial,
        avg_power_w=sp.avg_power_w,
        avg_cadence_spm=sp.avg_cadence_spm,
    )


def _result(r: models.Result) -> StoredResult:
    """The typed result; the levels, advice and report come from their JSON columns (an edge)."""
    from progtempo.units import parse_unit

    unit = parse_unit(r.unit)
    advice: dict[str, Any] = r.advice or {}
    read = StoredAdvice.from_json(advice)
    return StoredResult(
        unit=unit,
        progressive=r.progressive,
        score=r.score if r.progressive else None,
        boss=r.boss if r.progressive else None,
        insight=r.insight,
        message=read.message,
        end_pace_s_per_km=r.end_pace_s_per_km,
        end_gap_s_per_km=r.end_gap_s_per_km,
        step_s_per_km=r.step_s_per_km,
        segments=r.segments,
        levels_cleared=r.levels_cleared,
        levels=tuple(StoredLevel.from_json(lv, unit) for lv in r.levels or ()),
        next_session=read.next_session,
        advice=advice,
        report=r.report or {},
    )


def _planned(p: models.PlannedSession) -> PlannedSummary:
    from progtempo.plan.ladder import Session

    return PlannedSummary(p.id, p.date, p.week, p.change, p.spec, Session.from_json(p.plan))


def original(store: Log, athlete: str, activity_id: int) -> Activity | None:
    """The stored activity read back from its original file, as the reader makes it (its own leg)."""
    import gzip
    from pathlib import Path

    aid = find_athlete(store, athlete)
    if aid is None:
        return None
    A = models.Activity
    with store.session() as s:
        row = s.execute(
            select(A.file_gz, A.source, A.sport, A.name, A.session_index).where(
                A.id == activity_id, A.athlete_id == aid
            )
        ).first()
    if row is None:
        return None
    from progtempo.store.rows import read_legs

    legs = read_legs(Path(row.source).name, gzip.decompress(row.file_gz))
    leg = next((a for a in legs if a.session_index == row.session_index), legs[0])
    leg.sport, leg.name = row.sport, row.name
    return leg


# ---------------------------------------------------------------------------------------------- history


def history(
    store: Log,
    athlete: str,
    *,
    since: dt.date | None = None,
    until: dt.date | None = None,
    today: dt.date,
) -> History:
    """The athlete's progressive sessions (oldest first), streaks as of `today`, weekly run volume."""
    aid = find_athlete(store, athlete)
    if aid is None:
        return History((), streaks([], today), ())
    A, R, P = models.Activity, models.Result, models.PlannedSession
    # the columns only: whole rows would decode every result's JSON (levels, advice, report), which is
    # most of the time of a thousand-session history
    columns = (A.id, A.start_time, A.name, A.distance_m, R.end_pace_s_per_km, R.end_gap_s_per_km,
               R.step_s_per_km, R.segments, R.score, R.levels_cleared, R.boss, P.spec)  # fmt: skip
    q = (
        select(*columns)
        .join(R, R.activity_id == A.id)
        .outerjoin(P, P.id == R.planned_session_id)
        .where(A.athlete_id == aid, R.progressive.is_(True))
        .order_by(A.start_time, A.id)
    )
    v = select(A.start_time, A.distance_m, A.moving_s, A.elapsed_s, R.progressive).outerjoin(
        R, R.activity_id == A.id
    )
    v = v.where(A.athlete_id == aid, A.is_running.is_(True))
    with store.session() as s:
        sessions = tuple(
            HistoryEntry(
                activity_id=row.id,
                start_time=row.start_time,
                date=_local_day(store, row.start_time),
                name=row.name,
                distance_m=row.distance_m,
                end_pace_s_per_km=row.end_pace_s_per_km,
                end_gap_s_per_km=row.end_gap_s_per_km,
                step_s_per_km=row.step_s_per_km,
                segments=row.segments,
                score=row.score,
                levels_cleared=row.levels_cleared,
                boss=row.boss,
                planned=row.spec,
            )
            for row in s.execute(_between(store, q, since, until)).all()
        )
        runs = s.execute(_between(store, v, since, until)).all()
    weeks: dict[dt.date, list[Any]] = {}
    for start, dist, moving, elapsed, prog in runs:
        w = weeks.setdefault(_monday(_local_day(store, start)), [0, 0.0, 0.0, 0])
        w[0] += 1
        w[1] += dist or 0.0
        w[2] += moving if moving is not None else (elapsed or 0.0)
        w[3] += 1 if prog else 0
    volume = tuple(WeekVolume(k, n, d, t, p) for k, (n, d, t, p) in sorted(weeks.items()))
    return History(sessions, streaks([e.date for e in sessions], today), volume)


def _monday(d: dt.date) -> dt.date:
    return d - dt.timedelta(days=d.weekday())


def streaks(days: list[dt.date], today: dt.date) -> Streaks:
    """Streaks of consecutive weeks holding a session; the current one is alive if last week had one."""
    weeks = sorted({_monday(d) for d in days})
    if not weeks:
        return Streaks(0, 0, None, None, 0)
    best_len, best_from, best_to = 1, weeks[0], weeks[0]
    run_len, run_from = 1, weeks[0]
    for prev, cur in itertools.pairwise(weeks):
        if (cur - prev).days == 7:
            run_len += 1
        else:
            run_len, run_from = 1, cur
        if run_len > best_len:
            best_len, best_from, best_to = run_len, run_from, cur
    this_week = _monday(today)
    last = weeks[-1]
    current = 0
    if (this_week - last).days in (0, 7):
        current = 1
        for prev, cur in zip(reversed(weeks[:-1]), reversed(weeks), strict=False):
            if (cur - prev).days != 7:
                break
            current += 1
    return Streaks(current, best_len, best_from, best_to, len(weeks))


# ---------------------------------------------------------------------------------------------- schedule


def planned_sessions(
    store: Log, athlete: str, *, since: dt.date | None = None, today: dt.date
) -> list[PlannedEntry]:
    """The athlete's planned sessions from `since` on, oldest first, each with its status."""
    from progtempo.plan.adapt import Adapted
    from progtempo.plan.ladder import Session

    aid = find_athlete(store, athlete)
    if aid is None:
        return []
    P, R = models.PlannedSession, models.Result
    q = (
        select(P, R.activity_id, R.score)
        .outerjoin(R, R.planned_session_id == P.id)
        .where(P.athlete_id == aid)
        .order_by(P.date, R.activity_id)
    )
    if since:
        q = q.where(P.date >= since)
    out: dict[int, PlannedEntry] = {}
    with store.session() as s:
        for p, act_id, score in s.execute(q).all():
            if p.id in out:
                continue  # the first run linked to it
            status: Status = "done" if act_id is not None else ("due" if p.date >= today else "missed")
            out[p.id] = PlannedEntry(
                id=p.id,
                date=p.date,
                week=p.week,
                change=p.change,
                spec=p.spec,
                session=Session.from_json(p.plan),
                status=status,
                activity_id=act_id,
                score=score,
                adapted=Adapted.from_json(p.adapted),
                override=bool(p.override),
                original_spec=p.original_spec,
            )
    return list(out.values())


def counts(store: Log, athlete: str) -> Counts:
    """How many activities, runs, progressive sessions and planned sessions the athlete has."""
    aid = find_athlete(store, athlete)
    if aid is None:
        return Counts()
    A, R, P = models.Activity, models.Result, models.PlannedSession
    with store.session() as s:
        n_act = s.scalar(select(func.count()).select_from(A).where(A.athlete_id == aid)) or 0
        n_run = (
            s.scalar(select(func.count()).select_from(A).where(A.athlete_id == aid, A.is_running.is_(True)))
            or 0
        )
        n_prog = (
            s.scalar(
                select(func.count())
                .select_from(R)
                .join(A, A.id == R.activity_id)
                .where(A.athlete_id == aid, R.progressive.is_(True))
            )
            or 0
        )
        n_plan = s.scalar(select(func.count()).select_from(P).where(P.athlete_id == aid)) or 0
    return Counts(activities=n_act, runs=n_run, progressive=n_prog, planned=n_plan)
