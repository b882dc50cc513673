"""A forgiving walk over a FIT file's messages, for mutators that edit its structure.

It finds where each definition and data message sits and where each field of a data message lies, and
stops quietly at the first byte it cannot place (the mutants are damaged on purpose). It decodes no
values: the readers under test do that.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from functools import cached_property, lru_cache

from progtempo.io.fit.format import BASE_BY_NUMBER, BYTE, FLOATS


def invalid_bytes(base_type: int, size: int, big_endian: bool = False) -> bytes:
    """The raw bytes of `base_type`'s invalid value (`io.fit.format.BASE_TYPES`), `size` bytes long
    (arrays repeat it): a float's is all ones (NaN), a string's zero; an unknown type is read as bytes."""
    base = BASE_BY_NUMBER.get(base_type, BASE_BY_NUMBER[BYTE])
    if base.invalid is None:
        one = b"\xff" * base.size if base.number in FLOATS else bytes(base.size)
    else:
        one = base.invalid.to_bytes(base.size, "big" if big_endian else "little")
    return (one * (size // base.size + 1))[:size]


@dataclass
class FieldAt:
    """A field of a data message: its profile number, where its bytes are and its base type byte."""

    number: int
    offset: int
    size: int
    base_type: int


@dataclass
class Definition:
    """A definition message: where it is, its local and global message numbers and its field triplets."""

    offset: int
    local: int
    global_num: int
    big_endian: bool
    fields_offset: int  # where the first (number, size, base type) triplet is
    fields: list[tuple[int, int, int]] = field(default_factory=list)
    dev_sizes: list[int] = field(default_factory=list)

    @cached_property
    def offsets(self) -> list[int]:
        """Where each field starts, counted from the first byte after the record header."""
        out, at = [], 0
        for _, size, _ in self.fields:
            out.append(at)
            at += size
        return out

    @cached_property
    def length(self) -> int:
        """The bytes of a data message of this definition, its record header apart."""
        return sum(s for _, s, _ in self.fields) + sum(self.dev_sizes)


@dataclass
class DataMessage:
    """A data message: where it is (its record header's offset) and its definition."""

    offset: int
    definition: Definition

    @property
    def fields(self) -> list[FieldAt]:
        d = self.definition
        return [
            FieldAt(number, self.offset + 1 + at, size, base)
            for (number, size, base), at in zip(d.fields, d.offsets, strict=True)
        ]


@dataclass
class FitLayout:
    """What the walk found: the header's size, the messages in order, and where the walk stopped."""

    header_size: int
    data_end: int
    definitions: list[Definition] = field(default_factory=list)
    messages: list[DataMessage] = field(default_factory=list)
    stopped_at: int = 0


@lru_cache(maxsize=64)
def walk(data: bytes) -> FitLayout | None:
    """The layout of the first FIT file in `data`, or None when it has no FIT header (cached: the
    corpus files are walked once per process; the layout is not to be changed)."""
    if len(data) < 12 or data[8:12] != b".FIT":
        return None
    header = data[0]
    size = int.from_bytes(data[4:8], "little")
    end = min(len(data), header + size) if size else len(data)
    out = FitLayout(header_size=header, data_end=end)
    local: dict[int, Definition] = {}
    p = header
    while p < end:
        h = data[p]
        if h & 0x80:  # compressed timestamp header: a data message of local type (bits 5-6)
            d = local.get((h >> 5) & 0x3)
            if d is None or p + 1 + d.length > end:
                break
            out.messages.append(DataMessage(p, d))
            p += 1 + d.length
        elif h & 0x40:
            d = _definition(data, p, h, end)
            if d is None:
                break
            local[d.local] = d
            out.definitions.append(d)
            p = d.fields_offset + 3 * len(d.fields) + (1 + 3 * len(d.dev_sizes) if h & 0x20 else 0)
        else:
            d = local.get(h & 0x0F)
            if d is None or p + 1 + d.length > end:
                break
            out.messages.append(DataMessage(p, d))
            p += 1 + d.length
    out.stopped_at = p
    return out


def _definition(data: bytes, p: int, h: int, end: int) -> Definition | None:
    if p + 6 > end:
        return None
    big = data[p + 2] == 1
    global_num = int.from_bytes(data[p + 3 : p + 5], "big" if big else "little")
    n = data[p + 5]
    fields_at = p + 6
    if fields_at + 3 * n > end:
        return None
    fields = [(data[q], data[q + 1], data[q + 2]) for q in range(fields_at, fields_at + 3 * n, 3)]
    dev: list[int] = []
    if h & 0x20:
        q = fields_at + 3 * n
        if q >= end:
            return None
        m = data[q]
        if q + 1 + 3 * m > end:
            return None
        dev = [data[q + 2 + 3 * k] for k in range(m)]
    return Definition(p, h & 0x0F, global_num, big, fields_at, fields, dev)
