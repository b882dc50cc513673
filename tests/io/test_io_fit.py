"""FIT reading: what real devices do, made by the generator (and a few hand-built messages)."""

from __future__ import annotations

import struct
from datetime import UTC, datetime, timedelta

import numpy as np
import pytest

from progtempo.errors import ActivityReadError, ProgtempoError
from progtempo.io import read_activities, read_activity
from progtempo.io.fit import FitMessages, build_activity, decode
from progtempo.io.fit.encode import FieldDef, FitWriter, fit_timestamp
from progtempo.io.fit.fitdecode import decode_fitdecode
from progtempo.limits import Limits
from progtempo.limits import from_env as limits_from_env
from progtempo.synth import Leg, SynthRun, fit_bytes, make_run, multisport_fit_bytes

START = datetime(2026, 3, 1, 8, 0, tzinfo=UTC)


def run_with_pause() -> SynthRun:
    legs = [Leg(1000.0, 300.0, 0.02, 150, power_w=250), Leg(1000.0, 280.0, -0.02, 160, power_w=270)]
    return make_run(legs, pauses=[(700.0, 40.0)], auto_lap_m=500.0)


@pytest.fixture(params=["fitdecode", "default"])
def decoder(request: pytest.FixtureRequest, monkeypatch: pytest.MonkeyPatch) -> str:
    """Every test runs with the fitdecode oracle and with the default decoder (the default limits,
    which every `read_activity` without its own takes, name the decoder)."""
    if request.param == "fitdecode":
        monkeypatch.setattr("progtempo.limits.DEFAULT", Limits(fit_decoder="fitdecode"))
    return str(request.param)


def test_streams_laps_and_pauses(decoder: str) -> None:
    run = run_with_pause()
    a = read_activity("p.fit", data=fit_bytes(run))
    assert a.format == "fit" and a.source == "p.fit"
    assert a.start_time == START
    assert a.pauses == [(210.0, 250.0)]
    assert a.distance_m is not None and a.distance_m[-1] == pytest.approx(2000.0)
    assert a.power is not None and set(np.unique(a.power)) == {250.0, 270.0}
    assert [lap.trigger for lap in a.laps] == ["distance"] * 4
    assert [lap.distance_m for lap in a.laps] == pytest.approx([500.0] * 4)
    assert a.laps[1].elapsed_s - (a.laps[1].timer_s or 0) == pytest.approx(40.0, abs=1e-3)
    assert a.speed_m_s is not None and a.speed_m_s[0] == pytest.approx(1000 / 300, abs=1e-3)


def test_compressed_timestamps_read_the_same(decoder: str) -> None:
    run = run_with_pause()
    plain = read_activity("a.fit", data=fit_bytes(run))
    packed = fit_bytes(run, compressed_timestamps=True)
    assert len(packed) < len(fit_bytes(run))
    b = read_activity("b.fit", data=packed)
    assert np.array_equal(plain.time_s, b.time_s)
    assert plain.distance_m is not None and b.distance_m is not None
    assert np.array_equal(plain.distance_m, b.distance_m)
    assert b.pauses == plain.pauses and b.start_time == plain.start_time


@pytest.mark.parametrize("offset_s", [0, 7200])
def test_device_relative_timestamps_get_the_clock_from_local_time(decoder: str, offset_s: int) -> None:
    run = run_with_pause()
    a = read_activity("r.fit", data=fit_bytes(run, relative_timestamps=True, compressed_timestamps=True,
                                             utc_offset_s=offset_s))  # fmt: skip
    assert a.start_time == START + timedelta(seconds=offset_s)
    assert a.pauses == [(210.0, 250.0)]
    assert a.laps[0].start_time == a.start_time
    assert any("power-on" in w for w in a.warnings)


def test_relative_times_without_any_clock() -> None:
    msgs = FitMessages(records={"timestamp": np.array([1000.0, 1001.0, 1002.0])})
    a = build_activity(msgs, "x.fit")
    assert a.start_time == datetime(1989, 12, 31, tzinfo=UTC) + timedelta(seconds=1000)
    assert any("no clock time" in w for w in a.warnings)
    msgs.file_id = {"time_created": fit_timestamp(START.timestamp())}
    assert build_activity(msgs, "x.fit").start_time == START


def test_developer_power_field(decoder: str) -> None:
    run = run_with_pause()
    a = read_activity("d.fit", data=fit_bytes(run, developer_power=True))
    assert a.power is not None and set(np.unique(a.power)) == {250.0, 270.0}


