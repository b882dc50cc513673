"""Physically impossible values are dropped with a warning that counts them, and never become a split;
every analysis keeps the invariants (no negative or non-finite time, distance or pace; no split in no
time; nothing faster than the sport allows).

Each case damages a synthetic run the way a broken device or a flipped bit does, then checks that the
analysis matches the clean run's where it should, says how many values it dropped, and keeps every
invariant (`analysis.invariants`, which the fuzzer also runs).
"""

from __future__ import annotations

import dataclasses
import datetime as dt
import math
import re
from pathlib import Path

import numpy as np
import pytest

from progtempo import synth
from progtempo.activity import Activity, Lap
from progtempo.analysis import Analysis, analyze
from progtempo.analysis.invariants import analysis_violations, document_violations
from progtempo.analysis.plausible import drop_impossible, max_speed_m_s
from progtempo.errors import ActivityReadError

START = dt.datetime(2026, 3, 1, 7, tzinfo=dt.UTC)


@pytest.fixture
def run() -> synth.SynthRun:
    """3 km at 5:30, 5:10, 4:50 per km with heart rate, GPS and altitude; 1 Hz."""
    legs = [synth.Leg(1000.0, 330.0 - 20 * k, hr_bpm=140.0 + 8 * k) for k in range(3)]
    return synth.make_run(legs, start_time=START, cadence_spm=170.0)


def damaged(a: Activity, **streams: np.ndarray) -> Activity:
    return dataclasses.replace(a, **streams)


def checked(activity: Activity, **kw: object) -> Analysis:
    """The analysis, after checking it keeps every invariant (in its JSON too)."""
    an = analyze(activity, unit="km", **kw)  # type: ignore[arg-type]
    assert analysis_violations(an) == []
    assert document_violations(an.to_json()) == []
    return an


def dropped(an: Analysis) -> str:
    found = [w for w in an.warnings if w.startswith("dropped impossible values")]
    assert len(found) == 1, an.warnings
    return found[0]


def splits(an: Analysis) -> list[float]:
    return [round(s.elapsed_s, 1) for s in an.splits]


def test_a_clean_run_drops_nothing(run: synth.SynthRun) -> None:
    an = checked(run.activity)
    assert not [w for w in an.warnings if "impossible" in w]
    assert splits(an) == [330.0, 310.0, 290.0]


def test_a_distance_spike_is_dropped_not_run(run: synth.SynthRun) -> None:
    """One record at 42,949 km (0xFFFFFFFF read as a number): the run keeps its splits."""
    d = run.activity.distance_m.copy()
    d[500] = 42_949_672.95
    an = checked(damaged(run.activity, distance_m=d))
    assert an.distance_m == pytest.approx(3000.0)
    assert splits(an) == [330.0, 310.0, 290.0]
    assert "1 distances" in dropped(an)


def test_a_counter_that_leaps_and_a_frozen_stretch(run: synth.SynthRun) -> None:
    d = run.activity.distance_m.copy()
    d[300:320] = 9_999_999.0  # twenty records stuck at an impossible value
    d[700] = d[699] + 500.0  # one leap of 500 m in a second
    an = checked(damaged(run.activity, distance_m=d))
    assert an.distance_m == pytest.approx(3000.0)
    assert splits(an) == pytest.approx([330.0, 310.0, 290.0], abs=0.5)
    assert "21 distances" in dropped(an)


def test_a_counter_that_does_not_start_at_zero(run: synth.SynthRun) -> None:
    d = run.activity.distance_m + 5000.0
    an = checked(damaged(run.activity, distance_m=d))
    assert an.distance_m == pytest.approx(3000.0)
    assert "did not start at 0" in dropped(an)


def test_missing_distance_is_spread_over_its_time(run: synth.SynthRun) -> None:
    """Readings missing for two minutes: the distance is run over those two minutes, not in one step."""
    d = run.activity.distance_m.copy()
    d[400:520] = np.nan
    an = checked(damaged(run.activity, distance_m=d))
    assert splits(an) == pytest.approx([330.0, 310.0, 290.0], abs=0.5)


