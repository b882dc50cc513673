"""Cleaning: distance choice, GPS jitter, pauses and moving time, spikes, smoothing, grade."""

from __future__ import annotations

import math

import numpy as np
import pytest
from test_analysis_runs import L, R, build

from progtempo.analysis import analyze, clean
from progtempo.analysis.hr import clean_heart_rate
from progtempo.geo import haversine_m


def test_device_distance_filled_and_monotonic() -> None:
    raw = np.array([np.nan, 0.0, 5.0, np.nan, 12.0, 11.5, 20.0, np.nan])
    assert list(clean.device_distance(raw)) == [0.0, 0.0, 5.0, 5.0, 12.0, 12.0, 20.0, 20.0]  # no times: held
    t = np.array([0.0, 1.0, 2.0, 4.0, 9.0, 10.0, 11.0, 12.0])
    assert list(clean.device_distance(raw, t)) == [0.0, 0.0, 5.0, 7.0, 12.0, 12.0, 20.0, 20.0]  # by time
    speed = np.array([0.0, 0.0, 5.0, 1.0, 1.0, 1.0, 1.0, 1.0])  # slowed at once: most of the 7 m came first
    d = clean.device_distance(raw, t, speed)
    assert d[3] == pytest.approx(5.0 + 7.0 * 6.0 / 11.0) and d[4] == 12.0  # 6 of the 11 m the speed gives


def test_distance_source_device_then_gps_then_none() -> None:
    b = build([L(1000)], positions=True)
    assert analyze(b.activity, unit="km").distance_source == "device"
    b.activity.distance_m = None
    an = analyze(b.activity, unit="km")
    assert an.distance_source == "gps"
    assert an.distance_m == pytest.approx(1000.0, abs=1e-3)
    assert an.splits[0].elapsed_s == pytest.approx(300.0, abs=1e-3)
    b.activity.lat = b.activity.lon = None
    an = analyze(b.activity, unit="km")
    assert an.distance_source == "none" and an.splits == [] and any("no distance" in w for w in an.warnings)


def test_device_distance_of_zero_falls_back_to_gps() -> None:
    b = build([L(1000)], positions=True)
    b.activity.distance_m = np.zeros_like(b.activity.time_s)
    assert analyze(b.activity, unit="km").distance_source == "gps"


def test_missing_positions_are_interpolated_in_time() -> None:
    b = build([L(1000)], positions=True, device_distance=False)
    b.activity.lat[100:150] = np.nan  # type: ignore[index]
    b.activity.lon[100:150] = np.nan  # type: ignore[index]
    an = analyze(b.activity, unit="km")
    assert an.distance_m == pytest.approx(1000.0, abs=1e-3)


def test_gps_jitter_while_standing_is_not_distance() -> None:
    b = build([L(500), L(0, stand_s=120), L(500)], positions=True, device_distance=False)
    a = b.activity
    rng = np.random.default_rng(3)
    still = (a.time_s > 150) & (a.time_s < 270)
    # GPS noise while standing wanders: AR(1), 2.3 m standard deviation per axis, 1 m per second
    shocks = rng.normal(0, 1.0, (int(still.sum()), 2))
    jitter_m = np.zeros_like(shocks)
    for i in range(1, len(shocks)):
        jitter_m[i] = 0.9 * jitter_m[i - 1] + shocks[i]
    a.lat[still] += np.degrees(jitter_m[:, 0] / R)  # type: ignore[index]
    a.lon[still] += np.degrees(jitter_m[:, 1] / (R * math.cos(math.radians(45))))  # type: ignore[index]
    raw = haversine_m(a.lat[:-1], a.lon[:-1], a.lat[1:], a.lon[1:]).sum()  # type: ignore[index]
    assert raw > 1140  # the jitter alone adds well over 100 m
    an = analyze(a, unit="km")
    assert an.distance_m == pytest.approx(1000.0, abs=20.0)  # what is left comes from the stop's edges
    assert an.moving_s == pytest.approx(300.0, abs=15.0)
    assert an.elapsed_s == pytest.approx(420.0)


def test_merge_pauses_and_paused_before() -> None:
    assert clean.merge_pauses([(50, 60), (10, 20), (15, 30), (70, 70)]) == [(10.0, 30.0), (50.0, 60.0)]
    pb = clean.paused_before(np.array([0.0, 10, 20, 40, 55, 100]), [(10, 30), (50, 60)])
    assert list(pb) == [0.0, 0.0, 10.0, 20.0, 25.0, 30.0]


def test_time_gap_without_samples_is_a_pause() -> None:
    """A 60 s hole in the samples (app auto-pause) where the runner stood: not moving time."""
    b = build([L(600), L(0, stand_s=60), L(400)])
    a = b.activity
    keep = (a.time_s <= 180) | (a.time_s >= 240)
    a.time_s, a.distance_m, a.altitude_m, a.heart_rate = (
        a.time_s[keep],
        a.distance_m[keep],  # type: ignore[index]
        a.altitude_m[keep],  # type: ignore[index]
        a.heart_rate[keep],  # type: ignore[index]
    )
    an = analyze(a, unit="km")
    assert an.moving_s == pytest.approx(300.0, abs=1e-6)
    assert an.elapsed_s == pytest.approx(360.0)


