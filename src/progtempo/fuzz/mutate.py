"""Mutants: seeded damage to FIT, GPX and TCX files, and to the gzip and zip files they come in.

A mutant is named by (seed, index): `make_mutant` draws everything from `random.Random` seeded with
both, so the same pair gives the same bytes on any machine with the same corpus. Mutators are the
damage an attacker or a flaky device does: bit flips and truncation anywhere; for FIT, header,
definition, CRC and field edits (invalid values, extremes, timestamps); for XML, broken tags, odd
numbers and times, entity tricks, deep nesting and other encodings; and damaged containers.
"""

from __future__ import annotations

import gzip
import io
import random
import re
import struct
import zipfile
import zlib
from collections.abc import Callable
from dataclasses import dataclass
from typing import Literal

from progtempo.fuzz.corpus import Seed
from progtempo.fuzz.fitwalk import FitLayout, invalid_bytes, walk
from progtempo.io.fit.format import BASE_BY_NUMBER

Mutator = Callable[[random.Random, bytes], bytes]


@dataclass(frozen=True)
class Mutant:
    """A damaged file: how it was made (seed, index, base file, the mutators in order) and its bytes."""

    seed: int
    index: int
    base: str
    ops: tuple[str, ...]
    suffix: str
    data: bytes

    @property
    def name(self) -> str:
        """A file name that says how to rebuild the mutant: `m<seed>-<index><suffix>`."""
        return f"m{self.seed}-{self.index}{self.suffix}"


# ------------------------------------------------------------------------------------------- generic


def bit_flip(rng: random.Random, data: bytes) -> bytes:
    """Flip one to sixteen bits anywhere."""
    if not data:
        return data
    b = bytearray(data)
    for _ in range(rng.choice((1, 1, 2, 4, 16))):
        b[rng.randrange(len(b))] ^= 1 << rng.randrange(8)
    return bytes(b)


def byte_set(rng: random.Random, data: bytes) -> bytes:
    """Set a few bytes to 0x00, 0xFF, 0x7F, 0x80 or a random value."""
    if not data:
        return data
    b = bytearray(data)
    for _ in range(rng.choice((1, 2, 8))):
        b[rng.randrange(len(b))] = rng.choice((0x00, 0xFF, 0x7F, 0x80, rng.randrange(256)))
    return bytes(b)


