"""Reading the training log: the activity list, progressive sessions over weeks, streaks, the schedule.

Paces come out of the database in seconds per km and are converted to the reader's unit here, so
every JSON document carries paces in its top-level `unit`.
"""

from __future__ import annotations

import datetime as dt
import itertools
from dataclasses import dataclass
from typing import Any, Literal, TypeVar

from sqlalchemy import Select, delete, select
from sqlalchemy.orm import selectinload

from progtempo.activity import iso_utc
from progtempo.errors import ProgtempoError
from progtempo.store import models
from progtempo.store.db import Store
from progtempo.units import Unit, convert_pace, unit_m

Kind = Literal["run", "all", "progressive"]
_Q = TypeVar("_Q", bound="Select[*tuple[Any, ...]]")


def _pace(p_km: float | None, unit: Unit) -> float | None:
    return convert_pace(p_km, "km", unit) if p_km is not None else None


def find_athlete(store: Store, name: str) -> int | None:
    """The id of the athlete called `name`, or None when the log has no such athlete yet."""
    with store.session() as s:
        return s.scalar(select(models.Athlete.id).where(models.Athlete.name == name.strip()))


def athletes(store: Store) -> list[str]:
    """Every athlete's name, sorted."""
    with store.session() as s:
        return list(s.scalars(select(models.Athlete.name).order_by(models.Athlete.name)))


def _day_start(d: dt.date) -> dt.datetime:
    return dt.datetime.combine(d, dt.time(), tzinfo=dt.UTC)


def _between(q: _Q, since: dt.date | None, until: dt.date | None) -> _Q:
    """`q` narrowed to activities started from `since` to `until` (inclusive UTC dates)."""
    A = models.Activity
    if since:
        q = q.where(A.start_time >= _day_start(since))
    if until:
        q = q.where(A.start_time < _day_start(until + dt.timedelta(days=1)))
    return q


def _rows(store: Store, q: Select[*tuple[Any, ...]]) -> list[Any]:
    """The rows `q` selects, read in a session of their own."""
    with store.session() as s:
        return list(s.execute(q).all())


# ---------------------------------------------------------------------------------------------- log


@dataclass(frozen=True)
class LogEntry:
    """One activity as the log shows it, with the coach's verdict when it was a scored run."""

    id: int
    start_time: dt.datetime
    name: str | None
    sport: str
    is_running: bool
    distance_m: float | None
    elapsed_s: float | None
    moving_s: float | None
    format: str
    source: str
    progressive: bool
    score: float | None
    boss: str | None
    insight: str | None
    planned: str | None
    warnings: list[Any]

    def to_json(self, unit: Unit) -> dict[str, Any]:
        pace = self.moving_s / self.distance_m * unit_m(unit) if self.distance_m and self.moving_s else None
        return {
            "id": self.id,
            "date": self.start_time.date().isoformat(),
            "start_time": iso_utc(self.start_time),
            "name": self.name,
            "sport": self.sport,
            "is_running": self.is_running,
            "distance_m": self.distance_m,
            "elapsed_s": self.elapsed_s,
            "moving_s": self.moving_s,
            "pace_s": pace,
            "format": self.format,
            "source": self.source,
            "progressive": self.progressive,
            "score": self.score,
            "boss": self.boss,
            "insight": self.insight,
            "planned": self.planned,
            "warnings": self.warnings,
        }


def log_entries(
    store: Store,
    athlete: str,
    *,
    since: dt.date | None = None,
    until: dt.date | None = None,
    kind: Kind = "all",
    limit: int | None = None,
) -> list[LogEntry]:
    """The athlete's activities, newest first, between `since` and `until` (inclusive, UTC dates)."""
    aid = find_athlete(store, athlete)
    if aid is None:
        return []
    return _log_query(store, aid, since=since, until=until, kind=kind, limit=limit)


