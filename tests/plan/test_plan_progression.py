"""Progression over weeks: hold, then volume and intensity in turn, as the article does; caps never passed."""

from __future__ import annotations

import datetime as dt

import pytest

from progtempo.errors import ProgtempoError
from progtempo.plan.progression import next_level, next_weekday, parse_weekday, progress
from progtempo.plan.spec import parse_plan

MONDAY = dt.date(2026, 3, 2)


def levels(schedule: object) -> list[tuple[int, float, float]]:
    seq: list[tuple[int, float, float]] = []
    for w in schedule.weeks:  # type: ignore[attr-defined]
        key = (w.session.segments, w.session.start_pace_s, w.session.end_pace_s)
        if w.change != "deload" and (not seq or seq[-1] != key):
            seq.append(key)
    return seq


def test_next_level_volume_and_intensity_as_in_the_article() -> None:
    six = parse_plan("6x1mi 10:00-7:30", "mi")
    seven = next_level(six, "volume")
    assert (seven.segments, seven.start_pace_s, seven.end_pace_s, seven.step_s) == (7, 615, 435, 30)
    faster = next_level(seven, "intensity")
    assert (faster.segments, faster.start_pace_s, faster.end_pace_s, faster.step_s) == (7, 600, 420, 30)
    with pytest.raises(ProgtempoError):
        next_level(six, "sideways")


def test_article_progression_over_weeks() -> None:
    sched = progress(parse_plan("6x1mi 10:00-7:30", "mi"), weeks=12, start_date=MONDAY, weekday="wed")
    assert [w.change for w in sched.weeks[:6]] == ["start", "hold", "volume", "hold", "intensity", "hold"]
    assert levels(sched)[:3] == [(6, 600, 450), (7, 615, 435), (7, 600, 420)]
    assert [w.week for w in sched.weeks] == list(range(1, 13))
    assert sched.weeks[0].date == dt.date(2026, 3, 4)  # the Wednesday on or after Monday 2 March
    assert all((b.date - a.date).days == 7 for a, b in zip(sched.weeks, sched.weeks[1:], strict=False))


def test_json_shape() -> None:
    doc = progress(parse_plan("6x1mi 10:00-7:30", "mi"), weeks=4, start_date=MONDAY).to_json()
    assert doc["unit"] == "mi"
    w = doc["weeks"][2]
    assert set(w) >= {"week", "date", "change", "session"}
    assert w["date"] == "2026-03-16" and w["change"] == "volume"
    assert len(w["session"]["segments"]) == 7 and w["session"]["start_pace_s"] == 615


def test_hold_three_weeks() -> None:
    sched = progress(parse_plan("6x1mi 10:00-7:30", "mi"), weeks=7, start_date=MONDAY, hold=3)
    assert [w.change for w in sched.weeks] == ["start", "hold", "hold", "volume", "hold", "hold", "intensity"]


def test_deload_weeks_are_easier_and_do_not_count() -> None:
    sched = progress(parse_plan("6x1mi 10:00-7:30", "mi"), weeks=8, start_date=MONDAY, deload_every=4)
    changes = [w.change for w in sched.weeks]
    assert changes == ["start", "hold", "volume", "deload", "hold", "intensity", "hold", "deload"]
    d = sched.weeks[3].session
    assert d.segments < 7 and d.step_s == 15 and d.total_time_s < sched.weeks[2].session.total_time_s
    assert levels(sched)[:3] == [(6, 600, 450), (7, 615, 435), (7, 600, 420)]


def test_max_segments_cap_switches_to_intensity() -> None:
    sched = progress(parse_plan("6x1mi 10:00-7:30", "mi"), weeks=6, start_date=MONDAY, max_segments=6)
    assert all(w.session.segments <= 6 for w in sched.weeks)
    week3 = sched.weeks[2]
    assert week3.change == "intensity" and week3.cap == "max_segments"
    assert any("volume capped" in n for n in week3.notes)


def test_limit_end_is_never_passed_and_is_reported() -> None:
    sched = progress(
        parse_plan("6x1mi 10:00-7:30", "mi"),
        weeks=12,
        start_date=MONDAY,
        limit_end_pace_s=430,
        max_segments=8,
    )
    assert all(w.session.end_pace_s >= 430 for w in sched.weeks)
    capped = [w for w in sched.weeks if w.cap]
    assert capped, "a cap that stops a change must be reported"
    assert all(w.notes for w in capped)
    assert sched.weeks[-1].change == "hold" and "held at the cap" in sched.weeks[-1].notes[0]
    assert sched.to_json()["caps"] == {"max_segments": 8, "limit_end_pace_s": 430}


def test_start_already_past_the_cap_is_warned() -> None:
    sched = progress(parse_plan("6x1mi 10:00-7:30", "mi"), weeks=3, start_date=MONDAY, limit_end_pace_s=460)
    assert sched.warnings and "already breaks a cap" in sched.warnings[0]
    assert all(w.session.end_pace_s == 450 for w in sched.weeks)


def test_weekdays() -> None:
    assert parse_weekday("sat") == 5 and parse_weekday("Monday") == 0 and parse_weekday(6) == 6
    assert next_weekday(MONDAY, 0) == MONDAY
    assert next_weekday(MONDAY, 5) == dt.date(2026, 3, 7)
    with pytest.raises(ProgtempoError, match="weekday"):
        parse_weekday("someday")


@pytest.mark.parametrize(
    ("kwargs", "match"),
    [
        ({"weeks": 0}, "at least 1 week"),
        ({"weeks": 4, "hold": 0}, "at least 1 week"),
        ({"weeks": 4, "deload_every": 1}, "2 or more"),
    ],
)
def test_refusals(kwargs: dict[str, int], match: str) -> None:
    with pytest.raises(ProgtempoError, match=match):
        progress(parse_plan("6x1mi 10:00-7:30", "mi"), start_date=MONDAY, **kwargs)  # type: ignore[arg-type]


def test_segments_never_grow_past_what_a_plan_may_hold() -> None:
    """A ladder of 100 segments (the most a plan JSON may hold) is not grown to 101: the log could not
    read such a week back, and every import reads the planned sessions (found by schemathesis)."""
    from progtempo.plan.ladder import Session
    from progtempo.plan.plan_json import MAX_SEGMENTS
    from progtempo.plan.solve import solve

    top = solve(unit="km", segments=MAX_SEGMENTS, segment_m=100.0, start_pace_s=400.0, step_s=1.0)
    sched = progress(top, weeks=6, start_date=MONDAY)
    assert all(w.session.segments <= MAX_SEGMENTS for w in sched.weeks)
    assert any(w.cap == "max_segments" for w in sched.weeks)
    for w in sched.weeks:
        assert Session.from_json(w.session.to_json()).segments == w.session.segments
