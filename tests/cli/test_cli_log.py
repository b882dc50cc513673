"""The log commands' edges: --db forms, CSV output, the analyze header, one word per verdict."""

from __future__ import annotations

import csv
import datetime as dt
import io
import json
from collections.abc import Callable
from pathlib import Path

import pytest

from progtempo import synth

Cli = Callable[..., tuple[int, str, str]]  # the `cli` fixture: progtempo ARGS -> (exit code, stdout, stderr)

MI = 1609.344
WED = dt.datetime(2026, 3, 4, 12, tzinfo=dt.UTC)


def mile_run(path: Path, paces_s_per_mi: list[float], *, grade: float = 0.0) -> Path:
    legs = [
        synth.Leg(MI, p / 1.609344, grade=grade, hr_bpm=130.0 + 6 * k) for k, p in enumerate(paces_s_per_mi)
    ]
    synth.write_fit(synth.make_run(legs, start_time=WED), path)
    return path


@pytest.mark.parametrize("bad", ["foo", "log.txt", "data/progtempo"])
def test_db_must_be_a_url_a_sqlite_path_or_a_folder(
    cli: Cli, tmp_path: Path, monkeypatch: pytest.MonkeyPatch, bad: str
) -> None:

    monkeypatch.chdir(tmp_path)
    code, _, err = cli("--db", bad, "log")
    assert code == 2 and "not a database" in err and ".sqlite or .db" in err
    assert list(tmp_path.iterdir()) == []  # nothing made


def test_db_as_a_folder_or_a_db_file(cli: Cli, tmp_path: Path) -> None:
    code, _, _ = cli("--db", str(tmp_path), "log")
    assert code == 0 and (tmp_path / "log.sqlite").is_file()
    code, _, _ = cli("--db", str(tmp_path / "x.db"), "log")
    assert code == 0 and (tmp_path / "x.db").is_file()


def test_log_and_history_as_csv(cli: Cli, tmp_path: Path) -> None:
    db = f"sqlite:///{tmp_path / 'l.sqlite'}"
    (tmp_path / "runs").mkdir()
    mile_run(tmp_path / "runs" / "a.fit", [600, 570, 540, 510])
    assert cli("--db", db, "import", str(tmp_path / "runs"))[0] == 0
    code, out, _ = cli("--db", db, "log", "--csv")
    rows = list(csv.DictReader(io.StringIO(out)))
    assert code == 0 and len(rows) == 1
    assert rows[0]["date"] == "2026-03-04" and rows[0]["pace_per_mi"] == "9:15"
    assert float(rows[0]["distance_mi"]) == pytest.approx(4.0, abs=0.01) and rows[0]["progressive"] == "1"
    code, out, _ = cli("--db", db, "--unit", "km", "history", "--csv")
    (h,) = list(csv.DictReader(io.StringIO(out)))
    assert code == 0 and h["end_pace_per_km"] == "5:17" and h["boss"] == "cleared"


def test_analyze_header_has_the_date_and_feet_with_miles(
    cli: Cli, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setenv("PROGTEMPO_TZ", "UTC")
    f = mile_run(tmp_path / "hill.fit", [600, 570, 540, 510], grade=0.02)
    code, out, _ = cli("analyze", str(f))
    assert code == 0 and "2026-03-04 12:00" in out
    assert "climb ft" in out and " ft / " in out
    code, out, _ = cli("--unit", "km", "analyze", str(f))
    assert code == 0 and "climb m" in out and " m / " in out


def test_one_word_per_verdict_and_no_minus_zero(cli: Cli, tmp_path: Path) -> None:
    f = mile_run(tmp_path / "fast.fit", [560, 570, 540, 510, 480, 450])
    code, out, _ = cli("analyze", str(f), "--plan", "6x1mi 10:00-7:30")
    assert code == 0 and "too fast" in out and "too_fast" not in out
    assert " -0 " not in out and "│    -0 │" not in out
    doc = json.loads(cli("analyze", str(f), "--plan", "6x1mi 10:00-7:30", "--json")[1])
    assert doc["levels"][0]["verdict"] == "too_fast"  # JSON keeps the key


def test_import_names_the_other_recording_of_a_run(cli: Cli, tmp_path: Path, data_dir: Path) -> None:
    db = f"sqlite:///{tmp_path / 'l.sqlite'}"
    tcx, gpx = data_dir / "runpandas__run_tomtom.tcx.gz", data_dir / "runpandas__run_tomtom.gpx.gz"
    code, out, _ = cli("--db", db, "import", str(tcx), str(gpx))
    assert code == 0 and "imported 1 new activities" in out and "1 another recording of a run" in out
    assert f"same run as #1: {gpx} (kept {tcx})" in out
    code, out, _ = cli("--db", db, "import", str(gpx), "--json")
    doc = json.loads(out)
    assert (doc["imported"], doc["duplicates"], doc["activities"]) == (0, 1, [])
    assert doc["duplicate_of"] == [{"file": str(gpx), "activity_id": 1, "kept": str(tcx)}]
    code, out, _ = cli("--db", db, "log", "--json")
    assert [a["format"] for a in json.loads(out)["activities"]] == ["tcx"]
