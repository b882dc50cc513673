"""The pace ladder: any three of segments/start/end/step fix the fourth; the article's examples exactly."""

from __future__ import annotations

import json

import pytest
from hypothesis import assume, given, settings
from hypothesis import strategies as st

from progtempo.errors import ProgtempoError
from progtempo.plan.ladder import Session
from progtempo.plan.rungs import Easy
from progtempo.plan.solve import solve
from progtempo.units import MILE_M


def paces(s: Session) -> list[float]:
    return [round(p, 6) for p in s.target_paces_s()]


# ---- the article, exactly ----


def test_article_first_session_six_miles_at_30s() -> None:
    """10:00 down to 7:30 in 30 s steps is 6 miles (the article's "5 miles" doesn't add up)."""
    s = solve(unit="mi", start_pace_s=600, end_pace_s=450, step_s=30)
    assert s.segments == 6
    assert paces(s) == [600, 570, 540, 510, 480, 450]
    assert s.total_time_s == pytest.approx(3150.0)
    assert s.total_distance_m == pytest.approx(6 * MILE_M)


def test_article_five_miles_is_inconsistent_and_names_both_fixes() -> None:
    with pytest.raises(ProgtempoError) as err:
        solve(unit="mi", segments=5, start_pace_s=600, end_pace_s=450, step_s=30)
    msg = str(err.value)
    assert "6 segments at 30 s" in msg
    assert "5 segments at 37.5 s" in msg
    assert "\n" not in msg


def test_article_five_miles_at_37_5() -> None:
    s = solve(unit="mi", segments=5, start_pace_s=600, end_pace_s=450)
    assert s.step_s == pytest.approx(37.5)
    assert paces(s) == [600, 562.5, 525, 487.5, 450]


def test_article_more_volume_seven_miles_10_15_to_7_15() -> None:
    s = solve(unit="mi", segments=7, start_pace_s=615, end_pace_s=435)
    assert s.step_s == pytest.approx(30.0)
    assert paces(s) == [615, 585, 555, 525, 495, 465, 435]


def test_article_more_intensity_10_00_to_7_00() -> None:
    s = solve(unit="mi", segments=7, start_pace_s=600, end_pace_s=420)
    assert s.step_s == pytest.approx(30.0)
    assert s.end_pace_s == 420


def test_km_ladder_5_segments_6_00_to_4_40_is_20s() -> None:
    s = solve(unit="km", segments=5, start_pace_s=360, end_pace_s=280)
    assert s.step_s == pytest.approx(20.0)
    assert s.segment_m == 1000.0


# ---- the ladder's rows ----


def test_ladder_rows_window_split_cumulative_effort() -> None:
    s = solve(unit="mi", segments=6, start_pace_s=600, step_s=30, tolerance_s=5)
    rows = s.ladder()
    assert [r.index for r in rows] == [1, 2, 3, 4, 5, 6]
    assert (rows[0].slow_pace_s, rows[0].fast_pace_s) == (605, 595)
    assert [r.split_time_s for r in rows] == [600, 570, 540, 510, 480, 450]
    assert [r.cumulative_time_s for r in rows] == [600, 1170, 1710, 2220, 2700, 3150]
    assert rows[0].effort == "conversational"
    assert rows[-1].effort == "a_few_words"  # comfortably hard, not flat out
    assert s.average_pace_s == pytest.approx(525.0)


def test_half_mile_segments_split_times() -> None:
    s = solve(unit="mi", segments=4, start_pace_s=600, step_s=20, segment_m=MILE_M / 2)
    assert [r.split_time_s for r in s.ladder()] == pytest.approx([300, 290, 280, 270])
    assert s.total_distance_m == pytest.approx(2 * MILE_M)


def test_warmup_and_cooldown_in_totals() -> None:
    s = solve(
        unit="mi",
        segments=6,
        start_pace_s=600,
        step_s=30,
        warmup=Easy(pace_s=630, distance_m=MILE_M),
        cooldown=Easy(pace_s=630, duration_s=600),
    )
    assert s.total_time_s == pytest.approx(3150 + 630 + 600)
    assert s.total_distance_m == pytest.approx(6 * MILE_M + MILE_M + 600 / 630 * MILE_M)
    assert s.ladder()[0].cumulative_time_s == pytest.approx(630 + 600)


def test_plan_json_has_the_design_keys() -> None:
    doc = solve(unit="mi", segments=6, start_pace_s=600, end_pace_s=450).to_json()
    for key in (
        "unit",
        "segment_m",
        "start_pace_s",
        "end_pace_s",
        "step_s",
        "segments",
        "total_distance_m",
        "total_time_s",
        "warnings",
    ):
        assert key in doc
    seg = doc["segments"][0]
    for key in (
        "index",
        "distance_m",
        "target_pace_s",
        "slow_pace_s",
        "fast_pace_s",
        "effort",
        "cumulative_time_s",
    ):
        assert key in seg
    assert doc["unit"] == "mi" and doc["segment_m"] == MILE_M
    assert (doc["start_pace_s"], doc["end_pace_s"], doc["step_s"]) == (600, 450, 30)
    assert seg == {
        **seg,
        "index": 1,
        "target_pace_s": 600,
        "slow_pace_s": 605,
        "fast_pace_s": 595,
        "effort": "conversational",
        "cumulative_time_s": 600,
        "talk_test": "could recite Shakespeare",
    }
    assert doc["total_time_s"] == 3150 and doc["warnings"] == []
    json.dumps(doc)


