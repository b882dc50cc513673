"""Cleaning the recorded streams: distance, pauses and moving time, elevation and grade.

All pure functions on numpy arrays, vectorised. The choices and their sources are explained in
docs/algorithms.md; the constants below are the knobs it names.
"""

from __future__ import annotations

from collections.abc import Sequence
from typing import Literal

import numpy as np
import numpy.typing as npt

from progtempo.geo import EARTH_RADIUS_M, haversine_m

FloatArray = npt.NDArray[np.float64]
BoolArray = npt.NDArray[np.bool_]
DistanceSource = Literal["device", "gps", "none"]

#: A sample is standing still when the straight-line displacement across a window centred on it
#: is under STOP_SPEED_M_S times the window: 5 m in 10 s, 15 m in 30 s, 30 m in 60 s. Walking
#: (1.2 m/s) is well above it.
STOP_WINDOW_S = 10.0
STOP_WINDOWS_S = (10.0, 30.0, 60.0)
STOP_SPEED_M_S = 0.5
#: Slow for at least this long is a stop (moving time excludes it).
MIN_STOP_S = 5.0
#: A gap between two samples longer than this is a hole in the records (smart recording, auto-pause
#: without events, GPS lost in a tunnel)...
GAP_S = 10.0
#: ...crossed at at least this share of the speed around it (`LOCAL_STEPS` moving steps either side):
#: the runner ran on while the device recorded nothing. Slower, the hole held a stop: it counts only
#: the time its distance takes at the speed around it (the Forerunner 620's timer stopped 4 s in an
#: 11 s hole crossed at 0.6 of it; the vivoactive's walked holes run 0.7-1.2 of the walking around them).
RUNNING_SHARE = 0.7
LOCAL_STEPS = 5
#: Altitude further than this from the running median of its neighbours is a spike.
SPIKE_M = 10.0
SPIKE_WINDOW = 7  # samples, odd
#: Altitude that isn't barometric is averaged over this many metres either side (a box in distance).
SMOOTH_HALF_M = 25.0
#: Grade is taken over the smallest centred window spanning at least this distance.
GRADE_WINDOW_M = 10.0
MAX_GRADE = 0.45


def _median(x: FloatArray) -> float:
    """The median of finite values (np.median would import numpy.ma: 20 ms on a cold start)."""
    k = x.shape[0] // 2
    part = np.partition(x, [k - 1, k] if x.shape[0] % 2 == 0 else [k])
    return float(part[k] if x.shape[0] % 2 else (part[k - 1] + part[k]) / 2)


def forward_fill(values: FloatArray) -> FloatArray:
    """NaNs replaced by the last finite value before them (leading NaNs by the first finite one)."""
    ok = np.isfinite(values)
    if ok.all() or not ok.any():
        return values.copy()
    idx = np.where(ok, np.arange(values.shape[0]), 0)
    np.maximum.accumulate(idx, out=idx)
    out = values[idx]
    first = int(np.argmax(ok))
    out[:first] = values[first]
    return out


def device_distance(
    distance_m: FloatArray, time_s: FloatArray | None = None, speed_m_s: FloatArray | None = None
) -> FloatArray:
    """The device's cumulative distance, gaps filled, never negative, never going back.

    Records without a distance between two with one (the Suunto sample drops it on one record in
    seventeen) get it interpolated: along the device's own speed where it has one over the gap (its
    integral, scaled to the distance the gap covers), else linearly in `time_s`, else held at the last
    value. Holding it would make a still runner of a running one. Leading gaps are 0, trailing ones
    hold the last value.
    """
    d = np.asarray(distance_m, dtype=np.float64)
    ok = np.isfinite(d)
    if not ok.any():
        return np.zeros_like(d)
    first, last = int(np.argmax(ok)), d.shape[0] - 1 - int(np.argmax(ok[::-1]))
    inner = ~ok
    inner[:first] = False
    inner[last + 1 :] = False
    if inner.any() and time_s is not None:
        d = _fill_between(d, ok, inner, np.asarray(time_s, dtype=np.float64), speed_m_s)
    d = forward_fill(d)
    d[:first] = 0.0
    d = np.maximum(d, 0.0)
    return np.maximum.accumulate(d)


