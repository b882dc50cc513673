"""Sessions as dated calendar events (iCalendar, RFC 5545), one event per session.

Each event starts at the session's day and time in the runner's local time (a floating time, so it
stays at 07:00 wherever the calendar is), lasts the session's planned time, and carries the ladder in
its description. The UID is derived from the day and the session, so exporting again updates the
events instead of duplicating them.
"""

from __future__ import annotations

import datetime as dt
import math
from collections.abc import Sequence
from dataclasses import dataclass
from typing import TYPE_CHECKING

from progtempo.export.steps import describe_ladder, event_uid, title, total_text

if TYPE_CHECKING:
    from progtempo.plan.ladder import Session


#: How long a calendar event lasts for a session whose time is unknown (by effort, over distances).
UNKNOWN_TIME_MIN = 60


@dataclass(frozen=True)
class Entry:
    """One session placed in a calendar: its day, start time, week number and the change it brings."""

    session: Session
    day: dt.date
    at: dt.time
    name: str
    week: int | None = None
    change: str = ""
    fallback: Session | None = None  # the jaded variant, described in the event too


def description(entry: Entry) -> str:
    """The event's text: the change this week brings, the ladder, the totals, and the jaded option."""
    s = entry.session
    lines = [f"Progressive tempo {s.describe()}."]
    if entry.change:
        lines.append(f"This week: {entry.change.rstrip('.')}.")
    lines += describe_ladder(s)
    lines.append(f"Total {total_text(s)}.")
    if entry.fallback is not None:
        lines.append("")
        lines.append(f"Feeling jaded? Run {entry.fallback.describe()} instead:")
        lines += describe_ladder(entry.fallback)
    return "\n".join(lines)


def calendar(entries: Sequence[Entry], *, created: dt.datetime) -> bytes:
    """An .ics calendar with one event per entry, stamped `created` (the caller's clock)."""
    from icalendar import Calendar, Event

    cal = Calendar()
    cal.add("prodid", "-//progtempo//progressive tempo sessions//EN")
    cal.add("version", "2.0")
    cal.add("calscale", "GREGORIAN")
    stamp = created.astimezone(dt.UTC).replace(microsecond=0)
    for entry in entries:
        start = dt.datetime.combine(entry.day, entry.at)
        total = entry.session.total_time_s
        # a session by effort over distances without paces has no time: the calendar holds an hour
        minutes = max(1, math.ceil(total / 60)) if math.isfinite(total) else UNKNOWN_TIME_MIN
        event = Event()
        event.add("uid", event_uid(entry.session, entry.day))
        event.add("dtstamp", stamp)
        event.add("dtstart", start)
        event.add("dtend", start + dt.timedelta(minutes=minutes))
        summary = f"Progressive tempo {title(entry.session)}"
        if entry.week is not None:
            summary = f"Week {entry.week}: {summary}"
        event.add("summary", summary)
        event.add("description", description(entry))
        event.add("categories", ["Running"])
        cal.add_component(event)
    return bytes(cal.to_ical())
