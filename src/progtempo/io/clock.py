"""Broken clocks: time gaps no runner takes, mended or dropped before anything is measured on them.

A watch's clock can jump: a phone app writes one record dated decades away (a Strava Android FIT
reported an elapsed time of 563066 hours), a watch resyncs to GPS time mid-run (a time zone, a GPS
week rollover of 19.6 years), a file holds records of another day. After sorting by time each shows as
a gap between two runs of records. A gap longer than `CLOCK_JUMP_S` is no pause a runner takes:

- a handful of records on the far side of it (under `STRAY_RECORDS` and under `STRAY_SHARE` of the
  file) are strays, dropped;
- a part after it whose distance carries on from where the part before it stopped is the same run
  with the clock moved on: it is moved back, so the gap lasts what its distance takes at the pace
  around it (at least one sampling interval);
- otherwise (the distance starts again, or there is none to tell) it is another recording in the
  same file: the longest part is kept and the others dropped.

Every change is said in a warning. A gap between `LONG_PAUSE_S` and `CLOCK_JUMP_S` that no timer
pause covers stays (it may be a long stop) but is named in a warning. The result never spans more
time than its records.
"""

from __future__ import annotations

import itertools
from dataclasses import replace
from datetime import timedelta

import numpy as np

from progtempo.activity import Activity, FloatArray, Lap

#: a gap between records longer than this (6 h) is a broken clock, not a pause
CLOCK_JUMP_S = 6 * 3600.0
#: a gap longer than this (1 h) with no timer pause around it is worth a warning
LONG_PAUSE_S = 3600.0
#: a part of at most this many records, and at most STRAY_SHARE of them, beyond a clock jump is strays
STRAY_RECORDS = 30
STRAY_SHARE = 0.02
#: the distance after a jump carries on from before it when it starts within this many metres of where
#: it stopped (plus what the runner covers in one sampling interval at 10 m/s)
CARRY_ON_M = 50.0
#: a clock that jumps more often than this is beyond mending (a damaged file): the longest part is kept
MAX_PARTS = 20


