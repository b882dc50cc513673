"""On the day: jaded halves the step (the article's 15 s for 30 s), strong keeps the plan, mid-run re-plan."""

from __future__ import annotations

import pytest

from progtempo.errors import ProgtempoError
from progtempo.plan.autoregulate import adjust, replan, room_to_go_further
from progtempo.plan.spec import parse_plan


def test_jaded_is_15_seconds_instead_of_30_same_start() -> None:
    s = adjust(parse_plan("6x1mi 10:00 step 30", "mi"), "jaded")
    assert s.step_s == 15
    assert s.target_paces_s() == [600, 585, 570, 555, 540, 525]
    assert s.feel == "jaded"
    assert any("15 s steps instead of 30 s" in n for n in s.notes)


def test_normal_keeps_everything() -> None:
    base = parse_plan("6x1mi 10:00-7:30", "mi")
    s = adjust(base, "normal")
    assert s.target_paces_s() == base.target_paces_s() and s.feel == "normal"


def test_strong_keeps_the_plan_and_says_there_is_room() -> None:
    base = parse_plan("6x1mi 10:00-7:30", "mi")
    s = adjust(base, "strong")
    assert s.target_paces_s() == base.target_paces_s()
    assert any("room to go further" in n and "7:00/mi" in n for n in s.notes)


def test_strong_with_a_limit_says_no_room() -> None:
    base = parse_plan("6x1mi 10:00-7:30", "mi")
    room, why = room_to_go_further(base, limit_end_pace_s=440)
    assert room is False and "7:20/mi" in why
    assert room_to_go_further(base, limit_end_pace_s=400)[0] is True


def test_mid_run_jaded_continues_from_the_last_split() -> None:
    r = replan(parse_plan("6x1mi 10:00-7:30", "mi"), [602, 575, 550], "jaded")
    assert r.remaining is not None
    assert r.remaining.target_paces_s() == [535, 520, 505]
    assert r.target_paces_s() == [600, 570, 540, 535, 520, 505]
    doc = r.to_json()
    assert [s["done"] for s in doc["segments"]] == [True, True, True, False, False, False]
    assert [s.get("actual_pace_s") for s in doc["segments"][:3]] == [602, 575, 550]
    assert "actual_pace_s" not in doc["segments"][3]
    assert doc["so_far"]["segments"] == 3 and doc["so_far"]["time_s"] == pytest.approx(1727)
    assert doc["remaining"]["segments"] == 3 and doc["remaining"]["step_s"] == 15
    assert doc["total_time_s"] == pytest.approx(1727 + 535 + 520 + 505)
    assert doc["segments"][-1]["cumulative_time_s"] == pytest.approx(doc["total_time_s"])
    assert doc["feel"] == "jaded" and doc["step_s"] == 15


def test_mid_run_normal_keeps_the_step() -> None:
    r = replan(parse_plan("6x1mi 10:00-7:30", "mi"), [602, 575, 550])
    assert r.target_paces_s()[3:] == [520, 490, 460]


def test_mid_run_strong_ahead_of_plan_has_room_and_warns() -> None:
    r = replan(parse_plan("6x1mi 10:00-7:30", "mi"), [590, 555], "strong")
    assert r.room is True
    assert r.target_paces_s()[2:] == [525, 495, 465, 435]
    assert any("ahead of plan" in w for w in r.warnings)


def test_mid_run_strong_behind_plan_has_no_room() -> None:
    r = replan(parse_plan("6x1mi 10:00-7:30", "mi"), [615, 590, 565], "strong")
    assert r.room is False
    assert any("behind the plan" in n for n in r.notes)


def test_all_segments_run() -> None:
    r = replan(parse_plan("3x1mi 10:00-9:00", "mi"), [600, 570, 540])
    assert r.remaining is None and r.to_json()["remaining"] is None
    assert any("session done" in n for n in r.notes)


@pytest.mark.parametrize(
    ("splits", "match"),
    [([], "at least one split"), ([600] * 7, "at most 6"), ([600, 30], "outside what humans run")],
)
def test_replan_refusals(splits: list[float], match: str) -> None:
    with pytest.raises(ProgtempoError, match=match):
        replan(parse_plan("6x1mi 10:00-7:30", "mi"), splits, "normal")


def test_unknown_feel() -> None:
    with pytest.raises(ProgtempoError, match="jaded, normal, strong"):
        adjust(parse_plan("6x1mi 10:00-7:30", "mi"), "meh")
