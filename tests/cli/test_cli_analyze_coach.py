"""`analyze --plan/--rpe/--plot` and `next` on synthetic progressive runs (needs the coach)."""

from __future__ import annotations

import json
from collections.abc import Callable
from pathlib import Path

import pytest

from progtempo.synth import Leg, make_run, mile_legs, per_km, write_gpx
from progtempo.units import MILE_M as MI

Cli = Callable[..., tuple[int, str, str]]  # the `cli` fixture: progtempo ARGS -> (exit code, stdout, stderr)


@pytest.fixture(scope="module")
def perfect(tmp_path_factory: pytest.TempPathFactory) -> Path:
    legs = mile_legs((600, 570, 540, 510, 480, 450), hr_start_bpm=130)
    path = tmp_path_factory.mktemp("runs") / "perfect.gpx"
    write_gpx(make_run([*legs, Leg(30.0, per_km(450), hr_bpm=166)]), path)
    return path


def test_plan_adds_the_coach_keys(perfect: Path, cli: Cli) -> None:
    code, out, err = cli("analyze", str(perfect), "--plan", "6x1mi 10:00-7:30", "--rpe", "6", "--json")
    assert code == 0, err
    doc = json.loads(out)
    for key in ("progression", "levels", "boss", "score", "badges", "energy", "block", "advice"):
        assert key in doc, key
    assert len(doc["levels"]) == 6 and all(lv["verdict"] == "cleared" for lv in doc["levels"])
    assert doc["boss"]["verdict"] == "cleared"
    assert doc["unit"] == "mi" and len(doc["splits"]) == 7  # the analysis keeps its own keys


def test_plan_in_another_unit(perfect: Path, cli: Cli) -> None:
    """A km spec under --unit mi: the plan is read into miles, so splits and levels share one unit."""
    code, out, _ = cli("--unit", "mi", "analyze", str(perfect), "--plan", "5x1km 6:00 step 10", "--json")
    assert code == 0
    doc = json.loads(out)
    assert doc["unit"] == "mi" and doc["splits"][0]["distance_m"] == pytest.approx(MI)
    assert doc["levels"] and doc["levels"][0]["target_pace_s"] == pytest.approx(360 * MI / 1000)


def test_table_shows_levels_and_advice(perfect: Path, cli: Cli) -> None:
    code, out, _ = cli("analyze", str(perfect), "--plan", "6x1mi 10:00-7:30")
    assert code == 0
    assert "levels" in out and "boss" in out and "score" in out and "(boss)" in out


@pytest.mark.parametrize("suffix", [".png", ".svg"])
def test_plot(perfect: Path, tmp_path: Path, suffix: str, cli: Cli) -> None:
    out_path = tmp_path / f"run{suffix}"
    code, out, err = cli(
        "analyze", str(perfect), "--plan", "6x1mi 10:00-7:30", "--plot", str(out_path), "--json"
    )
    assert code == 0, err
    json.loads(out)
    assert out_path.stat().st_size > 1000 and f"wrote {out_path}" in err


def test_next_session(perfect: Path, cli: Cli) -> None:
    code, out, _ = cli("next", str(perfect), "--plan", "6x1mi 10:00-7:30", "--json")
    assert code == 0
    plan = json.loads(out)
    assert plan["unit"] == "mi" and len(plan["segments"]) >= 6 and "start_pace_s" in plan
    code, out, _ = cli("next", str(perfect), "--plan", "6x1mi 10:00-7:30")
    assert code == 0 and "pace/mi" in out and "10:00" in out and "7:30" in out


def test_bad_plan_is_one_line(perfect: Path, cli: Cli) -> None:
    code, out, err = cli("analyze", str(perfect), "--plan", "six miles please")
    assert code == 2 and out == "" and err.startswith("progtempo: ") and len(err.strip().splitlines()) == 1


def test_next_progresses_after_the_second_cleared_session(perfect: Path, cli: Cli) -> None:
    """The article: after a couple of weeks at a level, add a mile (10:15 to 7:15)."""
    ladders = {}
    for before in ("0", "1"):
        code, out, err = cli(
            "next", str(perfect), "--plan", "6x1mi 10:00-7:30", "--cleared-before", before,
            "--longest", "10mi", "--json",
        )  # fmt: skip
        assert code == 0, err
        nxt = json.loads(out)
        ladders[before] = (len(nxt["segments"]), nxt["start_pace_s"], nxt["end_pace_s"])
    assert ladders == {"0": (6, 600.0, 450.0), "1": (7, 615.0, 435.0)}
    # without --longest this run (6 miles) is the longest known: the paces go half a step faster instead
    code, out, _ = cli("next", str(perfect), "--plan", "6x1mi 10:00-7:30", "--cleared-before", "1", "--json")
    nxt = json.loads(out)
    assert (len(nxt["segments"]), nxt["start_pace_s"], nxt["end_pace_s"]) == (6, 585.0, 435.0)
