"""Broken and hostile input: one clear ActivityReadError, or a usable Activity with a warning. Never
another exception. The cases of the bad-input contract check, plus truncations made by the generator."""

from __future__ import annotations

import gzip
import random
import struct
from pathlib import Path

import pytest

from progtempo.activity import Activity
from progtempo.errors import ActivityReadError
from progtempo.io import read_activity
from progtempo.limits import Limits
from progtempo.synth import Leg, fit_bytes, gpx_bytes, make_run, tcx_bytes

SAMPLES = Path(__file__).parents[3] / "shared" / "samples"

RUN = make_run([Leg(1000.0, 300.0, 0.01, 150)] * 3, auto_lap_m=1000.0)
FIT = fit_bytes(RUN)
rnd = random.Random(7)

CONTRACT_CASES: dict[str, bytes | None] = {
    "empty.fit": b"",
    "random.fit": bytes(rnd.randrange(256) for _ in range(5000)),
    "jpeg.gpx": b"\xff\xd8\xff\xe0" + bytes(2000),
    "html.tcx": b"<html><body>nope</body></html>",
    "not-gzip.fit.gz": b"plain text",
    "gz-garbage.gpx.gz": gzip.compress(b"<gpx><trk><trkseg><trkpt lat='x'/>"),
    "gpx-no-points.gpx": b'<?xml version="1.0"?><gpx version="1.1" xmlns="http://www.topografix.com/GPX/1/1">'
    b"<trk><trkseg></trkseg></trk></gpx>",
    "header-only.fit": bytes([14, 0x20]) + bytes(12),
    "does-not-exist.fit": None,
}
CONTRACT_SAMPLES = [
    "fit/fitparse__nick.fit",
    "fit/sportslib__broken_empty_header.fit",
    "tcx/runpandas__malformed.tcx",
    "gpx/gpxpy__cerknicko-jezero-without-elevations.gpx",
    "fit/fitparse__compressed-speed-distance.fit",
]


def _fit_header(data_size: int) -> bytes:
    from progtempo.io.fit.format import fit_crc

    head = struct.pack("<BBHI4s", 14, 0x20, 2132, data_size, b".FIT")
    return head + struct.pack("<H", fit_crc(head))


