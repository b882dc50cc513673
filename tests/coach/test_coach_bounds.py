"""Advice that can't hurt, as properties: every next session the coach gives, over many synthetic runs.

The runs come from the synthetic generator with random paces, lengths, heart rate, hills, warm-ups and
plans (hypothesis); for each, in miles and in km, the next session must start easy, end no faster than
the runner has shown, step in whole seconds of 5 s or more, and be no longer than the longest run
known. The checks here are computed from the splits, not taken from the coach's own evidence; they
also run `bounds.violations`, the coach's own statement of the same bounds.
"""

from __future__ import annotations

import math

import pytest
from hypothesis import HealthCheck, event, given, settings
from hypothesis import strategies as st

from progtempo.analysis import Analysis, analyze, boundaries, splits_at
from progtempo.coach import CoachReport, evaluate
from progtempo.coach.advice import MAX_VOLUME_M
from progtempo.coach.bounds import (
    END_MARGIN,
    MAX_SPAN,
    MIN_SPAN,
    STARTER_SEGMENT_M,
    Evidence,
    bound,
    in_unit,
    starter,
    violations,
)
from progtempo.fitness.zones import PaceZones
from progtempo.plan.ladder import Session
from progtempo.plan.solve import solve
from progtempo.synth import Leg, make_run
from progtempo.units import Unit, convert_pace, unit_m

legs = st.lists(
    st.builds(
        Leg,
        distance_m=st.floats(400.0, 3200.0),
        pace_s_per_km=st.floats(200.0, 600.0),
        grade=st.sampled_from([0.0, 0.0, 0.0, 0.02, -0.02, 0.05]),
        hr_bpm=st.one_of(st.none(), st.floats(110.0, 185.0)),
    ),
    min_size=1,
    max_size=9,
)
ladders = st.builds(
    lambda n, start, step, seg: [Leg(seg, start - k * step, hr_bpm=125.0 + 5 * k) for k in range(n)],
    st.integers(3, 9),
    st.floats(330.0, 560.0),
    st.floats(0.0, 25.0),
    st.sampled_from([1000.0, 1609.344, 800.0]),
)
plans = st.one_of(
    st.none(),
    st.tuples(st.sampled_from(["mi", "km"]), st.integers(2, 8), st.integers(380, 720), st.integers(5, 40))
    .filter(lambda t: t[2] - (t[1] - 1) * t[3] >= 250)  # a human end pace
    .map(lambda t: solve(unit=t[0], segments=t[1], start_pace_s=t[2], step_s=t[3])),
)


def fastest_whole_split(analysis: Analysis, unit: Unit) -> float | None:
    """The fastest whole split, each at the slower of its pace and GAP (computed here, not by the coach)."""
    per = unit_m(unit)
    paces = [
        max(s.pace_s, s.gap_s) if math.isfinite(s.gap_s) else s.pace_s
        for s in splits_at(analysis.stream, boundaries(analysis.distance_m, per), unit, nominal_m=per)
        if not s.partial and s.elapsed_s > 0
    ]
    paces = [p for p in paces if math.isfinite(p) and p > 0]
    if not paces and analysis.distance_m > 0:  # shorter than a unit: the whole run
        (s,) = splits_at(analysis.stream, [0.0, analysis.distance_m], unit)
        paces = [max(s.pace_s, s.gap_s) if math.isfinite(s.gap_s) else s.pace_s]
    return min(paces) if paces else None


def check_next(
    rep: CoachReport, analysis: Analysis, longest_m: float | None, threshold_s: float | None
) -> None:
    nxt = rep.advice.next_session
    if nxt is None:
        return
    unit = nxt.unit
    assert rep.evidence is not None
    assert violations(nxt, rep.evidence) == [], rep.advice.to_json()
    start, end, step = nxt.start_pace_s, nxt.end_pace_s, nxt.step_s
    assert nxt.segments >= 3
    assert step == round(step) and step >= 5 and start == round(start)
    assert MIN_SPAN - 1e-9 <= (start - end) / start <= MAX_SPAN + 1e-9
    if threshold_s is not None:
        assert end >= convert_pace(threshold_s, "km", unit) - 0.5
    else:
        fastest = fastest_whole_split(analysis, unit)
        assert fastest is not None  # a run with no whole split gets no prescription from its paces
        assert end >= fastest * (1 - END_MARGIN) - 0.5
    assert nxt.total_distance_m <= max(analysis.distance_m, longest_m or 0.0) + 1.0
    for seg in nxt.ladder():
        assert seg.target_pace_s == round(seg.target_pace_s)


