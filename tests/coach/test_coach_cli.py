"""The coach through the CLI: `analyze --plan --json`, `--plot`, and `next`."""

from __future__ import annotations

import json
from collections.abc import Callable
from pathlib import Path

import pytest

from progtempo.synth import Leg, make_run, mile_legs, per_km, write_gpx

Cli = Callable[..., tuple[int, str, str]]  # the `cli` fixture: progtempo ARGS -> (exit code, stdout, stderr)


@pytest.fixture(scope="module")
def ladder_gpx(tmp_path_factory: pytest.TempPathFactory) -> Path:
    legs = mile_legs((600, 570, 540, 510, 480, 450))
    path = tmp_path_factory.mktemp("coach") / "ladder.gpx"
    write_gpx(make_run([*legs, Leg(30.0, per_km(450))]), path)
    return path


def test_analyze_plan_json(ladder_gpx: Path, cli: Cli) -> None:
    code, out, err = cli("--unit", "mi", "analyze", str(ladder_gpx), "--plan", "6x1mi 10:00-7:30", "--json")
    assert code == 0, err
    doc = json.loads(out)
    assert [lv["verdict"] for lv in doc["levels"]] == ["cleared"] * 6
    assert doc["boss"]["verdict"] == "cleared" and doc["score"] >= 90
    assert "perfect_ladder" in doc["badges"]
    assert doc["advice"]["insight"] == "on_target"
    assert doc["advice"]["next_session"]["segments"][0]["target_pace_s"] == 600.0


def test_analyze_plot(ladder_gpx: Path, tmp_path: Path, cli: Cli) -> None:
    out = tmp_path / "run.png"
    code, _, err = cli(
        "--unit", "mi", "analyze", str(ladder_gpx), "--plan", "6x1mi 10:00-7:30", "--plot", str(out)
    )
    assert code == 0, err
    assert out.read_bytes()[:4] == b"\x89PNG"


def test_next_session(ladder_gpx: Path, cli: Cli) -> None:
    code, out, err = cli(
        "--unit", "mi", "next", str(ladder_gpx), "--plan", "6x1mi 10:00-7:30", "--rpe", "9", "--json"
    )
    assert code == 0, err
    doc = json.loads(out)
    assert (len(doc["segments"]), doc["start_pace_s"], doc["step_s"]) == (6, 600.0, 30.0)