def _log_query(
    store: Store,
    aid: int,
    *,
    since: dt.date | None = None,
    until: dt.date | None = None,
    kind: Kind = "all",
    limit: int | None = None,
    activity_id: int | None = None,
) -> list[LogEntry]:
    A, R, P = models.Activity, models.Result, models.PlannedSession
    q = (
        select(
            A.id,
            A.start_time,
            A.name,
            A.sport,
            A.is_running,
            A.distance_m,
            A.elapsed_s,
            A.moving_s,
            A.format,
            A.source,
            A.warnings,
            R.progressive,
            R.score,
            R.boss,
            R.insight,
            P.spec.label("planned"),
        )
        .outerjoin(R, R.activity_id == A.id)
        .outerjoin(P, P.id == R.planned_session_id)
        .where(A.athlete_id == aid)
        .order_by(A.start_time.desc(), A.id.desc())
    )
    if activity_id is not None:
        q = q.where(A.id == activity_id)
    q = _between(q, since, until)
    if kind == "run":
        q = q.where(A.is_running.is_(True))
    elif kind == "progressive":
        q = q.where(R.progressive.is_(True))
    if limit:
        q = q.limit(limit)
    return [
        LogEntry(**{**r._mapping, "progressive": bool(r.progressive), "warnings": list(r.warnings or [])})
        for r in _rows(store, q)
    ]


# ---------------------------------------------------------------------------------------------- history


@dataclass(frozen=True)
class HistoryEntry:
    """One progressive session in the history: how fast it ended, how well it went."""

    activity_id: int
    start_time: dt.datetime
    name: str | None
    distance_m: float | None
    end_pace_s_per_km: float | None
    end_gap_s_per_km: float | None
    step_s_per_km: float | None
    segments: int | None
    score: float | None
    levels_cleared: int | None
    boss: str | None
    planned: str | None

    @property
    def week(self) -> str:
        y, w, _ = self.start_time.date().isocalendar()
        return f"{y}-W{w:02d}"

    def to_json(self, unit: Unit) -> dict[str, Any]:
        return {
            "activity_id": self.activity_id,
            "date": self.start_time.date().isoformat(),
            "start_time": iso_utc(self.start_time),
            "week": self.week,
            "name": self.name,
            "distance_m": self.distance_m,
            "end_pace_s": _pace(self.end_pace_s_per_km, unit),
            "end_gap_s": _pace(self.end_gap_s_per_km, unit),
            "step_s": _pace(self.step_s_per_km, unit),
            "segments": self.segments,
            "score": self.score,
            "levels_cleared": self.levels_cleared,
            "boss": self.boss,
            "planned": self.planned,
        }


def history(
    store: Store, athlete: str, *, since: dt.date | None = None, until: dt.date | None = None
) -> list[HistoryEntry]:
    """The athlete's progressive sessions, oldest first."""
    aid = find_athlete(store, athlete)
    if aid is None:
        return []
    A, R, P = models.Activity, models.Result, models.PlannedSession
    q = (
        select(
            A.id.label("activity_id"),
            A.start_time,
            A.name,
            A.distance_m,
            R.end_pace_s_per_km,
            R.end_gap_s_per_km,
            R.step_s_per_km,
            R.segments,
            R.score,
            R.levels_cleared,
            R.boss,
            P.spec.label("planned"),
        )
        .join(R, R.activity_id == A.id)
        .outerjoin(P, P.id == R.planned_session_id)
        .where(A.athlete_id == aid, R.progressive.is_(True))
        .order_by(A.start_time, A.id)
    )
    return [HistoryEntry(**r._mapping) for r in _rows(store, _between(q, since, until))]


@dataclass(frozen=True)
class Streaks:
    """Consistency: runs of consecutive ISO weeks with at least one progressive session."""

    current_weeks: int
    longest_weeks: int
    longest_from: dt.date | None  # Monday of the first week of the longest streak
    longest_to: dt.date | None  # Monday of its last week
    weeks_with_sessions: int

    def to_json(self) -> dict[str, Any]:
        return {
            "current_weeks": self.current_weeks,
            "longest_weeks": self.longest_weeks,
            "longest_from": self.longest_from.isoformat() if self.longest_from else None,
            "longest_to": self.longest_to.isoformat() if self.longest_to else None,
            "weeks_with_sessions": self.weeks_with_sessions,
        }


