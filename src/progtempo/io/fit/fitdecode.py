"""The oracle: FIT files decoded with fitdecode (pure Python, slow) into `FitMessages`.

It follows the conventions written in `progtempo.io.fit.messages`, as the fast decoder does; the
tests hold the two to identical output.
"""

from __future__ import annotations

import math
import struct
import warnings
from collections.abc import Iterable, Sequence
from typing import Any

import numpy as np

from progtempo.activity import FloatArray
from progtempo.io.fit.format import SEMICIRCLE_DEG
from progtempo.io.fit.messages import (
    ACTIVITY_KEYS,
    DEVICE_INFO_KEYS,
    EVENT_KEYS,
    FILE_ID_KEYS,
    LAP_KEYS,
    RECORD_KEYS,
    SESSION_KEYS,
    SPORT_KEYS,
    FitMessages,
    is_number,
)
from progtempo.io.fit.profile import profile_invalid


def decode_fitdecode(data: bytes) -> FitMessages:
    """Decode every FIT file in `data` (a chain) with fitdecode into FitMessages (see its conventions)."""
    import fitdecode
    from fitdecode.exceptions import FitEOFError, FitError

    msgs = FitMessages()
    rows: list[tuple[float, ...]] = []
    reader = fitdecode.FitReader(
        data,
        processor=None,
        check_crc=fitdecode.CrcCheck.WARN,
        error_handling=fitdecode.ErrorHandling.WARN,
    )
    data_frame = fitdecode.FIT_FRAME_DATA
    nan = math.nan
    with warnings.catch_warnings(record=True) as caught:
        warnings.simplefilter("always")
        try:
            for frame in reader:
                if frame.frame_type != data_frame:
                    continue
                num = frame.def_mesg.global_mesg_num
                if num == 20:
                    rows.append(_record_row(frame.fields, nan))
                elif num == 19:
                    msgs.laps.append(_pick(frame.fields, LAP_KEYS, 19))
                elif num == 21:
                    msgs.events.append(_pick(frame.fields, EVENT_KEYS, 21))
                elif num == 18:
                    msgs.sessions.append(_pick(frame.fields, SESSION_KEYS, 18))
                elif num == 23:
                    msgs.device_infos.append(_pick(frame.fields, DEVICE_INFO_KEYS, 23))
                elif num == 0:
                    if not msgs.file_id:
                        msgs.file_id = _pick(frame.fields, FILE_ID_KEYS, 0)
                elif num == 12:
                    msgs.sports.append(_pick(frame.fields, SPORT_KEYS, 12))
                elif num == 34:
                    msgs.activity = _pick(frame.fields, ACTIVITY_KEYS, 34)
        except FitEOFError:
            msgs.truncated_at_byte = reader._chunk_offset
        except FitError as exc:
            msgs.truncated_at_byte = reader._chunk_offset
            msgs.warnings.append(f"FIT decoder: {exc}")
        except (AssertionError, ValueError, KeyError, IndexError, struct.error) as exc:
            # fitdecode asserts when a message runs past the data size the header gives
            msgs.truncated_at_byte = reader._chunk_offset
            msgs.warnings.append(f"FIT decoder: {type(exc).__name__} at byte {reader._chunk_offset}")
        finally:
            reader.close()
    crc = [w for w in caught if "CRC" in str(w.message)]
    if crc:
        msgs.warnings.append(
            "the file's CRC does not match its contents, so it may be damaged; it was read anyway"
        )
    others = [str(w.message) for w in caught if "CRC" not in str(w.message)]
    if others:
        msgs.warnings.append(f"FIT decoder: {len(others)} warning(s), first: {others[0][:160]}")
    msgs.records = _columns(rows)
    return msgs


def _record_row(fields: Iterable[Any], nan: float) -> tuple[float, ...]:
    """One record's values in RECORD_KEYS order, by the rules in `progtempo.io.fit.messages`."""
    native: dict[str, Any] = {}
    comp: dict[str, Any] = {}
    dev7: Any = None
    dev_named: Any = None
    for fd in fields:
        v = fd.value
        if v is None or not is_number(v) or _profile_invalid(20, fd):
            continue
        fdef = fd.field_def
        if fdef is not None and fdef.is_dev:
            field = fd.field
            if dev7 is None and getattr(field, "native_field_num", None) == 7:
                dev7 = v
            if dev_named is None and (getattr(field, "name", None) or "").strip().lower() == "power":
                dev_named = v
            continue
        target = native if fdef is not None else comp
        name = fd.name
        if name not in target:
            target[name] = v

    def first(*candidates: tuple[dict[str, Any], str]) -> float:
        for src, key in candidates:
            if key in src:
                return float(src[key])
        return nan

    lat = native.get("position_lat")
    lon = native.get("position_long")
    cadence = native.get("cadence")
    if cadence is not None:
        frac = native.get("fractional_cadence")
        cadence_v = float(cadence + frac) if frac is not None else float(cadence)
    else:
        cadence_v = nan
    power = native.get("power")
    if power is None:
        power = dev7 if dev7 is not None else dev_named
    return (
        first((native, "timestamp"), (comp, "timestamp")),
        lat * SEMICIRCLE_DEG if lat is not None else nan,
        lon * SEMICIRCLE_DEG if lon is not None else nan,
        first((native, "distance"), (comp, "distance")),
        first(
            (native, "enhanced_altitude"),
            (comp, "enhanced_altitude"),
            (native, "altitude"),
            (comp, "altitude"),
        ),
        first((native, "enhanced_speed"), (comp, "enhanced_speed"), (native, "speed"), (comp, "speed")),
        first(
            (native, "heart_rate"),
        ),
        cadence_v,
        float(power) if power is not None else nan,
    )


def _profile_invalid(glob: int, fd: Any) -> bool:
    """True when a field's raw value is the invalid value of its profile base type (`profile_invalid`),
    which fitdecode, going by the declared base type only, passes on as a value."""
    fdef = fd.field_def
    raw = fd.raw_value
    if fdef is None or fdef.is_dev or not isinstance(raw, int):
        return False
    pattern = profile_invalid(glob, fdef.def_num, fdef.size)
    return pattern is not None and raw & ((1 << 8 * fdef.size) - 1) == pattern


def _pick(fields: Iterable[Any], keys: Sequence[str], glob: int) -> dict[str, Any]:
    """The listed keys of a non-record message, valued as `messages` says (date_time: raw int)."""
    native: dict[str, Any] = {}
    comp: dict[str, Any] = {}
    for fd in fields:
        name = fd.name
        if name not in keys or fd.value is None or _profile_invalid(glob, fd):
            continue
        target = native if fd.field_def is not None else comp
        if name in target:
            continue
        ftype = getattr(getattr(fd.field, "type", None), "name", None)
        target[name] = fd.raw_value if ftype in ("date_time", "local_date_time") else fd.value
    for k, v in comp.items():
        native.setdefault(k, v)
    return {k: native[k] for k in keys if k in native}


def _columns(rows: list[tuple[float, ...]]) -> dict[str, FloatArray]:
    """Row tuples into the records dict: a key is kept when any value is finite (timestamp always)."""
    if not rows:
        return {}
    table = np.array(rows, dtype=np.float64)
    out: dict[str, FloatArray] = {}
    for i, key in enumerate(RECORD_KEYS):
        col = np.ascontiguousarray(table[:, i])
        if key == "timestamp" or np.isfinite(col).any():
            out[key] = col
    return out
