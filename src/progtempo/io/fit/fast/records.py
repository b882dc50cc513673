"""The `record` messages, decoded column by column with numpy (see `progtempo.io.fit.messages`)."""

from __future__ import annotations

from typing import Any

import numpy as np
import numpy.typing as npt

from progtempo.io.fit.fast.layout import (
    FIELD_COMPRESSED_SPEED_DISTANCE,
    FIELD_TIMESTAMP,
    MESG_RECORD,
    ByteArray,
    Def,
    Field,
    FloatArray,
    IntArray,
    Walk,
)
from progtempo.io.fit.format import BASE_BY_NUMBER, BYTE, FLOATS, SEMICIRCLE_DEG, STRING
from progtempo.io.fit.messages import RECORD_KEYS
from progtempo.io.fit.profile import profile_invalid
from progtempo.io.oracle import Declined


def rows_of(buf: ByteArray, positions: IntArray, d: Def) -> npt.NDArray[Any]:
    """The content bytes of the given data messages of `d`, viewed through its structured dtype."""
    if d.size == 0:
        return np.zeros(len(positions), dtype=d.dtype)
    kind = np.dtype(np.int32 if len(buf) < 2**31 else np.int64)  # int32: half the memory for the index
    index: npt.NDArray[np.signedinteger[Any]] = (positions + 1).astype(kind)[:, None] + np.arange(
        d.size, dtype=kind
    )
    rows: npt.NDArray[Any] = buf[index].view(d.dtype)[:, 0]
    return rows


def _numeric(rows: npt.NDArray[Any], i: int, f: Field) -> FloatArray | None:
    """Field i as float64 with NaN where invalid (by the declared base type, or by the profile's: see
    `profile_invalid`); None when it isn't a scalar number."""
    if f.count != 1 or f.base in (BYTE, STRING):
        return None
    col = rows[f"f{i}"]
    with np.errstate(invalid="ignore"):  # a signalling NaN float32 warns as it becomes a quiet one
        values = col.astype(np.float64)
    invalid = BASE_BY_NUMBER[f.base].invalid
    if invalid is not None:
        values[col == invalid] = np.nan
    pattern = profile_invalid(MESG_RECORD, f.number, f.size)
    if pattern is not None and f.base not in FLOATS and pattern != invalid:
        values[(col.astype(np.int64) & ((1 << 8 * f.size) - 1)) == pattern] = np.nan
    return values


def _scaled(values: FloatArray | None, scale: float, offset: float = 0.0) -> FloatArray | None:
    """raw / scale - offset, in this order, as the profile and fitdecode compute it."""
    if values is None:
        return None
    out = values / scale
    return out - offset if offset else out


def _pick(*candidates: FloatArray | None) -> FloatArray | None:
    """Row by row, the first valid value among the candidates."""
    result: FloatArray | None = None
    for c in candidates:
        if c is None:
            continue
        if result is None:
            result = c.copy()
        else:
            missing = np.isnan(result)
            result[missing] = c[missing]
    return result


def resolve_timestamps(
    buf: ByteArray, walk: Walk, msg_pos: IntArray, toff: IntArray, groups: list[IntArray]
) -> IntArray:
    """The timestamp each compressed-timestamp header gives its message (where `toff >= 0`; 0 elsewhere).

    Any message's valid `timestamp` field (253) sets the accumulator; a compressed header adds its
    5-bit offset with rollover (the smallest value >= the accumulator ending in those 5 bits) and
    becomes the accumulator; each FIT file starts from 0. Vectorised: after a full timestamp, each
    compressed message moves on by (offset - previous low 5 bits) mod 32, a cumulative sum that
    restarts at each full timestamp.
    """
    m = len(msg_pos)
    result = np.zeros(m, dtype=np.int64)
    compressed = toff >= 0
    if m == 0 or not compressed.any():
        return result
    full = np.zeros(m, dtype=np.int64)
    has_full = np.zeros(m, dtype=bool)
    for d, idx in zip(walk.defs, groups, strict=True):
        indices = d.native(FIELD_TIMESTAMP)
        if len(idx) == 0 or not indices:
            continue
        rows = rows_of(buf, msg_pos[idx], d)
        for i in indices:  # the last valid one wins, as each field sets the accumulator in turn
            f = d.fields[i]
            if f.count != 1 or f.base in (BYTE, STRING, *FLOATS):
                continue
            raw = rows[f"f{i}"]
            valid = raw != BASE_BY_NUMBER[f.base].invalid
            if raw.dtype.kind == "u" and raw.dtype.itemsize == 8 and (raw[valid] >= 2**63).any():
                raise Declined("a 64-bit timestamp beyond int64")
            full[idx[valid]] = raw[valid].astype(np.int64)
            has_full[idx[valid]] = True
    starts = np.array(walk.file_first_msg, dtype=np.int64)
    starts = starts[starts < m]
    reset = starts[~has_full[starts]]
    full[reset] = 0
    has_full[reset] = True
    low = np.where(compressed, toff, np.where(has_full, full & 31, -1))
    low_after = low[np.maximum.accumulate(np.where(low >= 0, np.arange(m), 0))]
    prev_low = np.where(has_full, full & 31, np.concatenate(([0], low_after[:-1])))
    delta = np.where(compressed, (toff - prev_low) % 32, 0)
    cum = np.cumsum(delta)
    last_full = np.maximum.accumulate(np.where(has_full, np.arange(m), 0))
    chained = full[last_full] + cum - (cum[last_full] - delta[last_full])
    result[compressed] = chained[compressed]
    return result