def _monday(d: dt.date) -> dt.date:
    return d - dt.timedelta(days=d.weekday())


def streaks(days: list[dt.date], today: dt.date | None = None) -> Streaks:
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
    this_week = _monday(today or dt.datetime.now(dt.UTC).date())
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


@dataclass(frozen=True)
class PlannedEntry:
    """A planned session and what became of it: done (a run is linked), missed, or due."""

    id: int
    date: dt.date
    week: int
    change: str
    spec: str
    plan: dict[str, Any]
    status: Literal["done", "missed", "due"]
    activity_id: int | None
    score: float | None

    def to_json(self) -> dict[str, Any]:
        return {
            "id": self.id,
            "date": self.date.isoformat(),
            "week": self.week,
            "change": self.change,
            "spec": self.spec,
            "status": self.status,
            "activity_id": self.activity_id,
            "score": self.score,
            "plan": self.plan,
        }


def save_planned(store: Store, athlete_id: int, weeks: list[tuple[int, dt.date, str, Any]]) -> list[int]:
    """Store planned sessions `(week, date, change, Session)`; returns the ids of new or changed ones.

    A date already planned is updated in place (its links to runs are kept); an identical plan is left alone.
    """
    dates = [d for _, d, _, _ in weeks]
    if len(set(dates)) != len(dates):
        raise ProgtempoError("two planned sessions fall on the same day: choose one session a week")
    changed: list[int] = []
    P = models.PlannedSession
    with store.transaction() as s:
        existing = {
            p.date: p for p in s.scalars(select(P).where(P.athlete_id == athlete_id, P.date.in_(dates)))
        }
        for week, day, change, session in weeks:
            plan = session.to_json()
            p = existing.get(day)
            if p is None:
                p = P(
                    athlete_id=athlete_id, date=day, week=week, change=change, spec=session.spec(), plan=plan
                )
                s.add(p)
                s.flush()
                changed.append(p.id)
            elif p.plan != plan or p.week != week or p.change != change:
                p.week, p.change, p.spec, p.plan = week, change, session.spec(), plan
                changed.append(p.id)
    return changed


def delete_athlete(store: Store, name: str) -> bool:
    """Remove an athlete and everything of theirs (activities, splits, results, plans); False if absent."""
    with store.transaction() as s:
        a = s.scalar(select(models.Athlete).where(models.Athlete.name == name.strip()))
        if a is None:
            return False
        s.execute(delete(models.Athlete).where(models.Athlete.id == a.id))
    return True


def planned_sessions(
    store: Store, athlete: str, *, since: dt.date | None = None, today: dt.date | None = None
) -> list[PlannedEntry]:
    """The athlete's planned sessions from `since` on, oldest first, each with its status."""
    aid = find_athlete(store, athlete)
    if aid is None:
        return []
    today = today or dt.datetime.now(dt.UTC).date()
    P = models.PlannedSession
    q = select(P).where(P.athlete_id == aid).options(selectinload(P.results)).order_by(P.date)
    if since:
        q = q.where(P.date >= since)
    out: list[PlannedEntry] = []
    with store.session() as s:
        for p in s.scalars(q):
            res = p.results[0] if p.results else None
            status: Literal["done", "missed", "due"] = (
                "done" if res else ("due" if p.date >= today else "missed")
            )
            out.append(
                PlannedEntry(
                    id=p.id,
                    date=p.date,
                    week=p.week,
                    change=p.change,
                    spec=p.spec,
                    plan=p.plan,
                    status=status,
                    activity_id=res.activity_id if res else None,
                    score=res.score if res else None,
                )
            )
    return out


