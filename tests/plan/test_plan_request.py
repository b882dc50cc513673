"""The plan options as typed, turned into a session or a schedule by the library (what the CLI and a web
form share): exact ladders, windows, warm-ups, warnings, first dates and the messages for bad input."""

from __future__ import annotations

import datetime as dt
import math

import pytest

from progtempo.errors import ProgtempoError
from progtempo.plan.day import parse_splits
from progtempo.plan.request import (
    EASY_MARGIN,
    ScheduleRequest,
    SessionRequest,
    build_schedule,
    build_session,
    default_spec,
    session_unit,
)
from progtempo.units import MILE_M

# A Wednesday.
TODAY = dt.date(2026, 3, 4)


def test_distance_gives_whole_segments() -> None:
    session, fitness = build_session(SessionRequest(distance="6mi", start="10:00", end="7:30"))
    assert fitness is None
    assert (session.segments, session.segment_m) == (6, MILE_M)
    assert (session.start_pace_s, session.end_pace_s, session.step_s) == (600.0, 450.0, 30.0)
    assert session.tolerance_s == 5.0


def test_distance_not_whole_names_the_neighbours() -> None:
    with pytest.raises(ProgtempoError) as err:
        build_session(SessionRequest(distance="6.5mi", start="10:00", end="7:30"))
    assert str(err.value) == (
        "6.50 mi is not a whole number of 1.00 mi segments: use --distance 6.00 mi or 7.00 mi, "
        "or another --segment-length"
    )


def test_distance_and_segments_must_agree() -> None:
    with pytest.raises(ProgtempoError) as err:
        build_session(SessionRequest(distance="6mi", segments=5, start="10:00", end="7:30"))
    assert str(err.value) == (
        "--segments 5 and --distance 6.00 mi disagree (6 segments of 1.00 mi): give one of them"
    )


def test_spec_excludes_ladder_options() -> None:
    with pytest.raises(ProgtempoError) as err:
        build_session(SessionRequest(spec="6x1mi 10:00-7:30", start="10:00", step="30"))
    assert str(err.value) == (
        "give either SPEC '6x1mi 10:00-7:30' or --start, --step, not both: e.g. "
        '"6x1mi 10:00-7:30", or --segments 6 --start 10:00 --end 7:30'
    )


def test_from_race_fills_the_ladder() -> None:
    session, fitness = build_session(SessionRequest(from_race="10k=45:00"))
    assert fitness is not None
    assert session.describe() == "6x1mi 9:10-7:30/mi, 20 s steps"
    assert session.warnings == ()
    # Start and step given: the ladder runs down to the suggested end (7:30), so 7 segments.
    session, _ = build_session(SessionRequest(from_race="10k=45:00", start="9:30", step="20"))
    assert (session.segments, session.start_pace_s, session.end_pace_s) == (7, 570.0, 450.0)


def test_small_step_shrinks_the_default_window_to_half_a_step() -> None:
    session, _ = build_session(SessionRequest(segments=6, start="8:00", step="6"))
    assert (session.step_s, session.end_pace_s, session.tolerance_s) == (6.0, 450.0, 3.0)
    # A window the runner gave is kept, as an option or in the spec.
    assert (
        build_session(SessionRequest(segments=6, start="8:00", step="6", tolerance="4"))[0].tolerance_s == 4
    )
    assert build_session(SessionRequest(spec="6x1mi 8:00 step 6 tol 4"))[0].tolerance_s == 4


def test_tolerance_applies_to_a_spec() -> None:
    session, _ = build_session(SessionRequest(spec="6x1mi 10:00-7:30", tolerance="8"))
    first = session.ladder()[0]
    assert (first.slow_pace_s, first.fast_pace_s) == (608.0, 592.0)


