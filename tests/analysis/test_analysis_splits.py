"""Splits at exact boundaries: times, paces, partial last split, HR; properties of the splitter."""

from __future__ import annotations

import math

import numpy as np
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st
from test_analysis_runs import START, L, build

from progtempo.activity import Activity
from progtempo.analysis import analyze, splits_at
from progtempo.analysis.splits import boundaries, paces_at

MI = 1609.344


def test_split_times_exact_on_a_noiseless_run() -> None:
    legs = [L(MI, p * 1000 / MI) for p in (600, 570, 540, 510, 480, 450)] + [L(300.0, 450 * 1000 / MI)]
    b = build(legs, sample_s=1.0)
    an = analyze(b.activity, unit="mi")
    assert len(an.splits) == 7
    for s, pace in zip(an.splits[:6], (600, 570, 540, 510, 480, 450), strict=True):
        assert abs(s.elapsed_s - pace) < 0.05
        assert abs(s.moving_s - pace) < 0.05
        assert abs(s.pace_s - pace) < 0.05
        assert abs(s.gap_s - pace) < 0.05  # flat: GAP is pace
        assert s.distance_m == pytest.approx(MI)
        assert not s.partial
    last = an.splits[-1]
    assert last.partial and last.distance_m == pytest.approx(300.0)
    assert last.elapsed_s == pytest.approx(300 * 450 / MI, abs=0.05)
    assert last.pace_s == pytest.approx(450, abs=0.05)


def test_split_times_between_samples_interpolate() -> None:
    """Samples every 7 s (smart recording) still give the exact boundary times on a constant pace."""
    b = build([L(5000, 287.0)], sample_s=7.0)
    an = analyze(b.activity, unit="km")
    assert [round(s.elapsed_s, 6) for s in an.splits] == [287.0] * 5


def test_km_and_custom_split() -> None:
    b = build([L(3000, 300)])
    assert len(analyze(b.activity, unit="km").splits) == 3
    sp = analyze(b.activity, unit="km", split_m=400).splits
    assert len(sp) == 8 and sp[-1].partial and sp[-1].distance_m == pytest.approx(200)
    assert all(s.elapsed_s == pytest.approx(120.0) for s in sp[:-1])
    assert sp[0].pace_s == pytest.approx(300.0)  # s per km, whatever the split length


def test_tiny_remainder_joins_the_last_split() -> None:
    b = build([L(2000.5, 300)])
    sp = analyze(b.activity, unit="km").splits
    assert len(sp) == 2 and not sp[-1].partial and sp[-1].distance_m == pytest.approx(1000.5)


def test_hr_average_and_max_per_split() -> None:
    b = build([L(500, 300, hr=140), L(500, 300, hr=160), L(1000, 300, hr=170)])
    sp = analyze(b.activity, unit="km").splits
    assert sp[0].avg_hr == pytest.approx(150, abs=0.2)
    assert sp[0].max_hr == 160
    assert sp[1].avg_hr == pytest.approx(170, abs=0.2) and sp[1].max_hr == 170


def test_no_hr_gives_none() -> None:
    b = build([L(2000, 300, hr=None)])
    an = analyze(b.activity, unit="km")
    assert an.splits[0].avg_hr is None and an.splits[0].max_hr is None
    assert an.avg_hr is None and not an.has_heart_rate


def test_gain_loss_and_avg_grade() -> None:
    b = build([L(500, 300, grade=0.04), L(500, 300, grade=-0.02), L(1000, 300)])
    s1, s2 = analyze(b.activity, unit="km").splits
    assert s1.elev_gain_m == pytest.approx(20.0, abs=0.01)
    assert s1.elev_loss_m == pytest.approx(10.0, abs=0.01)
    assert s1.avg_grade == pytest.approx(0.01, abs=1e-6)
    assert s2.avg_grade == pytest.approx(0.0, abs=1e-6)


