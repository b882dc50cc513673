"""The fast decoder's one Python pass: headers, definitions and where each data message starts."""

from __future__ import annotations

import struct
from typing import Any

from progtempo.io.fit.fast.layout import (
    FIELD_COMPRESSED_SPEED_DISTANCE,
    MESG_DEVELOPER_DATA_ID,
    MESG_FIELD_DESCRIPTION,
    MESG_RECORD,
    Damage,
    Def,
    DevField,
    Field,
    Walk,
)
from progtempo.io.fit.format import BASE_BY_NUMBER, BYTE, STRING, STRUCT_CODES, fit_crc, fit_crc_fast

# local_size markers in the header pass
_UNDEFINED = -1
_BROKEN = -2  # a definition with a zero-size field: its data messages can't be read
_DEVELOPER = -3  # developer_data_id / field_description: decoded during the pass


def read_headers(data: bytes) -> Walk:
    """Read headers, definitions and data-message boundaries of every FIT file in `data`."""
    walk = Walk()
    layouts: dict[Any, Def] = {}
    pos = 0
    try:
        while pos < len(data):
            pos = _walk_file(data, pos, walk, layouts)
    except Damage as damage:
        walk.damage = damage
    return walk


def _walk_file(data: bytes, start: int, walk: Walk, layouts: dict[Any, Def]) -> int:
    """Walk one FIT file starting at `start`; return where the next one starts."""
    n = len(data)
    if n - start < 12:
        raise Damage(start, f"file truncated? expected 12 bytes, got {n - start} @ {start}")
    header_size = data[start]
    body_size = struct.unpack_from("<I", data, start + 4)[0]
    if header_size < 12 or data[start + 8 : start + 12] != b".FIT":
        raise Damage(start, f"not a FIT file @ {start}")
    if header_size > 12:
        if header_size < 14:
            raise Damage(start, f"unsupported FIT header (CRC field missing; header offset: {start})")
        if start + header_size > n:
            raise Damage(start, None)
        header_crc = struct.unpack_from("<H", data, start + 12)[0]
        if header_crc and header_crc != fit_crc(data[start : start + 12]):
            walk.crc_mismatch = True
    pos = start + header_size
    body_end = pos + body_size
    stop = min(body_end, n)
    walk.file_first_msg.append(len(walk.msg_pos))

    dev_types: dict[int | None, dict[int, DevField]] = {}
    local_size = [_UNDEFINED] * 16  # content size of each local message, or a marker
    local_def: list[Def | None] = [None] * 16
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
            elif d.glob in (MESG_FIELD_DESCRIPTION, MESG_DEVELOPER_DATA_ID):
                local_size[local] = _DEVELOPER
            else:
                local_size[local] = d.size
            walk.act_pos.append(pos)
            walk.act_local.append(local)
            walk.act_def.append(d.id)
            if d.glob == MESG_RECORD and d.native(FIELD_COMPRESSED_SPEED_DISTANCE):
                walk.distance_resets.append(pos)
            pos += length
            continue
        else:
            size = local_size[header & 0x0F]
        if size < 0:
            local = (header >> 5) & 0x3 if header & 0x80 else header & 0x0F
            d_or_none = local_def[local]
            if size == _UNDEFINED or d_or_none is None:
                raise Damage(pos, f"FIT parsing error @ {pos}: local message {local} not defined")
            if size == _BROKEN:
                raise _broken_message(pos, d_or_none, n)
            size = d_or_none.size
            if pos + 1 + size <= n:  # fitdecode decodes it before it checks the FIT file's end
                _read_developer_message(data, pos, d_or_none, dev_types, walk.warnings)
        if pos + 1 + size > stop:
            if pos + 1 + size > n:
                raise Damage(pos, None)
            raise Damage(pos, f"AssertionError at byte {pos}")  # fitdecode asserts: past the FIT file's end
        append(pos)
        pos += 1 + size
    if pos < body_end or pos + 2 > n:
        raise Damage(pos, None)
    file_crc = struct.unpack_from("<H", data, pos)[0]
    if file_crc != fit_crc_fast(memoryview(data)[start:pos]):
        walk.crc_mismatch = True
    return pos + 2


def _broken_message(pos: int, d: Def, n: int) -> Damage:
    """fitdecode reads fields in turn: the end of the data, or a field of size 0 (a ValueError), first."""
    end = pos + 1
    for f in d.fields:
        if f.size == 0:
            break
        end += f.size
        if end > n:
            return Damage(pos, None)
    return Damage(pos, f"ValueError at byte {pos}")