def test_warmup_distance_and_time_at_easy_pace() -> None:
    session, _ = build_session(SessionRequest(spec="6x1mi 10:00-7:30", warmup="2mi", cooldown="10min"))
    assert session.warmup is not None and session.cooldown is not None
    assert session.warmup.pace_s == pytest.approx(600.0 * EASY_MARGIN) == 630.0
    assert (session.warmup.distance_m, session.warmup.duration_s) == (2 * MILE_M, None)
    assert (session.cooldown.pace_s, session.cooldown.distance_m, session.cooldown.duration_s) == (
        630.0,
        None,
        600.0,
    )
    clock, _ = build_session(SessionRequest(spec="6x1mi 10:00-7:30", cooldown="15:00"))
    assert clock.cooldown is not None and clock.cooldown.duration_s == 900.0


def test_easy_pace_given_from_race_and_capped() -> None:
    given, _ = build_session(SessionRequest(spec="6x1mi 10:00-7:30", warmup="2mi", easy_pace="11:00"))
    assert given.warmup is not None and given.warmup.pace_s == 660.0
    raced, fitness = build_session(
        SessionRequest(spec="6x1mi 10:00-7:30", from_race="10k=45:00", warmup="1mi")
    )
    assert fitness is not None and raced.warmup is not None
    assert (
        raced.warmup.pace_s == pytest.approx(sum(fitness.easy_pace_s) / 2) == pytest.approx(562.088, abs=1e-3)
    )
    # 5 % slower than 31:00/mi would pass the slowest human pace (20:00/km): capped there.
    slow, _ = build_session(SessionRequest(segments=2, start="31:00", end="30:00", warmup="1mi"))
    assert slow.warmup is not None and slow.warmup.pace_s == pytest.approx(1200 * MILE_M / 1000)


def test_warmup_neither_distance_nor_time() -> None:
    with pytest.raises(ProgtempoError) as err:
        build_session(SessionRequest(spec="6x1mi 10:00-7:30", warmup="lots"))
    assert str(err.value) == (
        "--warmup 'lots' is neither a distance nor a time: write e.g. --warmup 1mi, 2k, 10min or 15:00"
    )


def test_end_faster_than_threshold_warns() -> None:
    ok, _ = build_session(SessionRequest(spec="6x1mi 10:00-7:30", from_race="10k=45:00"))
    assert ok.warnings == ()
    fast, _ = build_session(SessionRequest(spec="6x1mi 10:00-6:00", from_race="10k=45:00"))
    assert fast.warnings == (
        "the end pace 6:00/mi is faster than your threshold 7:25/mi: "
        "a progressive tempo ends comfortably hard, not flat out",
    )


def test_by_effort_without_paces() -> None:
    session, fitness = build_session(SessionRequest(segments=5, by="effort"))
    assert fitness is None
    assert (session.segments, session.segment_m, session.by_effort) == (5, MILE_M, True)
    assert math.isnan(session.start_pace_s) and math.isnan(session.step_s)
    assert session.tolerance_s == 5.0
    assert session.notes == ("by effort: no paces given, so no times; run each segment by the talk test",)
    # With paces it is the usual ladder, marked by effort.
    paced, _ = build_session(SessionRequest(spec="6x1mi 10:00-7:30", by="effort"))
    assert (paced.by_effort, paced.start_pace_s) == (True, 600.0)


def test_spec_unit_wins_unless_chosen() -> None:
    assert session_unit("5x1km 6:00 step 20", "mi", explicit_unit=False) == "km"
    assert session_unit("5x1km 6:00 step 20", "mi", explicit_unit=True) == "mi"
    assert session_unit("6x1 10:00-7:30", "km", explicit_unit=False) == "km"
    assert session_unit(None, "mi", explicit_unit=False) == "mi"
    session, _ = build_session(SessionRequest(spec="5x1km 6:00 step 20", unit="km"))
    assert (session.unit, session.segments, session.start_pace_s, session.end_pace_s) == (
        "km",
        5,
        360.0,
        280.0,
    )


