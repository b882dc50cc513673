"""The coach on a real progressive run: the FR955 long run, whose second block is faster."""

from __future__ import annotations

from pathlib import Path

import pytest

from progtempo.analysis import analyze
from progtempo.coach import evaluate
from progtempo.io import read_activity

pytestmark = pytest.mark.samples

FR955 = "fit/gc__fr955_long_run_14211916346_ACTIVITY.fit"


@pytest.fixture(scope="module")
def fr955(samples_dir: Path) -> Path:
    path = samples_dir / FR955
    if not path.is_file():
        pytest.skip(f"{path} is absent (the FR955 long run from ../shared/samples)")
    return path


def test_fr955_block_and_insight_without_a_plan(fr955: Path) -> None:
    # laps: 1.37 km warm-up, ~8.4 km at ~6:05/km, ~8.5 km at ~5:40/km, then 0.9 km of cool-down to 19.1 km
    analysis = analyze(read_activity(fr955), unit="km")
    rep = evaluate(analysis)
    b = rep.block
    assert b.progressive and b.source == "found"
    assert 0 < b.start_m <= 2000  # the warm-up is trimmed, and no more than it
    assert 17_500 <= b.end_m <= 19_000  # the cool-down is trimmed
    assert b.segments >= 15
    assert rep.session is not None
    assert rep.session.start_pace_s - rep.session.end_pace_s >= 10  # it got faster
    assert rep.progression is not None and rep.progression.achieved_step_s > 0
    assert "negative_split" in rep.badges
    assert rep.advice.insight in ("on_target", "plenty_left")
    assert rep.boss is not None and rep.boss.beaten


def test_fr955_in_miles(fr955: Path) -> None:
    rep = evaluate(analyze(read_activity(fr955), unit="mi"))
    assert rep.block.progressive and rep.block.segments >= 9
    assert rep.advice.insight in ("on_target", "plenty_left")
