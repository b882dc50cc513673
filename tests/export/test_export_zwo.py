"""Zwift run workout: well-formed XML, the right structure, shares of the reference pace per block."""

from __future__ import annotations

import pytest
from lxml import etree

from progtempo.errors import ProgtempoError
from progtempo.export import render
from progtempo.plan.rungs import Easy
from progtempo.plan.solve import solve

MI = 1609.344


def test_article_session_as_zwift_run_workout() -> None:
    session = solve(
        unit="mi",
        segments=6,
        start_pace_s=600.0,
        end_pace_s=450.0,
        warmup=Easy(pace_s=660.0, distance_m=MI),
        cooldown=Easy(pace_s=660.0, duration_s=660.0),
    )
    root = etree.fromstring(render(session, "zwo"))
    assert root.tag == "workout_file"
    assert [c.tag for c in root] == [
        "author",
        "name",
        "description",
        "sportType",
        "durationType",
        "tags",
        "workout",
    ]
    assert root.findtext("sportType") == "run"
    assert root.findtext("durationType") == "distance"
    assert root.findtext("name") == "6x1mi 10:00-7:30/mi"
    assert "7:30/mi" in (root.findtext("description") or "")
    blocks = list(root.find("workout"))  # type: ignore[arg-type]
    assert [b.tag for b in blocks] == ["Warmup"] + ["SteadyState"] * 6 + ["Cooldown"]
    assert {b.get("pace") for b in blocks} == {"3"}  # half-marathon pace is the reference
    for block, pace in zip(blocks[1:-1], (600, 570, 540, 510, 480, 450), strict=True):
        assert float(block.get("Duration", "nan")) == pytest.approx(MI, abs=0.001)  # metres
        assert float(block.get("Power", "nan")) == pytest.approx(450 / pace, abs=1e-4)  # share of the speed
        (event,) = block.findall("textevent")
        assert event.get("distoffset") == "0"
    assert blocks[1].find("textevent").get("message") == (  # type: ignore[union-attr]
        "Mile 1: 10:00/mi (10:05-9:55/mi), could recite Shakespeare"
    )
    assert blocks[-1].get("Duration") == "1609.344"  # 11:00 at 11:00/mi is a mile
    assert blocks[0].get("PowerLow") == blocks[0].get("PowerHigh") == "0.6818"


def test_reference_pace_and_kind_can_be_chosen() -> None:
    session = solve(unit="km", segments=5, start_pace_s=360.0, step_s=20.0)
    root = etree.fromstring(render(session, "zwo", zwift_reference="10k", zwift_reference_pace_s=300.0))
    blocks = list(root.find("workout"))  # type: ignore[arg-type]
    assert {b.get("pace") for b in blocks} == {"2"}
    assert [float(b.get("Power", "nan")) for b in blocks] == pytest.approx(
        [300 / p for p in (360, 340, 320, 300, 280)], abs=1e-4
    )
    with pytest.raises(ProgtempoError, match="unknown Zwift reference"):
        render(session, "zwo", zwift_reference="parkrun")
