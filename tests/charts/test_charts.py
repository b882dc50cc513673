"""The charts' data: LTTB keeps a stream's shape in ~2,000 points; the run's bars are the coach's levels
and the splits outside the block; the streams are the legs' paces; the history's columns line up."""

from __future__ import annotations

import datetime as dt

import numpy as np
import pytest

from progtempo import synth
from progtempo.analysis import analyze
from progtempo.charts.downsample import lttb_indices, shared_indices, stride_indices
from progtempo.charts.history import HistoryChart, day_seconds
from progtempo.charts.run import run_chart
from progtempo.coach import evaluate
from progtempo.io import read_activity
from progtempo.plan.request import SessionRequest, build_session
from progtempo.store.history_records import History, HistoryEntry, Streaks, WeekVolume
from progtempo.synth import mile_legs, per_km
from progtempo.units import MILE_M as MI


@pytest.mark.parametrize("size", [1, 2, 3, 10, 2000, 2001, 7200, 86_400])
def test_lttb_keeps_the_ends_and_at_most_n_points_in_order(size: int) -> None:
    rng = np.random.default_rng(size)
    x = np.cumsum(rng.uniform(0.5, 3.0, size))
    y = np.sin(x / 50) + rng.normal(0, 0.05, size)
    idx = lttb_indices(x, y, 2000)
    assert len(idx) == min(size, 2000)
    assert idx[0] == 0 and idx[-1] == size - 1
    assert np.all(np.diff(idx) > 0)


def test_lttb_keeps_peaks_that_striding_loses() -> None:
    x = np.arange(20_000, dtype=np.float64)
    y = np.zeros(20_000)
    spikes = [1234, 7777, 15001]
    y[spikes] = [50.0, -40.0, 30.0]
    idx = lttb_indices(x, y, 500)
    assert set(spikes) <= set(idx.tolist())
    assert not set(spikes) & set(stride_indices(20_000, 500).tolist())


def test_lttb_keeps_a_gap_a_gap() -> None:
    x = np.arange(10_000, dtype=np.float64)
    y = np.sin(x / 300)
    y[4000:5000] = np.nan
    idx = lttb_indices(x, y, 400)
    kept = y[idx]
    assert np.isnan(kept).sum() >= 1 and np.isfinite(kept).sum() >= 300
    # the values either side of the gap are still there
    assert any(3900 <= i < 4000 for i in idx) and any(5000 <= i < 5100 for i in idx)


def test_shared_indices_keep_every_series_shape() -> None:
    x = np.arange(7200, dtype=np.float64)
    a, b = np.zeros(7200), np.zeros(7200)
    a[100], b[6000] = 9.0, -9.0
    idx = shared_indices(x, [a, None, b], 2000)
    assert {100, 6000} <= set(idx.tolist()) and len(idx) <= 2000
    assert len(shared_indices(x[:50], [a[:50]], 2000)) == 50


def _run(paces_s_per_mi: list[float], **kw: object) -> synth.SynthRun:
    start = dt.datetime(2026, 3, 4, 12, tzinfo=dt.UTC)
    return synth.make_run(mile_legs(paces_s_per_mi), start_time=start, **kw)  # type: ignore[arg-type]


def test_the_bars_are_the_levels_and_the_warm_up_outside(tmp_path: object) -> None:
    warm = synth.Leg(MI, per_km(660.0), hr_bpm=115)
    run = _run([600, 570, 540, 510, 480, 470], warmup=warm)
    analysis = analyze(run.activity, unit="mi")
    plan, _ = build_session(SessionRequest(spec="6x1mi 10:00-7:30", warmup="1mi", unit="mi"))
    report = evaluate(analysis, plan)
    chart = run_chart(analysis, report)
    levels = [b for b in chart.bars if b.kind == "level"]
    outside = [b for b in chart.bars if b.verdict == "outside"]
    assert [b.index for b in levels] == [1, 2, 3, 4, 5, 6] and levels[-1].boss
    assert [b.verdict for b in levels] == [lv.verdict for lv in report.levels]
    assert levels[-1].verdict == "too_slow" and levels[0].verdict == "cleared"
    assert levels[0].start == pytest.approx(1.0, abs=0.01) and levels[-1].end == pytest.approx(7.0, abs=0.01)
    assert levels[0].target_pace_s == 600 and levels[0].slow_pace_s == 605 and levels[0].fast_pace_s == 595
    assert len(outside) == 1 and outside[0].end == pytest.approx(1.0, abs=0.01)
    assert [b.start for b in chart.bars] == sorted(b.start for b in chart.bars)
    doc = chart.to_json()
    assert doc["unit"] == "mi" and doc["bars"][0]["verdict"] == "outside"


