"""TCX reading: laps as recorded, Manual auto-laps, recover mode, time zones, extensions."""

from __future__ import annotations

import numpy as np
import pytest

from progtempo.errors import ActivityReadError
from progtempo.io import read_activity
from progtempo.synth import Leg, make_run, tcx_bytes

NS = (
    'xmlns="http://www.garmin.com/xmlschemas/TrainingCenterDatabase/v2" '
    'xmlns:ns3="http://www.garmin.com/xmlschemas/ActivityExtension/v2"'
)


def tcx(laps: str, *, sport: str = "Running", creator: str = "Forerunner 945", root: bool = True) -> bytes:
    body = (
        f'<Activities><Activity Sport="{sport}"><Id>2021-01-10T08:00:00Z</Id>{laps}'
        f"<Creator><Name>{creator}</Name></Creator></Activity></Activities>"
    )
    if root:
        body = f"<TrainingCenterDatabase {NS}>{body}</TrainingCenterDatabase>"
    return ('<?xml version="1.0" encoding="UTF-8"?>\n' + body).encode()


def tp(time: str, *, extra: str = "") -> str:
    return f"<Trackpoint><Time>{time}</Time>{extra}</Trackpoint>"


def lap(start: str, seconds: float, metres: float, trigger: str, points: str) -> str:
    return (
        f'<Lap StartTime="{start}"><TotalTimeSeconds>{seconds}</TotalTimeSeconds>'
        f"<DistanceMeters>{metres}</DistanceMeters><TriggerMethod>{trigger}</TriggerMethod>"
        f"<Track>{points}</Track></Lap>"
    )


def test_synthetic_run_reads_back_with_laps() -> None:
    run = make_run([Leg(2500.0, 300.0, 0.01, 150, power_w=None)], auto_lap_m=1000.0)
    a = read_activity("run.tcx", data=tcx_bytes(run))
    assert a.format == "tcx" and a.sport == "running" and a.device == "progtempo synthetic"
    assert [lap.trigger for lap in a.laps] == ["distance", "distance", "manual"]
    assert [lap.distance_m for lap in a.laps] == pytest.approx([1000.0, 1000.0, 500.0])
    assert [lap.timer_s for lap in a.laps] == pytest.approx([300.0, 300.0, 150.0])
    assert a.distance_m is not None and a.distance_m[-1] == pytest.approx(2500.0)
    assert a.speed_m_s is not None and np.allclose(a.speed_m_s, 1000 / 300, atol=1e-3)
    assert a.cadence is not None and np.all(a.cadence == 170.0)  # TPX RunCadence is per foot
    assert a.warnings == []


def test_manual_laps_of_equal_distance_are_auto_laps() -> None:
    run = make_run([Leg(3300.0, 300.0)], auto_lap_m=1000.0)
    a = read_activity("m.tcx", data=tcx_bytes(run, lap_trigger="Manual"))
    assert [lap.trigger for lap in a.laps] == ["distance", "distance", "distance", "manual"]
    assert any("laps 1-3 are marked Manual but each is 1000 m" in w for w in a.warnings)
    uneven = make_run([Leg(1000.0, 300.0), Leg(1300.0, 300.0), Leg(800.0, 300.0)])
    b = read_activity("u.tcx", data=tcx_bytes(uneven, lap_trigger="Manual"))
    assert [lap.trigger for lap in b.laps] == ["manual"] * 3 and b.warnings == []


def test_time_zone_offsets_are_kept() -> None:
    points = tp("2021-01-10T10:00:00+02:00") + tp("2021-01-10T10:00:10+02:00")
    a = read_activity("tz.tcx", data=tcx(lap("2021-01-10T10:00:00+02:00", 10, 30, "Manual", points)))
    assert a.start_time.isoformat() == "2021-01-10T08:00:00+00:00"
    assert a.laps[0].start_time.utcoffset() is not None
    assert a.laps[0].start_time.timestamp() == a.start_time.timestamp()