def test_multisport_legs_are_apart_and_session_picks_one(decoder: str) -> None:
    r1 = make_run([Leg(2000.0, 300.0, hr_bpm=150)])
    r2 = make_run([Leg(10000.0, 120.0, hr_bpm=140)], sport="cycling",
                  start_time=START + timedelta(seconds=r1.total_elapsed_s + 60))  # fmt: skip
    r3 = make_run(
        [Leg(3000.0, 330.0, hr_bpm=160)],
        start_time=r2.start_time + timedelta(seconds=r2.total_elapsed_s + 60),
    )
    data = multisport_fit_bytes([r1, r2, r3])
    with pytest.raises(ActivityReadError, match=r"3 sessions in this file and 2 are runs \(1 running 08:00"):
        read_activity("tri.fit", data=data)  # two runs: which one is the user's to say
    first = read_activity("tri.fit", data=data, session=1)
    assert first.distance_m is not None and first.distance_m[-1] == pytest.approx(2000.0)
    assert first.time_s[-1] == pytest.approx(600.0) and len(first.laps) == 1
    bike = read_activity("tri.fit", data=data, session=2)
    assert bike.sport == "cycling" and len(bike) == 1201
    assert bike.distance_m is not None and bike.distance_m[-1] == pytest.approx(10000.0)
    third = read_activity("tri.fit", data=data, session=3)
    assert third.start_time == r3.start_time and third.warnings == []
    assert third.distance_m is not None and third.distance_m[0] == 0.0
    with pytest.raises(ActivityReadError, match=r"no session 4: this file has 3 \(1 running .*2 cycling"):
        read_activity("tri.fit", data=data, session=4)
    with pytest.raises(ActivityReadError, match="no session 0"):
        read_activity("tri.fit", data=data, session=0)


def test_session_on_a_single_session_file(decoder: str) -> None:
    data = fit_bytes(make_run([Leg(1000.0, 300.0)]))
    assert len(read_activity("one.fit", data=data, session=1)) == 301
    with pytest.raises(ActivityReadError, match="no session 2: this file has 1"):
        read_activity("one.fit", data=data, session=2)


def test_chained_fit_files_are_read_in_turn(decoder: str) -> None:
    r1 = make_run([Leg(1000.0, 300.0, hr_bpm=150)])
    r2 = make_run([Leg(1000.0, 300.0, hr_bpm=155)], start_time=START + timedelta(seconds=600))
    data = fit_bytes(r1) + fit_bytes(r2, compressed_timestamps=True)
    one, two = read_activities("chain.fit", data=data)  # each FIT file of the chain its own session
    for a, hr, start in ((one, 150.0, START), (two, 155.0, r2.start_time)):
        assert len(a) == 301 and a.time_s[-1] == 300.0 and a.start_time == start
        assert len(a.laps) == 1 and a.pauses == [] and a.multisport
        assert a.heart_rate is not None and set(np.unique(a.heart_rate)) == {hr}
    assert read_activity("chain.fit", data=data, session=2).heart_rate is not None


def test_missing_sensors(decoder: str) -> None:
    foot_pod = make_run([Leg(1500.0, 300.0)], gps=False, altitude=False)
    a = read_activity("pod.fit", data=fit_bytes(foot_pod))
    assert a.lat is None and a.lon is None and a.altitude_m is None and a.heart_rate is None
    assert a.altitude_source == "none"
    assert a.distance_m is not None and a.distance_m[-1] == pytest.approx(1500.0)
    assert a.cadence is not None


def test_records_without_position_or_altitude_are_nan(decoder: str) -> None:
    run = make_run([Leg(1000.0, 300.0, 0.01)])
    assert run.activity.lat is not None and run.activity.altitude_m is not None
    run.activity.lat[50:60] = np.nan
    run.activity.lon[50:60] = np.nan  # type: ignore[index]
    run.activity.altitude_m[100:105] = np.nan
    a = read_activity("gaps.fit", data=fit_bytes(run))
    assert a.lat is not None and a.altitude_m is not None
    assert np.flatnonzero(np.isnan(a.lat)).tolist() == list(range(50, 60))
    assert np.flatnonzero(np.isnan(a.altitude_m)).tolist() == list(range(100, 105))


def test_running_cadence_is_doubled_with_its_fraction(decoder: str) -> None:
    a = read_activity("c.fit", data=fit_bytes(make_run([Leg(500.0, 300.0, cadence_spm=171.0)])))
    assert a.cadence is not None and np.all(a.cadence == 171.0)
    bike = read_activity(
        "b.fit", data=fit_bytes(make_run([Leg(500.0, 120.0, cadence_spm=90.0)], sport="cycling"))
    )
    assert bike.cadence is not None and np.all(bike.cadence == 90.0)


def test_device_name_and_barometric_altitude(decoder: str) -> None:
    run = make_run([Leg(500.0, 300.0, 0.05)])
    assert read_activity("s.fit", data=fit_bytes(run)).altitude_source == "gps"
    a = read_activity("g.fit", data=fit_bytes(run, garmin_product=4024))
    assert a.device == "Garmin Forerunner 955" and a.altitude_source == "barometric"
    b = read_activity("b.fit", data=fit_bytes(run, barometer=True))
    assert b.device == "progtempo synthetic" and b.altitude_source == "barometric"
    c = read_activity("c.fit", data=fit_bytes(run, garmin_product=1124))
    assert c.device == "Garmin Forerunner 110" and c.altitude_source == "gps"


def test_sub_sport_trail() -> None:
    a = read_activity("t.fit", data=fit_bytes(make_run([Leg(500.0, 400.0, 0.1)], sport="trail_running")))
    assert a.sport == "trail_running" and a.sub_sport == "trail" and a.is_running


