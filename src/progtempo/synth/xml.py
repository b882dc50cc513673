"""Synthetic runs as GPX 1.1 and TCX v2 files, with heart rate, cadence and (TCX) laps."""

from __future__ import annotations

import math
from collections.abc import Sequence
from datetime import UTC, timedelta
from pathlib import Path

import numpy as np

from progtempo.activity import Activity, FloatArray
from progtempo.synth.runs import DEVICE_NAME, SynthRun, lap_bounds, write_file


def write_gpx(run: SynthRun, path: str | Path) -> None:
    """Write the run as GPX 1.1 with Garmin TrackPointExtension heart rate and cadence."""
    write_file(path, gpx_bytes(run))


def write_tcx(run: SynthRun, path: str | Path, *, lap_trigger: str | None = None) -> None:
    """Write the run as TCX v2 (laps, track, distance, heart rate); `lap_trigger` overrides every
    lap's TriggerMethod (e.g. "Manual", as some exports mark auto-laps)."""
    write_file(path, tcx_bytes(run, lap_trigger=lap_trigger))


def _iso_ms(run: SynthRun, elapsed: FloatArray) -> list[str]:
    base = np.datetime64(run.start_time.astimezone(UTC).replace(tzinfo=None), "us")
    stamps = base + np.round(elapsed * 1e6).astype("timedelta64[us]")
    return [s + "Z" for s in np.datetime_as_string(stamps, unit="ms")]


def gpx_bytes(run: SynthRun) -> bytes:
    """The run as GPX 1.1; heart rate and cadence (strides/min, one foot) in gpxtpx:TrackPointExtension."""
    a = run.activity
    times = _iso_ms(run, a.time_s)
    out = [
        '<?xml version="1.0" encoding="UTF-8"?>',
        f'<gpx version="1.1" creator="{DEVICE_NAME}" xmlns="http://www.topografix.com/GPX/1/1" '
        'xmlns:gpxtpx="http://www.garmin.com/xmlschemas/TrackPointExtension/v1">',
        f"<metadata><time>{times[0]}</time></metadata>",
        f"<trk><name>{a.name or 'synthetic'}</name><type>{run.sport}</type><trkseg>",
    ]
    n = len(a)
    if a.lat is None or a.lon is None:
        raise ValueError("GPX needs positions: make the run with gps=True")
    lat, lon = a.lat, a.lon
    ele = a.altitude_m
    hr = a.heart_rate
    cad = a.cadence / 2.0 if a.cadence is not None else None
    for i in range(n):
        parts = [f'<trkpt lat="{lat[i]:.9f}" lon="{lon[i]:.9f}">']
        if ele is not None and math.isfinite(ele[i]):
            parts.append(f"<ele>{ele[i]:.3f}</ele>")
        parts.append(f"<time>{times[i]}</time>")
        ext = []
        if hr is not None and math.isfinite(hr[i]):
            ext.append(f"<gpxtpx:hr>{round(hr[i])}</gpxtpx:hr>")
        if cad is not None and math.isfinite(cad[i]):
            ext.append(f"<gpxtpx:cad>{round(cad[i])}</gpxtpx:cad>")
        if ext:
            parts.append(
                "<extensions><gpxtpx:TrackPointExtension>"
                + "".join(ext)
                + "</gpxtpx:TrackPointExtension></extensions>"
            )
        parts.append("</trkpt>")
        out.append("".join(parts))
    out.append("</trkseg></trk></gpx>")
    return ("\n".join(out) + "\n").encode("utf-8")


_TCX_SPORT = {
    "running": "Running",
    "trail_running": "Running",
    "treadmill_running": "Running",
    "cycling": "Biking",
}
_TCX_TRIGGER = {"distance": "Distance", "manual": "Manual", "session_end": "Manual", "time": "Time"}


