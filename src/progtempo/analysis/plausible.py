"""Physically impossible values, dropped before they can become a number: the first step of `analyze`.

A reader keeps what the file says; a damaged file (a flipped bit, a field the device never filled, a
clock that was never set) says impossible things. These are not measurements, so they are dropped
(made missing, NaN) and counted in one warning:

- records timed before 1990 (no GPS watch recorded then) or after `not_after` (the future);
- heart rates outside 25-250 bpm (0 is a strap that lost contact: missing, but not counted);
- speeds over the fastest plausible speed for the sport (`max_speed_m_s`: 12 m/s running), negative
  speeds, cadence over 400 per minute, power over 4,000 W, altitude below -500 m or above 9,000 m,
  latitudes and longitudes out of range (and 0°, 0°, where receivers put "no fix");
- a distance or a position that jumps further from its neighbours than that speed allows: a short
  stretch out of reach of the rest (a spike, a counter that leapt for a moment, a fix frozen far away)
  is dropped; a long stretch that moves on its own after the jump is kept, and the jump itself adds no
  distance (a GPS that re-acquired a few tens of metres off, a counter that restarted, tracks of one
  file recorded in different places): one wrong step never costs the rest of the run. A distance
  missing before the last reading (dropped, or never there) is interpolated in time between the
  readings around it (from 0 at the first record), so the distance is not run in the one step where it
  shows again;
- device laps whose distance or times are impossible (negative, or faster than that speed) lose them.

Pure: the caller's Activity is not changed; a cleaned copy is returned.
"""

from __future__ import annotations

import dataclasses
import datetime as dt
from collections.abc import Callable

import numpy as np
import numpy.typing as npt

from progtempo.activity import FOOT_SPORTS, Activity, FloatArray, Lap
from progtempo.errors import ActivityReadError
from progtempo.geo import haversine_m

BoolArray = npt.NDArray[np.bool_]
IntArray = npt.NDArray[np.intp]

#: The fastest speed a recording of each sport family can show, m/s (running: over 12 m/s is not a run).
FOOT_MAX_SPEED_M_S = 12.0
WHEEL_MAX_SPEED_M_S = 35.0
SWIM_MAX_SPEED_M_S = 5.0
#: Nothing recorded before this instant is real (the first GPS sports watches came later).
EARLIEST = dt.datetime(1990, 1, 1, tzinfo=dt.UTC)
HR_RANGE_BPM = (25.0, 250.0)
CADENCE_MAX = 400.0
POWER_MAX_W = 4000.0
ALTITUDE_RANGE_M = (-500.0, 9000.0)
#: What a distance counter (SLACK_M) or a GPS fix (GPS_SLACK_M) may be off by, on top of the speed limit.
SLACK_M = 10.0
GPS_SLACK_M = 30.0
#: A stretch out of reach of the rest is a spike unless it is this long (points and seconds) and moves:
#: then it is the track going on from elsewhere, kept, with the jump into it not counted.
LONG_POINTS = 10
LONG_S = 10.0


def max_speed_m_s(sport: str) -> float:
    """The fastest plausible speed for `sport`: 12 m/s on foot, 5 m/s swimming, 35 m/s otherwise
    (cycling, and a file that doesn't say: a ride with no sport must keep its descents)."""
    if sport in FOOT_SPORTS:
        return FOOT_MAX_SPEED_M_S
    if sport in ("swimming", "open_water", "lap_swimming"):
        return SWIM_MAX_SPEED_M_S
    return WHEEL_MAX_SPEED_M_S


