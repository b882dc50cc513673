"""The fast FIT decoder against the oracle, fitdecode: identical FitMessages, or it's a bug.

Every sample FIT file, cut and corrupted copies of the small ones, files from `progtempo.synth`,
hand-built files for what the samples lack (big-endian definitions, compressed-timestamp rollover,
accumulated compressed distance, developer power, odd field sizes, damaged data) and random streams
from hypothesis. "Identical" means: the same record keys, arrays equal element for element (NaN where
NaN), the same dicts with values of the same types, the same truncation point and, except on random
damage, the same warnings. `read_activity` gives the same Activity with either decoder.
"""

from __future__ import annotations

import gzip
import random
import struct
from functools import cache
from pathlib import Path
from typing import Any

import numpy as np
import pytest
from hypothesis import HealthCheck, assume, event, example, given, settings
from hypothesis import strategies as st

from progtempo import synth
from progtempo.activity import Activity
from progtempo.io import read_activity
from progtempo.io.fit import FitMessages, build_activity, repair_header
from progtempo.io.fit.fast import decode_fast
from progtempo.io.fit.fitdecode import decode_fitdecode
from progtempo.io.fit.format import fit_crc, fit_crc_fast
from progtempo.io.oracle import Declined
from progtempo.limits import Limits

SAMPLES_FIT = Path(__file__).parents[3] / "shared" / "samples" / "fit"
SAMPLE_NAMES = sorted(p.name for p in SAMPLES_FIT.glob("*.fit")) if SAMPLES_FIT.is_dir() else []
NO_SAMPLES = pytest.mark.skip(reason=f"real device samples not found at {SAMPLES_FIT} (../shared/samples)")
SMALL_SAMPLES = [n for n in SAMPLE_NAMES if (SAMPLES_FIT / n).stat().st_size < 20_000]

# FIT base types
ENUM, SINT8, UINT8, SINT16, UINT16, SINT32, UINT32 = 0x00, 0x01, 0x02, 0x83, 0x84, 0x85, 0x86
STRING, FLOAT32, UINT8Z, UINT16Z, UINT32Z, BYTE = 0x07, 0x88, 0x0A, 0x8B, 0x8C, 0x0D
T0 = 1_000_000_000  # a FIT timestamp (2021-09-09), low 5 bits 0


def samples(names: list[str]) -> list[Any]:
    return names or [pytest.param(None, marks=NO_SAMPLES)]


# ------------------------------------------------------------------------------------------ comparing


def typed(value: Any) -> Any:
    """The value with the type of every part spelled out, so 1 and 1.0 differ."""
    if isinstance(value, dict):
        return [(k, typed(v)) for k, v in value.items()]
    if isinstance(value, list | tuple):
        return [typed(v) for v in value]
    return (type(value).__name__, value)


def assert_same(ref: FitMessages, fast: FitMessages, *, warnings: bool = True) -> None:
    """The fast decoder's output equals the oracle's."""
    assert list(fast.records) == list(ref.records)
    for key, col in ref.records.items():
        assert fast.records[key].dtype == np.float64
        np.testing.assert_array_equal(fast.records[key], col, err_msg=f"records[{key!r}]")
    for name in ("laps", "sessions", "events", "device_infos", "sports", "file_id", "activity"):
        assert typed(getattr(fast, name)) == typed(getattr(ref, name)), name
    assert fast.truncated_at_byte == ref.truncated_at_byte
    if warnings:
        assert fast.warnings == ref.warnings


def both(data: bytes) -> tuple[FitMessages, FitMessages]:
    """(oracle, fast) for the same bytes; the oracle's CRC and parsing warnings are collected, not shown."""
    return decode_fitdecode(data), decode_fast(data)


def check(data: bytes) -> FitMessages:
    ref, fast = both(data)
    assert_same(ref, fast)
    return fast


def assert_same_activity(a: Activity, b: Activity) -> None:
    for name, value in vars(a).items():
        other = getattr(b, name)
        if isinstance(value, np.ndarray):
            assert isinstance(other, np.ndarray), name
            np.testing.assert_array_equal(other, value, err_msg=name)
        else:
            assert other == value, name


