"""Daniels-Gilbert VDOT against published rows of Daniels' tables and of the VDOT calculator.

Sources of the numbers (docs/fitness.md lists them):
- race equivalents: Daniels' Running Formula, table of VDOT values (rows 30, 40, 50), as quoted in
  "Dissecting Daniels - Part 4" (r/artc, 2017);
- training paces: VDOT calculator outputs quoted in public posts: glalon.de "mile plan" (I/R per 400 m and
  E range for 5:20, 5:10 and 4:59 milers), fit360.blogspot.com (VDOT 49), bryanriley.blogspot.com
  (10k 39:32), ymca.net "Determine your threshold pace" (VDOT 35.07, T 9:07/mi).
"""

from __future__ import annotations

import pytest

from progtempo.errors import ProgtempoError
from progtempo.fitness import assess, parse_race
from progtempo.fitness.vdot import (
    race_time_s,
    riegel_time_s,
    threshold_pace_s_per_km,
    training_paces,
    vdot_from_race,
)
from progtempo.fitness.zones import PaceZones
from progtempo.plan.suggest import advise, suggested_session
from progtempo.units import MILE_M, parse_duration

PER_MI = MILE_M / 1000.0  # s/km -> s/mi

# VDOT -> {distance_m: published time}
TABLE = {
    30: {MILE_M: "9:11", 5000: "30:40", 10000: "63:46", 21097.5: "2:21:04", 42195: "4:49:17"},
    40: {MILE_M: "7:07", 5000: "24:08", 10000: "50:03", 21097.5: "1:50:59", 42195: "3:49:45"},
    50: {MILE_M: "5:50", 5000: "19:57", 10000: "41:21", 21097.5: "1:31:35", 42195: "3:10:49"},
}


@pytest.mark.parametrize("vdot", sorted(TABLE))
def test_equivalents_match_daniels_table_to_0_3_percent(vdot: int) -> None:
    for distance_m, published in TABLE[vdot].items():
        want = parse_duration(published)
        assert race_time_s(vdot, distance_m) == pytest.approx(want, rel=0.003), (vdot, distance_m)


@pytest.mark.parametrize("vdot", sorted(TABLE))
def test_table_times_give_back_their_vdot(vdot: int) -> None:
    for distance_m, published in TABLE[vdot].items():
        assert vdot_from_race(distance_m, parse_duration(published)) == pytest.approx(vdot, abs=0.3)


def test_calculator_equivalents_from_a_10k() -> None:
    vdot = vdot_from_race(10000, parse_duration("39:32"))
    assert vdot == pytest.approx(52.66, abs=0.01)
    assert race_time_s(vdot, MILE_M) == pytest.approx(parse_duration("5:34"), abs=1)
    assert race_time_s(vdot, 5000) == pytest.approx(parse_duration("19:04"), abs=1)
    assert race_time_s(vdot, 21097.5) == pytest.approx(parse_duration("1:27:30"), abs=2)
    assert race_time_s(vdot, 42195) == pytest.approx(parse_duration("3:02:03"), rel=0.003)


def mi(pace_s_per_km: float) -> float:
    return pace_s_per_km * PER_MI


def per400(pace_s_per_km: float) -> float:
    return pace_s_per_km * 0.4


@pytest.mark.parametrize(
    ("mile", "i400", "r400", "easy"),
    [
        ("5:20", 86, 80, ("7:36", "8:22")),
        ("5:10", 84, 78, ("7:23", "8:08")),
        ("4:59", 81, 75, ("7:08", "7:53")),
    ],
)
def test_paces_match_the_calculator_for_milers(
    mile: str, i400: float, r400: float, easy: tuple[str, str]
) -> None:
    p = training_paces(vdot_from_race(MILE_M, parse_duration(mile)))
    assert per400(p["interval"]) == pytest.approx(i400, abs=1.0)  # 1 s per 400 m = 4 s per mile
    assert per400(p["repetition"]) == pytest.approx(r400, abs=1.0)
    assert mi(p["easy"][0]) == pytest.approx(parse_duration(easy[0]), abs=3)
    assert mi(p["easy"][1]) == pytest.approx(parse_duration(easy[1]), abs=3)


def test_paces_vdot_49() -> None:
    p = training_paces(49)
    assert mi(p["marathon"]) == pytest.approx(parse_duration("7:24"), abs=3)
    assert mi(p["threshold"]) == pytest.approx(parse_duration("6:55"), abs=3)
    assert p["threshold"] == pytest.approx(parse_duration("4:20"), abs=2)
    assert per400(p["interval"]) == pytest.approx(95, abs=1)
    assert per400(p["repetition"]) == pytest.approx(89, abs=1)


def test_paces_from_a_39_32_10k() -> None:
    p = training_paces(vdot_from_race(10000, parse_duration("39:32")))
    assert mi(p["marathon"]) == pytest.approx(parse_duration("6:58"), abs=3)
    assert mi(p["threshold"]) == pytest.approx(parse_duration("6:34"), abs=3)
    assert mi(p["interval"]) == pytest.approx(parse_duration("6:02"), abs=3)