def _fill_between(
    d: FloatArray, ok: BoolArray, inner: BoolArray, time_s: FloatArray, speed_m_s: FloatArray | None
) -> FloatArray:
    """`d` with its `inner` gaps filled between the finite values around them (see `device_distance`)."""
    n = d.shape[0]
    idx = np.arange(n)
    before = np.maximum.accumulate(np.where(ok, idx, 0))
    after = np.minimum.accumulate(np.where(ok, idx, n - 1)[::-1])[::-1]
    # the shape of the distance within the gap: time, or the integral of the device's speed
    shape = time_s
    if speed_m_s is not None:
        v = np.asarray(speed_m_s, dtype=np.float64)
        good = np.isfinite(v) & (v >= 0)
        if good.sum() >= 2:
            v = np.interp(time_s, time_s[good], v[good])
            shape = np.concatenate(([0.0], np.cumsum(np.diff(time_s) * (v[1:] + v[:-1]) * 0.5)))
    lo, hi = before[inner], after[inner]
    span = shape[hi] - shape[lo]
    span_t = time_s[hi] - time_s[lo]
    frac = np.where(
        span > 1e-9,
        (shape[inner] - shape[lo]) / np.where(span > 1e-9, span, 1.0),
        (time_s[inner] - time_s[lo]) / np.where(span_t > 0, span_t, 1.0),
    )
    out = d.copy()
    out[inner] = d[lo] + np.clip(frac, 0.0, 1.0) * (d[hi] - d[lo])
    return out


def interp_time(time_s: FloatArray, values: FloatArray) -> FloatArray:
    """NaNs filled by linear interpolation in time between finite neighbours (held at the ends)."""
    ok = np.isfinite(values)
    if ok.all() or not ok.any():
        return values.copy()
    return np.interp(time_s, time_s[ok], values[ok])


def local_xy(lat: FloatArray, lon: FloatArray) -> tuple[FloatArray, FloatArray]:
    """Positions as metres east and north of the track's mean point (equirectangular; for windows only)."""
    lat0 = np.radians(np.nanmean(lat))
    x = np.radians(lon - np.nanmean(lon)) * EARTH_RADIUS_M * np.cos(lat0)
    y = np.radians(lat - np.nanmean(lat)) * EARTH_RADIUS_M
    return x, y


def window_displacement_m(
    time_s: FloatArray, *coords: FloatArray, window_s: float = STOP_WINDOW_S
) -> FloatArray:
    """Straight-line displacement across the `window_s` window centred on each sample.

    `coords` are one cumulative distance or two planar coordinates (x, y), interpolated in time. The
    window is cut at the ends of the recording; the result is scaled up to a whole window.
    """
    half = window_s / 2
    lo = np.maximum(time_s - half, time_s[0])
    hi = np.minimum(time_s + half, time_s[-1])
    span = np.maximum(hi - lo, 1e-9)
    sq = np.zeros_like(time_s)
    for c in coords:
        sq += (np.interp(hi, time_s, c) - np.interp(lo, time_s, c)) ** 2
    return np.asarray(np.sqrt(sq) * np.minimum(window_s / span, 1e6), dtype=np.float64)


def still_samples(time_s: FloatArray, *coords: FloatArray) -> BoolArray:
    """Per sample: True when the track, across some window in STOP_WINDOWS_S centred on it, moved
    less than STOP_SPEED_M_S × the window (the short window finds the edges of a stop, the long ones
    see through GPS noise that wanders a few metres).
    """
    still = np.zeros(time_s.shape[0], dtype=np.bool_)
    if time_s.shape[0] < 2:
        return still
    for window in STOP_WINDOWS_S:
        still |= window_displacement_m(time_s, *coords, window_s=window) < STOP_SPEED_M_S * window
    return still


def standing_steps(time_s: FloatArray, still: BoolArray, step_m: FloatArray | None = None) -> BoolArray:
    """Per step (sample i-1 to i): True while standing still.

    A step is slow when both its ends are `still` (see `still_samples`) or, given `step_m`, its own
    speed is under STOP_SPEED_M_S. A run of slow steps lasting at least MIN_STOP_S is standing;
    shorter ones (a stumble, a glance at the watch) are not.
    """
    dt = np.diff(time_s)
    slow = still[1:] & still[:-1]
    if step_m is not None:
        slow |= step_m < STOP_SPEED_M_S * dt
    if not slow.any():
        return slow
    begins = slow & ~np.concatenate(([False], slow[:-1]))
    label = np.cumsum(begins) - 1
    duration = np.bincount(label[slow], weights=dt[slow])
    return np.asarray(slow & (duration[np.maximum(label, 0)] >= MIN_STOP_S), dtype=np.bool_)