def record_columns(
    buf: ByteArray,
    walk: Walk,
    msg_pos: IntArray,
    toff: IntArray,
    groups: list[IntArray],
    timestamps: IntArray,
) -> dict[str, FloatArray]:
    """Decode every `record` message, one layout at a time, into the RECORD_KEYS arrays."""
    record_defs = [d for d in walk.defs if d.glob == MESG_RECORD]
    is_record = np.zeros(len(msg_pos), dtype=bool)
    for d in record_defs:
        is_record[groups[d.id]] = True
    n = int(is_record.sum())
    if n == 0:
        return {}
    rank = np.cumsum(is_record) - 1
    cols = {k: np.full(n, np.nan) for k in RECORD_KEYS}
    csd_where: list[IntArray] = []
    csd_raw: list[IntArray] = []
    csd_pos: list[IntArray] = []
    for d in record_defs:
        idx = groups[d.id]
        if len(idx) == 0:
            continue
        where = rank[idx]
        positions = msg_pos[idx]
        rows = rows_of(buf, positions, d)

        def num(number: int, d: Def = d, rows: npt.NDArray[Any] = rows) -> FloatArray | None:
            """The first valid value among the layout's fields with this number."""
            return _pick(*(_numeric(rows, i, d.fields[i]) for i in d.native(number)))

        has_header = toff[idx] >= 0
        from_header = np.where(has_header, timestamps[idx], np.nan) if has_header.any() else None
        _put(cols["timestamp"], where, _pick(num(FIELD_TIMESTAMP), from_header))
        lat, lon = num(0), num(1)
        _put(cols["position_lat"], where, None if lat is None else lat * SEMICIRCLE_DEG)
        _put(cols["position_long"], where, None if lon is None else lon * SEMICIRCLE_DEG)
        _put(cols["distance"], where, _scaled(num(5), 100))
        altitude = _pick(
            _scaled(num(78), 5, 500), _component_scaled(rows, d, 2, 16, 0, 5, 500), _scaled(num(2), 5, 500)
        )
        _put(cols["altitude"], where, altitude)
        compressed_distance = _compressed_distance(rows, d)
        if compressed_distance is not None:
            dist_raw, valid = compressed_distance
            csd_where.append(where[valid])
            csd_raw.append(dist_raw[valid].astype(np.int64))
            csd_pos.append(positions[valid])
        # the readers' order: enhanced_speed, its component from speed, speed, compressed speed
        speed = _pick(
            _scaled(num(73), 1000),
            _component_scaled(rows, d, 6, 16, 0, 1000),
            _scaled(num(6), 1000),
            _component_scaled(rows, d, FIELD_COMPRESSED_SPEED_DISTANCE, 12, 0, 100),
        )
        _put(cols["speed"], where, speed)
        _put(cols["heart_rate"], where, num(3))
        cadence = num(4)
        if cadence is not None:
            fraction = _scaled(num(53), 128)
            if fraction is not None:
                cadence = np.where(np.isnan(fraction), cadence, cadence + fraction)
        _put(cols["cadence"], where, cadence)
        _put(cols["power"], where, _pick(num(7), *_dev_power(rows, d)))
    if csd_where:
        _accumulate_distance(walk, cols["distance"], csd_where, csd_raw, csd_pos)
    return {k: v for k, v in cols.items() if k == "timestamp" or np.isfinite(v).any()}


def _put(out: FloatArray, where: IntArray, values: FloatArray | None) -> None:
    if values is not None:
        out[where] = values