EXTRA_CASES: dict[str, bytes] = {
    "fit-valid-header-only.fit": _fit_header(0),
    "fit-header-claims-data.fit": _fit_header(5000),
    "fit-cut-at-40-bytes.fit": FIT[:40],
    "fit-cut-in-the-records.fit": FIT[: len(FIT) // 2],
    "fit-bad-crc.fit": FIT[:-2] + b"\x00\x00",
    "fit-trailing-garbage.fit": FIT + b"this is not another FIT file",
    "fit-zeroed-middle.fit": FIT[:3000] + bytes(2000) + FIT[5000:],
    "gpx-cut.gpx": gpx_bytes(RUN)[:20000],
    "gpx-cut-in-header.gpx": gpx_bytes(RUN)[:120],
    "tcx-cut.tcx": tcx_bytes(RUN)[:30000],
    "tcx-cut-in-header.tcx": tcx_bytes(RUN)[:100],
    "gzip-cut.fit.gz": gzip.compress(FIT)[:3000],
    "gzip-of-random.gz": gzip.compress(bytes(rnd.randrange(256) for _ in range(3000))),
    "xml-other.gpx": b"<?xml version='1.0'?><root><child/></root>",
    "gpx-no-times.gpx": b'<gpx version="1.1"><trk><trkseg><trkpt lat="45" lon="7"/>'
    b'<trkpt lat="45.1" lon="7"/></trkseg></trk></gpx>',
    "gpx-route.gpx": b'<gpx version="1.1"><rte><rtept lat="45" lon="7"/></rte></gpx>',
    "gpx-one-point.gpx": b'<gpx version="1.1"><trk><trkseg><trkpt lat="45" lon="7"><time>2020-01-01T00:00:00Z'
    b"</time></trkpt></trkseg></trk></gpx>",
    "tcx-no-activity.tcx": b"<TrainingCenterDatabase><Courses/></TrainingCenterDatabase>",
    "tcx-no-points.tcx": b"<TrainingCenterDatabase><Activities><Activity Sport='Running'><Id>x</Id>"
    b"</Activity></Activities></TrainingCenterDatabase>",
    "zip-garbage.fit": b"PK\x03\x04 not really a zip",
}


def _check(result: Activity | ActivityReadError, name: str) -> None:
    if isinstance(result, ActivityReadError):
        message = str(result)
        assert "\n" not in message and len(message) < 400, message
        assert message.startswith(f"{name}: "), message
        return
    assert len(result) >= 2
    assert result.warnings, f"{name}: read without a warning"


def _read(path: Path | str, **kw: object) -> Activity | ActivityReadError:
    try:
        return read_activity(path, **kw)  # type: ignore[arg-type]
    except ActivityReadError as exc:
        return exc


@pytest.mark.parametrize("name", sorted(CONTRACT_CASES))
def test_contract_cases(tmp_path: Path, name: str) -> None:
    data = CONTRACT_CASES[name]
    path = tmp_path / name
    if data is not None:
        path.write_bytes(data)
    result = _read(path)
    assert isinstance(result, ActivityReadError), f"{name} was read"
    _check(result, name)


@pytest.mark.samples
@pytest.mark.parametrize("sub", CONTRACT_SAMPLES)
def test_contract_samples(sub: str) -> None:
    path = SAMPLES / sub
    if not path.is_file():
        pytest.skip(f"sample {sub} not found in {SAMPLES}")
    result = _read(path)
    _check(result, path.name)


@pytest.mark.parametrize("name", sorted(EXTRA_CASES))
def test_truncated_and_corrupt(name: str) -> None:
    result = _read(name, data=EXTRA_CASES[name])
    _check(result, name)


def test_truncated_fit_keeps_what_was_read_and_names_the_byte() -> None:
    cut = len(FIT) // 2
    a = read_activity("cut.fit", data=FIT[:cut])
    assert 300 < len(a) < len(RUN.activity)
    (warning,) = [w for w in a.warnings if "cut short or damaged at byte" in w]
    offset = int(warning.split("byte ")[1].split(":")[0].replace(",", ""))
    assert cut - 60 < offset <= cut
    assert a.time_s[-1] == pytest.approx(len(a) - 1)


def test_truncated_xml_names_the_line() -> None:
    a = read_activity("cut.gpx", data=gpx_bytes(RUN)[:20000])
    assert any("damaged at line" in w for w in a.warnings)
    t = read_activity("cut.tcx", data=tcx_bytes(RUN)[:30000])
    assert any("line" in w and "recovered" in w for w in t.warnings)


def test_bad_crc_is_a_warning() -> None:
    a = read_activity("crc.fit", data=FIT[:-2] + b"\x00\x00", limits=Limits(fit_decoder="fitdecode"))
    assert len(a) == len(read_activity("ok.fit", data=FIT))
    assert any("CRC" in w for w in a.warnings)


def test_data_size_zero_is_refused_unless_repaired() -> None:
    broken = bytearray(FIT)
    struct.pack_into("<I", broken, 4, 0)
    with pytest.raises(ActivityReadError, match="never finalised"):
        read_activity("unfinished.fit", data=bytes(broken))
    a = read_activity("unfinished.fit", data=bytes(broken), repair=True)
    assert len(a) == len(read_activity("ok.fit", data=FIT))
    assert any("data size 0" in w for w in a.warnings)


def test_a_folder_is_not_a_file(tmp_path: Path) -> None:
    with pytest.raises(ActivityReadError, match="is a folder"):
        read_activity(tmp_path)


def test_zip_with_one_activity_is_opened(tmp_path: Path) -> None:
    import zipfile

    path = tmp_path / "export.zip"
    with zipfile.ZipFile(path, "w") as zf:
        zf.writestr("run/activity.fit", FIT)
        zf.writestr("readme.txt", "hello")
    assert len(read_activity(path)) == len(read_activity("ok.fit", data=FIT))
    with zipfile.ZipFile(path, "a") as zf:
        zf.writestr("run/second.gpx", gpx_bytes(RUN))
    with pytest.raises(ActivityReadError, match="2 activity files"):
        read_activity(path)