def test_a_run_without_a_ladder_has_split_bars() -> None:
    run = _run([560, 560, 560, 560])
    analysis = analyze(run.activity, unit="km")
    chart = run_chart(analysis, None)
    assert [b.kind for b in chart.bars] == ["split"] * len(analysis.splits)
    assert chart.unit == "km" and chart.bars[0].pace_s == pytest.approx(per_km(560), abs=1)


def test_the_streams_are_the_legs_paces_in_at_most_2000_points() -> None:
    paces = [600, 570, 540, 510, 480, 450] * 2  # 1 h 45 min at 1 Hz: over 6,000 records
    run = _run(paces)
    analysis = analyze(run.activity, unit="mi")
    assert len(analysis.stream) > 6000
    chart = run_chart(analysis, None)
    s = chart.streams
    assert s.pace_s is not None and s.heart_rate is not None and s.elevation_m is not None
    assert len(s.distance) <= 2000 and len(s.pace_s) == len(s.distance) == len(s.heart_rate)
    for k, pace in enumerate(paces):  # mid-mile, the smoothed pace is the leg's
        mid = (np.abs(s.distance - (k + 0.5))).argmin()
        assert s.pace_s[mid] == pytest.approx(pace, abs=3)
    assert 0 < len(chart.route) <= 1000
    doc = chart.to_json()
    assert len(doc["streams"]["x"]) == len(doc["streams"]["hr"]) and len(doc["route"][0]) == 2


def test_a_run_without_gps_or_altitude_draws_what_it_has(tmp_path: object) -> None:
    run = _run([600, 570, 540], gps=False, altitude=False)
    analysis = analyze(run.activity, unit="mi")
    chart = run_chart(analysis, evaluate(analysis, None))
    assert chart.route == () and chart.streams.elevation_m is None and chart.streams.gap_s is None
    assert chart.to_json()["streams"]["elevation"] is None


def test_a_real_watch_run(data_dir: object) -> None:
    from pathlib import Path

    activity = read_activity(Path(str(data_dir)) / "runpandas__run_fr645m.fit.gz")
    analysis = analyze(activity, unit="km")
    chart = run_chart(analysis, evaluate(analysis, None))
    x = chart.streams.distance
    assert np.all(np.diff(x) >= 0) and x[-1] == pytest.approx(analysis.distance_m / 1000, abs=0.05)
    assert len(chart.route) > 100
    finite = chart.streams.pace_s[np.isfinite(chart.streams.pace_s)]  # type: ignore[index]
    assert 300 < np.median(finite) < 900  # a hilly run's pace per km, not noise


def test_history_columns_line_up() -> None:
    day = dt.date(2026, 3, 4)
    entry = HistoryEntry(
        activity_id=7,
        start_time=dt.datetime(2026, 3, 4, 12, tzinfo=dt.UTC),
        date=day,
        name="ladder",
        distance_m=6 * MI,
        end_pace_s_per_km=450 / 1.609344,
        end_gap_s_per_km=None,
        step_s_per_km=None,
        segments=6,
        score=97.0,
        levels_cleared=6,
        boss="cleared",
        planned=None,
    )
    week = WeekVolume(dt.date(2026, 3, 2), 3, 20_000.0, 7200.0, 1)
    doc = HistoryChart("mi", History((entry,), Streaks(1, 1, None, None, 1), (week,))).to_json()
    assert doc["sessions"]["t"] == [day_seconds(day)] == [1772582400]
    assert doc["sessions"]["end"] == [450.0] and doc["sessions"]["gap"] == [None]
    assert doc["weeks"]["distance"] == [round(20_000 / MI, 2)] and doc["weeks"]["hours"] == [2.0]