@settings(max_examples=100, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(
    st.one_of(legs, ladders),
    plans,
    st.sampled_from(["mi", "km"]),
    st.integers(0, 2),
    st.one_of(st.none(), st.floats(3000.0, 30000.0)),
    st.one_of(st.none(), st.floats(30.0, 70.0)),
)
def test_every_next_session_stays_inside_the_bounds(
    run_legs: list[Leg],
    plan: Session | None,
    unit: Unit,
    cleared: int,
    longest: float | None,
    vdot: float | None,
) -> None:
    activity = make_run(run_legs, warmup=Leg(1200.0, 480.0, hr_bpm=115.0), gps=False).activity
    analysis = analyze(activity, unit=plan.unit if plan else unit)
    zones = PaceZones.from_vdot(vdot) if vdot is not None else None
    rep = evaluate(analysis, plan, cleared_before=cleared, longest_run_m=longest, zones=zones)
    event(f"{rep.advice.insight}, {rep.advice.change}")
    check_next(rep, analysis, longest, zones.threshold_s if zones else None)
    if zones is not None and rep.advice.next_session is not None:
        for seg in rep.advice.next_session.ladder():
            assert seg.effort == zones.effort_of(convert_pace(seg.target_pace_s, seg_unit(rep), "km"))


def seg_unit(rep: CoachReport) -> Unit:
    assert rep.advice.next_session is not None
    return rep.advice.next_session.unit


@settings(max_examples=60, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(st.one_of(legs, ladders))
def test_the_verdict_is_the_same_in_miles_and_in_km(run_legs: list[Leg]) -> None:
    activity = make_run(run_legs, gps=False).activity
    mi, km = evaluate(analyze(activity, unit="mi")), evaluate(analyze(activity, unit="km"))
    event(f"progressive: {mi.block.progressive}")
    assert mi.block.progressive == km.block.progressive
    assert (mi.score is None) == (km.score is None) == (not mi.block.progressive)
    assert mi.advice.insight in ("not_progressive", "not_running") or km.advice.insight not in (
        "not_progressive",
        "not_running",
    )
    if not mi.block.progressive:  # the same advice: a starter in both units or in neither
        assert mi.advice.insight == km.advice.insight
        assert (mi.advice.next_session is None) == (km.advice.next_session is None)
        if mi.advice.next_session is not None and km.advice.next_session is not None:
            assert mi.advice.next_session.by_effort == km.advice.next_session.by_effort
    for rep in (mi, km):
        if rep.score is None:
            assert rep.levels == [] and rep.boss is None and rep.badges == [] and rep.progression is None


@settings(max_examples=100, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(ladders, st.integers(0, 1))
def test_a_found_ladder_gets_the_same_advice_in_miles_and_in_km(run_legs: list[Leg], cleared: int) -> None:
    """The same change (repeat, volume, intensity) and a session as long to a unit's rounding: the cap on
    a session the coach made up and the switch from volume to intensity are lengths (8 miles, 13 km).
    Only a ladder whose whole miles and whole km fall either side of 8 miles (12 km of an 8.1 mi block)
    may change differently: that is the unit's rounding."""
    activity = make_run(run_legs, warmup=Leg(1200.0, 480.0, hr_bpm=115.0), gps=False).activity
    reps = {
        u: evaluate(analyze(activity, unit=u), cleared_before=cleared, longest_run_m=40_000.0) for u in UNITS
    }
    mi, km = reps["mi"], reps["km"]
    if not (mi.block.progressive and km.block.progressive):
        return
    event(f"{mi.advice.change}")
    assert mi.session is not None and km.session is not None
    sides = {rep.session.planned_distance_m >= MAX_VOLUME_M - 1.0 for rep in (mi, km) if rep.session}
    if len(sides) == 1:
        assert mi.advice.change == km.advice.change
    else:
        event("the ladder's whole units fall either side of 8 miles")
    a, b = mi.advice.next_session, km.advice.next_session
    assert (a is None) == (b is None)
    if a is not None and b is not None:
        assert abs(a.planned_distance_m - b.planned_distance_m) <= 1609.344 + 1.0


UNITS: tuple[Unit, Unit] = ("mi", "km")


@pytest.mark.parametrize("unit", ["mi", "km"])
def test_the_starter_is_the_article_s_first_session_scaled(unit: Unit) -> None:
    # an easy 8 mi run at 10:00/mi (6:13/km), no faster split than that
    easy = 600.0 if unit == "mi" else 373.0
    ev = Evidence(unit, easy, easy, 8 * 1609.344, holdable_pace_s=easy)
    s, _ = starter(ev)
    assert s is not None and violations(s, ev) == []
    assert s.segments == 6 and s.segment_m == STARTER_SEGMENT_M[unit] and s.end_pace_s == easy
    assert s.start_pace_s >= easy / (1 - MIN_SPAN)


@settings(max_examples=300, deadline=None)
@given(
    st.floats(200.0, 700.0),
    st.floats(1.0, 1.3),
    st.floats(0.9, 1.1),
    st.floats(300.0, 25000.0),
)
def test_the_starter_is_the_same_session_in_miles_and_in_km(
    fastest_km: float, typical_share: float, hour_share: float, longest_m: float
) -> None:
    """The same evidence gives a starter in both units or in neither, of as many segments of the same
    share of a mile (1 mi / 1.6 km, halves, quarters), at the same paces to the unit's rounding."""
    typical = fastest_km * typical_share
    ev_km = Evidence("km", fastest_km, typical, longest_m, holdable_pace_s=typical * hour_share)
    km, _ = starter(ev_km)
    mi, _ = starter(in_unit(ev_km, "mi"))
    assert (km is None) == (mi is None)
    if km is None or mi is None:
        return
    assert km.segments == mi.segments
    assert km.segment_m / STARTER_SEGMENT_M["km"] == pytest.approx(mi.segment_m / STARTER_SEGMENT_M["mi"])
    for a, b in ((km.start_pace_s, mi.start_pace_s), (km.end_pace_s, mi.end_pace_s)):
        assert a == pytest.approx(convert_pace(b, "mi", "km"), abs=1.0 + 0.02 * a)


def test_a_race_gets_a_session_ending_at_what_it_shows_for_an_hour() -> None:
    # 10 km in 37:04 (3:42/km, first km 3:31): not the 2:58/km "comfortably hard" of before
    ev = Evidence("km", 211.0, 222.0, 10_000.0, holdable_pace_s=222.0 * (3600 / 2224) ** 0.06)
    s, _ = starter(ev)
    assert s is not None and violations(s, ev) == []
    assert s.end_pace_s >= 228.0 and s.start_pace_s >= 258.0


def test_too_short_a_run_gets_no_ladder_but_says_so() -> None:
    ev = Evidence("km", 330.0, 330.0, 900.0, holdable_pace_s=350.0)
    s, why = starter(ev)
    assert s is None and "too short" in why[0]
    s, notes = bound(solve(unit="km", segments=6, start_pace_s=400.0, step_s=10.0), ev)
    assert s is None and "too short" in notes[0]


def test_a_run_at_walking_pace_gets_no_ladder() -> None:
    ev = Evidence("km", 760.0, 800.0, 5000.0, holdable_pace_s=820.0)
    s, why = starter(ev)
    assert s is None and "walking, not running" in why[0]


def test_a_session_is_shortened_to_the_longest_run() -> None:
    ev = Evidence("mi", 450.0, 520.0, 3.5 * 1609.344)
    s, notes = bound(solve(unit="mi", segments=6, start_pace_s=600.0, step_s=30.0), ev)
    assert s is not None and s.segments == 3 and violations(s, ev) == []
    assert any("no longer than the longest run" in n for n in notes)


@pytest.mark.xfail(
    strict=True,
    reason="known: a warm-up run at the first level's pace joins the ladder on the km grid (15x1km, "
    "faded: repeat) but not on the mile grid (9x1mi, cleared: intensity); found by hypothesis",
)
def test_a_warmup_at_the_first_levels_pace_gets_the_same_advice_in_both_units() -> None:
    steps = [(480.0 - 16 * k, 125.0 + 5 * k) for k in range(9)]
    legs = [Leg(1609.344, pace, hr_bpm=hr) for pace, hr in steps]
    activity = make_run(legs, warmup=Leg(1200.0, 480.0, hr_bpm=115.0), gps=False).activity
    mi, km = (evaluate(analyze(activity, unit=u), cleared_before=1, longest_run_m=40_000.0) for u in UNITS)
    assert mi.block.progressive and km.block.progressive
    assert mi.advice.change == km.advice.change
