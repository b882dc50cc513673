"""The coach's pure rules: verdicts, surges, the boss, the progression, the score and badges."""

from __future__ import annotations

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from progtempo.coach.levels import (
    SegmentData,
    hilly_limit_s,
    hilly_reason,
    judge_boss,
    judge_levels,
    used_pace,
    verdict_for,
)
from progtempo.coach.score import badges, judge_progression, score, slope_faster

MI = 1609.344
TARGETS = [600.0, 570.0, 540.0, 510.0, 480.0, 450.0]


def segs(paces: list[float], hr: list[float] | None = None, **kw: float) -> list[SegmentData | None]:
    return [
        SegmentData(i + 1, i * MI, MI, p, gap_s=p, avg_hr=hr[i] if hr else None, **kw)  # type: ignore[arg-type]
        for i, p in enumerate(paces)
    ]


def judge(paces: list[float], tol: float = 5.0, hr: list[float] | None = None):  # type: ignore[no-untyped-def]
    levels = judge_levels(segs(paces, hr), TARGETS, tol, 30.0)
    boss = judge_boss(levels)
    prog = judge_progression(levels, 30.0)
    return levels, boss, prog, score(levels, prog, boss), badges(levels, prog, boss)


def test_verdict_window_edges() -> None:
    assert verdict_for(605.0, 600.0, 5.0) == "cleared"
    assert verdict_for(595.0, 600.0, 5.0) == "cleared"
    assert verdict_for(605.5, 600.0, 5.0) == "too_slow"
    assert verdict_for(594.5, 600.0, 5.0) == "too_fast"


def test_slope_is_least_squares_and_positive_when_faster() -> None:
    assert slope_faster(TARGETS) == pytest.approx(30.0)
    assert slope_faster([600, 570, 490, 530, 525, 520]) == pytest.approx(247.5 / 17.5)
    assert slope_faster([450.0, 480.0]) == pytest.approx(-30.0)


def test_perfect_ladder_scores_100_with_every_badge() -> None:
    levels, boss, prog, sc, bad = judge(TARGETS, hr=[120, 126, 132, 138, 144, 150])
    assert [lv.verdict for lv in levels] == ["cleared"] * 6
    assert boss.verdict == "cleared"
    assert (prog.achieved_step_s, prog.evenness_s, prog.faster, prog.of) == (30.0, 0.0, 5, 5)
    assert sc.total == 100
    assert bad == ["perfect_ladder", "boss_beaten", "even_steps", "negative_split"]
    assert prog.hr.rise_per_level_bpm == pytest.approx(6.0)
    assert prog.hr.drift_bpm == pytest.approx(0.0, abs=1e-9)


def test_surge_in_mile_3_is_flagged_and_loses_the_boss() -> None:
    levels, boss, _prog, sc, bad = judge([600, 570, 490, 530, 525, 520])
    assert [lv.verdict for lv in levels] == [
        "cleared",
        "cleared",
        "too_fast",
        "too_slow",
        "too_slow",
        "too_slow",
    ]
    assert [lv.surge for lv in levels] == [False, False, True, False, False, False]
    assert levels[2].off_s == pytest.approx(-50.0)
    assert boss.verdict == "too_slow" and boss.off_s == pytest.approx(70.0)
    # 40·(1+1+0+0.5+0+0)/6 + 25·(1-15.857/30) + 0 + 10·4/5 + 0
    assert sc.total == 36
    assert bad == ["negative_split"]


def test_flat_run_scores_low() -> None:
    _levels, boss, prog, sc, _ = judge([600, 595, 590, 590, 588, 585], hr=[120, 126, 132, 138, 144, 150])
    assert prog.achieved_step_s == pytest.approx(48 / 17.5)
    assert boss.verdict == "too_slow"
    assert sc.total == 20
    # HR fit on the first half (600→120, 595→126, 590→132: 1.2 bpm per s);
    # the second half runs 6, 9.6 and 12 bpm above it
    assert prog.hr.drift_bpm == pytest.approx((6 + 9.6 + 12) / 3)


