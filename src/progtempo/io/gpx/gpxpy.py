"""The oracle: a GPX file read with gpxpy (slow: an object for every point), into an Activity."""

from __future__ import annotations

import math
from datetime import UTC
from typing import Any

from progtempo.activity import Activity
from progtempo.errors import ActivityReadError
from progtempo.io.gpx.common import (
    COLUMNS,
    GpxTrackData,
    build_activity,
    damaged_message,
    damaged_warning,
    decode_xml_text,
    extension_key,
    recover_xml,
    unreadable_message,
)


def read_gpx_gpxpy(data: bytes, source: str) -> Activity:
    """A GPX file's bytes (already gunzipped) into an Activity, parsed with gpxpy (the oracle)."""
    import gpxpy
    import gpxpy.gpx

    warns: list[str] = []
    text = decode_xml_text(data)
    try:
        gpx = gpxpy.parse(text)
    except gpxpy.gpx.GPXXMLSyntaxException as exc:
        mended, line, reason = recover_xml(text)
        where = f"line {line}" if line is not None else "an unknown line"
        if mended is None:
            raise ActivityReadError(source, unreadable_message(where, reason)) from exc
        try:
            gpx = gpxpy.parse(mended)
        except Exception as exc2:
            raise ActivityReadError(source, damaged_message(where, reason)) from exc2
        warns.append(damaged_warning(where, reason))
    except Exception as exc:
        raise ActivityReadError(source, f"not a valid GPX file ({exc}); export it again") from exc

    track = GpxTrackData.empty()
    times: list[float] = []
    cols: dict[str, list[float]] = {k: [] for k in COLUMNS}
    nan = math.nan
    for trk in gpx.tracks:
        for segment in trk.segments:
            for p in segment.points:
                t = p.time
                if t is None:
                    track.untimed += 1
                    continue
                if t.tzinfo is None:
                    track.naive = True
                    t = t.replace(tzinfo=UTC)
                try:
                    times.append(t.timestamp())
                except (ValueError, OverflowError) as exc:  # e.g. a time zone of +99:00
                    raise ActivityReadError(
                        source,
                        f"a point's time can't be placed ({exc}): the file is damaged; export it again",
                    ) from None
                cols["lat"].append(p.latitude if p.latitude is not None else nan)
                cols["lon"].append(p.longitude if p.longitude is not None else nan)
                cols["altitude"].append(p.elevation if p.elevation is not None else nan)
                ext = _extension_values(p.extensions) if p.extensions else {}
                for key in ("heart_rate", "cadence", "power", "speed"):
                    cols[key].append(ext.get(key, nan))
    track.times, track.columns = times, dict(cols)
    track.n_tracks = len(gpx.tracks)
    track.route_points = sum(len(r.points) for r in gpx.routes)
    track0 = gpx.tracks[0] if gpx.tracks else None
    track.track_type = track0.type if track0 else None
    track.track_name = track0.name if track0 else None
    track.creator = gpx.creator
    return build_activity(track, source, warns)


def _extension_values(extensions: list[Any]) -> dict[str, float]:
    """Heart rate, cadence, power and speed from a point's extension elements (any namespace)."""
    out: dict[str, float] = {}
    for ext in extensions:
        for el in ext.iter():
            tag = el.tag
            if not isinstance(tag, str):
                continue
            key = extension_key(tag)
            if key is None or key in out or not el.text:
                continue
            try:
                out[key] = float(el.text)
            except ValueError:
                continue
    return out