def truncate(rng: random.Random, data: bytes) -> bytes:
    """Cut the file anywhere, often near its end (a download or a device that stopped writing)."""
    if len(data) < 2:
        return b""
    if rng.random() < 0.5:
        return data[: rng.randrange(len(data))]
    return data[: len(data) - rng.randrange(1, max(2, len(data) // 20))]


def chunk_delete(rng: random.Random, data: bytes) -> bytes:
    """Remove a run of bytes."""
    if len(data) < 4:
        return data
    a = rng.randrange(len(data))
    return data[:a] + data[a + rng.choice((1, 3, 16, 256, 4096)) :]


def chunk_duplicate(rng: random.Random, data: bytes) -> bytes:
    """Repeat a run of bytes in place."""
    if len(data) < 4:
        return data
    a = rng.randrange(len(data))
    b = min(len(data), a + rng.choice((1, 4, 64, 1024)))
    return data[:b] + data[a:b] * rng.choice((1, 2, 50)) + data[b:]


def zero_fill(rng: random.Random, data: bytes) -> bytes:
    """Zero a run of bytes (a sector that never made it to the card)."""
    if not data:
        return data
    a = rng.randrange(len(data))
    n = min(len(data) - a, rng.choice((16, 512, 4096)))
    return data[:a] + bytes(n) + data[a + n :]


GENERIC: dict[str, Mutator] = {
    "bit_flip": bit_flip,
    "byte_set": byte_set,
    "truncate": truncate,
    "chunk_delete": chunk_delete,
    "chunk_duplicate": chunk_duplicate,
    "zero_fill": zero_fill,
}

# ----------------------------------------------------------------------------------------------- FIT

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

# ----------------------------------------------------------------------------------------------- XML

_TAG = re.compile(rb"<[^<>]{1,300}>")
_NUMBER = re.compile(rb"(?<=[>\"'])-?\d+(?:\.\d+)?(?:[eE][-+]?\d+)?(?=[<\"'])")
_TIME = re.compile(rb"\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d(?:\.\d+)?(?:Z|[+-]\d\d:?\d\d)?")
_BLOCK = re.compile(rb"<(trkpt|Trackpoint|Lap|trkseg|Track)\b[^>]*>.*?</\1>", re.DOTALL)
_ODD_NUMBERS = (b"NaN", b"nan", b"Infinity", b"-Infinity", b"inf", b"1e400", b"-1e400", b"1e308", b"-1",
                b"0", b"-0", b"99999999999999999999", b"4294967295", b"", b" ", b"abc", b"1,5", b"0x1F",
                b"1e-320", b"--1", b"1.2.3")  # fmt: skip
_ODD_TIMES = (b"0001-01-01T00:00:00Z", b"1970-01-01T00:00:00Z", b"1989-12-31T23:59:59Z",
              b"9999-12-31T23:59:59Z", b"2099-01-01T00:00:00Z", b"2026-02-30T10:00:00Z",
              b"2026-03-01T24:00:00Z", b"2026-03-01T23:59:60Z", b"2026-03-01T10:00:00+14:00",
              b"2026-03-01T10:00:00-12:00", b"2026-03-01T10:00:00", b"2026-03-01 10:00:00",
              b"2026-03-01T10:00:00.123456789Z", b"yesterday", b"", b"2026-13-01T00:00:00Z",
              b"+002026-03-01T10:00:00Z", b"2026-03-01T10:00:00ZZ")  # fmt: skip


def _matches(pattern: re.Pattern[bytes], rng: random.Random, data: bytes) -> list[re.Match[bytes]]:
    """Matches in a random window of the file (a whole-file scan of 1 MB for every mutant is slow)."""
    if len(data) <= 65536:
        return list(pattern.finditer(data))
    a = rng.randrange(len(data) - 32768)
    return list(pattern.finditer(data, a, a + 32768))


def xml_tag(rng: random.Random, data: bytes) -> bytes:
    """Delete, double or cut a tag."""
    found = _matches(_TAG, rng, data)
    if not found:
        return data
    m = rng.choice(found)
    how = rng.randrange(3)
    if how == 0:
        return data[: m.start()] + data[m.end() :]
    if how == 1:
        return data[: m.end()] + m.group() + data[m.end() :]
    return data[: m.start() + rng.randrange(1, max(2, m.end() - m.start()))]


def xml_number(rng: random.Random, data: bytes) -> bytes:
    """Replace one, a few or all numbers of one kind with NaN, Infinity, 1e400, -1, empty text…"""
    found = _matches(_NUMBER, rng, data)
    if not found:
        return data
    odd = rng.choice(_ODD_NUMBERS)
    chosen = [rng.choice(found)] if rng.random() < 0.7 else found[:: rng.choice((1, 3))]
    out = bytearray()
    last = 0
    for m in chosen:
        out += data[last : m.start()] + odd
        last = m.end()
    return bytes(out) + data[last:]


def xml_time(rng: random.Random, data: bytes) -> bytes:
    """Replace a timestamp with an odd one (year 1, 1970, 9999, Feb 30, leap seconds, no zone…)."""
    found = _matches(_TIME, rng, data)
    if not found:
        return data
    m = rng.choice(found)
    return data[: m.start()] + rng.choice(_ODD_TIMES) + data[m.end() :]


def xml_block(rng: random.Random, data: bytes) -> bytes:
    """Swap, repeat or drop whole track points, laps or segments (time going backwards, duplicates)."""
    found = _matches(_BLOCK, rng, data)
    if not found:
        return data
    m = rng.choice(found)
    how = rng.randrange(3)
    if how == 0:
        return data[: m.start()] + data[m.end() :]
    if how == 1:
        return data[: m.end()] + m.group() * rng.choice((1, 2, 200)) + data[m.end() :]
    other = rng.choice(found)
    a, b = sorted((m, other), key=lambda x: x.start())
    if a.end() > b.start():
        return data
    return data[: a.start()] + b.group() + data[a.end() : b.start()] + a.group() + data[b.end() :]


def _after_prolog(data: bytes) -> int:
    m = re.search(rb"<\?xml[^>]*\?>", data[:400])
    return m.end() if m else 0


#: "Billion laughs": nine entities, each ten of the one before, 40 bytes at the bottom: 40 GB in full.
_BOMB = b'<!DOCTYPE gpx [<!ENTITY a "' + b"a" * 40 + b'">'
for _p, _c in zip(b"abcdefgh", b"bcdefghi", strict=True):
    _BOMB += b'<!ENTITY %c "%b">' % (_c, (b"&%c;" % _p) * 10)
_BOMB += b"]>"
_XXE = b'<!DOCTYPE gpx [<!ENTITY x SYSTEM "file:///etc/passwd">]>'


def xml_entities(rng: random.Random, data: bytes) -> bytes:
    """Add a DOCTYPE with an entity bomb or an external entity, and use it in the first name or time."""
    p = _after_prolog(data)
    doctype, ref = (_BOMB, b"&i;") if rng.random() < 0.5 else (_XXE, b"&x;")
    body = data[p:]
    m = re.search(rb"<(name|Notes|time|Id)>", body)
    if m:
        body = body[: m.end()] + ref + body[m.end() :]
    return data[:p] + doctype + body


def xml_deep(rng: random.Random, data: bytes) -> bytes:
    """Nest thousands of elements inside the first track point (or just after the root)."""
    depth = rng.choice((1000, 10_000, 100_000))
    found = _matches(re.compile(rb"<(trkpt|Trackpoint)\b[^>]*>"), rng, data)
    at = rng.choice(found).end() if found else _after_prolog(data)
    return data[:at] + b"<x>" * depth + b"</x>" * depth + data[at:]


def xml_encoding(rng: random.Random, data: bytes) -> bytes:
    """Another encoding: UTF-16 with its BOM, Latin-1 declared, a BOM before the prolog, or a lie."""
    how = rng.randrange(4)
    if how == 0:
        text = data.decode("utf-8", errors="replace").replace('encoding="UTF-8"', 'encoding="UTF-16"')
        return text.encode("utf-16")
    if how == 1:
        return data.replace(b'encoding="UTF-8"', b'encoding="ISO-8859-1"', 1).replace(
            b"synthetic", b"\xe9t\xe9"
        )
    if how == 2:
        return b"\xef\xbb\xbf" + data
    return data.replace(b'encoding="UTF-8"', b'encoding="EBCDIC-bogus"', 1)


def xml_attribute(rng: random.Random, data: bytes) -> bytes:
    """Set a lat/lon attribute out of range, to text, or double it."""
    found = _matches(re.compile(rb'\b(lat|lon)="[^"]*"'), rng, data)
    if not found:
        return xml_number(rng, data)
    m = rng.choice(found)
    name = m.group(1)
    value = rng.choice((b"91", b"-181", b"1e999", b"NaN", b"", b"0", b"45.0.0"))
    new = name + b'="' + value + b'"'
    if rng.random() < 0.2:
        new = new + b" " + m.group()
    return data[: m.start()] + new + data[m.end() :]


def xml_namespace(rng: random.Random, data: bytes) -> bytes:
    """Drop or change the default namespace, or the root element."""
    how = rng.randrange(3)
    if how == 0:
        return re.sub(rb'\sxmlns="[^"]*"', b"", data, count=1)
    if how == 1:
        return re.sub(rb'\sxmlns="[^"]*"', b' xmlns="urn:x-other"', data, count=1)
    m = _TAG.search(data, _after_prolog(data))
    return data[: m.start()] + data[m.end() :] if m else data


def xml_huge_text(rng: random.Random, data: bytes) -> bytes:
    """A megabyte of text in one element (a name, a note, an extension)."""
    found = _matches(re.compile(rb"<(name|Notes|desc|ele|time|Id)>"), rng, data)
    at = rng.choice(found).end() if found else _after_prolog(data)
    return data[:at] + rng.choice((b"A", b"9", b"&amp;")) * 1_000_000 + data[at:]


XML: dict[str, Mutator] = {
    "xml_tag": xml_tag,
    "xml_number": xml_number,
    "xml_time": xml_time,
    "xml_block": xml_block,
    "xml_entities": xml_entities,
    "xml_deep": xml_deep,
    "xml_encoding": xml_encoding,
    "xml_attribute": xml_attribute,
    "xml_namespace": xml_namespace,
    "xml_huge_text": xml_huge_text,
}

# ---------------------------------------------------------------------------------------- containers


def _zip(members: list[tuple[str, bytes]], method: int = zipfile.ZIP_DEFLATED) -> bytes:
    buf = io.BytesIO()
    with zipfile.ZipFile(buf, "w", method) as z:
        for name, body in members:  # a fixed date: the same mutant whenever it is made
            z.writestr(zipfile.ZipInfo(name, date_time=(2020, 1, 1, 0, 0, 0)), body, compress_type=method)
    return buf.getvalue()


def container(rng: random.Random, data: bytes, suffix: str) -> tuple[bytes, str, str]:
    """The mutant wrapped in gzip or a zip, the wrapper damaged or not; (bytes, suffix, op name)."""
    if rng.random() < 0.5:
        gz = gzip.compress(data, compresslevel=1, mtime=0)
        how = rng.randrange(4)
        if how == 0:
            return gz, suffix + ".gz", "gzip"
        if how == 1:
            return gz[: rng.randrange(10, max(11, len(gz)))], suffix + ".gz", "gzip_truncated"
        if how == 2:
            return bit_flip(rng, gz), suffix + ".gz", "gzip_flipped"
        return gz[:-8] + bytes(8), suffix + ".gz", "gzip_trailer"
    inner = "activity" + suffix
    how = rng.randrange(8)
    if how == 0:
        return _zip([(inner, data)]), ".zip", "zip"
    if how == 1:
        return _zip([(inner, data), ("second" + suffix, data)]), ".zip", "zip_two_members"
    if how == 2:
        return _zip([("inner.zip", _zip([(inner, data)]))]), ".zip", "zip_nested"
    if how == 3:
        z = bytearray(_zip([(inner, data)]))
        method = rng.choice((9, 12, 14, 99))  # deflate64, bzip2, lzma, AES
        for sig, at in ((b"PK\x03\x04", 8), (b"PK\x01\x02", 10)):
            p = z.find(sig)
            if p >= 0:
                z[p + at : p + at + 2] = struct.pack("<H", method)
        return bytes(z), ".zip", f"zip_method_{method}"
    if how == 4:
        z = bytearray(_zip([(inner, data)]))
        for sig, at in ((b"PK\x03\x04", 6), (b"PK\x01\x02", 8)):
            p = z.find(sig)
            if p >= 0:
                z[p + at] |= 1  # the "encrypted" flag
        return bytes(z), ".zip", "zip_encrypted"
    if how == 5:
        z = bytearray(_zip([(inner, data)]))
        p = z.find(b"PK\x01\x02")
        if p >= 0:  # the central directory's uncompressed size
            z[p + 24 : p + 28] = struct.pack("<I", rng.choice((0, 1, 0xFFFFFFFF, len(data) * 1000 % 2**32)))
        return bytes(z), ".zip", "zip_size_lie"
    if how == 6:
        name = rng.choice(
            ("../../evil" + suffix, "/tmp/evil" + suffix, "a/../../b" + suffix, "C:\\x" + suffix)
        )
        return _zip([(name, data)]), ".zip", "zip_odd_name"
    return bit_flip(rng, _zip([(inner, data)], zipfile.ZIP_STORED)), ".zip", "zip_flipped"


# ------------------------------------------------------------------------------------------- mutants

_FIT_WEIGHTS = {**dict.fromkeys(GENERIC, 2), **dict.fromkeys(FIT, 3), "fit_field_invalid": 6,
                "fit_field_extreme": 5, "fit_timestamp": 4}  # fmt: skip
_XML_WEIGHTS = {**dict.fromkeys(GENERIC, 2), **dict.fromkeys(XML, 3), "xml_number": 6, "xml_time": 5,
                "xml_block": 4, "xml_deep": 1, "xml_huge_text": 1, "xml_entities": 1}  # fmt: skip
_ALL = {**GENERIC, **FIT, **XML}


def make_mutant(seeds: list[Seed], seed: int, index: int) -> Mutant:
    """The mutant `index` of run `seed`: a corpus file (drawn by `pick_base`), then `mutate`."""
    return mutate(seeds[pick_base(len(seeds), seed, index)], seed, index)


def pick_base(n: int, seed: int, index: int) -> int:
    """Which of `n` corpus files mutant `index` of run `seed` starts from (its own random stream, so
    that `mutate` gives the same mutant of the same file whatever else the corpus holds)."""
    return random.Random(f"progtempo-fuzz-base:{seed}:{index}").randrange(n)


def mutate(base: Seed, seed: int, index: int) -> Mutant:
    """Mutant `index` of run `seed` made from `base`: one to three mutators, perhaps a container.

    A FIT mutant usually gets its CRCs recomputed after the damage, so the damage reaches the decoder
    instead of stopping at the checksum.
    """
    rng = random.Random(f"progtempo-fuzz:{seed}:{index}")
    weights = _FIT_WEIGHTS if base.kind == "fit" else _XML_WEIGHTS
    names = list(weights)
    data = base.data
    ops: list[str] = []
    for _ in range(rng.choice((1, 1, 1, 2, 2, 3))):
        op = rng.choices(names, weights=[weights[n] for n in names])[0]
        data = _ALL[op](rng, data)
        ops.append(op)
    if base.kind == "fit" and "fit_crc_break" not in ops and rng.random() < 0.7:
        data = fix_crc(data)
    suffix = base.suffix
    if rng.random() < 0.12:
        data, suffix, op = container(rng, data, suffix)
        ops.append(op)
    return Mutant(seed=seed, index=index, base=base.name, ops=tuple(ops), suffix=suffix, data=data)


def checksum(data: bytes) -> str:
    """A short content hash for reports (crc32 in hex)."""
    return f"{zlib.crc32(data):08x}"


__all__ = ["Mutant", "checksum", "container", "fix_crc", "make_mutant", "mutate", "pick_base"]
