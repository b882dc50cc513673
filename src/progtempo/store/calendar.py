"""The schedule as a calendar: weeks of seven days, each with its planned session and the runs done.

A planned session is done (a run was matched to it), missed (its day has passed) or due. Weeks run
Monday to Sunday, from the first planned week (or a few weeks back, to show the runs before it) to the
last planned week (or this week).
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Sequence
from dataclasses import dataclass
from typing import TYPE_CHECKING

from progtempo.store import queries

if TYPE_CHECKING:
    from progtempo.store.history_records import PlannedEntry, Status
    from progtempo.store.log import Log
    from progtempo.store.records import ActivitySummary

#: weeks of runs the calendar shows before this week when nothing older is planned
WEEKS_BACK = 3


@dataclass(frozen=True)
class CalendarDay:
    """One day: its planned session (if any) and the runs started on it (local day)."""

    date: dt.date
    planned: PlannedEntry | None
    runs: tuple[ActivitySummary, ...]
    is_today: bool

    @property
    def status(self) -> Status | None:
        """done, missed or due; None on a day with nothing planned."""
        return self.planned.status if self.planned is not None else None


@dataclass(frozen=True)
class CalendarWeek:
    """Monday to Sunday."""

    monday: dt.date
    days: tuple[CalendarDay, ...]

    @property
    def iso_week(self) -> str:
        y, w, _ = self.monday.isocalendar()
        return f"{y}-W{w:02d}"


def monday(d: dt.date) -> dt.date:
    return d - dt.timedelta(days=d.weekday())


def calendar(
    planned: Sequence[PlannedEntry],
    runs: Sequence[ActivitySummary],
    *,
    first: dt.date,
    last: dt.date,
    today: dt.date,
) -> tuple[CalendarWeek, ...]:
    """The weeks from `first`'s to `last`'s, with the planned sessions and runs on their days."""
    by_day = {p.date: p for p in planned}
    runs_by_day: dict[dt.date, list[ActivitySummary]] = {}
    for r in sorted(runs, key=lambda r: r.start_time):
        runs_by_day.setdefault(r.date, []).append(r)
    weeks = []
    start = monday(first)
    while start <= last:
        days = tuple(
            CalendarDay(d, by_day.get(d), tuple(runs_by_day.get(d, ())), d == today)
            for d in (start + dt.timedelta(days=k) for k in range(7))
        )
        weeks.append(CalendarWeek(start, days))
        start += dt.timedelta(weeks=1)
    return tuple(weeks)


def schedule_calendar(store: Log, athlete: str, *, today: dt.date) -> tuple[CalendarWeek, ...]:
    """The athlete's whole schedule as a calendar, with the runs of those weeks (and of the last few)."""
    planned = queries.planned_sessions(store, athlete, today=today)
    this_week = monday(today)
    first = min([this_week - dt.timedelta(weeks=WEEKS_BACK), *(p.date for p in planned)])
    last = max([this_week + dt.timedelta(days=6), *(p.date for p in planned)])
    runs = queries.activities(store, athlete, since=monday(first), until=last, kind="run")
    return calendar(planned, runs, first=first, last=last, today=today)


def suggested_date(planned: Sequence[PlannedEntry], run_day: dt.date, today: dt.date) -> dt.date:
    """Where a session advised after a run goes: the next planned session due (it takes its place),
    else a week after the run, and never before tomorrow."""
    due = [p.date for p in planned if p.status == "due" and p.date > today]
    if due:
        return min(due)
    return max(run_day + dt.timedelta(weeks=1), today + dt.timedelta(days=1))