def drop_impossible(
    activity: Activity, *, not_after: dt.datetime | None = None
) -> tuple[Activity, list[str]]:
    """A copy of `activity` with its impossible values made missing, and the warning counting them.

    Raises ActivityReadError when no record has a plausible time.
    """
    counts: dict[str, int] = {}
    a = _drop_records(activity, not_after, counts)
    vmax = max_speed_m_s(a.sport)
    t = a.time_s
    streams: dict[str, FloatArray | None] = {}
    streams["heart_rate"] = _out_of_range(a.heart_rate, *HR_RANGE_BPM, counts, "heart rates", zero_ok=True)
    streams["cadence"] = _out_of_range(a.cadence, 0.0, CADENCE_MAX, counts, "cadences")
    streams["power"] = _out_of_range(a.power, 0.0, POWER_MAX_W, counts, "powers")
    streams["altitude_m"] = _out_of_range(a.altitude_m, *ALTITUDE_RANGE_M, counts, "altitudes")
    streams["speed_m_s"] = _out_of_range(a.speed_m_s, 0.0, vmax, counts, "speeds")
    jumps: dict[str, list[float]] = {}
    streams["lat"], streams["lon"] = _positions(t, a.lat, a.lon, vmax, counts, jumps)
    streams["distance_m"] = _distance(t, a.distance_m, vmax, counts, jumps)
    laps = [_lap(lap, vmax, counts) for lap in a.laps]
    changed = {k: v for k, v in streams.items() if v is not getattr(a, k)}
    if changed or laps != a.laps:
        a = dataclasses.replace(a, **changed, laps=laps)  # type: ignore[arg-type]
    notes = [_jump_note(what, sizes) for what, sizes in jumps.items() if sizes]
    if not counts:
        return a, notes
    parts = [f"{n:,} {what}" for what, n in counts.items()]
    return a, [f"dropped impossible values (a damaged file or sensor): {', '.join(parts)}", *notes]


def _jump_note(what: str, sizes: list[float]) -> str:
    n = len(sizes)
    size = f"{sizes[0]:,.0f} m" if n == 1 else f"{min(sizes):,.0f} to {max(sizes):,.0f} m"
    return (
        f"{n:,} {what} jump{'s' if n > 1 else ''} of {size}, faster than the sport allows, not counted in "
        "the distance (the track went on from there)"
    )


def _drop_records(a: Activity, not_after: dt.datetime | None, counts: dict[str, int]) -> Activity:
    """Records with no time, or timed before 1990 or after `not_after`, removed (the rest re-based)."""
    t = np.asarray(a.time_s, dtype=np.float64)
    start = a.start_time if a.start_time.tzinfo else a.start_time.replace(tzinfo=dt.UTC)
    base = start.timestamp()
    lo = EARLIEST.timestamp() - base
    hi = (not_after.timestamp() - base) if not_after is not None else np.inf
    keep = np.isfinite(t) & (t >= lo) & (t <= hi)
    if keep.all():
        return a
    n_bad = int((~keep).sum())
    if not keep.any() or int(keep.sum()) < 2:
        when = "before 1990" if not_after is None else f"before 1990 or after {not_after:%Y-%m-%d}"
        raise ActivityReadError(
            a.source or "activity",
            f"{n_bad:,} of {t.shape[0]:,} records are timed {when}: the device's clock was not set, "
            "or the file is damaged",
        )
    counts["records timed before 1990 or in the future"] = n_bad
    first = float(t[keep][0])

    def cut(x: FloatArray | None) -> FloatArray | None:
        return None if x is None else np.asarray(x)[keep]

    return dataclasses.replace(
        a,
        start_time=start + dt.timedelta(seconds=first),
        time_s=t[keep] - first,
        distance_m=cut(a.distance_m),
        lat=cut(a.lat),
        lon=cut(a.lon),
        altitude_m=cut(a.altitude_m),
        heart_rate=cut(a.heart_rate),
        cadence=cut(a.cadence),
        power=cut(a.power),
        speed_m_s=cut(a.speed_m_s),
        pauses=[(p0 - first, p1 - first) for p0, p1 in a.pauses],
    )


def _out_of_range(
    x: FloatArray | None, lo: float, hi: float, counts: dict[str, int], what: str, zero_ok: bool = False
) -> FloatArray | None:
    """`x` with values outside [lo, hi] as NaN (infinities too); counted unless they are 0 and `zero_ok`."""
    if x is None:
        return None
    x = np.asarray(x, dtype=np.float64)
    with np.errstate(invalid="ignore"):
        bad = ~((x >= lo) & (x <= hi)) & ~np.isnan(x)
    if not bad.any():
        return x
    n = int((bad & (x != 0)).sum()) if zero_ok else int(bad.sum())
    if n:
        counts[what] = counts.get(what, 0) + n
    out = x.copy()
    out[bad] = np.nan
    return out


