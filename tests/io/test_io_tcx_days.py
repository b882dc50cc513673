"""A TCX holding several <Activity> elements (a Forerunner 305 export of several days) is several
activities: each its own streams, laps and pauses, never one activity spanning the days."""

from __future__ import annotations

import json
from collections.abc import Callable
from datetime import UTC, datetime, timedelta
from pathlib import Path

import numpy as np
import pytest

from progtempo.analysis import analyze
from progtempo.errors import ActivityReadError
from progtempo.io import read_activities, read_activity
from progtempo.synth import Leg, SynthRun, make_run, multi_tcx_bytes

Cli = Callable[..., tuple[int, str, str]]  # the `cli` fixture: progtempo ARGS -> (exit code, stdout, stderr)

DAY1 = datetime(2008, 3, 1, 7, 30, tzinfo=UTC)


def four_days() -> list[SynthRun]:
    """Four runs on four days, of different lengths and paces, one with a pause, 1 km auto-laps."""
    spec = [
        (5200.0, 330.0, ()),
        (8000.0, 300.0, ((4000.0, 90.0),)),
        (3100.0, 360.0, ()),
        (10400.0, 290.0, ()),
    ]
    return [
        make_run(
            [Leg(d, p, hr_bpm=140 + 5 * k)],
            start_time=DAY1 + timedelta(days=k, minutes=13 * k),
            pauses=pauses,
            auto_lap_m=1000.0,
            seed=k,
        )
        for k, (d, p, pauses) in enumerate(spec)
    ]


def test_each_activity_is_its_own_run() -> None:
    runs = four_days()
    acts = read_activities("fr305.tcx", data=multi_tcx_bytes(runs))
    assert [a.session_index for a in acts] == [1, 2, 3, 4]
    assert all(a.session_count == 4 and not a.multisport for a in acts)
    for a, run in zip(acts, runs, strict=True):
        assert a.start_time == run.start_time
        assert a.time_s[-1] == pytest.approx(run.total_elapsed_s, abs=1e-3)  # hours, not days
        assert a.distance_m is not None and a.distance_m[-1] == pytest.approx(run.total_distance_m)
        assert len(a.laps) == len(run.activity.laps)
        assert a.laps[0].start_time == run.start_time
        assert len(a.pauses) == len(run.pauses)
        an = analyze(a, unit="km")
        exact = run.expected_splits(1000.0)
        assert [s.elapsed_s for s in an.splits] == pytest.approx([e.elapsed_s for e in exact], abs=0.01)
        assert [s.moving_s for s in an.splits] == pytest.approx([e.moving_s for e in exact], abs=0.01)
        assert a.warnings == []


def test_reading_one_of_several_runs_needs_a_session() -> None:
    data = multi_tcx_bytes(four_days())
    with pytest.raises(ActivityReadError) as err:
        read_activity("fr305.tcx", data=data)
    msg = str(err.value)
    assert "4 activities in this file and 4 are runs" in msg and "pick one with --session N" in msg
    assert "2 running 2008-03-02 07:43 UTC, 8.00 km" in msg  # several days: the date is shown
    third = read_activity("fr305.tcx", data=data, session=3)
    assert third.session_index == 3 and third.distance_m is not None
    assert third.distance_m[-1] == pytest.approx(3100.0)
    with pytest.raises(ActivityReadError, match="there is no session 5: this file has 4"):
        read_activity("fr305.tcx", data=data, session=5)


def test_the_only_run_among_other_sports_is_taken() -> None:
    ride = make_run([Leg(20000.0, 120.0)], sport="cycling", start_time=DAY1)
    run = make_run([Leg(5000.0, 300.0)], start_time=DAY1 + timedelta(hours=3))
    a = read_activity("mixed.tcx", data=multi_tcx_bytes([ride, run]))
    assert a.sport == "running" and a.session_index == 2
    assert a.time_s[-1] == pytest.approx(1500.0)
    assert any("took the running one, 2" in w for w in a.warnings)


def test_an_activity_without_points_is_left_out() -> None:
    runs = four_days()[:2]
    data = multi_tcx_bytes(runs).replace(b"<Activity Sport", b"<Activity Sport", 1)
    empty = b'<Activity Sport="Running"><Id>2008-03-05T07:00:00Z</Id></Activity>'
    data = data.replace(b"</Activities>", empty + b"</Activities>")
    acts = read_activities("x.tcx", data=data)
    assert [a.session_index for a in acts] == [1, 2] and acts[0].session_count == 3
    assert any("activity 3 of the file's 3 hold no timed trackpoint" in w for w in acts[0].warnings)
    with pytest.raises(ActivityReadError, match="session 3 of this file holds no records"):
        read_activity("x.tcx", data=data, session=3)


def test_cli_lists_the_activities_and_takes_one(tmp_path: Path, cli: Cli) -> None:
    path = tmp_path / "fr305.tcx"
    path.write_bytes(multi_tcx_bytes(four_days()))
    code, _, err = cli("--unit", "km", "analyze", str(path), "--json")
    assert code == 2 and len(err.strip().splitlines()) == 1 and "--session N" in err
    code, out, err = cli("--unit", "km", "analyze", str(path), "--json", "--session", "4")
    assert code == 0, err
    doc = json.loads(out)
    assert doc["activity"]["distance_m"] == pytest.approx(10400.0)
    assert doc["activity"]["elapsed_s"] == pytest.approx(10400.0 * 0.29, abs=0.01)
    assert np.all(np.array([s["elapsed_s"] for s in doc["splits"]]) > 0)
