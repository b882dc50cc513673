"""The store's answers for the web app's first pages: the dashboard, the schedule as a calendar, the next
session's day, and a stored run analysed again (`Store.analyze`)."""

from __future__ import annotations

import datetime as dt

import pytest

from progtempo import synth
from progtempo.plan.spec import parse_plan
from progtempo.store import Upload, open_store
from progtempo.store.calendar import suggested_date
from progtempo.synth import mile_legs

WED = dt.date(2026, 3, 4)


def run(day: dt.date, paces: list[float], name: str) -> Upload:
    start = dt.datetime.combine(day, dt.time(12), tzinfo=dt.UTC)
    return Upload(
        f"{name}.fit", synth.fit_bytes(synth.make_run(mile_legs(paces), start_time=start, name=name))
    )


def test_dashboard_and_calendar(db_url: str) -> None:
    plan = parse_plan("6x1mi 10:00-7:30", "mi")
    with open_store(db_url) as store:
        empty = store.dashboard(today=WED)
        assert (empty.next, empty.last_run, empty.last_session, empty.trend, empty.runs) == (
            None,
            None,
            None,
            (),
            0,
        )
        store.import_uploads(
            [
                run(WED, [600, 570, 540, 510, 480, 450], "ladder"),
                run(WED + dt.timedelta(days=3), [620] * 3, "easy"),
            ]
        )
        today = WED + dt.timedelta(days=5)
        board = store.dashboard(today=today)
        assert board.last_run is not None and board.last_run.summary.name == "easy"
        assert board.last_session is not None and board.last_session.name == "ladder"
        assert (
            board.next is not None
            and board.next.source == "advised"
            and board.next.after == board.last_session.activity_id
        )
        assert [p.session.name for p in board.trend] == ["ladder"]
        assert board.trend[0].threshold_source == "block_end" and board.trend[0].threshold_pace_s_per_km
        assert board.streaks.current_weeks == 1 and board.runs == 2

        weeks = [
            (1, WED - dt.timedelta(days=7), "start", plan),
            (2, WED, "hold", plan),
            (3, WED + dt.timedelta(days=7), "hold", plan),
        ]
        store.save_schedule(weeks)
        board = store.dashboard(today=today)
        assert (
            board.next is not None
            and board.next.source == "planned"
            and board.next.date == WED + dt.timedelta(days=7)
        )
        cal = store.calendar(today=today)
        days = {d.date: d for w in cal for d in w.days}
        assert all(len(w.days) == 7 and w.monday.weekday() == 0 for w in cal)
        assert days[WED - dt.timedelta(days=7)].status == "missed"
        assert days[WED].status == "done" and days[WED].planned.activity_id == board.last_session.activity_id  # type: ignore[union-attr]
        assert days[WED + dt.timedelta(days=7)].status == "due"
        assert [r.name for r in days[WED + dt.timedelta(days=3)].runs] == ["easy"]
        assert days[today].is_today and days[today].status is None
        assert cal[0].monday <= WED - dt.timedelta(days=7) and cal[-1].monday == WED + dt.timedelta(days=5)
        assert store.dashboard(athlete="someone else", today=today).runs == 0


def test_suggested_date() -> None:
    today = dt.date(2026, 3, 10)
    assert suggested_date([], dt.date(2026, 3, 4), today) == dt.date(2026, 3, 11)
    assert suggested_date([], dt.date(2026, 1, 1), today) == dt.date(2026, 3, 11)  # never in the past
    assert suggested_date([], dt.date(2026, 3, 9), today) == dt.date(2026, 3, 16)


@pytest.mark.parametrize("unit", ["mi", "km"])
def test_analyze_a_stored_run(db_url: str, unit: str) -> None:
    from progtempo.analysis import analyze
    from progtempo.coach import evaluate
    from progtempo.run_report import RunReport

    up = run(WED, [600, 570, 540, 510, 480, 450], "ladder")
    with open_store(db_url) as store:
        (aid,) = store.import_uploads([up]).activities
        stored = store.analyze(aid, unit=unit)  # type: ignore[arg-type]
        assert stored is not None and stored.plan_source is None and stored.unit == unit
        from progtempo.io import read_activity

        fresh = analyze(read_activity("ladder.fit", data=up.data), unit=unit)  # type: ignore[arg-type]
        doc, expected = stored.to_json(), RunReport(fresh, evaluate(fresh)).to_json()
        assert doc["splits"] == expected["splits"] and doc["levels"] == expected["levels"]
        assert doc["activity_id"] == aid and doc["planned"] is None
        other = store.analyze(aid, plan=parse_plan("6x1mi 10:00-7:00", "mi"), split_m=800.0)
        assert other is not None and other.plan_source == "given" and other.unit == "mi"
        assert len(other.analysis.splits) == 13 and other.report is not None
        assert other.report.boss is not None and other.report.boss.verdict != "cleared"
        assert store.analyze(aid, athlete="ben") is None and store.analyze(aid + 1) is None
