"""The generator's FIT, GPX and TCX writers, read back with the project's readers."""

from __future__ import annotations

import gzip
from pathlib import Path

import numpy as np
import pytest

from progtempo.activity import Activity
from progtempo.io import read_activity
from progtempo.synth import Leg, SynthRun, make_run, write_fit, write_gpx, write_tcx

MILE = 1609.344


def progressive() -> SynthRun:
    legs = [Leg(MILE, 600.0 - 30.0 * k, 0.02 * (k % 2), 130 + 8 * k, power_w=200 + 10 * k) for k in range(4)]
    return make_run(legs, warmup=Leg(800.0, 720.0, 0.0, 120), pauses=[(3000.0, 40.0)], auto_lap_m=1000.0)


def time_at(a: Activity, d: float) -> float:
    assert a.distance_m is not None
    return float(np.interp(d, a.distance_m, a.time_s))


@pytest.mark.parametrize("suffix", [".fit", ".gpx", ".tcx", ".fit.gz", ".gpx.gz", ".tcx.gz"])
def test_round_trip(tmp_path: Path, suffix: str) -> None:
    run = progressive()
    path = tmp_path / f"run{suffix}"
    {".fit": write_fit, ".gpx": write_gpx, ".tcx": write_tcx}[suffix.removesuffix(".gz")](run, path)
    if suffix.endswith(".gz"):
        assert path.read_bytes()[:2] == b"\x1f\x8b"
        assert len(gzip.decompress(path.read_bytes())) > len(path.read_bytes())
    a = read_activity(path)
    src = run.activity
    assert a.format == suffix.split(".")[1]
    assert a.start_time == run.start_time
    assert a.sport == "running" and a.device == "progtempo synthetic"
    assert a.warnings == []
    assert a.heart_rate is not None and set(np.unique(a.heart_rate)) == {120, 130, 138, 146, 154}
    assert a.cadence is not None and np.allclose(a.cadence, 170.0)
    assert a.lat is not None and a.altitude_m is not None and src.altitude_m is not None
    # positions to the format's precision: the latitude gives the distance along the line
    lat_m = np.radians(a.lat - 45.0) * 6371008.8
    assert lat_m[-1] == pytest.approx(run.total_distance_m, abs=0.02)
    if suffix.startswith(".fit"):
        assert len(a) == int(np.sum(np.abs(run.elapsed_s - np.round(run.elapsed_s)) < 1e-6)) + 1
        assert a.time_s[-1] == np.ceil(run.total_elapsed_s)
        assert np.max(np.abs(a.altitude_m - np.interp(a.time_s, src.time_s, src.altitude_m))) <= 0.11
        assert a.power is not None and set(np.unique(a.power[np.isfinite(a.power)])) == {200, 210, 220, 230}
        assert np.isnan(a.power[0])  # the warm-up leg has no power
    else:
        assert len(a) == len(src)
        assert np.allclose(a.time_s, src.time_s, atol=1e-3)
        assert np.allclose(a.altitude_m, src.altitude_m, atol=1e-3)
    if suffix.startswith(".gpx"):
        assert a.distance_m is None and a.laps == [] and a.pauses == []
        return
    # device distance, laps and pauses survive
    assert a.distance_m is not None and a.distance_m[-1] == pytest.approx(run.total_distance_m, abs=0.01)
    assert a.pauses == [(run.activity.pauses[0][0], run.activity.pauses[0][1])]
    assert len(a.laps) == len(src.laps) == 8
    for got, want in zip(a.laps, src.laps, strict=True):
        assert got.distance_m == pytest.approx(want.distance_m, abs=0.01)
        assert got.timer_s == pytest.approx(want.timer_s, abs=1e-3)
        assert got.elapsed_s == pytest.approx(want.elapsed_s, abs=1.5 if suffix.startswith(".tcx") else 1e-3)
        assert abs((got.start_time - want.start_time).total_seconds()) <= 0.5
        tcx_trigger = {"distance": "distance", "session_end": "manual"}[want.trigger or ""]
        assert got.trigger == (want.trigger if suffix.startswith(".fit") else tcx_trigger)
    # split times from the recorded streams match the exact answers
    for split in run.expected_splits(MILE):
        a_start, a_end = time_at(a, split.start_m), time_at(a, split.start_m + split.distance_m)
        tol = 0.15 if split.index < 5 or not suffix.startswith(".fit") else 1.0
        assert a_end - a_start == pytest.approx(split.elapsed_s, abs=tol), split


def test_fit_tcx_gpx_agree_on_positions(tmp_path: Path) -> None:
    run = make_run([Leg(2000.0, 300.0, 0.03, 150)], gps_noise_m=2.0, seed=3)
    files = {}
    for name, writer in (("r.fit", write_fit), ("r.gpx", write_gpx), ("r.tcx", write_tcx)):
        writer(run, tmp_path / name)
        files[name] = read_activity(tmp_path / name)
    fit, gpx, tcx = files["r.fit"], files["r.gpx"], files["r.tcx"]
    assert fit.lat is not None and gpx.lat is not None and tcx.lat is not None
    assert np.allclose(gpx.lat, tcx.lat, atol=1e-9)
    whole = np.flatnonzero(np.isin(gpx.time_s.round(3), fit.time_s))
    assert np.allclose(fit.lat[: whole.size], gpx.lat[whole], atol=1e-7)


def test_tcx_can_mark_auto_laps_manual(tmp_path: Path) -> None:
    run = make_run([Leg(4300.0, 300.0)], auto_lap_m=1000.0)
    write_tcx(run, tmp_path / "m.tcx", lap_trigger="Manual")
    a = read_activity(tmp_path / "m.tcx")
    assert [lap.trigger for lap in a.laps] == ["distance"] * 4 + ["manual"]
    assert any("marked Manual" in w for w in a.warnings)


def test_tcx_starts_a_new_track_after_a_pause(tmp_path: Path) -> None:
    run = make_run([Leg(3000.0, 300.0)], pauses=[(1200.0, 60.0), (2500.0, 15.0)])
    write_tcx(run, tmp_path / "p.tcx")
    text = (tmp_path / "p.tcx").read_text()
    assert text.count("<Track>") == 3
    assert read_activity(tmp_path / "p.tcx").pauses == run.activity.pauses


def test_gpx_needs_positions(tmp_path: Path) -> None:
    with pytest.raises(ValueError, match="positions"):
        write_gpx(make_run([Leg(1000.0, 300.0)], gps=False), tmp_path / "x.gpx")
