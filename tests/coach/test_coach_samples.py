"""The coach on a real run: the FR955 long run, whose second block is faster: two steady paces, no ladder."""

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


@pytest.mark.parametrize("unit", ["km", "mi"])
def test_fr955_is_two_steady_paces_not_a_ladder(fr955: Path, unit: str) -> None:
    # laps: 1.37 km warm-up, ~8.4 km at ~6:05/km, ~8.5 km at ~5:40/km, then 0.9 km of cool-down to 19.1 km;
    # the heart rate never passes 139: an easy long run with a faster second half, not a progressive tempo
    rep = evaluate(analyze(read_activity(fr955), unit=unit))  # type: ignore[arg-type]
    assert not rep.block.progressive and rep.score is None and rep.levels == []
    assert rep.advice.insight == "not_progressive"
    nxt = rep.advice.next_session
    assert nxt is not None and nxt.segments <= 8