def _positions(
    t: FloatArray,
    lat: FloatArray | None,
    lon: FloatArray | None,
    vmax: float,
    counts: dict[str, int],
    jumps: dict[str, list[float]],
) -> tuple[FloatArray | None, FloatArray | None]:
    """Positions out of range, at (0, 0), or in a short stretch out of reach of the rest of the track,
    made missing; the jumps kept (into a long stretch) are listed in `jumps["GPS"]`, in metres."""
    if lat is None or lon is None:
        return lat, lon
    la, lo = np.asarray(lat, dtype=np.float64), np.asarray(lon, dtype=np.float64)
    with np.errstate(invalid="ignore"):
        bad = ~((np.abs(la) <= 90) & (np.abs(lo) <= 180)) | ((la == 0) & (lo == 0))
    bad &= ~(np.isnan(la) & np.isnan(lo))
    if bad.any():
        counts["positions"] = int(bad.sum())
        la, lo = la.copy(), lo.copy()
        la[bad] = lo[bad] = np.nan
    ok = np.flatnonzero(np.isfinite(la) & np.isfinite(lo))
    if ok.shape[0] < 2:
        return la, lo
    tt, pa, po = t[ok], la[ok], lo[ok]

    def gap_m(i: IntArray, j: IntArray) -> FloatArray:
        return haversine_m(pa[i], po[i], pa[j], po[j])

    def reachable(i: IntArray, j: IntArray) -> BoolArray:
        return np.asarray(gap_m(i, j) <= vmax * np.abs(tt[j] - tt[i]) + GPS_SLACK_M, dtype=np.bool_)

    def long(a: int, b: int) -> bool:
        return _long(tt, a, b) and bool(gap_m(np.arange(a, b - 1), np.arange(a + 1, b)).sum() > GPS_SLACK_M)

    keep = _consistent(ok.shape[0], reachable, long)
    kept = np.flatnonzero(keep)
    steps = gap_m(kept[:-1], kept[1:])
    jumped = ~reachable(kept[:-1], kept[1:])
    jumps["GPS"] = steps[jumped].tolist()
    along = np.concatenate(([0.0], np.cumsum(np.where(jumped, 0.0, steps))))
    keep[kept[_too_fast(tt[kept], along, vmax, GPS_SLACK_M)]] = False
    if keep.all():
        return la, lo
    drop = ok[~keep]
    counts["positions"] = counts.get("positions", 0) + int(drop.shape[0])
    la, lo = la.copy(), lo.copy()
    la[drop] = lo[drop] = np.nan
    return la, lo


def _distance(
    t: FloatArray, d: FloatArray | None, vmax: float, counts: dict[str, int], jumps: dict[str, list[float]]
) -> FloatArray | None:
    """A cumulative distance with negative values, and short stretches out of reach of the rest, made
    missing; after a jump into a long stretch the counter goes on from where it was (the jump, listed
    in `jumps["distance counter"]`, adds nothing); a counter that starts further than it could have run
    since the first record counts from there."""
    if d is None:
        return None
    x = np.asarray(d, dtype=np.float64)
    with np.errstate(invalid="ignore"):
        bad = (x < 0) | np.isinf(x)
    ok = np.flatnonzero(np.isfinite(x) & ~bad)
    if ok.shape[0] >= 2:
        tt, v = t[ok], x[ok]

        def reachable(i: IntArray, j: IntArray) -> BoolArray:
            step = v[j] - v[i]
            return np.asarray(
                (step >= -SLACK_M) & (step <= vmax * np.abs(tt[j] - tt[i]) + SLACK_M), dtype=np.bool_
            )

        def long(a: int, b: int) -> bool:
            return _long(tt, a, b) and bool(v[b - 1] - v[a] > SLACK_M)

        keep = _consistent(ok.shape[0], reachable, long)
        kept = np.flatnonzero(keep)
        jumped = ~reachable(kept[:-1], kept[1:])
        if jumped.any():
            v = _counter_jumps(tt[kept], v, kept, jumped, vmax, jumps)
            x = x.copy()
            x[ok] = v
        keep[kept[_too_fast(tt[kept], v[kept], vmax, SLACK_M)]] = False
        bad[ok[~keep]] = True
    n = int(bad.sum())
    if n:
        counts["distances"] = n
        x = x.copy()
        x[bad] = np.nan
    ok = np.flatnonzero(np.isfinite(x))
    if ok.shape[0] and x[ok[0]] > vmax * (t[ok[0]] - t[0]) + SLACK_M:
        counts["a distance counter that did not start at 0"] = 1
        x = x - x[ok[0]]
    return _fill_gaps(t, x)


