"""Insights, their sentences, and the next session (progress, repeat or ease)."""

from __future__ import annotations

from progtempo.coach.advice import choose_insight, message_for, next_session
from progtempo.coach.levels import SegmentData, judge_boss, judge_levels
from progtempo.coach.score import judge_progression
from progtempo.plan.solve import solve

MI = 1609.344
PLAN = solve(unit="mi", segments=6, start_pace_s=600.0, end_pace_s=450.0)


def insight(paces: list[float], rpe: float | None = None, hr: list[float] | None = None) -> tuple[str, str]:
    segs = [
        SegmentData(i + 1, i * MI, MI, p, gap_s=p, avg_hr=hr[i] if hr else None) for i, p in enumerate(paces)
    ]
    levels = judge_levels(segs, PLAN.target_paces_s(), PLAN.tolerance_s, PLAN.step_s)
    boss = judge_boss(levels)
    prog = judge_progression(levels, PLAN.step_s)
    name = choose_insight(levels, prog, boss, rpe=rpe)
    return name, message_for(name, levels, prog, boss, "mi", rpe=rpe)


def test_on_target() -> None:
    name, msg = insight([600, 570, 540, 510, 480, 450])
    assert name == "on_target"
    assert "rewarding accomplishment" in msg


def test_plenty_left_when_the_last_levels_go_well_under() -> None:
    name, msg = insight([600, 570, 540, 510, 465, 430])
    assert name == "plenty_left"
    assert msg.startswith("You had plenty left in the tank and could have set off faster")
    assert "This is valuable information" in msg


def test_high_rpe_is_not_plenty_left() -> None:
    assert insight([600, 570, 540, 510, 465, 430], rpe=9)[0] == "on_target"


def test_easy_rpe_on_target_is_plenty_left() -> None:
    assert insight([600, 570, 540, 510, 480, 450], rpe=3)[0] == "plenty_left"
    assert insight([600, 570, 540, 510, 480, 450], rpe=6)[0] == "on_target"


def test_hr_drift_rules_out_plenty_left_without_rpe() -> None:
    hr = [120, 126, 132, 150, 160, 170]
    assert insight([600, 570, 540, 510, 465, 430], hr=hr)[0] == "on_target"


def test_could_not_build() -> None:
    name, msg = insight([600, 595, 590, 590, 588, 585])
    assert name == "could_not_build"
    assert msg.startswith("Your pace wasn't able to increase much from the speed you started at")


def test_surge_fades() -> None:
    name, msg = insight([600, 570, 490, 530, 525, 520])
    assert name == "faded"
    assert msg.startswith("You went too fast in mile 3 (50 s under target) and lost in the end")


def test_fade_without_surge() -> None:
    name, msg = insight([600, 570, 540, 510, 480, 470])
    assert name == "faded"
    assert "faded before the end" in msg


def test_started_too_fast() -> None:
    name, msg = insight([560, 550, 530, 510, 490, 480])
    assert name == "started_too_fast"
    assert "set off faster than the plan: 9:20/mi against 10:00/mi" in msg


def test_progress_only_after_two_cleared_sessions() -> None:
    same, change, _ = next_session(PLAN, "on_target", boss_beaten=True, cleared_before=0, rpe=None)
    assert change == "repeat" and same == PLAN
    up, change, why = next_session(PLAN, "on_target", boss_beaten=True, cleared_before=1, rpe=None)
    assert change == "volume" and "two sessions cleared" in why
    # the article: add a mile, start at 10:15 and end at 7:15
    assert (up.segments, up.start_pace_s, up.end_pace_s) == (7, 615.0, 435.0)


def test_progress_by_intensity_when_plenty_left() -> None:
    up, change, _ = next_session(PLAN, "plenty_left", boss_beaten=True, cleared_before=2, rpe=None)
    assert change == "intensity"
    assert (up.segments, up.start_pace_s, up.end_pace_s) == (6, 585.0, 435.0)


def test_hard_rpe_repeats_even_after_two_cleared() -> None:
    same, change, why = next_session(PLAN, "on_target", boss_beaten=True, cleared_before=3, rpe=9)
    assert change == "repeat" and same == PLAN and "RPE 9" in why


def test_could_not_build_eases_the_step_like_a_jaded_day() -> None:
    eased, change, _ = next_session(PLAN, "could_not_build", boss_beaten=False, cleared_before=5, rpe=None)
    assert change == "ease"
    assert (eased.start_pace_s, eased.step_s, eased.end_pace_s) == (600.0, 15.0, 525.0)


def test_faded_repeats() -> None:
    same, change, _ = next_session(PLAN, "faded", boss_beaten=False, cleared_before=1, rpe=None)
    assert change == "repeat" and same == PLAN
