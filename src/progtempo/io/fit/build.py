"""Decoded FIT messages into an Activity (either decoder's `FitMessages`: the builder is shared).

`build_activity` resolves device-relative times, picks the session(s), merges duplicate records,
turns timer events into pauses and names the device.
"""

from __future__ import annotations

import math
import re
from datetime import UTC, datetime
from typing import Any

import numpy as np

from progtempo.activity import Activity, AltitudeSource, FloatArray, Lap
from progtempo.errors import ActivityReadError
from progtempo.io._streams import merge_first_finite
from progtempo.io.fit.format import FIT_EPOCH_S
from progtempo.io.fit.messages import FitMessages, is_number

RELATIVE_LIMIT_S = 0x10000000  # FIT date_time values below this count from the device's power-on

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


def _fit_datetime(fit_s: float) -> datetime:
    return datetime.fromtimestamp(FIT_EPOCH_S + fit_s, UTC)


def _number(v: Any) -> float | None:
    return float(v) if is_number(v) else None


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
