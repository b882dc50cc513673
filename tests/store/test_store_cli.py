"""The log commands end to end: import --json and exit codes, log, schedule and linking, history, demo."""

from __future__ import annotations

import datetime as dt
import json
from collections.abc import Callable
from pathlib import Path

import pytest

from progtempo import synth
from progtempo.store import models, open_store

Cli = Callable[..., tuple[int, str, str]]  # the `cli` fixture: progtempo ARGS -> (exit code, stdout, stderr)

PNG = b"\x89PNG\r\n\x1a\n"


def mile_ladder(day: dt.date, paces_s_per_mi: list[float], name: str | None = None) -> synth.SynthRun:
    """A run of whole miles at the given paces, at noon UTC on `day`."""
    legs = [synth.Leg(1609.344, p / 1.609344, hr_bpm=130.0 + 6 * k) for k, p in enumerate(paces_s_per_mi)]
    start = dt.datetime.combine(day, dt.time(12), tzinfo=dt.UTC)
    return synth.make_run(legs, start_time=start, name=name)


WED = dt.date(2026, 3, 4)


def test_import_json_exit_codes_and_log(cli: Cli, db_url: str, tmp_path: Path) -> None:

    good = tmp_path / "good"
    good.mkdir()
    synth.write_fit(mile_ladder(WED, [600, 570, 540, 510]), good / "ladder.fit")
    synth.write_fit(mile_ladder(WED + dt.timedelta(days=2), [620, 620, 620]), good / "easy.fit.gz")
    bad = tmp_path / "bad.tcx"
    bad.write_text("<TrainingCenterDatabase>")

    code, out, err = cli("--db", db_url, "import", str(good), str(bad), "--json")
    doc = json.loads(out)
    assert code == 1
    assert {k: doc[k] for k in ("imported", "duplicates", "skipped")} == {
        "imported": 2,
        "duplicates": 0,
        "skipped": 0,
    }
    assert [f["file"] for f in doc["failed"]] == [str(bad)] and doc["failed"][0]["error"]
    assert f"progtempo: {bad}: " in err and "Traceback" not in err

    code, out, _ = cli("--db", db_url, "import", str(good), "--json")
    assert code == 0 and json.loads(out)["imported"] == 0 and json.loads(out)["duplicates"] == 2
    code, out, _ = cli("--db", db_url, "import", str(good))
    assert code == 0 and "nothing new: all 2 activity files are already in me's log" in out

    code, out, _ = cli("--db", db_url, "log", "--json")
    acts = json.loads(out)["activities"]
    assert code == 0 and [a["name"] for a in acts] == ["easy", "ladder"]
    ladder = acts[1]
    assert ladder["date"] == "2026-03-04" and ladder["sport"] == "running" and ladder["progressive"] is True
    assert ladder["distance_m"] == pytest.approx(4 * 1609.344, abs=1.0)
    assert ladder["elapsed_s"] == pytest.approx(600 + 570 + 540 + 510, abs=1.5)
    assert ladder["score"] is not None and ladder["boss"] == "cleared"
    assert acts[0]["progressive"] is False and acts[0]["score"] is None

    code, out, _ = cli("--db", db_url, "log", "--kind", "progressive", "--json")
    assert [a["name"] for a in json.loads(out)["activities"]] == ["ladder"]
    code, out, _ = cli("--db", db_url, "log", "--id", str(ladder["id"]), "--json")
    detail = json.loads(out)
    assert [round(s["pace_s"]) for s in detail["splits"]] == [600, 570, 540, 510]
    assert detail["result"]["levels_cleared"] == 4
    code, out, _ = cli("--db", db_url, "log")
    assert code == 0 and "ladder" in out and "cleared" in out


def test_missing_path_is_a_usage_error(cli: Cli, tmp_path: Path) -> None:
    code, _, err = cli("--db", f"sqlite:///{tmp_path / 'l.sqlite'}", "import", str(tmp_path / "nope"))
    assert code == 2 and err.startswith("progtempo: ") and "no such file or folder" in err


