"""Helpers the readers share: sort samples by time, merge samples that share a timestamp, cadence units."""

from __future__ import annotations

from typing import TypedDict

import numpy as np

from progtempo.activity import FOOT_SPORTS, AltitudeSource, FloatArray

#: cadence of these is read as strides (one foot) and doubled; unknown sports are assumed to be runs
_STRIDE_SPORTS = FOOT_SPORTS | {"unknown"}


def sort_and_merge(
    times: FloatArray, columns: dict[str, FloatArray]
) -> tuple[FloatArray, dict[str, FloatArray], int]:
    """Sort samples by time (stable) and merge those sharing a timestamp: each field keeps its first
    finite value. Returns the times, the columns and how many samples were merged away."""
    order = np.argsort(times, kind="stable")
    t = times[order]
    if t.size == 0:
        return t, {k: v[order] for k, v in columns.items()}, 0
    starts = np.flatnonzero(np.r_[True, np.diff(t) > 0])
    merged = {k: merge_first_finite(v[order], starts) for k, v in columns.items()}
    return t[starts], merged, int(t.size - starts.size)


def merge_first_finite(col: FloatArray, starts: np.ndarray) -> FloatArray:
    """For each group of equal timestamps (beginning at `starts`), the first finite value, else NaN."""
    n = col.size
    if starts.size == n:
        return col.copy()
    pos = np.where(np.isfinite(col), np.arange(n), n)
    first = np.minimum.reduceat(pos, starts)
    return np.where(first < n, col[np.minimum(first, n - 1)], np.nan)


def present(col: FloatArray | None) -> FloatArray | None:
    """The column, or None when it holds no finite value (a stream the file never had)."""
    if col is None or not np.isfinite(col).any():
        return None
    return col


def steps_per_minute(
    cadence: FloatArray | None, sport: str, *, per_foot: bool | None = None
) -> FloatArray | None:
    """Cadence as steps per minute for foot sports. `per_foot` True doubles; None guesses: a median
    under 130 is strides (one foot) per minute, as Garmin's TrackPointExtension `cad` and TCX
    RunCadence give it. Other sports keep the file's value (rpm for cycling)."""
    if cadence is None or sport not in _STRIDE_SPORTS:
        return cadence
    if per_foot is None:
        moving = cadence[np.isfinite(cadence) & (cadence > 0)]
        per_foot = bool(moving.size) and float(np.median(moving)) < 130.0
    if not per_foot:
        return cadence
    with np.errstate(over="ignore"):  # a damaged value near the float maximum becomes inf, dropped later
        return cadence * 2.0


class TrackStreams(TypedDict):
    """The Activity streams a GPX or TCX track gives (keyword arguments of `Activity`)."""

    lat: FloatArray | None
    lon: FloatArray | None
    altitude_m: FloatArray | None
    heart_rate: FloatArray | None
    cadence: FloatArray | None
    power: FloatArray | None
    speed_m_s: FloatArray | None
    altitude_source: AltitudeSource


def track_streams(merged: dict[str, FloatArray], sport: str) -> TrackStreams:
    """The streams of merged track columns `lat`, `lon`, `altitude`, `heart_rate`, `cadence`, `power`,
    `speed`: a position needs both coordinates, a heart rate of 0 is none, cadence is in steps per
    minute for foot sports, and an altitude with positions is taken as GPS altitude."""
    lat, lon = present(merged["lat"]), present(merged["lon"])
    if lat is None or lon is None:
        lat = lon = None
    altitude = present(merged["altitude"])
    return TrackStreams(
        lat=lat,
        lon=lon,
        altitude_m=altitude,
        heart_rate=present(np.where(merged["heart_rate"] > 0, merged["heart_rate"], np.nan)),
        cadence=steps_per_minute(present(merged["cadence"]), sport),
        power=present(merged["power"]),
        speed_m_s=present(merged["speed"]),
        altitude_source="none" if altitude is None else ("gps" if lat is not None else "unknown"),
    )
