"""Finding the progressive block without a plan: the rules on plain segment paces, and on synthetic runs."""

from __future__ import annotations

import pytest

from progtempo.analysis import analyze
from progtempo.coach import evaluate
from progtempo.coach.search import (
    MIN_BLOCK_M,
    Basis,
    _Rules,
    fade_rms_s,
    scan,
    search,
    trim_edges,
)
from progtempo.io import read_activity
from progtempo.synth import Leg, fit_bytes, make_run

MI = 1609.344


def km_basis(paces_s_per_km: list[float], hr: list[float] | None = None) -> Basis:
    edges = [1000.0 * k for k in range(len(paces_s_per_km) + 1)]
    return Basis("km", edges, paces_s_per_km, list(hr) if hr else [None] * len(paces_s_per_km))


def block_of(
    paces: list[float], hr: list[float] | None = None, max_hr: float | None = None
) -> tuple[int, int] | None:
    run_m = 1000.0 * len(paces)
    hit = scan(km_basis(paces, hr), _Rules(max(MIN_BLOCK_M, run_m / 3), max_hr, None))
    return trim_edges(paces, hit[0], hit[1]) if hit else None


def test_fade_rms_is_zero_for_a_never_slowing_sequence() -> None:
    assert fade_rms_s([600, 570, 570, 540]) == 0.0
    # 540 then 560: pooled to 550, each 10 s off
    assert fade_rms_s([600, 540, 560]) == pytest.approx((200 / 3) ** 0.5)


def test_a_ladder_is_progressive_and_a_flat_run_is_not() -> None:
    assert block_of([400, 380, 360, 340, 320, 300]) == (0, 5)
    assert block_of([400, 397, 394, 394, 392, 390]) is None  # 2.5 % faster: not a ladder


def test_warm_up_and_cool_down_are_trimmed() -> None:
    assert block_of([440, 400, 380, 360, 340, 320, 300, 440]) == (1, 6)
    assert block_of([400, 400, 380, 360, 340, 320, 300]) == (1, 6)


def test_a_race_s_few_percent_negative_split_is_not_a_block() -> None:
    # the Forerunner 15 10 km race in km splits, and a steady 3 % negative split
    assert block_of([211, 225, 219, 221, 222, 218, 224, 223, 231, 223]) is None
    assert block_of([300, 299, 298, 297, 296, 295, 294, 293, 292, 291]) is None


def test_one_jump_between_two_steady_paces_is_not_a_ladder() -> None:
    assert block_of([360] * 6 + [330] * 6) is None
    assert block_of([360, 330, 330, 330, 330, 330]) is None


def test_a_short_stretch_of_a_long_run_is_not_a_block() -> None:
    # 3 km getting faster inside a 21 km run: too short, and too small a share of the run
    assert block_of([360] * 9 + [380, 350, 320] + [360] * 9) is None


def test_what_came_before_a_block_was_not_faster_than_it() -> None:
    # a fast start, a walk break, then running again: not a warm-up into a ladder
    assert block_of([300, 290, 600, 450, 330, 320]) is None
    assert block_of([420, 410, 400, 380, 360, 340, 320]) == (0, 6)


def test_heart_rate_says_whether_it_started_easy() -> None:
    paces = [400.0, 380.0, 360.0, 340.0, 320.0, 300.0]
    easy = [130.0, 138.0, 146.0, 154.0, 162.0, 170.0]
    assert block_of(paces, easy, max_hr=172.0) == (0, 5)
    hard = [168.0, 170.0, 171.0, 172.0, 173.0, 174.0]  # a race: the heart rate high from the first km
    assert block_of(paces, hard, max_hr=175.0) is None


def test_the_block_is_the_same_in_miles_and_in_km() -> None:
    legs = [Leg(1500.0, 420.0, hr_bpm=120)] + [
        Leg(1000.0, p, hr_bpm=125 + 6 * k) for k, p in enumerate((360, 345, 330, 315, 300, 285, 270))
    ]
    run = make_run([*legs, Leg(1200.0, 420.0, hr_bpm=140)])
    km, mi = analyze(run.activity, unit="km"), analyze(run.activity, unit="mi")
    found = search(km)
    assert found is not None and found == search(mi)
    assert (found.start_m, found.end_m) == pytest.approx((1500.0, 8500.0), abs=1.0)
    rk, rm = evaluate(km), evaluate(mi)
    assert rk.block.progressive and rm.block.progressive
    assert (rk.block.start_m, rk.block.segments) == (pytest.approx(1500.0, abs=1.0), 7)
    assert rm.block.segments == 4 and rm.block.start_m >= 1500.0 and rm.block.end_m <= 8500.0 + 1.0


def test_a_run_ending_millimetres_short_of_a_whole_mile_keeps_its_last_mile() -> None:
    """Six miles in a FIT file (distance in whole cm) end 4 mm short: the last mile is still a level."""
    legs = [Leg(MI, p / 1.609344, hr_bpm=130 + 6 * i) for i, p in enumerate((600, 570, 540, 510, 480, 450))]
    analysis = analyze(read_activity("six.fit", data=fit_bytes(make_run(legs))), unit="mi")
    assert 6 * MI - 0.01 < analysis.distance_m < 6 * MI
    report = evaluate(analysis).to_json()
    assert report["block"]["segments"] == 6 and report["boss"]["verdict"] == "cleared"


def test_a_planned_ladder_starts_after_the_workout_s_warm_up_step() -> None:
    """A workout run on the watch records its warm-up step as a `warmup` lap: the ladder starts after it."""
    from progtempo.plan.spec import parse_plan

    legs = [Leg(MI, p / 1.609344, hr_bpm=130 + 6 * i) for i, p in enumerate((615, 585, 555, 525, 495, 465))]
    activity = make_run(legs, warmup=Leg(1200.0, 420.0, hr_bpm=115)).activity
    for lap in activity.laps:
        lap.trigger, lap.intensity = "time", "active"
    activity.laps[0].intensity = "warmup"
    rep = evaluate(analyze(activity, unit="mi"), parse_plan("6x1mi 10:00-7:30", "mi"))
    assert rep.block.start_m == pytest.approx(1200.0, abs=1.0)
    assert rep.block.basis is not None and "workout's warm-up step" in rep.block.basis
    assert [lv.verdict for lv in rep.levels] == ["too_slow"] * 6  # 15 s slower than the plan everywhere


def test_a_lap_press_or_the_best_fit_finds_a_warm_up_the_plan_did_not_name() -> None:
    from progtempo.plan.spec import parse_plan

    legs = [Leg(MI, p / 1.609344, hr_bpm=130 + 6 * i) for i, p in enumerate((600, 570, 540, 510, 480, 450))]
    run = make_run(legs, warmup=Leg(2000.0, 420.0, hr_bpm=115))
    rep = evaluate(analyze(run.activity, unit="mi"), parse_plan("6x1mi 10:00-7:30", "mi"))
    assert rep.block.start_m == pytest.approx(2000.0, abs=1.0) and "lap pressed" in (rep.block.basis or "")
    assert [lv.verdict for lv in rep.levels] == ["cleared"] * 6
    for lap in run.activity.laps:
        lap.trigger = "distance"  # no lap press: the best fit finds it
    rep = evaluate(analyze(run.activity, unit="mi"), parse_plan("6x1mi 10:00-7:30", "mi"))
    assert rep.block.start_m == pytest.approx(2000.0, abs=MI / 20) and "fits the plan best" in (
        rep.block.basis or ""
    )
