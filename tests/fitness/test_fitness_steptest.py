"""The step test: a bend in heart rate found where the generator put it, none claimed where there is none."""

from __future__ import annotations

import math

import numpy as np
import pytest

from progtempo.analysis import analyze
from progtempo.fitness.steptest import (
    MIN_LEVELS,
    aerobic_efficiency,
    estimate,
    fit_line,
    fit_two_lines,
    level_means,
)
from progtempo.synth.heart import HeartModel, heart_stream, step_test

MI = 1609.344


def _levels(run: object) -> list[tuple[float, float]]:
    b = run.leg_bounds_m  # type: ignore[attr-defined]
    return [(float(b[i]), float(b[i + 1])) for i in range(1, len(b) - 1)]


def _read(run: object, unit: str = "km") -> object:
    an = analyze(run.activity, unit=unit)  # type: ignore[attr-defined,arg-type]
    return estimate(an.stream, _levels(run), unit)  # type: ignore[arg-type]


# A km ladder from 6:20 to 4:35 in 15 s steps (8 levels), and the article's 6 miles 10:00 to 7:30.
KM_LADDER = [380.0 - 15 * i for i in range(8)]
MI_LADDER_PER_KM = [(600.0 - 30 * i) * 1000 / MI for i in range(6)]


@pytest.mark.parametrize("bend_m_s", [2.90, 3.05, 3.20, 3.35])
@pytest.mark.parametrize("seed", [1, 2, 3])
def test_bend_found_within_a_few_percent(bend_m_s: float, seed: int) -> None:
    model = HeartModel(bend_speed_m_s=bend_m_s, slope_after_bend=0.3, noise_bpm=3.0, drift_bpm_per_h=4.0)
    est = _read(step_test(KM_LADDER, 1000.0, model, warmup_m=1000.0, seed=seed))
    assert est.deflection and est.relation == "deflection", est.note
    assert est.threshold_speed_m_s == pytest.approx(bend_m_s, rel=0.03)
    assert est.threshold_hr_bpm == pytest.approx(model.bend_hr_bpm(), abs=3.0)
    lo, hi = est.threshold_speed_range_m_s
    assert lo <= est.threshold_speed_m_s <= hi
    assert est.threshold_pace_s() == pytest.approx(1000.0 / est.threshold_speed_m_s)
    doc = est.to_json()
    assert doc["deflection"] is True and doc["method"] == "two_line"
    fast, slow = doc["threshold_pace_range_s"]
    assert fast <= doc["threshold_pace_s"] <= slow


def test_bend_found_on_the_articles_miles_on_hills() -> None:
    """Six miles from 10:00 to 7:30 on rolling ground: levels are read by GAP, so hills don't fake a bend."""
    grades = [0.0, 0.02, -0.015, 0.025, -0.02, 0.01]
    model = HeartModel(bend_speed_m_s=3.07, slope_after_bend=0.35, noise_bpm=2.0)
    run = step_test(MI_LADDER_PER_KM, MI, model, grades=grades, seed=4, gps_noise_m=0.0)
    est = _read(run, "mi")
    assert est.deflection, est.note
    assert est.threshold_speed_m_s == pytest.approx(3.07, rel=0.03)
    assert est.threshold_pace_s("mi") == pytest.approx(MI / est.threshold_speed_m_s)


@pytest.mark.parametrize("seed", range(8))
def test_linear_heart_rate_claims_no_bend(seed: int) -> None:
    model = HeartModel(noise_bpm=3.0, drift_bpm_per_h=4.0)
    est = _read(step_test(KM_LADDER, 1000.0, model, warmup_m=1000.0, seed=seed))
    assert not est.deflection
    assert est.relation == "linear"
    assert est.threshold_pace_s() is None and est.threshold_hr_bpm is None
    assert "linearly" in est.note and "no deflection" in est.note
    assert est.line is not None
    assert est.line.slope_bpm_per_m_s == pytest.approx(model.slope_bpm_per_m_s, rel=0.1)


def test_linear_on_the_article_ladder_too() -> None:
    est = _read(step_test(MI_LADDER_PER_KM, MI, HeartModel(noise_bpm=2.0), seed=9), "mi")
    assert est.relation == "linear" and not est.deflection


def test_a_bend_past_the_second_to_last_level_is_not_claimed() -> None:
    """The last line needs two levels: a bend between the last two is beyond what the run can show."""
    model = HeartModel(bend_speed_m_s=3.55, slope_after_bend=0.3, noise_bpm=2.0)
    est = _read(step_test(KM_LADDER, 1000.0, model, warmup_m=1000.0, seed=1))
    assert not est.deflection


def test_a_faint_bend_is_hinted_not_claimed() -> None:
    model = HeartModel(bend_speed_m_s=3.07, slope_after_bend=0.55, noise_bpm=2.0)
    est = _read(step_test(MI_LADDER_PER_KM, MI, model, seed=2), "mi")
    assert not est.deflection
    assert est.relation in ("unclear", "linear")
    if est.relation == "unclear":
        assert "hinted" in est.note


def test_too_few_levels_and_no_heart_rate() -> None:
    model = HeartModel(bend_speed_m_s=3.0)
    run = step_test(KM_LADDER[: MIN_LEVELS - 1], 1000.0, model, warmup_m=1000.0)
    est = _read(run)
    assert est.relation == "too_few_levels" and not est.deflection
    assert f"at least {MIN_LEVELS}" in est.note
    run.activity.heart_rate = None
    est = _read(run)
    assert est.relation == "too_few_levels" and "no heart rate" in est.note
    assert est.decoupling_pct is None and est.efficiency_factor is None


