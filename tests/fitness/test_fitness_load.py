"""Training load against hand computations: TRIMP, rTSS, and CTL/ATL/TSB over 60 days."""

from __future__ import annotations

import datetime as dt
import math

import pytest

from progtempo import synth
from progtempo.analysis import analyze
from progtempo.errors import ProgtempoError
from progtempo.fitness.load import HrTime, hr_time, pmc, rtss, run_load, trimp
from progtempo.fitness.profile import Profile, profile_from_options


def _steady(hr_bpm: float, minutes: float = 30.0, pause_s: float = 0.0) -> object:
    """A flat run at 5:00/km with a constant heart rate; the pause stops the timer."""
    km = minutes * 60.0 / 300.0
    pauses = [(km * 500.0, pause_s)] if pause_s else []
    run = synth.make_run([synth.Leg(km * 1000.0, 300.0, hr_bpm=hr_bpm)], pauses=pauses)
    return analyze(run.activity, unit="km")


def test_trimp_by_hand() -> None:
    """30 minutes at 150 bpm, rest 50, max 190: x = 100/140, men 0.64·e^(1.92x), women 0.86·e^(1.67x)."""
    an = _steady(150.0, pause_s=300.0)  # a 5-minute stop counts for nothing
    time = hr_time(an.stream)
    assert time is not None and time.total_s == pytest.approx(1800.0)
    assert time.seconds_by_bpm == ((150.0, pytest.approx(1800.0)),)
    assert trimp(time, 50.0, 190.0, "m") == pytest.approx(54.0477, abs=1e-3)
    assert trimp(time, 50.0, 190.0, "f") == pytest.approx(60.7495, abs=1e-3)


def test_trimp_clips_the_reserve_and_sums_bins() -> None:
    time = HrTime(((40.0, 600.0), (120.0, 600.0), (200.0, 60.0)))
    x = 70.0 / 140.0
    expected = 10 * x * 0.64 * math.exp(1.92 * x) + 1 * 1.0 * 0.64 * math.exp(1.92)
    assert trimp(time, 50.0, 190.0, "m") == pytest.approx(expected)
    assert HrTime.from_json(time.to_json()) == time


def test_hr_time_of_a_varying_stream_averages_steps() -> None:
    """Each step between two samples counts at the mean of its ends, to the half beat."""
    run = synth.make_run([synth.Leg(1000.0, 300.0, hr_bpm=140.0), synth.Leg(1000.0, 300.0, hr_bpm=141.0)])
    time = hr_time(analyze(run.activity, unit="km").stream)
    assert time is not None
    got = dict(time.seconds_by_bpm)
    assert got[140.0] == pytest.approx(299.0) and got[141.0] == pytest.approx(300.0)
    assert got[140.5] == pytest.approx(1.0)


def test_rtss_by_hand() -> None:
    """Half an hour at 5:00/km against a 4:30/km threshold: IF 0.9, 0.5 h × 0.81 × 100 = 40.5."""
    assert rtss(1800.0, 300.0, 270.0) == pytest.approx(40.5)
    assert rtss(3600.0, 270.0, 270.0) == pytest.approx(100.0)
    an = _steady(150.0)
    profile = Profile(hr_rest_bpm=50, hr_max_bpm=190, sex="m", threshold_pace_s_per_km=270.0)
    gap_km = an.gap_s  # the run is in km
    load = run_load(hr_time(an.stream), an.moving_s, gap_km, profile)
    assert load.rtss == pytest.approx(40.5, rel=1e-6)
    assert load.trimp == pytest.approx(54.0477, abs=1e-3)
    assert "profile's threshold" in load.note


def test_missing_inputs_are_named() -> None:
    an = _steady(150.0)
    load = run_load(hr_time(an.stream), an.moving_s, an.gap_s, Profile(hr_max_bpm=190))
    assert load.trimp is None and load.rtss is None
    assert "--hr-rest" in load.note and "--sex" in load.note and "--hr-max" not in load.note
    assert "threshold pace" in load.note
    est = run_load(hr_time(an.stream), an.moving_s, an.gap_s, Profile(), threshold_s_per_km=270.0)
    assert est.rtss == pytest.approx(40.5) and "estimated threshold" in est.note
    no_hr = run_load(None, an.moving_s, an.gap_s, Profile(hr_rest_bpm=50, hr_max_bpm=190, sex="f"))
    assert no_hr.trimp is None and "has none" in no_hr.note
    assert run_load(None, None, None, Profile()).to_json()["rtss"] is None


