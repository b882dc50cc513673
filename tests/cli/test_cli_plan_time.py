"""`progtempo plan` with segments by time: the JSON, and the table as a runner reads it at 80 columns."""

from __future__ import annotations

import json
from collections.abc import Callable

import pytest
from rich.console import Console

from progtempo.cli.plan_render import session_table, totals_line
from progtempo.fitness.effort import EFFORTS
from progtempo.plan.day import plan_day
from progtempo.plan.request import SessionRequest
from progtempo.plan.spec import parse_plan

Cli = Callable[..., tuple[int, str, str]]  # the `cli` fixture: progtempo ARGS -> (exit code, stdout, stderr)


@pytest.fixture(autouse=True)
def _no_env_unit(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.delenv("PROGTEMPO_UNIT", raising=False)


def test_plan_json_by_time(cli: Cli) -> None:
    code, out, err = cli("--unit", "km", "plan", "6x8min by effort", "--json")
    assert code == 0, err
    doc = json.loads(out)
    assert doc["segment_s"] == 480 and doc["segment_m"] is None and doc["by"] == "effort"
    assert [s["duration_s"] for s in doc["segments"]] == [480] * 6
    assert all(s["distance_m"] is None for s in doc["segments"])
    code, out, err = cli(
        "plan", "--segments", "5", "--segment-time", "10min", "--start", "5:40/km", "--end", "4:40/km"
    )
    assert code == 0, err
    assert "Total 50:00, about" in out and "10:00" in out


def test_errors_are_one_line(cli: Cli) -> None:
    code, _, err = cli("plan", "6x8min")
    assert code == 2 and err.startswith("progtempo: ") and err.count("\n") == 1
    assert '"6x8min by effort"' in err
    code, _, err = cli("plan", "-n", "6", "--segment-time", "8min", "--distance", "6mi")
    assert code == 2 and "--segment-time and --distance" in err


@pytest.mark.parametrize(
    ("request_", "so_far"),
    [
        (SessionRequest(spec="6x8min by effort", unit="km"), None),
        (SessionRequest(spec="6x8min by effort", unit="km", warmup="10min", cooldown="10min"), None),
        (SessionRequest(spec="5x10min 5:40-4:40/km", unit="km"), None),
        (SessionRequest(spec="5x10min 5:40-4:40/km", unit="km"), "5:38,5:20"),
        (
            SessionRequest(segments=6, segment_time="8min", start="6:30", end="5:00", by="effort", unit="km"),
            None,
        ),
        (SessionRequest(spec="8x12min 10:30-8:45", unit="mi", warmup="15min"), None),
        (SessionRequest(spec="6x1mi 10:00-7:30", unit="mi"), "10:02,9:35"),
    ],
)
def test_the_table_at_80_columns(request_: SessionRequest, so_far: str | None) -> None:
    """No line past 80 columns and every talk test on one line: what a runner reads in a terminal."""
    day = plan_day(request_, so_far=so_far)
    con = Console(width=80, record=True, highlight=False)
    if day.replan is not None:
        segs = day.replan.segments()
        con.print(session_table(day.session, [s for s, _ in segs], actual=[a for _, a in segs], width=80))
    else:
        con.print(session_table(day.session, width=80))
    text = con.export_text()
    lines = text.splitlines()
    assert max(len(line.rstrip()) for line in lines) <= 80
    used = {seg.effort for seg in day.session.ladder()}
    for e in EFFORTS:
        if e.key in used:
            assert any(e.talk in line for line in lines), (e.talk, text)
    if day.session.by_time:
        assert "time" in lines[2] and "dist" not in lines[2]


def test_totals_in_time_with_a_distance_range() -> None:
    assert totals_line(parse_plan("6x8min by effort", "km"), 2880.0).startswith("Total 48:00; no paces")
    paced = parse_plan("5x10min 5:40-4:40/km", "km")
    assert totals_line(paced, paced.total_time_s) == (
        "Total 50:00, about 9.57-9.88 km at the planned paces (less on hills)"
    )
