"""A trail ladder by time and by effort, judged: levels laid on the clock (from the workout's recorded
steps, a lap press or the plan's warm-up), each level by heart rate against its zone, by heart rate
against the level before, or by GAP against the level before; the boss, score, insight and the next
session; a paced ladder by time judged against its paces."""

from __future__ import annotations

import dataclasses
from pathlib import Path

import numpy as np
import pytest

from progtempo.analysis import Analysis, analyze
from progtempo.charts.run_plot import draw_run
from progtempo.coach import CoachReport, evaluate
from progtempo.io import read_activity
from progtempo.plan.ladder import Session
from progtempo.plan.request import SessionRequest, build_session
from progtempo.synth import Leg, make_run
from progtempo.synth.fit import fit_bytes
from progtempo.synth.trail import time_ladder

GAPS = [420.0, 395.0, 370.0, 345.0, 320.0, 295.0]


def plan(hr_max: float | None = 188.0) -> Session:
    request = SessionRequest(
        spec="6x8min by effort", unit="km", warmup="10min", cooldown="5min", hr_max=hr_max
    )
    session, _ = build_session(request)
    return session


def targets_bpm(p: Session) -> list[float]:
    """The middle of each level's heart-rate band: what a runner on target shows."""
    return [(b[0] + b[1]) / 2 for s in p.ladder() if (b := s.hr_target_bpm) is not None]


def judged(
    tmp_path: Path, p: Session, run_hr: list[float] | None, gaps: list[float] = GAPS
) -> tuple[Analysis, CoachReport]:
    """The trail ladder run at `gaps` (s/km of GAP) with `run_hr`, written to FIT, read back, judged."""
    easy = 120.0 if run_hr else None
    run = time_ladder(gaps, hr_bpm=run_hr, warmup_s=600, cooldown_s=300, easy_hr_bpm=easy)
    path = tmp_path / "trail.fit"
    path.write_bytes(fit_bytes(run))
    analysis = analyze(read_activity(path), unit="km")
    return analysis, evaluate(analysis, p)


def test_on_target_by_heart_rate_in_each_zone(tmp_path: Path) -> None:
    p = plan()
    _, rep = judged(tmp_path, p, targets_bpm(p))
    assert rep.effort is not None and rep.effort.measure == "hr_zone"
    assert [lv.verdict for lv in rep.levels] == ["cleared"] * 6
    assert rep.block.start_s == pytest.approx(600) and rep.block.clock == "elapsed"
    assert "recorded" in (rep.block.basis or "")
    assert rep.boss is not None and rep.boss.beaten
    assert rep.total_score is not None and rep.total_score >= 95
    assert set(rep.badges) >= {"perfect_ladder", "boss_beaten", "even_steps"}
    assert rep.advice.insight == "on_target" and rep.advice.change == "repeat"
    assert rep.advice.next_session is not None and rep.advice.next_session.spec() == "6x8min by effort"
    # each level's steady heart rate (after the first minute) is the runner's, to the bpm
    assert [lv.value for lv in rep.effort.levels] == pytest.approx(targets_bpm(p), abs=1.0)
    doc = rep.to_json()
    assert doc["effort"]["levels"][0]["talk_test"] == "could recite Shakespeare"
    assert doc["block"]["segment_s"] == 480


def test_two_cleared_sessions_progress_the_level() -> None:
    p = plan()
    run = time_ladder(GAPS, hr_bpm=targets_bpm(p), warmup_s=600, cooldown_s=300)
    analysis = analyze(run.activity, unit="km")
    rep = evaluate(analysis, p, cleared_before=1, longest_run_m=15000.0)
    assert rep.advice.change == "volume"
    nxt = rep.advice.next_session
    assert nxt is not None and nxt.segments == 7 and nxt.segment_s == 480 and nxt.by_effort
    # never longer than the longest run known: this 63-minute run alone does not allow 71 minutes
    rep = evaluate(analysis, p, cleared_before=1)
    assert rep.advice.change == "intensity" and rep.advice.bounded
    nxt = rep.advice.next_session
    assert nxt is not None and nxt.segments == 6 and nxt.effort_range_pct()[0] > p.effort_range_pct()[0]


