"""The talk-test table: conversational -> a few sentences -> a few words -> a single word."""

from __future__ import annotations

import itertools

from progtempo.fitness.effort import EFFORT_BY_KEY, EFFORTS
from progtempo.plan.effort import effort_for_segment
from progtempo.plan.spec import parse_plan


def test_table_steps_up_in_every_measure() -> None:
    assert [e.talk for e in EFFORTS] == [
        "could recite Shakespeare",
        "a few sentences",
        "a few words",
        "a single word",
    ]
    for lo, hi in itertools.pairwise(EFFORTS):
        assert lo.rpe_high < hi.rpe_low <= 10
        assert lo.hr_zone + 1 == hi.hr_zone
        assert lo.hr_pct_max_high == hi.hr_pct_max_low
    assert EFFORT_BY_KEY["a_few_words"].rpe == "6-7"


def test_pace_mode_ends_comfortably_hard() -> None:
    keys = [effort_for_segment(i, 6).key for i in range(6)]
    assert keys[0] == "conversational" and keys[-1] == "a_few_words"
    assert keys == sorted(keys, key=[e.key for e in EFFORTS].index)


def test_effort_mode_four_segments_four_levels() -> None:
    s = parse_plan("4x1mi 10:00 step 30", "mi").with_changes(by_effort=True)
    keys = [seg.effort for seg in s.ladder()]
    assert keys == ["conversational", "a_few_sentences", "a_few_words", "single_word"]
    doc = s.to_json()
    assert doc["by"] == "effort"
    assert [seg["rpe_low"] for seg in doc["segments"]] == [2, 4, 6, 8]
    assert [seg["hr_zone"] for seg in doc["segments"]] == [2, 3, 4, 5]


def test_long_ladders_never_step_down() -> None:
    for n in range(1, 15):
        for top in (3, 4):
            levels = [EFFORTS.index(effort_for_segment(i, n, top=top)) for i in range(n)]
            assert levels == sorted(levels) and levels[-1] == top - 1
