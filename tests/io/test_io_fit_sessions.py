"""Multisport and chained FIT files: each session is its own activity, sliced to its own records, laps,
events and distance by its start and the next one's; `read_activity` takes the only run, or says which
sessions there are."""

from __future__ import annotations

import dataclasses
import json
from collections.abc import Callable
from datetime import UTC, datetime, timedelta
from pathlib import Path

import numpy as np
import pytest

from progtempo.analysis import analyze
from progtempo.errors import ActivityReadError
from progtempo.io import read_activities, read_activity
from progtempo.synth import Leg, SynthRun, fit_bytes, make_run, multisport_fit_bytes

Cli = Callable[..., tuple[int, str, str]]  # the `cli` fixture: progtempo ARGS -> (exit code, stdout, stderr)

START = datetime(2026, 6, 7, 7, 0, tzinfo=UTC)
SPORTS = ["swimming", "transition", "cycling", "transition", "running"]


def triathlon() -> list[SynthRun]:
    """Swim 1.5 km, T1, bike 40 km, T2, run 10 km in 1 km auto-laps with a 30 s stop, back to back."""
    specs = [
        ("swimming", [Leg(1500.0, 1200.0, hr_bpm=140)], {}),
        ("transition", [Leg(150.0, 600.0, hr_bpm=130)], {}),
        ("cycling", [Leg(40000.0, 110.0, hr_bpm=145)], {}),
        ("transition", [Leg(60.0, 700.0, hr_bpm=135)], {}),
        ("running", [Leg(4000.0, 300.0, hr_bpm=150), Leg(6000.0, 285.0, hr_bpm=160)],
         {"auto_lap_m": 1000.0, "pauses": [(5500.0, 30.0)]}),
    ]  # fmt: skip
    runs: list[SynthRun] = []
    at = START
    for k, (sport, legs, kw) in enumerate(specs):
        runs.append(make_run(legs, sport=sport, start_time=at, seed=k, **kw))  # type: ignore[arg-type]
        at = at + timedelta(seconds=runs[-1].total_elapsed_s + 1)
    return runs


def chained(runs: list[SynthRun], carry_distance: bool) -> bytes:
    """One FIT file per leg, one after the other (a Forerunner 920XT's triathlon); with
    `carry_distance`, each leg's records carry on the distance of the legs before, as that watch does."""
    out = b""
    carried = 0.0
    for r in runs:
        if carry_distance and r.activity.distance_m is not None:
            moved = dataclasses.replace(r.activity, distance_m=r.activity.distance_m + carried)
            r = dataclasses.replace(r, activity=moved)
        out += fit_bytes(r)
        carried += r.total_distance_m
    return out


@pytest.mark.parametrize("layout", ["multisport", "chained", "chained, distance carried on"])
def test_each_leg_is_its_own_activity(layout: str) -> None:
    runs = triathlon()
    data = multisport_fit_bytes(runs) if layout == "multisport" else chained(runs, "carried" in layout)
    legs = read_activities("tri.fit", data=data)
    assert [a.sport for a in legs] == SPORTS
    assert [a.session_index for a in legs] == [1, 2, 3, 4, 5]
    assert all(a.multisport and a.session_count == 5 for a in legs)
    for a, r in zip(legs, runs, strict=True):
        assert a.start_time == r.start_time
        assert a.time_s[-1] == pytest.approx(r.total_elapsed_s, abs=1.0)
        assert a.distance_m is not None
        assert a.distance_m[0] == pytest.approx(0.0, abs=1e-6)  # from 0, not what the legs before covered
        assert a.distance_m[-1] == pytest.approx(r.total_distance_m, abs=0.05)
        assert len(a.laps) == len(r.activity.laps) and a.laps[0].start_time == r.start_time
        assert len(a.pauses) == len(r.pauses)
        assert a.heart_rate is not None and set(np.unique(a.heart_rate)) <= {leg.hr_bpm for leg in r.legs}
    run = legs[-1]
    an = analyze(run, unit="km")
    exact = runs[-1].expected_splits(1000.0)
    assert [s.elapsed_s for s in an.splits] == pytest.approx([e.elapsed_s for e in exact], abs=1.0)
    assert [s.moving_s for s in an.splits] == pytest.approx([e.moving_s for e in exact], abs=1.0)
    assert an.moving_s == pytest.approx(runs[-1].total_moving_s, abs=1.0)


