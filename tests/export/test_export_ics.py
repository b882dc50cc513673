"""Calendar export: round-trips through icalendar with the day, time, stable UID and the ladder."""

from __future__ import annotations

import datetime as dt
from pathlib import Path

import pytest
from icalendar import Calendar

from progtempo.errors import ProgtempoError
from progtempo.export import event_uid, export_session, render
from progtempo.plan.rungs import Easy
from progtempo.plan.solve import solve

CREATED = dt.datetime(2026, 2, 20, 12, 0, tzinfo=dt.UTC)


def test_single_session_round_trips(tmp_path: Path) -> None:
    session = solve(unit="mi", segments=6, start_pace_s=600.0, end_pace_s=450.0)
    out = tmp_path / "tempo.ics"
    export_session(session, "ics", out, day=dt.date(2026, 3, 2), at=dt.time(18, 30), created=CREATED)
    cal = Calendar.from_ical(out.read_bytes())
    (event,) = cal.walk("VEVENT")
    assert event.decoded("dtstart") == dt.datetime(2026, 3, 2, 18, 30)  # floating local time
    assert event.decoded("dtend") == dt.datetime(2026, 3, 2, 19, 23)  # 52:30 planned, to the next minute
    assert event.decoded("dtstamp") == CREATED
    assert str(event["summary"]) == "Progressive tempo 6x1mi 10:00-7:30/mi"
    assert str(event["uid"]) == event_uid(session, dt.date(2026, 3, 2))
    lines = str(event["description"]).splitlines()
    assert lines[0] == "Progressive tempo 6x1mi 10:00-7:30/mi, 30 s steps."
    assert (
        lines[1]
        == "Mile 1: 10:00/mi (10:05-9:55/mi), split 10:00, at 10:00, talk test: could recite Shakespeare"
    )
    assert lines[6] == "Mile 6: 7:30/mi (7:35-7:25/mi), split 7:30, at 52:30, talk test: a few words"
    assert lines[7] == "Total 6.00 mi in 52:30."


def test_uid_is_stable_and_distinguishes_sessions() -> None:
    session = solve(
        unit="km", segments=5, start_pace_s=360.0, step_s=20.0, warmup=Easy(pace_s=400.0, duration_s=600.0)
    )
    day = dt.date(2026, 3, 4)
    first = Calendar.from_ical(render(session, "ics", day=day, created=CREATED))
    again = Calendar.from_ical(render(session, "ics", day=day, at=dt.time(6, 0), created=CREATED))
    uids = [str(c.walk("VEVENT")[0]["uid"]) for c in (first, again)]
    assert uids[0] == uids[1]
    assert event_uid(session, day + dt.timedelta(days=7)) != uids[0]
    assert event_uid(session.with_changes(step_s=10.0), day) != uids[0]
    desc = str(first.walk("VEVENT")[0]["description"]).splitlines()
    assert desc[1] == "Warm-up: 10:00 easy (about 6:40/km)"


def test_default_time_is_seven_and_the_day_and_stamp_are_the_callers() -> None:
    """The library reads no clock: a calendar event needs its day and when it was made (the CLI and the
    web pass tomorrow and their own clock)."""
    session = solve(unit="mi", segments=3, start_pace_s=540.0, step_s=30.0)
    day = dt.date(2026, 3, 4)
    event = Calendar.from_ical(render(session, "ics", day=day, created=CREATED)).walk("VEVENT")[0]
    assert event.decoded("dtstart") == dt.datetime(2026, 3, 4, 7, 0)
    with pytest.raises(ProgtempoError, match="needs its day"):
        render(session, "ics", created=CREATED)
    with pytest.raises(ProgtempoError, match="pass created="):
        render(session, "ics", day=day)
    with pytest.raises(ProgtempoError, match="pass created="):
        render(session, "fit")


def test_fallback_is_described_in_the_same_event(tmp_path: Path) -> None:
    session = solve(unit="mi", segments=6, start_pace_s=600.0, end_pace_s=450.0)
    written = export_session(
        session, "ics", tmp_path / "t.ics", with_fallback=True, day=dt.date(2026, 3, 2), created=CREATED
    )
    assert written == [tmp_path / "t.ics"]
    (event,) = Calendar.from_ical(written[0].read_bytes()).walk("VEVENT")
    lines = str(event["description"]).splitlines()
    jaded_at = lines.index("Feeling jaded? Run 6x1mi 10:00-8:45/mi, 15 s steps instead:")
    assert lines[jaded_at + 2] == (
        "Mile 2: 9:45/mi (9:50-9:40/mi), split 9:45, at 19:45, talk test: could recite Shakespeare"
    )
