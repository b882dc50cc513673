"""Splits at time boundaries, against the exact answers of synthetic runs: on the elapsed and the moving
clock, with pauses, past the end, and read back from the FIT a watch would write."""

from __future__ import annotations

from pathlib import Path

import numpy as np
import pytest

from progtempo.analysis import analyze
from progtempo.analysis.gap import gap_factor
from progtempo.analysis.timesplits import splits_by_time, time_boundaries
from progtempo.io import read_activity
from progtempo.synth import Leg, make_run
from progtempo.synth.fit import fit_bytes
from progtempo.synth.trail import time_ladder

GAPS = [420.0, 395.0, 370.0, 345.0, 320.0, 295.0]


def strava(grades: np.ndarray) -> np.ndarray:  # type: ignore[type-arg]
    return np.asarray(gap_factor(grades, "strava"))


def test_moving_clock_matches_the_exact_answer() -> None:
    run = time_ladder(GAPS, hr_bpm=[130, 140, 150, 160, 170, 180], warmup_s=600)
    a = analyze(run.activity, unit="km")
    got = splits_by_time(a.stream, time_boundaries(600, 6, 480), "km", clock="moving", nominal_s=480)
    at_m = [float(np.interp(t, run.leg_bounds_moving_s, run.leg_bounds_m)) for t in range(600, 3481, 480)]
    want = run.expected_between(at_m, strava)
    assert len(got) == 6
    for g, w in zip(got, want, strict=True):
        assert g.moving_s == pytest.approx(480, abs=0.01) and g.elapsed_s == pytest.approx(480, abs=0.01)
        assert g.distance_m == pytest.approx(w.distance_m, abs=0.5)
        assert g.elev_gain_m == pytest.approx(w.elev_gain_m, abs=0.5)
        assert g.avg_hr == pytest.approx(w.avg_hr, abs=0.1)
        assert not g.partial
    # the runner held each level's grade-adjusted pace: the GAP comes back within a second per km
    assert [g.gap_s for g in got] == pytest.approx(GAPS, abs=1.0)


def test_pauses_count_on_the_elapsed_clock_only() -> None:
    legs = [Leg(1000, 360.0, hr_bpm=140), Leg(1000, 330.0, hr_bpm=150), Leg(1000, 300.0, hr_bpm=160)]
    run = make_run(legs, pauses=[(500.0, 60.0)], sample_s=1.0)
    a = analyze(run.activity, unit="km")
    moving = splits_by_time(a.stream, [0, 300, 600], "km", clock="moving")
    elapsed = splits_by_time(a.stream, [0, 300, 600], "km", clock="elapsed")
    # 300 s of moving reaches 833 m; 300 s of elapsed time includes the minute stopped at 500 m
    assert moving[0].distance_m == pytest.approx(300 / 0.36, abs=1.0)
    assert elapsed[0].distance_m == pytest.approx(240 / 0.36, abs=1.0)
    assert elapsed[0].elapsed_s == pytest.approx(300, abs=0.01)
    assert elapsed[0].moving_s == pytest.approx(240, abs=1.0)
    assert moving[0].distance_m + moving[1].distance_m == pytest.approx(1000 + (600 - 360) / 0.33, abs=1.0)


def test_a_ladder_cut_short_ends_partial() -> None:
    run = time_ladder(GAPS[:3], hr_bpm=[130, 140, 150])  # 3 levels run, 6 planned
    a = analyze(run.activity, unit="km")
    got = splits_by_time(a.stream, time_boundaries(0, 6, 480), "km", nominal_s=480)
    assert [s.partial for s in got] == [False, False, False, True, True, True]
    assert [round(s.elapsed_s) for s in got] == [480, 480, 480, 0, 0, 0]


def test_read_back_from_fit(tmp_path: Path) -> None:
    """Whole-second FIT timestamps: the levels come back within a second and a few metres."""
    run = time_ladder(GAPS, hr_bpm=[130, 140, 150, 160, 170, 180], warmup_s=600, cooldown_s=300)
    path = tmp_path / "trail.fit"
    path.write_bytes(fit_bytes(run))
    act = read_activity(path)
    assert [round(lap.timer_s or 0) for lap in act.laps] == [600, *[480] * 6, 300]
    a = analyze(act, unit="km")
    got = splits_by_time(a.stream, time_boundaries(600, 6, 480), "km", nominal_s=480)
    assert [s.elapsed_s for s in got] == pytest.approx([480] * 6, abs=1.0)
    assert [s.gap_s for s in got] == pytest.approx(GAPS, abs=1.5)
    assert [s.avg_hr for s in got] == pytest.approx([130, 140, 150, 160, 170, 180], abs=0.5)
    # the watch's pace swings with the hills, the GAP climbs steadily
    assert np.all(np.diff([s.gap_s for s in got]) < 0)
