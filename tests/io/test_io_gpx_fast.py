"""The lxml GPX reader against the oracle, gpxpy: the same Activity, or the same error, or it's a bug.

Every sample GPX, files from `progtempo.synth` (HR, no elevation, pauses, noise, gzipped) and
hand-written files for what those lack: segments and tracks, untimed points, extensions in every
layout and namespace, time zones, GPX 1.0, damaged, empty, foreign and invalid files, odd namespace
declarations. "The same" means every stream equal element for element (NaN where NaN, same dtype),
the same laps, pauses, warnings and metadata; or the same exception type and message. Where the
fast reader is expected to read a file itself (not hand it to gpxpy), that is asserted too.
"""

from __future__ import annotations

import dataclasses
import gzip
import json
import subprocess
import sys
from collections.abc import Callable
from pathlib import Path
from typing import Any

import numpy as np
import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from progtempo import synth
from progtempo.activity import Activity
from progtempo.errors import ActivityReadError, ProgtempoError
from progtempo.io import read_activity
from progtempo.io.gpx import read_gpx
from progtempo.io.gpx.fast import read_gpx_fast
from progtempo.io.gpx.gpxpy import read_gpx_gpxpy
from progtempo.io.oracle import Declined
from progtempo.limits import Limits
from progtempo.limits import from_env as limits_from_env

SAMPLES_GPX = Path(__file__).parents[3] / "shared" / "samples" / "gpx"
SAMPLE_NAMES = sorted(p.name for p in SAMPLES_GPX.glob("*.gpx")) if SAMPLES_GPX.is_dir() else []
NO_SAMPLES = pytest.mark.skip(reason=f"real device samples not found at {SAMPLES_GPX} (../shared/samples)")

HEAD = (
    '<?xml version="1.0" encoding="UTF-8"?>\n<gpx version="{version}" creator="{creator}" '
    'xmlns="http://www.topografix.com/GPX/1/1" '
    'xmlns:gpxtpx="http://www.garmin.com/xmlschemas/TrackPointExtension/v1" '
    'xmlns:tpx2="http://www.garmin.com/xmlschemas/TrackPointExtension/v2" '
    'xmlns:gpxdata="http://www.cluetrust.com/XML/GPXDATA/1/0" '
    'xmlns:pwr="http://www.garmin.com/xmlschemas/PowerExtension/v1">'
)
TPX = "<extensions><gpxtpx:TrackPointExtension>{}</gpxtpx:TrackPointExtension></extensions>"


# ------------------------------------------------------------------------------------------ comparing


def outcome(read: Callable[[bytes, str], Activity], data: bytes) -> Activity | tuple[str, str]:
    """The Activity, or the exception's type and message."""
    try:
        return read(data, "f.gpx")
    except Exception as exc:
        return type(exc).__name__, str(exc)


def assert_same(ref: Activity | tuple[str, str], fast: Activity | tuple[str, str]) -> None:
    """Two outcomes are identical: the same error, or every field of the Activity equal."""
    if isinstance(ref, tuple) or isinstance(fast, tuple):
        assert fast == ref
        return
    for f in dataclasses.fields(Activity):
        a, b = getattr(ref, f.name), getattr(fast, f.name)
        if isinstance(a, np.ndarray):
            assert isinstance(b, np.ndarray) and b.dtype == a.dtype, f.name
            np.testing.assert_array_equal(b, a, err_msg=f.name)  # NaNs compare equal
        else:
            assert b == a, f.name
    assert fast.start_time.utcoffset() == ref.start_time.utcoffset()


def declines(data: bytes) -> bool:
    """Whether the fast reader hands this file to gpxpy."""
    try:
        read_gpx_fast(data, "f.gpx")
    except Declined:
        return True
    except Exception:
        return False
    return False


def check(data: bytes, *, fast_path: bool | None = True) -> Activity | tuple[str, str]:
    """The fast reader gives what gpxpy gives. `fast_path` True: the fast reader read the file itself
    (no fallback to gpxpy); False: it handed the file to gpxpy; None: either."""
    ref = outcome(read_gpx_gpxpy, data)
    assert_same(ref, outcome(read_gpx, data))  # the fast reader, or gpxpy where it declines
    if fast_path is not None:
        assert declines(data) is not fast_path
    return ref


