"""Segments by time for trails: `6x8min by effort`, `5x10min 5:40-4:40/km`, `--segment-time 8min`.

On a trail a mile can take 8 minutes or 18, so the ladder steps up by time: each segment a notch harder
on the talk test (by effort, with a heart-rate target that climbs), or a pace held for a time.
"""

from __future__ import annotations

import itertools
import json
import math

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from progtempo._json import json_safe
from progtempo.errors import ProgtempoError
from progtempo.fitness.effort import EFFORT_BY_KEY, EFFORTS
from progtempo.plan.day import plan_day
from progtempo.plan.ladder import Session
from progtempo.plan.request import SessionRequest, build_session
from progtempo.plan.spec import parse_plan, spec_unit


def test_the_trail_session_by_effort() -> None:
    s = parse_plan("6x8min by effort", "km")
    assert (s.segments, s.segment_s, s.segment_m, s.by_effort, s.paced) == (6, 480, None, True, False)
    assert s.total_time_s == 6 * 480 and s.total_distance_m is None and s.distance_range_m is None
    ladder = s.ladder()
    talk = [EFFORT_BY_KEY[seg.effort].talk for seg in ladder]
    assert talk[0] == "could recite Shakespeare" and talk[-1] == "a single word"
    levels = [[e.key for e in EFFORTS].index(seg.effort) for seg in ladder]
    assert levels == sorted(levels) and len(set(levels)) == 4
    # each segment a notch harder: heart-rate bands strictly climbing, never overlapping
    bands = [seg.hr_target_pct for seg in ladder]
    assert all(b is not None for b in bands)
    for lo, hi in itertools.pairwise(b for b in bands if b is not None):
        assert lo[1] <= hi[0] and lo[0] < hi[0]
    # and each band's middle sits in the zone of its talk test
    for seg in ladder:
        e, band = EFFORT_BY_KEY[seg.effort], seg.hr_target_pct
        assert band is not None and e.hr_pct_max_low <= (band[0] + band[1]) / 2 < e.hr_pct_max_high
    assert [seg.cumulative_time_s for seg in ladder] == [480 * k for k in range(1, 7)]


@pytest.mark.parametrize(
    "text", ["6 x 8 min by effort", "6x8mins BY EFFORT", "6x480s by effort", "6×8minutes by effort"]
)
def test_spellings_of_a_time(text: str) -> None:
    assert parse_plan(text, "mi") == parse_plan("6x8min by effort", "mi")


def test_paces_by_time() -> None:
    s = parse_plan("5x10min 5:40-4:40/km", "km")
    assert spec_unit("5x10min 5:40-4:40/km") == "km" and spec_unit("6x8min by effort") is None
    assert s.target_paces_s() == [340, 325, 310, 295, 280] and s.step_s == 15
    assert [seg.split_time_s for seg in s.ladder()] == [600] * 5
    assert s.total_time_s == 3000
    # at the fast end of every window it goes further than at the slow end; the target sits between
    lo, hi = s.distance_range_m or (0.0, 0.0)
    at_target = sum(600 / p * 1000 for p in s.target_paces_s())
    assert lo < at_target < hi and s.planned_distance_m == pytest.approx(at_target)
    paces = [340, 325, 310, 295, 280]
    assert hi - lo == pytest.approx(sum(600 / (p - 5) * 1000 - 600 / (p + 5) * 1000 for p in paces))
    assert s.average_pace_s == pytest.approx(3000 / (at_target / 1000))


def test_segment_time_option_and_paces() -> None:
    request = SessionRequest(segments=5, segment_time="10min", start="5:40", end="4:40", unit="km")
    s, _ = build_session(request)
    assert s == parse_plan("5x10min 5:40-4:40/km", "km")
    e, _ = build_session(SessionRequest(segments=6, segment_time="8:00", by="effort", unit="mi"))
    assert e == parse_plan("6x8min by effort", "mi")


def test_plan_json_of_a_time_segment() -> None:
    doc = json_safe(parse_plan("6x8min by effort", "km").to_json())
    assert doc["segment_m"] is None and doc["segment_s"] == 480 and doc["spec"] == "6x8min by effort"
    assert doc["total_distance_m"] is None and doc["distance_range_m"] is None and doc["total_time_s"] == 2880
    first = doc["segments"][0]
    assert first["distance_m"] is None and first["duration_s"] == 480 and first["target_pace_s"] is None
    assert first["talk_test"] == "could recite Shakespeare" and first["hr_target_pct"][1] < 75
    paced = json_safe(parse_plan("5x10min 5:40-4:40/km", "km").to_json())
    assert paced["segment_s"] == 600 and paced["segments"][0]["distance_range_m"][0] < 1800
    # distance sessions carry the same keys, null where they don't apply
    mile = parse_plan("6x1mi 10:00-7:30", "mi").to_json()
    assert mile["segment_s"] is None and mile["segments"][0]["duration_s"] is None