def fix_clock(activity: Activity) -> Activity:
    """`activity` with its broken clock mended (see the module doc); the same object when nothing was."""
    t = activity.time_s
    if t.shape[0] < 2:
        return activity
    gaps = np.flatnonzero(np.diff(t) > CLOCK_JUMP_S)
    if gaps.size == 0:
        _warn_long_pauses(activity)
        return activity
    bounds = [0, *(gaps + 1).tolist(), t.shape[0]]
    parts = list(itertools.pairwise(bounds))
    warnings: list[str] = []
    n = t.shape[0]
    if len(parts) > MAX_PARTS:  # pairing the parts is quadratic: no real clock jumps this often
        a, b = max(parts, key=lambda p: (float(t[p[1] - 1] - t[p[0]]), p[1] - p[0]))
        warnings.append(
            f"the clock jumps more than {_hours(CLOCK_JUMP_S)} {len(parts) - 1:,} times: a damaged file; "
            f"the longest part kept ({b - a:,} records), {n - (b - a):,} dropped"
        )
        return _rebuilt(activity, np.arange(a, b), np.zeros(n), warnings)
    strays = [p for p in parts if (p[1] - p[0]) <= STRAY_RECORDS and (p[1] - p[0]) <= STRAY_SHARE * n]
    if len(strays) == len(parts):
        strays = []
    keep = [p for p in parts if p not in strays]
    for a, b in strays:
        when = (activity.start_time + timedelta(seconds=float(t[a]))).strftime("%Y-%m-%d %H:%M")
        warnings.append(
            f"{b - a} record(s) dated {when} UTC, {_hours(_seconds_from(t, a, b, keep))} away from the "
            "rest: a broken clock; dropped"
        )
    # chain the kept parts where one carries on from another (whatever their dates), each chain one run
    follows: dict[
        int, tuple[int, float]
    ] = {}  # part index -> (the part it carries on from, the gap's length at the pace around it)
    for j, part in enumerate(keep):
        options = [(abs(g[1]), i, g[0]) for i, prev in enumerate(keep) if i != j
                   if (g := _carry_on(activity, prev, part)) is not None]  # fmt: skip
        if options:
            _, i, gap = min(options)
            if i not in [k for k, _ in follows.values()]:
                follows[j] = (i, gap)
    nxt = {i: j for j, (i, _) in follows.items()}
    shift = np.zeros(n)
    chains: list[list[int]] = []
    # heads first; then any parts left, which carry on from each other in a circle (a damaged file)
    heads = [j for j in range(len(keep)) if j not in follows]
    covered: set[int] = set()
    for head in [*heads, *range(len(keep))]:
        if head in covered:
            continue
        chain, seen = [head], {head}
        while chain[-1] in nxt and nxt[chain[-1]] not in seen and nxt[chain[-1]] not in covered:
            chain.append(nxt[chain[-1]])
            seen.add(chain[-1])
        covered |= seen
        chains.append(chain)
    for chain in chains:
        for i, j in itertools.pairwise(chain):
            prev, part = keep[i], keep[j]
            end_prev = float(t[prev[1] - 1] - shift[prev[1] - 1])
            jump = float(t[part[0]]) - (end_prev + follows[j][1])
            shift[part[0] : part[1]] = jump
            way = "ahead" if jump > 0 else "back"
            warnings.append(
                f"the clock jumps {_hours(jump)} {way} at {_clock(end_prev - float(t[keep[chain[0]][0]]))} "
                "into the run while the run carries on: a broken clock, not a pause; the times after it "
                "are put back in line"
            )

    def span(chain: list[int]) -> float:
        last = keep[chain[-1]][1] - 1
        return float(t[last] - shift[last] - t[keep[chain[0]][0]])

    chosen_chain = max(chains, key=span)
    chosen = [keep[j] for j in chosen_chain]
    for chain in chains:
        if chain is chosen_chain:
            continue
        a, b = keep[chain[0]][0], keep[chain[-1]][1]
        count = sum(keep[j][1] - keep[j][0] for j in chain)
        when = (activity.start_time + timedelta(seconds=float(t[a]))).strftime("%Y-%m-%d %H:%M")
        warnings.append(
            f"{count} records from {when} UTC lie more than {_hours(CLOCK_JUMP_S)} from the rest and don't "
            "carry on from it: another recording in the same file (or a broken clock); dropped, the "
            "longest part kept"
        )
    order = np.concatenate([np.arange(a, b) for a, b in chosen])
    return _rebuilt(activity, order, shift, warnings)


def _carry_on(activity: Activity, prev: tuple[int, int], part: tuple[int, int]) -> tuple[float, float] | None:
    """When `part` carries on from where `prev` stopped (by the device's distance, else by position):
    (how long the gap lasts at the pace before it, at least one sampling interval; the distance
    covered in it). Else None."""
    t = activity.time_s
    dt_typ = _typical_step(t)
    reach = CARRY_ON_M + 10.0 * dt_typ
    d = activity.distance_m
    i, j = _last_finite(d, prev), _first_finite(d, part)
    if d is not None and i is not None and j is not None:
        step = float(d[j] - d[i])
        if not -1.0 <= step <= reach:
            return None
        speed = _speed_near(t, d, i)
        return max(dt_typ, step / speed if speed > 0.5 and step > 0 else dt_typ), step
    lat, lon = activity.lat, activity.lon
    i, j = _last_finite(lat, prev), _first_finite(lat, part)
    if lat is None or lon is None or i is None or j is None:
        return None
    from progtempo.geo import haversine_m

    step = float(haversine_m(lat[i : i + 1], lon[i : i + 1], lat[j : j + 1], lon[j : j + 1])[0])
    return (dt_typ, step) if step <= reach else None


def _last_finite(x: FloatArray | None, part: tuple[int, int]) -> int | None:
    if x is None:
        return None
    ok = np.flatnonzero(np.isfinite(x[part[0] : part[1]]))
    return part[0] + int(ok[-1]) if ok.size else None


def _first_finite(x: FloatArray | None, part: tuple[int, int]) -> int | None:
    if x is None:
        return None
    ok = np.flatnonzero(np.isfinite(x[part[0] : part[1]]))
    return part[0] + int(ok[0]) if ok.size else None


def _typical_step(t: FloatArray) -> float:
    dt = np.diff(t)
    dt = dt[dt > 0]
    return float(np.median(dt)) if dt.size else 1.0


