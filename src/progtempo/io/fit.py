"""FIT activity files: decode to `FitMessages`, then build an Activity from them.

Decoding and building are separate so two decoders can share the builder: `decode_fitdecode` (the
oracle, pure Python, slow) and `progtempo.io.fit_fast.decode_fast` (vectorised). `decode` picks the
fast one when it imports, else fitdecode; `PROGTEMPO_FIT_DECODER=fitdecode|fast` forces one.
`build_activity` resolves device-relative times, picks the session(s), merges duplicate records,
turns timer events into pauses and names the device.
"""

from __future__ import annotations

import math
import os
import re
import struct
import warnings
from collections.abc import Iterable, Sequence
from datetime import UTC, datetime
from typing import Any

import numpy as np

from progtempo.activity import Activity, AltitudeSource, FloatArray, Lap
from progtempo.errors import ActivityReadError, ProgtempoError
from progtempo.io._streams import merge_first_finite
from progtempo.io.fit_format import FIT_EPOCH_S
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

RELATIVE_LIMIT_S = 0x10000000  # FIT date_time values below this count from the device's power-on
SEMICIRCLE_DEG = 180.0 / 2**31
DECODER_ENV = "PROGTEMPO_FIT_DECODER"

_RUNNING = {"running", "trail_running", "treadmill_running", "track_running"}
_FOOT = _RUNNING | {"walking", "hiking", "mountaineering", "snowshoeing"}
_STOPS = {"stop", "stop_all", "stop_disable", "stop_disable_all", 1, 4, 8, 9}
_STARTS = {"start", 0}
_SPORT_BY_NUMBER = {0: "generic", 1: "running", 2: "cycling", 3: "transition", 5: "swimming", 10: "training",
                    11: "walking", 17: "hiking", 18: "multisport"}  # fmt: skip
_RUN_SUB_SPORT = {"trail": "trail_running", "treadmill": "treadmill_running", "track": "track_running",
                  "indoor_running": "treadmill_running"}  # fmt: skip
_TRIGGERS = {"manual": "manual", "time": "time", "distance": "distance", "position_start": "position",
             "position_lap": "position", "position_waypoint": "position", "position_marked": "position",
             "session_end": "session_end", "fitness_equipment": "fitness_equipment"}  # fmt: skip
_TRIGGER_BY_NUMBER = dict(enumerate(["manual", "time", "distance", "position_start", "position_lap",
                                      "position_waypoint", "position_marked", "session_end",
                                      "fitness_equipment"]))  # fmt: skip
_MANUFACTURERS = {"garmin": "Garmin", "suunto": "Suunto", "polar_electro": "Polar", "polar": "Polar",
                  "coros": "COROS", "wahoo_fitness": "Wahoo", "sigmasport": "Sigma Sport", "stryd": "Stryd",
                  "zwift": "Zwift", "strava": "Strava", "apple": "Apple", "bryton": "Bryton",
                  "hammerhead": "Hammerhead", "huawei": "Huawei", "dynastream": "Dynastream",
                  "dynastream_oem": "Dynastream", "development": ""}  # fmt: skip
# Garmin products with a barometric altimeter (by the profile's short names)
_BARO_GARMIN = re.compile(
    r"^(fenix|epix|enduro|instinct|quatix|tactix|descent|marq|d2|fr9[1-9]\d|fr255|fr265|fr745|"
    r"vivo_?active_?(hr|3|4|5)|venu|edge_?(5|8|1\d\d\d|explore))",
    re.IGNORECASE,
)


# ----------------------------------------------------------------------------------------- decoding