def _component(
    rows: npt.NDArray[Any], i: int, f: Field, bits: int, shift: int
) -> tuple[FloatArray, Any] | None:
    """A component of field i (`bits` bits from bit `shift`) as fitdecode expands it: (values, valid rows).

    fitdecode takes an integer as it is (a negative one in two's complement), a float unmasked, and a
    tuple (an array, or bytes) as a little-endian number of one byte per element, whatever the
    definition's byte order and the elements' size; a tuple too short to reach `shift` has no component.
    None when no row has it.
    """
    col = rows[f"f{i}"]
    invalid = BASE_BY_NUMBER[f.base].invalid
    if f.base == STRING:
        return None
    if f.count == 1 and f.base != BYTE:
        if f.base in FLOATS:
            with np.errstate(invalid="ignore"):
                values = col.astype(np.float64)
            return values, ~np.isnan(values)
        number = col.astype(np.int64)
        valid = col != invalid
    else:
        if shift and shift >= f.count * 8:
            return None
        if f.base in FLOATS:
            return None  # fitdecode fails on a float array with components
        elements = col.reshape(len(col), -1)
        # bytes: invalid when all 0xFF; other arrays: fitdecode fails on any invalid element
        valid = ~(elements == 0xFF).all(axis=1) if f.base == BYTE else ~(elements == invalid).any(axis=1)
        number = np.zeros(len(col), dtype=np.int64)
        for k in range(min(f.count, 3) - 1, -1, -1):  # components end by bit 24: later elements drop out
            number = (number << 8) + (elements[:, k].astype(np.int64) & 0xFFFFFF)
    values = ((number >> shift) & ((1 << bits) - 1)).astype(np.float64)
    return values, valid


def _component_scaled(
    rows: npt.NDArray[Any], d: Def, number: int, bits: int, shift: int, scale: float, offset: float = 0.0
) -> FloatArray | None:
    """The first valid component (bits, shift) of the fields numbered `number`, scaled, NaN where none."""
    candidates = []
    for i in d.native(number):
        found = _component(rows, i, d.fields[i], bits, shift)
        if found is not None:
            values, valid = found
            candidates.append(_scaled(np.where(valid, values, np.nan), scale, offset))
    return _pick(*candidates)


def _compressed_distance(rows: npt.NDArray[Any], d: Def) -> tuple[FloatArray, Any] | None:
    """The raw 12-bit distance component of compressed_speed_distance (field 8), to be accumulated."""
    indices = d.native(FIELD_COMPRESSED_SPEED_DISTANCE)
    if not indices:
        return None
    if len(indices) > 1:
        raise Declined("a record definition with field 8 twice")
    found = _component(rows, indices[0], d.fields[indices[0]], 12, 12)
    if found is not None and d.fields[indices[0]].base in FLOATS:
        raise Declined("an accumulated component of a float field")
    return found


def _accumulate_distance(
    walk: Walk, distance: FloatArray, wheres: list[IntArray], raws: list[IntArray], positions: list[IntArray]
) -> None:
    """Accumulate the 12-bit compressed distances in file order (the accumulator restarts at 0 at each
    record definition holding field 8) and fill the records that have no distance field of their own."""
    where = np.concatenate(wheres)
    raw = np.concatenate(raws)
    pos = np.concatenate(positions)
    order = np.argsort(pos, kind="stable")
    where, raw, pos = where[order], raw[order], pos[order]
    segment = np.searchsorted(np.array(walk.distance_resets, dtype=np.int64), pos)
    first = np.concatenate(([True], segment[1:] != segment[:-1]))
    prev = np.concatenate(([0], raw[:-1]))
    prev[first] = 0
    step = (raw - prev) % 4096
    cum = np.cumsum(step)
    seg_start = np.maximum.accumulate(np.where(first, np.arange(len(raw)), 0))
    values = (cum - cum[seg_start] + step[seg_start]).astype(np.float64) / 16
    missing = np.isnan(distance[where])
    distance[where[missing]] = values[missing]


def _dev_power(rows: npt.NDArray[Any], d: Def) -> list[FloatArray | None]:
    """Developer power candidates in order: fields declared as native field 7, then fields named power."""
    devs = [(i, f, f.dev) for i, f in enumerate(d.fields) if f.dev is not None]
    by_native = [_numeric(rows, i, f) for i, f, dev in devs if dev.native_field_num == 7]
    by_name = [_numeric(rows, i, f) for i, f, dev in devs if (dev.name or "").strip().lower() == "power"]
    return by_native + by_name
