"""TCX (Garmin Training Center v2) files with lxml into an Activity.

Elements are matched by local name, so a TCX that lost its namespace declarations (or its root) still
reads. Damaged XML is parsed again in lxml's recover mode, with a warning naming the line. Laps keep
StartTime, TotalTimeSeconds (the timer time), DistanceMeters and TriggerMethod; laps marked Manual
that all have the same distance are the watch's auto-laps and are recorded as such, with a warning.
"""

from __future__ import annotations

import contextlib
import itertools
import math
import re
from datetime import UTC, datetime, timedelta
from typing import Any

import numpy as np

from progtempo.activity import Activity, FloatArray, Lap
from progtempo.errors import ActivityReadError
from progtempo.io._streams import present, sort_and_merge, track_streams
from progtempo.io.gpx import parse_time
from progtempo.io.sniff import strip_xml_preamble

_TRIGGERS = {"manual": "manual", "distance": "distance", "location": "position", "time": "time",
             "heartrate": "heart_rate"}  # fmt: skip
_SPORTS = {"running": "running", "biking": "cycling", "other": "unknown"}
_AUTO_LAP_TOLERANCE = 0.002  # laps within 0.2 % (or 1 m) of each other count as equal


def _local(tag: Any) -> str:
    return tag.rsplit("}", 1)[-1] if isinstance(tag, str) else ""


def _child(el: Any, name: str) -> Any:
    for c in el:
        if _local(c.tag) == name:
            return c
    return None


def _float(el: Any) -> float | None:
    if el is None or el.text is None:
        return None
    try:
        v = float(el.text)
    except ValueError:
        return None
    return v if math.isfinite(v) else None


def _parse_xml(data: bytes, source: str, warns: list[str]) -> Any:
    from lxml import etree

    raw = strip_xml_preamble(data)
    strict = etree.XMLParser(resolve_entities=False, no_network=True, huge_tree=True, remove_comments=True)
    try:
        return etree.fromstring(raw, strict)
    except etree.XMLSyntaxError as exc:
        first_error = exc
    loose = etree.XMLParser(
        recover=True, resolve_entities=False, no_network=True, huge_tree=True, remove_comments=True
    )
    try:
        root = etree.fromstring(raw, loose)
    except etree.XMLSyntaxError:
        root = None
    errors = list(loose.error_log) or [first_error]
    line = getattr(errors[0], "line", None) or getattr(errors[0], "lineno", None)
    reason = str(getattr(errors[0], "message", None) or errors[0]).strip()
    where = f"line {line}" if line else "an unknown line"
    if root is None:
        raise ActivityReadError(source, f"the TCX file is not readable XML (at {where}: {reason})")
    warns.append(f"the TCX file is not valid XML (from {where}: {reason}): read what could be recovered")
    return root


def read_tcx(data: bytes, source: str) -> list[Activity]:
    """A TCX file's bytes (already gunzipped) into one Activity per <Activity> element, in file order.

    A Forerunner export of several days is several activities; each gets its own streams, laps and
    pauses, and its `session_index` (1-based) among them. Warnings about the file (damaged XML) go on
    each. An <Activity> without a timed trackpoint is left out, with a warning on the others.
    """
    warns: list[str] = []
    root = _parse_xml(data, source, warns)
    elements = list(root.iter("{*}Activity"))
    if not elements:
        raise ActivityReadError(source, "the TCX file holds no <Activity> (a course or workout file?)")
    out: list[Activity] = []
    empty: list[str] = []
    first_error: ActivityReadError | None = None
    for k, el in enumerate(elements, start=1):
        try:
            activity = _read_one(el, source, list(warns))
        except ActivityReadError as exc:
            first_error = first_error or exc
            empty.append(str(k))
            continue
        activity.session_index = k
        out.append(activity)
    if not out:
        assert first_error is not None
        if len(elements) == 1:
            raise first_error
        raise ActivityReadError(
            source, f"none of the file's {len(elements)} <Activity> elements has a timed point"
        )
    for a in out:
        a.session_count = len(elements)
        if empty:
            which = ("activity " if len(empty) == 1 else "activities ") + ", ".join(empty)
            a.warnings.append(f"{which} of the file's {len(elements)} hold no timed trackpoint: left out")
    return out