def gpx(
    points: list[str],
    *,
    creator: str = "test",
    kind: str | None = "running",
    segments: int = 1,
    version: str = "1.1",
    before: str = "",
    tracks: int = 1,
) -> bytes:
    type_el = f"<type>{kind}</type>" if kind is not None else ""
    per = max(1, -(-len(points) // (segments * tracks)))
    segs = ["<trkseg>" + "".join(points[i : i + per]) + "</trkseg>" for i in range(0, len(points), per)]
    per_trk = max(1, -(-len(segs) // tracks))
    trks = [
        f"<trk><name> Morning Run </name>{type_el}" + "".join(segs[i : i + per_trk]) + "</trk>"
        for i in range(0, len(segs), per_trk)
    ]
    return (HEAD.format(creator=creator, version=version) + before + "".join(trks) + "</gpx>").encode()


def pt(
    i: int, inner: str = "", *, ele: str | None = "100.5", time: str | None = "", lat: str | None = None
) -> str:
    t = f"<time>{time or f'2021-01-10T08:{i // 60:02d}:{i % 60:02d}Z'}</time>" if time is not None else ""
    e = f"<ele>{ele}</ele>" if ele is not None else ""
    la = f' lat="{lat if lat is not None else f"{45 + i * 1e-5:.6f}"}"' if lat != "-" else ""
    return f'<trkpt{la} lon="7.0">{e}{t}{inner}</trkpt>'


# ------------------------------------------------------------------------------------------ samples


@pytest.mark.parametrize("name", SAMPLE_NAMES or [pytest.param(None, marks=NO_SAMPLES)])
def test_every_sample_reads_the_same(name: str) -> None:
    a = check((SAMPLES_GPX / name).read_bytes())
    assert isinstance(a, Activity) and len(a) > 100


# ------------------------------------------------------------------------------------------ synthetic

RUNS = {
    "hr": dict(legs=[synth.Leg(1500.0, 330.0, 0.03, 150), synth.Leg(1000.0, 300.0, -0.02, 162)]),
    "noisy": dict(legs=[synth.Leg(2000.0, 300.0, 0.01, 155)], gps_noise_m=2.0, elevation_noise_m=0.5, seed=3),
    "no-elevation": dict(legs=[synth.Leg(1500.0, 330.0, 0.0, 150)], altitude=False),
    "no-hr": dict(legs=[synth.Leg(1500.0, 330.0)], cadence_spm=None),
    "pauses": dict(legs=[synth.Leg(3000.0, 320.0, 0.0, 150)], pauses=[(800.0, 40.0), (2100.0, 95.0)]),
    "sub-second": dict(legs=[synth.Leg(800.0, 290.0, 0.0, 150)], sample_s=0.7),
    "cycling": dict(legs=[synth.Leg(5000.0, 120.0, 0.01, 140)], sport="cycling"),
}


@pytest.mark.parametrize("key", list(RUNS))
def test_synthetic_runs_read_the_same(key: str) -> None:
    run = synth.make_run(**RUNS[key])  # type: ignore[arg-type]
    a = check(synth.gpx_bytes(run))
    assert isinstance(a, Activity) and len(a) == len(run.activity)


def test_gzipped_file_through_read_activity_with_either_reader(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    run = synth.make_run(**RUNS["pauses"])  # type: ignore[arg-type]
    path = tmp_path / "run.gpx.gz"
    synth.write_gpx(run, path)
    assert path.read_bytes()[:2] == b"\x1f\x8b"
    got = {}
    for reader in ("gpxpy", "fast", "auto"):
        got[reader] = read_activity(path, limits=Limits(gpx_reader=reader))
    assert_same(got["gpxpy"], got["fast"])
    assert_same(got["gpxpy"], got["auto"])
    assert got["fast"].heart_rate is not None and got["fast"].sport == "running"


def test_an_unknown_reader_is_an_error() -> None:
    with pytest.raises(ProgtempoError, match="PROGTEMPO_GPX_READER='minidom' is not a GPX reader"):
        limits_from_env({"PROGTEMPO_GPX_READER": "minidom"})
    with pytest.raises(ProgtempoError, match="'minidom' is not a GPX reader: use auto, fast or gpxpy"):
        read_activity("x.gpx", data=gpx([pt(0), pt(1)]), limits=Limits(gpx_reader="minidom"))


def test_reading_gpx_with_the_fast_reader_does_not_import_gpxpy(tmp_path: Path) -> None:
    path = tmp_path / "r.gpx"
    synth.write_gpx(synth.make_run([synth.Leg(500.0, 300.0, 0.0, 150)]), path)
    code = (
        "import sys, json\nfrom progtempo.io import read_activity\n"
        f"a = read_activity({str(path)!r})\n"
        "print(json.dumps([len(a), 'gpxpy' in sys.modules, 'progtempo.io.gpx.fast' in sys.modules]))"
    )
    env = {"PATH": "/usr/bin:/bin", "PYTHONPATH": str(Path(__file__).parents[2] / "src")}
    out = subprocess.run(
        [sys.executable, "-c", code], capture_output=True, text=True, check=True, timeout=60, env=env
    )
    n, gpxpy_loaded, fast_loaded = json.loads(out.stdout.strip().splitlines()[-1])
    assert n > 100 and fast_loaded and not gpxpy_loaded


# ------------------------------------------------------------------------------------------ hand-written

HR = TPX.format("<gpxtpx:hr>151</gpxtpx:hr><gpxtpx:cad>88</gpxtpx:cad>")
HR_CAD = "<gpxtpx:hr>150</gpxtpx:hr><gpxtpx:cad>80</gpxtpx:cad>"
CAD_HR = "<gpxtpx:cad>81</gpxtpx:cad><gpxtpx:hr>1</gpxtpx:hr>"
TPX2 = "<gpxtpx:TrackPointExtension><gpxtpx:hr>9</gpxtpx:hr></gpxtpx:TrackPointExtension>"
EXTENSIONS = {
    "tpx-v1": [pt(i, HR) for i in range(5)],
    "tpx-v2": [pt(i, "<extensions><tpx2:TrackPointExtension><tpx2:hr>152</tpx2:hr><tpx2:cad>90</tpx2:cad>"
                  "</tpx2:TrackPointExtension></extensions>") for i in range(5)],
    "gpxdata": [pt(i, "<extensions><gpxdata:hr>153</gpxdata:hr><gpxdata:cadence>172</gpxdata:cadence>"
                   "</extensions>") for i in range(5)],
    "no-prefix": [pt(i, f"<extensions><heartrate>{150 + i}</heartrate><power>260</power><Speed>3.1</Speed>"
                     "</extensions>") for i in range(5)],
    "default-ns-inside": [pt(i, '<extensions><TrackPointExtension xmlns="urn:x"><HR>150</HR><Cad>80</Cad>'
                             "</TrackPointExtension></extensions>") for i in range(5)],
    "power-and-tpx": [pt(i, "<extensions><pwr:PowerInWatts>270</pwr:PowerInWatts>"
                         + TPX[12:-13].format("<gpxtpx:hr>155</gpxtpx:hr>") + "</extensions>")
                      for i in range(5)],
    "hr-dropouts": [pt(i, HR if i % 3 else "") for i in range(9)],
    "cad-dropouts": [pt(i, TPX.format("<gpxtpx:hr>140</gpxtpx:hr>" + ("<gpxtpx:cad>85</gpxtpx:cad>" if i % 2
                                       else ""))) for i in range(6)],
    "bad-then-good": [pt(i, TPX.format("<gpxtpx:hr>n/a</gpxtpx:hr><gpxtpx:hr>141</gpxtpx:hr>"))
                      for i in range(4)],
    "empty-hr": [pt(i, TPX.format("<gpxtpx:hr/><gpxtpx:hr> 142 </gpxtpx:hr>")) for i in range(4)],
    "zero-hr": [pt(i, TPX.format(f"<gpxtpx:hr>{0 if i == 1 else 143}</gpxtpx:hr>")) for i in range(4)],
    "deep": [pt(i, "<extensions><a><b><gpxtpx:hr>144</gpxtpx:hr></b></a></extensions>") for i in range(4)],
    "flat-then-nested": [pt(i, "<extensions><hr>145</hr>" + TPX[12:-13].format("<gpxtpx:hr>99</gpxtpx:hr>")
                            + "</extensions>") for i in range(4)],
    "two-extensions": [pt(i, HR + "<extensions><hr>99</hr></extensions>") for i in range(4)],
    "extensions-first": [f'<trkpt lat="45.{i}" lon="7">{HR}<time>2021-01-10T08:00:0{i}Z</time><ele>5</ele>'
                         "</trkpt>" for i in range(4)],
    "comment-and-pi": [pt(i, TPX.format("<!-- c --><gpxtpx:hr>14<?pi x?>6</gpxtpx:hr>")) for i in range(4)],
    "cdata": [pt(i, TPX.format("<gpxtpx:hr><![CDATA[147]]></gpxtpx:hr>")) for i in range(4)],
    "empty-extensions": [pt(i, "<extensions/>" if i % 2 else "<extensions> </extensions>") for i in range(4)],
    "two-hr": [pt(i, TPX.format("<gpxtpx:hr>150</gpxtpx:hr><gpxtpx:hr>99</gpxtpx:hr>")) for i in range(4)],
    "swapped-order": [pt(i, TPX.format(HR_CAD if i % 2 else CAD_HR)) for i in range(4)],
    "uneven": [pt(0, TPX.format(HR_CAD + "<gpxtpx:hr>99</gpxtpx:hr>")),
               pt(1, TPX.format("<gpxtpx:cad>81</gpxtpx:cad>"))],
    "uneven-containers": [pt(0, f"<extensions>{TPX2}{TPX2.replace('>9<', '>8<')}</extensions>"),
                          pt(1, "<extensions/>")],
    "container-is-a-name": [pt(i, "<extensions><power>250<hr>148</hr></power></extensions>")
                            for i in range(4)],
}  # fmt: skip


@pytest.mark.parametrize("key", list(EXTENSIONS))
def test_extensions(key: str) -> None:
    a = check(gpx(EXTENSIONS[key]))
    assert isinstance(a, Activity)


def test_extensions_in_gpx_1_0_are_ignored_by_both() -> None:
    points = [pt(i, HR + "<course>12.5</course><speed>3.2</speed>") for i in range(4)]
    a = check(gpx(points, version="1.0"))
    assert isinstance(a, Activity) and a.heart_rate is None and a.sport == "unknown"  # 1.0 has no <type>


POINTS = {
    "segments": (gpx([pt(i) for i in range(12)], segments=4), True),
    "tracks": (gpx([pt(i) for i in range(12)], tracks=3, segments=2), True),
    "untimed": (gpx([pt(i) for i in range(6)] + [pt(50, time=None), pt(51, time="")], segments=2), True),
    "all-untimed": (gpx([pt(i, time=None) for i in range(3)]), True),
    "unreadable-times": (gpx([pt(0, time="yesterday"), pt(1), pt(2, time=" 2021-01-10T08:00:02Z")]), True),
    "impossible-times": (gpx([pt(0, time="2021-02-30T08:00:00Z"), pt(1, time="2021-01-10T24:00:00Z"),
                              pt(2, time="2021-01-10T08:00:60Z"), pt(3), pt(4, time="0000-01-01T00:00:00Z")]),
                         True),
    "zones": (gpx([pt(0, time="2021-01-10T10:00:00+02:00"), pt(1, time="2021-01-10T08:00:05Z"),
                   pt(2, time="2021-01-10T03:00:09-0500"), pt(3, time="2021-01-10T02:30:12−05:30"),
                   pt(4, time="2021-01-10T13:30:15+05"), pt(5, time="2021-01-10T08:00:16Z\n")]), True),
    "naive": (gpx([pt(i, time=f"2021-01-10 08:00:{i:02d}") for i in range(4)]), True),
    "fractions": (gpx([pt(i, time=f"2021-01-10T08:00:0{i}.{'123456789'[: i + 1]}Z") for i in range(8)]),
                  True),
    "same-fractions": (gpx([pt(i, time=f"2021-01-10T08:00:{i:02d}.{i * 7:03d}Z") for i in range(9)]), True),
    "across-midnight": (gpx([pt(i, time=f"2020-02-{28 + i // 2}T23:59:5{i % 2 * 9}Z") for i in range(4)]),
                        True),
    "before-1970": (gpx([pt(i, time=f"1969-12-31T23:59:5{i}Z") for i in range(4)]), True),
    # beyond 2**53 microseconds, float64 division of the count would round twice: gpxpy's does not
    "far-future": (gpx([pt(0, time="9426-04-18T19:39:05.142Z"), pt(1, time="9784-07-08T19:03:48.338Z")]),
                   True),
    "zone-a-day-away": (gpx([pt(0, time="2021-01-10T08:00:00+24:00"), pt(1)]), False),
    "leap-second": (gpx([pt(i, time=f"2016-12-31T23:59:{58 + i}Z") for i in range(4)]), True),
    "repeated-times": (gpx([pt(0), pt(0, HR, ele=None), pt(1), pt(1, ele="7")]), True),
    "out-of-order": (gpx([pt(3), pt(1), pt(2), pt(0)]), True),
    "elevations": (gpx([pt(0, ele=None), pt(1, ele=""), pt(2, ele=" 12.25 "), pt(3, ele="-3e2"), pt(4)]),
                   True),
    "nan-and-inf": (gpx([pt(0, lat="nan"), pt(1, ele="inf"), pt(2), pt(3)]), True),
    "two-eles-two-times": (gpx([pt(i, f"<ele>1</ele><time>2021-01-10T09:00:0{i}Z</time>") for i in range(3)]),
                           True),
    "valid-fields": (gpx([pt(i, f"<sat>{i}</sat><hdop>0.9</hdop><fix>3d</fix><magvar>1</magvar><name>p</name>"
                             "<fix/><desc/><dgpsid> 7 </dgpsid>") for i in range(4)]), True),
    # gpxpy checks the first <fix> only; the fast reader checks all, and hands this one to gpxpy
    "bogus-second-fix": (gpx([pt(i, "<fix>3d</fix><fix>bogus</fix>") for i in range(3)]), False),
    "waypoints-and-route": (gpx([pt(i) for i in range(4)], before='<wpt lat="45" lon="7"><sat>4</sat></wpt>'
                                '<rte><number>2</number><rtept lat="45" lon="7"/></rte>'), True),
    "metadata": (gpx([pt(i) for i in range(3)], before='<metadata><name>m</name><bounds minlat="44" '
                     'maxlat="46" minlon="6" maxlon="8"/><time>2021</time></metadata>'), True),
    "strava": (b"\n      " + gpx([pt(0), pt(1)], creator="StravaGPX", kind="9"), True),
    "bom": (b"\xef\xbb\xbf" + gpx([pt(0), pt(1)], kind="Run"), True),
    "no-type-no-creator": (gpx([pt(0), pt(1)], kind=None).replace(b' creator="test"', b""), True),
    "blank-name": (gpx([pt(0), pt(1)]).replace(b" Morning Run ", b"  "), True),
}  # fmt: skip


@pytest.mark.parametrize("key", list(POINTS))
def test_points(key: str) -> None:
    data, fast_path = POINTS[key]
    check(data, fast_path=fast_path)


XML_NS = b"http://www.w3.org/XML/1998/namespace"
BROKEN = {
    "no-points": (gpx([]), True),
    "empty-segment": (gpx([]).replace(b"</trk>", b"<trkseg/></trk>"), True),
    "route-only": (HEAD.format(version="1.1", creator="x").encode()
                   + b'<rte><rtept lat="45" lon="7"/><rtept lat="45.1" lon="7"/></rte></gpx>', True),
    "not-gpx-xml": (b"<?xml version='1.0'?><root><child/></root>", True),
    "tcx-root": (b'<TrainingCenterDatabase xmlns="urn:tcx"><Activities/></TrainingCenterDatabase>', True),
    "prefixed-root": (b'<g:gpx xmlns:g="http://www.topografix.com/GPX/1/1" version="1.1"><g:trk><g:trkseg>'
                      b'<g:trkpt lat="45" lon="7"><g:time>2021-01-10T08:00:00Z</g:time></g:trkpt>'
                      b"</g:trkseg></g:trk></g:gpx>", True),
    "default-ns-on-trk": (b'<gpx version="1.1"><trk xmlns="http://www.topografix.com/GPX/1/1"><trkseg>'
                          + pt(0).encode() + pt(1).encode() + b"</trkseg></trk></gpx>", True),
    "two-default-ns": (b'<gpx version="1.1" xmlns="urn:a"><trk xmlns="urn:a"><trkseg>'
                       + pt(0).encode() + b"</trkseg></trk><trk><trkseg>" + pt(1).encode() + pt(2).encode()
                       + b"</trkseg></trk></gpx>", True),
    "no-lat": (gpx([pt(0), pt(1, lat="-")]), False),
    "bad-lat": (gpx([pt(0), pt(1, lat="north")]), False),
    "bad-ele": (gpx([pt(0), pt(1, ele="high")]), False),
    "bad-ele-untimed": (gpx([pt(0), pt(1, ele="high", time=None)]), False),
    "bad-sat": (gpx([pt(0, "<sat>four</sat>"), pt(1)]), False),
    "bad-fix": (gpx([pt(0, "<fix>4d</fix>"), pt(1)]), False),
    "bad-hdop": (gpx([pt(0), pt(1, "<hdop/><hdop>x</hdop>")]), False),  # gpxpy reads the first only
    "bad-hdop-first": (gpx([pt(0), pt(1, "<hdop>x</hdop><hdop>1</hdop>")]), False),
    "bad-speed-1.0": (gpx([pt(0, "<speed>fast</speed>"), pt(1)], version="1.0"), False),
    "bad-speed-1.1": (gpx([pt(0, "<speed>fast</speed>"), pt(1)]), True),  # no such field in 1.1
    "bad-bounds": (gpx([pt(0)], before='<metadata><bounds minlat="x"/></metadata>'), False),
    "bad-waypoint": (gpx([pt(0)], before='<wpt lat="45"/>'), False),
    "bad-route-number": (gpx([pt(0)], before="<rte><number>one</number></rte>"), False),
    "bad-track-number": (gpx([pt(0)]).replace(b"<trk>", b"<trk><number>1.5</number>"), False),
    "space-before-equals": (gpx([pt(0)]).replace(b"xmlns:pwr=", b"xmlns:pwr ="), False),
    "xml-prefix": (gpx([pt(0)]).replace(b"xmlns:pwr=", b'xmlns:xml="' + XML_NS + b'" x='), False),
    "percent-uri": (gpx([pt(0)]).replace(b"/PowerExtension/v1", b"/%zz"), False),
    "bracket-uri": (gpx([pt(0)]).replace(b"/PowerExtension/v1", b"/[v1]"), False),
    "port-uri": (gpx([pt(0)]).replace(b"garmin.com/xmlschemas/Power", b"garmin.com:80/x/Power"), True),
    "ns-prefix": (gpx([pt(0), pt(1)]).replace(b"xmlns:pwr=", b"xmlns:ns0="), True),
    "entity": (b'<?xml version="1.0"?><!DOCTYPE gpx [<!ENTITY h "150"><!ENTITY s "<sat>x</sat>">]>'
               b'<gpx version="1.1"><trk><trkseg>' + pt(0, "<extensions><hr>&h;</hr></extensions>").encode()
               + b"</trkseg></trk></gpx>", None),
    "entity-sat": (b'<?xml version="1.0"?><!DOCTYPE gpx [<!ENTITY s "<sat>x</sat>">]><gpx version="1.1">'
                   b"<trk><trkseg>" + pt(0, "&s;").encode() + b"</trkseg></trk></gpx>", None),
    "latin-1": (('<?xml version="1.0" encoding="ISO-8859-1"?><gpx version="1.1" creator="Gärmin">'
                 '<trk><name>Café</name><trkseg>' + pt(0) + "</trkseg></trk></gpx>").encode("latin-1"), True),
    "utf-16": (gpx([pt(0), pt(1)]).decode().replace('encoding="UTF-8"', 'encoding="UTF-16"').encode("utf-16"),
               True),
    "empty": (b"", True),
    "whitespace": (b" \n ", True),
    "text": (b"hello", True),
    "unclosed": (b"<gpx version='1.1'><trk><trkseg>" + pt(0).encode() + pt(1).encode(), True),
    "garbage-inside": (gpx([pt(i) for i in range(8)]).replace(b"</trkpt><trkpt", b"</trkpt>\x01<trkpt", 1),
                       True),
}  # fmt: skip


@pytest.mark.parametrize("key", list(BROKEN))
def test_broken_and_foreign_files(key: str) -> None:
    data, fast_path = BROKEN[key]
    check(data, fast_path=fast_path)


@pytest.mark.parametrize("fraction", [0.0005, 0.003, 0.01, 0.2, 0.5, 0.77, 0.999])
def test_truncated_files_read_the_same(fraction: float) -> None:
    data = synth.gpx_bytes(synth.make_run([synth.Leg(1000.0, 300.0, 0.02, 150)]))
    check(data[: int(len(data) * fraction)], fast_path=None)


def test_a_declined_file_is_read_by_gpxpy() -> None:
    data = gpx([pt(0, time="2021-01-10T08:00:00+99:00"), pt(1)])
    assert declines(data)
    ref, fast = outcome(read_gpx_gpxpy, data), outcome(read_gpx, data)
    assert ref == fast and isinstance(ref, tuple) and ref[0] == "ActivityReadError"  # no zone: damaged
    assert "a point's time can't be placed" in ref[1]


# ------------------------------------------------------------------------------------------ random damage

SMALL = gpx(
    [pt(i, HR if i % 2 else "<sat>5</sat>", ele=str(100 + i)) for i in range(6)],
    segments=2,
    before='<metadata><bounds minlat="1" maxlat="2" minlon="3" maxlon="4"/></metadata>',
)


@settings(max_examples=120, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(
    st.lists(
        st.tuples(
            st.integers(0, len(SMALL) - 1),
            st.integers(0, 4),
            st.sampled_from([b"", b"<", b">", b"/", b'"', b"x", b"9", b"-", b" ", b":", b"\x00", b"&", b"."]),
        ),
        min_size=1,
        max_size=4,
    )
)
def test_random_damage_reads_the_same(edits: list[tuple[int, int, bytes]]) -> None:
    data = bytearray(SMALL)
    for at, cut, insert in edits:
        data[at : at + cut] = insert
    check(bytes(data), fast_path=None)


def test_what_gpxpy_sees_is_what_the_fast_reader_sees() -> None:
    """A sanity check on the comparison itself: a real difference is caught."""
    data = gpx([pt(i, HR) for i in range(3)])
    ref = read_gpx_gpxpy(data, "f.gpx")
    other: Any = dataclasses.replace(ref, heart_rate=np.array([151.0, 151.0, 150.0]))
    with pytest.raises(AssertionError):
        assert_same(ref, other)
    with pytest.raises(AssertionError):
        assert_same(ref, dataclasses.replace(ref, warnings=["x"]))
    gz = gzip.compress(data)
    assert read_activity("f.gpx.gz", data=gz).heart_rate is not None


def test_a_time_zone_a_day_or_more_away_is_a_damaged_file() -> None:
    """`+99:00` is no zone: gpxpy's time then can't be placed (ValueError); the fast reader hands it over,
    and the file is refused in one line either way (the fuzzer's m1210-85153)."""
    data = gpx([pt(0), pt(1, time="2021-01-10T08:00:01+99:00"), pt(2)])
    for reader in ("auto", "gpxpy"):
        with pytest.raises(ActivityReadError, match=r"a point.s time can.t be placed .*export it again"):
            read_activity("tz.gpx", data=data, limits=Limits(gpx_reader=reader))