def decode(data: bytes) -> FitMessages:
    """Decode a FIT file with the fast decoder when it is there, else fitdecode (env var can force one)."""
    choice = os.environ.get(DECODER_ENV, "").strip().lower()
    if choice == "fitdecode":
        return decode_fitdecode(data)
    if choice == "fast":
        from progtempo.io.fit_fast import decode_fast

        return decode_fast(data)
    if choice not in ("", "auto"):
        raise ProgtempoError(
            f"{DECODER_ENV}={choice!r} is not a FIT decoder: use fitdecode or fast (or unset it)"
        )
    try:
        from progtempo.io.fit_fast import decode_fast as fast
    except Exception:
        return decode_fitdecode(data)
    try:
        return fast(data)
    except NotImplementedError:  # the fast decoder declines a file it does not handle
        return decode_fitdecode(data)


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
                    msgs.laps.append(_pick(frame.fields, LAP_KEYS))
                elif num == 21:
                    msgs.events.append(_pick(frame.fields, EVENT_KEYS))
                elif num == 18:
                    msgs.sessions.append(_pick(frame.fields, SESSION_KEYS))
                elif num == 23:
                    msgs.device_infos.append(_pick(frame.fields, DEVICE_INFO_KEYS))
                elif num == 0:
                    if not msgs.file_id:
                        msgs.file_id = _pick(frame.fields, FILE_ID_KEYS)
                elif num == 12:
                    msgs.sports.append(_pick(frame.fields, SPORT_KEYS))
                elif num == 34:
                    msgs.activity = _pick(frame.fields, ACTIVITY_KEYS)
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


def _scalar(v: Any) -> bool:
    return isinstance(v, int | float) and not isinstance(v, bool)


def _record_row(fields: Iterable[Any], nan: float) -> tuple[float, ...]:
    """One record's values in RECORD_KEYS order, by the rules in fit_messages."""
    native: dict[str, Any] = {}
    comp: dict[str, Any] = {}
    dev7: Any = None
    dev_named: Any = None
    for fd in fields:
        v = fd.value
        if v is None or not _scalar(v):
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


def _pick(fields: Iterable[Any], keys: Sequence[str]) -> dict[str, Any]:
    """The listed keys of a non-record message, valued as fit_messages says (date_time: raw int)."""
    native: dict[str, Any] = {}
    comp: dict[str, Any] = {}
    for fd in fields:
        name = fd.name
        if name not in keys or fd.value is None:
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


# ----------------------------------------------------------------------------------------- reading


def repair_header(data: bytes, source: str, repair: bool = False) -> tuple[bytes, list[str]]:
    """Check the first FIT header; with `repair`, mend a data size of 0 (never finalised) to read the data.

    Without `repair` such a file is refused, as other decoders do: its data was never confirmed.
    """
    n = len(data)
    if n < 12:
        raise ActivityReadError(
            source, f"too short for a FIT file ({n} bytes; a FIT header alone is 12 or 14)"
        )
    header_size = data[0]
    if header_size < 12 or data[8:12] != b".FIT":
        raise ActivityReadError(source, "not a FIT file: no '.FIT' signature at byte 8")
    if n < header_size:
        raise ActivityReadError(source, f"the FIT header is cut off ({n} of its {header_size} bytes)")
    (data_size,) = struct.unpack_from("<I", data, 4)
    body = n - header_size
    if body <= 2 and data_size <= body:
        raise ActivityReadError(
            source,
            "the FIT file is a header with no data: nothing was recorded (save the activity on the watch "
            "and copy the file again)",
        )
    if body <= 2:
        raise ActivityReadError(
            source,
            f"the FIT file is cut off right after its header, which promises {data_size:,} bytes of data; "
            "copy the file again",
        )
    if data_size == 0 and not repair:
        raise ActivityReadError(
            source,
            f"the FIT header says the file holds no data (data size 0: the device never finalised it), "
            f"though {body:,} bytes follow; re-export it, or read them anyway with "
            "`progtempo analyze --repair`",
        )
    if data_size == 0:
        fixed = bytearray(data)
        struct.pack_into("<I", fixed, 4, body)
        return bytes(fixed), [
            f"the FIT header says the file holds no data (data size 0: the file was never finalised); "
            f"read the {body:,} bytes after the header anyway"
        ]
    return data, []


