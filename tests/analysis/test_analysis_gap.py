"""Grade Adjusted Pace: the factor tables, and GAP per split = time / Σ Δd·f(g)."""

from __future__ import annotations

import numpy as np
import pytest
from test_analysis_runs import L, build

from progtempo.analysis import analyze
from progtempo.analysis.gap import gap_factor
from progtempo.errors import ProgtempoError

MI = 1609.344


def test_strava_factors_match_the_contract() -> None:
    # the contract's hilly case: raw pace = GAP pace × 1.459 at +10 %, × 1.228 at +6 % (within 2 %)
    assert gap_factor(0.10) == pytest.approx(1.459, rel=0.02)
    assert gap_factor(0.06) == pytest.approx(1.228, rel=0.02)
    assert gap_factor(0.0) == 1.0
    assert gap_factor(-0.09) == pytest.approx(0.876)  # the easiest grade, around -9 %
    assert gap_factor(0.05) == pytest.approx((1.135 + 1.228) / 2)  # linear between measured grades


def test_factors_clamp_at_45_percent() -> None:
    assert gap_factor(0.9) == gap_factor(0.45) == pytest.approx(4.286)
    assert gap_factor(np.array([-3.0]))[0] == pytest.approx(2.096)


def test_minetti_is_cost_over_flat_cost() -> None:
    assert gap_factor(0.0, "minetti") == pytest.approx(1.0)
    cost = 155.4e-5 - 30.4e-4 - 43.3e-3 + 46.3e-2 + 19.5e-1 + 3.6  # Minetti 2002 at +10 %
    assert gap_factor(0.10, "minetti") == pytest.approx(cost / 3.6)
    assert gap_factor(-0.20, "minetti") < 1.0 < gap_factor(0.05, "minetti")


def test_unknown_model() -> None:
    with pytest.raises(ProgtempoError, match="strava or minetti"):
        gap_factor(0.0, "naismith")  # type: ignore[arg-type]
    with pytest.raises(ProgtempoError):
        analyze(build([L(100)]).activity, unit="km", gap_model="naismith")


@pytest.mark.parametrize("grade", [0.10, 0.06, -0.04, 0.2])
@pytest.mark.parametrize("model", ["strava", "minetti"])
def test_constant_grade_gap_is_exact(grade: float, model: str) -> None:
    b = build([L(3000, 400, grade)])
    an = analyze(b.activity, unit="km", gap_model=model)
    f = float(gap_factor(grade, model))  # type: ignore[arg-type]
    for s in an.splits:
        assert s.gap_s == pytest.approx(s.moving_s / (s.distance_m * f) * 1000, rel=1e-9)
        assert s.gap_s == pytest.approx(400 / f, rel=1e-9)


def test_gap_uses_steps_not_net_grade() -> None:
    """Up 5 % then down 5 % in one km: net grade 0, but GAP differs from pace (f is not symmetric)."""
    b = build([L(500, 300, 0.05), L(500, 300, -0.05)])
    s = analyze(b.activity, unit="km").splits[0]
    assert s.avg_grade == pytest.approx(0.0, abs=1e-9)
    expected = 300 / ((gap_factor(0.05) + gap_factor(-0.05)) / 2)
    assert s.gap_s == pytest.approx(expected, rel=2e-3)  # the 10 m window blends the crest
    assert s.gap_s != pytest.approx(300.0, rel=2e-3)


def test_contract_hilly_run_gives_the_gap_ladder() -> None:
    """The contract's hill miles: raw pace = GAP × 1.459 at +10 %, × 1.228 at +6 % -> GAP ladder."""
    legs = [
        L(MI, 600 * 1000 / MI),
        L(MI, 570 * 1.459 * 1000 / MI, 0.10),
        L(MI, 540 * 1000 / MI),
        L(MI, 510 * 1.228 * 1000 / MI, 0.06),
        L(MI, 480 * 1000 / MI),
        L(MI, 450 * 1000 / MI),
    ]
    for barometric, rel in ((True, 0.01), (False, 0.015)):  # GPS altitude: smoothed over ±100 m
        an = analyze(build(legs, barometric=barometric).activity, unit="mi")
        gaps = [s.gap_s for s in an.splits]
        assert gaps == pytest.approx([600, 570, 540, 510, 480, 450], rel=rel)


def test_gap_distance_is_cumulative_sum_of_factors() -> None:
    b = build([L(400, 300, 0.02), L(400, 300, 0.08), L(400, 300, -0.06)])
    an = analyze(b.activity, unit="km")
    st = an.stream
    step = np.diff(st.distance_m)
    assert st.gap_distance_m[0] == 0.0
    assert np.all(np.diff(st.gap_distance_m) >= 0)
    total = 400 * (gap_factor(0.02) + gap_factor(0.08) + gap_factor(-0.06))
    assert st.gap_distance_m[-1] == pytest.approx(total, rel=1e-3)
    assert step.sum() == pytest.approx(1200.0)