def gps_distance(
    time_s: FloatArray, lat: FloatArray, lon: FloatArray, max_speed_m_s: float | None = None
) -> FloatArray:
    """Cumulative haversine distance along the positions, jitter while standing still removed.

    Samples without a position get their distance interpolated in time; steps whose ends are both
    standing still (see `window_displacement_m`) add nothing, nor does a jump faster than
    `max_speed_m_s` allows (with the GPS slack: see `plausible`, which keeps a track that goes on from
    elsewhere after a jump).
    """
    ok = np.isfinite(lat) & np.isfinite(lon)
    n = time_s.shape[0]
    if ok.sum() < 2:
        return np.zeros(n)
    t, la, lo = time_s[ok], lat[ok], lon[ok]
    steps = haversine_m(la[:-1], lo[:-1], la[1:], lo[1:])
    x, y = local_xy(la, lo)
    steps[standing_steps(t, still_samples(t, x, y), steps)] = 0.0
    if max_speed_m_s is not None:
        from progtempo.analysis.plausible import GPS_SLACK_M

        steps[steps > max_speed_m_s * np.diff(t) + GPS_SLACK_M] = 0.0
    cum = np.concatenate(([0.0], np.cumsum(steps)))
    return np.interp(time_s, t, cum)


def choose_distance(
    time_s: FloatArray,
    distance_m: FloatArray | None,
    lat: FloatArray | None,
    lon: FloatArray | None,
    speed_m_s: FloatArray | None = None,
    max_speed_m_s: float | None = None,
) -> tuple[FloatArray, DistanceSource]:
    """The cumulative distance stream and where it came from: the device's, else GPS, else none
    (`max_speed_m_s`: a GPS jump faster than that is not counted, see `gps_distance`)."""
    if distance_m is not None and np.isfinite(distance_m).any():
        d = device_distance(distance_m, time_s, speed_m_s)
        if d[-1] > 1.0 or lat is None or lon is None:
            return d, "device"
    if lat is not None and lon is not None and (np.isfinite(lat) & np.isfinite(lon)).sum() >= 2:
        return gps_distance(time_s, lat, lon, max_speed_m_s), "gps"
    return np.zeros_like(time_s), "none"


def merge_pauses(pauses: Sequence[tuple[float, float]]) -> list[tuple[float, float]]:
    """Timer pauses sorted, empty ones dropped, overlapping ones merged."""
    out: list[tuple[float, float]] = []
    for stop, start in sorted((float(a), float(b)) for a, b in pauses if b > a):
        if out and stop <= out[-1][1]:
            out[-1] = (out[-1][0], max(out[-1][1], start))
        else:
            out.append((stop, start))
    return out


def paused_before(time_s: FloatArray, pauses: Sequence[tuple[float, float]]) -> FloatArray:
    """Total timer-paused time before each moment in `time_s`."""
    merged = merge_pauses(pauses)
    if not merged:
        return np.zeros_like(time_s)
    edges = np.array(merged).ravel()  # stop0, start0, stop1, start1, ...
    lengths = edges[1::2] - edges[0::2]
    cum = np.concatenate(([0.0], np.cumsum(lengths)))
    values = np.empty_like(edges)
    values[0::2] = cum[:-1]
    values[1::2] = cum[1:]
    return np.interp(time_s, edges, values)


