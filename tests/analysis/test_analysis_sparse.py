"""Sparse recording: Garmin and Suunto "smart" recording logs a point every few to 50 s, and some
watches drop the distance from some records. A hole in the records while the distance advances at
running speed is not a stop; split boundaries are interpolated across it."""

from __future__ import annotations

import pytest

from progtempo.activity import Activity
from progtempo.analysis import analyze
from progtempo.io import read_activity
from progtempo.synth import Leg, SynthRun, fit_bytes, gpx_bytes, make_run, smart_recording, tcx_bytes

WRITERS = {"fit": fit_bytes, "tcx": tcx_bytes, "gpx": gpx_bytes}
#: a progressive run with a slow hilly km in it: slower than the run's median, still running
PACES = [400, 380, 450, 340, 320, 300, 280]


def _run() -> SynthRun:
    legs = [Leg(1000.0, p, grade=0.06 if p == 450 else 0.0, hr_bpm=130 + 4 * k) for k, p in enumerate(PACES)]
    return make_run(legs, auto_lap_m=1000.0)


def _read(run: SynthRun, fmt: str) -> Activity:
    return read_activity(f"smart.{fmt}", data=WRITERS[fmt](run))


@pytest.mark.parametrize("fmt", ["fit", "tcx", "gpx"])
@pytest.mark.parametrize("seed", [1, 2, 3])
def test_smart_recording_is_not_a_string_of_stops(fmt: str, seed: int) -> None:
    run = _run()
    sparse = smart_recording(run, gap_s=(1.0, 50.0), seed=seed)
    assert sparse.activity.time_s.shape[0] < run.activity.time_s.shape[0] / 10
    an = analyze(_read(sparse, fmt), unit="km")
    exact = run.expected_splits(1000.0)
    assert an.moving_s == pytest.approx(run.total_moving_s, abs=1.0)  # no stop anywhere
    assert an.elapsed_s == pytest.approx(run.total_elapsed_s, abs=1.0)
    # a boundary inside a 50 s hole across a pace change is placed assuming an even pace in the hole
    assert [s.elapsed_s for s in an.splits] == pytest.approx([e.elapsed_s for e in exact], abs=3.0)
    assert [s.moving_s for s in an.splits] == pytest.approx([e.moving_s for e in exact], abs=3.0)
    assert [s.pace_s for s in an.splits] == pytest.approx([e.pace_s_per_km for e in exact], abs=3.0)


@pytest.mark.parametrize("fmt", ["fit", "tcx"])
def test_records_without_a_distance_are_interpolated_not_stops(fmt: str) -> None:
    """A Suunto drops the distance from some records (one in seventeen in the sample, in runs of up to
    18): held at the last value they made 37 s of standing in one km of a 20 km run."""
    run = _run()
    holes = smart_recording(run, gap_s=(1.0, 1.0), distance_dropout=0.4, seed=4)
    a = _read(holes, fmt)
    assert a.distance_m is not None and (a.distance_m != a.distance_m).sum() > 0.3 * len(a)
    an = analyze(a, unit="km")
    exact = run.expected_splits(1000.0)
    assert an.moving_s == pytest.approx(run.total_moving_s, abs=1.0)
    assert [s.moving_s for s in an.splits] == pytest.approx([e.moving_s for e in exact], abs=1.0)
    lap_times = [lap.elapsed_s for lap in a.laps]
    assert [s.elapsed_s for s in an.splits] == pytest.approx(lap_times, abs=1.0)


@pytest.mark.parametrize("fmt", ["fit", "gpx"])
def test_a_real_stop_in_a_sparse_recording_is_still_a_stop(fmt: str) -> None:
    """Two minutes standing at a crossing (3 m of drift), logged sparsely: not moving time."""
    legs = [Leg(2000.0, 300.0), Leg(3.0, 40000.0), Leg(2000.0, 300.0)]
    run = make_run(legs)
    an = analyze(_read(smart_recording(run, gap_s=(5.0, 30.0), seed=5), fmt), unit="km")
    assert an.elapsed_s == pytest.approx(run.total_elapsed_s, abs=1.0)
    assert an.moving_s == pytest.approx(1200.0, abs=35.0)  # the 120 s stand is out, give or take a hole
    assert an.moving_s < an.elapsed_s - 90.0


@pytest.mark.parametrize("fmt", ["fit", "tcx", "gpx"])
@pytest.mark.parametrize("seed", [1, 2, 3, 4, 5])
def test_a_short_stop_inside_a_hole_is_not_moving(fmt: str, seed: int) -> None:
    """Seconds standing (a crossing, a shoelace) inside a hole of a sparse recording: the hole is crossed
    slower than the running around it, so only the time its distance takes at that speed is moving (the
    Forerunner 620's timer stopped 4 s in an 11 s hole). Counting such holes as running put all 32 s in."""
    legs = [Leg(1000.0, 330.0)]
    for _ in range(4):
        legs += [Leg(0.5, 16000.0), Leg(1000.0, 330.0)]  # 8 s standing (half a metre of drift)
    run = make_run(legs)
    an = analyze(_read(smart_recording(run, gap_s=(11.0, 20.0), seed=seed), fmt), unit="km")
    assert an.elapsed_s == pytest.approx(run.total_elapsed_s, abs=1.0)
    running_s = 5 * 330.0
    assert running_s - 4.0 <= an.moving_s <= running_s + 12.0  # within 3 s of each stop
