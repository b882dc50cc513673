"""Synthetic heart rate with a known answer: linear in speed, or bending at a known speed.

A progressive tempo run is a field step test (like Conconi's): equal steps of rising speed with heart rate
recorded. To test the fitness estimate we need runs whose heart rate bends at a speed we chose, and runs
whose heart rate stays linear, with the lag, drift and noise of a real chest strap:

- steady state: `base + slope * v` up to `bend_speed_m_s`, then `slope_after_bend` times as steep above
  it (a Conconi deflection flattens: < 1); capped at `max_bpm`;
- effort: the speed that counts is the grade-adjusted one (uphill costs more), as Strava's GAP models it;
- lag: heart rate follows the steady state of the current speed with a first-order time constant `tau_s`
  (about 30 s at the onset of moderate exercise), and falls back towards `rest_bpm` during a pause;
- cardiac drift: `drift_bpm_per_h` added in proportion to moving time;
- above the bend the heart rate keeps climbing while the speed is held (the slow component of a pace
  that is not sustainable): `creep_bpm_per_min_per_m_s` per minute for each m/s above the bend, fading
  (over a minute) once the speed drops below it again;
- noise: Gaussian, `noise_bpm` per sample (seeded), rounded to whole bpm as a watch records it.

`with_heart(run, model)` replaces a generated run's heart-rate stream; `step_test(...)` makes a whole
step test. The legs' own `hr_bpm` (and so `SynthRun.expected_splits`' heart rates) are not changed.
"""

from __future__ import annotations

import math
from collections.abc import Sequence
from dataclasses import dataclass, replace
from datetime import datetime

import numpy as np

from progtempo.activity import FloatArray
from progtempo.synth.runs import DEFAULT_START, Leg, SynthRun, make_run


@dataclass(frozen=True)
class HeartModel:
    """How a synthetic runner's heart answers speed (see the module doc)."""

    base_bpm: float = 40.0
    slope_bpm_per_m_s: float = 38.0
    bend_speed_m_s: float | None = None
    slope_after_bend: float = 0.35
    rest_bpm: float = 55.0
    max_bpm: float = 195.0
    tau_s: float = 30.0
    drift_bpm_per_h: float = 0.0
    noise_bpm: float = 0.0
    creep_bpm_per_min_per_m_s: float = 0.0

    def steady_bpm(self, speed_m_s: FloatArray) -> FloatArray:
        """The heart rate the runner settles at after a few minutes at each speed (no drift, no noise)."""
        v = np.asarray(speed_m_s, dtype=np.float64)
        if self.bend_speed_m_s is None:
            hr = self.base_bpm + self.slope_bpm_per_m_s * v
        else:
            below = np.minimum(v, self.bend_speed_m_s)
            above = np.maximum(v - self.bend_speed_m_s, 0.0)
            hr = self.base_bpm + self.slope_bpm_per_m_s * (below + self.slope_after_bend * above)
        return np.asarray(np.minimum(hr, self.max_bpm), dtype=np.float64)

    def bend_hr_bpm(self) -> float | None:
        """The steady heart rate at the bend (the threshold heart rate of this runner), None if linear."""
        if self.bend_speed_m_s is None:
            return None
        return float(self.steady_bpm(np.array([self.bend_speed_m_s]))[0])


def heart_stream(
    elapsed_s: FloatArray, moving_s: FloatArray, speed_m_s: FloatArray, model: HeartModel, seed: int = 0
) -> FloatArray:
    """Heart rate at each sample: first-order lag towards the steady state, drift, noise, whole bpm."""
    n = elapsed_s.shape[0]
    target = model.steady_bpm(speed_m_s) + model.drift_bpm_per_h * moving_s / 3600.0
    above = np.maximum(speed_m_s - model.bend_speed_m_s, 0.0) if model.bend_speed_m_s else np.zeros(n)
    hr = np.empty(n)
    level = model.rest_bpm + 0.5 * (target[0] - model.rest_bpm) if n else 0.0
    creep = 0.0
    for i in range(n):
        if i:
            moved = moving_s[i] - moving_s[i - 1]
            stopped = (elapsed_s[i] - elapsed_s[i - 1]) - moved
            if stopped > 0:  # a pause: the heart falls back towards rest
                level = model.rest_bpm + (level - model.rest_bpm) * math.exp(-stopped / (2 * model.tau_s))
            level += (target[i] - level) * (1.0 - math.exp(-moved / model.tau_s))
            if above[i] > 0:
                creep += model.creep_bpm_per_min_per_m_s * above[i] * moved / 60.0
            else:
                creep *= math.exp(-moved / 60.0)
        hr[i] = level + creep
    if model.noise_bpm > 0:
        hr = hr + np.random.default_rng(seed).normal(0.0, model.noise_bpm, n)
    return np.asarray(np.round(np.clip(hr, model.rest_bpm - 10, model.max_bpm + 5)), dtype=np.float64)


def with_heart(run: SynthRun, model: HeartModel, seed: int = 0) -> SynthRun:
    """The same run with its heart-rate stream made by `model` (positions, distance and time unchanged)."""
    from progtempo.analysis.gap import gap_factor

    a = run.activity
    # the heart answers the effort: the speed on the flat that costs the same (GAP), not the ground speed
    effort = np.array([leg.speed_m_s for leg in run.legs]) * gap_factor([leg.grade for leg in run.legs])
    leg_of = np.searchsorted(run.leg_bounds_moving_s, run.moving_s, side="right") - 1
    speed = effort[np.clip(leg_of, 0, len(run.legs) - 1)]
    hr = heart_stream(run.elapsed_s, run.moving_s, speed, model, seed)
    out = replace(run)
    out.activity = replace(a, heart_rate=hr)
    return out


def step_test(
    paces_s_per_km: Sequence[float],
    level_m: float,
    model: HeartModel,
    *,
    warmup_m: float = 1609.344,
    cooldown_m: float = 0.0,
    grades: Sequence[float] | None = None,
    start_time: datetime = DEFAULT_START,
    seed: int = 0,
    gps_noise_m: float = 0.0,
    name: str | None = "synthetic step test",
) -> SynthRun:
    """A progressive run of equal levels at `paces_s_per_km` (GAP, flat by default), with `model`'s heart.

    On a grade the pace on the ground is the level's GAP slowed (or sped) by the Strava factor, so each
    level's GAP is exactly the pace given. The warm-up and cool-down jog 10 % slower than the first level.
    """
    from progtempo.analysis.gap import gap_factor

    grades = list(grades) if grades is not None else [0.0] * len(paces_s_per_km)
    legs = []
    for pace, grade in zip(paces_s_per_km, grades, strict=True):
        factor = float(gap_factor(np.array([grade]))[0])
        legs.append(Leg(level_m, pace * factor, grade=grade))
    easy = paces_s_per_km[0] * 1.1
    run = make_run(
        legs,
        warmup=Leg(warmup_m, easy) if warmup_m > 0 else None,
        cooldown=Leg(cooldown_m, easy) if cooldown_m > 0 else None,
        start_time=start_time,
        seed=seed,
        gps_noise_m=gps_noise_m,
        name=name,
    )
    return with_heart(run, model, seed)


__all__ = ["HeartModel", "heart_stream", "step_test", "with_heart"]