def _legacy_fit() -> bytes:
    """Records with only the legacy altitude/speed fields, two sharing a timestamp, a 0,0 position."""
    w = FitWriter()
    numbers = [(253, "uint32"), (0, "sint32"), (1, "sint32"), (2, "uint16"), (6, "uint16"), (3, "uint8")]
    w.define(0, 20, [FieldDef(n, t) for n, t in numbers])
    t0 = fit_timestamp(START.timestamp())
    lat = round(45.0 * 2**31 / 180)
    w.write(0, [t0, lat, 0, (100 + 500) * 5, 3000, 150])
    w.write(0, [t0 + 1, 0, 0, (101 + 500) * 5, 3100, None])
    w.write(0, [t0 + 1, None, None, None, None, 152])  # same second: merged
    w.write(0, [t0 + 2, lat + 100, 0, (102 + 500) * 5, 3200, 0])
    return w.to_bytes()


def test_legacy_fields_null_island_zero_hr_and_duplicate_times(decoder: str) -> None:
    a = read_activity("legacy.fit", data=_legacy_fit())
    assert a.time_s.tolist() == [0.0, 1.0, 2.0]
    assert a.altitude_m is not None and a.altitude_m.tolist() == [100.0, 101.0, 102.0]
    assert a.speed_m_s is not None and a.speed_m_s.tolist() == [3.0, 3.1, 3.2]
    assert a.lat is not None and np.isnan(a.lat[1]) and a.lat[0] == pytest.approx(45.0)
    assert (
        a.heart_rate is not None and a.heart_rate[:2].tolist() == [150.0, 152.0] and np.isnan(a.heart_rate[2])
    )
    assert any("repeat an earlier timestamp" in w for w in a.warnings)
    assert a.sport == "unknown" and a.device is None and a.laps == []


def test_fitdecode_oracle_conventions() -> None:
    msgs = decode_fitdecode(_legacy_fit())
    assert sorted(msgs.records) == sorted(["timestamp", "position_lat", "position_long", "altitude", "speed",
                                           "heart_rate"])  # fmt: skip
    assert np.array_equal(msgs.records["altitude"], [100.0, 101.0, np.nan, 102.0], equal_nan=True)
    assert np.array_equal(msgs.records["position_long"], [0.0, 0.0, np.nan, 0.0], equal_nan=True)
    assert msgs.truncated_at_byte is None
    data = fit_bytes(run_with_pause())
    full = decode_fitdecode(data)
    assert full.file_id["type"] == "activity" and full.file_id["manufacturer"] == "development"
    assert full.sessions[0]["sport"] == "running" and full.laps[0]["lap_trigger"] == "distance"
    assert isinstance(full.laps[0]["start_time"], int)
    assert [e["event_type"] for e in full.events] == ["start", "stop_all", "start", "stop_all"]
    assert full.activity["num_sessions"] == 1


def test_decoder_choice(monkeypatch: pytest.MonkeyPatch) -> None:
    data = fit_bytes(make_run([Leg(300.0, 300.0)]))
    oracle = decode(data, "fitdecode")
    default = decode(data)
    for key, col in oracle.records.items():
        assert np.array_equal(col, default.records[key], equal_nan=True)
    with pytest.raises(ProgtempoError, match="'garmin' is not a FIT decoder: use auto, fast or fitdecode"):
        decode(data, "garmin")
    with pytest.raises(ProgtempoError, match="PROGTEMPO_FIT_DECODER='garmin' is not a FIT decoder"):
        limits_from_env({"PROGTEMPO_FIT_DECODER": "garmin"})
    assert limits_from_env({"PROGTEMPO_FIT_DECODER": " FitDecode "}).fit_decoder == "fitdecode"


def test_header_checks() -> None:
    good = fit_bytes(make_run([Leg(300.0, 300.0)]))
    with pytest.raises(ActivityReadError, match="cut off right after its header"):
        read_activity("h.fit", data=good[:14])
    empty = bytearray(good[:14])
    struct.pack_into("<I", empty, 4, 0)
    with pytest.raises(ActivityReadError, match="header with no data"):
        read_activity("e.fit", data=bytes(empty))
    bad_sig = bytearray(good)
    bad_sig[8:12] = b"FIT."
    with pytest.raises(ActivityReadError, match="not a FIT"):
        read_activity("s.fit", data=bytes(bad_sig))
    short = bytearray(good)
    struct.pack_into("<I", short, 4, 50)  # says 50 bytes: the rest is not a FIT file
    with pytest.raises(ActivityReadError, match="damaged or cut short at byte"):
        read_activity("x.fit", data=bytes(short))


def test_a_workout_file_is_not_an_activity() -> None:
    w = FitWriter()
    w.define(0, 0, [FieldDef(0, "enum"), FieldDef(1, "uint16")])
    w.write(0, [5, 255])
    with pytest.raises(ActivityReadError, match="FIT workout file, not a recorded activity"):
        read_activity("w.fit", data=w.to_bytes())
