"""What the coach says about a run that was not a ladder, as a runner reads it: in their unit, plainly,
with faster or slower in words rather than a sign to decode."""

from __future__ import annotations

import re

import pytest

from progtempo.analysis import analyze
from progtempo.coach import evaluate
from progtempo.synth import Leg, make_run
from progtempo.units import Unit


def said(legs: list[Leg], unit: Unit) -> str:
    rep = evaluate(analyze(make_run(legs, gps=False).activity, unit=unit))
    assert rep.advice.insight == "not_progressive"
    return rep.advice.message


TRENDS = [
    ([300, 315, 330, 345, 360, 375], "got slower"),
    ([360, 340, 300, 330, 310, 305], "got faster"),
    ([320, 322, 318, 321, 319, 320], "held about steady"),
]


@pytest.mark.parametrize("unit", ["mi", "km"])
@pytest.mark.parametrize(("paces", "how"), TRENDS)
def test_the_whole_run_s_trend_is_said_in_words(unit: Unit, paces: list[int], how: str) -> None:
    text = said([Leg(1000.0, p) for p in paces], unit)
    trend = re.search(
        r"over the whole run your (?:grade-adjusted )?pace (got faster|got slower|held about steady)", text
    )
    assert trend is not None and trend.group(1) == how, text
    assert f"/{unit}" in text
    assert not re.search(r"[+-]\d", text), text  # no sign to decode
    assert ("km" in text) == (unit == "km") and (" mi" in text or "/mi" in text) == (unit == "mi")


@pytest.mark.parametrize("unit", ["mi", "km"])
def test_a_run_too_short_for_a_ladder_says_so_with_both_lengths(unit: Unit) -> None:
    # 4.82 km: a rounding under the 3 miles (4.83 km) a found ladder needs; never "3 mi ... needs 3 mi"
    text = said([Leg(1607.0, 330.0), Leg(1607.0, 320.0), Leg(1607.0, 310.0)], unit)
    run, need = re.search(r"at ([\d.]+) (?:mi|km) it is too short .* needs ([\d.]+) (?:mi|km)", text).groups()  # type: ignore[union-attr]
    assert float(run) < float(need), text
