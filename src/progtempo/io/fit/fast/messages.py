"""The few messages other than records (laps, sessions, events, devices), decoded one by one."""

from __future__ import annotations

from typing import Any

import numpy as np

from progtempo.io.fit.fast.layout import Def, IntArray, Walk
from progtempo.io.fit.fast.walk import raw_value
from progtempo.io.fit.messages import (
    ACTIVITY_KEYS,
    DEVICE_INFO_KEYS,
    EVENT_KEYS,
    FILE_ID_KEYS,
    LAP_KEYS,
    SESSION_KEYS,
    SPORT_KEYS,
    FitMessages,
)
from progtempo.io.fit.profile import OTHER_KINDS, PROFILE, ProfileField, profile_invalid


def other_messages(
    data: bytes,
    walk: Walk,
    msg_pos: IntArray,
    msg_def: IntArray,
    toff: IntArray,
    timestamps: IntArray,
    out: FitMessages,
) -> None:
    """Decode the laps, sessions, events, devices, sports, file_id and activity messages, in file order."""
    wanted = np.array([d.glob in OTHER_KINDS for d in walk.defs] + [False], dtype=bool)
    for m in np.flatnonzero(wanted[msg_def]).tolist():
        d = walk.defs[int(msg_def[m])]
        from_header = int(timestamps[m]) if toff[m] >= 0 else None
        doc = _decode_message(data, int(msg_pos[m]), d, from_header)
        kind = OTHER_KINDS[d.glob]
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


def _plan(d: Def) -> list[tuple[int, ProfileField]]:
    """The fields of `d` the profile table knows, with their profile entries (cached on the layout)."""
    if d._plan is None:
        profile = PROFILE.get(d.glob, {})
        d._plan = [
            (i, profile[f.number]) for i, f in enumerate(d.fields) if f.dev is None and f.number in profile
        ]
    return d._plan


def _decode_message(data: bytes, pos: int, d: Def, from_header: int | None) -> list[tuple[str, Any]]:
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
                    raw_value(data, start + d.fields[k].offset, d.fields[k], big)
                    for k in d.native(ref_number)
                ]
            if any(raw in ref_values for raw in refs[ref_number]):
                name, enum, scale, offset = sub_name, sub_enum, None, None
                break
        f = d.fields[i]
        raw = raw_value(data, start + f.offset, f, big)
        pattern = profile_invalid(d.glob, f.number, f.size)
        if pattern is not None and isinstance(raw, int) and raw & ((1 << 8 * f.size) - 1) == pattern:
            raw = None  # the profile's invalid value, whatever base type the definition declares
        doc.append((name, _render(raw, enum, scale, offset)))
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