def moving_time(
    time_s: FloatArray,
    distance_m: FloatArray,
    pauses: Sequence[tuple[float, float]],
    standing: BoolArray | None = None,
) -> FloatArray:
    """Cumulative moving time per sample, from 0.

    A step's time counts as moving except: time inside a timer pause the device recorded; a gap
    longer than GAP_S with no samples in which the distance advanced at less than RUNNING_SHARE of
    the speed around it (the median of up to LOCAL_STEPS moving steps either side, else the run's),
    which counts only the time its distance takes at that speed (a gap covered at the pace around it
    is all moving: smart recording writes a point every few to 50 s, and a runner walking a hill
    walks the steps around the hole too); and, in files without timer pauses, steps standing still
    (`standing`).
    """
    n = time_s.shape[0]
    if n < 2:
        return np.zeros(n)
    dt = np.diff(time_s)
    dd = np.diff(distance_m)
    pb = paused_before(time_s, pauses)
    active = np.maximum(dt - np.diff(pb), 0.0)
    if standing is not None and not pauses:
        active[standing] = 0.0
    gap = active > GAP_S
    if gap.any():
        moved = (active > 0) & (dd > STOP_SPEED_M_S * active)
        v_ref = _median(dd[moved] / active[moved]) if moved.any() else 0.0
        if v_ref > 0:
            v_local = _local_speeds(np.flatnonzero(gap), active, dd, moved & ~gap, v_ref)
            # at least RUNNING_SHARE of the speed around it: running on (smart recording, a tunnel);
            # slower: a stop inside the hole, which moved only for the time its distance takes
            running = dd[gap] >= RUNNING_SHARE * v_local * active[gap]
            active[gap] = np.where(running, active[gap], np.minimum(active[gap], dd[gap] / v_local))
        else:
            active[gap] = np.where(dd[gap] > STOP_SPEED_M_S * active[gap], active[gap], 0.0)
    return np.concatenate(([0.0], np.cumsum(active)))


def _local_speeds(
    holes: npt.NDArray[np.intp], active: FloatArray, dd: FloatArray, moved: BoolArray, v_ref: float
) -> FloatArray:
    """Per hole (a step index), the median speed of up to LOCAL_STEPS moving steps before it and after
    it that are not holes themselves (`moved`), or `v_ref` when there are none."""
    idx = np.flatnonzero(moved)
    speed = dd[idx] / active[idx]
    out = np.full(holes.shape[0], v_ref)
    if idx.shape[0] == 0:
        return out
    at = np.searchsorted(idx, holes)
    for k, i in enumerate(at):
        near = speed[max(0, i - LOCAL_STEPS) : i + LOCAL_STEPS]
        if near.shape[0]:
            out[k] = _median(near)
    return out


def remove_spikes(time_s: FloatArray, altitude_m: FloatArray) -> tuple[FloatArray, int]:
    """Altitude with NaNs and spikes (far from the running median) interpolated over; and the spike count.

    Only samples near a jump can be spikes: a sample more than SPIKE_M from the median of the
    SPIKE_WINDOW samples around it differs by that much from one of them, so one of the ≤ 3 steps
    between them is longer than SPIKE_M / 3. The median is taken at those samples only.
    """
    ok = np.isfinite(altitude_m)
    a = altitude_m[ok]
    m = a.shape[0]
    spikes = np.zeros(m, dtype=np.bool_)
    half = SPIKE_WINDOW // 2
    if m >= SPIKE_WINDOW:
        jumps = np.abs(np.diff(a)) > SPIKE_M / half
        if jumps.any():
            c = np.concatenate(([0], np.cumsum(jumps)))
            i = np.arange(m)
            near = c[np.minimum(i + half, m - 1)] - c[np.maximum(i - half, 0)] > 0
            cand = np.flatnonzero(near)
            padded = np.concatenate((np.full(half, a[0]), a, np.full(half, a[-1])))
            windows = np.lib.stride_tricks.sliding_window_view(padded, SPIKE_WINDOW)[cand]
            med = np.partition(windows, half, axis=1)[:, half]
            spikes[cand] = np.abs(a[cand] - med) > SPIKE_M
    if ok.all() and not spikes.any():
        return altitude_m.astype(np.float64, copy=True), 0
    keep_t = time_s[ok][~spikes]
    if keep_t.shape[0] == 0:
        return altitude_m.copy(), 0
    return np.interp(time_s, keep_t, a[~spikes]), int(spikes.sum())


def _profile(distance_m: FloatArray, altitude_m: FloatArray) -> tuple[FloatArray, FloatArray]:
    """Altitude as a function of a non-decreasing distance: the first sample at each distinct distance."""
    keep = np.empty(distance_m.shape[0], dtype=np.bool_)
    keep[:1] = True
    np.greater(distance_m[1:], distance_m[:-1], out=keep[1:])
    return distance_m[keep], altitude_m[keep]


def _integral_at(d: FloatArray, a: FloatArray, x: FloatArray) -> FloatArray:
    """∫ altitude d(distance) from d[0] to x, altitude linear between the points of (d, a) (d increasing)."""
    steps = np.diff(d)
    cum = np.concatenate(([0.0], np.cumsum(steps * (a[:-1] + a[1:]) * 0.5)))
    slope = np.diff(a) / steps
    # the segment of each x: np.interp finds it faster than searchsorted on sorted queries
    k = np.interp(x, d, np.arange(d.shape[0], dtype=np.float64)).astype(np.intp)
    np.clip(k, 0, d.shape[0] - 2, out=k)
    u = x - d[k]
    return cum[k] + u * (a[k] + slope[k] * u * 0.5)


