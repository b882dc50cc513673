"""intervals.icu text: parsed back line by line, every length and pace range checked."""

from __future__ import annotations

import re

from progtempo.export import render
from progtempo.export.intervals import duration_token, length_token
from progtempo.plan.ladder import Session
from progtempo.plan.rungs import Easy
from progtempo.plan.solve import solve

STEP_RE = re.compile(
    r"^- (?P<cue>[A-Za-z][A-Za-z ]*?(?: \d+)?) "
    r"(?P<len>\d+(?:mi|km|mtr)|(?:\d+h)?(?:\d+m)?(?:\d+s)?) "
    r"(?P<slow>\d+:\d\d)(?:-(?P<fast>\d+:\d\d))?/(?P<unit>mi|km) Pace$"
)
LEN_M = {"mi": 1609.344, "km": 1000.0, "mtr": 1.0}


def mmss(text: str) -> float:
    m, s = text.split(":")
    return int(m) * 60 + int(s)


def parse(text: str) -> list[tuple[str, dict[str, str]]]:
    """The workout text as (section, step fields) pairs; any other line fails the test."""
    out: list[tuple[str, dict[str, str]]] = []
    section = ""
    for line in text.splitlines():
        if not line.strip():
            continue
        if line.startswith("- "):
            m = STEP_RE.match(line)
            assert m, f"not an intervals.icu step line: {line!r}"
            out.append((section, m.groupdict()))
        else:
            section = line
    return out


def length_m(token: str) -> float:
    m = re.fullmatch(r"(\d+)(mi|km|mtr)", token)
    assert m, token
    return int(m.group(1)) * LEN_M[m.group(2)]


def check_ladder(session: Session, text: str) -> None:
    main = [fields for section, fields in parse(text) if section == "Main set"]
    assert len(main) == session.segments
    for fields, seg in zip(main, session.ladder(), strict=True):
        assert fields["unit"] == session.unit
        assert abs(length_m(fields["len"]) - seg.distance_m) <= 0.5
        assert abs(mmss(fields["slow"]) - seg.slow_pace_s) <= 0.5  # paces are written to the second
        assert fields["fast"] is not None
        assert abs(mmss(fields["fast"]) - seg.fast_pace_s) <= 0.5
        assert mmss(fields["slow"]) > mmss(fields["fast"])


def test_article_session_text_exactly() -> None:
    session = solve(unit="mi", segments=6, start_pace_s=600.0, end_pace_s=450.0)
    text = render(session, "intervals").decode()
    assert text.splitlines() == [
        "Main set",
        "- Mile 1 1mi 10:05-9:55/mi Pace",
        "- Mile 2 1mi 9:35-9:25/mi Pace",
        "- Mile 3 1mi 9:05-8:55/mi Pace",
        "- Mile 4 1mi 8:35-8:25/mi Pace",
        "- Mile 5 1mi 8:05-7:55/mi Pace",
        "- Mile 6 1mi 7:35-7:25/mi Pace",
    ]
    check_ladder(session, text)


def test_km_session_with_warmup_and_cooldown_sections() -> None:
    session = solve(
        unit="km",
        segments=5,
        start_pace_s=360.0,
        step_s=20.0,
        warmup=Easy(pace_s=390.0, distance_m=2000.0),
        cooldown=Easy(pace_s=400.0, duration_s=750.0),
    )
    text = render(session, "intervals").decode()
    steps = parse(text)
    assert [section for section, _ in steps] == ["Warmup"] + ["Main set"] * 5 + ["Cooldown"]
    assert steps[0][1] == {"cue": "Warm up", "len": "2km", "slow": "6:30", "fast": None, "unit": "km"}
    assert steps[-1][1] == {"cue": "Cool down", "len": "12m30s", "slow": "6:40", "fast": None, "unit": "km"}
    assert "- Km 1 1km 6:05-5:55/km Pace" in text.splitlines()
    check_ladder(session, text)


def test_other_lengths_are_metres_as_mtr() -> None:
    session = solve(unit="km", segments=8, start_pace_s=330.0, step_s=5.0, segment_m=800.0, tolerance_s=3.0)
    text = render(session, "intervals").decode()
    assert "- Segment 1 800mtr 5:33-5:27/km Pace" in text.splitlines()
    assert not re.search(r"\d+m ", text)  # `m` would mean minutes
    check_ladder(session, text)
    odd = solve(unit="mi", segments=4, start_pace_s=540.0, step_s=20.0, segment_m=1.5 * 1609.344)
    check_ladder(odd, render(odd, "intervals").decode())


def test_tokens() -> None:
    assert length_token(1609.344, "mi") == "1mi"
    assert length_token(1609.344, "km") == "1mi"  # a whole mile stays a mile
    assert length_token(5000.0, "mi") == "5km"
    assert length_token(2414.016, "mi") == "2414mtr"
    assert duration_token(600) == "10m"
    assert duration_token(3725) == "1h2m5s"