def _counter_jumps(
    t: FloatArray,
    v: FloatArray,
    kept: IntArray,
    jumped: BoolArray,
    vmax: float,
    jumps: dict[str, list[float]],
) -> FloatArray:
    """`v` with the counter's jumps into long stretches (`jumped`, the steps between `kept` points at
    times `t`) taken out, except a leap forward that the whole run could have covered by then (a
    counter catching up after it lost its signal: that distance was run, and `_too_fast` spreads it)."""
    steps = np.diff(v[kept])
    start = float(v[kept[0]])
    out = v.copy()
    removed = 0.0
    for j in np.flatnonzero(jumped).tolist():
        after = float(v[kept[j + 1]]) - removed
        if steps[j] > 0 and after - start <= vmax * float(t[j + 1] - t[0]) + SLACK_M:
            continue
        removed += float(steps[j])
        jumps.setdefault("distance counter", []).append(abs(float(steps[j])))
        out[kept[j + 1 :]] -= float(steps[j])
    return out


def _fill_gaps(t: FloatArray, x: FloatArray) -> FloatArray:
    """A cumulative distance with its missing readings before the last one filled, linearly in time
    from 0 at the first record: the distance between two readings was run over the time between them,
    not in the step where it shows again (what a forward fill would make of it: a split in no time)."""
    ok = np.isfinite(x)
    if ok.all() or not ok.any():
        return x
    good = np.flatnonzero(ok)
    fill = np.flatnonzero(~ok)
    fill = fill[fill < good[-1]]
    if not fill.shape[0]:
        return x
    tk, xk = t[good], x[good]
    if good[0] > 0:
        tk, xk = np.concatenate(([t[0]], tk)), np.concatenate(([0.0], xk))
    out = x.copy()
    out[fill] = np.interp(t[fill], tk, xk)
    return out


def _too_fast(t: FloatArray, d: FloatArray, vmax: float, slack_m: float) -> BoolArray:
    """Points of a cumulative distance `d` further along than `vmax` allows from any earlier point
    (by more than `slack_m`), or further back than the furthest point before them."""
    ahead = np.maximum.accumulate(vmax * t - d) - (vmax * t - d)
    behind = np.maximum.accumulate(d) - d
    return np.asarray((ahead > slack_m) | (behind > slack_m), dtype=np.bool_)


def _long(t: FloatArray, a: int, b: int) -> bool:
    """Whether points a..b-1 are a long stretch: LONG_POINTS or more over LONG_S or more."""
    return b - a >= LONG_POINTS and float(t[b - 1] - t[a]) >= LONG_S


