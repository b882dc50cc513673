"""The energy-system emphasis: every system contributes, the shares shift along the ladder."""

from __future__ import annotations

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from progtempo.coach.energy import energy_report, segment_energy, shares


def test_the_article_ladder_goes_from_aerobic_to_glycolytic() -> None:
    rep = energy_report([600, 570, 540, 510, 480, 450], 450.0, "plan_end")
    assert [s.label for s in rep.segments] == ["primarily aerobic"] * 4 + ["mixed", "primarily glycolytic"]
    assert rep.segments[0].intensity == pytest.approx(0.75)
    assert rep.segments[-1].intensity == pytest.approx(1.0)
    glyco = [s.glycolytic for s in rep.segments]
    assert glyco == sorted(glyco)


def test_threshold_shares() -> None:
    e = segment_energy(1, 300.0, 300.0)
    assert (e.aerobic, e.glycolytic, e.phosphagen) == pytest.approx((0.3423, 0.6330, 0.0247), abs=1e-3)


@settings(max_examples=60, deadline=None)
@given(st.floats(min_value=0.2, max_value=3.0))
def test_every_system_always_contributes(intensity: float) -> None:
    a, g, p = shares(intensity)
    assert a + g + p == pytest.approx(1.0)
    assert min(a, g, p) > 0.0


def test_no_threshold_no_segments() -> None:
    assert energy_report([600.0], None, None).segments == []
    assert energy_report([600.0, None], 450.0, "fitness").to_json()["threshold_source"] == "fitness"
