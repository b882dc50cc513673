"""The athlete's profile, the threshold over weeks and the training load, through the log and the CLI."""

from __future__ import annotations

import datetime as dt
import json
import math
from collections.abc import Callable
from pathlib import Path

import pytest
from sqlalchemy import update

from progtempo import synth
from progtempo.store import models, open_store
from progtempo.synth.heart import HeartModel, step_test

Cli = Callable[..., tuple[int, str, str]]  # the `cli` fixture: progtempo ARGS -> (exit code, stdout, stderr)

MI = 1609.344
PNG = b"\x89PNG\r\n\x1a\n"
WED = dt.date(2026, 3, 4)
LADDER_KM = [380.0 - 15 * i for i in range(8)]


def _noon(day: dt.date) -> dt.datetime:
    return dt.datetime.combine(day, dt.time(12), tzinfo=dt.UTC)


def test_athlete_set_show_and_clear(cli: Cli, db_url: str) -> None:
    code, out, err = cli("--db", db_url, "athlete", "set", "--hr-rest", "48", "--hr-max", "190",
                         "--sex", "f", "--threshold", "7:15", "--json")  # fmt: skip
    assert code == 0, err
    doc = json.loads(out)
    assert doc["profile"]["hr_max_bpm"] == 190 and doc["profile"]["sex"] == "f"
    assert doc["profile"]["threshold_pace_s"] == pytest.approx(435.0)
    assert doc["threshold"] == {
        "pace_s": pytest.approx(435.0),
        "sd_s": None,
        "hr_bpm": None,
        "source": "profile",
    }
    hr = doc["zones"]["hr"]
    assert hr["basis"] == "max_hr" and [z["low_bpm"] for z in hr["zones"]] == [114, 143, 162, 175]
    assert doc["zones"]["pace"]["threshold_s_per_km"] == pytest.approx(435 / 1.609344)

    code, out, _ = cli("--db", db_url, "athlete", "set", "--threshold-hr", "172", "--clear", "sex", "--json")
    doc = json.loads(out)
    assert code == 0 and doc["profile"]["sex"] is None and doc["profile"]["hr_rest_bpm"] == 48
    assert doc["zones"]["hr"]["basis"] == "threshold_hr"
    assert doc["zones"]["hr"]["zones"][-1]["high_bpm"] == 190  # the top band ends at the maximum

    code, out, _ = cli("--db", db_url, "athlete", "show")
    assert code == 0 and "maximum HR     190 bpm" in out and "sex            unknown" in out
    assert "threshold pace 7:15/mi\n" in out
    assert "threshold in use: 7:15/mi, 172 bpm (from the profile)" in out and "129-154 bpm" in out
    code, out, _ = cli("--db", db_url, "athlete", "show", "--athlete", "someone", "--json")
    assert json.loads(out)["profile"]["hr_max_bpm"] is None  # each athlete has their own


@pytest.mark.parametrize(
    ("args", "message"),
    [
        (["--hr-max", "90"], "--hr-max 90"),
        (["--hr-rest", "100"], "too close"),  # against the stored maximum of 130
        (["--threshold-hr", "140"], "not below the maximum"),
        (["--sex", "x"], "use m or f"),
        ([], "give a number to set"),
    ],
)
def test_athlete_set_refuses(cli: Cli, tmp_path: Path, args: list[str], message: str) -> None:
    db = str(tmp_path / "log.sqlite")
    assert cli("--db", db, "athlete", "set", "--hr-max", "130")[0] == 0
    code, out, err = cli("--db", db, "athlete", "set", *args)
    assert code == 2 and out == "" and message in err and err.startswith("progtempo:")
    assert json.loads(cli("--db", db, "athlete", "show", "--json")[1])["profile"]["hr_max_bpm"] == 130


