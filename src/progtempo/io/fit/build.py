"""Decoded FIT messages into Activities (either decoder's `FitMessages`: the builder is shared).

`build_activities` resolves device-relative times, gives each session its own records, laps and timer
events, merges duplicate records, turns timer events into pauses and names the device.
"""

from __future__ import annotations

import math
import re
from datetime import UTC, datetime
from typing import Any

import numpy as np

from progtempo.activity import FOOT_SPORTS, Activity, AltitudeSource, FloatArray, Lap
from progtempo.io._streams import merge_first_finite
from progtempo.io.fit.format import FIT_EPOCH_S
from progtempo.io.fit.messages import FitMessages, is_number

RELATIVE_LIMIT_S = 0x10000000  # FIT date_time values below this count from the device's power-on

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


def build_activities(msgs: FitMessages, source: str) -> list[Activity]:
    """Turn decoded FIT messages into one Activity per session, in the order of the file.

    A multisport file (a triathlon: swim, transition, bike, transition, run) or a chained one (several
    FIT files one after the other) has several sessions. Each record, lap and timer event goes to the
    session running at its time: the last to have started by then (the first session takes anything
    earlier, the last anything later; a session starts at its `start_time`, or its end less its elapsed
    time when that is earlier: a fenix 2 writes a first session starting 45 minutes after its first
    record and lap). A file without sessions (cut short) is one activity. The legs of a file of several
    sessions are marked `multisport`; a leg whose sport is `generic` stays `generic` (not running).
    """
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
    sessions = msgs.sessions
    if len(sessions) <= 1:
        first = (
            sessions[0] if sessions else msgs.sports[0] if msgs.sports else msgs.laps[0] if msgs.laps else {}
        )
        return [_session_activity(msgs, source, t_fixed, fix, (-math.inf, math.inf), first, warns, False)]
    starts = [_session_start(s, fix) for s in sessions]
    order = sorted(range(len(sessions)), key=lambda i: (starts[i] is None, starts[i] or 0.0, i))
    at = [math.inf if x is None else x for x in starts]
    windows: dict[int, tuple[float, float]] = {}
    for k, i in enumerate(order):
        windows[i] = (-math.inf if k == 0 else at[i], at[order[k + 1]] if k + 1 < len(order) else math.inf)
    out = []
    for i, s in enumerate(sessions):
        a = _session_activity(msgs, source, t_fixed, fix, windows[i], s, warns, True)
        a.session_index, a.session_count, a.multisport = i + 1, len(sessions), True
        out.append(a)
    return out


def build_activity(msgs: FitMessages, source: str, session: int | None = None) -> Activity:
    """The one Activity of `build_activities` to analyse: see `progtempo.io.pick_session`."""
    from progtempo.io.sessions import pick_session

    activities = build_activities(msgs, source)
    for a in activities:
        a.source, a.format = source, "fit"
    return pick_session(activities, session)


def _session_start(s: dict[str, Any], fix: Any) -> float | None:
    """When a session starts: its start_time, or its end less its elapsed time where that is earlier."""
    start: float | None = fix(s.get("start_time"))
    end: float | None = fix(s.get("timestamp"))
    elapsed = _number(s.get("total_elapsed_time"))
    back = end - elapsed if end is not None and elapsed is not None else None
    if start is None:
        return back
    return min(start, back) if back is not None else start