def read_fit(data: bytes, source: str, session: int | None = None, repair: bool = False) -> Activity:
    """A FIT file's bytes (already gunzipped) into an Activity (`repair`: see `repair_header`)."""
    data, header_warnings = repair_header(data, source, repair)
    msgs = decode(data)
    msgs.warnings[:0] = header_warnings
    activity = build_activity(msgs, source, session=session)
    if len(activity) < 2:
        ftype = msgs.file_id.get("type")
        if msgs.truncated_at_byte is not None:
            why = (
                f"the file is damaged or cut short at byte {msgs.truncated_at_byte:,} and fewer than 2 "
                "records with a time come before it"
            )
        elif ftype not in (None, "activity", 4):
            why = f"this is a FIT {ftype} file, not a recorded activity"
        else:
            why = f"the FIT file holds {len(activity)} record(s) with a time: nothing to analyse"
        raise ActivityReadError(source, why)
    return activity


def _fit_datetime(fit_s: float) -> datetime:
    return datetime.fromtimestamp(FIT_EPOCH_S + fit_s, UTC)


def _number(v: Any) -> float | None:
    return float(v) if _scalar(v) else None


def _sport_name(sport: Any, sub_sport: Any) -> str:
    if isinstance(sport, int):
        sport = _SPORT_BY_NUMBER.get(sport, "unknown")
    if not isinstance(sport, str) or sport == "generic":
        return "unknown"
    if sport == "running" and isinstance(sub_sport, str) and sub_sport in _RUN_SUB_SPORT:
        return _RUN_SUB_SPORT[sub_sport]
    return sport


def _session_label(i: int, s: dict[str, Any]) -> str:
    sport = _sport_name(s.get("sport"), s.get("sub_sport"))
    dist = _number(s.get("total_distance"))
    return f"{i} {sport}" + (f" ({dist / 1000:.2f} km)" if dist is not None else "")