def test_threshold_over_weeks_from_deflections(cli: Cli, db_url: str, tmp_path: Path) -> None:
    """Step tests whose heart rate bends at a speed that rises by 1.5 % a week: the log follows it."""
    folder = tmp_path / "runs"
    folder.mkdir()
    bends = [3.00 * 1.015**w for w in range(4)]
    for w, bend in enumerate(bends):
        model = HeartModel(bend_speed_m_s=bend, slope_after_bend=0.3, noise_bpm=2.0)
        r = step_test(
            LADDER_KM, 1000.0, model, warmup_m=1000.0, start_time=_noon(WED + dt.timedelta(weeks=w)), seed=w
        )
        synth.write_fit(r, folder / f"week{w + 1}.fit")
    assert cli("--db", db_url, "--unit", "km", "import", str(folder))[0] == 0
    today = WED + dt.timedelta(weeks=3, days=1)
    store = open_store(db_url)
    weeks = store.threshold_weeks(today=today)
    assert [w.deflections for w in weeks] == [1, 2, 3, 4]
    # each week's estimate lies between the first and the newest bend, leaning to the newest
    for k, w in enumerate(weeks):
        assert 1000 / bends[k] - 1 <= w.pace_s_per_km <= 1000 / bends[0] + 1
        assert w.sd_s_per_km > 0 and w.hr_bpm is not None
    now = store.threshold(today=today)
    assert now is not None and now.source == "log"
    assert now.pace_s_per_km == pytest.approx(1000 / bends[-1], rel=0.03)
    code, out, _ = cli(
        "--db",
        db_url,
        "--unit",
        "km",
        "history",
        "--json",
        "--until",
        str(today),
        "--plot",
        str(tmp_path / "h.png"),
    )
    doc = json.loads(out)
    assert code == 0 and len(doc["threshold_trend"]) == 4
    assert doc["threshold_trend"][-1]["from_deflections"] == 4
    assert (tmp_path / "h.png").read_bytes().startswith(PNG)
    code, out, _ = cli("--db", db_url, "history", "--until", str(today))
    assert "threshold, week by week" in out and "4 deflection(s)" in out
    # a stored run's document (the web's /api/activities/{id}) scores rTSS as `load` does: against the
    # log's estimate for its week when the profile has no threshold
    days = {d.date: d for d in store.load(today=today).days}
    for a in store.activities(limit=10):
        stored = store.analyze(a.id, unit="km")
        assert stored is not None
        load = stored.run.to_json()["load"]
        assert load["rtss"] == pytest.approx(days[a.date].rtss, rel=1e-6)
        assert "the log's estimated threshold" in load["note"]


def test_threshold_from_levels_held_when_heart_rate_stays_linear(
    cli: Cli, db_url: str, tmp_path: Path
) -> None:
    r = step_test(LADDER_KM[:6], 1000.0, HeartModel(noise_bpm=1.0), warmup_m=1000.0, start_time=_noon(WED))
    synth.write_fit(r, tmp_path / "linear.fit")
    assert cli("--db", db_url, "--unit", "km", "import", str(tmp_path / "linear.fit"))[0] == 0
    store = open_store(db_url)
    [w] = store.threshold_weeks(today=WED)
    assert w.deflections == 0 and w.hr_bpm is None
    assert w.pace_s_per_km == pytest.approx(LADDER_KM[5], abs=1.0)  # the fastest level, held
    assert w.sd_s_per_km == pytest.approx(15.0)  # a whole step either way
    assert cli("--db", db_url, "history", "--until", str(WED))[1].count("levels held") == 1


def _steady_runs(folder: Path) -> None:
    """Two runs: 30 min at 5:00/km and 150 bpm on the first day, 60 min at 5:30/km and 140 bpm two days on."""
    folder.mkdir()
    a = synth.make_run([synth.Leg(6000.0, 300.0, hr_bpm=150.0)], start_time=_noon(WED))
    b = synth.make_run(
        [synth.Leg(10909.09, 330.0, hr_bpm=140.0)], start_time=_noon(WED + dt.timedelta(days=2))
    )
    synth.write_fit(a, folder / "a.fit")
    synth.write_fit(b, folder / "b.fit")