def test_score_ordering() -> None:
    perfect = judge(TARGETS)[3].total
    surge = judge([600, 570, 490, 530, 525, 520])[3].total
    flat = judge([600, 595, 590, 590, 588, 585])[3].total
    assert perfect > surge > flat
    assert perfect >= 90 and surge < 60 and flat < 60


def test_boss_slower_than_before_is_not_beaten() -> None:
    levels, boss, *_ = judge([600, 570, 540, 510, 445, 452])
    assert levels[-1].verdict == "cleared"
    assert boss.verdict == "slower_than_before"
    assert "slower than the level before" in boss.why


def test_boss_well_under_target_is_beaten() -> None:
    _, boss, *_ = judge([600, 570, 540, 510, 480, 430])
    assert boss.verdict == "cleared"


def test_levels_not_run() -> None:
    s = segs([600, 570, 540])
    levels = judge_levels([*s, None, None, None], TARGETS, 5.0, 30.0)
    assert [lv.verdict for lv in levels][3:] == ["not_run"] * 3
    assert judge_boss(levels).verdict == "not_reached"
    prog = judge_progression(levels, 30.0)
    assert prog.of == 2 and prog.paces_s == [600, 570, 540]


def test_hilly_rule() -> None:
    # judged by GAP when the ground moves the pace by more than half the window (at least 2 s)
    flat = SegmentData(1, 0, 1000, 300, gap_s=298, avg_grade=0.005)
    steep = SegmentData(1, 0, 1000, 330, gap_s=300, avg_grade=0.025)
    rolling = SegmentData(1, 0, 1000, 306, gap_s=300, avg_grade=0.0, elev_gain_m=20, elev_loss_m=20)
    no_gap = SegmentData(1, 0, 1000, 330, gap_s=None, avg_grade=0.05)
    assert hilly_limit_s(5.0) == 2.5 and hilly_limit_s(20.0) == 10.0 and hilly_limit_s(0.0) == 2.0
    assert hilly_reason(flat, 2.5) is None and used_pace(flat, 2.5) == (300, "pace")
    assert hilly_reason(steep, 2.5) == (
        "the ground moved its pace by +30 s (net grade +2.5 %, 0 m up and down per km)"
    )
    assert used_pace(steep, 2.5) == (300, "gap")
    assert used_pace(rolling, 2.5) == (300, "gap")
    assert used_pace(rolling, 10.0) == (306, "pace")  # a 20 s window: 6 s of ground can't flip a verdict
    assert used_pace(no_gap, 2.5) == (330, "pace")


def test_progression_reports_mixed_when_some_levels_use_gap() -> None:
    s = segs(TARGETS)
    hill = SegmentData(2, MI, MI, 832.0, gap_s=571.0, avg_grade=0.10)
    levels = judge_levels([s[0], hill, *s[2:]], TARGETS, 20.0, 30.0)
    assert levels[1].used == "gap" and levels[1].verdict == "cleared"
    assert judge_progression(levels, 30.0).used == "mixed"


@settings(max_examples=80, deadline=None)
@given(st.lists(st.floats(min_value=300, max_value=900), min_size=6, max_size=6))
def test_score_is_bounded_and_a_window_miss_never_scores_more(paces: list[float]) -> None:
    levels, boss, _, sc, bad = judge(paces)
    assert 0 <= sc.total <= 100
    assert sc.total == round(sc.levels + sc.step + sc.evenness + sc.monotonic + sc.boss)
    assert ("perfect_ladder" in bad) == all(lv.verdict == "cleared" for lv in levels)
    assert ("boss_beaten" in bad) == (boss.verdict == "cleared")
    # moving one cleared level out of its window never raises the levels part
    if levels[2].verdict == "cleared":
        worse = judge([*paces[:2], TARGETS[2] + 40, *paces[3:]])[3]
        assert worse.levels < sc.levels