def test_a_level_above_its_zone_and_a_boss_below_it(tmp_path: Path) -> None:
    p = plan()
    hr = targets_bpm(p)
    started_hard = [150.0, *hr[1:]]  # level 1 at 150 bpm: Z3, not "could recite Shakespeare"
    _, rep = judged(tmp_path, p, started_hard)
    assert rep.effort is not None and rep.effort.levels[0].verdict == "too_fast"
    assert "above Z2" in rep.effort.levels[0].why
    faded = [*hr[:5], hr[4] - 3.0]  # the boss's heart rate fell: not harder than level 5
    _, rep = judged(tmp_path, p, faded)
    assert rep.boss is not None and rep.boss.verdict == "slower_than_before"
    assert rep.advice.insight == "faded" and rep.advice.change == "repeat"
    flat = [140.0, 141.0, 141.5, 142.0, 142.0, 142.5]  # the effort never built
    _, rep = judged(tmp_path, p, flat)
    assert rep.advice.insight == "could_not_build" and rep.advice.change == "ease"
    eased = rep.advice.next_session
    assert eased is not None and eased.effort_range_pct()[1] < p.effort_range_pct()[1]


def test_heart_rate_without_zones_and_no_heart_rate_at_all(tmp_path: Path) -> None:
    p = plan(hr_max=None)
    _, rep = judged(tmp_path, p, [130.0, 139.0, 148.0, 157.0, 166.0, 175.0])
    assert rep.effort is not None and rep.effort.measure == "hr"
    assert [lv.verdict for lv in rep.levels] == ["cleared"] * 6
    assert "--hr-max" in rep.effort.note
    _, rep = judged(tmp_path, p, None)
    assert rep.effort is not None and rep.effort.measure == "gap"
    assert [lv.verdict for lv in rep.levels] == ["cleared"] * 6
    assert rep.effort.steps == pytest.approx([25.0] * 5, abs=1.5)  # s/km of GAP, each level faster
    # on the watch the pace swings with the hills; the GAP is what climbs
    paces = [lv.pace_s for lv in rep.levels]
    gaps = [lv.gap_s for lv in rep.levels]
    assert all(g is not None for g in gaps) and np.all(np.diff(np.array(gaps, dtype=float)) < 0)
    pace_steps = np.diff(np.array(paces, dtype=float))
    assert float(np.std(pace_steps)) > 5 * float(np.std(rep.effort.steps))
    stalled = [420.0, 395.0, 396.0, 345.0, 320.0, 295.0]  # level 3 no faster than level 2 by GAP
    _, rep = judged(tmp_path, p, None, stalled)
    assert rep.effort is not None and rep.effort.levels[2].verdict == "too_slow"
    assert "not harder than level 2" in rep.effort.levels[2].why


def test_the_start_from_a_lap_press_or_the_plans_warm_up() -> None:
    """Without workout laps: a lap pressed near the end of the warm-up, else the plan's warm-up time."""
    p = plan(hr_max=None)
    legs = [Leg(650 / 420 * 1000, 420.0), *(Leg(480 / g * 1000, g) for g in GAPS)]
    run = make_run(legs)  # a lap pressed at the end of each leg: the warm-up ran 10:50
    rep = evaluate(analyze(run.activity, unit="km"), p)
    assert rep.block.start_s == pytest.approx(650, abs=0.5) and "lap pressed" in rep.block.note
    assert [lv.actual_pace_s for lv in rep.levels] == pytest.approx(GAPS, abs=0.5)
    run.activity.laps = []
    rep = evaluate(analyze(run.activity, unit="km"), p)
    assert rep.block.start_s == pytest.approx(600) and "warm-up" in rep.block.note


def test_a_paced_ladder_by_time_is_judged_against_its_paces(tmp_path: Path) -> None:
    p, _ = build_session(SessionRequest(spec="5x10min 5:40-4:40/km", unit="km"))
    paces = [340, 325, 310, 295, 280]
    legs = [Leg(600 / pace * 1000, pace, hr_bpm=140 + 8 * k) for k, pace in enumerate(paces)]
    analysis = analyze(make_run(legs).activity, unit="km")
    rep = evaluate(analysis, p)
    assert rep.effort is None
    assert [lv.verdict for lv in rep.levels] == ["cleared"] * 5
    assert [lv.actual_pace_s for lv in rep.levels] == pytest.approx([340, 325, 310, 295, 280], abs=0.5)
    assert rep.boss is not None and rep.boss.beaten