def build_activity(msgs: FitMessages, source: str, session: int | None = None) -> Activity:
    """Turn decoded FIT messages into an Activity: one session, or the running legs of a multisport file."""
    warns = list(msgs.warnings)
    rec = msgs.records
    t_all = rec.get("timestamp", np.empty(0))
    offset = _relative_offset(msgs, t_all, warns)

    def fix(v: Any) -> float | None:
        x = _number(v)
        if x is None:
            return None
        return x + offset if x < RELATIVE_LIMIT_S else x

    t_fixed = np.where(t_all < RELATIVE_LIMIT_S, t_all + offset, t_all) if offset else t_all

    # which session(s)
    sessions = msgs.sessions
    windows: list[tuple[float, float]] = []
    for s in sessions:
        start = fix(s.get("start_time"))
        elapsed = _number(s.get("total_elapsed_time"))
        end = start + elapsed if start is not None and elapsed is not None else fix(s.get("timestamp"))
        windows.append((start if start is not None else -math.inf, end if end is not None else math.inf))
    labels = [_session_label(i + 1, s) for i, s in enumerate(sessions)]
    chosen: list[int] | None  # None: the whole file
    if session is not None:
        count = max(len(sessions), 1)
        if not 1 <= session <= count:
            listing = "; ".join(labels) if labels else "1 (the whole file)"
            raise ActivityReadError(
                source,
                f"there is no session {session}: this file has {count} ({listing}); "
                "pick one with --session N",
            )
        chosen = [session - 1] if sessions else None
    elif len(sessions) <= 1:
        chosen = None
    else:
        running = [
            i for i, s in enumerate(sessions) if _sport_name(s.get("sport"), s.get("sub_sport")) in _RUNNING
        ]
        if running:
            chosen = running
            if len(running) < len(sessions):
                took = ", ".join(str(i + 1) for i in running)
                warns.append(
                    f"multisport file with {len(sessions)} sessions ({'; '.join(labels)}): took the running "
                    f"leg(s) {took}; pick another with --session N"
                )
        else:
            chosen = None
            warns.append(
                f"file with {len(sessions)} sessions and none of them running ({'; '.join(labels)}): "
                "read them all; pick one with --session N"
            )

    if chosen is None:
        mask = np.ones(t_fixed.shape, dtype=bool)
        chosen_windows = [(-math.inf, math.inf)]
    else:
        chosen_windows = [windows[i] for i in chosen]
        mask = np.zeros(t_fixed.shape, dtype=bool)
        for lo, hi in chosen_windows:
            mask |= (t_fixed >= lo) & (t_fixed <= hi)
    mask &= np.isfinite(t_fixed)

    # records: select, sort by time, merge records sharing a timestamp
    t_sel = t_fixed[mask]
    order = np.argsort(t_sel, kind="stable")
    t_sorted = t_sel[order]
    if t_sorted.size:
        starts = np.flatnonzero(np.r_[True, np.diff(t_sorted) > 0])
    else:
        starts = np.empty(0, dtype=np.intp)
    if t_sorted.size and starts.size < t_sorted.size:
        warns.append(f"{t_sorted.size - starts.size} record(s) repeat an earlier timestamp: merged into one")

    def stream(key: str) -> FloatArray | None:
        col = rec.get(key)
        if col is None:
            return None
        out = merge_first_finite(col[mask][order], starts)
        return out if np.isfinite(out).any() else None

    times = t_sorted[starts] if starts.size else t_sorted
    lat, lon = stream("position_lat"), stream("position_long")
    if lat is not None and lon is not None:
        null_island = (lat == 0.0) & (lon == 0.0)
        if null_island.any():
            lat = np.where(null_island, np.nan, lat)
            lon = np.where(null_island, np.nan, lon)
        if not np.isfinite(lat).any():
            lat = lon = None
    else:
        lat = lon = None
    distance = stream("distance")
    if distance is not None and chosen is not None and len(chosen) > 1:
        distance = _continue_distance(distance, times, chosen_windows)
    heart_rate = stream("heart_rate")
    if heart_rate is not None:
        heart_rate = np.where(heart_rate > 0, heart_rate, np.nan)
        if not np.isfinite(heart_rate).any():
            heart_rate = None
    altitude = stream("altitude")

    speed = stream("speed")

    # sport
    sport_src: dict[str, Any] = {}
    if chosen is not None:
        sport_src = sessions[chosen[0]]
    elif sessions:
        sport_src = sessions[0]
    elif msgs.sports:
        sport_src = msgs.sports[0]
    elif msgs.laps:
        sport_src = msgs.laps[0]
    sport = _sport_name(sport_src.get("sport"), sport_src.get("sub_sport"))
    sub_sport = sport_src.get("sub_sport")
    sub = sub_sport if isinstance(sub_sport, str) and sub_sport != "generic" else None

    cadence = stream("cadence")
    if cadence is not None and (
        sport in _FOOT or (sport == "unknown" and _looks_like_strides(cadence, speed))
    ):
        cadence = cadence * 2.0

    if times.size == 0:
        start_fit = 0.0
        if windows and chosen is not None and math.isfinite(windows[chosen[0]][0]):
            start_fit = windows[chosen[0]][0]
        start_time = _fit_datetime(start_fit)
    else:
        start_fit = float(times[0])
        start_time = _fit_datetime(start_fit)

    laps = _laps(msgs.laps, fix, chosen_windows, start_fit, float(times[-1]) if times.size else start_fit)
    pauses = _pauses(msgs.events, fix, chosen_windows, start_fit)

    if msgs.truncated_at_byte is not None:
        at = msgs.truncated_at_byte
        # the decoder's own note about the same spot says it again: this warning replaces it
        warns = [w for w in warns if f"byte {at}" not in w and f"@ {at}" not in w]
        last = f", up to {_clock(float(times[-1] - times[0]))} into the activity" if times.size else ""
        warns.append(
            f"the file is cut short or damaged at byte {msgs.truncated_at_byte:,}: kept the {times.size:,} "
            f"records read before it{last}"
        )

    device = _device_name(msgs)
    return Activity(
        start_time=start_time,
        time_s=times - start_fit,
        distance_m=distance,
        lat=lat,
        lon=lon,
        altitude_m=altitude,
        heart_rate=heart_rate,
        cadence=cadence,
        power=stream("power"),
        speed_m_s=speed,
        source=source,
        format="fit",
        sport=sport,
        sub_sport=sub,
        device=device,
        laps=laps,
        pauses=pauses,
        altitude_source=_altitude_source(msgs, altitude is not None, lat is not None),
        warnings=warns,
    )


