"""The dashboard's answer: what to run next, how the last run went, the trend and the streak.

One read of the log for the web app's first page (and anyone else's): the next planned session due,
or else the session the coach advised after the last progressive run; the newest run in full and the
newest progressive session (often the same run); the
progressive sessions of the last weeks with their end pace, end GAP and the threshold pace the coach
judged them against; the streaks of steady weeks.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass
from typing import TYPE_CHECKING, Literal

from sqlalchemy import select

from progtempo.store import models, queries
from progtempo.units import convert_pace, parse_unit

if TYPE_CHECKING:
    from progtempo.plan.ladder import Session
    from progtempo.store.history_records import HistoryEntry, PlannedEntry, Streaks
    from progtempo.store.log import Log
    from progtempo.store.records import StoredActivity

#: how far back the dashboard's trend looks
TREND_WEEKS = 12

NextSource = Literal["planned", "advised"]


@dataclass(frozen=True)
class TrendPoint:
    """One progressive session on the trend: how fast it ended, and the threshold it was judged by.

    `threshold_source` says where the coach took that threshold from (`plan_end`: the plan's end pace,
    `block_end`, `fitness`, `given`; see docs/energy.md); None when the report has none.
    """

    session: HistoryEntry
    threshold_pace_s_per_km: float | None
    threshold_source: str | None


@dataclass(frozen=True)
class NextSession:
    """The session to run next: planned for `date`, or advised by the coach after `after` (a run id)."""

    session: Session
    source: NextSource
    date: dt.date | None = None
    planned: PlannedEntry | None = None
    after: int | None = None


@dataclass(frozen=True)
class Dashboard:
    """What the first page shows (None or empty where the log has nothing yet)."""

    next: NextSession | None
    last_run: StoredActivity | None
    last_session: HistoryEntry | None
    trend: tuple[TrendPoint, ...]
    streaks: Streaks
    runs: int


def dashboard(store: Log, athlete: str, *, today: dt.date, weeks: int = TREND_WEEKS) -> Dashboard:
    """The athlete's dashboard as of `today` (a local day in `store.tz`)."""
    hist = queries.history(store, athlete, today=today)
    since = today - dt.timedelta(weeks=weeks)
    recent = [e for e in hist.sessions if e.date >= since]
    thresholds = _thresholds(store, athlete, [e.activity_id for e in recent])
    trend = tuple(TrendPoint(e, *thresholds.get(e.activity_id, (None, None))) for e in recent)
    newest = queries.activities(store, athlete, kind="run", limit=1)
    last = queries.activity(store, athlete, newest[0].id) if newest else None
    return Dashboard(
        next=_next(store, athlete, today, hist.sessions),
        last_run=last,
        last_session=hist.sessions[-1] if hist.sessions else None,
        trend=trend,
        streaks=hist.streaks,
        runs=queries.counts(store, athlete).runs,
    )


def _next(store: Log, athlete: str, today: dt.date, sessions: tuple[HistoryEntry, ...]) -> NextSession | None:
    """The next planned session due from today on; else the coach's advice after the newest session."""
    for entry in queries.planned_sessions(store, athlete, since=today, today=today):
        if entry.status == "due":
            return NextSession(entry.session, "planned", date=entry.date, planned=entry)
    for e in reversed(sessions):
        run = queries.activity(store, athlete, e.activity_id)
        if run is not None and run.result is not None and run.result.next_session is not None:
            return NextSession(run.result.next_session, "advised", after=run.id)
    return None


def _thresholds(store: Log, athlete: str, ids: list[int]) -> dict[int, tuple[float | None, str | None]]:
    """Each run's threshold pace (s per km) and its source, from the coach's stored report."""
    if not ids:
        return {}
    R, A = models.Result, models.Activity
    energy = R.report["energy"]
    pace, source = energy["threshold_pace_s"].as_float(), energy["threshold_source"].as_string()
    q = (
        select(R.activity_id, R.unit, pace, source)
        .join(A, A.id == R.activity_id)
        .where(R.activity_id.in_(ids), A.athlete_id == queries.find_athlete(store, athlete))
    )
    out: dict[int, tuple[float | None, str | None]] = {}
    with store.session() as s:
        for aid, unit, p, src in s.execute(q).all():
            out[aid] = (convert_pace(p, parse_unit(unit), "km") if p is not None else None, src)
    return out
