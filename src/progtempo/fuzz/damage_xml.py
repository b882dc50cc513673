"""Damage that knows GPX and TCX: broken tags, odd numbers and times, swapped or repeated blocks, entity
tricks, deep nesting, other encodings, bad attributes and namespaces, huge text.
"""

from __future__ import annotations

import random
import re

from progtempo.fuzz.damage_bytes import Mutator

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