def smooth_by_distance(
    distance_m: FloatArray, altitude_m: FloatArray, half_m: float = SMOOTH_HALF_M
) -> FloatArray:
    """Altitude averaged over ±`half_m` of distance around each sample (a box in distance, not time).

    Samples at the same distance (standing still) get the same value; the window is cut at the ends.
    `distance_m` is non-decreasing.
    """
    d, a = _profile(distance_m, altitude_m)
    if d.shape[0] < 2:
        return altitude_m.copy()
    n = distance_m.shape[0]
    ends = np.concatenate((distance_m - half_m, distance_m + half_m))
    np.clip(ends, d[0], d[-1], out=ends)
    width = ends[n:] - ends[:n]
    integral = _integral_at(d, a, ends)
    mean = (integral[n:] - integral[:n]) / np.where(width > 0, width, 1.0)
    return np.where(width > 0, mean, altitude_m)


def _window_ends(d: FloatArray, at: FloatArray, half: FloatArray | float) -> tuple[FloatArray, FloatArray]:
    """Centred windows of ±`half` (at least GRADE_WINDOW_M wide) shifted inside [d[0], d[-1]]."""
    span = d[-1] - d[0]
    h = np.minimum(np.maximum(half, GRADE_WINDOW_M / 2), span / 2)
    lo = np.minimum(np.maximum(at - h, d[0]), d[-1] - 2 * h)
    return lo, lo + 2 * h


def grade_over(
    distance_m: FloatArray, altitude_m: FloatArray, at_m: FloatArray, half_m: FloatArray | float
) -> FloatArray:
    """Grade (fraction) at distances `at_m` over centred windows of ±`half_m` (at least GRADE_WINDOW_M
    wide, shifted inside the recording at its ends), clamped to ±MAX_GRADE.
    """
    return grades_at(distance_m, altitude_m, [(np.asarray(at_m, dtype=np.float64), half_m)])[0]


def grades_at(
    distance_m: FloatArray, altitude_m: FloatArray, queries: list[tuple[FloatArray, FloatArray | float]]
) -> list[FloatArray]:
    """`grade_over` for several (at_m, half_m) queries on one profile, with one interpolation."""
    d, a = _profile(distance_m, altitude_m)
    if d.shape[0] < 2 or d[-1] - d[0] < GRADE_WINDOW_M:
        return [np.zeros_like(at) for at, _ in queries]
    los, his = zip(*(_window_ends(d, at, half) for at, half in queries), strict=True)
    lo, hi = np.concatenate(los), np.concatenate(his)
    n = lo.shape[0]
    alt = np.interp(np.concatenate((lo, hi)), d, a)
    g = (alt[n:] - alt[:n]) / (hi - lo)
    np.clip(g, -MAX_GRADE, MAX_GRADE, out=g)
    sizes = np.cumsum([at.shape[0] for at, _ in queries])[:-1]
    return list(np.split(g, sizes))


def sample_grades(distance_m: FloatArray, altitude_m: FloatArray) -> FloatArray:
    """Grade at each sample over the smallest centred window spanning GRADE_WINDOW_M."""
    return grade_over(distance_m, altitude_m, distance_m, GRADE_WINDOW_M / 2)


def step_grades(distance_m: FloatArray, altitude_m: FloatArray) -> FloatArray:
    """Grade of each distance step (sample i-1 to i): over a window centred on the step, spanning the
    step itself or GRADE_WINDOW_M, whichever is longer.
    """
    mid = (distance_m[1:] + distance_m[:-1]) / 2
    half = np.diff(distance_m) / 2
    return grade_over(distance_m, altitude_m, mid, half)


def sample_and_step_grades(distance_m: FloatArray, altitude_m: FloatArray) -> tuple[FloatArray, FloatArray]:
    """`sample_grades` and `step_grades` together (one interpolation)."""
    mid = (distance_m[1:] + distance_m[:-1]) * 0.5
    half = np.diff(distance_m) * 0.5
    per_sample, per_step = grades_at(distance_m, altitude_m, [(distance_m, GRADE_WINDOW_M / 2), (mid, half)])
    return per_sample, per_step
