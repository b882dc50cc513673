"""Sessions by time and by effort in every export: FIT time steps (decoded by fitdecode and Garmin's SDK)
with heart-rate targets in bpm or an open target with the talk test in the name, intervals.icu `% HR`
lines, Zwift durations, TCX time steps, calendar text and the card in minutes."""

from __future__ import annotations

import datetime as dt
import io
import itertools
import re
import xml.etree.ElementTree as ET
from typing import Any

import fitdecode
import pytest
from garmin_fit_sdk import Decoder, Stream

from progtempo.export import render, steps
from progtempo.export.card import _row_cells
from progtempo.fitness.effort import EFFORT_BY_KEY
from progtempo.plan.effort import HrScale
from progtempo.plan.ladder import Session
from progtempo.plan.request import SessionRequest, build_session

CREATED = dt.datetime(2026, 3, 1, 8, 0, tzinfo=dt.UTC)


def trail(hr_max: float | None = None, **kw: Any) -> Session:
    session, _ = build_session(SessionRequest(spec="6x8min by effort", unit="km", hr_max=hr_max, **kw))
    return session


def fit_steps(data: bytes) -> tuple[list[dict[str, Any]], list[dict[str, Any]]]:
    """The workout steps as fitdecode (CRC checked) and as Garmin's SDK read them."""
    ours: list[dict[str, Any]] = []
    with fitdecode.FitReader(io.BytesIO(data), check_crc=fitdecode.CrcCheck.RAISE) as fr:
        for fm in fr:
            if isinstance(fm, fitdecode.FitDataMessage) and fm.name == "workout_step":
                ours.append({f.name: f.value for f in fm.fields})
    assert Decoder(Stream.from_byte_array(bytearray(data))).check_integrity()
    messages, errors = Decoder(Stream.from_byte_array(bytearray(data))).read()
    assert errors == []
    return ours, messages["workout_step_mesgs"]


def test_fit_time_steps_by_effort_without_heart_rate() -> None:
    data = render(trail(warmup="10min", cooldown="5min"), "fit", created=CREATED)
    ours, garmin = fit_steps(data)
    warm, *levels, cool = ours
    assert [s["duration_type"] for s in ours] == ["time"] * 8
    assert [s["duration_time"] for s in ours] == [600.0, *[480.0] * 6, 300.0]
    assert [g["duration_value"] for g in garmin] == [600_000, *[480_000] * 6, 300_000]  # ms
    assert all(s["target_type"] == "open" for s in ours)  # no bpm known: the talk test carries it
    names = [s["wkt_step_name"] for s in levels]
    assert names[0] == "Level 1 · could recite Shakespeare" and names[-1] == "Level 6 · a single word"
    assert levels[1]["notes"] == "Talk test: a few sentences. RPE 4-5, Z3 tempo. HR 73-77% of max."
    assert (warm["intensity"], cool["intensity"]) == ("warmup", "cooldown")


@pytest.mark.parametrize("hr_max", [160.0, 188.0, 205.0])
def test_fit_heart_rate_targets_in_bpm(hr_max: float) -> None:
    session = trail(hr_max)
    ours, garmin = fit_steps(render(session, "fit", created=CREATED))
    assert all(s["target_type"] == "heart_rate" for s in ours)
    # the profile writes bpm as bpm + 100 (0-100 would be % of max)
    bands = [(g["custom_target_value_low"] - 100, g["custom_target_value_high"] - 100) for g in garmin]
    assert bands == [seg.hr_target_bpm for seg in session.ladder()]
    assert all(lo <= hi for lo, hi in bands)
    for (_, hi), (lo, _) in itertools.pairwise(bands):
        assert hi < lo  # each level harder than the last, bands apart
    for (lo, hi), seg in zip(bands, session.ladder(), strict=True):  # each band centred in its zone
        e = EFFORT_BY_KEY[seg.effort]
        assert e.hr_pct_max_low / 100 * hr_max - 1 <= (lo + hi) / 2 <= e.hr_pct_max_high / 100 * hr_max + 1
    assert bands[-1][1] <= hr_max


def test_fit_paces_by_time() -> None:
    session, _ = build_session(SessionRequest(spec="5x10min 5:40-4:40/km", unit="km"))
    ours, garmin = fit_steps(render(session, "fit", created=CREATED))
    assert [s["duration_time"] for s in ours] == [600.0] * 5
    assert [s["target_type"] for s in ours] == ["speed"] * 5
    for s, pace in zip(ours, (340, 325, 310, 295, 280), strict=True):
        assert abs(s["custom_target_speed_low"] - 1000 / (pace + 5)) <= 0.001
        assert abs(s["custom_target_speed_high"] - 1000 / (pace - 5)) <= 0.001
    assert [g["duration_value"] for g in garmin] == [600_000] * 5