def test_a_run_cut_short_and_the_plot_on_the_clock(tmp_path: Path) -> None:
    p = plan()
    analysis, rep = judged(tmp_path, p, targets_bpm(p)[:4], GAPS[:4])
    assert [lv.verdict for lv in rep.levels][-2:] == ["not_run", "not_run"]
    assert rep.boss is not None and rep.boss.verdict == "not_reached"
    fig = draw_run(analysis, rep)
    axes = fig.get_axes()
    assert axes[-1].get_xlabel() == "elapsed time (min)"
    assert axes[-1].get_xlim()[1] >= (600 + 6 * 480) / 60  # the levels not run still show
    import matplotlib.pyplot as plt

    plt.close(fig)


def test_effort_report_is_in_the_analyze_document(tmp_path: Path) -> None:
    p = plan()
    _, rep = judged(tmp_path, p, targets_bpm(p))
    doc = rep.to_json()
    assert doc["effort"]["measure"] == "hr_zone" and doc["effort"]["step_unit"] == "bpm"
    assert rep.effort is not None and dataclasses.asdict(rep.effort)["harder"] == 5


@pytest.mark.parametrize("unit", ["mi", "km"])
def test_a_hilly_run_without_a_plan_gets_the_session_by_time_and_effort(data_dir: Path, unit: str) -> None:
    """A real hilly run (Forerunner 645, 38 m of climb per km) and no plan: not progressive, and the
    first session is by time and effort, scaled to it, in either unit."""
    analysis = analyze(read_activity(data_dir / "runpandas__run_fr645m.fit.gz"), unit=unit)  # type: ignore[arg-type]
    rep = evaluate(analysis)
    assert rep.score is None and rep.advice.insight == "not_progressive"
    nxt = rep.advice.next_session
    assert nxt is not None and nxt.by_effort and nxt.segment_s is not None and not nxt.paced
    assert nxt.spec() == "6x5min by effort" and nxt.total_time_s <= analysis.moving_s
    assert "hills moved the pace" in rep.advice.message and "by time and effort" in rep.advice.message


def test_flat_runs_keep_the_pace_ladder_hilly_ones_get_the_effort_ladder() -> None:
    steady = [360.0] * 6  # the same effort throughout: no ladder in it
    flat = time_ladder(steady, hills=(), workout_laps=False, sport="running")
    rep = evaluate(analyze(flat.activity, unit="km"))
    assert rep.advice.next_session is not None and rep.advice.next_session.paced
    hills = time_ladder(steady, workout_laps=False)
    rep = evaluate(analyze(hills.activity, unit="km"))
    nxt = rep.advice.next_session
    assert nxt is not None and nxt.by_effort and nxt.segment_s == 240  # 6 × 4 min in a 48-minute run


@pytest.mark.parametrize("unit", ["mi", "km"])
def test_a_real_trail_sample_gets_the_effort_session_a_flat_one_the_pace_ladder(
    samples_dir: Path, unit: str
) -> None:
    """`../shared/samples`: a Forerunner 110 run with 163 m of climb in 4.8 km (34 m per km; the pace
    swings 24 % a split) gets the session by time and effort, scaled to its 35 moving minutes; a flat
    10 km race (no altitude at all) keeps the pace ladder."""
    hilly = analyze(read_activity(samples_dir / "fit" / "fitparse__2013-02-06-12-11-14.fit"), unit=unit)  # type: ignore[arg-type]
    rep = evaluate(hilly)
    assert rep.score is None and rep.advice.insight == "not_progressive" and rep.effort is None
    nxt = rep.advice.next_session
    assert nxt is not None and nxt.by_effort and not nxt.paced and nxt.spec() == "6x3min by effort"
    assert 0.4 * hilly.moving_s <= nxt.total_time_s <= 0.7 * hilly.moving_s
    assert "hills moved the pace" in rep.advice.message
    flat = analyze(read_activity(samples_dir / "fit" / "gc__10kUNLP2014-Garmin15.fit"), unit=unit)  # type: ignore[arg-type]
    nxt = evaluate(flat).advice.next_session
    assert nxt is not None and nxt.paced and not nxt.by_effort and nxt.segment_s is None