def _definition(
    data: bytes,
    pos: int,
    stop: int,
    header: int,
    walk: Walk,
    layouts: dict[Any, Def],
    dev_types: dict[int | None, dict[int, DevField]],
) -> tuple[Def, int]:
    """The layout a definition message declares (shared with identical earlier ones), and its length."""
    n = len(data)
    if pos + 6 > n:
        raise Damage(pos, None)
    fields_end = pos + 6 + 3 * data[pos + 5]
    end = fields_end
    if header & 0x20:
        end = fields_end + 1 + (3 * data[fields_end] if fields_end < n else 0)
    if end > stop:
        # fitdecode reads (and warns about) the field entries one by one before it fails
        _partial_definition(data, pos, header, min(end, n), fields_end, walk.warnings, dev_types)
        raise Damage(pos, None if end > n else f"AssertionError at byte {pos}")  # assert: past the file
    devs: tuple[DevField, ...] = ()
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
    base = base if base in BASE_BY_NUMBER else BYTE
    base_size = BASE_BY_NUMBER[base].size
    if size % base_size == 0:
        return None
    return (
        f"invalid field size {size} in definition message @ {{pos}} for type {BASE_BY_NUMBER[base].name} "
        f"(expected a multiple of {base_size})"
    )


def _partial_definition(
    data: bytes,
    pos: int,
    header: int,
    limit: int,
    fields_end: int,
    warnings: list[str],
    dev_types: dict[int | None, dict[int, DevField]],
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


def _parse_definition(data: bytes, pos: int, def_id: int, devs: tuple[DevField, ...]) -> Def:
    big = data[pos + 2] != 0
    glob = _global_number(data, pos)
    fields: list[Field] = []
    warnings: list[str] = []  # "@ {pos}" stands for the definition's offset, wherever it recurs
    offset = 0
    broken = False
    p = pos + 6
    for _ in range(data[pos + 5]):
        number, size, base = data[p], data[p + 1], data[p + 2]
        p += 3
        if base not in BASE_BY_NUMBER:
            base = BYTE
        base_size = BASE_BY_NUMBER[base].size
        text = _size_warning(number, size, base)
        if text is not None:
            warnings.append(text)
            base, base_size = BYTE, 1
        broken = broken or size == 0
        fields.append(Field(number, offset, size, base, 1 if base == STRING else size // base_size))
        offset += size
    if devs:
        p += 1
        for dev in devs:
            size = data[p + 1]
            p += 3
            base_size = BASE_BY_NUMBER[dev.base].size
            count = 1 if dev.base == STRING else size // base_size
            read = size if dev.base == STRING else count * base_size  # fitdecode reads whole values only
            broken = broken or read == 0
            fields.append(Field(dev.number, offset, read, dev.base, count, dev))
            offset += read
    return Def(def_id, glob, big, tuple(fields), offset, broken, warnings)


def _dev_field(
    dev_types: dict[int | None, dict[int, DevField]],
    dev_index: int,
    number: int,
    where: tuple[int, int, int],
    warnings: list[str],
) -> DevField:
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
        dev = fields[number] = DevField(dev_index, number, BYTE, None, None)
    return dev


def _read_developer_message(
    data: bytes,
    pos: int,
    d: Def,
    dev_types: dict[int | None, dict[int, DevField]],
    warnings: list[str],
) -> None:
    """developer_data_id and field_description messages declare the developer fields that follow."""
    raw: dict[int, Any] = {}
    for f in d.fields:
        if f.dev is None and f.number not in raw:
            raw[f.number] = raw_value(data, pos + 1 + f.offset, f, d.big_endian)
    local = data[pos] & 0x0F
    if d.glob == MESG_DEVELOPER_DATA_ID:
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
        raise Damage(pos, f"FIT parsing error @ {pos}: developer_data_index {index} not defined")
    base = raw.get(2)
    if base is None:
        base = BYTE
    elif base not in BASE_BY_NUMBER:  # fitdecode fails with a KeyError
        raise Damage(pos, f"KeyError at byte {pos}")
    field_number, field_name, native = raw.get(1), raw.get(3), raw.get(15)
    key = field_number if isinstance(field_number, int) else -1  # no definition can refer to it
    fields[key] = DevField(
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


def raw_value(data: bytes, start: int, f: Field, big: bool) -> Any:
    """One field's raw value as fitdecode gives it: None when invalid, a tuple for arrays and bytes."""
    code, invalid = BASE_BY_NUMBER[f.base].code, BASE_BY_NUMBER[f.base].invalid
    chunk = data[start : start + f.size]
    if f.base == STRING:
        return chunk.split(b"\x00", 1)[0].decode("utf-8", errors="replace") or None
    if f.base == BYTE:
        return None if chunk.count(0xFF) == len(chunk) else tuple(chunk)
    values = struct.unpack(f"{'>' if big else '<'}{f.count}{STRUCT_CODES[code]}", chunk)
    if invalid is None:
        parsed = tuple(None if v != v else v for v in values)
    else:
        parsed = tuple(None if v == invalid else v for v in values)
    return parsed if f.count > 1 else parsed[0]