def test_what_describes_a_session() -> None:
    assert not SessionRequest().describes_session()
    assert not SessionRequest(by="effort", unit="km").describes_session()
    assert SessionRequest(warmup="1mi").describes_session()
    assert not SessionRequest(warmup="1mi").names_ladder()
    assert SessionRequest(from_race="5k=20:00").names_ladder()
    assert (default_spec("mi"), default_spec("km")) == ("6x1mi 10:00-7:30", "10x1km 6:15-4:45")


def test_so_far_splits() -> None:
    assert parse_splits("10:02, 9:35;9:10", "mi") == [602.0, 575.0, 550.0]
    with pytest.raises(ProgtempoError) as err:
        parse_splits(" , ", "mi")
    assert str(err.value) == "--so-far needs the splits run so far, e.g. --so-far 10:02,9:35,9:10"


def test_schedule_first_date_from_weekday() -> None:
    sched = build_schedule(
        SessionRequest(spec="6x1mi 10:00-7:30"), ScheduleRequest(weeks=3, day="sat"), today=TODAY
    )
    assert [(w.date, w.change, w.session.describe()) for w in sched.weeks] == [
        (dt.date(2026, 3, 7), "start", "6x1mi 10:00-7:30/mi, 30 s steps"),
        (dt.date(2026, 3, 14), "hold", "6x1mi 10:00-7:30/mi, 30 s steps"),
        (dt.date(2026, 3, 21), "volume", "7x1mi 10:15-7:15/mi, 30 s steps"),
    ]
    assert sched.limit_end_pace_s is None
    # The default day is Wednesday: today, when today is one.
    wednesday = build_schedule(SessionRequest(spec="6x1mi 10:00-7:30"), ScheduleRequest(weeks=1), today=TODAY)
    assert [w.date for w in wednesday.weeks] == [TODAY]


def test_schedule_start_date_and_limits() -> None:
    sched = build_schedule(
        SessionRequest(spec="6x1mi 10:00-7:30"),
        ScheduleRequest(weeks=2, start_date="2026-03-05"),
        today=TODAY,
    )
    assert [w.date for w in sched.weeks] == [dt.date(2026, 3, 5), dt.date(2026, 3, 12)]
    assert {w.date.weekday() for w in sched.weeks} == {3}
    raced = build_schedule(SessionRequest(from_race="10k=45:00"), ScheduleRequest(weeks=2), today=TODAY)
    assert raced.limit_end_pace_s == pytest.approx(445.122, abs=1e-3)
    capped = build_schedule(
        SessionRequest(from_race="10k=45:00"), ScheduleRequest(weeks=2, limit_end="7:00"), today=TODAY
    )
    assert capped.limit_end_pace_s == 420.0


@pytest.mark.parametrize(
    ("session", "weeks", "message"),
    [
        (
            SessionRequest(spec="6x1mi 10:00-7:30"),
            ScheduleRequest(start_date="March 5"),
            "--start-date 'March 5' is not a date: write YYYY-MM-DD, e.g. 2026-03-04",
        ),
        (
            SessionRequest(spec="6x1mi 10:00-7:30"),
            ScheduleRequest(limit_end="1:00"),
            "--limit-end 1:00/mi is outside what humans run: use a pace between 4:01/mi and 32:11/mi",
        ),
    ],
)
def test_schedule_errors(session: SessionRequest, weeks: ScheduleRequest, message: str) -> None:
    with pytest.raises(ProgtempoError) as err:
        build_schedule(session, weeks, today=TODAY, command="schedule")
    assert str(err.value) == message


def test_by_effort_without_paces_refuses_a_warmup_it_cannot_time() -> None:
    with pytest.raises(ProgtempoError, match=r"no paces to time a distance with.*--warmup 10min"):
        build_session(SessionRequest(segments=5, by="effort", warmup="1mi"))
    # a warm-up by time needs no pace: it is jogged by feel
    session, _ = build_session(SessionRequest(segments=5, segment_time="8min", by="effort", warmup="10min"))
    assert session.warmup is not None and session.warmup.duration_s == 600
    assert session.total_time_s == 600 + 5 * 480