def _speed_near(t: FloatArray, d: FloatArray, i: int, span_s: float = 60.0) -> float:
    """Mean speed over the last `span_s` seconds up to sample `i` (device distance)."""
    lo = int(np.searchsorted(t, t[i] - span_s))
    seg_t, seg_d = t[lo : i + 1], d[lo : i + 1]
    ok = np.isfinite(seg_d)
    if ok.sum() < 2:
        return 0.0
    st, sd = seg_t[ok], seg_d[ok]
    return float((sd[-1] - sd[0]) / (st[-1] - st[0])) if st[-1] > st[0] else 0.0


def _seconds_from(t: FloatArray, a: int, b: int, keep: list[tuple[int, int]]) -> float:
    """How far (seconds) the records a:b lie from the nearest kept record."""
    if not keep:
        return 0.0
    kept = np.concatenate([t[x:y] for x, y in keep])
    return float(min(abs(kept.min() - t[b - 1]), abs(t[a] - kept.max())))


def _rebuilt(activity: Activity, order: np.ndarray, shift: FloatArray, warnings: list[str]) -> Activity:
    """The activity with only the records `order` (indices, in the mended time order), each moved by
    `shift`; laps and pauses moved with the records around them."""
    t_old = activity.time_s
    t_new = t_old[order] - shift[order]
    origin = float(t_new[0])
    by_old = np.argsort(t_old[order], kind="stable")
    kept_old = t_old[order][by_old]
    kept_shift = shift[order][by_old]

    def moved(x: float) -> float | None:
        """A time of the old clock on the new one, None when it falls in a dropped stretch."""
        i = int(np.searchsorted(kept_old, x, side="right")) - 1
        if i < 0:
            return 0.0 if kept_old[0] - x <= 1.0 else None
        if x - kept_old[i] > CLOCK_JUMP_S:
            return None
        return x - float(kept_shift[i]) - origin

    def col(x: FloatArray | None) -> FloatArray | None:
        return None if x is None else x[order]

    start = activity.start_time
    laps: list[Lap] = []
    for lap in activity.laps:
        begin = (lap.start_time - start).total_seconds()
        at = moved(begin)
        if at is None:
            continue
        end = moved(begin + lap.elapsed_s)
        elapsed = end - at if end is not None and end >= at else lap.elapsed_s
        laps.append(
            replace(
                lap, index=len(laps) + 1, start_time=start + timedelta(seconds=origin + at), elapsed_s=elapsed
            )
        )
    pauses = []
    for a, b in activity.pauses:
        ma, mb = moved(a), moved(b)
        if ma is not None and mb is not None and mb > ma:
            pauses.append((ma, mb))
    out = replace(
        activity,
        start_time=start + timedelta(seconds=origin),
        time_s=t_new - origin,
        distance_m=col(activity.distance_m),
        lat=col(activity.lat),
        lon=col(activity.lon),
        altitude_m=col(activity.altitude_m),
        heart_rate=col(activity.heart_rate),
        cadence=col(activity.cadence),
        power=col(activity.power),
        speed_m_s=col(activity.speed_m_s),
        laps=laps,
        pauses=pauses,
        warnings=[*activity.warnings, *warnings],
    )
    _warn_long_pauses(out)
    return out


def _warn_long_pauses(activity: Activity) -> None:
    """Name each gap longer than LONG_PAUSE_S that no timer pause covers."""
    t = activity.time_s
    dt = np.diff(t)
    for i in np.flatnonzero(dt > LONG_PAUSE_S).tolist():
        a, b = float(t[i]), float(t[i + 1])
        if any(stop <= a + 1.0 and start >= b - 1.0 for stop, start in activity.pauses):
            continue
        activity.warnings.append(
            f"no records for {_hours(b - a)} at {_clock(a)} into the run, and the timer was not "
            "stopped: a long stop, or the clock jumped; the elapsed time includes it"
        )


def _clock(seconds: float) -> str:
    from progtempo.units import format_duration

    return format_duration(seconds)


def _hours(seconds: float) -> str:
    """A long span in words: `563066 h`, `3 days 4 h`, `2:13:00`."""
    s = abs(seconds)
    if s >= 1000 * 3600:
        return f"{s / 3600:,.0f} h"
    if s >= 2 * 86400:
        days, rest = divmod(s, 86400)
        return f"{days:.0f} days {rest / 3600:.0f} h"
    return _clock(s)