def test_schedule_links_runs_both_ways(cli: Cli, db_url: str, tmp_path: Path) -> None:
    # week 1 is run and imported before the schedule exists; week 2 after
    early = tmp_path / "w1"
    early.mkdir()
    synth.write_fit(mile_ladder(WED, [600, 575, 550, 525, 500, 475]), early / "w1.fit")
    assert cli("--db", db_url, "import", str(early))[0] == 0

    code, out, _ = cli(
        "--db", db_url, "schedule", "6x1mi 10:00-7:30", "--weeks", "3", "--start-date", "2026-03-02",
        "--day", "wed", "--json",
    )  # fmt: skip
    doc = json.loads(out)
    assert code == 0 and doc["linked"] == 1
    assert [(p["date"], p["status"]) for p in doc["planned"]] == [
        ("2026-03-04", "done"), ("2026-03-11", "missed"), ("2026-03-18", "missed"),
    ]  # fmt: skip

    late = tmp_path / "w2"
    late.mkdir()
    synth.write_fit(mile_ladder(WED + dt.timedelta(days=7), [600, 570, 540, 510, 480, 450]), late / "w2.fit")
    code, out, _ = cli("--db", db_url, "import", str(late), "--json")
    assert json.loads(out)["linked_to_plan"] == 1

    code, out, _ = cli("--db", db_url, "schedule", "--list", "--all", "--json")
    planned = json.loads(out)["planned"]
    assert [p["status"] for p in planned] == ["done", "done", "missed"]
    assert planned[1]["score"] is not None

    code, out, _ = cli("--db", db_url, "log", "--json")
    acts = json.loads(out)["activities"]
    # week 1 didn't clear its level, so week 2 holds what the coach advised, and its run was judged so
    assert planned[1]["adapted"] is not None and planned[1]["adapted"]["from_spec"] == "6x1mi 10:00 step 30"
    assert [a["planned"] for a in acts] == [planned[1]["spec"], "6x1mi 10:00 step 30"]

    code, out, _ = cli("--db", db_url, "--unit", "mi", "history", "--json", "--plot", str(tmp_path / "h.png"))
    hist = json.loads(out)
    assert code == 0
    # week 1 was run 25 s a mile per step against the plan's 30: its result is judged against the plan
    assert [round(h["end_pace_s"]) for h in hist["sessions"]] == [475, 450]
    assert [round(h["step_s"]) for h in hist["sessions"]] == [25, 30]
    # week 2 ran the plan as first saved, and is judged against the session due after week 1's run
    assert hist["sessions"][1]["levels_cleared"] is not None and hist["sessions"][1]["week"] == "2026-W11"
    assert hist["streaks"]["longest_weeks"] == 2
    assert (tmp_path / "h.png").read_bytes()[:8] == PNG

    code, out, _ = cli("--db", db_url, "--unit", "km", "history", "--json")
    assert round(json.loads(out)["sessions"][1]["end_pace_s"]) == round(450 / 1.609344)


def test_schedule_needs_a_spec_or_list(cli: Cli, tmp_path: Path) -> None:
    code, _, err = cli("--db", f"sqlite:///{tmp_path / 'l.sqlite'}", "schedule")
    assert code == 2 and "--list" in err


def test_demo_is_idempotent(db_url: str, tmp_path: Path) -> None:
    from progtempo.demo import DEMO_WEEKS, run_demo

    today = dt.date(2026, 4, 15)
    with open_store(db_url) as store:
        first = run_demo(store, plot_path=tmp_path / "d.png", today=today, jobs=1)
        assert first.report.imported == 13 and len(first.report.failed) == 2 and first.report.skipped == 1
        assert first.report.linked == DEMO_WEEKS
        assert len(first.history.sessions) == DEMO_WEEKS
        assert first.history.streaks.current_weeks == DEMO_WEEKS
        assert first.run is not None and first.run.result is not None
        assert (tmp_path / "d.png").read_bytes()[:8] == PNG
        again = run_demo(store, plot_path=tmp_path / "d.png", today=today + dt.timedelta(days=9), jobs=1)
        assert (again.report.imported, again.report.duplicates) == (0, 13)
        assert store.counts(athlete="demo").to_json() == {
            "activities": 13,
            "runs": 12,
            "progressive": 6,
            "planned": 6,
        }
        fresh = run_demo(
            store, plot_path=tmp_path / "d.png", today=today + dt.timedelta(days=9), fresh=True, jobs=1
        )
        assert fresh.report.imported == 13
        ends = [h.end_gap_s_per_km for h in fresh.history.sessions]
        assert ends[-1] is not None and ends[0] is not None
        assert ends[-1] < ends[0]  # the last ladder ends faster: the schedule went up with the runs
        with store.session() as s:
            assert s.query(models.Athlete).count() == 1


def test_demo_command(cli: Cli, tmp_path: Path) -> None:
    db = f"sqlite:///{tmp_path / 'demo.sqlite'}"
    code, out, _ = cli("--db", db, "demo", "--plot", str(tmp_path / "h.png"))
    assert code == 0
    assert "imported 13 new activities" in out and "history chart:" in out and str(tmp_path / "h.png") in out
    assert "score" in out and "Progressive tempo, week 6" in out
    code, out, _ = cli("--db", db, "demo", "--plot", str(tmp_path / "h.png"))
    assert code == 0 and "nothing new: all 13 activity files are already in demo's log" in out