def _consistent(
    n: int, reachable: Callable[[IntArray, IntArray], BoolArray], long: Callable[[int, int], bool]
) -> BoolArray:
    """Which of `n` points to keep: the longest stretch of points each reachable from the one before,
    then, going out from it both ways, each stretch whose first point is reachable from one of the last
    LOOKBACK points kept (the kept points after that one are dropped when the stretch is longer: a fix
    that went stale in a stop is the odd one out, not the run that follows it), and each stretch that
    is `long(start, end)` even when it is out of reach (the track went on from elsewhere). Short
    stretches out of reach are spikes, dropped."""
    idx = np.arange(n - 1)
    step_ok = reachable(idx, idx + 1)
    keep = np.ones(n, dtype=np.bool_)
    if step_ok.all():
        return keep
    cuts = np.flatnonzero(~step_ok) + 1
    starts = np.concatenate(([0], cuts)).tolist()
    ends = np.concatenate((cuts, [n])).tolist()  # exclusive
    best = int(np.argmax(np.asarray(ends) - np.asarray(starts)))
    keep[:] = False
    keep[starts[best] : ends[best]] = True
    kept = list(range(max(starts[best], ends[best] - LOOKBACK), ends[best]))  # the last kept, in order
    for k in range(best + 1, len(starts)):
        a, b = starts[k], ends[k]
        back = _reach_back(kept, a, reachable, forward=True)
        if back is not None and back < b - a:
            keep[kept[len(kept) - back :]] = False
            keep[a:b] = True
            kept = ([*kept[: len(kept) - back], *range(a, b)])[-LOOKBACK:]
        elif long(a, b):
            keep[a:b] = True
            kept = list(range(max(a, b - LOOKBACK), b))
    kept = list(range(starts[best], min(ends[best], starts[best] + LOOKBACK)))  # the first kept, in order
    for k in range(best - 1, -1, -1):
        a, b = starts[k], ends[k]
        back = _reach_back(kept[::-1], b - 1, reachable, forward=False)
        if back is not None and back < b - a:
            keep[kept[:back]] = False
            keep[a:b] = True
            kept = ([*range(a, b), *kept[back:]])[:LOOKBACK]
        elif long(a, b):
            keep[a:b] = True
            kept = list(range(a, min(b, a + LOOKBACK)))
    return keep


#: How many kept points a stretch may reach back past (dropping them) to join the kept track.
LOOKBACK = 5


def _reach_back(
    kept: list[int], point: int, reachable: Callable[[IntArray, IntArray], BoolArray], *, forward: bool
) -> int | None:
    """How many of the last `kept` points (nearest last) must go for `point` to be reachable from the
    one before them (forward), or to reach it (backward); None when none of them will do."""
    for back in range(len(kept)):
        other = np.array([kept[len(kept) - 1 - back]])
        here = np.array([point])
        if (reachable(other, here) if forward else reachable(here, other))[0]:
            return back
    return None


def _lap(lap: Lap, vmax: float, counts: dict[str, int]) -> Lap:
    """A device lap without the figures that can't be true (negative, not finite, or too fast)."""
    elapsed = lap.elapsed_s if _plain(lap.elapsed_s) else None
    timer = lap.timer_s if lap.timer_s is None or _plain(lap.timer_s) else None
    dist = lap.distance_m if lap.distance_m is None or _plain(lap.distance_m) else None
    if dist is not None and dist > vmax * max(elapsed or 0.0, timer or 0.0) + SLACK_M:
        dist = None
    if (elapsed, timer, dist) == (lap.elapsed_s, lap.timer_s, lap.distance_m):
        return lap
    counts["lap figures"] = counts.get("lap figures", 0) + 1
    return dataclasses.replace(
        lap, elapsed_s=elapsed if elapsed is not None else 0.0, timer_s=timer, distance_m=dist
    )


def _plain(x: float) -> bool:
    return bool(np.isfinite(x)) and x >= 0


def moving_floor(time_s: FloatArray, distance_m: FloatArray, moving_s: FloatArray, vmax: float) -> FloatArray:
    """Cumulative moving time in which no step is faster than `vmax`: a step that gained distance while
    counted as paused or standing (a damaged clock, a timer paused on the move) gets the time that
    distance takes at `vmax` (never more than the step's own time), so no split is run in no time."""
    if moving_s.shape[0] < 2:
        return moving_s
    dm = np.diff(moving_s)
    need = np.minimum(np.maximum(np.diff(distance_m), 0.0) / vmax, np.diff(time_s))
    if not (dm < need).any():
        return moving_s
    return np.concatenate(([0.0], np.cumsum(np.maximum(dm, need))))
