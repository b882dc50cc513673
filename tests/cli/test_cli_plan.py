"""`progtempo plan`, `progression` and `fitness` from the command line: the article's sessions exactly,
one clear line and exit 2 for bad input, tables for humans, JSON for machines, and a light import path."""

from __future__ import annotations

import json
import subprocess
import sys
from collections.abc import Callable
from pathlib import Path

import pytest
from click.testing import CliRunner

from progtempo.cli import cli

Cli = Callable[..., tuple[int, str, str]]  # the `cli` fixture: progtempo ARGS -> (exit code, stdout, stderr)


@pytest.fixture(autouse=True)
def _no_env_unit(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.delenv("PROGTEMPO_UNIT", raising=False)
    monkeypatch.setenv("COLUMNS", "120")


def js(cli: Cli, *args: str) -> dict:  # type: ignore[type-arg]
    code, out, err = cli(*args, "--json")
    assert code == 0, err
    doc = json.loads(out)
    assert isinstance(doc, dict)
    return doc


def paces(doc: dict) -> list[float]:  # type: ignore[type-arg]
    return [round(s["target_pace_s"], 1) for s in doc["segments"]]


# ---- the article's sessions ----


def test_six_miles_10_00_to_7_30(cli: Cli) -> None:
    doc = js(cli, "--unit", "mi", "plan", "--distance", "6mi", "--start", "10:00", "--end", "7:30")
    assert paces(doc) == [600, 570, 540, 510, 480, 450]
    assert doc["total_time_s"] == pytest.approx(3150)
    assert doc["step_s"] == 30 and doc["unit"] == "mi"


def test_compact_spec(cli: Cli) -> None:
    assert paces(js(cli, "plan", "6x1mi 10:00-7:30")) == [600, 570, 540, 510, 480, 450]
    doc = js(cli, "plan", "5x1km 6:00 step 20")
    assert doc["unit"] == "km" and paces(doc) == [360, 340, 320, 300, 280]
    doc = js(cli, "plan", "7x1mi 10:15-7:15 tol 8")
    assert paces(doc) == [615, 585, 555, 525, 495, 465, 435] and doc["segments"][0]["slow_pace_s"] == 623


def test_km_segments_and_step(cli: Cli) -> None:
    doc = js(cli, "--unit", "km", "plan", "--segments", "5", "--start", "6:00", "--end", "4:40")
    assert doc["step_s"] == pytest.approx(20) and doc["segment_m"] == 1000


def test_any_three_on_the_command_line(cli: Cli) -> None:
    assert js(cli, "plan", "--segments", "6", "--end", "7:30", "--step", "30")["start_pace_s"] == 600
    assert js(cli, "plan", "--start", "10:00", "--end", "7:30", "--step", "30")["segments"][-1]["index"] == 6
    doc = js(cli, "plan", "--segments", "5", "--start", "10:00", "--end", "7:30")
    assert doc["step_s"] == 37.5
    doc = js(
        cli, "plan", "--distance", "4.8k", "--segment-length", "800m", "--start", "10:00", "--step", "10"
    )
    assert len(doc["segments"]) == 6 and doc["segment_m"] == 800


def test_article_inconsistent_five_miles(cli: Cli) -> None:
    code, out, err = cli(
        "--unit", "mi", "plan", "--segments", "5", "--start", "10:00", "--end", "7:30", "--step", "30"
    )
    assert code == 2 and out == ""
    assert err.startswith("progtempo: ") and err.count("\n") == 1
    assert "6 segments at 30 s" in err and "5 segments at 37.5 s" in err


def test_jaded_15_instead_of_30(cli: Cli) -> None:
    doc = js(cli, "plan", "--segments", "6", "--start", "10:00", "--step", "30", "--feel", "jaded")
    assert paces(doc) == [600, 585, 570, 555, 540, 525]
    assert doc["feel"] == "jaded" and doc["step_s"] == 15


def test_strong_reports_room(cli: Cli) -> None:
    doc = js(cli, "plan", "6x1mi 10:00-7:30", "--feel", "strong")
    assert paces(doc) == [600, 570, 540, 510, 480, 450]
    assert doc["room_to_go_further"] is True
    doc = js(cli, "plan", "6x1mi 10:00-7:30", "--feel", "strong", "--from-race", "10k=45:00")
    assert doc["room_to_go_further"] is False  # 7:00 would pass a 7:25 threshold


def test_mid_run_replan_jaded(cli: Cli) -> None:
    doc = js(cli, "plan", "6x1mi 10:00-7:30", "--so-far", "10:02,9:35,9:10", "--feel", "jaded")
    assert paces(doc) == [600, 570, 540, 535, 520, 505]
    assert [s["done"] for s in doc["segments"]] == [True] * 3 + [False] * 3
    assert [s["actual_pace_s"] for s in doc["segments"][:3]] == [602, 575, 550]
    assert doc["so_far"]["segments"] == 3 and doc["remaining"]["segments"] == 3


def test_mid_run_table_shows_run_and_left(cli: Cli) -> None:
    code, out, _ = cli("plan", "6x1mi 10:00-7:30", "--so-far", "10:02,9:35,9:10", "--feel", "jaded")
    assert code == 0
    assert "3 run, 3 left" in out and "actual" in out and "10:02" in out and "8:25" in out
    assert "Run so far: 3 segments in 28:47" in out


def test_by_effort(cli: Cli) -> None:
    doc = js(cli, "plan", "--segments", "4", "--start", "10:00", "--step", "30", "--by", "effort")
    assert len({s["effort"] for s in doc["segments"]}) >= 3
    assert doc["by"] == "effort"
    assert doc["segments"][0]["talk_test"] == "could recite Shakespeare"
    code, out, _ = cli("plan", "--segments", "4", "--by", "effort")
    assert code == 0 and "a single word" in out and "8-9" in out and "Z5" in out


def test_table_has_every_column_and_totals(cli: Cli) -> None:
    code, out, _ = cli("plan", "6x1mi 10:00-7:30", "--warmup", "1mi", "--cooldown", "10min")
    assert code == 0
    for text in (
        "pace/mi",
        "window",
        "split",
        "total",
        "talk test",
        "RPE",
        "HR zone",
        "10:05-9:55",
        "7:35-7:25",
        "could recite Shakespeare",
        "a few words",
        "warm-up",
        "cool-down",
        "10:30",
    ):
        assert text in out, text
    assert "Total" in out and "average" in out


def test_small_steps_shrink_the_default_window(cli: Cli) -> None:
    doc = js(cli, "plan", "8x1km 6:00 step 8")
    assert doc["tolerance_s"] == 4 and doc["warnings"] == []
    doc = js(cli, "plan", "8x1km 6:00 step 8 tol 5")
    assert doc["tolerance_s"] == 5 and "overlap" in doc["warnings"][0]
    assert js(cli, "plan", "8x1km 6:00 step 8", "--tolerance", "6")["tolerance_s"] == 6


def test_warmup_cooldown_json(cli: Cli) -> None:
    doc = js(
        cli, "plan", "6x1mi 10:00-7:30", "--warmup", "1mi", "--cooldown", "10min", "--easy-pace", "11:00"
    )
    assert doc["warmup"] == {
        "pace_s": 660,
        "distance_m": pytest.approx(1609.344),
        "time_s": 660,
        "duration_s": None,
    }
    assert doc["cooldown"]["time_s"] == doc["cooldown"]["duration_s"] == 600
    assert doc["total_time_s"] == pytest.approx(3150 + 660 + 600)
    default = js(cli, "plan", "6x1mi 10:00-7:30", "--warmup", "1mi")
    assert default["warmup"]["pace_s"] == pytest.approx(630)  # 5 % slower than the start


def test_from_race_builds_the_ladder(cli: Cli) -> None:
    doc = js(cli, "plan", "--from-race", "10k=45:00")
    assert len(doc["segments"]) == 6
    assert doc["end_pace_s"] == 450 and doc["start_pace_s"] == 550  # 9:10 -> 7:30, threshold 7:25
    doc = js(cli, "plan", "--from-race", "10k=45:00", "--segments", "5")
    assert len(doc["segments"]) == 5 and doc["end_pace_s"] == 450


def test_plan_json_file_round_trip(cli: Cli, tmp_path: Path) -> None:
    first = js(cli, "plan", "7x1mi 10:15-7:15 tol 8")
    path = tmp_path / "p.json"
    path.write_text(json.dumps(first))
    assert js(cli, "plan", str(path)) == first


def test_default_is_the_article(cli: Cli) -> None:
    code, out, _ = cli("plan")
    assert code == 0 and "6x1mi 10:00-7:30/mi" in out


# ---- bad input: one line, exit 2, never a traceback ----


@pytest.mark.parametrize(
    "args",
    [
        ["plan", "--segments", "6", "--start", "7:75", "--step", "30"],
        ["plan", "--segments", "6", "--start", "-5:00", "--step", "30"],
        ["plan", "--segments", "6", "--start", "fast", "--step", "30"],
        ["plan", "--segments", "6", "--start", "0:00", "--step", "30"],
        ["plan", "-5:00"],
        ["plan", "--segments", "6", "--start", "7:30", "--end", "10:00"],
        ["plan", "--segments", "6", "--start", "10:00", "--step", "0"],
        ["plan", "--segments", "6", "--start", "1:00", "--step", "5"],
        ["plan", "--start", "10:00", "--end", "7:30", "--step", "40"],
        ["plan", "--distance", "6.2mi", "--start", "10:00", "--end", "7:30"],
        ["plan", "6x1mi 10:00-7:30", "--segments", "5"],
        ["plan", "6x1mi 10:00-7:30", "--so-far", "10:00,9:30,9:00,8:30,8:00,7:30,7:00"],
        ["plan", "6x1mi 10:00-7:30", "--so-far", "10:00,x"],
        ["plan", "6x1mi 10:00-7:30", "--warmup", "lots"],
        ["plan", "missing.json"],
        ["progression", "6x1mi 10:00-7:30", "--start-date", "2026-13-01"],
        ["progression", "6x1mi 10:00-7:30", "--weeks", "0"],
        ["progression"],
        ["fitness", "--race", "10k=10:00"],
        ["fitness", "--race", "10k"],
        ["fitness", "--race", "100m=0:12"],
    ],
)
def test_bad_input_is_one_line_exit_2(cli: Cli, args: list[str]) -> None:
    code, out, err = cli(*args)
    assert code == 2, err
    assert "Traceback" not in err and out == ""
    lines = [line for line in err.splitlines() if line.strip()]
    assert len(lines) == 1 and lines[0].startswith("progtempo: ")


# ---- progression ----


def test_progression_article_levels(cli: Cli) -> None:
    doc = js(
        cli,
        "--unit",
        "mi",
        "progression",
        "--segments",
        "6",
        "--start",
        "10:00",
        "--end",
        "7:30",
        "--weeks",
        "12",
        "--start-date",
        "2026-03-02",
        "--day",
        "sat",
    )
    seq: list[tuple[int, int, int]] = []
    for w in doc["weeks"]:
        s = w["session"]
        key = (len(s["segments"]), round(s["start_pace_s"]), round(s["end_pace_s"]))
        if not seq or seq[-1] != key:
            seq.append(key)
    assert seq[:3] == [(6, 600, 450), (7, 615, 435), (7, 600, 420)]
    assert doc["weeks"][0]["date"] == "2026-03-07" and doc["weeks"][0]["change"] == "start"
    assert {w["change"] for w in doc["weeks"]} <= {"start", "hold", "volume", "intensity", "deload"}


def test_progression_default_day_is_wednesday(cli: Cli) -> None:
    import datetime as dt

    doc = js(cli, "progression", "6x1mi 10:00-7:30", "--weeks", "2")
    first = dt.date.fromisoformat(doc["weeks"][0]["date"])
    assert first.weekday() == 2 and 0 <= (first - dt.date.today()).days < 7


def test_progression_caps_reported(cli: Cli) -> None:
    caps = ("--max-segments", "7", "--limit-end", "7:05")
    args = ("progression", "6x1mi 10:00-7:30", "--weeks", "10", *caps, "--start-date", "2026-03-02")
    doc = js(cli, *args)
    assert all(len(w["session"]["segments"]) <= 7 for w in doc["weeks"])
    assert all(w["session"]["end_pace_s"] >= 425 for w in doc["weeks"])
    capped = [w for w in doc["weeks"] if w["cap"]]
    assert capped and all(w["notes"] for w in capped)
    code, out, _ = cli(*args)
    assert code == 0 and "capped" in out and "Fastest allowed end pace: 7:05/mi" in out


def test_progression_from_race_caps_at_threshold(cli: Cli) -> None:
    doc = js(cli, "progression", "--from-race", "10k=45:00", "--weeks", "8", "--start-date", "2026-03-02")
    assert doc["caps"]["limit_end_pace_s"] == pytest.approx(445.1, abs=0.1)
    assert all(w["session"]["end_pace_s"] >= 445.1 for w in doc["weeks"])
    assert doc["warnings"] == []


def test_progression_table(cli: Cli) -> None:
    code, out, _ = cli(
        "progression",
        "6x1mi 10:00-7:30",
        "--weeks",
        "6",
        "--deload-every",
        "4",
        "--start-date",
        "2026-03-02",
    )
    assert code == 0
    for text in ("volume", "intensity", "deload", "7x1mi 10:15-7:15/mi", "2026-03-16"):
        assert text in out


# ---- fitness ----


def test_fitness_json(cli: Cli) -> None:
    doc = js(cli, "fitness", "--race", "10k=45:00")
    assert doc["vdot"] == pytest.approx(45.26, abs=0.01) and doc["unit"] == "mi"
    assert set(doc["equivalents_s"]) >= {"1500m", "mile", "5k", "10k", "half_marathon", "marathon"}
    assert set(doc["paces_s"]) == {"easy", "marathon", "threshold", "interval", "repetition"}
    assert len(doc["paces_s"]["easy"]) == 2
    assert doc["suggested_session"]["unit"] == "mi" and doc["suggested_session"]["segments"]
    km = js(cli, "--unit", "km", "fitness", "--race", "half=1:45:00")
    assert km["unit"] == "km" and 285 < km["paces_s"]["threshold"] < 295  # about 4:50/km


def test_fitness_table(cli: Cli) -> None:
    code, out, _ = cli("fitness", "--race", "5k=19:57")
    assert code == 0
    for text in (
        "VDOT 50.0",
        "3:10",
        "41:2",
        "threshold (T)",
        "6:51",
        "Suggested first session",
        "3rd edition",
    ):
        assert text in out, text


# ---- help and start-up ----


def test_help_documents_every_option() -> None:
    runner = CliRunner()
    top = runner.invoke(cli, ["--help"])
    assert top.exit_code == 0
    for name in ("plan", "progression", "fitness"):
        assert name in top.output
    plan_help = runner.invoke(cli, ["plan", "--help"]).output
    for opt in (
        "--segments",
        "--distance",
        "--segment-length",
        "--start",
        "--end",
        "--step",
        "--tolerance",
        "--warmup",
        "--cooldown",
        "--easy-pace",
        "--feel",
        "--so-far",
        "--by",
        "--from-race",
        "--json",
    ):
        assert opt in plan_help, opt
    prog_help = runner.invoke(cli, ["progression", "--help"]).output
    for opt in (
        "--weeks",
        "--start-date",
        "--day",
        "--hold",
        "--deload-every",
        "--max-segments",
        "--limit-end",
    ):
        assert opt in prog_help, opt
    assert "--race" in runner.invoke(cli, ["fitness", "--help"]).output


def test_cli_runner_plan_json() -> None:
    result = CliRunner().invoke(cli, ["plan", "6x1mi 10:00-7:30", "--json"])
    assert result.exit_code == 0
    assert json.loads(result.output)["total_time_s"] == pytest.approx(3150)


HEAVY = ("numpy", "matplotlib", "sqlalchemy")


@pytest.mark.parametrize(
    "args",
    [
        ["plan", "6x1mi 10:00-7:30", "--json"],
        ["progression", "6x1mi 10:00-7:30", "--weeks", "4", "--json"],
        ["fitness", "--race", "10k=45:00", "--json"],
        ["plan", "6x1mi 10:00-7:30"],
    ],
)
def test_light_import_path(args: list[str]) -> None:
    """The commands typed many times a day import no numpy, matplotlib, SQLAlchemy (nor rich for JSON)."""
    code = (
        "import sys, io, contextlib\n"
        "from progtempo.cli import main\n"
        "with contextlib.redirect_stdout(io.StringIO()):\n"
        "    try:\n"
        f"        main({args!r})\n"
        "    except SystemExit as e:\n"
        "        assert not e.code, e.code\n"
        "print(' '.join(sorted({m.split('.')[0] for m in sys.modules})))\n"
    )
    proc = subprocess.run(
        [sys.executable, "-c", code], capture_output=True, text=True, timeout=60, check=False
    )
    assert proc.returncode == 0, proc.stderr
    loaded = set(proc.stdout.split())
    assert not loaded & set(HEAVY), loaded & set(HEAVY)
    if "--json" in args:
        assert "rich" not in loaded
