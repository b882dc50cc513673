"""The synthetic-run generator: exact answers, samples, pauses, laps, noise, speed."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta

import numpy as np
import pytest

from progtempo.io import read_activity
from progtempo.synth import LAT0_DEG, R_EARTH_M, Leg, Pause, fit_bytes, make_run

MILE = 1609.344


def ladder() -> list[Leg]:
    return [
        Leg(MILE, 600.0, 0.0, 130),
        Leg(MILE, 570.0, 0.04, 140),
        Leg(MILE, 540.0, -0.02, 150),
    ]


def test_split_times_are_exact_for_piecewise_constant_speed() -> None:
    run = make_run(ladder())
    splits = run.expected_splits(MILE)
    assert [s.distance_m for s in splits] == [MILE, MILE, MILE]
    assert [s.moving_s for s in splits] == pytest.approx([MILE * 0.6, MILE * 0.57, MILE * 0.54], abs=1e-9)
    assert [s.avg_grade for s in splits] == pytest.approx([0.0, 0.04, -0.02], abs=1e-12)
    assert splits[1].elev_gain_m == pytest.approx(0.04 * MILE)
    assert splits[2].elev_loss_m == pytest.approx(0.02 * MILE)
    assert [s.avg_hr for s in splits] == [130, 140, 150]
    assert not any(s.partial for s in splits)


def test_split_across_a_leg_boundary_mixes_the_two_legs() -> None:
    run = make_run([Leg(1500.0, 300.0, 0.1, 150), Leg(1500.0, 240.0, -0.1, 170)])
    (_, b, c) = run.expected_splits(1000.0)
    assert b.moving_s == pytest.approx(500 * 0.3 + 500 * 0.24)
    assert b.elev_gain_m == pytest.approx(50.0) and b.elev_loss_m == pytest.approx(50.0)
    assert b.avg_grade == pytest.approx(0.0)
    assert b.avg_hr == pytest.approx((150 * 150 + 170 * 120) / 270)
    assert b.max_hr == 170
    assert c.distance_m == pytest.approx(1000.0) and not c.partial


def test_last_split_is_partial() -> None:
    run = make_run([Leg(2500.0, 300.0)])
    splits = run.expected_splits(1000.0)
    assert len(splits) == 3
    assert splits[-1].partial and splits[-1].distance_m == pytest.approx(500.0)
    assert sum(s.moving_s for s in splits) == pytest.approx(run.total_moving_s)


def test_gap_uses_the_factor_on_each_stretch_not_the_net_grade() -> None:
    run = make_run([Leg(500.0, 300.0, 0.1), Leg(500.0, 300.0, -0.1)])

    def factor(g: np.ndarray) -> np.ndarray:
        return 1.0 + 3.0 * g * g

    (split,) = run.expected_splits(1000.0, factor)
    assert split.avg_grade == pytest.approx(0.0)
    assert split.gap_distance_m == pytest.approx(1000.0 * 1.03)
    assert split.gap_s_per_km == pytest.approx(300.0 / 1.03)
    assert split.gap_s(MILE) == pytest.approx(300.0 / 1.03 * MILE / 1000.0)


def test_gap_with_the_projects_model_when_available() -> None:
    gap = pytest.importorskip("progtempo.analysis.gap")
    run = make_run([Leg(1000.0, 300.0, 0.05)])
    (split,) = run.expected_splits(1000.0, lambda g: gap.gap_factor(g, "strava"))
    factor = float(np.asarray(gap.gap_factor(np.array([0.05]), "strava"))[0])
    assert split.gap_distance_m == pytest.approx(1000.0 * factor)


def test_samples_lie_on_the_line_and_hit_every_leg_end() -> None:
    run = make_run(ladder())
    a = run.activity
    assert a.time_s[0] == 0.0 and np.all(np.diff(a.time_s) > 0)
    assert a.time_s[-1] == pytest.approx(run.total_moving_s)
    for k, end in enumerate(run.leg_bounds_m[1:]):
        t_end = run.leg_bounds_moving_s[k + 1]
        i = int(np.argmin(np.abs(a.time_s - t_end)))
        assert a.time_s[i] == pytest.approx(t_end, abs=1e-6)
        assert a.distance_m is not None and a.distance_m[i] == pytest.approx(end)
    assert a.lat is not None and a.lon is not None and a.altitude_m is not None
    assert np.allclose(np.radians(a.lat - LAT0_DEG) * R_EARTH_M, a.distance_m, atol=1e-6)
    assert np.all(a.lon == 7.0)
    assert a.altitude_m[-1] == pytest.approx(100.0 + 0.04 * MILE - 0.02 * MILE)
    assert np.all(np.diff(a.time_s)[:-1] <= 1.0 + 1e-9)


def test_pause_stops_the_timer_on_a_sample_and_takes_no_samples() -> None:
    run = make_run([Leg(3000.0, 300.0)], pauses=[(1000.0, 45.0)])
    (pause,) = run.pauses
    stop, start = run.activity.pauses[0]
    assert stop == 300.0 and start == 345.0  # 1000 m at 3:00/km... 0.3 s/m -> 300 s, on a sample
    assert pause.at_m == pytest.approx(1000.0) and pause.duration_s == 45.0
    t = run.activity.time_s
    assert not np.any((t > stop) & (t < start))
    assert run.total_elapsed_s == pytest.approx(900.0 + 45.0)
    s1, s2, s3 = run.expected_splits(1000.0)
    assert (s1.elapsed_s, s2.elapsed_s, s3.elapsed_s) == pytest.approx((300.0, 345.0, 300.0))
    assert s2.moving_s == pytest.approx(300.0)


def test_pause_between_samples_snaps_to_the_next_sample() -> None:
    run = make_run([Leg(3000.0, 333.3)], pauses=[Pause(1000.0, 20.4)])
    (pause,) = run.pauses
    assert pause.duration_s == 20.0
    assert pause.at_m == pytest.approx(334.0 / 0.3333)  # 1000 m is reached at 333.3 s; the stop is at 334 s
    assert run.activity.pauses == [(334.0, 354.0)]
    assert run.time_at(2000.0) == pytest.approx(666.6 + 20.0)


def test_laps_per_leg_or_every_auto_lap_distance() -> None:
    run = make_run(ladder(), warmup=Leg(800.0, 720.0), cooldown=Leg(400.0, 720.0))
    assert [lap.trigger for lap in run.activity.laps] == ["manual"] * 5
    assert run.main_start_m == 800.0 and run.main_end_m == pytest.approx(800.0 + 3 * MILE)
    auto = make_run(ladder(), auto_lap_m=1000.0, pauses=[(2500.0, 30.0)])
    laps = auto.activity.laps
    assert [lap.trigger for lap in laps] == ["distance"] * 4 + ["session_end"]
    assert sum(lap.distance_m or 0 for lap in laps) == pytest.approx(3 * MILE)
    assert sum(lap.elapsed_s for lap in laps) == pytest.approx(auto.total_elapsed_s)
    assert sum(lap.timer_s or 0 for lap in laps) == pytest.approx(auto.total_moving_s)
    assert laps[2].elapsed_s - (laps[2].timer_s or 0) == pytest.approx(30.0)
    assert laps[1].start_time == auto.start_time + timedelta(seconds=auto.time_at(1000.0))


def test_sensors_can_be_left_out() -> None:
    run = make_run([Leg(1000.0, 300.0)], gps=False, altitude=False, cadence_spm=None)
    a = run.activity
    assert a.lat is None and a.altitude_m is None and a.heart_rate is None and a.cadence is None
    assert a.altitude_source == "none" and a.distance_m is not None
    no_dist = make_run([Leg(1000.0, 300.0)], distance=False)
    assert no_dist.activity.distance_m is None and no_dist.activity.has_position


def test_noise_is_seeded_and_leaves_the_distance_exact() -> None:
    a = make_run([Leg(2000.0, 300.0)], gps_noise_m=3.0, elevation_noise_m=1.0, seed=4).activity
    b = make_run([Leg(2000.0, 300.0)], gps_noise_m=3.0, elevation_noise_m=1.0, seed=4).activity
    c = make_run([Leg(2000.0, 300.0)], gps_noise_m=3.0, elevation_noise_m=1.0, seed=5).activity
    assert a.lat is not None and b.lat is not None and c.lat is not None
    assert np.array_equal(a.lat, b.lat) and not np.array_equal(a.lat, c.lat)
    assert a.distance_m is not None and a.distance_m[-1] == pytest.approx(2000.0)
    err_m = np.radians(a.lat - LAT0_DEG) * R_EARTH_M - a.distance_m
    assert 2.0 < float(np.std(err_m)) < 4.0
    assert a.altitude_m is not None and 0.5 < float(np.std(a.altitude_m - 100.0)) < 1.5


def test_sample_interval_and_start_time() -> None:
    start = datetime(2025, 6, 1, 6, 30, tzinfo=UTC)
    run = make_run([Leg(1000.0, 300.0)], sample_s=5.0, start_time=start)
    assert run.activity.start_time == start
    assert np.allclose(np.diff(run.activity.time_s), 5.0)


def test_bad_legs_and_pauses_are_refused() -> None:
    with pytest.raises(ValueError):
        make_run([])
    with pytest.raises(ValueError):
        make_run([Leg(0.0, 300.0)])
    with pytest.raises(ValueError):
        make_run([Leg(1000.0, 300.0)], pauses=[(1000.0, 10.0)])


def test_one_hour_fit_holds_every_second() -> None:
    legs = [Leg(1000.0, 360.0, 0.01 * (k % 3), 140 + k) for k in range(10)]
    run = make_run(legs)
    data = fit_bytes(run)
    assert len(data) > 50_000
    assert len(read_activity("hour.fit", data=data)) == len(run.activity)
