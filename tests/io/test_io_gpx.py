"""GPX reading: extensions, segments, missing times and elevations, Strava's quirks."""

from __future__ import annotations

import numpy as np
import pytest

from progtempo.errors import ActivityReadError
from progtempo.io import read_activity
from progtempo.synth import Leg, gpx_bytes, make_run

HEAD = (
    '<?xml version="1.0" encoding="UTF-8"?>\n<gpx version="1.1" creator="{creator}" '
    'xmlns="http://www.topografix.com/GPX/1/1" '
    'xmlns:gpxtpx="http://www.garmin.com/xmlschemas/TrackPointExtension/v1" '
    'xmlns:tpx2="http://www.garmin.com/xmlschemas/TrackPointExtension/v2" '
    'xmlns:gpxdata="http://www.cluetrust.com/XML/GPXDATA/1/0" '
    'xmlns:pwr="http://www.garmin.com/xmlschemas/PowerExtension/v1">'
)


def gpx(
    points: list[str], *, creator: str = "test", kind: str | None = "running", segments: int = 1
) -> bytes:
    type_el = f"<type>{kind}</type>" if kind is not None else ""
    per = max(1, len(points) // segments)
    segs = [points[i : i + per] for i in range(0, len(points), per)]
    body = "".join("<trkseg>" + "".join(s) + "</trkseg>" for s in segs)
    return (
        HEAD.format(creator=creator) + f"<trk><name>Morning Run</name>{type_el}{body}</trk></gpx>"
    ).encode()


def pt(i: int, inner: str = "", *, ele: float | None = 100.0, time: bool = True) -> str:
    t = f"<time>2021-01-10T08:00:{i:02d}Z</time>" if time else ""
    e = f"<ele>{ele}</ele>" if ele is not None else ""
    return f'<trkpt lat="{45 + i * 1e-5:.6f}" lon="7.0">{e}{t}{inner}</trkpt>'


def test_synthetic_run_reads_back() -> None:
    run = make_run([Leg(1000.0, 300.0, 0.02, 150)])
    a = read_activity("run.gpx", data=gpx_bytes(run))
    assert a.format == "gpx" and a.sport == "running" and a.device == "progtempo synthetic"
    assert a.distance_m is None  # GPX has no device distance
    assert a.heart_rate is not None and np.all(a.heart_rate == 150.0)
    assert a.cadence is not None and np.all(a.cadence == 170.0)  # gpxtpx:cad is per foot
    assert a.altitude_source == "gps" and a.name == "synthetic run"


def test_strava_whitespace_and_numeric_type() -> None:
    data = b"\n      " + gpx([pt(0), pt(1)], creator="StravaGPX", kind="9")
    a = read_activity("strava.gpx", data=data)
    assert a.sport == "running" and a.device == "StravaGPX"


@pytest.mark.parametrize(
    ("inner", "hr", "cad", "power"),
    [
        ("<gpxtpx:TrackPointExtension><gpxtpx:hr>151</gpxtpx:hr><gpxtpx:cad>88</gpxtpx:cad>"
         "</gpxtpx:TrackPointExtension>", 151, 176, None),
        ("<tpx2:TrackPointExtension><tpx2:hr>152</tpx2:hr><tpx2:cad>90</tpx2:cad></tpx2:TrackPointExtension>",
         152, 180, None),
        ("<gpxdata:hr>153</gpxdata:hr><gpxdata:cadence>172</gpxdata:cadence>", 153, 172, None),
        ("<heartrate>154</heartrate><power>260</power>", 154, None, 260),
        ("<pwr:PowerInWatts>270</pwr:PowerInWatts><gpxtpx:TrackPointExtension><gpxtpx:hr>155</gpxtpx:hr>"
         "</gpxtpx:TrackPointExtension>", 155, None, 270),
    ],
)  # fmt: skip
def test_extension_names(inner: str, hr: float, cad: float | None, power: float | None) -> None:
    a = read_activity("e.gpx", data=gpx([pt(i, f"<extensions>{inner}</extensions>") for i in range(3)]))
    assert a.heart_rate is not None and np.all(a.heart_rate == hr)
    if cad is None:
        assert a.cadence is None
    else:
        assert a.cadence is not None and np.all(a.cadence == cad)
    if power is None:
        assert a.power is None
    else:
        assert a.power is not None and np.all(a.power == power)


def test_partial_hr_and_elevation_are_nan_elsewhere() -> None:
    tpx = "<gpxtpx:TrackPointExtension><gpxtpx:hr>140</gpxtpx:hr></gpxtpx:TrackPointExtension>"
    ext = f"<extensions>{tpx}</extensions>"
    points = [pt(0, ext), pt(1, ele=None), pt(2, ext, ele=None), pt(3)]
    a = read_activity("p.gpx", data=gpx(points))
    assert a.heart_rate is not None and np.array_equal(
        a.heart_rate, [140, np.nan, 140, np.nan], equal_nan=True
    )
    assert a.altitude_m is not None and np.array_equal(
        a.altitude_m, [100, np.nan, np.nan, 100], equal_nan=True
    )


def test_segments_are_joined_and_timeless_points_dropped() -> None:
    points = [pt(i) for i in range(6)] + [pt(50, time=False)]
    a = read_activity("s.gpx", data=gpx(points, segments=3))
    assert a.time_s.tolist() == [0, 1, 2, 3, 4, 5]
    assert any("1 of 7 GPX points have no time: dropped" in w for w in a.warnings)


def test_no_timed_points_is_an_error() -> None:
    with pytest.raises(ActivityReadError, match="none of the GPX file's 3 points has a time"):
        read_activity("route.gpx", data=gpx([pt(i, time=False) for i in range(3)]))


def test_no_elevation_and_unknown_sport() -> None:
    a = read_activity("n.gpx", data=gpx([pt(i, ele=None) for i in range(3)], kind=None))
    assert a.altitude_m is None and a.altitude_source == "none" and a.sport == "unknown" and a.is_running


def test_time_zones_are_kept() -> None:
    points = [
        '<trkpt lat="45" lon="7"><time>2021-01-10T10:00:00+02:00</time></trkpt>',
        '<trkpt lat="45.0001" lon="7"><time>2021-01-10T08:00:05Z</time></trkpt>',
    ]
    a = read_activity("tz.gpx", data=gpx(points))
    assert a.start_time.isoformat() == "2021-01-10T08:00:00+00:00" and a.time_s.tolist() == [0.0, 5.0]


def test_damaged_gpx_keeps_the_points_before_the_damage() -> None:
    data = gpx_bytes(make_run([Leg(1000.0, 300.0, 0.0, 150)]))
    cut = data[: len(data) // 2]
    a = read_activity("cut.gpx", data=cut)
    assert 100 < len(a) < 301
    line = cut.count(b"\n") + 1
    assert any(f"damaged at line {line}" in w for w in a.warnings)


KINDS = [("Run", "running"), ("1", "cycling"), ("hiking", "hiking"), ("trail_running", "trail_running"),
         ("yoga", "unknown")]  # fmt: skip


@pytest.mark.parametrize(("kind", "sport"), KINDS)
def test_types(kind: str, sport: str) -> None:
    assert read_activity("t.gpx", data=gpx([pt(0), pt(1)], kind=kind)).sport == sport
