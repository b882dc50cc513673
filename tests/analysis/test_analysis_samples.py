"""Real device files: our splits against the watch's own distance auto-laps, and sanity on every sample."""

from __future__ import annotations

from pathlib import Path

import numpy as np
import pytest

from progtempo.analysis import analyze
from progtempo.errors import ActivityReadError
from progtempo.io import read_activity

pytestmark = pytest.mark.samples

#: file -> (unit of its auto-laps, largest and median per-lap difference allowed in seconds, and the
#: largest difference of our moving time from the lap's timer time after the first lap, where the
#: runner never stood still inside a lap; None where they did and the watch's timer ran on)
AUTO_LAPS: dict[str, tuple[str, float, float, float | None]] = {
    # an interval session: the watch's laps end ~2 s after its records pass each km, and the runner
    # stops dead at 2 km, where 1 m of distance is a second
    "fit/fitparse__2013-02-06-12-11-14.fit": ("km", 3.5, 2.0, None),
    # smart recording, a point every 4-18 s (walked): before gaps at walking pace were stops (175 s)
    "fit/sportslib__20171011_run_2088390344.fit": ("mi", 1.0, 0.5, 1.0),
    # records without a distance, one in seventeen: before they were stops (lap 8 was 37 s short)
    "fit/gc__suunto_Move_2019_03_17_10_24_32_Running.fit": ("km", 1.5, 0.5, 1.0),  # lap 1 starts 1 s early
    "fit/gc__10kUNLP2014-Garmin15.fit": ("km", 1.0, 0.1, 1.0),
    "fit/fitparse__compressed-speed-distance.fit": ("km", 1.2, 0.5, 1.5),  # a 110 s timer pause in lap 2
    "tcx/runpandas__basic_fr410.tcx": ("mi", 1.5, 1.0, 1.5),
    # smart recording, a point every 6-11 s; the watch's timer stopped 3-4 s in laps 1-2 (no pause event in
    # a TCX): in lap 2 inside an 11 s hole crossed at 0.6 of the speed around it (a stop in it: 4.5 s out),
    # in lap 1 among short slow steps we can't tell from running (we count 1.9 s more)
    "data:runpandas__run_fr620.tcx.gz": ("km", 2.0, 1.5, 1.5),
}


def _lap_differences(path: Path, unit: str) -> tuple[list[float], list[float], list[float]]:
    """Per lap: our split time minus the lap's time, cutting at the laps' own cumulative distances
    (lap timer time where the lap holds a pause); the same with plain per-unit splits; and our moving
    time minus the lap's timer time."""
    act = read_activity(path)
    an = analyze(act, unit=unit)  # type: ignore[arg-type]
    laps = act.laps
    assert len(laps) >= 2, "the sample should have auto-laps"
    if laps[-1].trigger == "session_end":  # ends when stop was pressed, which may be after the last record
        laps = laps[:-1]
    cuts = np.concatenate(([0.0], np.cumsum([lap.distance_m or 0.0 for lap in laps])))
    if len(laps) == len(act.laps):
        cuts[-1] = np.inf  # the last lap ends with the recording
    by_lap = an.splits_at(cuts)

    def diff(split_elapsed: float, split_moving: float, lap_elapsed: float, lap_timer: float | None) -> float:
        paused = lap_timer is not None and lap_elapsed - lap_timer > 1.0
        return split_moving - lap_timer if paused and lap_timer is not None else split_elapsed - lap_elapsed

    d1 = [
        diff(s.elapsed_s, s.moving_s, lap.elapsed_s, lap.timer_s) for s, lap in zip(by_lap, laps, strict=True)
    ]
    whole = [lap for lap in laps if lap.trigger == "distance"]
    d2 = [
        diff(s.elapsed_s, s.moving_s, lap.elapsed_s, lap.timer_s)
        for s, lap in zip(an.splits, whole, strict=False)
    ]
    moving = [
        s.moving_s - (lap.timer_s if lap.timer_s is not None else lap.elapsed_s)
        for s, lap in zip(by_lap, laps, strict=True)
    ]
    return d1, d2, moving


