"""`progtempo analyze` and `progtempo next`: tables, JSON keys, warnings on stderr, exit codes."""

from __future__ import annotations

import json
from collections.abc import Callable
from pathlib import Path

import pytest

Cli = Callable[..., tuple[int, str, str]]  # the `cli` fixture: progtempo ARGS -> (exit code, stdout, stderr)


SUUNTO = "fit/gc__suunto_Move_2019_03_17_10_24_32_Running.fit"
DESIGN_ACTIVITY_KEYS = {
    "source",
    "format",
    "sport",
    "start_time",
    "distance_m",
    "elapsed_s",
    "moving_s",
    "has_elevation",
    "has_heart_rate",
    "device",
    "distance_source",
}
DESIGN_SPLIT_KEYS = {
    "index",
    "distance_m",
    "elapsed_s",
    "moving_s",
    "pace_s",
    "gap_s",
    "elev_gain_m",
    "elev_loss_m",
    "avg_grade",
    "avg_hr",
    "max_hr",
    "partial",
}


def _coach_built() -> bool:
    try:
        import progtempo.coach as coach
    except ImportError:
        return False
    return hasattr(coach, "evaluate")


def test_json_keys_on_a_real_run(samples_dir: Path, cli: Cli) -> None:
    code, out, err = cli("--unit", "km", "analyze", str(samples_dir / SUUNTO), "--json")
    assert code == 0, err
    doc = json.loads(out)
    assert doc["unit"] == "km"
    assert set(doc["activity"]) >= DESIGN_ACTIVITY_KEYS
    assert doc["activity"]["format"] == "fit" and doc["activity"]["distance_source"] == "device"
    assert doc["activity"]["start_time"].endswith("Z")
    assert len(doc["splits"]) == 21 and set(doc["splits"][0]) >= DESIGN_SPLIT_KEYS
    assert doc["splits"][-1]["partial"] is True and doc["splits"][0]["partial"] is False
    assert doc["splits"][0]["distance_m"] == pytest.approx(1000.0)
    assert len(doc["laps"]) == 21 and {"index", "start_time", "elapsed_s", "timer_s", "distance_m"} <= set(
        doc["laps"][0]
    )
    assert isinstance(doc["warnings"], list)
    if _coach_built():
        assert {"progression", "levels", "boss", "score", "badges", "advice"} <= set(doc)


def test_split_option_and_unit(samples_dir: Path, cli: Cli) -> None:
    code, out, _ = cli("analyze", str(samples_dir / SUUNTO), "--split", "400m", "--json")
    assert code == 0
    doc = json.loads(out)
    assert doc["unit"] == "mi" and doc["split_m"] == 400.0
    assert len(doc["splits"]) == 51  # 20.04 km
    # pace stays per unit (mile) whatever the split length
    s = doc["splits"][1]
    assert s["pace_s"] == pytest.approx(s["moving_s"] / 400 * 1609.344)


def test_minetti_changes_gap_only(samples_dir: Path, cli: Cli) -> None:
    docs = []
    for model in ("strava", "minetti"):
        code, out, _ = cli(
            "--unit", "km", "analyze", str(samples_dir / SUUNTO), "--gap-model", model, "--json"
        )
        assert code == 0
        docs.append(json.loads(out))
    a, b = docs
    assert [s["pace_s"] for s in a["splits"]] == [s["pace_s"] for s in b["splits"]]
    assert [s["gap_s"] for s in a["splits"]] != [s["gap_s"] for s in b["splits"]]
    assert b["gap_model"] == "minetti"


def test_table(samples_dir: Path, cli: Cli) -> None:
    code, out, _ = cli("--unit", "km", "analyze", str(samples_dir / SUUNTO))
    assert code == 0
    assert "GAP" in out and "device laps" in out and "moving" in out and "HR avg/max" in out
    assert "20.04 km" in out