def counts(store: Store, athlete: str) -> dict[str, int]:
    """How many activities, runs, progressive sessions and planned sessions the athlete has."""
    from sqlalchemy import func

    aid = find_athlete(store, athlete)
    if aid is None:
        return {"activities": 0, "runs": 0, "progressive": 0, "planned": 0}
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
    return {"activities": n_act, "runs": n_run, "progressive": n_prog, "planned": n_plan}


# ---------------------------------------------------------------------------------------------- one run

_PACE_KEYS = ("target_pace_s", "actual_pace_s", "slow_pace_s", "fast_pace_s", "off_s", "pace_s", "gap_s")


@dataclass(frozen=True)
class ActivityDetail:
    """One activity with its splits, the coach's result and the planned session it fulfilled."""

    entry: LogEntry
    split_m: float | None
    splits: list[dict[str, Any]]
    result: dict[str, Any] | None
    planned: dict[str, Any] | None

    def to_json(self, unit: Unit) -> dict[str, Any]:
        res = None
        if self.result is not None:
            res = dict(self.result)
            from_unit: Unit = res.pop("unit")
            levels = [dict(lv) if isinstance(lv, dict) else lv for lv in res.get("levels") or []]
            if from_unit != unit:
                for lv in levels:
                    if isinstance(lv, dict):
                        for k in _PACE_KEYS:
                            if isinstance(lv.get(k), int | float) and not isinstance(lv.get(k), bool):
                                lv[k] = convert_pace(float(lv[k]), from_unit, unit)
            res["levels"] = levels
            for k in ("end_pace", "end_gap", "step"):
                res[f"{k}_s"] = _pace(res.pop(f"{k}_s_per_km"), unit)
        return {
            "unit": unit,
            "activity": self.entry.to_json(unit),
            "split_m": self.split_m,
            "splits": [
                {
                    **{k: v for k, v in sp.items() if not k.endswith("_per_km")},
                    "pace_s": _pace(sp["pace_s_per_km"], unit),
                    "gap_s": _pace(sp["gap_s_per_km"], unit),
                }
                for sp in self.splits
            ],
            "result": res,
            "planned": self.planned,
        }


def activity_detail(store: Store, athlete: str, activity_id: int) -> ActivityDetail | None:
    """The athlete's activity `activity_id` in full, or None when it is not theirs or absent."""
    aid = find_athlete(store, athlete)
    if aid is None:
        return None
    entry = next((e for e in _entries_by_id(store, aid, activity_id)), None)
    if entry is None:
        return None
    A, S, R = models.Activity, models.Split, models.Result
    split_cols = [c.key for c in S.__table__.columns if c.key not in ("id", "activity_id")]
    with store.session() as s:
        split_m = s.scalar(select(A.split_m).where(A.id == activity_id))
        splits = [
            {k: getattr(sp, k) for k in split_cols}
            for sp in s.scalars(select(S).where(S.activity_id == activity_id).order_by(S.index))
        ]
        r = s.scalar(select(R).where(R.activity_id == activity_id).options(selectinload(R.planned_session)))
        result = None
        planned = None
        if r is not None:
            result = {
                "unit": r.unit,
                "progressive": r.progressive,
                "score": r.score,
                "boss": r.boss,
                "insight": r.insight,
                "end_pace_s_per_km": r.end_pace_s_per_km,
                "end_gap_s_per_km": r.end_gap_s_per_km,
                "step_s_per_km": r.step_s_per_km,
                "segments": r.segments,
                "levels_cleared": r.levels_cleared,
                "levels": r.levels,
                "advice": r.advice,
                "report": r.report,
            }
            p = r.planned_session
            if p is not None:
                planned = {
                    "id": p.id,
                    "date": p.date.isoformat(),
                    "week": p.week,
                    "change": p.change,
                    "spec": p.spec,
                    "plan": p.plan,
                }
    return ActivityDetail(entry=entry, split_m=split_m, splits=splits, result=result, planned=planned)


def _entries_by_id(store: Store, aid: int, activity_id: int) -> list[LogEntry]:
    return _log_query(store, aid, activity_id=activity_id)
