"""Elevation you can run on: implausible GPS altitude mended, and how far the result can be trusted.

A watch without a barometer takes its altitude from GPS, which is several times noisier than its
position: it settles over the first minutes after a fix, wanders, and jumps when the satellites in
view change. Left in, such jumps become hills, and hills change the Grade Adjusted Pace: the Forerunner
410 sample climbs 37 m and drops 40 m in its first 130 s, at an even 10:00/mi, on a run that is flat
(its first mile read GAP 8:26 for a pace of 10:03).

What a runner can do bounds what the altitude can do: over any `WINDOW_S` it can change by at most
`PLAUSIBLE_GRADE` of the distance covered, plus `NOISE_M` of noise (standing still, it cannot change
at all). Samples in a window breaking that are implausible; a stretch of them is mended:

- when the altitude, within `RETURN_S` before the stretch, was already at the level the stretch jumps
  to (or within `RETURN_S` after it comes back to the level it jumped from), the whole excursion is a
  GPS error, and the altitude runs straight across it (in distance);
- otherwise, in the first `SETTLE_S` of the recording (the fix is still settling) the altitude before
  the jump takes the level after it; later, it runs straight across the stretch.

Barometric altitude is not mended (a barometer's glitches are spikes, `clean.remove_spikes`); it is
already smooth, so it is not smoothed either. `gap_confidence` says how far the GAP can be trusted.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Literal

import numpy as np

from progtempo.activity import AltitudeSource
from progtempo.analysis.clean import FloatArray, remove_spikes, smooth_by_distance

GapConfidence = Literal["high", "medium", "low", "none"]

#: the window over which a climb is judged plausible
WINDOW_S = 10.0
#: the steepest grade a runner's altitude follows over a window (a steep trail)...
PLAUSIBLE_GRADE = 0.30
#: ...give or take this much noise
NOISE_M = 3.0
#: implausible stretches closer than this are one
MERGE_S = 30.0
#: how far (in time) before or after a jump to look for the level it jumps to or from
RETURN_S = 180.0
#: a GPS fix's altitude is still settling this long after the recording starts
SETTLE_S = 180.0
#: GPS altitude whose noise (the robust spread around its smoothed profile) is above this is noisy
NOISY_M = 2.0
#: more mended stretches than this per 5 km make GPS altitude untrustworthy
MENDED_PER_5KM = 1.0
#: GPS altitude is averaged over this many metres either side (clean.SMOOTH_HALF_M is 25): its error
#: wanders over minutes, and 25 m boxes leave that as 4-8 % grades, which the GAP's convex factor turns
#: into a GAP 3-7 % faster than the pace on a flat run
GPS_SMOOTH_HALF_M = 100.0


@dataclass(frozen=True)
class Elevation:
    """The cleaned altitude (None without one) and what was done to it."""

    altitude_m: FloatArray | None
    spikes: int = 0
    mended: int = 0  # implausible stretches mended
    noise_m: float = 0.0  # robust spread of the altitude around its cleaned profile
    gap_confidence: GapConfidence = "none"


def clean_elevation(
    time_s: FloatArray, distance_m: FloatArray, altitude_m: FloatArray | None, source: AltitudeSource
) -> Elevation:
    """The altitude with gaps filled and spikes removed; unless barometric, implausible stretches
    mended and smoothed by distance; and the confidence its GAP deserves."""
    if altitude_m is None or not np.isfinite(altitude_m).any():
        return Elevation(None)
    raw = np.asarray(altitude_m, dtype=np.float64)
    a, spikes = remove_spikes(time_s, raw)
    if source == "barometric":
        return Elevation(a, spikes, 0, 0.0, "high")
    a, stretches = mend_implausible(time_s, distance_m, a)
    smooth = smooth_by_distance(distance_m, a, GPS_SMOOTH_HALF_M)
    resid = (a - smooth)[np.isfinite(raw)]
    noise = float(1.4826 * np.median(np.abs(resid - np.median(resid)))) if resid.size else 0.0
    km = float(distance_m[-1] - distance_m[0]) / 1000.0 if distance_m.shape[0] else 0.0
    many = len(stretches) > MENDED_PER_5KM * max(km / 5.0, 1.0)
    confidence: GapConfidence = "low" if many or noise > NOISY_M or source == "unknown" else "medium"
    return Elevation(smooth, spikes, len(stretches), noise, confidence)


def implausible_samples(time_s: FloatArray, distance_m: FloatArray, altitude_m: FloatArray) -> np.ndarray:
    """Per sample: True inside a window of WINDOW_S (or the step after it, when longer) over which the
    altitude changes by more than NOISE_M + PLAUSIBLE_GRADE × the distance covered."""
    n = time_s.shape[0]
    bad = np.zeros(n, dtype=np.bool_)
    if n < 2:
        return bad
    j = np.searchsorted(time_s, time_s + WINDOW_S, side="left")
    j = np.clip(np.maximum(j, np.arange(n) + 1), 0, n - 1)
    i = np.arange(n)
    dz = np.abs(altitude_m[j] - altitude_m[i])
    dx = np.abs(distance_m[j] - distance_m[i])
    wrong = (dz > NOISE_M + PLAUSIBLE_GRADE * dx) & (j > i)
    if not wrong.any():
        return bad
    marks = np.zeros(n + 1, dtype=np.int64)
    np.add.at(marks, i[wrong], 1)
    np.add.at(marks, j[wrong] + 1, -1)
    return np.asarray(np.cumsum(marks)[:n] > 0, dtype=np.bool_)


def mend_implausible(
    time_s: FloatArray, distance_m: FloatArray, altitude_m: FloatArray
) -> tuple[FloatArray, list[tuple[int, int]]]:
    """The altitude with its implausible stretches mended (see the module doc), and those stretches
    as (first, last) sample indices."""
    bad = implausible_samples(time_s, distance_m, altitude_m)
    if not bad.any():
        return altitude_m, []
    a = altitude_m.copy()
    t, x = time_s, distance_m
    n = t.shape[0]
    idx = np.flatnonzero(bad)
    breaks = np.flatnonzero(t[idx[1:]] - t[idx[:-1]] > MERGE_S)
    stretches = [(int(s[0]), int(s[-1])) for s in np.split(idx, breaks + 1)]
    for lo, hi in stretches:
        before, after = lo - 1, hi + 1
        if after >= n and before < 0:
            continue  # nothing plausible to anchor on
        if after >= n:
            a[lo:] = a[before]  # an implausible end: held at the last plausible level
            continue
        if before < 0:
            a[: hi + 1] = a[after]  # an implausible start: the settled level
            continue
        level_from, level_to = a[before], a[after]
        back = _returns(a, t, before, level_to, -1)
        ahead = _returns(a, t, after, level_from, +1)
        if back is not None and (ahead is None or t[before] - t[back] <= t[ahead] - t[after]):
            _straight(a, x, t, back, after)  # the altitude was at the new level before: an excursion
        elif ahead is not None:
            _straight(a, x, t, before, ahead)  # it comes back to the old level soon after
        elif t[lo] - t[0] < SETTLE_S:
            a[: hi + 1] = level_to  # the first fix settling: the level it settles at
        else:
            _straight(a, x, t, before, after)
    return a, stretches


def _returns(a: FloatArray, t: FloatArray, start: int, level: float, step: int) -> int | None:
    """The nearest sample from `start` going `step` (±1), within RETURN_S, at `level` ± NOISE_M."""
    n = a.shape[0]
    if step < 0:
        lo = int(np.searchsorted(t, t[start] - RETURN_S, side="left"))
        near = np.flatnonzero(np.abs(a[lo:start] - level) <= NOISE_M)
        return lo + int(near[-1]) if near.size else None
    hi = int(np.searchsorted(t, t[start] + RETURN_S, side="right"))
    near = np.flatnonzero(np.abs(a[start + 1 : min(hi, n)] - level) <= NOISE_M)
    return start + 1 + int(near[0]) if near.size else None


def _straight(a: FloatArray, x: FloatArray, t: FloatArray, i: int, j: int) -> None:
    """The altitude strictly between samples i and j made a straight line between theirs, in distance
    (in time where the distance stands still)."""
    if j - i < 2:
        return
    span = x[j] - x[i]
    inner = slice(i + 1, j)
    frac = (x[inner] - x[i]) / span if span > 1e-6 else (t[inner] - t[i]) / max(t[j] - t[i], 1e-9)
    a[inner] = a[i] + frac * (a[j] - a[i])