def test_errors_say_what_to_write() -> None:
    with pytest.raises(ProgtempoError, match=r'no pace.*"6x8min by effort"'):
        parse_plan("6x8min", "km")
    with pytest.raises(ProgtempoError, match="for minutes write 8min"):
        parse_plan("6x8m 6:00-5:00", "km")
    with pytest.raises(ProgtempoError, match="from 30 s to 60 min"):
        parse_plan("6x10s by effort", "km")
    with pytest.raises(ProgtempoError, match="first target must be below the last"):
        parse_plan("6x8min by effort 96-70%", "km")
    with pytest.raises(ProgtempoError, match="--segment-time and --segment-length"):
        build_session(SessionRequest(segments=6, segment_time="8min", segment_length="1mi"))
    with pytest.raises(ProgtempoError, match="--segment-time 'eight' is not a time"):
        build_session(SessionRequest(segments=6, segment_time="eight", by="effort"))
    with pytest.raises(ProgtempoError, match="nothing to re-plan"):
        plan_day(SessionRequest(spec="6x8min by effort", unit="km"), so_far="6:00,5:40")


def test_heart_rate_range_by_effort() -> None:
    s = parse_plan("6x8min 6:00-4:45/km by effort 72-96%", "km")
    assert s.by_effort and s.effort_range_pct() == (72, 96) and s.paced
    targets = s.effort_targets_pct()
    assert targets[0] == 72 and targets[-1] == 96
    assert s.spec() == "6x8min 6:00 step 15 by effort 72-96%"


def test_replan_by_time_keeps_the_times() -> None:
    day = plan_day(SessionRequest(spec="5x10min 5:40-4:40/km", unit="km"), so_far="5:38,5:20")
    assert day.replan is not None
    doc = day.to_json()
    assert [s["split_time_s"] for s in doc["segments"]] == [600] * 5
    assert doc["so_far"]["time_s"] == 1200
    assert doc["so_far"]["distance_m"] == pytest.approx(600 / 338 * 1000 + 600 / 320 * 1000)
    assert doc["total_time_s"] == 3000


_minutes = st.integers(min_value=2, max_value=120).map(lambda k: k * 15.0)  # 30 s to 30 min


@settings(max_examples=150, deadline=None)
@given(
    n=st.integers(min_value=1, max_value=12),
    seg_s=_minutes,
    start=st.integers(min_value=300, max_value=720),
    step=st.sampled_from([0, 5, 10, 12.5, 15, 20, 30]),
    by_effort=st.booleans(),
    paced=st.booleans(),
    unit=st.sampled_from(["mi", "km"]),
)
def test_a_time_spec_reads_back_as_itself(
    n: int, seg_s: float, start: int, step: float, by_effort: bool, paced: bool, unit: str
) -> None:
    """The spec a session writes parses back to it, and its plan JSON reads back to the same session."""
    assert unit in ("mi", "km")
    head = f"{n}x{seg_s:g}s"
    if not paced:
        text = f"{head} by effort"
    else:
        if n > 1 and not step:
            return  # no progression without a step: the planner refuses it, tested elsewhere
        pace = f"{start // 60}:{start % 60:02d}"
        ladder = f"{pace} step {step:g}" if n > 1 else f"{pace}-{pace}"
        text = f"{head} {ladder}" + (" by effort" if by_effort else "")
    try:
        s = parse_plan(text, unit)  # type: ignore[arg-type]
    except ProgtempoError as exc:
        assert "outside what humans run" in str(exc)
        return
    assert s.segment_s == seg_s and s.segments == n and s.total_time_s == pytest.approx(n * seg_s)
    assert parse_plan(s.spec(), unit) == s  # type: ignore[arg-type]
    back = Session.from_json(json.loads(json.dumps(json_safe(s.to_json()))))
    assert back.spec() == s.spec() and back.segment_s == s.segment_s
    assert (math.isnan(back.start_pace_s) and math.isnan(s.start_pace_s)) or back == s