def _looks_like_strides(cadence: FloatArray, speed: FloatArray | None) -> bool:
    """For a file that doesn't name its sport: a median cadence under 130 at running speeds (under
    6 m/s) is strides per minute, one foot; faster is a bike's rpm."""
    moving = cadence[np.isfinite(cadence) & (cadence > 0)]
    if not moving.size or float(np.median(moving)) >= 130:
        return False
    if speed is not None:
        fast = speed[np.isfinite(speed)]
        if fast.size and float(np.median(fast)) > 6.0:
            return False
    return True


def _clock(seconds: float) -> str:
    from progtempo.units import format_duration

    return format_duration(seconds)


def _relative_offset(msgs: FitMessages, t: FloatArray, warns: list[str]) -> float:
    """Seconds to add to device-relative FIT times (below 0x10000000) to make them clock times."""
    finite = t[np.isfinite(t)]
    relative = bool(finite.size and (finite < RELATIVE_LIMIT_S).any())
    if not relative:
        started = [_number(s.get("start_time")) for s in msgs.sessions]
        relative = any(x is not None and x < RELATIVE_LIMIT_S for x in started)
    if not relative:
        return 0.0
    act = msgs.activity
    ts, local = _number(act.get("timestamp")), _number(act.get("local_timestamp"))
    if ts is not None and local is not None and ts < RELATIVE_LIMIT_S <= local:
        warns.append(
            "the file's times count from the device's power-on; clock times come from the activity's local "
            "time stamp, so they are the watch's local time (time zone unknown), shown as UTC"
        )
        return local - ts
    created = _number(msgs.file_id.get("time_created"))
    if created is not None and created >= RELATIVE_LIMIT_S and finite.size:
        warns.append(
            "the file's times count from the device's power-on; "
            "the start is taken as the file's creation time"
        )
        return created - float(finite.min())
    warns.append(
        "the file's times count from the device's power-on and it holds no clock time: "
        "the start date is unknown"
    )
    return 0.0


def _continue_distance(
    distance: FloatArray, times: FloatArray, windows: list[tuple[float, float]]
) -> FloatArray:
    """Running legs of a multisport file each count distance from 0: carry it on from leg to leg."""
    out = distance.copy()
    carried = 0.0
    for lo, hi in windows:
        leg = (times >= lo) & (times <= hi)
        if not leg.any():
            continue
        vals = out[leg]
        finite = vals[np.isfinite(vals)]
        if finite.size and carried and finite[0] < carried - 1.0:
            out[leg] = vals + carried
            finite = finite + carried
        if finite.size:
            carried = float(finite.max())
    return out


def _in_windows(t: float, windows: list[tuple[float, float]], slack_s: float = 1.0) -> bool:
    return any(lo - slack_s <= t <= hi for lo, hi in windows)


