"""FIT invalid values are missing values, in the fast decoder and the fitdecode path alike.

A field holding its base type's invalid value (0xFF…, 0x7F…, 0 for the z types) means "no value". The
FIT profile gives each field its base type, and a file's definition may declare another one (a flipped
bit, a careless encoder): the profile's invalid value still means "no value" (0xFFFFFFFF in a distance
declared uint32z is not 42,949 km). Each record field of a synthetic run, declared with every integer
base type of its size, is set to the declared type's and to the profile type's invalid value in a
stretch of records; both decoders must read NaN there and agree on everything else.
"""

from __future__ import annotations

import datetime as dt

import numpy as np
import pytest
from test_io_fitfast import assert_same

from progtempo import synth
from progtempo.analysis import analyze
from progtempo.fuzz.damage_fit import fix_crc
from progtempo.fuzz.fitwalk import invalid_bytes, walk
from progtempo.io import read_activity
from progtempo.io.fit.fast import decode_fast
from progtempo.io.fit.fitdecode import decode_fitdecode
from progtempo.io.fit.format import BASE_BY_NAME, BASE_TYPES
from progtempo.io.fit.messages import FitMessages
from progtempo.io.fit.profile import PROFILE_BASE

RECORD = 20
#: the record fields of the synthetic FIT file and the key each fills
RECORD_FIELDS = {253: "timestamp", 0: "position_lat", 1: "position_long", 5: "distance", 78: "altitude",
                 73: "speed", 3: "heart_rate", 4: "cadence"}  # fmt: skip
STRETCH = slice(40, 60)


@pytest.fixture(scope="module")
def fit() -> bytes:
    run = synth.make_run(
        [synth.Leg(1000.0, 330.0 - 20 * k, hr_bpm=140.0 + 8 * k) for k in range(3)],
        start_time=dt.datetime(2026, 3, 1, 7, tzinfo=dt.UTC),
    )
    return synth.fit_bytes(run)


def edit(data: bytes, glob: int, number: int, base: int | None, value: bytes | None, which: slice) -> bytes:
    """`data` with field `number` of message `glob` declared as `base` (None: as it is) in every
    definition, and set to `value` (None: the declared type's invalid value) in the messages `which`."""
    layout = walk(data)
    assert layout is not None
    out = bytearray(data)
    for d in layout.definitions:
        for k, (num, _, _) in enumerate(d.fields):
            if d.global_num == glob and num == number and base is not None:
                out[d.fields_offset + 3 * k + 2] = base
    messages = [m for m in layout.messages if m.definition.global_num == glob][which]
    for m in messages:
        for f in m.fields:
            if f.number == number:
                declared = base if base is not None else f.base_type
                raw = value if value is not None else invalid_bytes(declared, f.size, m.definition.big_endian)
                out[f.offset : f.offset + f.size] = raw
    return fix_crc(bytes(out))


def decoded(data: bytes) -> FitMessages:
    """The fast decoder's messages, after checking fitdecode reads the same."""
    fast, oracle = decode_fast(data), decode_fitdecode(data)
    assert_same(oracle, fast)
    return fast


def test_profile_base_types_are_fitdecodes() -> None:
    from fitdecode import profile

    for glob, fields in PROFILE_BASE.items():
        for number, name in fields.items():
            t = profile.MESSAGE_TYPES[glob].fields[number].type
            base = t.base_type if getattr(t, "base_type", None) is not None else t
            assert base.name == name, (glob, number)


def _same_size_integers(size: int) -> list[int]:
    return [b.number for b in BASE_TYPES if b.size == size and b.code[0] in "iu" and b.name != "byte"]


@pytest.mark.parametrize("number", sorted(RECORD_FIELDS))
def test_invalid_record_values_are_missing_whatever_the_declared_type(fit: bytes, number: int) -> None:
    key = RECORD_FIELDS[number]
    profile = BASE_BY_NAME[PROFILE_BASE[RECORD][number]]
    pattern = profile.invalid.to_bytes(profile.size, "little") if profile.invalid is not None else None
    clean = decoded(fit).records[key]
    for declared in [None, *_same_size_integers(profile.size)]:
        for value in (None, pattern):
            records = decoded(edit(fit, RECORD, number, declared, value, STRETCH)).records
            if number == 253:  # a record without a time: the decoders keep it, with NaN
                assert np.isnan(records[key][STRETCH]).all()
                continue
            got = records.get(key)
            assert got is not None, (key, declared, value)
            assert np.isnan(got[STRETCH]).all(), (key, declared, value, got[STRETCH][:3])
            if declared is None:  # another declared type reads the other records otherwise, as it should
                np.testing.assert_array_equal(got[:40], clean[:40])


@pytest.mark.parametrize(("glob", "number"), [(19, 9), (19, 7), (18, 9), (18, 7), (19, 2)])
def test_invalid_lap_and_session_totals_are_missing(fit: bytes, glob: int, number: int) -> None:
    """A lap's or session's total distance or time of 0xFFFFFFFF, declared uint32 or uint32z."""
    name = {9: "total_distance", 7: "total_elapsed_time", 2: "start_time"}[number]
    for declared in (None, BASE_BY_NAME["uint32z"].number, BASE_BY_NAME["sint32"].number):
        msgs = decoded(edit(fit, glob, number, declared, b"\xff\xff\xff\xff", slice(None)))
        for doc in msgs.laps if glob == 19 else msgs.sessions:
            assert name not in doc, (glob, name, declared, doc)


def test_a_distance_of_0xffffffff_never_becomes_a_split(fit: bytes) -> None:
    """Declared uint32z, the profile's invalid distance is no distance: the run keeps its 3 km."""
    data = edit(fit, RECORD, 5, BASE_BY_NAME["uint32z"].number, b"\xff\xff\xff\xff", slice(100, 101))
    an = analyze(read_activity("x.fit", data=data), unit="km")
    assert an.distance_m == pytest.approx(3000.0, abs=5)
    assert [s.distance_m for s in an.splits] == pytest.approx([1000.0] * 3, abs=5)
    assert [s.pace_s for s in an.splits] == pytest.approx([330.0, 310.0, 290.0], abs=0.5)
