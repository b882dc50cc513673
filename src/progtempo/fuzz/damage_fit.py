"""Damage that knows FIT: the header, the CRCs, definitions, field values, timestamps, whole messages.

The file is walked first (`fuzz/fitwalk.py`) so the damage lands on a definition or a field rather than
anywhere; `fix_crc` recomputes the checksums afterwards so the damage reaches the decoder.
"""

from __future__ import annotations

import random
import struct
from typing import Literal

from progtempo.fuzz.damage_bytes import Mutator
from progtempo.fuzz.fitwalk import FitLayout, invalid_bytes, walk
from progtempo.io.fit.format import BASE_BY_NUMBER

_RECORD = 20


def _layout(data: bytes) -> FitLayout | None:
    layout = walk(data)
    return layout if layout is not None and layout.messages else None


def fix_crc(data: bytes) -> bytes:
    """Recompute the header CRC (14-byte headers) and the file CRC, so a reader can't refuse on them."""
    from progtempo.io.fit.format import fit_crc

    if len(data) < 14 or data[8:12] != b".FIT":
        return data
    b = bytearray(data)
    h = b[0]
    if h == 14:
        b[12:14] = struct.pack("<H", fit_crc(b[:12]))
    end = h + int.from_bytes(b[4:8], "little")
    if h >= 12 and end + 2 <= len(b):
        b[end : end + 2] = struct.pack("<H", fit_crc(b[:end]))
    return bytes(b)


def _set_data_size(data: bytes, delta: int) -> bytes:
    """Move the header's data size by `delta` (after inserting or deleting bytes inside the data)."""
    if len(data) < 12:
        return data
    size = int.from_bytes(data[4:8], "little")
    return data[:4] + struct.pack("<I", max(0, min(size + delta, 0xFFFFFFFF))) + data[8:]


def fit_header(rng: random.Random, data: bytes) -> bytes:
    """Edit the header: its size, protocol, profile version, data size or the `.FIT` signature."""
    if len(data) < 12:
        return data
    b = bytearray(data)
    what = rng.randrange(5)
    if what == 0:
        b[0] = rng.choice((0, 1, 11, 12, 13, 14, 15, 64, 255))
    elif what == 1:
        b[1] = rng.choice((0x00, 0x10, 0x20, 0x30, 0xFF, rng.randrange(256)))
    elif what == 2:
        b[2:4] = struct.pack("<H", rng.choice((0, 0xFFFF, rng.randrange(65536))))
    elif what == 3:
        size = int.from_bytes(b[4:8], "little")
        new = rng.choice((0, 1, size - 1, size + 1, size * 2, 0xFFFFFFFF, 0x7FFFFFFF, rng.randrange(2**32)))
        b[4:8] = struct.pack("<I", max(0, min(new, 0xFFFFFFFF)))
    else:
        b[8 + rng.randrange(4)] = rng.randrange(256)
    return bytes(b)


def fit_crc_break(rng: random.Random, data: bytes) -> bytes:
    """Damage the header CRC or the file CRC only."""
    if len(data) < 16:
        return data
    b = bytearray(data)
    i = rng.choice((12, 13, len(b) - 2, len(b) - 1))
    b[i] ^= 1 + rng.randrange(255)
    return bytes(b)


def fit_def_field(rng: random.Random, data: bytes) -> bytes:
    """Change one field of one definition: its size, base type or number."""
    layout = walk(data)
    if layout is None or not layout.definitions:
        return data
    d = rng.choice(layout.definitions)
    if not d.fields:
        return data
    k = rng.randrange(len(d.fields))
    at = d.fields_offset + 3 * k
    b = bytearray(data)
    what = rng.randrange(3)
    if what == 0:
        size = d.fields[k][1]
        b[at + 1] = rng.choice((0, 1, 3, 255, max(0, size - 1), min(255, size + 1), rng.randrange(256)))
    elif what == 1:
        b[at + 2] = rng.choice((*_BASE_TYPES, rng.randrange(256)))
    else:
        b[at] = rng.choice((253, 254, 0, 5, 7, rng.randrange(256)))
    return bytes(b)


_BASE_TYPES = tuple(BASE_BY_NUMBER)


def fit_def_message(rng: random.Random, data: bytes) -> bytes:
    """Change one definition as a whole: its field count, byte order, global number or local number."""
    layout = walk(data)
    if layout is None or not layout.definitions:
        return data
    d = rng.choice(layout.definitions)
    b = bytearray(data)
    what = rng.randrange(4)
    if what == 0:
        b[d.fields_offset - 1] = rng.choice((0, 1, 255, max(0, len(d.fields) - 1), len(d.fields) + 1))
    elif what == 1:
        b[d.offset + 2] = rng.choice((0, 1, 2, 0xFF))
    elif what == 2:
        num = rng.choice((0, 18, 19, 20, 21, 23, 34, 206, 207, 0xFFFF, rng.randrange(65536)))
        b[d.offset + 3 : d.offset + 5] = num.to_bytes(2, "big" if d.big_endian else "little")
    else:
        b[d.offset] = (b[d.offset] & 0xF0) | rng.randrange(16)
    return bytes(b)