def test_trackpoint_fields_and_extensions() -> None:
    extra = (
        "<Position><LatitudeDegrees>45.1</LatitudeDegrees><LongitudeDegrees>7.2</LongitudeDegrees></Position>"
        "<AltitudeMeters>250.5</AltitudeMeters><DistanceMeters>12.5</DistanceMeters>"
        "<HeartRateBpm><Value>144</Value></HeartRateBpm>"
        "<Extensions><ns3:TPX><ns3:Speed>3.2</ns3:Speed><ns3:RunCadence>86</ns3:RunCadence>"
        "<ns3:Watts>240</ns3:Watts></ns3:TPX></Extensions>"
    )
    points = tp("2021-01-10T08:00:00Z", extra=extra) + tp("2021-01-10T08:00:01Z", extra=extra)
    a = read_activity("x.tcx", data=tcx(lap("2021-01-10T08:00:00Z", 1, 12.5, "Manual", points)))
    assert a.lat is not None and a.lat.tolist() == [45.1, 45.1]
    assert a.altitude_m is not None and a.altitude_m[0] == 250.5
    assert a.heart_rate is not None and a.heart_rate[0] == 144
    assert a.speed_m_s is not None and a.speed_m_s[0] == 3.2
    assert a.cadence is not None and a.cadence[0] == 172
    assert a.power is not None and a.power[0] == 240
    assert a.device == "Forerunner 945" and a.altitude_source == "gps"


def test_whitespace_before_the_declaration_and_biking() -> None:
    points = tp("2021-01-10T08:00:00Z") + tp("2021-01-10T08:00:05Z")
    data = b"\r\n   " + tcx(lap("2021-01-10T08:00:00Z", 5, 20, "Manual", points), sport="Biking")
    a = read_activity("b.tcx", data=data)
    assert a.sport == "cycling" and len(a) == 2 and a.distance_m is None


def test_a_file_without_its_root_is_recovered_with_a_warning() -> None:
    points = tp("2021-01-10T08:00:00Z") + tp("2021-01-10T08:00:05Z")
    data = tcx(lap("2021-01-10T08:00:00Z", 5, 20, "Manual", points), root=False)
    data = data.replace(b"<Creator>", b'<Creator xsi:type="Device_t">')  # undeclared prefix
    a = read_activity("r.tcx", data=data)
    assert len(a) == 2 and len(a.laps) == 1
    assert any("not valid XML" in w and "line" in w for w in a.warnings)


def test_points_without_time_are_dropped() -> None:
    points = tp("2021-01-10T08:00:00Z") + "<Trackpoint><DistanceMeters>3</DistanceMeters></Trackpoint>"
    points += tp("2021-01-10T08:00:02Z")
    a = read_activity("t.tcx", data=tcx(lap("2021-01-10T08:00:00Z", 2, 5, "Manual", points)))
    assert len(a) == 2 and any("1 TCX trackpoint(s) have no time" in w for w in a.warnings)


def test_a_lap_with_a_pause_has_elapsed_beyond_its_timer() -> None:
    first = "<Track>" + tp("2021-01-10T08:00:00Z") + tp("2021-01-10T08:01:00Z") + "</Track>"
    second = "<Track>" + tp("2021-01-10T08:03:00Z") + tp("2021-01-10T08:04:00Z") + "</Track>"
    lap1 = (
        '<Lap StartTime="2021-01-10T08:00:00Z"><TotalTimeSeconds>120</TotalTimeSeconds>'
        f"<DistanceMeters>400</DistanceMeters><TriggerMethod>Manual</TriggerMethod>{first}{second}</Lap>"
    )
    lap2 = lap(
        "2021-01-10T08:05:00Z", 60, 200, "Manual", tp("2021-01-10T08:05:00Z") + tp("2021-01-10T08:06:00Z")
    )
    a = read_activity("p.tcx", data=tcx(lap1 + lap2))
    assert a.pauses == [(60.0, 180.0)]
    assert a.laps[0].elapsed_s == 300.0 and a.laps[0].timer_s == 120.0
    assert a.laps[1].elapsed_s == 60.0


def test_several_activities_and_session() -> None:
    one = lap(
        "2021-01-10T08:00:00Z", 5, 20, "Manual", tp("2021-01-10T08:00:00Z") + tp("2021-01-10T08:00:05Z")
    )
    two = lap(
        "2021-01-10T09:00:00Z", 5, 20, "Manual", tp("2021-01-10T09:00:00Z") + tp("2021-01-10T09:00:09Z")
    )
    data = tcx(one).replace(
        b"</Activities>",
        tcx(two, sport="Biking").split(b"<Activities>")[1].split(b"</Activities>")[0] + b"</Activities>",
    )
    a = read_activity("two.tcx", data=data)
    assert a.sport == "running" and len(a) == 2 and any("2 activities" in w for w in a.warnings)
    assert a.time_s[-1] == 5.0  # not the hour to the second activity
    b = read_activity("two.tcx", data=data, session=2)
    assert b.sport == "cycling" and b.time_s[-1] == 9.0
    with pytest.raises(
        ActivityReadError,
        match=r"no session 3: this file has 2 \(1 running 08:00 UTC, 0:05; 2 cycling 09:00 UTC, 0:09\)",
    ):
        read_activity("two.tcx", data=data, session=3)