@pytest.mark.parametrize("layout", ["multisport", "chained"])
def test_the_only_run_is_taken_and_the_others_named(layout: str) -> None:
    runs = triathlon()
    data = multisport_fit_bytes(runs) if layout == "multisport" else chained(runs, True)
    a = read_activity("tri.fit", data=data)
    assert a.sport == "running" and a.session_index == 5
    (note,) = [w for w in a.warnings if "sessions in this file" in w]
    assert note.startswith("5 sessions in this file (1 swimming 07:00 UTC, 1.50 km, 30:00; 2 transition")
    assert note.endswith("took the running one, 5; pick another with --session N")
    bike = read_activity("tri.fit", data=data, session=3)
    assert bike.sport == "cycling" and bike.distance_m is not None
    assert bike.distance_m[-1] == pytest.approx(40000.0, abs=0.05)


def test_a_duathlon_names_its_two_runs(tmp_path: Path, cli: Cli) -> None:
    first = make_run([Leg(5000.0, 270.0)], start_time=START)
    bike = make_run([Leg(20000.0, 105.0)], sport="cycling",
                    start_time=START + timedelta(seconds=first.total_elapsed_s + 1))  # fmt: skip
    second = make_run([Leg(2500.0, 290.0)],
                      start_time=bike.start_time + timedelta(seconds=bike.total_elapsed_s + 1))  # fmt: skip
    path = tmp_path / "duathlon.fit"
    path.write_bytes(multisport_fit_bytes([first, bike, second]))
    with pytest.raises(ActivityReadError, match=r"3 sessions in this file and 2 are runs"):
        read_activity(path)
    code, _, err = cli("--unit", "km", "analyze", str(path))
    assert code == 2 and len(err.strip().splitlines()) == 1
    assert "1 running 07:00 UTC, 5.00 km, 22:30" in err and "3 running" in err and "--session N" in err
    code, out, err = cli("--unit", "km", "analyze", str(path), "--session", "3", "--json")
    assert code == 0, err
    doc = json.loads(out)
    assert doc["activity"]["distance_m"] == pytest.approx(2500.0)
    assert [round(s["elapsed_s"]) for s in doc["splits"]] == [290, 290, 145]


# --- the real files -------------------------------------------------------------------------------


def test_fenix2_multisport_sample(data_dir: Path) -> None:
    """7 sessions: generic, transition, run, transition, run, transition, bike; the first session's
    start_time is 45 minutes after its first record and lap (its end less its elapsed time is right)."""
    legs = read_activities(data_dir / "fitparse__multisport_fenix2.fit.gz")
    assert [a.sport for a in legs] == ["generic", "transition", "running", "transition", "running",
                                       "transition", "cycling"]  # fmt: skip
    totals = [25073.55, 225.3, 2245.57, 3.82, 12743.29, 619.75, 28920.07]  # the laps' distances
    elapsed = [11740, 336, 2296, 4, 6765, 269, 3211]
    for a, total, secs in zip(legs, totals, elapsed, strict=True):
        assert a.distance_m is not None
        span = float(np.nanmax(a.distance_m) - np.nanmin(a.distance_m))
        assert span == pytest.approx(total, rel=0.01, abs=5.0)
        assert a.time_s[-1] == pytest.approx(secs, abs=90.0)
        assert len(a.laps) == 1
    assert not legs[0].is_running  # generic among named legs: not a run
    with pytest.raises(ActivityReadError, match="7 sessions in this file and 2 are runs"):
        read_activity(data_dir / "fitparse__multisport_fenix2.fit.gz")
    for k in (3, 5):
        an = analyze(read_activity(data_dir / "fitparse__multisport_fenix2.fit.gz", session=k), unit="km")
        assert an.splits and all(s.elapsed_s > 120 for s in an.splits if not s.partial)  # no 0:00 splits
        assert an.distance_m == pytest.approx(totals[k - 1], rel=0.01)


def test_fr920xt_chained_sample(data_dir: Path) -> None:
    """4 FIT headers, 5 sessions (swim, T1, bike, T2, run); the distance carries on across the chain."""
    path = data_dir / "fitparse__chained_fr920xt.fit.gz"
    legs = read_activities(path)
    assert [a.sport for a in legs] == SPORTS
    run = read_activity(path)  # the only run
    assert run.session_index == 5 and any("took the running one, 5" in w for w in run.warnings)
    for unit, count in (("km", 10), ("mi", 7)):
        an = analyze(run, unit=unit)  # type: ignore[arg-type]
        assert an.distance_m == pytest.approx(9805.92, abs=15.0)  # not the 52.5 km of the whole chain
        assert an.elapsed_s == pytest.approx(2850.7, abs=3.0)
        assert len(an.splits) == count and all(s.elapsed_s > 100 for s in an.splits if not s.partial)