def test_a_position_teleport_is_dropped(run: synth.SynthRun) -> None:
    a = dataclasses.replace(run.activity, distance_m=None)  # distance from GPS
    lat = a.lat.copy()
    lat[200] = -33.9  # Cape Town for a second
    lat[201:204] = 89.0  # then the pole
    an = checked(damaged(a, lat=lat))
    assert an.distance_source == "gps"
    assert an.distance_m == pytest.approx(3000.0, abs=5)
    assert "4 positions" in dropped(an)


def jumps(an: Analysis) -> str:
    found = [w for w in an.warnings if "not counted in the distance" in w]
    assert len(found) == 1, an.warnings
    return found[0]


@pytest.mark.parametrize("shift_deg", [0.003, 0.05, 2.0])
def test_a_gps_jump_that_persists_keeps_the_rest_of_the_run(run: synth.SynthRun, shift_deg: float) -> None:
    """The fix re-acquired 330 m, 5.5 km or 220 km off and stayed there (a persistent offset): the rest
    of the run is kept, only the jump is not counted."""
    a = dataclasses.replace(run.activity, distance_m=None)
    lat = a.lat.copy()
    lat[500:] += shift_deg
    an = checked(damaged(a, lat=lat))
    assert an.distance_m == pytest.approx(3000.0, abs=10)
    assert splits(an) == pytest.approx([330.0, 310.0, 290.0], abs=3)
    assert "1 GPS jump of" in jumps(an)
    assert not [w for w in an.warnings if "positions" in w]


def test_a_gps_excursion_keeps_its_running_and_drops_its_jumps(run: synth.SynthRun) -> None:
    """Twenty seconds 330 m off, then back: both jumps are not counted; what was run meanwhile is."""
    a = dataclasses.replace(run.activity, distance_m=None)
    lat = a.lat.copy()
    lat[500:520] += 0.003
    an = checked(damaged(a, lat=lat))
    assert an.distance_m == pytest.approx(3000.0, abs=10)
    assert "2 GPS jumps" in jumps(an)


@pytest.mark.parametrize("length", [1, 3, 8])
def test_short_stretches_out_of_reach_are_spikes(run: synth.SynthRun, length: int) -> None:
    a = dataclasses.replace(run.activity, distance_m=None)
    lat = a.lat.copy()
    lat[500 : 500 + length] += 0.003
    an = checked(damaged(a, lat=lat))
    assert an.distance_m == pytest.approx(3000.0, abs=5)
    assert splits(an) == pytest.approx([330.0, 310.0, 290.0], abs=1)
    assert f"{length} positions" in dropped(an)


def test_a_position_frozen_far_away_is_a_spike_however_long(run: synth.SynthRun) -> None:
    """A fix stuck at one far place for 30 s moves nowhere: dropped, not kept as a track."""
    a = dataclasses.replace(run.activity, distance_m=None)
    lat, lon = a.lat.copy(), a.lon.copy()
    lat[500:530], lon[500:530] = 48.0, 2.0
    an = checked(damaged(a, lat=lat, lon=lon))
    assert an.distance_m == pytest.approx(3000.0, abs=5)
    assert "30 positions" in dropped(an)


@pytest.mark.parametrize("how", ["reset", "leap"])
def test_a_distance_counter_that_restarts_or_leaps_for_good(run: synth.SynthRun, how: str) -> None:
    """A counter that starts again from 0, or leaps 50 km (further than the run could have gone) and
    goes on from there: the rest of the run is kept, the jump is not counted."""
    d = run.activity.distance_m.copy()
    if how == "reset":
        d[500:] -= d[500]
    else:
        d[500:] += 50_000.0
    an = checked(damaged(run.activity, distance_m=d))
    assert an.distance_m == pytest.approx(3000.0, abs=5)
    assert splits(an) == pytest.approx([330.0, 310.0, 290.0], abs=2)
    assert "1 distance counter jump" in jumps(an)


