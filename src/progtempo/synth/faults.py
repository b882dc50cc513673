"""What real devices get wrong, made on demand: a broken clock, smart recording, GPS altitude.

Each takes a `SynthRun` and gives one recorded as such a device would record it; the exact answers stay
those of the run, so a test can check that the analysis sees through the fault.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import replace as replace_dataclass

import numpy as np

from progtempo.activity import FloatArray
from progtempo.synth.runs import SynthRun


def broken_clock(
    run: SynthRun,
    *,
    jumps: Sequence[tuple[float, float]] = (),
    strays: Sequence[tuple[int, float]] = (),
) -> SynthRun:
    """The run as a device with a broken clock records it: each `(at_s, jump_s)` in `jumps` moves the
    time of every sample from elapsed `at_s` on by `jump_s` seconds (a resync to GPS or to a time zone),
    each `(index, offset_s)` in `strays` moves that one sample by `offset_s` (a phone app's record dated
    decades away). Laps, pauses and the exact answers keep the true clock, as the device's own
    accounting does. Offsets are whole seconds, so FIT files keep every sample."""
    t = run.elapsed_s.copy()
    for at, jump in jumps:
        t[run.elapsed_s >= at] += jump
    for index, offset in strays:
        t[index] += offset
    activity = replace_dataclass(run.activity, time_s=t)
    return replace_dataclass(run, elapsed_s=t, activity=activity)


def smart_recording(
    run: SynthRun, *, gap_s: tuple[float, float] = (1.0, 50.0), distance_dropout: float = 0.0, seed: int = 0
) -> SynthRun:
    """The run as a watch with "smart" recording logs it: a point every `gap_s` seconds (drawn
    uniformly, whole seconds, the first and last points kept), and, with `distance_dropout`, that share
    of the points without a distance (as the Suunto sample has). The exact answers stay those of the
    run; leg ends no longer fall on a point, so splits across a pace change are interpolated."""
    rng = np.random.default_rng(seed)
    t = run.elapsed_s
    keep = [0]
    lo, hi = gap_s
    while True:
        nxt = t[keep[-1]] + float(np.round(rng.uniform(lo, hi)))
        i = int(np.searchsorted(t, nxt - 1e-9))
        if i >= t.shape[0] - 1:
            break
        keep.append(i)
    keep.append(t.shape[0] - 1)
    idx = np.asarray(keep, dtype=np.intp)
    a = run.activity

    def sub(x: FloatArray | None) -> FloatArray | None:
        return None if x is None else x[idx].copy()

    distance = sub(a.distance_m)
    if distance is not None and distance_dropout > 0:
        drop = np.asarray(rng.random(idx.shape[0]) < distance_dropout, dtype=np.bool_)
        drop[[0, -1]] = False
        distance[drop] = np.nan
    activity = replace_dataclass(
        a, time_s=t[idx], distance_m=distance, lat=sub(a.lat), lon=sub(a.lon), altitude_m=sub(a.altitude_m),
        heart_rate=sub(a.heart_rate), cadence=sub(a.cadence), power=sub(a.power), speed_m_s=sub(a.speed_m_s),
    )  # fmt: skip
    return replace_dataclass(
        run, activity=activity, elapsed_s=t[idx], moving_s=run.moving_s[idx],
        true_distance_m=run.true_distance_m[idx], true_altitude_m=run.true_altitude_m[idx],
    )  # fmt: skip


def gps_altitude(
    run: SynthRun,
    *,
    sigma_m: float = 3.0,
    corr_s: float = 60.0,
    quantum_m: float = 1.0,
    start_hump_m: float = 0.0,
    spikes: int = 0,
    seed: int = 0,
) -> SynthRun:
    """The run with the altitude a watch without a barometer records: the true altitude plus a wandering
    error (standard deviation `sigma_m`, correlated over `corr_s` seconds), rounded to `quantum_m`; with
    `start_hump_m`, the first fix's error that climbs that much over the first 80 s and drops back in
    15 s (as the Forerunner 410 sample does); and `spikes` single-sample jumps of 15-40 m. The exact
    answers stay those of the true profile."""
    rng = np.random.default_rng(seed)
    a = run.activity
    t = a.time_s
    n = t.shape[0]
    err = np.zeros(n)
    if sigma_m > 0 and n:
        keep = np.exp(-np.diff(t, prepend=t[0]) / corr_s)  # an Ornstein-Uhlenbeck process, sampled at t
        shocks = rng.normal(0.0, sigma_m, n) * np.sqrt(1.0 - keep**2)
        err[0] = rng.normal(0.0, sigma_m)
        for i in range(1, n):
            err[i] = keep[i] * err[i - 1] + shocks[i]
    if start_hump_m:
        err += start_hump_m * np.interp(t, [0.0, 10.0, 90.0, 105.0], [0.0, 0.0, 1.0, 0.0])
    if spikes and n > 2:
        at = rng.choice(np.arange(1, n - 1), size=min(spikes, n - 2), replace=False)
        err[at] += rng.choice([-1.0, 1.0], at.size) * rng.uniform(15.0, 40.0, at.size)
    alt = run.true_altitude_m + err
    if quantum_m > 0:
        alt = np.round(alt / quantum_m) * quantum_m
    activity = replace_dataclass(a, altitude_m=alt, altitude_source="gps")
    return replace_dataclass(run, activity=activity, barometric=False)