def test_warnings_go_to_stderr_and_exit_0(samples_dir: Path, cli: Cli) -> None:
    code, out, err = cli("analyze", str(samples_dir / "fit/fitparse__nick.fit"), "--json")
    assert code == 0
    json.loads(out)  # stdout stays one JSON document
    lines = err.strip().splitlines()
    assert lines and all(line.startswith("progtempo: warning: ") for line in lines)
    assert any("cycling" in line for line in lines)


def test_missing_file_is_one_line_exit_2(tmp_path: Path, cli: Cli) -> None:
    code, out, err = cli("analyze", str(tmp_path / "nope.fit"))
    assert code == 2 and out == ""
    assert err.count("\n") == 1 and err.startswith("progtempo: ") and "no such file" in err


def test_garbage_file_is_one_line_exit_2(tmp_path: Path, cli: Cli) -> None:
    p = tmp_path / "photo.fit"
    p.write_bytes(b"\xff\xd8\xff\xe0" + bytes(500))
    code, _, err = cli("analyze", str(p), "--json")
    assert code == 2 and err.startswith("progtempo: ") and len(err.strip().splitlines()) == 1


def test_folder_is_one_line_exit_2(tmp_path: Path, cli: Cli) -> None:
    code, _, err = cli("analyze", str(tmp_path))
    assert code == 2 and "folder" in err


def test_bad_options(tmp_path: Path, cli: Cli) -> None:
    p = tmp_path / "x.fit"
    p.write_bytes(b"")
    code, _, err = cli("analyze", str(p), "--plot", "run.jpg")
    assert code == 2 and ".png, .svg or .pdf" in err
    code, _, err = cli("analyze", str(p), "--gap-model", "naismith")
    assert code == 2 and err.startswith("progtempo: ")
    code, _, err = cli("analyze", str(p), "--rpe", "11")
    assert code == 2


def test_bad_split(samples_dir: Path, cli: Cli) -> None:
    code, _, err = cli("analyze", str(samples_dir / SUUNTO), "--split", "fast")
    assert code == 2 and "not a distance" in err
    code, _, err = cli("analyze", str(samples_dir / SUUNTO), "--split", "5m")  # metres, not miles
    assert code == 2 and "too short" in err and len(err.strip().splitlines()) == 1


def test_help_lists_options(cli: Cli) -> None:
    code, out, _ = cli("analyze", "--help")
    assert code == 0
    for opt in ("--split", "--session", "--gap-model", "--plan", "--rpe", "--plot", "--json"):
        assert opt in out
    code, out, _ = cli("next", "--help")
    assert code == 0 and "--plan" in out


def test_cli_module_imports_nothing_heavy() -> None:
    import subprocess
    import sys

    code = (
        "import sys, progtempo.cli.analyze; "
        "print(','.join(m for m in ('numpy', 'rich', 'matplotlib', 'sqlalchemy') if m in sys.modules))"
    )
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True).stdout
    assert out.strip() == ""


def test_session_picks_one_leg(tmp_path: Path, cli: Cli) -> None:
    from datetime import UTC, datetime

    from progtempo.synth import Leg, make_run, multisport_fit_bytes

    first = make_run([Leg(2000, 300, hr_bpm=140)], start_time=datetime(2026, 3, 1, 8, 0, tzinfo=UTC))
    second = make_run([Leg(3000, 280, hr_bpm=150)], start_time=datetime(2026, 3, 1, 9, 0, tzinfo=UTC))
    path = tmp_path / "two.fit"
    path.write_bytes(multisport_fit_bytes([first, second]))
    code, out, err = cli("--unit", "km", "analyze", str(path), "--session", "2", "--json")
    assert code == 0, err
    doc = json.loads(out)
    assert doc["activity"]["distance_m"] == pytest.approx(3000.0)
    assert [round(s["elapsed_s"]) for s in doc["splits"]] == [280, 280, 280]
    code, _, err = cli("analyze", str(path), "--session", "3")
    assert code == 2 and "session" in err and len(err.strip().splitlines()) == 1