def test_time_gap_while_running_counts_as_moving() -> None:
    """A 30 s hole while running (GPS lost, distance still grows): moving at the run's speed."""
    b = build([L(1000)])
    a = b.activity
    keep = (a.time_s <= 100) | (a.time_s >= 130)
    a.time_s, a.distance_m = a.time_s[keep], a.distance_m[keep]  # type: ignore[index]
    a.altitude_m = a.heart_rate = None
    an = analyze(a, unit="km")
    assert an.moving_s == pytest.approx(300.0, abs=1e-6)


def test_short_slow_down_is_still_moving() -> None:
    b = build([L(500), L(0, stand_s=3), L(500)])
    assert analyze(b.activity, unit="km").moving_s == pytest.approx(303.0)


def test_timer_pauses_replace_detection() -> None:
    b = build([L(500), L(0, stand_s=60), L(500)])
    b.activity.pauses = [(150.0, 170.0)]  # the runner stopped the timer for 20 of the 60 s
    an = analyze(b.activity, unit="km")
    assert an.moving_s == pytest.approx(340.0)


def test_spikes_removed() -> None:
    b = build([L(1000, 300, 0.03)])
    alt = b.activity.altitude_m
    assert alt is not None
    clean_alt = alt.copy()
    alt[100] += 80.0
    alt[200:202] -= 40.0
    alt[250] = np.nan
    fixed, n = clean.remove_spikes(b.activity.time_s, alt)
    assert n == 3
    assert np.allclose(fixed, clean_alt, atol=1e-9)
    an = analyze(b.activity, unit="km")
    assert an.spikes_removed == 3
    assert an.elev_gain_m == pytest.approx(30.0, abs=1e-6)


def test_smoothing_is_by_distance_and_keeps_a_ramp() -> None:
    b = build([L(1000, 300, 0.05)], barometric=False)
    a = b.activity
    assert a.altitude_m is not None and a.distance_m is not None
    sm = clean.smooth_by_distance(a.distance_m, a.altitude_m)
    inner = (a.distance_m > 30) & (a.distance_m < 970)
    assert np.allclose(sm[inner], a.altitude_m[inner], atol=1e-9)  # a straight ramp is kept


def test_smoothing_ignores_time_spent_standing() -> None:
    """Standing still for minutes does not widen the window: it is metres, not seconds."""
    d = np.array([0.0, 10, 20, 20, 20, 20, 30, 40])
    alt = np.array([0.0, 1, 2, 2, 2, 2, 3, 4])
    sm = clean.smooth_by_distance(d, alt, half_m=10.0)
    assert sm[2] == pytest.approx(2.0) and sm[5] == pytest.approx(2.0)


def test_smoothing_removes_quantisation_noise() -> None:
    b = build([L(2000, 300, 0.0)], barometric=False)
    a = b.activity
    rng = np.random.default_rng(1)
    a.altitude_m = 100.0 + np.round(rng.normal(0, 0.6, a.altitude_m.shape))  # type: ignore[union-attr]
    rough = analyze(a, unit="km")
    a.altitude_source = "barometric"
    unsmoothed = analyze(a, unit="km")
    assert rough.elev_gain_m < unsmoothed.elev_gain_m / 3


def test_grade_window_and_clamp() -> None:
    b = build([L(200, 600, 0.0), L(50, 900, 0.6), L(200, 600, 0.0)])
    an = analyze(b.activity, unit="km")
    assert an.stream.grade.max() == pytest.approx(0.45)
    mid = (an.stream.distance_m > 210) & (an.stream.distance_m < 240)
    assert np.all(an.stream.grade[mid] == pytest.approx(0.45))
    flat = an.stream.distance_m < 190
    assert np.all(np.abs(an.stream.grade[flat]) < 1e-9)


def test_grade_over_needs_ten_metres() -> None:
    d = np.array([0.0, 2, 4, 6, 8])
    assert np.all(clean.sample_grades(d, d * 0.1) == 0.0)  # under 10 m of track: grade 0
    d = np.arange(0.0, 21.0)
    g = clean.sample_grades(d, np.where(d < 10, 0.0, d - 10))  # a corner at 10 m
    assert g[0] == 0.0 and g[-1] == pytest.approx(1 * 0.45)  # 100 % clamped
    assert g[10] == pytest.approx(0.45)  # centred: 5 m up over 10 m = 50 %, clamped


def test_no_elevation() -> None:
    b = build([L(2000, 300)], altitude=False)
    an = analyze(b.activity, unit="km")
    assert not an.has_elevation and an.to_json()["activity"]["has_elevation"] is False
    assert np.all(an.stream.grade == 0) and an.stream.altitude_m is None
    assert [s.gap_s for s in an.splits] == pytest.approx([300.0, 300.0])
    assert an.elev_gain_m == 0.0


def test_clean_heart_rate() -> None:
    hr = clean_heart_rate(np.array([0.0, 140, 255, np.nan, 24, 60]))
    assert np.isnan(hr[[0, 2, 3, 4]]).all() and list(hr[[1, 5]]) == [140.0, 60.0]


def test_forward_fill() -> None:
    x = clean.forward_fill(np.array([np.nan, 1.0, np.nan, 3.0, np.nan]))
    assert list(x) == [1.0, 1.0, 1.0, 3.0, 3.0]
