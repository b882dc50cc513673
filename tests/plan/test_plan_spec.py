"""The compact spec (`6x1mi 10:00-7:30`, `5x1km 6:00 step 20`, ...) and plan JSON files."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from progtempo.errors import ProgtempoError
from progtempo.plan.files import read_plan
from progtempo.plan.solve import solve
from progtempo.plan.spec import parse_plan, parse_seconds, spec_unit
from progtempo.units import MILE_M


def test_article_spec() -> None:
    s = parse_plan("6x1mi 10:00-7:30", "mi")
    assert (s.segments, s.segment_m, s.start_pace_s, s.end_pace_s, s.step_s) == (6, MILE_M, 600, 450, 30)
    assert s.tolerance_s == 5


def test_start_and_step() -> None:
    s = parse_plan("5x1km 6:00 step 20", "km")
    assert s.target_paces_s() == [360, 340, 320, 300, 280]
    assert s.segment_m == 1000


def test_tolerance_keyword() -> None:
    s = parse_plan("7x1mi 10:15-7:15 tol 8", "mi")
    assert (s.segments, s.start_pace_s, s.end_pace_s, s.step_s, s.tolerance_s) == (7, 615, 435, 30, 8)


@pytest.mark.parametrize(
    "text",
    [
        "6 x 1mi 10:00 - 7:30",
        "6x1 10:00-7:30",
        "6X1MI 10:00-7:30",
        "6x1mi 10:00 to 7:30",
        "6x1mile 10:00/mi-7:30/mi",
    ],
)
def test_spellings(text: str) -> None:
    assert parse_plan(text, "mi").target_paces_s() == [600, 570, 540, 510, 480, 450]


def test_count_from_end_and_step() -> None:
    assert parse_plan("10:00-7:30 step 30", "mi").segments == 6


def test_bare_pace_is_read_in_the_spec_unit() -> None:
    """`5x1km 6:00` is 6:00/km even when the caller works in miles; the Session is in miles."""
    s = parse_plan("5x1km 6:00 step 20", "mi")
    assert s.unit == "mi" and s.segment_m == 1000
    assert [r.split_time_s for r in s.ladder()] == pytest.approx([360, 340, 320, 300, 280])
    assert spec_unit("5x1km 6:00") == "km"
    assert spec_unit("6x1mi 10:00-7:30") == "mi"
    assert spec_unit("6x800m 4:00-3:30") is None


def test_metre_segments() -> None:
    s = parse_plan("6x800m 10:00-7:30", "mi")
    assert s.segment_m == 800 and s.target_paces_s()[-1] == 450


def test_article_inconsistency_through_the_spec() -> None:
    with pytest.raises(ProgtempoError, match=r"6 segments at 30 s.*5 segments at 37\.5 s"):
        parse_plan("5x1mi 10:00-7:30 step 30", "mi")


@pytest.mark.parametrize(
    ("text", "match"),
    [
        ("", "empty"),
        ("6x1mi", "no pace"),
        ("6x1mi 10:00-", "START-END"),
        ("6x1mi -5:00", "START-END"),
        ("6x1mi 7:75-7:00", "not a pace"),
        ("6x1mi fast-slow", "not a pace"),
        ("6x1mi 10:00 step fast", "not a number of seconds"),
        ("6x1mi 10:00 step 30 step 20", "twice"),
        ("10:00-7:30", "number of segments"),
        ("6x1mi 7:30-10:00", "slower than the start"),
        ("6x1mi 10:00 step 0", "zero step"),
    ],
)
def test_nonsense(text: str, match: str) -> None:
    with pytest.raises(ProgtempoError, match=match):
        parse_plan(text, "mi")


def test_spec_round_trips() -> None:
    for s in (
        solve(unit="mi", segments=6, start_pace_s=600, step_s=30),
        solve(unit="km", segments=8, start_pace_s=375, step_s=12.5, tolerance_s=3),
        solve(unit="mi", segments=5, start_pace_s=600, end_pace_s=450),
        solve(unit="mi", segments=4, start_pace_s=600, step_s=20, segment_m=800),
    ):
        back = parse_plan(s.spec(), s.unit)
        assert back.target_paces_s() == pytest.approx(s.target_paces_s())
        assert (back.segment_m, back.tolerance_s) == pytest.approx((s.segment_m, s.tolerance_s))


def test_plan_json_file(tmp_path: Path) -> None:
    path = tmp_path / "plan.json"
    path.write_text(json.dumps(parse_plan("7x1mi 10:15-7:15 tol 8", "mi").to_json()))
    s = read_plan(str(path), "mi")
    assert s.target_paces_s() == [615, 585, 555, 525, 495, 465, 435] and s.tolerance_s == 8
    km = read_plan(str(path), "km")
    assert km.unit == "km" and km.start_pace_s == pytest.approx(615 / 1.609344)


def test_bad_plan_files(tmp_path: Path) -> None:
    with pytest.raises(ProgtempoError, match="no such plan file"):
        read_plan(str(tmp_path / "missing.json"), "mi")
    bad = tmp_path / "bad.json"
    bad.write_text("{not json")
    with pytest.raises(ProgtempoError, match="not JSON"):
        read_plan(str(bad), "mi")
    other = tmp_path / "other.json"
    other.write_text('{"hello": 1}')
    with pytest.raises(ProgtempoError, match="not a plan JSON"):
        read_plan(str(other), "mi")


def test_parse_seconds() -> None:
    assert parse_seconds("30") == 30
    assert parse_seconds("37.5") == 37.5
    assert parse_seconds("30s") == 30
    assert parse_seconds("0:30") == 30
    with pytest.raises(ProgtempoError):
        parse_seconds("-5")


def test_a_spec_too_long_for_a_file_name_is_a_spec_error() -> None:
    with pytest.raises(ProgtempoError):
        read_plan("x" * 300, "mi")