def test_load_by_hand(cli: Cli, db_url: str, tmp_path: Path) -> None:
    _steady_runs(tmp_path / "runs")
    assert cli("--db", db_url, "import", str(tmp_path / "runs"))[0] == 0
    code, out, _ = cli("--db", db_url, "load", "--json")
    doc = json.loads(out)
    assert code == 0 and doc["activities"] == 2
    assert all(d["trimp"] is None and d["rtss"] is None for d in doc["days"])  # nothing known yet
    assert any("--hr-rest" in n for n in doc["notes"])

    cli("--db", db_url, "athlete", "set", "--hr-rest", "50", "--hr-max", "190", "--sex", "m",
        "--threshold", "4:30/km")  # fmt: skip
    code, out, _ = cli("--db", db_url, "load", "--json", "--since", "2026-03-04",
                       "--plot", str(tmp_path / "load.png"))  # fmt: skip
    doc = json.loads(out)
    days = {d["date"]: d for d in doc["days"]}
    x1, x2 = 100 / 140, 90 / 140
    t1 = 30 * x1 * 0.64 * math.exp(1.92 * x1)
    t2 = 60 * x2 * 0.64 * math.exp(1.92 * x2)
    r1 = 0.5 * (270 / 300) ** 2 * 100
    r2 = 1.0 * (270 / 330) ** 2 * 100
    assert days["2026-03-04"]["trimp"] == pytest.approx(t1, rel=1e-3)
    assert days["2026-03-06"]["trimp"] == pytest.approx(t2, rel=1e-3)
    assert days["2026-03-04"]["rtss"] == pytest.approx(r1, rel=1e-3)
    assert days["2026-03-06"]["rtss"] == pytest.approx(r2, rel=1e-3)
    assert doc["metric"] == "rtss"
    # CTL/ATL by the recurrence from the first day, TSB yesterday's balance
    ctl = r1 / 42 * (41 / 42) ** 2 + r2 / 42
    atl = r1 / 7 * (6 / 7) ** 2 + r2 / 7
    assert days["2026-03-06"]["ctl"] == pytest.approx(ctl, rel=1e-3)
    assert days["2026-03-06"]["atl"] == pytest.approx(atl, rel=1e-3)
    assert days["2026-03-06"]["tsb"] == pytest.approx(days["2026-03-05"]["ctl"] - days["2026-03-05"]["atl"])
    assert (tmp_path / "load.png").read_bytes().startswith(PNG)
    code, out, _ = cli("--db", db_url, "load", "--metric", "trimp")
    assert code == 0 and "load (trimp)" in out and "weekly volume" in out and "form (TSB)" in out
    # the stored run's document scores its load with the athlete's profile in the log, as `load` does
    first = open_store(db_url).activities(limit=10)[-1]
    stored = open_store(db_url).analyze(first.id, unit="km")
    assert stored is not None and first.date == WED
    load = stored.run.to_json()["load"]
    assert load["trimp"] == pytest.approx(t1, rel=1e-3) and load["rtss"] == pytest.approx(r1, rel=1e-3)
    assert "the profile's threshold" in load["note"]


def test_runs_stored_before_the_fitness_columns_are_filled_on_demand(
    cli: Cli, db_url: str, tmp_path: Path
) -> None:
    _steady_runs(tmp_path / "runs")
    cli("--db", db_url, "import", str(tmp_path / "runs"))
    store = open_store(db_url)
    with store.transaction() as s:  # as a log imported by an older progtempo has them
        s.execute(update(models.Activity).values(hr_time=None, gap_s_per_km=None, fitness_version=None))
    cli("--db", db_url, "athlete", "set", "--hr-rest", "50", "--hr-max", "190", "--sex", "m")
    doc = json.loads(cli("--db", db_url, "load", "--json", "--metric", "trimp")[1])
    assert doc["activities_without_load"] == 0
    assert sum(d["trimp"] or 0 for d in doc["days"]) > 100
    with store.session() as s:
        assert all(a.fitness_version == 1 and a.hr_time for a in s.query(models.Activity))


def test_load_of_an_empty_log(cli: Cli, tmp_path: Path) -> None:
    code, out, _ = cli("--db", str(tmp_path / "log.sqlite"), "load")
    assert code == 0 and "no activities" in out
    doc = json.loads(cli("--db", str(tmp_path / "log.sqlite"), "load", "--json")[1])
    assert doc["activities"] == 0 and doc["weeks"] == []