def test_a_distance_counter_catching_up_keeps_what_it_ran(run: synth.SynthRun) -> None:
    """A counter that stood still for 40 s (no signal) and then caught up in one step: that distance
    was run, spread over the time before (as fenix2's multisport sample does, tests/io)."""
    d = run.activity.distance_m.copy()
    d[460:500] = d[460]
    an = checked(damaged(run.activity, distance_m=d))
    assert an.distance_m == pytest.approx(3000.0, abs=1)
    assert sum(splits(an)) == pytest.approx(930.0, abs=1)
    assert not [w for w in an.warnings if "not counted" in w]


def _two_tracks(gap_s: float, dlat: float) -> bytes:
    """One GPX with two tracks: the same 3 km, the second `gap_s` after the first, `dlat` degrees north."""
    legs = [synth.Leg(1000.0, 330.0 - 20 * k) for k in range(3)]
    first = synth.make_run(legs, start_time=START, distance=False)
    later = START + dt.timedelta(seconds=float(first.activity.time_s[-1]) + gap_s)
    second = synth.make_run(legs, start_time=later, distance=False)
    moved = dataclasses.replace(second.activity, lat=second.activity.lat + dlat)
    g1 = synth.gpx_bytes(first).decode()
    g2 = synth.gpx_bytes(dataclasses.replace(second, activity=moved)).decode()
    return (g1[: g1.index("</gpx>")] + g2[g2.index("<trk>") : g2.index("</gpx>")] + "</gpx>\n").encode()


@pytest.mark.parametrize("dlat", [0.0, 0.05])
def test_tracks_of_one_file_recorded_apart_are_both_kept(dlat: float) -> None:
    """Two tracks joined in one file, the second started a second after the first ended, at the same
    place or 5.5 km away: both are kept, and the step between them is no run."""
    from progtempo.io import read_activity

    an = checked(read_activity("two.gpx", data=_two_tracks(1.0, dlat)))
    assert an.distance_m == pytest.approx(6000.0, abs=10)
    assert splits(an) == pytest.approx([330.0, 310.0, 290.0, 330.0, 310.0, 290.0], abs=3)
    assert not [w for w in an.warnings if "impossible" in w]


def test_real_files_with_a_gps_jump_keep_their_whole_track(samples_dir: Path) -> None:
    """runpandas' Strava GPX jumps 64.5 m in 1 s at 2,917 s and stays off; gpxpy's 8 joined tracks jump
    184 m in 2 s: each reads its whole length (the TCX twin of the first has 12.01 km by its device)."""
    from progtempo.io import read_activity

    strava = checked(read_activity(samples_dir / "gpx" / "runpandas__stopped_example_strava.gpx"))
    twin = checked(read_activity(samples_dir / "tcx" / "runpandas__stopped_example.tcx"))
    assert strava.distance_m == pytest.approx(twin.distance_m, rel=0.06)
    assert strava.distance_m > 12_300
    lake = checked(read_activity(samples_dir / "gpx" / "gpxpy__cerknicko-jezero-without-elevations.gpx"))
    assert lake.distance_m == pytest.approx(13_190, abs=100)
    for an in (strava, lake):
        found = [re.search(r"([\d,]+) positions", w) for w in an.warnings]
        assert sum(int(m.group(1).replace(",", "")) for m in found if m) <= 5, an.warnings


def test_out_of_range_values(run: synth.SynthRun) -> None:
    a = run.activity
    hr = a.heart_rate.copy()
    hr[10:15] = 255.0  # the uint8 invalid value, read as a number
    hr[20:25] = 0.0  # a strap that lost contact: missing, not counted
    speed = np.full(len(a), 3.0)
    speed[30] = 65.535  # 0xFFFF / 1000
    lat = a.lat.copy()
    lat[40] = 180.0
    cadence = a.cadence.copy()
    cadence[50] = 510.0
    altitude = a.altitude_m.copy()
    altitude[60] = 13_000.0
    an = checked(damaged(a, heart_rate=hr, speed_m_s=speed, lat=lat, cadence=cadence, altitude_m=altitude))
    text = dropped(an)
    for part in ("5 heart rates", "1 speeds", "1 positions", "1 cadences", "1 altitudes"):
        assert part in text
    assert an.max_hr is not None and an.max_hr < 200
    assert splits(an) == [330.0, 310.0, 290.0]


