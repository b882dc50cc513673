"""Broken clocks: a record dated decades away, a clock that jumps mid-run, a file holding two
recordings. Never a run longer than the run its records show; every change said in a warning."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta

import numpy as np
import pytest

from progtempo.activity import Activity
from progtempo.analysis import analyze
from progtempo.io import read_activity
from progtempo.io.clock import CLOCK_JUMP_S, fix_clock
from progtempo.synth import Leg, SynthRun, broken_clock, fit_bytes, gpx_bytes, make_run, tcx_bytes

START = datetime(2019, 6, 2, 6, 30, tzinfo=UTC)
WRITERS = {"fit": fit_bytes, "tcx": tcx_bytes, "gpx": gpx_bytes}
#: a GPS week-number rollover: the clock jumps 1024 weeks
ROLLOVER_S = 1024 * 7 * 86400.0


def _run() -> SynthRun:
    legs = [Leg(1000.0, p, hr_bpm=140 + k) for k, p in enumerate([340, 330, 320, 310, 300, 290])]
    return make_run(legs, start_time=START, auto_lap_m=1000.0)


def _read(run: SynthRun, fmt: str) -> Activity:
    return read_activity(f"broken.{fmt}", data=WRITERS[fmt](run))


def _splits_match(a: Activity, run: SynthRun, tolerance_s: float) -> None:
    an = analyze(a, unit="km")
    exact = run.expected_splits(1000.0)
    assert len(an.splits) == len(exact)
    assert [s.elapsed_s for s in an.splits] == pytest.approx([e.elapsed_s for e in exact], abs=tolerance_s)
    assert an.elapsed_s == pytest.approx(run.total_elapsed_s, abs=1.0)


@pytest.mark.parametrize("fmt", ["fit", "tcx", "gpx"])
@pytest.mark.parametrize(("index", "offset_s"), [(500, 2.027e9), (0, -6.2e8), (1500, 3.0e8), (3, 86400.0)])
def test_a_stray_record_dated_far_away_is_dropped(fmt: str, index: int, offset_s: float) -> None:
    """The Strava Android FIT that reported 'elapsed 563066:33:48': one record dated decades off."""
    run = _run()
    a = _read(broken_clock(run, strays=[(index, offset_s)]), fmt)
    assert a.time_s[-1] <= run.total_elapsed_s + 1.0  # never longer than the run
    assert abs((a.start_time - START).total_seconds()) <= (1.0 if index else run.sample_s + 1.0)
    assert len(a) == len(_read(run, fmt)) - 1
    assert any("record(s) dated" in w and "broken clock; dropped" in w for w in a.warnings), a.warnings
    _splits_match(a, run, 1.5)


@pytest.mark.parametrize("fmt", ["fit", "tcx", "gpx"])
@pytest.mark.parametrize("jump_s", [ROLLOVER_S, 8 * 3600.0, -ROLLOVER_S])
def test_a_clock_that_jumps_while_the_run_goes_on_is_mended(fmt: str, jump_s: float) -> None:
    run = _run()
    a = _read(broken_clock(run, jumps=[(1234.0, jump_s)]), fmt)
    assert a.start_time == pytest.approx(START, abs=timedelta(seconds=1))
    assert a.time_s[-1] == pytest.approx(run.total_elapsed_s, abs=1.0)
    assert any("a broken clock, not a pause" in w for w in a.warnings), a.warnings
    _splits_match(a, run, 1.0)
    assert len(a.laps) == (0 if fmt == "gpx" else len(run.activity.laps))
    for lap, true in zip(a.laps, run.activity.laps, strict=False):
        assert lap.elapsed_s == pytest.approx(true.elapsed_s, abs=1.0)


def test_a_long_gap_below_the_limit_is_kept_and_named() -> None:
    run = _run()
    a = _read(broken_clock(run, jumps=[(900.0, 2 * 3600.0)]), "fit")
    assert a.time_s[-1] == pytest.approx(run.total_elapsed_s + 7200.0, abs=1.0)
    assert any("no records for 2:00:0" in w and "timer was not stopped" in w for w in a.warnings)
    an = analyze(a, unit="km")
    assert an.moving_s == pytest.approx(run.total_moving_s, abs=2.0)  # the hole is not moving time


def test_two_recordings_in_one_file_keep_the_longest() -> None:
    """Records of another day in the same file, their distance starting again: the longest part stays."""
    first, second = make_run([Leg(3000.0, 330.0)], start_time=START), make_run([Leg(8000.0, 300.0)])
    gap = (second.start_time - first.start_time).total_seconds()
    assert gap > CLOCK_JUMP_S
    a1, a2 = first.activity, second.activity
    glued = Activity(
        start_time=START,
        time_s=np.concatenate([a1.time_s, a2.time_s + gap]),
        distance_m=np.concatenate([a1.distance_m, a2.distance_m]),  # type: ignore[list-item]
        laps=[*a1.laps, *a2.laps],
        source="glued",
    )
    fixed = fix_clock(glued)
    assert fixed.start_time == second.start_time
    assert fixed.time_s[-1] == pytest.approx(second.total_elapsed_s)
    assert fixed.distance_m is not None and fixed.distance_m[-1] == pytest.approx(8000.0)
    assert [lap.start_time for lap in fixed.laps] == [lap.start_time for lap in a2.laps]
    assert any("another recording in the same file" in w for w in fixed.warnings)


def test_a_clean_run_is_left_alone() -> None:
    run = _run()
    a = run.activity
    assert fix_clock(a) is a and a.warnings == []


def test_a_clock_that_jumps_hundreds_of_times_keeps_its_longest_part() -> None:
    """A damaged file with 500 records each dated a day after the last (the fuzzer's hang: pairing the
    parts was quadratic): the longest part is kept at once, in one warning."""
    a = _run().activity
    assert a.distance_m is not None
    t = a.time_s.copy()
    t[200:1200:2] += 86400.0 * np.arange(1, 501)
    order = np.argsort(t, kind="stable")
    broken = Activity(start_time=START, time_s=t[order], distance_m=a.distance_m[order], source="broken")
    fixed = fix_clock(broken)
    assert len(fixed) == len(a) - 500 and fixed.time_s[-1] == a.time_s[-1]
    assert [w for w in fixed.warnings if f"the longest part kept ({len(a) - 500:,} records)" in w]


def test_parts_that_carry_on_from_each_other_in_a_circle() -> None:
    """Two parts a day apart, each starting where the other stopped (a damaged counter): one is kept."""
    t = np.concatenate([np.arange(0.0, 100.0), np.arange(0.0, 60.0) + 86400.0])
    d = np.concatenate([np.linspace(200.0, 500.0, 100), np.linspace(500.0, 200.0, 60)])
    fixed = fix_clock(Activity(start_time=START, time_s=t, distance_m=d, source="circle"))
    assert 60 <= len(fixed) <= 160 and fixed.time_s[-1] <= 200.0
