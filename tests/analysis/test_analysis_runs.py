"""A tiny exact run builder for the analysis tests (piecewise-linear legs, samples at every corner).

`progtempo.synth` is the project's generator for files; this builds Activity arrays directly, with the
corner of every leg as a sample, so that linear interpolation between samples is exact and the true
time at any distance is known in closed form.
"""

from __future__ import annotations

import math
from dataclasses import dataclass
from datetime import UTC, datetime

import numpy as np

from progtempo.activity import Activity

R = 6371008.8
START = datetime(2026, 3, 1, 8, 0, 0, tzinfo=UTC)


@dataclass(frozen=True)
class L:
    """A leg: `distance_m` at `pace_s_per_km` (0 distance + `stand_s`: standing still), grade, HR."""

    distance_m: float
    pace_s_per_km: float = 300.0
    grade: float = 0.0
    hr: float | None = 150.0
    stand_s: float = 0.0


@dataclass
class Built:
    activity: Activity
    corner_t: np.ndarray
    corner_d: np.ndarray
    corner_alt: np.ndarray

    def time_at(self, d: float) -> float:
        """First time the run reaches distance `d` (exact)."""
        i = int(np.searchsorted(self.corner_d, d, side="left"))
        if i == 0:
            return float(self.corner_t[0])
        if i >= len(self.corner_d):
            return float(self.corner_t[-1])
        d0, d1 = self.corner_d[i - 1], self.corner_d[i]
        t0, t1 = self.corner_t[i - 1], self.corner_t[i]
        return float(t0 + (d - d0) / (d1 - d0) * (t1 - t0))


def build(
    legs: list[L],
    *,
    sample_s: float = 1.0,
    device_distance: bool = True,
    positions: bool = False,
    altitude: bool = True,
    barometric: bool = True,
    alt0: float = 100.0,
    t_offset: float = 0.0,
) -> Built:
    """Samples every `sample_s` plus every leg corner; streams follow the legs exactly."""
    ct, cd, ca, chr_ = [0.0], [0.0], [alt0], []
    for leg in legs:
        if leg.stand_s > 0:
            dt = leg.stand_s
            dd = 0.0
        else:
            dt = leg.distance_m * leg.pace_s_per_km / 1000.0
            dd = leg.distance_m
        ct.append(ct[-1] + dt)
        cd.append(cd[-1] + dd)
        ca.append(ca[-1] + leg.grade * dd)
        chr_.append(leg.hr)
    corner_t, corner_d, corner_alt = np.array(ct), np.array(cd), np.array(ca)
    grid = np.arange(0.0, corner_t[-1], sample_s)
    t = np.unique(np.concatenate((grid, corner_t)))
    d = np.interp(t, corner_t, corner_d)
    alt = np.interp(t, corner_t, corner_alt)
    leg_idx = np.clip(
        np.searchsorted(corner_t, t, side="left") - 1, 0, len(legs) - 1
    )  # a corner ends its leg
    hr_vals = np.array([np.nan if h is None else h for h in chr_])
    hr = hr_vals[leg_idx]
    act = Activity(
        start_time=START,
        time_s=t + t_offset,
        distance_m=d if device_distance else None,
        lat=45.0 + np.degrees(d / R) if positions else None,
        lon=np.full(t.shape, 7.0) if positions else None,
        altitude_m=alt if altitude else None,
        heart_rate=hr if not np.isnan(hr_vals).all() else None,
        source="built",
        format="fit",
        sport="running",
        altitude_source="barometric" if barometric else "gps",
    )
    return Built(act, corner_t + t_offset, corner_d, corner_alt)


def test_builder_corners_are_samples() -> None:
    b = build([L(1000, 300), L(500, 240)], sample_s=7.0)
    assert 300.0 in b.activity.time_s and 420.0 in b.activity.time_s
    assert math.isclose(b.time_at(1250), 360.0)