def _pick_fields(rng: random.Random, layout: FitLayout) -> list[tuple[int, int, int, bool]]:
    """A field of one kind of message in the file (a record's, mostly), and where it is in every such
    message: (offset, size, base type, big endian)."""
    records = [m for m in layout.messages if m.definition.global_num == _RECORD and m.definition.fields]
    pool = records if records and rng.random() < 0.8 else [m for m in layout.messages if m.definition.fields]
    if not pool:
        return []
    m = rng.choice(pool)
    number = rng.choice(m.definition.fields)[0]
    g = m.definition.global_num
    places = []
    for m2 in layout.messages:
        d = m2.definition
        if d.global_num != g:
            continue
        for (num, size, base), at in zip(d.fields, d.offsets, strict=True):
            if num == number and size > 0:
                places.append((m2.offset + 1 + at, size, base, d.big_endian))
    return places


def _choose(rng: random.Random, places: list[tuple[int, int, int, bool]]) -> list[tuple[int, int, int, bool]]:
    """One message, a run of them, a scattering or all of them."""
    how = rng.randrange(4)
    if how == 0 or len(places) < 3:
        return [rng.choice(places)]
    if how == 1:
        a = rng.randrange(len(places))
        return places[a : a + rng.choice((2, 10, 100))]
    if how == 2:
        return rng.sample(places, max(1, len(places) // rng.choice((2, 10, 50))))
    return places


def fit_field_invalid(rng: random.Random, data: bytes) -> bytes:
    """Set a field to its base type's invalid value (0xFF…, 0x7F…, 0) in one, some or all messages."""
    layout = _layout(data)
    if layout is None:
        return data
    places = _pick_fields(rng, layout)
    if not places:
        return data
    b = bytearray(data)
    for off, size, base, big in _choose(rng, places):
        b[off : off + size] = invalid_bytes(base, size, big)
    return bytes(b)


def fit_field_extreme(rng: random.Random, data: bytes) -> bytes:
    """Set a field to an extreme: all ones, the signed or unsigned maximum less one, zero, random."""
    layout = _layout(data)
    if layout is None:
        return data
    places = _pick_fields(rng, layout)
    if not places:
        return data
    b = bytearray(data)
    kind = rng.randrange(5)
    for off, size, _, _ in _choose(rng, places):
        if kind == 0:
            value = b"\xff" * size
        elif kind == 1:
            value = b"\xfe" + b"\xff" * (size - 1)
        elif kind == 2:
            value = bytes(size)
        elif kind == 3:
            value = b"\xff" * (size - 1) + b"\x7e" if size > 1 else b"\x7e"
        else:
            value = bytes(rng.randrange(256) for _ in range(size))
        b[off : off + size] = value
    return bytes(b)


def fit_timestamp(rng: random.Random, data: bytes) -> bytes:
    """Give one or a few messages an odd timestamp: zero, device-relative, far future, a jump."""
    layout = _layout(data)
    if layout is None:
        return data
    stamps = []
    for m in layout.messages:
        d = m.definition
        for (num, size, _), at in zip(d.fields, d.offsets, strict=True):
            if num == 253 and size == 4:
                stamps.append((m.offset + 1 + at, d.big_endian))
    if not stamps:
        return data
    b = bytearray(data)
    for off, big in rng.sample(stamps, min(len(stamps), rng.choice((1, 1, 3)))):
        order: Literal["big", "little"] = "big" if big else "little"
        now = int.from_bytes(b[off : off + 4], order)
        new = rng.choice(
            (0, 1, 86_399, 0x0FFFFFFF, 0x10000000, 0xFFFFFFFE, now + 2 ** rng.randrange(8, 31), now - 3600)
        )
        b[off : off + 4] = (new % 2**32).to_bytes(4, order)
    return bytes(b)


def fit_message_cut(rng: random.Random, data: bytes) -> bytes:
    """Delete or repeat whole messages (a lost or doubled write), keeping the header's size right."""
    layout = _layout(data)
    if layout is None:
        return data
    starts = sorted({m.offset for m in layout.messages} | {d.offset for d in layout.definitions})
    k = rng.randrange(len(starts))
    a = starts[k]
    b_end = starts[k + rng.choice((1, 1, 5))] if k + 5 < len(starts) else layout.stopped_at
    piece = data[a:b_end]
    if rng.random() < 0.5:
        return _set_data_size(data[:a] + data[b_end:], -len(piece))
    times = rng.choice((1, 2, 100))
    return _set_data_size(data[:b_end] + piece * times + data[b_end:], len(piece) * times)


def fit_chain(rng: random.Random, data: bytes) -> bytes:
    """Append a copy of the file, or of its start (a chained file, or a second header)."""
    return data + (data if rng.random() < 0.5 else data[: rng.randrange(1, max(2, len(data)))])


FIT: dict[str, Mutator] = {
    "fit_header": fit_header,
    "fit_crc_break": fit_crc_break,
    "fit_def_field": fit_def_field,
    "fit_def_message": fit_def_message,
    "fit_field_invalid": fit_field_invalid,
    "fit_field_extreme": fit_field_extreme,
    "fit_timestamp": fit_timestamp,
    "fit_message_cut": fit_message_cut,
    "fit_chain": fit_chain,
}
