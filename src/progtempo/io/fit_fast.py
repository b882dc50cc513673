"""A fast FIT decoder of our own: one Python pass over message headers, record fields decoded with numpy.

fitdecode builds Python objects for every field of every message (about 10k records/s here). This
decoder walks the file once in Python, but only over message *headers*: it parses definition
messages and notes where each data message starts. The `record` messages of each definition are
then gathered into a 2-D byte array by fancy indexing, viewed through a structured dtype (with the
definition's byte order) and decoded column by column: invalid values masked, scale and offset
applied, compressed timestamps and the accumulated `compressed_speed_distance` resolved with
cumulative sums. The few other messages (laps, sessions, events, devices) are decoded one by one
with the small profile table at the end of this module.

It fills `FitMessages` following the conventions written in `fit_messages.py`, which the fitdecode
path (`fit.decode_fitdecode`) follows too; the tests hold the two to identical output on every sample
file, on cut and corrupted copies of them, and on generated files.
"""

from __future__ import annotations

import struct
from typing import Any, NamedTuple

import numpy as np
import numpy.typing as npt

from progtempo.io.fit_format import CRC_TABLE, fit_crc
from progtempo.io.fit_messages import (
    ACTIVITY_KEYS,
    DEVICE_INFO_KEYS,
    EVENT_KEYS,
    FILE_ID_KEYS,
    LAP_KEYS,
    RECORD_KEYS,
    SESSION_KEYS,
    SPORT_KEYS,
    FitMessages,
)

FloatArray = npt.NDArray[np.float64]
IntArray = npt.NDArray[np.int64]
ByteArray = npt.NDArray[np.uint8]

# FIT base type byte -> (numpy type code without byte order, size in bytes, invalid raw value).
# None as the invalid value: NaN is invalid (floats), or no invalid value (strings: empty is None).
_BASE_TYPES: dict[int, tuple[str, int, int | None]] = {
    0x00: ("u1", 1, 0xFF),  # enum
    0x01: ("i1", 1, 0x7F),  # sint8
    0x02: ("u1", 1, 0xFF),  # uint8
    0x83: ("i2", 2, 0x7FFF),  # sint16
    0x84: ("u2", 2, 0xFFFF),  # uint16
    0x85: ("i4", 4, 0x7FFFFFFF),  # sint32
    0x86: ("u4", 4, 0xFFFFFFFF),  # uint32
    0x07: ("S", 1, None),  # string
    0x88: ("f4", 4, None),  # float32
    0x89: ("f8", 8, None),  # float64
    0x0A: ("u1", 1, 0),  # uint8z
    0x8B: ("u2", 2, 0),  # uint16z
    0x8C: ("u4", 4, 0),  # uint32z
    0x0D: ("u1", 1, 0xFF),  # byte: invalid only when every byte is 0xFF
    0x8E: ("i8", 8, 0x7FFFFFFFFFFFFFFF),  # sint64
    0x8F: ("u8", 8, 0xFFFFFFFFFFFFFFFF),  # uint64
    0x90: ("u8", 8, 0),  # uint64z
}
_BASE_NAMES = {0x00: "enum", 0x01: "sint8", 0x02: "uint8", 0x83: "sint16", 0x84: "uint16", 0x85: "sint32",
               0x86: "uint32", 0x07: "string", 0x88: "float32", 0x89: "float64", 0x0A: "uint8z",
               0x8B: "uint16z", 0x8C: "uint32z", 0x0D: "byte", 0x8E: "sint64", 0x8F: "uint64",
               0x90: "uint64z"}  # fmt: skip
_STRUCT_CODES = {"u1": "B", "i1": "b", "u2": "H", "i2": "h", "u4": "I", "i4": "i", "f4": "f", "f8": "d",
                 "u8": "Q", "i8": "q"}  # fmt: skip
_BYTE = 0x0D
_STRING = 0x07
_FLOATS = (0x88, 0x89)

_MESG_RECORD = 20
_MESG_FIELD_DESCRIPTION = 206
_MESG_DEVELOPER_DATA_ID = 207
_FIELD_TIMESTAMP = 253
_FIELD_COMPRESSED_SPEED_DISTANCE = 8

_SEMICIRCLE_DEG = 180.0 / 2**31

# local_size markers in the header pass
_UNDEFINED = -1
_BROKEN = -2  # a definition with a zero-size field: its data messages can't be read
_DEVELOPER = -3  # developer_data_id / field_description: decoded during the pass


class _Damage(Exception):
    """The input stops being readable FIT at `offset` (start of the message or header concerned).

    `reason` is what fitdecode says of it (its exception text), shown to the user as fitdecode's path
    shows it; None when the data just ends there (a cut-short file, which the Activity builder reports).
    """

    def __init__(self, offset: int, reason: str | None) -> None:
        super().__init__(reason or f"the data ends inside the message or header at byte {offset}")
        self.offset = offset
        self.reason = reason


# Plain classes: a dataclass costs about 0.5 ms to define, and this module is imported by every run.


class _DevField(NamedTuple):
    """A developer field as its field_description declared it."""

    dev_index: int | None
    number: int
    base: int
    name: str | None
    native_field_num: int | None


class _Field:
    """One field of a definition: where it sits in the message content and how to read it."""

    __slots__ = ("base", "count", "dev", "number", "offset", "size")

    def __init__(
        self, number: int, offset: int, size: int, base: int, count: int, dev: _DevField | None = None
    ) -> None:
        self.number = number
        self.offset = offset  # from the first content byte (after the record header byte)
        self.size = size  # bytes read (a developer field's declared size rounded down to its base type)
        self.base = base  # effective base type byte (byte when the size doesn't fit the declared type)
        self.count = count  # values in the field (1: a scalar; strings count 1)
        self.dev = dev


class _Def:
    """A message layout: global message, byte order, fields. Identical definitions share one."""

    __slots__ = ("_dtype", "_plan", "big_endian", "broken", "fields", "glob", "id", "size", "warnings")

    def __init__(
        self,
        id: int,
        glob: int,
        big_endian: bool,
        fields: tuple[_Field, ...],
        size: int,
        broken: bool = False,
        warnings: list[str] | None = None,
    ) -> None:
        self.id = id
        self.glob = glob
        self.big_endian = big_endian
        self.fields = fields
        self.size = size  # content bytes of each data message
        self.broken = broken
        self.warnings = warnings or []  # given again each time the definition recurs
        self._dtype: np.dtype[Any] | None = None
        self._plan: list[tuple[int, _ProfileField]] | None = None

    @property
    def dtype(self) -> np.dtype[Any]:
        """A structured dtype viewing one data message's content (field i is named `f{i}`)."""
        if self._dtype is None:
            order = ">" if self.big_endian else "<"
            formats: list[Any] = []
            for f in self.fields:
                code = _BASE_TYPES[f.base][0]
                if code == "S":
                    formats.append(f"S{f.size}")
                elif f.count == 1:
                    formats.append(order + code)
                else:
                    formats.append((order + code, (f.count,)))
            self._dtype = np.dtype(
                {
                    "names": [f"f{i}" for i in range(len(self.fields))],
                    "formats": formats,
                    "offsets": [f.offset for f in self.fields],
                    "itemsize": max(self.size, 1),
                }
            )
        return self._dtype

    def native(self, number: int) -> list[int]:
        """Indices of the (non-developer) fields with this number, in definition order."""
        return [i for i, f in enumerate(self.fields) if f.dev is None and f.number == number]


class _Walk:
    """What the header pass found: layouts, data messages, FIT file boundaries, damage."""

    def __init__(self) -> None:
        self.defs: list[_Def] = []
        self.msg_pos: list[int] = []  # byte offset of each data message's header
        self.act_pos: list[int] = []  # each definition message: where,
        self.act_local: list[int] = []  # for which local number,
        self.act_def: list[int] = []  # and its layout id
        self.distance_resets: list[int] = []  # record definitions holding field 8
        self.file_first_msg: list[int] = []  # index of each FIT file's first message
        self.warnings: list[str] = []  # fitdecode's warning texts, CRC ones apart
        self.crc_mismatch = False
        self.damage: _Damage | None = None


# ---------------------------------------------------------------------------------------------------------
# The FIT CRC-16, vectorised


_crc_word_table: npt.NDArray[np.uint16] | None = None