def test_records_timed_before_1990_or_in_the_future(run: synth.SynthRun) -> None:
    a = run.activity
    # the first 30 records stamped 1970 (a clock never set), the start after them
    t = a.time_s.copy()
    early = (dt.datetime(1970, 1, 1, tzinfo=dt.UTC) - START).total_seconds()
    t[:30] = early + np.arange(30)
    an = checked(damaged(a, time_s=t))
    assert "30 records timed before 1990" in dropped(an)
    assert an.activity.start_time == START + dt.timedelta(seconds=30)
    assert len(an.activity) == len(a) - 30
    # everything after "now" is in the future
    an = checked(a, not_after=START + dt.timedelta(seconds=600))
    assert an.elapsed_s == pytest.approx(600.0)
    # nothing left
    with pytest.raises(ActivityReadError, match="before 1990"):
        analyze(damaged(a, time_s=a.time_s + early), unit="km")


def test_impossible_lap_figures_are_dropped(run: synth.SynthRun) -> None:
    laps = list(run.activity.laps)
    laps[0] = dataclasses.replace(laps[0], distance_m=42_949_672.95)
    laps[1] = dataclasses.replace(laps[1], elapsed_s=-5.0, timer_s=math.inf)
    an = checked(dataclasses.replace(run.activity, laps=laps))
    assert an.activity.laps[0].distance_m is None
    assert an.activity.laps[1].timer_s is None
    assert "2 lap figures" in dropped(an)


def test_distance_gained_while_paused_is_not_run_in_no_time(run: synth.SynthRun) -> None:
    """A timer pause the device says lasted while 2 km went by (a damaged event, a merged file): the
    distance still takes time, at most the sport's top speed, so no whole split has 0 s."""
    a = run.activity
    an = checked(dataclasses.replace(a, pauses=[(100.0, 800.0)]))
    vmax = max_speed_m_s("running")
    for s in an.splits:
        assert s.moving_s >= s.distance_m / vmax - 1e-6


def test_running_speed_limit_and_a_ride_without_a_sport() -> None:
    """Over 12 m/s is no run; a ride with no sport keeps its 15 m/s descent."""
    assert max_speed_m_s("running") == 12.0
    fast = synth.make_run([synth.Leg(3000.0, 1000 / 15.0)], start_time=START)  # 15 m/s
    as_run = checked(fast.activity)
    assert as_run.distance_m < 100.0  # nothing a runner can do: all dropped
    ride = dataclasses.replace(fast.activity, sport="unknown")
    _, warnings = drop_impossible(ride)
    assert warnings == []


def test_the_invariant_checks_can_fail(run: synth.SynthRun) -> None:
    """The checks themselves: each broken invariant is named."""
    an = analyze(run.activity, unit="km")
    broken = dataclasses.replace(an, distance_m=-1.0, moving_s=1e9)
    found = " ".join(analysis_violations(broken))
    assert "distance_m is -1" in found and "moving" in found
    s = dataclasses.replace(an.splits[0], moving_s=0.0, elapsed_s=0.001)
    found = " ".join(analysis_violations(dataclasses.replace(an, splits=[s, *an.splits[1:]])))
    assert "whole split of 0 s" in found and "faster than 12 m/s" in found
    found = " ".join(document_violations({"a": {"pace_s": -3.0, "x": math.nan}, "b": [math.inf]}))
    assert "$.a.pace_s is negative" in found and "$.a.x is nan" in found and "$.b[0] is inf" in found
    lap = Lap(index=1, start_time=START, elapsed_s=10.0, distance_m=5.0)
    assert document_violations({"laps": [lap.to_json()]}) == []