def _laps(
    raw: list[dict[str, Any]], fix: Any, windows: list[tuple[float, float]], t0: float, t_end: float
) -> list[Lap]:
    laps: list[Lap] = []
    prev_end = t0
    for lap in raw:
        start = fix(lap.get("start_time"))
        stamp = fix(lap.get("timestamp"))
        elapsed = _number(lap.get("total_elapsed_time"))
        if start is None:
            start = prev_end
        if not _in_windows(start, windows):
            continue
        if elapsed is None:
            elapsed = (stamp - start) if stamp is not None and stamp >= start else max(t_end - start, 0.0)
        trig = lap.get("lap_trigger")
        if isinstance(trig, int):
            trig = _TRIGGER_BY_NUMBER.get(trig)
        trigger = _TRIGGERS.get(trig, str(trig)) if trig is not None else None
        laps.append(
            Lap(
                index=len(laps) + 1,
                start_time=_fit_datetime(start),
                elapsed_s=elapsed,
                timer_s=_number(lap.get("total_timer_time")),
                distance_m=_number(lap.get("total_distance")),
                trigger=trigger,
            )
        )
        prev_end = start + elapsed
    return laps


def _pauses(
    events: list[dict[str, Any]], fix: Any, windows: list[tuple[float, float]], t0: float
) -> list[tuple[float, float]]:
    """Timer stop → start pairs as (stop_s, start_s) from the activity start; the final stop is no pause."""
    timer = []
    for e in events:
        if e.get("event") not in ("timer", 0):
            continue
        t = fix(e.get("timestamp"))
        if t is None or not _in_windows(t, windows):
            continue
        kind = e.get("event_type")
        if kind in _STOPS:
            timer.append((t, 1))
        elif kind in _STARTS:
            timer.append((t, 0))
    timer.sort(key=lambda x: x[0])
    pauses: list[tuple[float, float]] = []
    stopped_at: float | None = None
    for t, is_stop in timer:
        if is_stop:
            if stopped_at is None:
                stopped_at = t
        elif stopped_at is not None:
            if t > stopped_at:
                pauses.append((stopped_at - t0, t - t0))
            stopped_at = None
    return pauses


def _pretty_product(name: str) -> str:
    m = re.fullmatch(r"fr(\d+)([a-z]*)", name)
    if m:
        return f"Forerunner {m.group(1)}{m.group(2).upper()}"
    if name.startswith("vivo_active"):
        return "vivoactive" + name[len("vivo_active") :].replace("_", " ").upper()
    return re.sub(r"(?<=[a-z])(?=\d)", " ", name.replace("_", " "))


def _device_name(msgs: FitMessages) -> str | None:
    """Manufacturer and product, from file_id, helped by the creator's device_info."""
    fid = msgs.file_id
    creator = next((d for d in msgs.device_infos if d.get("device_index") in ("creator", 0)), {})
    manu = fid.get("manufacturer", creator.get("manufacturer"))
    product: Any = fid.get("garmin_product")
    if not isinstance(product, str) and isinstance(creator.get("garmin_product"), str):
        product = creator["garmin_product"]
    product_name = fid.get("product_name") or creator.get("product_name")
    if isinstance(product, str):
        prod = _pretty_product(product)
    elif isinstance(product_name, str) and product_name.strip():
        prod = product_name.strip()
    else:
        number = product if product is not None else fid.get("product", creator.get("product"))
        prod = f"product {number}" if isinstance(number, int) and number not in (0, 0xFFFF) else ""
    if isinstance(manu, str):
        manu_name = _MANUFACTURERS.get(manu, manu.replace("_", " ").title())
    elif isinstance(manu, int):
        manu_name = f"manufacturer {manu}"
    else:
        manu_name = ""
    name = " ".join(p for p in (manu_name, prod) if p)
    return name or None


def _altitude_source(msgs: FitMessages, has_altitude: bool, has_position: bool) -> AltitudeSource:
    if not has_altitude:
        return "none"
    if any(d.get("local_device_type") == "barometer" for d in msgs.device_infos):
        return "barometric"
    products = [msgs.file_id.get("garmin_product")] + [d.get("garmin_product") for d in msgs.device_infos]
    if any(isinstance(p, str) and _BARO_GARMIN.match(p) for p in products):
        return "barometric"
    if msgs.file_id.get("manufacturer") == "wahoo_fitness":  # every ELEMNT/BOLT/ROAM has a barometer
        return "barometric"
    return "gps" if has_position else "unknown"