def test_paused_split_elapsed_and_moving() -> None:
    b = build([L(600, 300), L(0, stand_s=60), L(1400, 300)])
    an = analyze(b.activity, unit="km")
    s1 = an.splits[0]
    assert s1.elapsed_s == pytest.approx(360.0, abs=0.05)
    assert s1.moving_s == pytest.approx(300.0, abs=1.5)  # standing found by its speed
    assert s1.pace_s == pytest.approx(300.0, abs=1.5)
    assert an.elapsed_s == pytest.approx(660.0) and an.moving_s == pytest.approx(600.0, abs=1.5)


def test_timer_pauses_from_the_device() -> None:
    b = build([L(600, 300), L(0, stand_s=60), L(1400, 300)])
    a = b.activity
    keep = (a.time_s <= 180) | (a.time_s >= 240)  # the device writes nothing while its timer is stopped
    a.time_s, a.distance_m, a.altitude_m = a.time_s[keep], a.distance_m[keep], a.altitude_m[keep]
    a.heart_rate = a.heart_rate[keep]
    a.pauses = [(180.0, 240.0)]
    s1 = analyze(a, unit="km").splits[0]
    assert s1.elapsed_s == pytest.approx(360.0, abs=1e-6)
    assert s1.moving_s == pytest.approx(300.0, abs=1e-6)


def test_splits_at_arbitrary_boundaries() -> None:
    b = build([L(1000, 360), L(1000, 300), L(1000, 240)])
    an = analyze(b.activity, unit="km")
    segs = splits_at(an.stream, [500, 1500, 2500], "km", nominal_m=1000)
    assert [round(s.elapsed_s, 6) for s in segs] == [330.0, 270.0]
    assert segs[0].start_m == 500 and not segs[0].partial
    assert an.splits_at([0, 3000])[0].elapsed_s == pytest.approx(900.0)


def test_boundaries() -> None:
    assert list(boundaries(2500, 1000)) == [0, 1000, 2000, 2500]
    assert list(boundaries(2000, 1000)) == [0, 1000, 2000]
    assert list(boundaries(0.0, 1000)) == [0.0]


def test_stand_after_finish_belongs_to_the_last_split() -> None:
    b = build([L(2000, 300), L(0, stand_s=30)])
    sp = analyze(b.activity, unit="km").splits
    assert sum(s.elapsed_s for s in sp) == pytest.approx(630.0)
    assert sp[-1].moving_s == pytest.approx(300.0, abs=1.5)


# --- properties ----------------------------------------------------------------------------------

legs_strategy = st.lists(
    st.tuples(
        st.floats(50, 2500),  # distance
        st.floats(180, 600),  # pace s/km
        st.floats(-0.15, 0.15),  # grade
    ),
    min_size=1,
    max_size=6,
)
#: where the generated runs start: up to 2.2 km of climb or descent stays between -500 m and 9,000 m,
#: the altitudes a run can have (the analysis drops the others as impossible)
ALT0 = 3000.0


@settings(max_examples=40, deadline=None)
@given(legs=legs_strategy, split_m=st.sampled_from([400.0, 1000.0, MI]))
def test_split_properties(legs: list[tuple[float, float, float]], split_m: float) -> None:
    b = build([L(d, p, g) for d, p, g in legs], alt0=ALT0)
    an = analyze(b.activity, unit="km", split_m=split_m)
    sp = an.splits
    total_t = b.corner_t[-1]
    assert sum(s.elapsed_s for s in sp) == pytest.approx(total_t, abs=1e-6)
    assert sum(s.moving_s for s in sp) == pytest.approx(an.moving_s, abs=1e-6)
    assert sum(s.distance_m for s in sp) == pytest.approx(b.corner_d[-1], abs=1e-6)
    starts = [s.start_m for s in sp]
    assert starts == sorted(starts) and all(s.distance_m > 0 for s in sp)
    assert all(s.elapsed_s >= 0 for s in sp)
    # each boundary is reached when the closed form says
    for s in sp:
        assert s.start_s == pytest.approx(b.time_at(s.start_m), abs=1e-6)


