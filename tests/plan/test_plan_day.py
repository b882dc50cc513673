"""`plan_day`: what both `progtempo plan` and the web's `/api/plan` answer; specs that may not read files."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from progtempo.errors import ProgtempoError
from progtempo.plan.day import plan_day
from progtempo.plan.files import read_plan
from progtempo.plan.request import SessionRequest
from progtempo.plan.spec import parse_plan


def test_default_ladder_when_nothing_fixes_one() -> None:
    assert plan_day(SessionRequest(unit="mi")).session.spec() == parse_plan("6x1mi 10:00-7:30", "mi").spec()
    assert plan_day(SessionRequest(unit="km")).session.segments == 10


def test_jaded_halves_the_step_and_strong_says_whether_there_is_room() -> None:
    jaded = plan_day(SessionRequest(spec="6x1mi 10:00-7:30", unit="mi"), feel="jaded")
    assert jaded.session.step_s == 15 and jaded.session.start_pace_s == 600
    strong = plan_day(SessionRequest(spec="6x1mi 10:00-7:30", unit="mi"), feel="strong").to_json()
    assert strong["room_to_go_further"] is True
    assert "room_to_go_further" not in plan_day(SessionRequest(spec="6x1mi 10:00-7:30", unit="mi")).to_json()


def test_so_far_replans_the_rest() -> None:
    day = plan_day(SessionRequest(spec="6x1mi 10:00-7:30", unit="mi"), so_far="10:02,9:35,9:10")
    assert day.replan is not None and day.replan.done == 3
    assert day.to_json() == day.replan.to_json()


def test_a_request_without_plan_files_never_reads_one(tmp_path: Path) -> None:
    plan = tmp_path / "plan.json"
    plan.write_text(json.dumps(parse_plan("5x1mi 9:00-7:00", "mi").to_json()))
    assert plan_day(SessionRequest(spec=str(plan), unit="mi")).session.segments == 5
    with pytest.raises(ProgtempoError) as err:
        plan_day(SessionRequest(spec=str(plan), unit="mi", plan_files=False))
    assert "JSON" not in str(err.value) and "plan file" not in str(err.value)  # read as a spec, not opened
    with pytest.raises(ProgtempoError, match="is not a pace"):
        read_plan("/etc/passwd", "mi", files=False)