@cache
def sample(name: str) -> tuple[bytes, FitMessages]:
    """A sample's bytes as the decoders see them, and the oracle's reading (cached: fitdecode is slow)."""
    data = repair_header((SAMPLES_FIT / name).read_bytes(), name, repair=True)[0]
    return data, decode_fitdecode(data)


# ------------------------------------------------------------------------------------------ samples


@pytest.mark.samples
@pytest.mark.parametrize("name", samples(SAMPLE_NAMES))
def test_every_sample_decodes_as_fitdecode_does(name: str) -> None:
    data, ref = sample(name)
    fast = decode_fast(data)
    assert_same(ref, fast)
    assert len(fast.records["timestamp"]) > 300  # every sample has records: a real comparison
    assert_same_activity(build_activity(ref, name), build_activity(fast, name))


@pytest.mark.samples
@pytest.mark.parametrize("name", samples(SMALL_SAMPLES))
def test_read_activity_is_the_same_with_either_decoder(name: str, monkeypatch: pytest.MonkeyPatch) -> None:
    ref = read_activity(SAMPLES_FIT / name, limits=Limits(fit_decoder="fitdecode"))
    assert_same_activity(ref, read_activity(SAMPLES_FIT / name, limits=Limits(fit_decoder="fast")))


@pytest.mark.samples
def test_samples_peculiarities_are_read() -> None:
    """What the samples README promises, seen through the fast decoder."""
    if not SAMPLE_NAMES:
        pytest.skip(f"real device samples not found at {SAMPLES_FIT}")
    nick = decode_fast(sample("fitparse__nick.fit")[0])
    assert nick.truncated_at_byte == 403437  # the last message runs past the end of the file
    assert len(nick.records["timestamp"]) == 14391
    csd = decode_fast(sample("fitparse__compressed-speed-distance.fit")[0])
    assert "position_lat" not in csd.records and "altitude" not in csd.records
    assert np.isfinite(csd.records["distance"]).sum() > 700  # from the accumulated compressed field
    stryd = decode_fast(sample("fitparse__developer-types-sample.fit")[0])
    assert stryd.file_id["manufacturer"] == "stryd"
    fr955 = decode_fast(sample("gc__fr955_long_run_14211916346_ACTIVITY.fit")[0])
    assert np.isfinite(fr955.records["power"]).any()  # Stryd-style developer "Power"
    assert fr955.file_id["garmin_product"] == "fr955"
    wahoo = decode_fast(sample("fitparse__2019-02-17-062644-ELEMNT-297E-195-0.fit")[0])
    assert wahoo.file_id["manufacturer"] == "wahoo_fitness"  # big-endian definitions throughout


def cut_points(n: int, rng: random.Random) -> list[int]:
    return sorted({*range(0, 40), *(rng.randrange(40, n) for _ in range(14)), n - 3, n - 2, n - 1})


@pytest.mark.samples
@pytest.mark.parametrize("name", samples(SMALL_SAMPLES))
def test_cut_copies_stop_where_fitdecode_stops(name: str) -> None:
    data = sample(name)[0]
    rng = random.Random(name)
    for cut in cut_points(len(data), rng):
        piece = data[:cut]
        ref, fast = both(piece)
        assert_same(ref, fast)
        if 0 < cut < len(data) - 1:  # an empty input is no FIT file at all, not a damaged one
            assert fast.truncated_at_byte is not None


@pytest.mark.samples
@pytest.mark.parametrize("name", samples(SMALL_SAMPLES))
def test_corrupted_copies_read_as_fitdecode_reads_them(name: str) -> None:
    """Random bytes changed in the definitions and headers region; where fitdecode itself breaks down
    (a TypeError deep inside it) there is nothing to compare, but the fast decoder must not raise."""
    data = sample(name)[0]
    rng = random.Random(name)
    compared = 0
    for _ in range(12):
        damaged = bytearray(data)
        for _ in range(rng.randrange(1, 4)):
            damaged[rng.randrange(12, min(len(data), 3000))] = rng.randrange(256)
        try:
            ref = decode_fitdecode(bytes(damaged))
        except Exception:  # fitdecode's own failure: the fast decoder still answers
            decode_fast(bytes(damaged))
            continue
        assert_same(ref, decode_fast(bytes(damaged)))
        compared += 1
    assert compared >= 8


