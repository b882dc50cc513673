"""GPS altitude (no barometer): its settling hump at the start, spikes and wander must not become hills.
On a flat run the GAP stays within a few percent of the pace; a real hill keeps its climb and its GAP;
the JSON says how far the elevation is trusted."""

from __future__ import annotations

from pathlib import Path

import numpy as np
import pytest

from progtempo.analysis import analyze
from progtempo.analysis.gap import gap_factor
from progtempo.io import read_activity
from progtempo.synth import Leg, SynthRun, gps_altitude, make_run, smart_recording

SEEDS = range(24)


def _noise(seed: int) -> dict[str, float]:
    """A GPS altitude error as watches show it: 2-4 m wandering over 30-120 s, a settling hump of up to
    40 m in the first 100 s, and three spikes of 15-40 m."""
    rng = np.random.default_rng(1000 + seed)
    return {"sigma_m": rng.uniform(2.0, 4.0), "corr_s": rng.uniform(30.0, 120.0),
            "start_hump_m": rng.uniform(0.0, 40.0)}  # fmt: skip


def _flat(seed: int) -> SynthRun:
    rng = np.random.default_rng(seed)
    paces = np.linspace(420.0, 300.0, 6) + rng.normal(0.0, 5.0, 6)
    run = make_run([Leg(1000.0, float(p)) for p in paces], gps_noise_m=3.0, seed=seed)
    noisy = gps_altitude(run, spikes=3, seed=seed, **_noise(seed))
    return smart_recording(noisy, gap_s=(1.0, 20.0), seed=seed) if seed % 3 == 0 else noisy


def _hilly(seed: int) -> SynthRun:
    rng = np.random.default_rng(seed)
    grades = rng.choice([-0.06, -0.04, -0.02, 0.0, 0.02, 0.04, 0.06], 12)
    legs = [Leg(500.0, 330.0 * (1 + 2 * g), grade=float(g)) for g in grades]
    return make_run(legs, gps_noise_m=3.0, seed=seed)


def test_a_flat_gps_run_keeps_gap_near_pace() -> None:
    worst_split, worst_run = [], []
    for seed in SEEDS:
        an = analyze(_flat(seed).activity, unit="km")
        assert an.activity.altitude_source == "gps" and an.gap_confidence in ("medium", "low")
        worst_split.append(max(abs(s.gap_s / s.pace_s - 1) for s in an.splits))
        worst_run.append(abs(an.gap_s / an.pace_s - 1))
    assert max(worst_split) <= 0.045, worst_split  # every km within 4.5 % (25 m boxes: up to 16 %)
    assert float(np.median(worst_split)) <= 0.025
    assert max(worst_run) <= 0.02, worst_run  # the whole run within 2 %


def test_the_settling_hump_at_the_start_is_mended() -> None:
    """The Forerunner 410's first 130 s: up 37 m at an even pace, down 40 m in 15 s."""
    run = make_run([Leg(1609.344, 603.0 / 1.609344), Leg(1609.344, 600.0 / 1.609344)], gps_noise_m=3.0)
    an = analyze(gps_altitude(run, sigma_m=1.0, start_hump_m=37.0, seed=3).activity, unit="mi")
    assert an.altitude_mended >= 1
    assert an.splits[0].gap_s == pytest.approx(an.splits[0].pace_s, rel=0.02)
    assert an.elev_gain_m < 15.0


def test_real_hills_under_gps_noise_keep_their_gap_and_climb() -> None:
    worst, gains = [], []
    for seed in SEEDS:
        run = _hilly(seed)
        noisy = gps_altitude(run, spikes=3, seed=seed, **_noise(seed))
        an = analyze(noisy.activity, unit="km")
        exact = run.expected_splits(1000.0, lambda g: gap_factor(g, "strava"))
        worst.append(max(abs(s.gap_s / e.gap_s_per_km - 1) for s, e in zip(an.splits, exact, strict=True)))
        gains.append(an.elev_gain_m / run.elev_gain_m)
    assert max(worst) <= 0.06 and float(np.median(worst)) <= 0.03, worst
    assert 0.85 <= float(np.median(gains)) <= 1.15 and min(gains) >= 0.7, gains


def test_gap_confidence_in_the_json() -> None:
    run = _hilly(1)
    baro = make_run(run.legs, barometric=True)
    assert analyze(baro.activity, unit="km").to_json()["activity"]["gap_confidence"] == "high"
    doc = analyze(gps_altitude(run, seed=1).activity, unit="km").to_json()["activity"]
    assert (doc["altitude_source"], doc["gap_confidence"]) == ("gps", "medium")
    assert {"altitude_mended", "spikes_removed"} <= set(doc)
    none = make_run(run.legs, altitude=False)
    doc = analyze(none.activity, unit="km").to_json()["activity"]
    assert (doc["altitude_source"], doc["gap_confidence"], doc["has_elevation"]) == ("none", "none", False)


#: samples with GPS altitude on roads that are nearly flat: file -> (unit, largest |GAP/pace - 1| per split)
FLAT_GPS = {
    "tcx/runpandas__basic_fr410.tcx": ("mi", 0.08),  # was mile 1: pace 10:03, GAP 8:26 (-16 %)
    "tcx/runpandas__stopped_example.tcx": ("km", 0.02),
    "gpx/runpandas__stopped_example_strava.gpx": ("km", 0.02),
    "gpx/runpandas__nike_run.gpx": ("km", 0.02),
    "tcx/sportslib__polar_v800.tcx": ("km", 0.05),
    "gpx/sportslib__20171008_run_2067489619_garmin_connect.gpx": ("km", 0.06),
}


@pytest.mark.samples
@pytest.mark.parametrize("name", sorted(FLAT_GPS))
def test_flat_gps_samples(samples_dir: Path, name: str) -> None:
    unit, limit = FLAT_GPS[name]
    an = analyze(read_activity(samples_dir / name), unit=unit)  # type: ignore[arg-type]
    assert an.activity.altitude_source == "gps"
    assert max(abs(s.gap_s / s.pace_s - 1) for s in an.splits if s.distance_m > 200) <= limit
    assert abs(an.gap_s / an.pace_s - 1) <= 0.03


@pytest.mark.samples
def test_fr410_first_mile(samples_dir: Path) -> None:
    an = analyze(read_activity(samples_dir / "tcx/runpandas__basic_fr410.tcx"), unit="mi")
    mile = an.splits[0]
    assert mile.pace_s == pytest.approx(603.0, abs=1.0)  # 10:03
    assert mile.gap_s == pytest.approx(mile.pace_s, rel=0.03)  # was 8:26
    assert an.altitude_mended >= 1 and an.gap_confidence in ("medium", "low")