def fit_crc_fast(data: bytes | memoryview) -> int:
    """The FIT CRC-16 of `data` (starting from 0), computed with numpy for large inputs.

    A 16-bit CRC consumes a whole 16-bit word per step through one 65536-entry table. The data is cut
    into K chunks of L words whose CRCs run side by side, then are combined in order: the CRC of A+B is
    the CRC of A pushed through len(B) zero bytes, xor the CRC of B (the CRC is linear, and leading
    zeros leave a zero CRC unchanged, which also lets the data be padded at the front).
    """
    global _crc_word_table
    n = len(data)
    if n < 8192:
        return fit_crc(data)
    if _crc_word_table is None:
        t = np.array(CRC_TABLE, dtype=np.uint32)
        x = np.arange(65536, dtype=np.uint32)
        first = t[x & 0xFF]
        _crc_word_table = ((first >> 8) ^ t[((x >> 8) ^ first) & 0xFF]).astype(np.uint16)
    table = _crc_word_table
    words = (n + 1) // 2
    chunk_words = max(16, int((words * 0.1) ** 0.5))
    chunks = -(-words // chunk_words)
    padded = np.zeros(chunks * chunk_words * 2, dtype=np.uint8)
    padded[padded.size - n :] = np.frombuffer(data, dtype=np.uint8)
    columns = padded.view("<u2").reshape(chunks, chunk_words).T.copy()
    crcs = np.zeros(chunks, dtype=np.uint16)
    for column in columns:
        crcs = table[crcs ^ column]
    # the linear map "push a CRC through one chunk of zeros", as two byte-indexed tables
    images = []
    for bit in range(16):
        state = 1 << bit
        for _ in range(chunk_words):
            state = int(table[state])
        images.append(state)
    low = [0] * 256
    high = [0] * 256
    for value in range(1, 256):
        top = value.bit_length() - 1
        low[value] = low[value ^ (1 << top)] ^ images[top]
        high[value] = high[value ^ (1 << top)] ^ images[top + 8]
    crc = 0
    for chunk_crc in crcs.tolist():
        crc = low[crc & 0xFF] ^ high[crc >> 8] ^ chunk_crc
    return crc


# ---------------------------------------------------------------------------------------------------------
# The header pass


def _walk(data: bytes) -> _Walk:
    """Read headers, definitions and data-message boundaries of every FIT file in `data`."""
    walk = _Walk()
    layouts: dict[Any, _Def] = {}
    pos = 0
    try:
        while pos < len(data):
            pos = _walk_file(data, pos, walk, layouts)
    except _Damage as damage:
        walk.damage = damage
    return walk


def _walk_file(data: bytes, start: int, walk: _Walk, layouts: dict[Any, _Def]) -> int:
    """Walk one FIT file starting at `start`; return where the next one starts."""
    n = len(data)
    if n - start < 12:
        raise _Damage(start, f"file truncated? expected 12 bytes, got {n - start} @ {start}")
    header_size = data[start]
    body_size = struct.unpack_from("<I", data, start + 4)[0]
    if header_size < 12 or data[start + 8 : start + 12] != b".FIT":
        raise _Damage(start, f"not a FIT file @ {start}")
    if header_size > 12:
        if header_size < 14:
            raise _Damage(start, f"unsupported FIT header (CRC field missing; header offset: {start})")
        if start + header_size > n:
            raise _Damage(start, None)
        header_crc = struct.unpack_from("<H", data, start + 12)[0]
        if header_crc and header_crc != fit_crc(data[start : start + 12]):
            walk.crc_mismatch = True
    pos = start + header_size
    body_end = pos + body_size
    stop = min(body_end, n)
    walk.file_first_msg.append(len(walk.msg_pos))

    dev_types: dict[int | None, dict[int, _DevField]] = {}
    local_size = [_UNDEFINED] * 16  # content size of each local message, or a marker
    local_def: list[_Def | None] = [None] * 16
    append = walk.msg_pos.append
    while pos < stop:
        header = data[pos]
        if header & 0x80:
            size = local_size[(header >> 5) & 0x3]
        elif header & 0x40:
            d, length = _definition(data, pos, stop, header, walk, layouts, dev_types)
            local = header & 0x0F
            local_def[local] = d
            if d.broken:
                local_size[local] = _BROKEN
            elif d.glob in (_MESG_FIELD_DESCRIPTION, _MESG_DEVELOPER_DATA_ID):
                local_size[local] = _DEVELOPER
            else:
                local_size[local] = d.size
            walk.act_pos.append(pos)
            walk.act_local.append(local)
            walk.act_def.append(d.id)
            if d.glob == _MESG_RECORD and d.native(_FIELD_COMPRESSED_SPEED_DISTANCE):
                walk.distance_resets.append(pos)
            pos += length
            continue
        else:
            size = local_size[header & 0x0F]
        if size < 0:
            local = (header >> 5) & 0x3 if header & 0x80 else header & 0x0F
            d_or_none = local_def[local]
            if size == _UNDEFINED or d_or_none is None:
                raise _Damage(pos, f"FIT parsing error @ {pos}: local message {local} not defined")
            if size == _BROKEN:
                raise _broken_message(pos, d_or_none, n)
            size = d_or_none.size
            if pos + 1 + size <= n:  # fitdecode decodes it before it checks the FIT file's end
                _read_developer_message(data, pos, d_or_none, dev_types, walk.warnings)
        if pos + 1 + size > stop:
            if pos + 1 + size > n:
                raise _Damage(pos, None)
            raise _Damage(pos, f"AssertionError at byte {pos}")  # fitdecode asserts: past the FIT file's end
        append(pos)
        pos += 1 + size
    if pos < body_end or pos + 2 > n:
        raise _Damage(pos, None)
    file_crc = struct.unpack_from("<H", data, pos)[0]
    if file_crc != fit_crc_fast(memoryview(data)[start:pos]):
        walk.crc_mismatch = True
    return pos + 2


def _broken_message(pos: int, d: _Def, n: int) -> _Damage:
    """fitdecode reads fields in turn: the end of the data, or a field of size 0 (a ValueError), first."""
    end = pos + 1
    for f in d.fields:
        if f.size == 0:
            break
        end += f.size
        if end > n:
            return _Damage(pos, None)
    return _Damage(pos, f"ValueError at byte {pos}")


def _definition(
    data: bytes,
    pos: int,
    stop: int,
    header: int,
    walk: _Walk,
    layouts: dict[Any, _Def],
    dev_types: dict[int | None, dict[int, _DevField]],
) -> tuple[_Def, int]:
    """The layout a definition message declares (shared with identical earlier ones), and its length."""
    n = len(data)
    if pos + 6 > n:
        raise _Damage(pos, None)
    fields_end = pos + 6 + 3 * data[pos + 5]
    end = fields_end
    if header & 0x20:
        end = fields_end + 1 + (3 * data[fields_end] if fields_end < n else 0)
    if end > stop:
        # fitdecode reads (and warns about) the field entries one by one before it fails
        _partial_definition(data, pos, header, min(end, n), fields_end, walk.warnings, dev_types)
        raise _Damage(pos, None if end > n else f"AssertionError at byte {pos}")  # assert: past the file
    devs: tuple[_DevField, ...] = ()
    dev_warnings: list[str] = []
    if header & 0x20:
        where = (header & 0x0F, _global_number(data, pos), pos)
        devs = tuple(
            _dev_field(dev_types, data[p + 2], data[p], where, dev_warnings)
            for p in range(fields_end + 1, end, 3)
        )
    key = (data[pos + 1 : end], devs)
    d = layouts.get(key)
    if d is None:
        d = _parse_definition(data, pos, len(walk.defs), devs)
        layouts[key] = d
        walk.defs.append(d)
    walk.warnings.extend(w.replace("{pos}", str(pos)) for w in d.warnings)
    walk.warnings.extend(dev_warnings)  # fitdecode reads the developer fields' definitions last
    return d, end - pos


def _global_number(data: bytes, pos: int) -> int:
    number: int = struct.unpack_from(">H" if data[pos + 2] else "<H", data, pos + 3)[0]
    return number


def _size_warning(number: int, size: int, base: int) -> str | None:
    """fitdecode's warning for a field whose size isn't a whole number of its base type's values."""
    base = base if base in _BASE_TYPES else _BYTE
    base_size = _BASE_TYPES[base][1]
    if size % base_size == 0:
        return None
    return (
        f"invalid field size {size} in definition message @ {{pos}} for type {_BASE_NAMES[base]} "
        f"(expected a multiple of {base_size})"
    )


def _partial_definition(
    data: bytes,
    pos: int,
    header: int,
    limit: int,
    fields_end: int,
    warnings: list[str],
    dev_types: dict[int | None, dict[int, _DevField]],
) -> None:
    """The warnings fitdecode gives for the entries of a definition it reads up to `limit`, then fails."""
    for p in range(pos + 6, min(fields_end, limit - 2), 3):
        text = _size_warning(data[p], data[p + 1], data[p + 2])
        if text is not None:
            warnings.append(text.replace("{pos}", str(pos)))
    if header & 0x20 and fields_end + 1 <= limit:
        where = (header & 0x0F, _global_number(data, pos), pos)
        for p in range(fields_end + 1, limit - 2, 3):
            _dev_field(dev_types, data[p + 2], data[p], where, warnings)


def _parse_definition(data: bytes, pos: int, def_id: int, devs: tuple[_DevField, ...]) -> _Def:
    big = data[pos + 2] != 0
    glob = _global_number(data, pos)
    fields: list[_Field] = []
    warnings: list[str] = []  # "@ {pos}" stands for the definition's offset, wherever it recurs
    offset = 0
    broken = False
    p = pos + 6
    for _ in range(data[pos + 5]):
        number, size, base = data[p], data[p + 1], data[p + 2]
        p += 3
        if base not in _BASE_TYPES:
            base = _BYTE
        base_size = _BASE_TYPES[base][1]
        text = _size_warning(number, size, base)
        if text is not None:
            warnings.append(text)
            base, base_size = _BYTE, 1
        broken = broken or size == 0
        fields.append(_Field(number, offset, size, base, 1 if base == _STRING else size // base_size))
        offset += size
    if devs:
        p += 1
        for dev in devs:
            size = data[p + 1]
            p += 3
            base_size = _BASE_TYPES[dev.base][1]
            count = 1 if dev.base == _STRING else size // base_size
            read = size if dev.base == _STRING else count * base_size  # fitdecode reads whole values only
            broken = broken or read == 0
            fields.append(_Field(dev.number, offset, read, dev.base, count, dev))
            offset += read
    return _Def(def_id, glob, big, tuple(fields), offset, broken, warnings)


def _dev_field(
    dev_types: dict[int | None, dict[int, _DevField]],
    dev_index: int,
    number: int,
    where: tuple[int, int, int],
    warnings: list[str],
) -> _DevField:
    """The developer field a definition refers to; an undeclared one is read as bytes (fitdecode warns)."""
    local, glob, pos = where
    context = f"local_mesg_num: {local}; global_mesg_num: {glob}; chunk_offset: {pos}"
    fields = dev_types.get(dev_index)
    if fields is None:
        warnings.append(
            f"dev_data_index {dev_index} not defined (looking up for field {number}; {context}); "
            "adding dummy type..."
        )
        fields = dev_types[dev_index] = {}
    dev = fields.get(number)
    if dev is None:
        warnings.append(
            f"no such field {number} for dev_data_index {dev_index} ({context}); "
            "defaulting to BYTE field type..."
        )
        dev = fields[number] = _DevField(dev_index, number, _BYTE, None, None)
    return dev


def _read_developer_message(
    data: bytes,
    pos: int,
    d: _Def,
    dev_types: dict[int | None, dict[int, _DevField]],
    warnings: list[str],
) -> None:
    """developer_data_id and field_description messages declare the developer fields that follow."""
    raw: dict[int, Any] = {}
    for f in d.fields:
        if f.dev is None and f.number not in raw:
            raw[f.number] = _raw_value(data, pos + 1 + f.offset, f, d.big_endian)
    local = data[pos] & 0x0F
    if d.glob == _MESG_DEVELOPER_DATA_ID:
        if 3 not in raw:
            warnings.append(_missing("developer_data_index", "developer_data_id", local, pos))
        dev_types[raw.get(3)] = {}
        return
    for number, name in ((0, "developer_data_index"), (1, "field_definition_number")):
        if number not in raw:
            warnings.append(_missing(name, "field_description", local, pos))
    index = raw.get(0)
    fields = dev_types.get(index)
    if fields is None:
        raise _Damage(pos, f"FIT parsing error @ {pos}: developer_data_index {index} not defined")
    base = raw.get(2)
    if base is None:
        base = _BYTE
    elif base not in _BASE_TYPES:  # fitdecode fails with a KeyError
        raise _Damage(pos, f"KeyError at byte {pos}")
    field_number, field_name, native = raw.get(1), raw.get(3), raw.get(15)
    key = field_number if isinstance(field_number, int) else -1  # no definition can refer to it
    fields[key] = _DevField(
        index,
        key,
        base,
        field_name if isinstance(field_name, str) else None,
        native if isinstance(native, int) else None,
    )


def _missing(name: str, message: str, local: int, pos: int) -> str:
    return (
        f'\'field "{name}" (idx #0) not found in message "{message}"\' (local_mesg_num: {local}; '
        f"chunk_offset: {pos}); adding dummy dev data..."
    )


def _raw_value(data: bytes, start: int, f: _Field, big: bool) -> Any:
    """One field's raw value as fitdecode gives it: None when invalid, a tuple for arrays and bytes."""
    code, _, invalid = _BASE_TYPES[f.base]
    chunk = data[start : start + f.size]
    if f.base == _STRING:
        return chunk.split(b"\x00", 1)[0].decode("utf-8", errors="replace") or None
    if f.base == _BYTE:
        return None if chunk.count(0xFF) == len(chunk) else tuple(chunk)
    values = struct.unpack(f"{'>' if big else '<'}{f.count}{_STRUCT_CODES[code]}", chunk)
    if invalid is None:
        parsed = tuple(None if v != v else v for v in values)
    else:
        parsed = tuple(None if v == invalid else v for v in values)
    return parsed if f.count > 1 else parsed[0]


# ---------------------------------------------------------------------------------------------------------
# Decoding


def decode_fast(data: bytes) -> FitMessages:
    """Decode a FIT file (chained FIT files included) into FitMessages, records vectorised with numpy."""
    walk = _walk(data)
    out = FitMessages()
    # the same sentences as the fitdecode path, so either decoder tells the user the same
    if walk.damage is not None:
        out.truncated_at_byte = walk.damage.offset
        if walk.damage.reason is not None:
            out.warnings.append(f"FIT decoder: {walk.damage.reason}")
    if walk.crc_mismatch:
        out.warnings.append(
            "the file's CRC does not match its contents, so it may be damaged; it was read anyway"
        )
    if walk.warnings:
        out.warnings.append(f"FIT decoder: {len(walk.warnings)} warning(s), first: {walk.warnings[0][:160]}")
    buf = np.frombuffer(data, dtype=np.uint8)
    msg_pos = np.array(walk.msg_pos, dtype=np.int64)
    headers = buf[msg_pos].astype(np.int64)
    compressed = (headers & 0x80) != 0
    toff = np.where(compressed, headers & 0x1F, -1)
    msg_def = _layout_ids(walk, msg_pos, np.where(compressed, (headers >> 5) & 0x3, headers & 0x0F))
    groups = _group(msg_def, len(walk.defs))
    timestamps = _resolve_timestamps(buf, walk, msg_pos, toff, groups)
    out.records = _records(buf, walk, msg_pos, toff, groups, timestamps)
    _other_messages(data, walk, msg_pos, msg_def, toff, timestamps, out)
    return out


def _layout_ids(walk: _Walk, msg_pos: IntArray, local: IntArray) -> IntArray:
    """Each data message's layout: the last definition of its local number before it."""
    msg_def = np.zeros(len(msg_pos), dtype=np.int64)
    act_pos = np.array(walk.act_pos, dtype=np.int64)
    act_local = np.array(walk.act_local, dtype=np.int64)
    act_def = np.array(walk.act_def, dtype=np.int64)
    for number in np.flatnonzero(np.bincount(local, minlength=16)).tolist():  # np.unique imports numpy.ma
        mine = local == number
        acts = act_local == number
        k = np.searchsorted(act_pos[acts], msg_pos[mine]) - 1
        msg_def[mine] = act_def[acts][k]
    return msg_def


def _group(msg_def: IntArray, num_defs: int) -> list[IntArray]:
    """For each layout id, the indices of its data messages, in file order."""
    order = np.argsort(msg_def, kind="stable")
    bounds = np.concatenate(([0], np.cumsum(np.bincount(msg_def, minlength=num_defs))))
    return [order[bounds[i] : bounds[i + 1]] for i in range(num_defs)]


def _rows(buf: ByteArray, positions: IntArray, d: _Def) -> npt.NDArray[Any]:
    """The content bytes of the given data messages of `d`, viewed through its structured dtype."""
    if d.size == 0:
        return np.zeros(len(positions), dtype=d.dtype)
    kind = np.dtype(np.int32 if len(buf) < 2**31 else np.int64)  # int32: half the memory for the index
    index: npt.NDArray[np.signedinteger[Any]] = (positions + 1).astype(kind)[:, None] + np.arange(
        d.size, dtype=kind
    )
    rows: npt.NDArray[Any] = buf[index].view(d.dtype)[:, 0]
    return rows


def _numeric(rows: npt.NDArray[Any], i: int, f: _Field) -> FloatArray | None:
    """Field i as float64 with NaN where invalid; None when it isn't a scalar number."""
    if f.count != 1 or f.base in (_BYTE, _STRING):
        return None
    col = rows[f"f{i}"]
    with np.errstate(invalid="ignore"):  # a signalling NaN float32 warns as it becomes a quiet one
        values = col.astype(np.float64)
    invalid = _BASE_TYPES[f.base][2]
    if invalid is not None:
        values[col == invalid] = np.nan
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


def _resolve_timestamps(
    buf: ByteArray, walk: _Walk, msg_pos: IntArray, toff: IntArray, groups: list[IntArray]
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
        indices = d.native(_FIELD_TIMESTAMP)
        if len(idx) == 0 or not indices:
            continue
        rows = _rows(buf, msg_pos[idx], d)
        for i in indices:  # the last valid one wins, as each field sets the accumulator in turn
            f = d.fields[i]
            if f.count != 1 or f.base in (_BYTE, _STRING, *_FLOATS):
                continue
            raw = rows[f"f{i}"]
            valid = raw != _BASE_TYPES[f.base][2]
            if raw.dtype.kind == "u" and raw.dtype.itemsize == 8 and (raw[valid] >= 2**63).any():
                raise NotImplementedError("a 64-bit timestamp beyond int64")
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


def _records(
    buf: ByteArray,
    walk: _Walk,
    msg_pos: IntArray,
    toff: IntArray,
    groups: list[IntArray],
    timestamps: IntArray,
) -> dict[str, FloatArray]:
    """Decode every `record` message, one layout at a time, into the RECORD_KEYS arrays."""
    record_defs = [d for d in walk.defs if d.glob == _MESG_RECORD]
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
        rows = _rows(buf, positions, d)

        def num(number: int, d: _Def = d, rows: npt.NDArray[Any] = rows) -> FloatArray | None:
            """The first valid value among the layout's fields with this number."""
            return _pick(*(_numeric(rows, i, d.fields[i]) for i in d.native(number)))

        has_header = toff[idx] >= 0
        from_header = np.where(has_header, timestamps[idx], np.nan) if has_header.any() else None
        _put(cols["timestamp"], where, _pick(num(_FIELD_TIMESTAMP), from_header))
        lat, lon = num(0), num(1)
        _put(cols["position_lat"], where, None if lat is None else lat * _SEMICIRCLE_DEG)
        _put(cols["position_long"], where, None if lon is None else lon * _SEMICIRCLE_DEG)
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
            _component_scaled(rows, d, _FIELD_COMPRESSED_SPEED_DISTANCE, 12, 0, 100),
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
    rows: npt.NDArray[Any], i: int, f: _Field, bits: int, shift: int
) -> tuple[FloatArray, Any] | None:
    """A component of field i (`bits` bits from bit `shift`) as fitdecode expands it: (values, valid rows).

    fitdecode takes an integer as it is (a negative one in two's complement), a float unmasked, and a
    tuple (an array, or bytes) as a little-endian number of one byte per element, whatever the
    definition's byte order and the elements' size; a tuple too short to reach `shift` has no component.
    None when no row has it.
    """
    col = rows[f"f{i}"]
    invalid = _BASE_TYPES[f.base][2]
    if f.base == _STRING:
        return None
    if f.count == 1 and f.base != _BYTE:
        if f.base in _FLOATS:
            with np.errstate(invalid="ignore"):
                values = col.astype(np.float64)
            return values, ~np.isnan(values)
        number = col.astype(np.int64)
        valid = col != invalid
    else:
        if shift and shift >= f.count * 8:
            return None
        if f.base in _FLOATS:
            return None  # fitdecode fails on a float array with components
        elements = col.reshape(len(col), -1)
        # bytes: invalid when all 0xFF; other arrays: fitdecode fails on any invalid element
        valid = ~(elements == 0xFF).all(axis=1) if f.base == _BYTE else ~(elements == invalid).any(axis=1)
        number = np.zeros(len(col), dtype=np.int64)
        for k in range(min(f.count, 3) - 1, -1, -1):  # components end by bit 24: later elements drop out
            number = (number << 8) + (elements[:, k].astype(np.int64) & 0xFFFFFF)
    values = ((number >> shift) & ((1 << bits) - 1)).astype(np.float64)
    return values, valid


def _component_scaled(
    rows: npt.NDArray[Any], d: _Def, number: int, bits: int, shift: int, scale: float, offset: float = 0.0
) -> FloatArray | None:
    """The first valid component (bits, shift) of the fields numbered `number`, scaled, NaN where none."""
    candidates = []
    for i in d.native(number):
        found = _component(rows, i, d.fields[i], bits, shift)
        if found is not None:
            values, valid = found
            candidates.append(_scaled(np.where(valid, values, np.nan), scale, offset))
    return _pick(*candidates)


def _compressed_distance(rows: npt.NDArray[Any], d: _Def) -> tuple[FloatArray, Any] | None:
    """The raw 12-bit distance component of compressed_speed_distance (field 8), to be accumulated."""
    indices = d.native(_FIELD_COMPRESSED_SPEED_DISTANCE)
    if not indices:
        return None
    if len(indices) > 1:
        raise NotImplementedError("a record definition with field 8 twice")
    found = _component(rows, indices[0], d.fields[indices[0]], 12, 12)
    if found is not None and d.fields[indices[0]].base in _FLOATS:
        raise NotImplementedError("an accumulated component of a float field")
    return found


def _accumulate_distance(
    walk: _Walk, distance: FloatArray, wheres: list[IntArray], raws: list[IntArray], positions: list[IntArray]
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


def _dev_power(rows: npt.NDArray[Any], d: _Def) -> list[FloatArray | None]:
    """Developer power candidates in order: fields declared as native field 7, then fields named power."""
    devs = [(i, f, f.dev) for i, f in enumerate(d.fields) if f.dev is not None]
    by_native = [_numeric(rows, i, f) for i, f, dev in devs if dev.native_field_num == 7]
    by_name = [_numeric(rows, i, f) for i, f, dev in devs if (dev.name or "").strip().lower() == "power"]
    return by_native + by_name


# ---------------------------------------------------------------------------------------------------------
# The few other messages

_OTHER_KINDS = {0: "file_id", 12: "sport", 18: "session", 19: "lap", 21: "event", 23: "device_info",
                34: "activity"}  # fmt: skip


_SubField = tuple[str, dict[int, str] | None, int, tuple[int, ...]]  # name, enum, reference field, its values


class _ProfileField:
    """What the profile says of a field: name, enum names, scale and offset, sub-fields."""

    __slots__ = ("enum", "name", "offset", "scale", "subfields")

    def __init__(
        self,
        name: str,
        enum: dict[int, str] | None = None,
        *,
        scale: float | None = None,
        offset: float | None = None,
        subfields: tuple[_SubField, ...] = (),
    ) -> None:
        self.name = name
        self.enum = enum
        self.scale = scale
        self.offset = offset
        self.subfields = subfields


def _other_messages(
    data: bytes,
    walk: _Walk,
    msg_pos: IntArray,
    msg_def: IntArray,
    toff: IntArray,
    timestamps: IntArray,
    out: FitMessages,
) -> None:
    """Decode the laps, sessions, events, devices, sports, file_id and activity messages, in file order."""
    wanted = np.array([d.glob in _OTHER_KINDS for d in walk.defs] + [False], dtype=bool)
    for m in np.flatnonzero(wanted[msg_def]).tolist():
        d = walk.defs[int(msg_def[m])]
        from_header = int(timestamps[m]) if toff[m] >= 0 else None
        doc = _decode_message(data, int(msg_pos[m]), d, from_header)
        kind = _OTHER_KINDS[d.glob]
        if kind == "lap":
            out.laps.append(_keep(doc, LAP_KEYS))
        elif kind == "session":
            out.sessions.append(_keep(doc, SESSION_KEYS))
        elif kind == "event":
            out.events.append(_keep(doc, EVENT_KEYS))
        elif kind == "device_info":
            out.device_infos.append(_keep(doc, DEVICE_INFO_KEYS))
        elif kind == "sport":
            out.sports.append(_keep(doc, SPORT_KEYS))
        elif kind == "file_id":
            if not out.file_id:  # the first one that says anything, as the fitdecode path does
                out.file_id = _keep(doc, FILE_ID_KEYS)
        else:
            out.activity = _keep(doc, ACTIVITY_KEYS)


def _keep(doc: list[tuple[str, Any]], keys: tuple[str, ...]) -> dict[str, Any]:
    """The listed keys with a value (the first one found), in the order of `keys`."""
    found: dict[str, Any] = {}
    for name, value in doc:
        if name in keys and value is not None and name not in found:
            found[name] = value
    return {k: found[k] for k in keys if k in found}


def _plan(d: _Def) -> list[tuple[int, _ProfileField]]:
    """The fields of `d` the profile table knows, with their profile entries (cached on the layout)."""
    if d._plan is None:
        profile = _PROFILE.get(d.glob, {})
        d._plan = [
            (i, profile[f.number]) for i, f in enumerate(d.fields) if f.dev is None and f.number in profile
        ]
    return d._plan


def _decode_message(data: bytes, pos: int, d: _Def, from_header: int | None) -> list[tuple[str, Any]]:
    """(name, value) of each field the profile table knows, in field order, rendered as fitdecode does:
    enum names, scale and offset, the sub-field its reference field selects; date_time as raw seconds."""
    big = d.big_endian
    start = pos + 1
    doc: list[tuple[str, Any]] = []
    refs: dict[int, list[Any]] = {}
    for i, pf in _plan(d):
        name, enum, scale, offset = pf.name, pf.enum, pf.scale, pf.offset
        for sub_name, sub_enum, ref_number, ref_values in pf.subfields:
            if ref_number not in refs:  # every field with that number counts, as in fitdecode
                refs[ref_number] = [
                    _raw_value(data, start + d.fields[k].offset, d.fields[k], big)
                    for k in d.native(ref_number)
                ]
            if any(raw in ref_values for raw in refs[ref_number]):
                name, enum, scale, offset = sub_name, sub_enum, None, None
                break
        f = d.fields[i]
        doc.append((name, _render(_raw_value(data, start + f.offset, f, big), enum, scale, offset)))
    if from_header is not None:
        doc.append(("timestamp", from_header))
    return doc


def _render(raw: Any, enum: dict[int, str] | None, scale: float | None, offset: float | None) -> Any:
    if isinstance(raw, tuple):
        return tuple(_render(v, None, scale, offset) for v in raw)
    if enum is not None and raw in enum:
        return enum[raw]
    if isinstance(raw, int | float) and (scale or offset):
        value = float(raw) / scale if scale else raw
        return value - offset if offset else value
    return raw


# ---------------------------------------------------------------------------------------------------------
# Profile facts (FIT SDK profile, as fitdecode names them)

# fmt: off
_FILE: dict[int, str] = {
    1: "device", 2: "settings", 3: "sport", 4: "activity", 5: "workout", 6: "course", 7: "schedules",
    9: "weight", 10: "totals", 11: "goals", 14: "blood_pressure", 15: "monitoring_a",
    20: "activity_summary", 28: "monitoring_daily", 32: "monitoring_b", 34: "segment", 35: "segment_list",
    40: "exd_configuration", 247: "mfg_range_min", 254: "mfg_range_max",
}
_MANUFACTURER: dict[int, str] = {
    1: "garmin", 2: "garmin_fr405_antfs", 3: "zephyr", 4: "dayton", 5: "idt", 6: "srm", 7: "quarq",
    8: "ibike", 9: "saris", 10: "spark_hk", 11: "tanita", 12: "echowell", 13: "dynastream_oem",
    14: "nautilus", 15: "dynastream", 16: "timex", 17: "metrigear", 18: "xelic", 19: "beurer",
    20: "cardiosport", 21: "a_and_d", 22: "hmm", 23: "suunto", 24: "thita_elektronik", 25: "gpulse",
    26: "clean_mobile", 27: "pedal_brain", 28: "peaksware", 29: "saxonar", 30: "lemond_fitness",
    31: "dexcom", 32: "wahoo_fitness", 33: "octane_fitness", 34: "archinoetics", 35: "the_hurt_box",
    36: "citizen_systems", 37: "magellan", 38: "osynce", 39: "holux", 40: "concept2", 41: "shimano",
    42: "one_giant_leap", 43: "ace_sensor", 44: "brim_brothers", 45: "xplova", 46: "perception_digital",
    47: "bf1systems", 48: "pioneer", 49: "spantec", 50: "metalogics", 51: "4iiiis", 52: "seiko_epson",
    53: "seiko_epson_oem", 54: "ifor_powell", 55: "maxwell_guider", 56: "star_trac", 57: "breakaway",
    58: "alatech_technology_ltd", 59: "mio_technology_europe", 60: "rotor", 61: "geonaute", 62: "id_bike",
    63: "specialized", 64: "wtek", 65: "physical_enterprises", 66: "north_pole_engineering", 67: "bkool",
    68: "cateye", 69: "stages_cycling", 70: "sigmasport", 71: "tomtom", 72: "peripedal", 73: "wattbike",
    76: "moxy", 77: "ciclosport", 78: "powerbahn", 79: "acorn_projects_aps", 80: "lifebeam",
    81: "bontrager", 82: "wellgo", 83: "scosche", 84: "magura", 85: "woodway", 86: "elite",
    87: "nielsen_kellerman", 88: "dk_city", 89: "tacx", 90: "direction_technology", 91: "magtonic",
    92: "1partcarbon", 93: "inside_ride_technologies", 94: "sound_of_motion", 95: "stryd", 96: "icg",
    97: "MiPulse", 98: "bsx_athletics", 99: "look", 100: "campagnolo_srl", 101: "body_bike_smart",
    102: "praxisworks", 103: "limits_technology", 104: "topaction_technology", 105: "cosinuss",
    106: "fitcare", 107: "magene", 108: "giant_manufacturing_co", 109: "tigrasport", 110: "salutron",
    111: "technogym", 112: "bryton_sensors", 113: "latitude_limited", 114: "soaring_technology",
    115: "igpsport", 116: "thinkrider", 117: "gopher_sport", 118: "waterrower", 119: "orangetheory",
    120: "inpeak", 121: "kinetic", 122: "johnson_health_tech", 123: "polar_electro", 124: "seesense",
    125: "nci_technology", 126: "iqsquare", 127: "leomo", 128: "ifit_com", 129: "coros_byte",
    130: "versa_design", 131: "chileaf", 132: "cycplus", 133: "gravaa_byte", 134: "sigeyi", 135: "coospo",
    136: "geoid", 137: "bosch", 138: "kyto", 139: "kinetic_sports", 140: "decathlon_byte",
    141: "tq_systems", 142: "tag_heuer", 143: "keiser_fitness", 144: "zwift_byte", 145: "porsche_ep",
    146: "blackbird", 147: "meilan_byte", 148: "ezon", 149: "laisi", 150: "myzone", 151: "abawo",
    152: "bafang", 153: "luhong_technology", 255: "development", 257: "healthandlife", 258: "lezyne",
    259: "scribe_labs", 260: "zwift", 261: "watteam", 262: "recon", 263: "favero_electronics",
    264: "dynovelo", 265: "strava", 266: "precor", 267: "bryton", 268: "sram", 269: "navman", 270: "cobi",
    271: "spivi", 272: "mio_magellan", 273: "evesports", 274: "sensitivus_gauge", 275: "podoon",
    276: "life_time_fitness", 277: "falco_e_motors", 278: "minoura", 279: "cycliq", 280: "luxottica",
    281: "trainer_road", 282: "the_sufferfest", 283: "fullspeedahead", 284: "virtualtraining",
    285: "feedbacksports", 286: "omata", 287: "vdo", 288: "magneticdays", 289: "hammerhead",
    290: "kinetic_by_kurt", 291: "shapelog", 292: "dabuziduo", 293: "jetblack", 294: "coros",
    295: "virtugo", 296: "velosense", 297: "cycligentinc", 298: "trailforks", 299: "mahle_ebikemotion",
    300: "nurvv", 301: "microprogram", 302: "zone5cloud", 303: "greenteg", 304: "yamaha_motors",
    305: "whoop", 306: "gravaa", 307: "onelap", 308: "monark_exercise", 309: "form", 310: "decathlon",
    311: "syncros", 312: "heatup", 313: "cannondale", 314: "true_fitness", 315: "RGT_cycling", 316: "vasa",
    317: "race_republic", 318: "fazua", 319: "oreka_training", 320: "lsec", 321: "lululemon_studio",
    322: "shanyue", 323: "spinning_mda", 324: "hilldating", 325: "aero_sensor", 326: "nike",
    327: "magicshine", 328: "ictrainer", 329: "absolute_cycling", 330: "eo_swimbetter", 331: "mywhoosh",
    332: "ravemen", 333: "tektro_racing_products", 334: "darad_innovation_corporation", 335: "cycloptim",
    5759: "actigraphcorp",
}
_GARMIN_PRODUCT: dict[int, str] = {
    1: "hrm1", 2: "axh01", 3: "axb01", 4: "axb02", 5: "hrm2ss", 6: "dsi_alf02", 7: "hrm3ss",
    8: "hrm_run_single_byte_product_id", 9: "bsm", 10: "bcm", 11: "axs01",
    12: "hrm_tri_single_byte_product_id", 13: "hrm4_run_single_byte_product_id",
    14: "fr225_single_byte_product_id", 15: "gen3_bsm_single_byte_product_id",
    16: "gen3_bcm_single_byte_product_id", 22: "hrm_fit_single_byte_product_id", 255: "OHR",
    473: "fr301_china", 474: "fr301_japan", 475: "fr301_korea", 494: "fr301_taiwan", 717: "fr405",
    782: "fr50", 987: "fr405_japan", 988: "fr60", 1011: "dsi_alf01", 1018: "fr310xt", 1036: "edge500",
    1124: "fr110", 1169: "edge800", 1199: "edge500_taiwan", 1213: "edge500_japan", 1253: "chirp",
    1274: "fr110_japan", 1325: "edge200", 1328: "fr910xt", 1333: "edge800_taiwan", 1334: "edge800_japan",
    1341: "alf04", 1345: "fr610", 1360: "fr210_japan", 1380: "vector_ss", 1381: "vector_cp",
    1386: "edge800_china", 1387: "edge500_china", 1405: "approach_g10", 1410: "fr610_japan",
    1422: "edge500_korea", 1436: "fr70", 1446: "fr310xt_4t", 1461: "amx", 1482: "fr10",
    1497: "edge800_korea", 1499: "swim", 1537: "fr910xt_china", 1551: "fenix", 1555: "edge200_taiwan",
    1561: "edge510", 1567: "edge810", 1570: "tempe", 1600: "fr910xt_japan", 1623: "fr620", 1632: "fr220",
    1664: "fr910xt_korea", 1688: "fr10_japan", 1721: "edge810_japan", 1735: "virb_elite",
    1736: "edge_touring", 1742: "edge510_japan", 1743: "hrm_tri", 1752: "hrm_run", 1765: "fr920xt",
    1821: "edge510_asia", 1822: "edge810_china", 1823: "edge810_taiwan", 1836: "edge1000", 1837: "vivo_fit",
    1853: "virb_remote", 1885: "vivo_ki", 1903: "fr15", 1907: "vivo_active", 1918: "edge510_korea",
    1928: "fr620_japan", 1929: "fr620_china", 1930: "fr220_japan", 1931: "fr220_china", 1936: "approach_s6",
    1956: "vivo_smart", 1967: "fenix2", 1988: "epix", 2050: "fenix3", 2052: "edge1000_taiwan",
    2053: "edge1000_japan", 2061: "fr15_japan", 2067: "edge520", 2070: "edge1000_china",
    2072: "fr620_russia", 2073: "fr220_russia", 2079: "vector_s", 2100: "edge1000_korea",
    2130: "fr920xt_taiwan", 2131: "fr920xt_china", 2132: "fr920xt_japan", 2134: "virbx",
    2135: "vivo_smart_apac", 2140: "etrex_touch", 2147: "edge25", 2148: "fr25", 2150: "vivo_fit2",
    2153: "fr225", 2156: "fr630", 2157: "fr230", 2158: "fr735xt", 2160: "vivo_active_apac",
    2161: "vector_2", 2162: "vector_2s", 2172: "virbxe", 2173: "fr620_taiwan", 2174: "fr220_taiwan",
    2175: "truswing", 2187: "d2airvenu", 2188: "fenix3_china", 2189: "fenix3_twn", 2192: "varia_headlight",
    2193: "varia_taillight_old", 2204: "edge_explore_1000", 2219: "fr225_asia",
    2225: "varia_radar_taillight", 2226: "varia_radar_display", 2238: "edge20", 2260: "edge520_asia",
    2261: "edge520_japan", 2262: "d2_bravo", 2266: "approach_s20", 2271: "vivo_smart2",
    2274: "edge1000_thai", 2276: "varia_remote", 2288: "edge25_asia", 2289: "edge25_jpn",
    2290: "edge20_asia", 2292: "approach_x40", 2293: "fenix3_japan", 2294: "vivo_smart_emea",
    2310: "fr630_asia", 2311: "fr630_jpn", 2313: "fr230_jpn", 2327: "hrm4_run", 2332: "epix_japan",
    2337: "vivo_active_hr", 2347: "vivo_smart_gps_hr", 2348: "vivo_smart_hr", 2361: "vivo_smart_hr_asia",
    2362: "vivo_smart_gps_hr_asia", 2368: "vivo_move", 2379: "varia_taillight", 2396: "fr235_asia",
    2397: "fr235_japan", 2398: "varia_vision", 2406: "vivo_fit3", 2407: "fenix3_korea", 2408: "fenix3_sea",
    2413: "fenix3_hr", 2417: "virb_ultra_30", 2429: "index_smart_scale", 2431: "fr235",
    2432: "fenix3_chronos", 2441: "oregon7xx", 2444: "rino7xx", 2457: "epix_korea", 2473: "fenix3_hr_chn",
    2474: "fenix3_hr_twn", 2475: "fenix3_hr_jpn", 2476: "fenix3_hr_sea", 2477: "fenix3_hr_kor",
    2496: "nautix", 2497: "vivo_active_hr_apac", 2503: "fr35", 2512: "oregon7xx_ww", 2530: "edge_820",
    2531: "edge_explore_820", 2533: "fr735xt_apac", 2534: "fr735xt_japan", 2544: "fenix5s",
    2547: "d2_bravo_titanium", 2567: "varia_ut800", 2593: "running_dynamics_pod", 2599: "edge_820_china",
    2600: "edge_820_japan", 2604: "fenix5x", 2606: "vivo_fit_jr", 2622: "vivo_smart3", 2623: "vivo_sport",
    2628: "edge_820_taiwan", 2629: "edge_820_korea", 2630: "edge_820_sea", 2650: "fr35_hebrew",
    2656: "approach_s60", 2667: "fr35_apac", 2668: "fr35_japan", 2675: "fenix3_chronos_asia",
    2687: "virb_360", 2691: "fr935", 2697: "fenix5", 2700: "vivoactive3", 2713: "edge_1030",
    2727: "fr35_sea", 2733: "fr235_china_nfc", 2769: "foretrex_601_701", 2772: "vivo_move_hr",
    2787: "vector_3", 2796: "fenix5_asia", 2797: "fenix5s_asia", 2798: "fenix5x_asia", 2806: "approach_z80",
    2814: "fr35_korea", 2819: "d2charlie", 2831: "vivo_smart3_apac", 2832: "vivo_sport_apac",
    2833: "fr935_asia", 2859: "descent", 2878: "vivo_fit4", 2886: "fr645", 2888: "fr645m", 2891: "fr30",
    2900: "fenix5s_plus", 2909: "Edge_130", 2924: "edge_1030_asia", 2927: "vivosmart_4",
    2945: "vivo_move_hr_asia", 2962: "approach_x10", 2977: "fr30_asia", 2988: "vivoactive3m_w",
    3003: "fr645_asia", 3004: "fr645m_asia", 3011: "edge_explore", 3028: "gpsmap66", 3049: "approach_s10",
    3066: "vivoactive3m_l", 3076: "fr245", 3077: "fr245_music", 3085: "approach_g80", 3092: "edge_130_asia",
    3095: "edge_1030_bontrager", 3110: "fenix5_plus", 3111: "fenix5x_plus", 3112: "edge_520_plus",
    3113: "fr945", 3121: "edge_530", 3122: "edge_830", 3126: "instinct_esports", 3134: "fenix5s_plus_apac",
    3135: "fenix5x_plus_apac", 3142: "edge_520_plus_apac", 3143: "descent_t1", 3144: "fr235l_asia",
    3145: "fr245_asia", 3163: "vivo_active3m_apac", 3192: "gen3_bsm", 3193: "gen3_bcm",
    3218: "vivo_smart4_asia", 3224: "vivoactive4_small", 3225: "vivoactive4_large", 3226: "venu",
    3246: "marq_driver", 3247: "marq_aviator", 3248: "marq_captain", 3249: "marq_commander",
    3250: "marq_expedition", 3251: "marq_athlete", 3258: "descent_mk2", 3282: "fr45", 3284: "gpsmap66i",
    3287: "fenix6S_sport", 3288: "fenix6S", 3289: "fenix6_sport", 3290: "fenix6", 3291: "fenix6x",
    3299: "hrm_dual", 3300: "hrm_pro", 3308: "vivo_move3_premium", 3314: "approach_s40",
    3321: "fr245m_asia", 3349: "edge_530_apac", 3350: "edge_830_apac", 3378: "vivo_move3",
    3387: "vivo_active4_small_asia", 3388: "vivo_active4_large_asia", 3389: "vivo_active4_oled_asia",
    3405: "swim2", 3420: "marq_driver_asia", 3421: "marq_aviator_asia", 3422: "vivo_move3_asia",
    3441: "fr945_asia", 3446: "vivo_active3t_chn", 3448: "marq_captain_asia", 3449: "marq_commander_asia",
    3450: "marq_expedition_asia", 3451: "marq_athlete_asia", 3461: "index_smart_scale_2",
    3466: "instinct_solar", 3469: "fr45_asia", 3473: "vivoactive3_daimler", 3498: "legacy_rey",
    3499: "legacy_darth_vader", 3500: "legacy_captain_marvel", 3501: "legacy_first_avenger",
    3512: "fenix6s_sport_asia", 3513: "fenix6s_asia", 3514: "fenix6_sport_asia", 3515: "fenix6_asia",
    3516: "fenix6x_asia", 3535: "legacy_captain_marvel_asia", 3536: "legacy_first_avenger_asia",
    3537: "legacy_rey_asia", 3538: "legacy_darth_vader_asia", 3542: "descent_mk2s", 3558: "edge_130_plus",
    3570: "edge_1030_plus", 3578: "rally_200", 3589: "fr745", 3596: "venusq_music", 3599: "venusq_music_v2",
    3600: "venusq", 3615: "lily", 3624: "marq_adventurer", 3638: "enduro", 3639: "swim2_apac",
    3648: "marq_adventurer_asia", 3652: "fr945_lte", 3702: "descent_mk2_asia", 3703: "venu2",
    3704: "venu2s", 3737: "venu_daimler_asia", 3739: "marq_golfer", 3740: "venu_daimler",
    3794: "fr745_asia", 3808: "varia_rct715", 3809: "lily_asia", 3812: "edge_1030_plus_asia",
    3813: "edge_130_plus_asia", 3823: "approach_s12", 3837: "venusq_asia", 3843: "edge_1040",
    3850: "marq_golfer_asia", 3851: "venu2_plus", 3865: "gnss", 3869: "fr55", 3872: "enduro_asia",
    3888: "instinct_2", 3889: "instinct_2s", 3905: "fenix7s", 3906: "fenix7", 3907: "fenix7x",
    3908: "fenix7s_apac", 3909: "fenix7_apac", 3910: "fenix7x_apac", 3927: "approach_g12",
    3930: "descent_mk2s_asia", 3934: "approach_s42", 3943: "epix_gen2", 3944: "epix_gen2_apac",
    3949: "venu2s_asia", 3950: "venu2_asia", 3978: "fr945_lte_asia", 3982: "vivo_move_sport",
    3983: "vivomove_trend", 3986: "approach_S12_asia", 3990: "fr255_music", 3991: "fr255_small_music",
    3992: "fr255", 3993: "fr255_small", 4001: "approach_g12_asia", 4002: "approach_s42_asia",
    4005: "descent_g1", 4017: "venu2_plus_asia", 4024: "fr955", 4033: "fr55_asia", 4061: "edge_540",
    4062: "edge_840", 4063: "vivosmart_5", 4071: "instinct_2_asia", 4105: "marq_gen2", 4115: "venusq2",
    4116: "venusq2music", 4124: "marq_gen2_aviator", 4125: "d2_air_x10", 4130: "hrm_pro_plus",
    4132: "descent_g1_asia", 4135: "tactix7", 4155: "instinct_crossover", 4169: "edge_explore2",
    4222: "descent_mk3", 4223: "descent_mk3i", 4233: "approach_s70", 4257: "fr265_large",
    4258: "fr265_small", 4260: "venu3", 4261: "venu3s", 4265: "tacx_neo_smart", 4266: "tacx_neo2_smart",
    4267: "tacx_neo2_t_smart", 4268: "tacx_neo_smart_bike", 4269: "tacx_satori_smart",
    4270: "tacx_flow_smart", 4271: "tacx_vortex_smart", 4272: "tacx_bushido_smart",
    4273: "tacx_genius_smart", 4274: "tacx_flux_flux_s_smart", 4275: "tacx_flux2_smart",
    4276: "tacx_magnum", 4305: "edge_1040_asia", 4312: "epix_gen2_pro_42", 4313: "epix_gen2_pro_47",
    4314: "epix_gen2_pro_51", 4315: "fr965", 4341: "enduro2", 4374: "fenix7s_pro_solar",
    4375: "fenix7_pro_solar", 4376: "fenix7x_pro_solar", 4380: "lily2", 4394: "instinct_2x",
    4426: "vivoactive5", 4432: "fr165", 4433: "fr165_music", 4440: "edge_1050", 4442: "descent_t2",
    4446: "hrm_fit", 4472: "marq_gen2_commander", 4477: "lily_athlete", 4532: "fenix8_solar",
    4533: "fenix8_solar_large", 4534: "fenix8_small", 4536: "fenix8", 4556: "d2_mach1_pro", 4575: "enduro3",
    4583: "instinctE_40mm", 4584: "instinctE_45mm", 4585: "instinct3_solar_45mm",
    4586: "instinct3_amoled_45mm", 4587: "instinct3_amoled_50mm", 4588: "descent_g2", 4606: "hrm_200",
    4625: "vivoactive6", 4647: "approachS44", 4656: "approachS50", 4666: "fenix_e",
    4759: "instinct3_solar_50mm", 4775: "tactix8_amoled", 4776: "tactix8_solar", 10007: "sdm4",
    10014: "edge_remote", 20119: "training_center", 20533: "tacx_training_app_win",
    20534: "tacx_training_app_mac", 20565: "tacx_training_app_mac_catalyst",
    30045: "tacx_training_app_android", 30046: "tacx_training_app_ios", 30047: "tacx_training_app_legacy",
    65531: "connectiq_simulator", 65532: "android_antplus_plugin", 65534: "connect",
}
_SPORT: dict[int, str] = {
    0: "generic", 1: "running", 2: "cycling", 3: "transition", 4: "fitness_equipment", 5: "swimming",
    6: "basketball", 7: "soccer", 8: "tennis", 9: "american_football", 10: "training", 11: "walking",
    12: "cross_country_skiing", 13: "alpine_skiing", 14: "snowboarding", 15: "rowing", 16: "mountaineering",
    17: "hiking", 18: "multisport", 19: "paddling", 20: "flying", 21: "e_biking", 22: "motorcycling",
    23: "boating", 24: "driving", 25: "golf", 26: "hang_gliding", 27: "horseback_riding", 28: "hunting",
    29: "fishing", 30: "inline_skating", 31: "rock_climbing", 32: "sailing", 33: "ice_skating",
    34: "sky_diving", 35: "snowshoeing", 36: "snowmobiling", 37: "stand_up_paddleboarding", 38: "surfing",
    39: "wakeboarding", 40: "water_skiing", 41: "kayaking", 42: "rafting", 43: "windsurfing",
    44: "kitesurfing", 45: "tactical", 46: "jumpmaster", 47: "boxing", 48: "floor_climbing", 49: "baseball",
    53: "diving", 62: "hiit", 64: "racket", 65: "wheelchair_push_walk", 66: "wheelchair_push_run",
    67: "meditation", 69: "disc_golf", 71: "cricket", 72: "rugby", 73: "hockey", 74: "lacrosse",
    75: "volleyball", 76: "water_tubing", 77: "wakesurfing", 80: "mixed_martial_arts", 82: "snorkeling",
    83: "dance", 84: "jump_rope", 254: "all",
}
_SUB_SPORT: dict[int, str] = {
    0: "generic", 1: "treadmill", 2: "street", 3: "trail", 4: "track", 5: "spin", 6: "indoor_cycling",
    7: "road", 8: "mountain", 9: "downhill", 10: "recumbent", 11: "cyclocross", 12: "hand_cycling",
    13: "track_cycling", 14: "indoor_rowing", 15: "elliptical", 16: "stair_climbing", 17: "lap_swimming",
    18: "open_water", 19: "flexibility_training", 20: "strength_training", 21: "warm_up", 22: "match",
    23: "exercise", 24: "challenge", 25: "indoor_skiing", 26: "cardio_training", 27: "indoor_walking",
    28: "e_bike_fitness", 29: "bmx", 30: "casual_walking", 31: "speed_walking",
    32: "bike_to_run_transition", 33: "run_to_bike_transition", 34: "swim_to_bike_transition", 35: "atv",
    36: "motocross", 37: "backcountry", 38: "resort", 39: "rc_drone", 40: "wingsuit", 41: "whitewater",
    42: "skate_skiing", 43: "yoga", 44: "pilates", 45: "indoor_running", 46: "gravel_cycling",
    47: "e_bike_mountain", 48: "commuting", 49: "mixed_surface", 50: "navigate", 51: "track_me", 52: "map",
    53: "single_gas_diving", 54: "multi_gas_diving", 55: "gauge_diving", 56: "apnea_diving",
    57: "apnea_hunting", 58: "virtual_activity", 59: "obstacle", 62: "breathing", 65: "sail_race",
    67: "ultra", 68: "indoor_climbing", 69: "bouldering", 70: "hiit", 73: "amrap", 74: "emom", 75: "tabata",
    84: "pickleball", 85: "padel", 86: "indoor_wheelchair_walk", 87: "indoor_wheelchair_run",
    88: "indoor_hand_cycling", 94: "squash", 95: "badminton", 96: "racquetball", 97: "table_tennis",
    110: "fly_canopy", 111: "fly_paraglide", 112: "fly_paramotor", 113: "fly_pressurized",
    114: "fly_navigate", 115: "fly_timer", 116: "fly_altimeter", 117: "fly_wx", 118: "fly_vfr",
    119: "fly_ifr", 254: "all",
}
_EVENT: dict[int, str] = {
    0: "timer", 3: "workout", 4: "workout_step", 5: "power_down", 6: "power_up", 7: "off_course",
    8: "session", 9: "lap", 10: "course_point", 11: "battery", 12: "virtual_partner_pace",
    13: "hr_high_alert", 14: "hr_low_alert", 15: "speed_high_alert", 16: "speed_low_alert",
    17: "cad_high_alert", 18: "cad_low_alert", 19: "power_high_alert", 20: "power_low_alert",
    21: "recovery_hr", 22: "battery_low", 23: "time_duration_alert", 24: "distance_duration_alert",
    25: "calorie_duration_alert", 26: "activity", 27: "fitness_equipment", 28: "length", 32: "user_marker",
    33: "sport_point", 36: "calibration", 42: "front_gear_change", 43: "rear_gear_change",
    44: "rider_position_change", 45: "elev_high_alert", 46: "elev_low_alert", 47: "comm_timeout",
    54: "auto_activity_detect", 56: "dive_alert", 57: "dive_gas_switched", 71: "tank_pressure_reserve",
    72: "tank_pressure_critical", 73: "tank_lost", 75: "radar_threat_alert", 76: "tank_battery_low",
    81: "tank_pod_connected", 82: "tank_pod_disconnected",
}
_EVENT_TYPE: dict[int, str] = {
    0: "start", 1: "stop", 2: "consecutive_depreciated", 3: "marker", 4: "stop_all", 5: "begin_depreciated",
    6: "end_depreciated", 7: "end_all_depreciated", 8: "stop_disable", 9: "stop_disable_all",
}
_LAP_TRIGGER: dict[int, str] = {
    0: "manual", 1: "time", 2: "distance", 3: "position_start", 4: "position_lap", 5: "position_waypoint",
    6: "position_marked", 7: "session_end", 8: "fitness_equipment",
}
_SOURCE_TYPE: dict[int, str] = {
    0: "ant", 1: "antplus", 2: "bluetooth", 3: "bluetooth_low_energy", 4: "wifi", 5: "local",
}
_DEVICE_INDEX: dict[int, str] = {
    0: "creator",
}
_ANTPLUS_DEVICE_TYPE: dict[int, str] = {
    1: "antfs", 11: "bike_power", 12: "environment_sensor_legacy", 15: "multi_sport_speed_distance",
    16: "control", 17: "fitness_equipment", 18: "blood_pressure", 19: "geocache_node",
    20: "light_electric_vehicle", 25: "env_sensor", 26: "racquet", 27: "control_hub", 31: "muscle_oxygen",
    34: "shifting", 35: "bike_light_main", 36: "bike_light_shared", 38: "exd", 40: "bike_radar",
    46: "bike_aero", 119: "weight_scale", 120: "heart_rate", 121: "bike_speed_cadence", 122: "bike_cadence",
    123: "bike_speed", 124: "stride_speed_distance",
}
_LOCAL_DEVICE_TYPE: dict[int, str] = {
    0: "gps", 1: "glonass", 2: "gps_glonass", 3: "accelerometer", 4: "barometer", 5: "temperature",
    10: "whr", 12: "sensor_hub",
}
_BLE_DEVICE_TYPE: dict[int, str] = {
    0: "connected_gps", 1: "heart_rate", 2: "bike_power", 3: "bike_speed_cadence", 4: "bike_speed",
    5: "bike_cadence", 6: "footpod", 7: "bike_trainer",
}
_FAVERO_PRODUCT: dict[int, str] = {10: "assioma_uno", 12: "assioma_duo"}
# fmt: on


def _garmin_product_sub(ref: int) -> _SubField:
    return ("garmin_product", _GARMIN_PRODUCT, ref, (1, 15, 13, 89))  # garmin, dynastream(_oem), tacx


_DEVICE_TYPE_SUBS: tuple[_SubField, ...] = (
    ("ant_device_type", None, 25, (0,)),
    ("antplus_device_type", _ANTPLUS_DEVICE_TYPE, 25, (1,)),
    ("ble_device_type", _BLE_DEVICE_TYPE, 25, (3,)),
    ("local_device_type", _LOCAL_DEVICE_TYPE, 25, (5,)),
)

_TIMESTAMP = _ProfileField("timestamp")
_PROFILE: dict[int, dict[int, _ProfileField]] = {
    0: {  # file_id
        0: _ProfileField("type", _FILE),
        1: _ProfileField("manufacturer", _MANUFACTURER),
        2: _ProfileField(
            "product", subfields=(("favero_product", _FAVERO_PRODUCT, 1, (263,)), _garmin_product_sub(1))
        ),
        3: _ProfileField("serial_number"),
        4: _ProfileField("time_created"),
        8: _ProfileField("product_name"),
    },
    12: {  # sport
        0: _ProfileField("sport", _SPORT),
        1: _ProfileField("sub_sport", _SUB_SPORT),
        3: _ProfileField("name"),
    },
    18: {  # session
        253: _TIMESTAMP,
        1: _ProfileField("event_type", _EVENT_TYPE),
        2: _ProfileField("start_time"),
        5: _ProfileField("sport", _SPORT),
        6: _ProfileField("sub_sport", _SUB_SPORT),
        7: _ProfileField("total_elapsed_time", scale=1000),
        8: _ProfileField("total_timer_time", scale=1000),
        9: _ProfileField("total_distance", scale=100),
        25: _ProfileField("first_lap_index"),
        26: _ProfileField("num_laps"),
    },
    19: {  # lap
        253: _TIMESTAMP,
        1: _ProfileField("event_type", _EVENT_TYPE),
        2: _ProfileField("start_time"),
        7: _ProfileField("total_elapsed_time", scale=1000),
        8: _ProfileField("total_timer_time", scale=1000),
        9: _ProfileField("total_distance", scale=100),
        24: _ProfileField("lap_trigger", _LAP_TRIGGER),
        25: _ProfileField("sport", _SPORT),
        39: _ProfileField("sub_sport", _SUB_SPORT),
    },
    21: {  # event
        253: _TIMESTAMP,
        0: _ProfileField("event", _EVENT),
        1: _ProfileField("event_type", _EVENT_TYPE),
        4: _ProfileField("event_group"),
    },
    23: {  # device_info
        253: _TIMESTAMP,
        0: _ProfileField("device_index", _DEVICE_INDEX),
        1: _ProfileField("device_type", subfields=_DEVICE_TYPE_SUBS),
        2: _ProfileField("manufacturer", _MANUFACTURER),
        4: _ProfileField(
            "product", subfields=(("favero_product", _FAVERO_PRODUCT, 2, (263,)), _garmin_product_sub(2))
        ),
        19: _ProfileField("descriptor"),
        25: _ProfileField("source_type", _SOURCE_TYPE),
        27: _ProfileField("product_name"),
    },
    34: {  # activity
        253: _TIMESTAMP,
        0: _ProfileField("total_timer_time", scale=1000),
        1: _ProfileField("num_sessions"),
        5: _ProfileField("local_timestamp"),
    },
}