def test_profile_checks() -> None:
    with pytest.raises(ProgtempoError, match="--hr-max"):
        Profile(hr_max_bpm=300)
    with pytest.raises(ProgtempoError, match="too close"):
        Profile(hr_rest_bpm=90, hr_max_bpm=120)
    with pytest.raises(ProgtempoError, match="not below the maximum"):
        Profile(hr_max_bpm=180, threshold_hr_bpm=185)
    with pytest.raises(ProgtempoError, match="--sex"):
        profile_from_options(sex="x")
    p = profile_from_options(threshold="7:15", unit="mi", sex="Female")
    assert p.sex == "f" and p.threshold_pace_s_per_km == pytest.approx(435 / 1.609344)
    assert p.threshold_pace_s("mi") == pytest.approx(435.0)
    assert Profile(hr_max_bpm=190).merged(Profile(hr_rest_bpm=48)) == Profile(hr_rest_bpm=48, hr_max_bpm=190)


START = dt.date(2026, 1, 5)


def _series() -> dict[dt.date, float]:
    """60 days: a build of three weeks, a rest week, more, with rest days and one big day."""
    loads = {}
    for i in range(60):
        day = START + dt.timedelta(days=i)
        if i % 7 in (0, 4):
            continue  # rest days
        base = 40.0 + 2.0 * (i % 28) if (i // 7) % 4 != 3 else 20.0
        loads[day] = base + (90.0 if i == 33 else 0.0)
    return loads


def test_pmc_first_days_by_hand() -> None:
    days = pmc({START: 100.0}, START, START + dt.timedelta(days=2))
    assert days[0].ctl == pytest.approx(100 / 42) and days[0].atl == pytest.approx(100 / 7)
    assert days[0].tsb == 0.0  # form is yesterday's balance
    assert days[1].tsb == pytest.approx(100 / 42 - 100 / 7)
    assert days[1].ctl == pytest.approx(100 / 42 * 41 / 42)
    assert days[2].atl == pytest.approx(100 / 7 * (6 / 7) ** 2)


def test_pmc_constant_load_approaches_it() -> None:
    days = pmc(dict.fromkeys((START + dt.timedelta(days=i) for i in range(200)), 50.0), START,
               START + dt.timedelta(days=199))  # fmt: skip
    assert days[41].ctl == pytest.approx(50 * (1 - (41 / 42) ** 42))
    assert days[-1].atl == pytest.approx(50.0, abs=1e-6)
    assert days[-1].ctl == pytest.approx(50.0, abs=0.5)


def test_pmc_sixty_days_against_the_weighted_sum() -> None:
    """CTL and ATL as the explicit exponentially weighted sums, TSB as yesterday's difference."""
    loads = _series()
    end = START + dt.timedelta(days=59)
    days = pmc(loads, START, end)
    assert len(days) == 60
    for n, d in enumerate(days):
        series = [loads.get(START + dt.timedelta(days=k), 0.0) for k in range(n + 1)]
        ctl = sum(x / 42 * (41 / 42) ** (n - k) for k, x in enumerate(series))
        atl = sum(x / 7 * (6 / 7) ** (n - k) for k, x in enumerate(series))
        assert d.ctl == pytest.approx(ctl, rel=1e-12)
        assert d.atl == pytest.approx(atl, rel=1e-12)
        assert d.load == series[-1]
        if n:
            assert d.tsb == pytest.approx(days[n - 1].ctl - days[n - 1].atl, rel=1e-12)
    # worked by hand: day 0 rests, day 1 loads 42 (CTL 42/42, ATL 42/7), day 2 loads 44
    assert (days[1].ctl, days[1].atl, days[1].tsb) == pytest.approx((1.0, 6.0, 0.0))
    assert (days[2].ctl, days[2].atl, days[2].tsb) == pytest.approx((1 + 43 / 42, 6 + 38 / 7, -5.0))
    assert days[59].to_json()["date"] == "2026-03-05"