def test_intervals_lines_by_effort() -> None:
    text = render(trail(warmup="10min"), "intervals").decode()
    step = re.compile(r"^- Level (\d) ([a-zA-Z ]+) 8m (\d+)-(\d+)% HR$")
    lines = [ln for ln in text.splitlines() if ln.startswith("- Level")]
    parsed = [step.match(ln) for ln in lines]
    assert all(parsed) and len(parsed) == 6, lines
    bands = [(int(m.group(3)), int(m.group(4))) for m in parsed if m]
    assert all(a[1] < b[0] for a, b in itertools.pairwise(bands))
    assert next(m.group(2) for m in parsed if m) == "could recite Shakespeare"
    assert "- Warm up 10m Z1-Z2 HR" in text.splitlines()
    paced, _ = build_session(SessionRequest(spec="5x10min 5:40-4:40/km", unit="km"))
    assert render(paced, "intervals").decode().splitlines()[1] == "- Level 1 10m 5:45-5:35/km Pace"


def test_zwift_durations_in_seconds() -> None:
    root = ET.fromstring(render(trail(warmup="10min"), "zwo", name="trail"))
    assert root.find("durationType") is None  # Zwift's default: seconds
    blocks = list(root.find("workout") or [])
    assert [b.tag for b in blocks] == ["FreeRide"] * 7
    assert [b.get("Duration") for b in blocks] == ["600", *["480"] * 6]
    messages = [b.find("textevent").get("message") for b in blocks]  # type: ignore[union-attr]
    assert messages[1] == "Level 1: could recite Shakespeare, HR 68-72% of max"
    paced, _ = build_session(SessionRequest(spec="5x10min 5:40-4:40/km", unit="km"))
    root = ET.fromstring(render(paced, "zwo", name="paced"))
    blocks = list(root.find("workout") or [])
    assert [(b.tag, b.get("Duration")) for b in blocks] == [("SteadyState", "600")] * 5
    assert float(blocks[-1].get("Power") or 0) == 1.0  # the end pace is the reference


def test_tcx_time_steps_and_heart_rate() -> None:
    ns = {"t": "http://www.garmin.com/xmlschemas/TrainingCenterDatabase/v2"}
    xsi = "{http://www.w3.org/2001/XMLSchema-instance}type"
    root = ET.fromstring(render(trail(188.0), "tcx", name="trail"))
    found = root.findall(".//t:Step", ns)
    assert [s.find("t:Duration", ns).get(xsi) for s in found] == ["Time_t"] * 6  # type: ignore[union-attr]
    assert [s.findtext("t:Duration/t:Seconds", namespaces=ns) for s in found] == ["480"] * 6
    lows = [int(s.findtext("t:Target/t:HeartRateZone/t:Low/t:Value", namespaces=ns) or 0) for s in found]
    assert lows == [seg.hr_target_bpm[0] for seg in trail(188.0).ladder() if seg.hr_target_bpm]
    open_root = ET.fromstring(render(trail(), "tcx", name="trail"))
    assert {t.get(xsi) for t in open_root.findall(".//t:Target", ns)} == {"None_t"}


def test_calendar_and_card_in_minutes() -> None:
    from icalendar import Calendar

    cal = Calendar.from_ical(render(trail(), "ics", day=dt.date(2026, 3, 4), created=CREATED))
    (event,) = cal.walk("VEVENT")
    assert event["dtend"].dt - event["dtstart"].dt == dt.timedelta(minutes=48)
    text = str(event["description"])
    assert "Level 1: 8:00, talk test: could recite Shakespeare (RPE 2-3), HR 68-72% of max, at 8:00" in text
    session = trail(188.0)
    rows = [_row_cells(st, session) for st in steps(session)]
    assert rows[0] == ("1", "127–136", "2-3", "8:00", "8:00")
    assert rows[-1][3:] == ("8:00", "48:00")
    paced, _ = build_session(SessionRequest(spec="5x10min 5:40-4:40/km", unit="km"))
    assert [_row_cells(st, paced)[3] for st in steps(paced)] == ["10:00"] * 5


def test_a_plan_json_keeps_the_runners_heart_rate() -> None:
    from progtempo._json import json_safe

    session = trail(188.0)
    doc = json_safe(session.to_json())
    assert doc["segments"][0]["hr_target_bpm"] == [127, 136]
    back = Session.from_json(doc)
    assert back.hr == session.hr == HrScale.from_max(188.0)
    assert [s.hr_target_bpm for s in back.ladder()] == [s.hr_target_bpm for s in session.ladder()]


def test_threshold_heart_rate_gives_the_runners_own_zones() -> None:
    """From a threshold heart rate the bands sit in the runner's own (Friel %LTHR) zones, in bpm."""
    from progtempo.fitness.zones import hr_zones

    session, _ = build_session(SessionRequest(spec="6x8min by effort", unit="km", threshold_hr=170.0))
    zones = hr_zones(170.0, None)
    assert zones is not None and session.hr is not None and session.hr.basis == "threshold_hr"
    bands = [seg.hr_target_bpm for seg in session.ladder()]
    assert all(b is not None for b in bands)
    for seg, band in zip(session.ladder(), bands, strict=True):
        zone = zones.for_effort(seg.effort)
        assert zone is not None and band is not None
        assert zone.low_bpm - 1 <= (band[0] + band[1]) / 2 <= zone.high_bpm + 1
    ours, _ = fit_steps(render(session, "fit", created=CREATED))
    assert [(s["custom_target_heart_rate_low"] - 100) for s in ours] == [b[0] for b in bands if b]