@settings(max_examples=30, deadline=None)
@given(legs=legs_strategy)
def test_resampling_does_not_change_the_splits(legs: list[tuple[float, float, float]]) -> None:
    runs = [build([L(d, p, g) for d, p, g in legs], sample_s=s, alt0=ALT0) for s in (1.0, 2.0)]
    a1, a2 = (analyze(r.activity, unit="km") for r in runs)
    assert len(a1.splits) == len(a2.splits)
    for s1, s2 in zip(a1.splits, a2.splits, strict=True):
        assert s1.elapsed_s == pytest.approx(s2.elapsed_s, abs=1e-6)
        assert s1.elev_gain_m == pytest.approx(s2.elev_gain_m, abs=1e-6)
        assert s1.avg_grade == pytest.approx(s2.avg_grade, abs=1e-9)
        assert math.isclose(s1.pace_s, s2.pace_s, abs_tol=1e-6)


def test_resampling_gap_stays_close() -> None:
    """GAP's 10 m grade windows see the same profile at 1 Hz and 0.5 Hz: the splits agree closely."""
    legs = [L(800, 300, 0.0), L(900, 420, 0.08), L(700, 260, -0.05), L(600, 300, 0.0)]
    a1, a2 = (analyze(build(legs, sample_s=s).activity, unit="km") for s in (1.0, 2.0))
    for s1, s2 in zip(a1.splits, a2.splits, strict=True):
        assert s1.gap_s == pytest.approx(s2.gap_s, rel=2e-3)


def test_splits_monotonic_time() -> None:
    b = build([L(3000, 300)])
    an = analyze(b.activity, unit="km")
    assert np.all(np.diff([s.start_s for s in an.splits]) > 0)


@pytest.mark.parametrize("n", [1, 2, 3])
def test_tiny_recordings_do_not_break(n: int) -> None:
    a = Activity(
        start_time=START,
        time_s=np.arange(n, dtype=float) + 5,
        distance_m=np.arange(n) * 3.0,
        altitude_m=np.full(n, np.nan),
        heart_rate=np.zeros(n),
    )
    an = analyze(a, unit="km")
    assert an.distance_m == 3.0 * (n - 1) and an.elapsed_s == n - 1
    assert len(an.splits) == (0 if n == 1 else 1)
    assert not an.has_elevation and an.avg_hr is None
    assert an.to_json()["activity"]["records"] == n


def test_time_not_starting_at_zero() -> None:
    b = build([L(1000, 300), L(1000, 240)], t_offset=12.0)
    sp = analyze(b.activity, unit="km").splits
    assert [round(s.start_s, 6) for s in sp] == [0.0, 300.0]
    assert [round(s.elapsed_s, 6) for s in sp] == [300.0, 240.0]


def _same(a: list[float], b: list[float]) -> bool:
    """Bit for bit, NaN equal to NaN."""
    if len(a) != len(b):
        return False
    return all(x == y or (math.isnan(x) and math.isnan(y)) for x, y in zip(a, b, strict=True))


@settings(max_examples=30, deadline=None)
@given(legs=legs_strategy, step_m=st.sampled_from([50.0, 80.4672, 333.0]))
def test_paces_at_gives_exactly_the_splits_paces(
    legs: list[tuple[float, float, float]], step_m: float
) -> None:
    an = analyze(build([L(d, p, g) for d, p, g in legs], alt0=ALT0).activity, unit="mi")
    edges = np.arange(-step_m, an.distance_m + 2 * step_m, step_m)  # past both ends too
    pace, gap = paces_at(an.stream, edges, "mi")
    splits = splits_at(an.stream, edges, "mi")
    assert _same(pace.tolist(), [s.pace_s for s in splits])
    assert _same(gap.tolist(), [s.gap_s for s in splits])


def test_paces_at_with_nothing_to_split() -> None:
    an = analyze(build([L(1000, 300)]).activity, unit="km")
    for edges in ([], [500.0]):
        pace, gap = paces_at(an.stream, edges, "km")
        assert pace.shape == gap.shape == (0,)