@pytest.mark.parametrize("name", sorted(AUTO_LAPS))
def test_splits_match_device_auto_laps(request: pytest.FixtureRequest, name: str) -> None:
    unit, tolerance, median, moving_tolerance = AUTO_LAPS[name]
    where, _, file = name.rpartition(":")
    path = request.getfixturevalue("data_dir" if where == "data" else "samples_dir") / file
    by_lap, by_unit, moving = _lap_differences(path, unit)
    assert max(abs(x) for x in by_lap) <= tolerance, by_lap
    assert float(np.median(np.abs(by_lap))) <= median, by_lap
    # the per-unit splits too, where the watch's laps are whole units (Suunto's drift by a few metres)
    if "suunto" not in name:
        assert max(abs(x) for x in by_unit) <= tolerance, by_unit
    # the pace of each lap, where the runner kept moving: a gap in the records is not a stop
    if moving_tolerance is not None:
        assert max(abs(x) for x in moving[1:]) <= moving_tolerance, moving


def test_suunto_summary(samples_dir: Path) -> None:
    act = read_activity(samples_dir / "fit/gc__suunto_Move_2019_03_17_10_24_32_Running.fit")
    an = analyze(act, unit="km")
    assert an.distance_source == "device"
    assert an.distance_m == pytest.approx(20041, abs=5)
    assert an.elapsed_s == pytest.approx(sum(lap.elapsed_s for lap in act.laps), abs=3)
    assert len(an.splits) == 21 and an.splits[-1].partial and not an.splits[0].partial
    assert an.has_elevation and an.has_heart_rate
    assert 100 < an.elev_gain_m < 300
    assert sum(s.elapsed_s for s in an.splits) == pytest.approx(an.elapsed_s)


def test_same_run_fit_and_tcx_agree(samples_dir: Path) -> None:
    fit = analyze(read_activity(samples_dir / "fit/gc__10kUNLP2014-Garmin15.fit"), unit="km")
    tcx = analyze(read_activity(samples_dir / "tcx/gc__10kUNLP2014-Garmin15.tcx"), unit="km")
    assert fit.distance_m == pytest.approx(tcx.distance_m, abs=2)
    assert len(fit.splits) == len(tcx.splits)
    for a, b in zip(fit.splits, tcx.splits, strict=True):
        assert a.elapsed_s == pytest.approx(b.elapsed_s, abs=1.5)


def test_no_elevation_sample(samples_dir: Path) -> None:
    act = read_activity(samples_dir / "gpx/gpxpy__cerknicko-jezero-without-elevations.gpx")
    an = analyze(act, unit="km")
    assert not an.has_elevation and an.distance_source == "gps"
    assert all(s.gap_s == pytest.approx(s.pace_s) for s in an.splits if s.distance_m > 0)


def test_stopped_run_moving_time(samples_dir: Path) -> None:
    """The runpandas 'stopped' run (TCX and Strava GPX of the same activity): a long stop is not moving."""
    for name in ("tcx/runpandas__stopped_example.tcx", "gpx/runpandas__stopped_example_strava.gpx"):
        an = analyze(read_activity(samples_dir / name), unit="km")
        assert an.moving_s < an.elapsed_s - 60, (name, an.moving_s, an.elapsed_s)


def test_every_sample_analyzes_or_fails_cleanly(samples_dir: Path) -> None:
    for path in sorted(samples_dir.glob("*/*")):
        if path.suffix.lower() not in (".fit", ".gpx", ".tcx", ".gz"):
            continue
        try:
            act = read_activity(path)
        except ActivityReadError:
            continue
        an = analyze(act, unit="km")
        doc = an.to_json()
        assert doc["activity"]["elapsed_s"] >= doc["activity"]["moving_s"] >= 0, path.name
        if an.splits:
            assert sum(s.elapsed_s for s in an.splits) == pytest.approx(an.elapsed_s, abs=1e-6), path.name
            assert all(s.moving_s >= 0 and s.elapsed_s >= 0 for s in an.splits), path.name
