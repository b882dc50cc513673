"""Queries: streaks of consistent weeks, the schedule's statuses, the log's filters."""

from __future__ import annotations

import datetime as dt

import pytest

from progtempo.errors import ProgtempoError
from progtempo.plan.solve import solve
from progtempo.store import Counts, models, open_store, queries
from progtempo.store.writes import athlete_id, save_planned

D = dt.date


def test_streaks_count_consecutive_iso_weeks() -> None:
    # weeks of Mon 2 Mar, 9 Mar, 16 Mar (twice), then a gap, then 6 Apr and 13 Apr
    days = [D(2026, 3, 4), D(2026, 3, 11), D(2026, 3, 16), D(2026, 3, 22), D(2026, 4, 8), D(2026, 4, 13)]
    st = queries.streaks(days, today=D(2026, 4, 15))
    assert (st.current_weeks, st.longest_weeks, st.weeks_with_sessions) == (2, 3, 5)
    assert (st.longest_from, st.longest_to) == (D(2026, 3, 2), D(2026, 3, 16))
    # a week with no session yet does not break the current streak; two do
    assert queries.streaks(days, today=D(2026, 4, 20)).current_weeks == 2
    assert queries.streaks(days, today=D(2026, 4, 27)).current_weeks == 0
    assert queries.streaks([], today=D(2026, 4, 27)).to_json() == {
        "current_weeks": 0,
        "longest_weeks": 0,
        "longest_from": None,
        "longest_to": None,
        "weeks_with_sessions": 0,
    }


def test_save_planned_upserts_and_reports_status(db_url: str) -> None:
    s1 = solve(unit="mi", segments=6, start_pace_s=600, end_pace_s=450)
    s2 = s1.with_changes(segments=7, start_pace_s=615)
    with open_store(db_url) as store:
        aid = athlete_id(store, "coachee")
        assert aid is not None
        first = save_planned(store, aid, [(1, D(2026, 3, 4), "start", s1), (2, D(2026, 3, 11), "hold", s1)])
        assert len(first) == 2
        assert save_planned(store, aid, [(1, D(2026, 3, 4), "start", s1)]) == []  # identical: untouched
        again = save_planned(store, aid, [(2, D(2026, 3, 11), "volume", s2), (3, D(2026, 3, 18), "hold", s2)])
        assert again[0] == first[1] and len(again) == 2  # same row, updated in place
        with store.transaction() as s:
            act = models.Activity(
                athlete_id=aid,
                sha256="b" * 64,
                name="r",
                sport="running",
                is_running=True,
                start_time=dt.datetime(2026, 3, 4, 7, tzinfo=dt.UTC),
                source="r.fit",
                format="fit",
                file_size=1,
                file_gz=b"x",
            )
            s.add(act)
            s.flush()
            s.add(
                models.Result(
                    activity_id=act.id, planned_session_id=first[0], unit="mi", score=88.0, progressive=True
                )
            )
        got = store.schedule(athlete="coachee", today=D(2026, 3, 12))
        assert [(e.date, e.status, e.spec, e.score) for e in got] == [
            (D(2026, 3, 4), "done", "6x1mi 10:00 step 30", 88.0),
            (D(2026, 3, 11), "missed", "7x1mi 10:15 step 30", None),
            (D(2026, 3, 18), "due", "7x1mi 10:15 step 30", None),
        ]
        assert store.schedule(athlete="nobody", today=D(2026, 3, 12)) == []
        assert store.counts(athlete="coachee") == Counts(activities=1, runs=1, progressive=1, planned=3)
        assert store.delete_athlete("coachee")
        assert store.counts(athlete="coachee").planned == 0


def test_save_planned_refuses_a_session_it_could_not_read_back(db_url: str) -> None:
    """Every import reads the planned sessions back: one that can't be (101 segments) is refused whole,
    and nothing of the batch is stored."""
    ok = solve(unit="km", segments=6, start_pace_s=360.0, step_s=10.0)
    too_many = solve(unit="km", segments=101, segment_m=100.0, start_pace_s=400.0, step_s=1.0)
    with open_store(db_url) as store:
        aid = athlete_id(store, "me")
        assert aid is not None
        with pytest.raises(ProgtempoError, match="2026-03-11 can't be saved: segments is 101"):
            save_planned(
                store, aid, [(1, D(2026, 3, 4), "start", ok), (2, D(2026, 3, 11), "volume", too_many)]
            )
        with store.session() as s:
            assert s.query(models.PlannedSession).count() == 0