def tcx_bytes(run: SynthRun, *, lap_trigger: str | None = None) -> bytes:
    """The run as TCX v2: one Lap per device lap, a new Track after each pause, TPX Speed and RunCadence."""
    a = run.activity
    times = _iso_ms(run, a.time_s)
    lap_starts = np.array([(lap.start_time - run.start_time) / timedelta(seconds=1) for lap in a.laps])
    lap_of = np.clip(np.searchsorted(lap_starts, a.time_s + 1e-9, side="right") - 1, 0, len(a.laps) - 1)
    pause_ends = [b for _, b in run.pause_elapsed_s]
    _, triggers = lap_bounds(run)
    out = [
        '<?xml version="1.0" encoding="UTF-8"?>',
        '<TrainingCenterDatabase xmlns="http://www.garmin.com/xmlschemas/TrainingCenterDatabase/v2" '
        'xmlns:ns3="http://www.garmin.com/xmlschemas/ActivityExtension/v2">',
        f'<Activities><Activity Sport="{_TCX_SPORT.get(run.sport, "Other")}"><Id>{times[0]}</Id>',
    ]
    for k, lap in enumerate(a.laps):
        start_iso = _iso_ms(run, np.array([lap_starts[k]]))[0]
        trig = lap_trigger or _TCX_TRIGGER.get(triggers[k], "Manual")
        out.append(
            f'<Lap StartTime="{start_iso}"><TotalTimeSeconds>{lap.timer_s:.3f}</TotalTimeSeconds>'
            f"<DistanceMeters>{lap.distance_m:.3f}</DistanceMeters><Calories>0</Calories>"
            f"<Intensity>Active</Intensity><TriggerMethod>{trig}</TriggerMethod><Track>"
        )
        for i in np.flatnonzero(lap_of == k).tolist():
            if any(abs(a.time_s[i] - b) < 1e-9 for b in pause_ends) and i > 0 and lap_of[i - 1] == k:
                out.append("</Track><Track>")
            out.append(_trackpoint(a, i, times[i]))
        out.append("</Track></Lap>")
    out.append(
        f"<Creator><Name>{DEVICE_NAME}</Name></Creator></Activity></Activities></TrainingCenterDatabase>"
    )
    return ("\n".join(out) + "\n").encode("utf-8")


def _trackpoint(a: Activity, i: int, time: str) -> str:
    parts = [f"<Trackpoint><Time>{time}</Time>"]
    if a.lat is not None and a.lon is not None and math.isfinite(a.lat[i]):
        parts.append(
            f"<Position><LatitudeDegrees>{a.lat[i]:.9f}</LatitudeDegrees>"
            f"<LongitudeDegrees>{a.lon[i]:.9f}</LongitudeDegrees></Position>"
        )
    if a.altitude_m is not None and math.isfinite(a.altitude_m[i]):
        parts.append(f"<AltitudeMeters>{a.altitude_m[i]:.3f}</AltitudeMeters>")
    if a.distance_m is not None and math.isfinite(a.distance_m[i]):
        parts.append(f"<DistanceMeters>{a.distance_m[i]:.3f}</DistanceMeters>")
    if a.heart_rate is not None and math.isfinite(a.heart_rate[i]):
        parts.append(f"<HeartRateBpm><Value>{round(a.heart_rate[i])}</Value></HeartRateBpm>")
    ext = []
    if a.speed_m_s is not None and math.isfinite(a.speed_m_s[i]):
        ext.append(f"<ns3:Speed>{a.speed_m_s[i]:.3f}</ns3:Speed>")
    if a.cadence is not None and math.isfinite(a.cadence[i]):
        ext.append(f"<ns3:RunCadence>{round(a.cadence[i] / 2.0)}</ns3:RunCadence>")
    if ext:
        parts.append("<Extensions><ns3:TPX>" + "".join(ext) + "</ns3:TPX></Extensions>")
    parts.append("</Trackpoint>")
    return "".join(parts)


def multi_tcx_bytes(runs: Sequence[SynthRun]) -> bytes:
    """Several runs as one TCX file with one <Activity> each, as a Forerunner 305 exports several days."""
    if not runs:
        raise ValueError("a TCX file needs at least one run")
    bodies = []
    for run in runs:
        text = tcx_bytes(run).decode("utf-8")
        bodies.append(text.split("<Activities>", 1)[1].rsplit("</Activities>", 1)[0])
    head = tcx_bytes(runs[0]).decode("utf-8").split("<Activities>", 1)[0]
    return (head + "<Activities>" + "".join(bodies) + "</Activities></TrainingCenterDatabase>\n").encode()
