"""The analysis against the project's synthetic-run generator: exact splits, GAP, pauses, and the
same answers after a round trip through FIT, GPX and TCX files."""

from __future__ import annotations

from pathlib import Path

import pytest

from progtempo.analysis import Analysis, analyze
from progtempo.analysis.gap import gap_factor
from progtempo.io import read_activity
from progtempo.synth import Leg, SynthRun, make_run, mile_legs, per_km, write_fit, write_gpx, write_tcx
from progtempo.units import MILE_M as MI


def ladder(
    paces_s_per_mi: list[float], grades: list[float] | None = None, extra_m: float = 250.0
) -> list[Leg]:
    legs = mile_legs(paces_s_per_mi, grades, hr_start_bpm=130)
    return [*legs, Leg(extra_m, per_km(paces_s_per_mi[-1]), 0.0, hr_bpm=170)]


def check(an: Analysis, run: SynthRun, split_m: float, *, time_tol: float, gap_rel: float) -> None:
    expected = run.expected_splits(split_m, lambda g: gap_factor(g, an.gap_model))
    assert len(an.splits) == len(expected)
    per = 1609.344 if an.unit == "mi" else 1000.0
    for got, want in zip(an.splits, expected, strict=True):
        assert got.distance_m == pytest.approx(want.distance_m, abs=0.05)
        assert got.elapsed_s == pytest.approx(want.elapsed_s, abs=time_tol)
        assert got.moving_s == pytest.approx(want.moving_s, abs=time_tol)
        assert got.pace_s == pytest.approx(want.pace_s(per), abs=time_tol * per / want.distance_m + 1e-9)
        gap_want = want.gap_s(per)
        assert gap_want is not None
        assert got.gap_s == pytest.approx(gap_want, rel=gap_rel)
        assert got.avg_grade == pytest.approx(want.avg_grade, abs=2e-3)
        assert got.partial == want.partial
        if want.avg_hr is not None:
            assert got.avg_hr == pytest.approx(want.avg_hr, abs=1.0)


def test_noiseless_ladder_splits_exact() -> None:
    run = make_run(ladder([600, 570, 540, 510, 480, 450]), sample_s=1.0)
    an = analyze(run.activity, unit="mi")
    check(an, run, MI, time_tol=0.05, gap_rel=1e-9)
    assert an.splits[-1].partial and an.distance_source == "device"
    assert an.elapsed_s == pytest.approx(run.total_elapsed_s)


def test_hilly_ladder_gap_is_time_over_grade_adjusted_distance() -> None:
    """GAP per split = time / Σ d·f(g), with the grades changing at the split boundaries."""
    paces = [600, 570 * 1.459, 540, 510 * 1.228, 480, 450]
    run = make_run(ladder(paces, [0.0, 0.10, 0.0, 0.06, 0.0, -0.04]), barometric=True)
    for model in ("strava", "minetti"):
        an = analyze(run.activity, unit="mi", gap_model=model)
        # the 10 m grade window straddles each change of grade: 5 m in 1609 m blend
        check(an, run, MI, time_tol=0.05, gap_rel=2e-3)
    an = analyze(run.activity, unit="mi")
    assert [round(s.gap_s) for s in an.splits[:5]] == [600, 570, 540, 510, 480]


def test_gps_altitude_smoothed_still_gives_the_gap_ladder() -> None:
    """GPS altitude is smoothed over ±100 m: a 1.6 km hill with sharp edges keeps its GAP within 1.5 %."""
    paces = [600, 570 * 1.459, 540, 510 * 1.228, 480, 450]
    run = make_run(ladder(paces, [0.0, 0.10, 0.0, 0.06, 0.0, 0.0]), barometric=False)
    an = analyze(run.activity, unit="mi")
    assert [s.gap_s for s in an.splits[:6]] == pytest.approx([600, 570, 540, 510, 480, 450], rel=0.015)


def test_gps_only_run() -> None:
    run = make_run(ladder([600, 540, 480]), distance=False)
    an = analyze(run.activity, unit="mi")
    assert an.distance_source == "gps"
    check(an, run, MI, time_tol=0.05, gap_rel=1e-6)


def test_timer_pauses() -> None:
    run = make_run([Leg(3000, 300, hr_bpm=150)], pauses=[(1200.0, 45.0), (2500.0, 90.0)])
    an = analyze(run.activity, unit="km")
    assert an.moving_s == pytest.approx(run.total_moving_s, abs=1e-6)
    assert an.elapsed_s == pytest.approx(run.total_elapsed_s, abs=1e-6)
    check(an, run, 1000.0, time_tol=0.05, gap_rel=1e-9)


def test_auto_laps_match_splits() -> None:
    run = make_run([Leg(2500, 290, hr_bpm=150), Leg(2000, 270, hr_bpm=160)], auto_lap_m=1000.0)
    an = analyze(run.activity, unit="km")
    for split, lap in zip(an.splits, run.activity.laps, strict=True):
        assert split.elapsed_s == pytest.approx(lap.elapsed_s, abs=1e-6)
        assert split.distance_m == pytest.approx(lap.distance_m, abs=1e-6)


@pytest.mark.parametrize("fmt", ["fit", "fit.gz", "gpx", "tcx", "tcx.gz"])
def test_round_trip_through_files(tmp_path: Path, fmt: str) -> None:
    run = make_run(
        ladder([600, 570, 540, 510, 480, 450], [0.0, 0.03, 0.0, -0.03, 0.0, 0.0]),
        pauses=[(2000.0, 30.0)],
        auto_lap_m=MI,
    )
    path = tmp_path / f"run.{fmt}"
    {"fit": write_fit, "gpx": write_gpx, "tcx": write_tcx}[fmt.split(".")[0]](run, path)
    an = analyze(read_activity(path), unit="mi")
    direct = analyze(run.activity, unit="mi")
    # FIT keeps whole seconds; GPX has no timer events (the 30 s stop is found as a gap)
    tol = 0.6 if fmt.startswith("fit") else 0.05
    assert len(an.splits) == len(direct.splits)
    for a, b in zip(an.splits, direct.splits, strict=True):
        assert a.elapsed_s == pytest.approx(b.elapsed_s, abs=tol)
        assert a.moving_s == pytest.approx(b.moving_s, abs=tol)
        assert a.gap_s == pytest.approx(b.gap_s, rel=3e-3)
    assert an.moving_s == pytest.approx(run.total_moving_s, abs=1.0)