def _read_one(act: Any, source: str, warns: list[str]) -> Activity:
    """One <Activity> element into an Activity."""
    sport = _SPORTS.get((act.get("Sport") or "").strip().lower(), "unknown")
    device = None
    creator = _child(act, "Creator")
    if creator is not None:
        name_el = _child(creator, "Name")
        if name_el is not None and name_el.text and name_el.text.strip():
            device = re.sub(r"\s+Software Version.*$", "", name_el.text.strip()) or None

    times, cols, lap_els, lap_first, tracks = _scan(act)
    timed = np.isfinite(times)
    untimed = int(times.size - np.count_nonzero(timed))
    laps: list[Lap] = []
    lap_marks: list[str] = []
    bounds = [*lap_first, times.size]
    for k, lap_el in enumerate(lap_els):
        in_lap = times[bounds[k] : bounds[k + 1]]
        lap = _lap(lap_el, len(laps) + 1, in_lap[np.isfinite(in_lap)].tolist())
        if lap is not None:
            laps.append(lap)
            trigger_el = _child(lap_el, "TriggerMethod")
            lap_marks.append((trigger_el.text or "").strip() if trigger_el is not None else "")
    pauses_abs: list[tuple[float, float]] = []
    track_bounds = [*tracks, (-1, times.size)]
    for (lap_a, a), (lap_b, b), (_, c) in zip(track_bounds, track_bounds[1:], track_bounds[2:], strict=False):
        if lap_a != lap_b:
            continue
        before, after = times[a:b], times[b:c]
        before, after = before[np.isfinite(before)], after[np.isfinite(after)]
        if before.size and after.size and after[0] - before[-1] > 1.0:
            pauses_abs.append((float(before[-1]), float(after[0])))  # a new Track after a timer stop
    times = times[timed]
    cols = {k: v[timed] for k, v in cols.items()}

    if times.size == 0:
        if untimed:
            raise ActivityReadError(source, f"none of the TCX file's {untimed:,} trackpoints has a time")
        raise ActivityReadError(source, "the TCX file holds no trackpoints")
    if untimed:
        warns.append(f"{untimed:,} TCX trackpoint(s) have no time: dropped")

    _fix_elapsed(laps)
    _detect_auto_laps(laps, lap_marks, warns)

    t_abs, merged, n_merged = sort_and_merge(times, cols)
    if n_merged:
        warns.append(f"{n_merged} trackpoint(s) repeat an earlier time: merged into one")
    t0 = float(t_abs[0])
    notes = _child(act, "Notes")
    return Activity(
        start_time=datetime.fromtimestamp(t0, UTC),
        time_s=t_abs - t0,
        distance_m=present(merged["dist"]),
        **track_streams(merged, sport),
        source=source,
        format="tcx",
        sport=sport,
        device=device,
        name=notes.text.strip() if notes is not None and notes.text and notes.text.strip() else None,
        laps=laps,
        pauses=[(a - t0, b - t0) for a, b in pauses_abs],
        warnings=warns,
    )


# trackpoint element local name -> column (HeartRateBpm's Value is the heart rate)
_COLUMN = {"LatitudeDegrees": "lat", "LongitudeDegrees": "lon", "AltitudeMeters": "altitude",
           "DistanceMeters": "dist", "Value": "heart_rate", "Cadence": "cadence", "Speed": "speed",
           "RunCadence": "runcad", "Watts": "power"}  # fmt: skip
_SCAN_TAGS = ("Lap", "Track", "Trackpoint", "Time", *_COLUMN)
_ISO_Z = re.compile(r"\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d(\.\d{1,6})?Z")