def _session_activity(
    msgs: FitMessages,
    source: str,
    t_fixed: FloatArray,
    fix: Any,
    window: tuple[float, float],
    sport_src: dict[str, Any],
    file_warnings: list[str],
    several: bool,
) -> Activity:
    """The Activity of the records, laps and events in `window` [lo, hi) of a file's clock."""
    warns = list(file_warnings)
    rec = msgs.records
    lo, hi = window
    mask = np.isfinite(t_fixed) & (t_fixed >= lo) & (t_fixed < hi)

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
    if distance is not None and several:
        distance = _from_zero(distance, _number(sport_src.get("total_distance")), warns)
    heart_rate = stream("heart_rate")
    if heart_rate is not None:
        heart_rate = np.where(heart_rate > 0, heart_rate, np.nan)
        if not np.isfinite(heart_rate).any():
            heart_rate = None
    altitude = stream("altitude")
    speed = stream("speed")

    sport = _sport_name(sport_src.get("sport"), sport_src.get("sub_sport"))
    if several and sport == "unknown" and sport_src.get("sport") in ("generic", 0):
        sport = "generic"  # a leg the athlete didn't name, among legs they did: not taken for a run
    sub_sport = sport_src.get("sub_sport")
    sub = sub_sport if isinstance(sub_sport, str) and sub_sport != "generic" else None

    cadence = stream("cadence")
    if cadence is not None and (
        sport in FOOT_SPORTS or (sport == "unknown" and _looks_like_strides(cadence, speed))
    ):
        cadence = cadence * 2.0

    start_fit = float(times[0]) if times.size else lo if math.isfinite(lo) else 0.0
    laps = _laps(msgs.laps, fix, window, start_fit, float(times[-1]) if times.size else start_fit)
    pauses = _pauses(msgs.events, fix, window, start_fit)

    at = msgs.truncated_at_byte
    if at is not None and (not several or hi == math.inf):
        # the decoder's own note about the same spot says it again: this warning replaces it
        warns = [w for w in warns if f"byte {at}" not in w and f"@ {at}" not in w]
        last = f", up to {_clock(float(times[-1] - times[0]))} into the activity" if times.size else ""
        warns.append(
            f"the file is cut short or damaged at byte {at:,}: kept the {times.size:,} records read before it"
            f"{last}"
        )

    return Activity(
        start_time=_fit_datetime(start_fit),
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
        device=_device_name(msgs),
        laps=laps,
        pauses=pauses,
        altitude_source=_altitude_source(msgs, altitude is not None, lat is not None),
        warnings=warns,
    )


def _from_zero(distance: FloatArray, total_m: float | None, warns: list[str]) -> FloatArray:
    """A leg's distance counted from 0 where it carries on the distance of the legs before it (a chained
    FIT's run starting at 42.7 km): when its first value is over 50 m and the leg's own total is what it
    covers from there, not what it reads at its end."""
    finite = distance[np.isfinite(distance)]
    if not finite.size or finite[0] <= 50.0:
        return distance
    first, last = float(finite[0]), float(finite[-1])
    if total_m is not None and abs((last - first) - total_m) > abs(last - total_m):
        return distance
    return distance - first


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


def _in_window(t: float, window: tuple[float, float], slack_s: float = 1.0) -> bool:
    """`t` in [lo, hi) give or take `slack_s` (a lap may start a second before its session)."""
    lo, hi = window
    return lo - slack_s <= t < hi - slack_s


def _laps(
    raw: list[dict[str, Any]], fix: Any, window: tuple[float, float], t0: float, t_end: float
) -> list[Lap]:
    laps: list[Lap] = []
    prev_end = t0
    for lap in raw:
        start = fix(lap.get("start_time"))
        stamp = fix(lap.get("timestamp"))
        elapsed = _number(lap.get("total_elapsed_time"))
        if start is None:
            start = prev_end
        if not _in_window(start, window):
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
                intensity=intensity if isinstance(intensity := lap.get("intensity"), str) else None,
            )
        )
        prev_end = start + elapsed
    return laps


def _pauses(
    events: list[dict[str, Any]], fix: Any, window: tuple[float, float], t0: float
) -> list[tuple[float, float]]:
    """Timer stop → start pairs as (stop_s, start_s) from the activity start; the final stop is no pause."""
    timer = []
    for e in events:
        if e.get("event") not in ("timer", 0):
            continue
        t = fix(e.get("timestamp"))
        if t is None or not window[0] - 1.0 <= t < window[1]:
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
            if t > stopped_at and t > t0:  # (a stop ending the session before is no pause of this one)
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
