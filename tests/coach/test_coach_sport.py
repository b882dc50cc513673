"""Which sport a recording really is: rides, walks and hikes get no ladder, runs keep theirs."""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path

import pytest

from progtempo.activity import Activity
from progtempo.analysis import analyze
from progtempo.coach import evaluate
from progtempo.coach.sport import sport_check
from progtempo.synth import Leg, gpx_bytes, make_run

Cli = Callable[..., tuple[int, str, str]]  # the `cli` fixture: progtempo ARGS -> (exit code, stdout, stderr)

KM = 1000.0


def activity(paces_s_per_km: list[float], *, sport: str = "running", device: str | None = None,
             leg_m: float = 2000.0) -> Activity:  # fmt: skip
    a = make_run(
        [Leg(leg_m, p, hr_bpm=130.0 + 3 * k) for k, p in enumerate(paces_s_per_km)], sport=sport
    ).activity
    if device is not None:
        a.device = device
    return a


def looks_like(a: Activity) -> tuple[str, bool]:
    check = sport_check(analyze(a, unit="km"))
    return check.looks_like, check.running


def test_a_file_that_says_cycling_is_a_ride() -> None:
    assert looks_like(activity([150.0] * 10, sport="cycling")) == ("cycling", False)


def test_faster_than_the_world_record_is_no_run_whatever_the_file_says() -> None:
    # a mile at 2:07/km, sustained, in a file marked running
    a = activity([127.0] * 3, leg_m=1000.0)
    kind, running = looks_like(a)
    assert (kind, running) == ("cycling", False)
    assert "faster than the world record" in sport_check(analyze(a, unit="km")).why


def test_an_elite_pace_is_still_a_run() -> None:
    # 10 km at 2:55/km (a 29:10 10 km): fast, but under no world record
    assert looks_like(activity([175.0] * 5)) == ("running", True)


@pytest.mark.parametrize("device", ["Wahoo ELEMNT BOLT", "Garmin Edge 530", "Zwift", "Sigma Sport ROX"])
def test_a_bike_computer_with_no_sport_is_a_ride(device: str) -> None:
    assert looks_like(activity([330.0] * 4, sport="unknown", device=device)) == ("cycling", False)


def test_a_bike_computer_that_says_running_is_believed() -> None:
    assert looks_like(activity([330.0] * 4, device="Wahoo ELEMNT")) == ("running", True)


def test_a_cyclist_s_speed_with_no_sport_is_a_ride() -> None:
    # 20 km/h for an hour: under the world records, but no runner's median speed
    assert looks_like(activity([180.0] * 10, sport="unknown")) == ("cycling", False)


def test_walking_speeds_with_no_sport_are_a_walk() -> None:
    assert looks_like(activity([720.0, 760.0, 700.0], sport="unknown")) == ("walking", False)
    # the same speeds in a file that says running stay a run (a mountain run with long hikes up)
    assert looks_like(activity([720.0, 760.0, 700.0])) == ("running", True)


def test_a_slow_jog_with_no_sport_is_a_run() -> None:
    assert looks_like(activity([540.0, 530.0, 520.0], sport="unknown")) == ("running", True)


def test_what_is_not_a_run_gets_no_game() -> None:
    rep = evaluate(analyze(activity([150.0] * 10, sport="cycling"), unit="mi"))
    assert rep.advice.insight == "not_running" and rep.advice.next_session is None
    assert rep.score is None and rep.boss is None and rep.levels == [] and rep.badges == []
    assert not rep.block.progressive and rep.block.note.startswith("not a run: this looks like a ride")
    doc = rep.to_json()
    assert doc["sport_check"] == {
        "looks_like": "cycling",
        "running": False,
        "why": rep.sport.why if rep.sport else "",
    }
    assert doc["score"] is None and doc["boss"] is None and doc["advice"]["next_session"] is None


def test_a_walk_through_the_cli(tmp_path: Path, cli: Cli) -> None:
    run_ = make_run([Leg(2000.0, p) for p in (720.0, 760.0, 700.0, 740.0)])
    path = tmp_path / "walk.gpx"
    path.write_bytes(gpx_bytes(run_).replace(b"<type>running</type>", b""))
    code, out, err = cli("--unit", "mi", "analyze", str(path))
    assert code == 0, err
    assert "not a run: no levels, no boss, no score" in out and "score" not in out.replace("no score", "")
    code, _, err = cli("next", str(path))
    assert code == 2 and err.startswith("progtempo: ") and "walk or hike" in err