def _scan(
    act: Any,
) -> tuple[FloatArray, dict[str, FloatArray], list[Any], list[int], list[tuple[int, int]]]:
    """One pass over an <Activity> element's descendants: trackpoint columns (NaN where absent), the Lap
    elements and the index of each lap's first trackpoint, and (lap number, first trackpoint) of each Track.

    Only elements inside a Trackpoint fill the columns: a lap's own DistanceMeters or heart-rate Value
    come after <Lap> and before its first <Trackpoint>, and <Lap>/<Track> close the current point."""
    names: dict[str, str] = {}
    time_text: list[str | None] = []
    values: dict[str, list[str | None]] = {k: [] for k in _COLUMN.values()}
    lap_els: list[Any] = []
    lap_first: list[int] = []
    tracks: list[tuple[int, int]] = []
    n = 0
    in_point = False
    tags = tuple("{*}" + t for t in _SCAN_TAGS)
    for el in act.iter(*tags):
        tag = el.tag
        name = names.get(tag)
        if name is None:
            name = names[tag] = _local(tag)
        if name == "Trackpoint":
            n += 1
            time_text.append(None)
            for col in values.values():
                col.append(None)
            in_point = True
        elif name == "Lap":
            lap_els.append(el)
            lap_first.append(n)
            in_point = False
        elif name == "Track":
            tracks.append((len(lap_els), n))
            in_point = False
        elif not in_point:
            continue
        elif name == "Time":
            time_text[-1] = el.text
        else:
            values[_COLUMN[name]][-1] = el.text
    cols = {k: _floats(v) for k, v in values.items()}
    runcad = cols.pop("runcad")
    cols["cadence"] = np.where(np.isnan(cols["cadence"]), runcad, cols["cadence"])
    return _times(time_text), cols, lap_els, lap_first, tracks


def _floats(texts: list[str | None]) -> FloatArray:
    """Texts as floats, NaN for None or unreadable text."""
    try:
        return np.array(["nan" if t is None else t for t in texts], dtype=np.float64)
    except ValueError:
        out = np.full(len(texts), np.nan)
        for i, t in enumerate(texts):
            with contextlib.suppress(ValueError):
                out[i] = float(t) if t is not None else np.nan
        return out


def _times(texts: list[str | None]) -> FloatArray:
    """ISO 8601 times as Unix seconds (NaN when missing or unreadable); offsets are honoured."""
    if texts and all(t is not None and _ISO_Z.fullmatch(t.strip()) for t in texts):
        try:
            stamps = np.array([t.strip()[:-1] for t in texts if t is not None], dtype="datetime64[us]")
        except ValueError:  # a well-formed time that is no date (month 13, 24:00): read one by one
            stamps = None
        if stamps is not None:
            seconds: FloatArray = (stamps - np.datetime64(0, "us")).astype(np.int64) / 1e6
            return seconds
    out = np.full(len(texts), np.nan)
    for i, t in enumerate(texts):
        if t:
            with contextlib.suppress(ValueError):
                out[i] = parse_time(t).timestamp()
    return out


def _lap(el: Any, index: int, lap_times: list[float]) -> Lap | None:
    start_text = el.get("StartTime")
    start: datetime | None = None
    if start_text:
        try:
            start = parse_time(start_text)
        except ValueError:
            start = None
    if start is None:
        if not lap_times:
            return None
        start = datetime.fromtimestamp(min(lap_times), UTC)
    timer = _float(_child(el, "TotalTimeSeconds"))
    trig = _child(el, "TriggerMethod")
    trigger = None
    if trig is not None and trig.text:
        trigger = _TRIGGERS.get(trig.text.strip().lower(), trig.text.strip().lower())
    span = (max(lap_times) - start.timestamp()) if lap_times else 0.0
    return Lap(
        index=index,
        start_time=start,
        elapsed_s=max(span, timer or 0.0),
        timer_s=timer,
        distance_m=_float(_child(el, "DistanceMeters")),
        trigger=trigger,
    )


def _fix_elapsed(laps: list[Lap]) -> None:
    """A lap's elapsed time runs to the next lap's start (TCX only gives the timer time)."""
    for a, b in itertools.pairwise(laps):
        gap = (b.start_time - a.start_time) / timedelta(seconds=1)
        if gap > (a.timer_s or 0.0) + 1.5:  # a pause inside the lap (start times may be whole seconds)
            a.elapsed_s = gap


def _detect_auto_laps(laps: list[Lap], marks: list[str], warns: list[str]) -> None:
    """Laps marked Manual whose distances (all but the last) are equal are the watch's auto-laps."""
    full = laps[:-1]
    if len(full) < 2 or any(m.lower() != "manual" for m in marks[:-1]):
        return
    dists = [lap.distance_m for lap in full]
    if any(d is None or d <= 0 for d in dists):
        return
    values = np.asarray(dists, dtype=np.float64)
    median = float(np.median(values))
    if float(np.max(np.abs(values - median))) > max(1.0, _AUTO_LAP_TOLERANCE * median):
        return
    for lap in full:
        lap.trigger = "distance"
    warns.append(
        f"TCX laps 1-{len(full)} are marked Manual but each is {median:.0f} m: recorded as distance auto-laps"
    )
