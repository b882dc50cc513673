"""A ladder given in the other unit keeps its own spec, and its converted paces are whole seconds."""

from __future__ import annotations

import json
import re
from collections.abc import Callable

import pytest

from progtempo.plan.spec import parse_plan

Cli = Callable[..., tuple[int, str, str]]  # the `cli` fixture: progtempo ARGS -> (exit code, stdout, stderr)


def test_a_mile_ladder_under_km_keeps_its_spec(cli: Cli) -> None:
    code, out, err = cli("--unit", "km", "plan", "6x1mi 10:00-7:30")
    assert code == 0, err
    assert out.splitlines()[0].strip() == "6x1mi 10:00-7:30/mi (6:13-4:40/km), 30 s/mi steps"
    assert "1609.34" not in out and "18.64" not in out
    paces = re.findall(r"^\s+\d\s+1\.61 km\s+(\S+)", out, re.M)
    assert paces == ["6:13", "5:54", "5:36", "5:17", "4:58", "4:40"]  # whole seconds, no 6:12.8
    code, out, _ = cli("--unit", "km", "plan", "6x1mi 10:00-7:30", "--json")
    doc = json.loads(out)
    assert doc["spec"] == "6x1mi 10:00 step 30" and doc["unit"] == "km"
    again, first = parse_plan(doc["spec"], "km"), parse_plan("6x1mi 10:00-7:30", "km")
    assert (again.segments, again.segment_m) == (first.segments, first.segment_m)
    assert again.target_paces_s() == pytest.approx(first.target_paces_s(), abs=1e-9)


def test_a_km_ladder_under_miles_too(cli: Cli) -> None:
    code, out, _ = cli("--unit", "mi", "plan", "5x1km 6:00 step 10")
    assert code == 0 and out.splitlines()[0].strip() == "5x1km 6:00-5:20/km (9:39-8:35/mi), 10 s/km steps"


def test_a_ladder_in_its_own_unit_is_unchanged(cli: Cli) -> None:
    _, out, _ = cli("plan", "6x1mi 10:00-7:30")
    assert out.splitlines()[0].strip() == "6x1mi 10:00-7:30/mi, 30 s steps"
    _, out, _ = cli("--unit", "mi", "plan", "8x400m 8:00 step 10")
    assert out.splitlines()[0].strip() == "8x400m 8:00-6:50/mi, 10 s steps"