@pytest.mark.samples
def test_chained_samples() -> None:
    if len(SMALL_SAMPLES) < 2:
        pytest.skip(f"real device samples not found at {SAMPLES_FIT}")
    a, b = sample(SMALL_SAMPLES[0])[0], sample(SMALL_SAMPLES[1])[0]
    fast = check(a + b)
    assert len(fast.records["timestamp"]) == len(decode_fast(a).records["timestamp"]) + len(
        decode_fast(b).records["timestamp"]
    )
    check(a + b + b"\x0e\x10")  # junk after the last CRC: not a FIT header


# ------------------------------------------------------------------------------------------ synthetic runs


def synthetic_run(**options: Any) -> synth.SynthRun:
    legs = [synth.Leg(1000, 360, grade=0.02, hr_bpm=140), synth.Leg(1200, 330, grade=-0.03, hr_bpm=155)]
    return synth.make_run(legs, pauses=[(900, 30)], auto_lap_m=1000, **options)


@pytest.mark.parametrize(
    "options",
    [
        {},
        {"compressed_timestamps": True},
        {"relative_timestamps": True, "utc_offset_s": 3600},
        {"developer_power": True},
        {"garmin_product": 4024},
    ],
    ids=["plain", "compressed", "relative", "devpower", "garmin"],
)
def test_synthetic_files(options: dict[str, Any], tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    run = synthetic_run()
    data = synth.fit_bytes(run, **options)
    fast = check(data)
    assert len(fast.records["timestamp"]) > 600
    path = tmp_path / "run.fit.gz"
    path.write_bytes(gzip.compress(data))
    ref = read_activity(path, limits=Limits(fit_decoder="fitdecode"))
    assert_same_activity(ref, read_activity(path, limits=Limits(fit_decoder="fast")))


def test_synthetic_multisport_and_chain() -> None:
    ride = synth.make_run([synth.Leg(3000, 120)], sport="cycling")
    run = synth.make_run([synth.Leg(2000, 330)], start_time=synth.DEFAULT_START.replace(hour=9))
    check(synth.multisport_fit_bytes([ride, run], compressed_timestamps=True))
    one = synth.fit_bytes(run, compressed_timestamps=True)
    check(one + one)  # the timestamp accumulator restarts with each FIT file


# ------------------------------------------------------------------------------------------ hand-built files


def fit_file(
    body: bytes, *, header_size: int = 14, header_crc: int | None = None, file_crc: int | None = None
) -> bytes:
    head = struct.pack("<BBHI4s", header_size, 0x20, 2132, len(body), b".FIT")
    if header_size == 14:
        head += struct.pack("<H", fit_crc(head) if header_crc is None else header_crc)
    out = head + body
    return out + struct.pack("<H", fit_crc(out) if file_crc is None else file_crc)


def define(
    local: int,
    glob: int,
    fields: list[tuple[int, int, int]],
    *,
    big: bool = False,
    devs: list[tuple[int, int, int]] | None = None,
) -> bytes:
    """A definition message: fields are (number, size, base type); devs (number, size, dev index)."""
    header = 0x40 | local | (0x20 if devs is not None else 0)
    out = (
        bytes([header, 0, 1 if big else 0]) + struct.pack(">H" if big else "<H", glob) + bytes([len(fields)])
    )
    out += b"".join(bytes(f) for f in fields)
    if devs is not None:
        out += bytes([len(devs)]) + b"".join(bytes(d) for d in devs)
    return out


def msg(local: int, payload: bytes, toff: int | None = None) -> bytes:
    """A data message, with a compressed-timestamp header when `toff` is given."""
    return bytes([local if toff is None else 0x80 | (local << 5) | toff]) + payload


def le(fmt: str, *values: Any) -> bytes:
    return struct.pack("<" + fmt, *values)


def be(fmt: str, *values: Any) -> bytes:
    return struct.pack(">" + fmt, *values)


FILE_ID = define(0, 0, [(0, 1, ENUM), (1, 2, UINT16), (2, 2, UINT16), (4, 4, UINT32)]) + msg(
    0, le("BHHI", 4, 1, 4024, T0)
)
DEV_ID = define(1, 207, [(3, 1, UINT8)]) + msg(1, le("B", 0))
DESCRIBE = define(2, 206, [(0, 1, UINT8), (1, 1, UINT8), (2, 1, UINT8), (3, 8, STRING), (15, 1, UINT8)])


def describe(number: int, base: int, name: str, native: int = 0xFF) -> bytes:
    return msg(2, le("BBB8sB", 0, number, base, name.encode(), native))


def test_big_endian_records_with_arrays_strings_and_developer_power() -> None:
    fields = [(253, 4, UINT32), (0, 4, SINT32), (1, 4, SINT32), (5, 4, UINT32), (2, 2, UINT16),
              (6, 2, UINT16),
              (3, 1, UINT8), (4, 1, UINT8), (53, 1, UINT8), (200, 6, STRING), (13, 2, SINT8)]  # fmt: skip
    body = FILE_ID + DEV_ID + DESCRIBE + describe(0, FLOAT32, "Power", native=7)
    body += define(3, 20, fields, big=True, devs=[(0, 4, 0)])
    rows = [
        (T0, 536870912, -536870912, 123456, 3000, 3500, 150, 85, 64, b"abc", (20, -5), 250.5),
        (T0 + 1, 0x7FFFFFFF, 0x7FFFFFFF, 0xFFFFFFFF, 0xFFFF, 0xFFFF, 0xFF, 0xFF, 0xFF, b"", (0x7F, 0x7F),
         float("nan")),
        (T0 + 2, -1, 1, 0, 0, 0, 0, 0, 0, b"xyzxyz", (1, 2), -3.0),
    ]  # fmt: skip
    for r in rows:
        body += msg(3, be("IiiIHHBBB6s2bf", *r[:9], r[9], *r[10], r[11]))
    fast = check(fit_file(body))
    rec = fast.records
    np.testing.assert_array_equal(rec["timestamp"], [T0, T0 + 1, T0 + 2])
    np.testing.assert_array_equal(rec["position_lat"], [45.0, np.nan, -1 * 180.0 / 2**31])
    np.testing.assert_array_equal(rec["distance"], [1234.56, np.nan, 0.0])
    np.testing.assert_array_equal(rec["altitude"], [100.0, np.nan, -500.0])
    np.testing.assert_array_equal(rec["speed"], [3.5, np.nan, 0.0])
    np.testing.assert_array_equal(rec["cadence"], [85.5, np.nan, 0.0])
    np.testing.assert_array_equal(rec["power"], [250.5, np.nan, -3.0])
    assert fast.file_id == {
        "type": "activity",
        "manufacturer": "garmin",
        "garmin_product": "fr955",
        "time_created": T0,
    }


def test_compressed_timestamps_roll_over_and_chain_through_other_messages() -> None:
    record = define(1, 20, [(5, 4, UINT32)])
    record_bad_ts = define(2, 20, [(253, 4, UINT32), (5, 4, UINT32)])
    event = define(3, 21, [(253, 4, UINT32), (0, 1, ENUM), (1, 1, ENUM)])
    event_compressed = define(0, 21, [(0, 1, ENUM), (1, 1, ENUM)])
    full = T0 + 29  # low 5 bits 29
    body = FILE_ID + record + record_bad_ts + event + event_compressed + msg(3, le("IBB", full, 0, 0))
    expected = []
    for toff, step in ((30, 1), (31, 1), (2, 3), (2, 0), (1, 31)):  # rolls over 31 -> 0 twice
        body += msg(1, le("I", 100), toff)
        full += step
        expected.append(full)
    body += msg(0, le("BB", 0, 4), 5)  # a compressed event: the accumulator moves on
    full += 4
    body += msg(2, le("II", 0xFFFFFFFF, 100), 6)  # an invalid timestamp field: the header's time
    full += 1
    expected.append(full)
    body += msg(3, le("IBB", T0 + 1000, 0, 0)) + msg(1, le("I", 100), 3)  # a full timestamp resets it
    expected.append(T0 + 1000 + 27)  # 1000 ends in 8 (5 bits): offset 3 comes round after 27 s
    second = define(1, 20, [(5, 4, UINT32)]) + msg(1, le("I", 1), 7)  # a new FIT file restarts from 0
    fast = check(fit_file(body) + fit_file(second))
    np.testing.assert_array_equal(fast.records["timestamp"], [*expected, 7])
    assert fast.events[1] == {"timestamp": T0 + 29 + 36 + 4, "event": "timer", "event_type": "stop_all"}


def test_compressed_speed_distance_accumulates_and_restarts_at_each_definition() -> None:
    csd = define(1, 20, [(253, 4, UINT32), (8, 3, BYTE)])
    csd_and_distance = define(2, 20, [(253, 4, UINT32), (8, 3, BYTE), (5, 4, UINT32)])

    def packed(speed: int, distance: int) -> bytes:
        number = speed | (distance << 12)
        return bytes([number & 0xFF, (number >> 8) & 0xFF, number >> 16])

    body = FILE_ID + csd + csd_and_distance
    body += msg(1, le("I", T0) + packed(350, 4000))
    body += msg(1, le("I", T0 + 1) + packed(360, 4090))
    body += msg(1, le("I", T0 + 2) + packed(370, 10))  # 12-bit rollover
    body += msg(1, le("I", T0 + 3) + b"\xff\xff\xff")  # invalid: no step
    body += msg(2, le("I", T0 + 4) + packed(380, 60) + le("I", 777))  # own distance field wins
    body += define(1, 20, [(253, 4, UINT32), (8, 3, BYTE)])  # the accumulator restarts
    body += msg(1, le("I", T0 + 5) + packed(390, 20))
    fast = check(fit_file(body))
    np.testing.assert_array_equal(
        fast.records["distance"], [250.0, 4090 / 16, 4106 / 16, np.nan, 7.77, 20 / 16]
    )
    np.testing.assert_array_equal(fast.records["speed"], [3.5, 3.6, 3.7, np.nan, 3.8, 3.9])


def test_developer_power_by_native_number_then_by_name_and_undeclared_fields() -> None:
    body = FILE_ID + DEV_ID + DESCRIBE
    body += (
        describe(0, UINT16, "Watts", native=7) + describe(1, FLOAT32, " POWER ") + describe(2, UINT8, "cad")
    )
    body += define(3, 20, [(253, 4, UINT32)], devs=[(1, 4, 0), (0, 2, 0), (2, 1, 0)])
    body += msg(3, le("IfHB", T0, 111.5, 200, 90)) + msg(3, le("IfHB", T0 + 1, 222.5, 0xFFFF, 91))
    body += define(
        4, 20, [(253, 4, UINT32), (7, 2, UINT16)], devs=[(1, 4, 0), (9, 2, 5)]
    )  # index 5 undeclared
    body += msg(4, le("IHfH", T0 + 2, 300, 1.0, 7)) + msg(4, le("IHfH", T0 + 3, 0xFFFF, 2.0, 7))
    fast = check(fit_file(body))
    np.testing.assert_array_equal(fast.records["power"], [200.0, 222.5, 300.0, 2.0])
    assert fast.warnings[0].startswith("FIT decoder: 2 warning(s), first: dev_data_index 5 not defined")


@pytest.mark.parametrize(
    ("header_size", "header_crc", "file_crc", "crc_warning"),
    [(12, None, None, False), (14, 0, None, False), (14, 0x1234, None, True), (14, None, 0x4321, True)],
)
def test_headers_and_crcs(
    header_size: int, header_crc: int | None, file_crc: int | None, crc_warning: bool
) -> None:
    body = FILE_ID + define(1, 20, [(253, 4, UINT32), (3, 1, UINT8)]) + msg(1, le("IB", T0, 140))
    fast = check(fit_file(body, header_size=header_size, header_crc=header_crc, file_crc=file_crc))
    assert fast.truncated_at_byte is None
    assert any("CRC" in w for w in fast.warnings) == crc_warning


def test_duplicate_fields_odd_sizes_and_components_of_odd_types() -> None:
    """fitdecode's rules, exactly: the first valid duplicate; a field whose size doesn't fit its type is
    read as bytes (no value, a warning); altitude and speed components of other integer types are
    masked to 16 bits; of an array, taken as little-endian bytes."""
    dup = define(1, 20, [(253, 4, UINT32), (3, 1, UINT8), (3, 1, UINT8), (5, 3, UINT32)])
    wide = define(2, 20, [(253, 4, UINT32), (2, 4, UINT32), (6, 2, SINT16)])
    array = define(3, 20, [(253, 4, UINT32), (2, 4, UINT16), (6, 3, BYTE)], big=True)
    body = FILE_ID + dup + wide + array
    body += msg(1, le("IBB", T0, 0xFF, 150) + b"\x01\x02\x03")
    body += msg(2, le("IIh", T0 + 1, 0x12345 + 2500, -1))
    body += msg(3, be("I2H", T0 + 2, 0x0102, 0x0304) + b"\x10\x20\x30")
    fast = check(fit_file(body))
    np.testing.assert_array_equal(fast.records["heart_rate"], [150, np.nan, np.nan])
    assert "distance" not in fast.records
    altitude = [np.nan, (0x2345 + 2500) / 5 - 500, (((0x0304 << 8) + 0x0102) & 0xFFFF) / 5 - 500]
    np.testing.assert_array_equal(fast.records["altitude"], altitude)
    np.testing.assert_array_equal(fast.records["speed"], [np.nan, 0xFFFF / 1000, 0x2010 / 1000])
    assert "invalid field size 3" in fast.warnings[0]


def test_other_messages_enums_subfields_and_raw_times() -> None:
    device = define(1, 23, [(253, 4, UINT32), (0, 1, UINT8), (2, 2, UINT16), (4, 2, UINT16), (25, 1, ENUM),
                            (1, 1, UINT8), (27, 8, STRING)])  # fmt: skip
    lap = define(2, 19, [(253, 4, UINT32), (2, 4, UINT32), (7, 4, UINT32), (8, 4, UINT32), (9, 4, UINT32),
                         (24, 1, ENUM), (25, 1, ENUM), (39, 1, ENUM), (1, 1, ENUM)])  # fmt: skip
    session = define(3, 18, [(253, 4, UINT32), (5, 1, ENUM), (6, 1, ENUM), (25, 2, UINT16), (26, 2, UINT16)])
    activity = define(4, 34, [(253, 4, UINT32), (5, 4, UINT32), (1, 2, UINT16), (0, 4, UINT32)])
    sport = define(5, 12, [(0, 1, ENUM), (1, 1, ENUM), (3, 6, STRING)])
    empty_file_id = define(0, 0, [(0, 1, ENUM)]) + msg(0, b"\xff")
    body = empty_file_id + FILE_ID + device + lap + session + activity + sport
    body += msg(1, le("IBHHBB8s", T0, 0, 1, 4024, 5, 4, b"baro"))  # local sensor: local_device_type
    body += msg(1, le("IBHHBB8s", T0, 1, 263, 9, 1, 120, b""))  # favero, ANT+ heart rate
    body += msg(1, le("IBHHBB8s", T0, 2, 23, 5, 3, 1, b"ble"))  # suunto, BLE heart rate
    body += msg(2, le("IIIIIBBBB", T0 + 600, T0, 600000, 590000, 100000, 2, 1, 3, 1))
    body += msg(3, le("IBBHH", T0 + 600, 1, 250, 0, 1))  # sub_sport 250: not in the profile, kept as a number
    body += msg(4, le("IIHI", 1000, T0 + 3600, 1, 590000))
    body += msg(5, le("BB6s", 1, 3, b"Trail"))
    fast = check(fit_file(body))
    assert fast.file_id["garmin_product"] == "fr955"
    assert fast.device_infos == [
        {"timestamp": T0, "device_index": "creator", "manufacturer": "garmin", "garmin_product": "fr955",
         "product_name": "baro", "source_type": "local", "local_device_type": "barometer"},
        {"timestamp": T0, "device_index": 1, "manufacturer": "favero_electronics", "source_type": "antplus",
         "antplus_device_type": "heart_rate"},
        {"timestamp": T0, "device_index": 2, "manufacturer": "suunto", "product": 5, "product_name": "ble",
         "source_type": "bluetooth_low_energy", "ble_device_type": "heart_rate"},
    ]  # fmt: skip
    assert fast.laps == [
        {"timestamp": T0 + 600, "start_time": T0, "total_elapsed_time": 600.0, "total_timer_time": 590.0,
         "total_distance": 1000.0, "lap_trigger": "distance", "sport": "running", "sub_sport": "trail",
         "event_type": "stop"},
    ]  # fmt: skip
    assert fast.sessions == [
        {"timestamp": T0 + 600, "sport": "running", "sub_sport": 250, "first_lap_index": 0, "num_laps": 1}
    ]
    assert fast.activity == {"timestamp": 1000, "local_timestamp": T0 + 3600, "num_sessions": 1,
                             "total_timer_time": 590.0}  # fmt: skip
    assert fast.sports == [{"sport": "running", "sub_sport": "trail", "name": "Trail"}]


GOOD = FILE_ID + define(1, 20, [(253, 4, UINT32), (3, 1, UINT8)]) + msg(1, le("IB", T0, 140))
END = 14 + len(GOOD)  # where the data after GOOD starts in fit_file(GOOD + ...)
ZERO_SIZE = define(2, 20, [(253, 4, UINT32), (3, 0, UINT8)])
BROKEN = fit_file(
    GOOD + ZERO_SIZE + msg(2, le("I", T0))
)  # a data message of a definition with a 0-size field
AT_BROKEN = END + len(ZERO_SIZE)


@pytest.mark.parametrize(
    ("data", "at", "records", "warning"),
    [
        (fit_file(GOOD + msg(5, b"")), END, 1, f"FIT parsing error @ {END}: local message 5 not defined"),
        (fit_file(GOOD) + b"\x0e\x10\x00\x00" * 3, END + 2, 1, f"not a FIT file @ {END + 2}"),
        (fit_file(GOOD) + b".FIT", END + 2, 1, f"file truncated? expected 12 bytes, got 4 @ {END + 2}"),
        (fit_file(GOOD)[:-1], END, 1, None),
        (fit_file(GOOD)[:-4], END - 6, 0, None),
        (BROKEN, AT_BROKEN, 1, "ValueError at byte {at}"),
        (BROKEN[: AT_BROKEN + 3], AT_BROKEN, 1, None),
        (fit_file(GOOD + ZERO_SIZE)[: END + 8], END, 1, None),
    ],
    ids=["undefined-local", "not-fit-after-crc", "short-header-after-crc", "no-crc", "cut-message",
         "zero-size-field", "cut-before-zero-size-field", "cut-definition"],
)  # fmt: skip
def test_damaged_data_is_kept_up_to_the_damage(
    data: bytes, at: int, records: int, warning: str | None
) -> None:
    fast = check(data)
    assert fast.truncated_at_byte == at
    assert len(fast.records.get("timestamp", ())) == records
    assert fast.warnings == ([f"FIT decoder: {warning.format(at=at)}"] if warning else [])


def test_message_running_past_its_fit_file() -> None:
    """The header's data size ends inside a message: fitdecode asserts; both keep what came before."""
    data = bytearray(fit_file(GOOD + msg(1, le("IB", T0 + 1, 141))))
    struct.pack_into("<I", data, 4, len(GOOD) + 2)
    struct.pack_into("<H", data, 12, fit_crc(bytes(data[:12])))
    fast = check(bytes(data))
    assert fast.truncated_at_byte == 14 + len(GOOD)
    assert fast.warnings == [f"FIT decoder: AssertionError at byte {14 + len(GOOD)}"]


# ------------------------------------------------------------------------------------------ random streams

FIELD_NUMBERS = [253, 253, 0, 1, 2, 3, 4, 5, 6, 7, 8, 53, 73, 78, 13, 200]
BASES = [ENUM, SINT8, UINT8, SINT16, UINT16, SINT32, UINT32, STRING, FLOAT32, UINT8Z, UINT16Z, UINT32Z, BYTE]
GLOBALS = [20, 20, 20, 21, 19, 23, 0, 99]


@st.composite
def fit_streams(draw: st.DrawFn) -> bytes:
    """A FIT file of random definitions (any field, type, size, byte order) and data messages, full or
    compressed-timestamp headers, with values often invalid or at their limits."""
    body = bytearray(FILE_ID + DEV_ID + DESCRIBE + describe(0, FLOAT32, "Power", native=7))
    sizes: dict[int, int] = {}
    for _ in range(draw(st.integers(1, 5))):
        local = draw(st.integers(1, 3))
        fields = []
        for _ in range(draw(st.integers(0, 6))):
            base = draw(st.sampled_from(BASES))
            unit = {SINT16: 2, UINT16: 2, SINT32: 4, UINT32: 4, FLOAT32: 4, UINT16Z: 2, UINT32Z: 4}.get(
                base, 1
            )
            size = unit * draw(st.sampled_from([1, 1, 1, 2, 3])) + draw(st.sampled_from([0, 0, 0, 0, 1]))
            fields.append((draw(st.sampled_from(FIELD_NUMBERS)), size, base))
        devs = [(0, 4, 0)] if draw(st.booleans()) else None
        body += define(local, draw(st.sampled_from(GLOBALS)), fields, big=draw(st.booleans()), devs=devs)
        sizes[local] = sum(f[1] for f in fields) + (4 if devs else 0)
        for _ in range(draw(st.integers(0, 12))):
            byte = st.sampled_from([0, 1, 2, 0x7F, 0x80, 0xFE, 0xFF, 0x10, 0x3B])
            payload = draw(st.lists(byte, min_size=sizes[local], max_size=sizes[local]))
            toff = draw(st.one_of(st.none(), st.integers(0, 31))) if local <= 3 else None
            body += msg(local, bytes(payload), toff)
    return fit_file(bytes(body))


# what hypothesis found once: a sint32 timestamp field holding a negative number sets the accumulator
NEGATIVE_TIMESTAMP = fit_file(
    FILE_ID
    + define(1, 20, [(253, 4, SINT32), (0, 4, SINT32)])
    + msg(1, le("ii", -(2**31), 0))
    + msg(1, b"\0" * 8, 5)
)


@settings(max_examples=100, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(fit_streams())
@example(NEGATIVE_TIMESTAMP)
def test_random_streams(data: bytes) -> None:
    try:
        ref = decode_fitdecode(data)
    except Exception:  # fitdecode's own failure (e.g. a TypeError on an invalid array element)
        try:
            decode_fast(data)
        except Exception:
            event("both decoders raised: nothing to compare")
        else:
            event("fitdecode raised, the fast decoder read it: nothing to compare")
        assume(False)
        return
    try:
        fast = decode_fast(data)
    except Declined:  # `decode` hands the file to fitdecode
        event("the fast decoder declined: nothing to compare")
        assume(False)
        return
    event("compared")
    assert_same(ref, fast)


# ------------------------------------------------------------------------------------------ profile tables


def test_profile_tables_match_fitdecode() -> None:
    """Our enum names, scales and sub-fields are fitdecode's (so a profile update can't drift silently)."""
    from fitdecode import profile

    from progtempo.io.fit import profile as fit_profile

    for name in ("file", "manufacturer", "garmin_product", "sport", "sub_sport", "event", "event_type",
                 "lap_trigger", "source_type", "device_index", "antplus_device_type", "local_device_type",
                 "ble_device_type", "favero_product"):  # fmt: skip
        assert getattr(fit_profile, name.upper()) == profile.FIELD_TYPES[name].enum, name
    for glob, fields in fit_profile.PROFILE.items():
        theirs = profile.MESSAGE_TYPES[glob].fields
        for number, ours in fields.items():
            field = theirs[number]
            assert (ours.name, ours.scale, ours.offset) == (field.name, field.scale, field.offset)
            if field.type.name in ("date_time", "local_date_time"):
                assert ours.enum is None  # times are kept as raw seconds, never named
            else:
                assert ours.enum == getattr(field.type, "enum", None)
            subs = {(s.name, r.def_num, r.raw_value) for s in field.subfields or () for r in s.ref_fields}
            assert {(n, ref, v) for n, _, ref, values in ours.subfields for v in values} == subs
            for sub_name, enum, _, _ in ours.subfields:
                sub = next(s for s in field.subfields if s.name == sub_name)
                assert enum == getattr(sub.type, "enum", None) and sub.scale is None


def test_crc() -> None:
    rng = np.random.default_rng(3)
    for n in (0, 1, 2, 13, 8191, 8192, 8193, 70_001, 300_000):
        data = rng.integers(0, 256, n, dtype=np.uint8).tobytes()
        assert fit_crc_fast(data) == fit_crc(data)