def test_short_levels_leave_out_the_lag() -> None:
    """400 m levels at 5:00/km last 2 minutes: one minute of lag leaves one of steady heart rate."""
    model = HeartModel()
    run = step_test([300.0] * 5, 400.0, model, warmup_m=400.0)
    an = analyze(run.activity, unit="km")
    means = level_means(an.stream, _levels(run))
    assert all(m.hr_bpm is not None for m in means)
    assert all(m.steady_s == pytest.approx(60.0, abs=1.0) for m in means)
    steady = model.steady_bpm(np.array([1000.0 / 300.0]))[0]
    assert means[-1].hr_bpm == pytest.approx(steady, abs=1.0)


def test_level_mean_skips_the_first_minute() -> None:
    """A jump in speed: the level's mean is near the new steady state, not dragged down by the lag."""
    model = HeartModel(tau_s=30.0)
    run = step_test([400.0, 300.0], 1000.0, model, warmup_m=0.0)
    an = analyze(run.activity, unit="km")
    second = level_means(an.stream, _levels_all(run))[1]
    target = model.steady_bpm(np.array([1000.0 / 300.0]))[0]
    assert second.hr_bpm == pytest.approx(target, abs=1.5)


def _levels_all(run: object) -> list[tuple[float, float]]:
    b = run.leg_bounds_m  # type: ignore[attr-defined]
    return [(float(b[i]), float(b[i + 1])) for i in range(len(b) - 1)]


def test_fits_on_exact_points() -> None:
    x = np.array([2.6, 2.8, 3.0, 3.2, 3.4, 3.6])
    y = np.where(x < 3.1, 40 + 38 * x, 40 + 38 * 3.1 + 12 * (x - 3.1))
    sigma = np.ones_like(x)
    two = fit_two_lines(x, y, sigma)
    assert two.break_speed_m_s == pytest.approx(3.1, abs=0.005)
    assert two.slope_below == pytest.approx(38.0, rel=1e-3)
    assert two.slope_above == pytest.approx(12.0, rel=1e-2)
    line, chi2 = fit_line(x, 50 + 30 * x, sigma)
    assert line.slope_bpm_per_m_s == pytest.approx(30.0) and line.r2 == pytest.approx(1.0)
    assert chi2 == pytest.approx(0.0, abs=1e-9)


def test_heart_stream_lags_and_settles() -> None:
    t = np.arange(0.0, 600.0)
    speed = np.where(t < 300, 2.5, 3.5)
    model = HeartModel(tau_s=30.0)
    hr = heart_stream(t, t, speed, model)
    lo, hi = model.steady_bpm(np.array([2.5, 3.5]))
    assert hr[299] == pytest.approx(lo, abs=1.0)
    # one time constant after the step: about 63 % of the way
    assert hr[330] == pytest.approx(lo + (hi - lo) * (1 - math.exp(-1)), abs=1.5)
    assert hr[-1] == pytest.approx(hi, abs=1.0)


def test_decoupling_and_efficiency_factor_by_hand() -> None:
    """A steady run whose heart rate drifts: EF per half and Pa:HR as TrainingPeaks defines them."""
    model = HeartModel(drift_bpm_per_h=12.0, tau_s=1.0)
    run = step_test([300.0] * 2, 6000.0, model, warmup_m=0.0)  # 12 km at 5:00/km, an hour
    an = analyze(run.activity, unit="km")
    dec, ef, note = aerobic_efficiency(an.stream, 0.0, an.distance_m)
    speed_m_min = 200.0
    steady = model.steady_bpm(np.array([1000.0 / 300.0]))[0]
    # mean HR of each half: steady + drift at its middle (15 and 45 minutes)
    ef1, ef2 = speed_m_min / (steady + 3.0), speed_m_min / (steady + 9.0)
    assert dec == pytest.approx((ef1 - ef2) / ef1 * 100, abs=0.15)
    assert ef == pytest.approx(speed_m_min / (steady + 6.0), rel=2e-3)
    assert "TrainingPeaks" in note


def test_two_lines_at_every_break_are_the_three_column_least_squares() -> None:
    """The fit of all breaks at once (Frisch–Waugh) is the weighted least squares of [1, v, max(v-c, 0)]
    fitted break by break: the same χ² at every break of the grid, the same best break and slopes."""
    rng = np.random.default_rng(7)
    for _ in range(40):
        n = int(rng.integers(MIN_LEVELS, 14))
        x = np.sort(rng.uniform(2.5, 5.0, n))
        y = (
            90
            + 18 * x
            + rng.uniform(-15, 15) * np.maximum(x - rng.uniform(3.0, 4.5), 0)
            + rng.normal(0, 2, n)
        )
        sigma = rng.uniform(0.5, 3.0, n)
        two = fit_two_lines(x, y, sigma)
        w = 1 / sigma**2
        chi2 = []
        for c in two.grid_m_s:
            design = np.column_stack([np.ones_like(x), x, np.maximum(x - c, 0.0)])
            sw = np.sqrt(w)
            coef, *_ = np.linalg.lstsq(design * sw[:, None], y * sw, rcond=None)
            chi2.append(float(np.sum(w * (y - design @ coef) ** 2)))
            if c == two.break_speed_m_s:
                assert (two.intercept_bpm, two.slope_below) == pytest.approx((coef[0], coef[1]), rel=1e-7)
                assert two.slope_above == pytest.approx(coef[1] + coef[2], rel=1e-7, abs=1e-7)
        assert two.profile == pytest.approx(np.array(chi2), rel=1e-8, abs=1e-9)
        assert two.break_speed_m_s == two.grid_m_s[int(np.argmin(chi2))]