def test_json_round_trip() -> None:
    s = solve(
        unit="km", segments=8, start_pace_s=375, step_s=10, tolerance_s=4, warmup=Easy(400, distance_m=2000)
    )
    back = Session.from_json(json.loads(json.dumps(s.to_json())))
    assert paces(back) == paces(s)
    assert back.tolerance_s == 4 and back.unit == "km" and back.segments == 8
    assert back.warmup is not None and back.warmup.distance_m == 2000


def test_in_unit_converts_paces() -> None:
    s = solve(unit="km", segments=5, start_pace_s=360, step_s=20).in_unit("mi")
    assert s.unit == "mi" and s.segment_m == 1000.0
    assert s.start_pace_s == pytest.approx(360 * 1.609344)
    assert [r.split_time_s for r in s.ladder()] == pytest.approx([360, 340, 320, 300, 280])


# ---- refusals ----


@pytest.mark.parametrize(
    ("kwargs", "match"),
    [
        ({"segments": 6, "start_pace_s": 450, "end_pace_s": 600}, "slower than the start"),
        ({"segments": 6, "start_pace_s": 600, "step_s": 0}, "zero step"),
        ({"segments": 6, "start_pace_s": 600, "step_s": -30}, "positive"),
        ({"start_pace_s": 600, "end_pace_s": 450, "step_s": 40}, "don't divide"),
        ({"segments": 6, "start_pace_s": 100, "step_s": 5}, "outside what humans run"),
        ({"segments": 6, "start_pace_s": 3000, "step_s": 30}, "outside what humans run"),
        ({"segments": 30, "start_pace_s": 600, "step_s": 30}, "outside what humans run"),
        ({"segments": 6, "start_pace_s": 600}, "three of"),
        ({"segments": 0, "start_pace_s": 600, "step_s": 30}, "at least 1"),
    ],
)
def test_refusals(kwargs: dict[str, float], match: str) -> None:
    with pytest.raises(ProgtempoError, match=match):
        solve(unit="mi", **kwargs)  # type: ignore[arg-type]


def test_not_divisible_names_alternatives() -> None:
    with pytest.raises(ProgtempoError) as err:
        solve(unit="mi", start_pace_s=600, end_pace_s=450, step_s=40)
    assert "4 segments at 50 s" in str(err.value) and "5 segments at 37.5 s" in str(err.value)


def test_overlapping_window_is_a_warning() -> None:
    s = solve(unit="mi", segments=6, start_pace_s=600, step_s=10, tolerance_s=8)
    assert any("overlap" in w for w in s.warnings)
    assert solve(unit="mi", segments=6, start_pace_s=600, step_s=30).warnings == ()


# ---- any three reproduce the fourth ----


@settings(max_examples=150, deadline=None)
@given(
    unit=st.sampled_from(["mi", "km"]),
    segments=st.integers(min_value=2, max_value=15),
    start_per_km=st.floats(min_value=240, max_value=900, allow_nan=False),
    step_per_km=st.floats(min_value=1, max_value=25, allow_nan=False),
)
def test_any_three_reproduce_the_fourth(
    unit: str, segments: int, start_per_km: float, step_per_km: float
) -> None:
    assume(start_per_km - (segments - 1) * step_per_km >= 151)
    per = 1.609344 if unit == "mi" else 1.0
    start, step = start_per_km * per, step_per_km * per
    full = solve(unit=unit, segments=segments, start_pace_s=start, step_s=step)  # type: ignore[arg-type]
    end = full.end_pace_s
    assert end == pytest.approx(start - (segments - 1) * step)
    by_n = solve(unit=unit, start_pace_s=start, end_pace_s=end, step_s=step)  # type: ignore[arg-type]
    assert by_n.segments == segments
    by_step = solve(unit=unit, segments=segments, start_pace_s=start, end_pace_s=end)  # type: ignore[arg-type]
    assert by_step.step_s == pytest.approx(step)
    by_start = solve(unit=unit, segments=segments, end_pace_s=end, step_s=step)  # type: ignore[arg-type]
    assert by_start.start_pace_s == pytest.approx(start)
    all_four = solve(unit=unit, segments=segments, start_pace_s=start, end_pace_s=end, step_s=step)  # type: ignore[arg-type]
    assert paces(all_four) == pytest.approx(paces(full))
    assert full.ladder()[-1].cumulative_time_s == pytest.approx(full.total_time_s)


def test_a_ladder_of_many_hours_is_flagged() -> None:
    long = solve(unit="mi", segments=60, start_pace_s=600, step_s=1)
    assert any("takes 9:30:30" in w for w in long.warnings), long.warnings
    assert not solve(unit="mi", segments=6, start_pace_s=600, end_pace_s=450).warnings