def test_threshold_from_an_8_minute_mile() -> None:
    vdot = vdot_from_race(MILE_M, 480)
    assert vdot == pytest.approx(35.07, abs=0.02)
    assert mi(threshold_pace_s_per_km(vdot)) == pytest.approx(parse_duration("9:07"), abs=3)


def test_paces_are_ordered() -> None:
    for vdot in (20, 30, 45, 60, 85):
        p = training_paces(vdot)
        assert p["easy"][1] > p["easy"][0] > p["marathon"] > p["threshold"] > p["interval"] > p["repetition"]


def test_riegel_is_a_close_cross_check() -> None:
    assert riegel_time_s(2700, 10000, 21097.5) == pytest.approx(2700 * 2.10975**1.06)
    vdot = vdot_from_race(10000, 2700)
    assert race_time_s(vdot, 21097.5) == pytest.approx(riegel_time_s(2700, 10000, 21097.5), rel=0.02)


# ---- what `progtempo fitness` shows ----


def test_assess_10k_45_json() -> None:
    doc = advise(*parse_race("10k=45:00", "mi"), "mi").to_json()
    assert doc["vdot"] == pytest.approx(45.26, abs=0.01)
    assert doc["unit"] == "mi"
    assert set(doc["equivalents_s"]) >= {"1500m", "mile", "5k", "10k", "half_marathon", "marathon"}
    assert doc["equivalents_s"]["10k"] == pytest.approx(2700, abs=0.1)
    paces = doc["paces_s"]
    assert set(paces) == {"easy", "marathon", "threshold", "interval", "repetition"}
    fast, slow = paces["easy"]
    assert slow > fast > paces["marathon"] > paces["threshold"] > paces["interval"] > paces["repetition"]
    assert paces["threshold"] == pytest.approx(445.1, abs=0.1)  # 7:25/mi
    s = doc["suggested_session"]
    assert s["unit"] == "mi" and len(s["segments"]) == 6
    assert s["end_pace_s"] >= paces["threshold"] and s["end_pace_s"] - paces["threshold"] < 5
    assert fast <= s["start_pace_s"] <= slow  # starts at easy pace


@pytest.mark.parametrize("unit", ["mi", "km"])
@pytest.mark.parametrize(
    "race", ["1500m=5:00", "mile=6:00", "3k=12:00", "5k=20:00", "half=1:45:00", "marathon=4:30:00"]
)
def test_suggested_session_runs_easy_to_threshold(unit: str, race: str) -> None:
    advice = advise(*parse_race(race, unit), unit)  # type: ignore[arg-type]
    f, s = advice.fitness, advice.session
    easy_fast, easy_slow = f.easy_pace_s
    assert easy_fast - 1e-6 <= s.start_pace_s <= easy_slow + 1e-6
    assert 0 <= s.end_pace_s - f.threshold_pace_s < 5
    assert s.step_s > 0 and s.step_s == round(s.step_s)
    assert s.warnings == ()  # the window never overlaps the next segment's


def test_suggested_session_segments() -> None:
    s = suggested_session(45, "km", 10)
    assert s.segments == 10 and s.unit == "km"


def test_parse_race_forms() -> None:
    assert parse_race("8.2km=40:00", "mi") == (8200.0, 2400.0)
    assert parse_race("half=1:45:00", "mi") == (21097.5, 6300.0)
    assert parse_race("mile=5:30", "km") == (MILE_M, 330.0)


@pytest.mark.parametrize(
    ("race", "match"),
    [
        ("10k", "DISTANCE=TIME"),
        ("10k=fast", "duration"),
        ("100m=0:10", "outside what VDOT models"),
        ("10k=10:00", "beyond world-record"),
        ("marathon=1:30:00", "beyond world-record"),
        ("10k=5:00:00", "slower than the model"),
    ],
)
def test_impossible_races(race: str, match: str) -> None:
    with pytest.raises(ProgtempoError, match=match):
        assess(*parse_race(race, "mi"), "mi")


def test_world_records_are_human() -> None:
    assert vdot_from_race(42195, parse_duration("2:00:35")) == pytest.approx(85.5, abs=0.5)
    assess(42195, parse_duration("2:00:35"), "km")


def test_zones() -> None:
    z = PaceZones.from_vdot(50)
    assert z.zone_of(z.easy_slow_s + 10) == "recovery"
    assert z.zone_of(z.easy_fast_s) == "easy"
    assert z.zone_of(z.marathon_s) == "marathon"
    assert z.zone_of(z.threshold_s) == "threshold"
    assert z.zone_of(z.interval_s) == "interval"
    assert z.zone_of(z.repetition_s) == "repetition"
    assert z.effort_of(z.threshold_s) == "a_few_words"
    assert z.effort_of(z.easy_fast_s) == "conversational"
