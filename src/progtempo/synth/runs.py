"""Synthetic runs with exactly known answers (the writers to FIT, GPX and TCX are in `fit` and `xml`).

A run is a list of legs, each at a constant pace and grade (and heart rate), run on a straight line
heading north from (45.0, 7.0): horizontal distance = leg distance, elevation follows the grade
exactly. Because speed is piecewise constant, the time at any distance, and so every split, is known
exactly (`SynthRun.expected_splits`), and so are split grades, gain and loss, and the grade-adjusted
distance for any GAP factor function.

Samples are taken every `sample_s` seconds of elapsed time, plus the exact moments a leg ends and
the run ends (so in memory, GPX and TCX every speed change lies on a sample). A pause stops the timer
at the first sample at or after its distance, for whole samples; no samples are taken while stopped.
FIT timestamps are whole seconds, so `write_fit` keeps the whole-second samples and ends on the next
whole second: splits read back from FIT match the exact answers to about 0.1 s (the last to < 1 s).
GPS and elevation noise (seeded) are optional; the device distance stream stays exact.
"""

from __future__ import annotations

import gzip
import itertools
import math
from collections.abc import Callable, Sequence
from dataclasses import dataclass, field
from datetime import UTC, datetime, timedelta
from pathlib import Path
from typing import TYPE_CHECKING

import numpy as np
import numpy.typing as npt

from progtempo.activity import Activity, FloatArray, Lap
from progtempo.geo import EARTH_RADIUS_M
from progtempo.units import MILE_M

if TYPE_CHECKING:
    pass

R_EARTH_M = EARTH_RADIUS_M  # the one mean Earth radius (progtempo.geo), as the contract's makegpx uses
LAT0_DEG, LON0_DEG = 45.0, 7.0
START_ALTITUDE_M = 100.0
DEFAULT_START = datetime(2026, 3, 1, 8, 0, 0, tzinfo=UTC)
DEVICE_NAME = "progtempo synthetic"

GapFactor = Callable[[FloatArray], npt.ArrayLike]


@dataclass(frozen=True)
class Leg:
    """A stretch at constant pace (s/km, along the horizontal) and grade (rise/run), with HR if given."""

    distance_m: float
    pace_s_per_km: float
    grade: float = 0.0
    hr_bpm: float | None = None
    cadence_spm: float | None = None  # steps per minute; None: the run's default
    power_w: float | None = None

    @property
    def speed_m_s(self) -> float:
        return 1000.0 / self.pace_s_per_km

    @property
    def duration_s(self) -> float:
        return self.distance_m / self.speed_m_s


@dataclass(frozen=True)
class Pause:
    """A timer stop of `duration_s` seconds on reaching `at_m` metres."""

    at_m: float
    duration_s: float


@dataclass(frozen=True)
class ExpectedSplit:
    """The exact answer for one split (or any stretch between two distances)."""

    index: int
    start_m: float
    distance_m: float
    elapsed_s: float  # from first reaching the start to first reaching the end (pauses on the way count)
    moving_s: float
    elev_gain_m: float
    elev_loss_m: float
    avg_grade: float  # net climb / distance
    avg_hr: float | None  # time-weighted over moving time; None where a leg has no HR
    max_hr: float | None
    gap_distance_m: float | None  # sum of distance x gap factor(grade); None without a factor function
    partial: bool

    @property
    def pace_s_per_km(self) -> float:
        """Moving time per km."""
        return self.moving_s / self.distance_m * 1000.0

    @property
    def gap_s_per_km(self) -> float | None:
        """Grade-adjusted pace: moving time / grade-adjusted distance, per km."""
        if self.gap_distance_m is None:
            return None
        return self.moving_s / self.gap_distance_m * 1000.0

    def pace_s(self, unit_m: float) -> float:
        """Moving time per `unit_m` metres (1609.344 for a mile pace)."""
        return self.moving_s / self.distance_m * unit_m

    def gap_s(self, unit_m: float) -> float | None:
        """Grade-adjusted moving time per `unit_m` metres."""
        return None if self.gap_distance_m is None else self.moving_s / self.gap_distance_m * unit_m


@dataclass
class SynthRun:
    """A generated run: its legs and pauses, the Activity a perfect device records, exact answers."""

    legs: tuple[Leg, ...]
    pauses: tuple[Pause, ...]  # as taken (distance snapped to the sample the timer stopped on)
    start_time: datetime
    sample_s: float
    activity: Activity
    sport: str
    main_start_m: float  # where the given legs start (after a warm-up leg)
    main_end_m: float  # and end (before a cool-down leg)
    elapsed_s: FloatArray  # sample times from the start
    moving_s: FloatArray  # moving time at each sample
    true_distance_m: FloatArray  # noise-free
    true_altitude_m: FloatArray
    auto_lap_m: float | None = None
    start_altitude_m: float = START_ALTITUDE_M
    barometric: bool = False
    #: each pause as (stop, restart) in elapsed seconds
    pause_elapsed_s: list[tuple[float, float]] = field(default_factory=list, repr=False)

    # --- exact functions of distance
    @property
    def leg_bounds_m(self) -> FloatArray:
        """Cumulative distance at the start of each leg, and the total."""
        return np.concatenate([[0.0], np.cumsum([leg.distance_m for leg in self.legs])])

    @property
    def leg_bounds_moving_s(self) -> FloatArray:
        return np.concatenate([[0.0], np.cumsum([leg.duration_s for leg in self.legs])])

    @property
    def total_distance_m(self) -> float:
        return float(self.leg_bounds_m[-1])

    @property
    def total_moving_s(self) -> float:
        return float(self.leg_bounds_moving_s[-1])

    @property
    def total_elapsed_s(self) -> float:
        return self.total_moving_s + sum(p.duration_s for p in self.pauses)

    @property
    def elev_gain_m(self) -> float:
        return sum(max(leg.grade, 0.0) * leg.distance_m for leg in self.legs)

    @property
    def elev_loss_m(self) -> float:
        return sum(max(-leg.grade, 0.0) * leg.distance_m for leg in self.legs)

    def moving_time_at(self, distance_m: float) -> float:
        """Moving seconds to reach `distance_m`."""
        return float(np.interp(distance_m, self.leg_bounds_m, self.leg_bounds_moving_s))

    def time_at(self, distance_m: float) -> float:
        """Elapsed seconds when `distance_m` is first reached (a pause there is not yet counted)."""
        paused = sum(p.duration_s for p in self.pauses if p.at_m < distance_m - 1e-9)
        return self.moving_time_at(distance_m) + paused

    def altitude_at(self, distance_m: float) -> float:
        bounds = self.leg_bounds_m
        alts = self.start_altitude_m + np.concatenate(
            [[0.0], np.cumsum([leg.grade * leg.distance_m for leg in self.legs])]
        )
        return float(np.interp(distance_m, bounds, alts))

    def expected_between(
        self,
        boundaries_m: Sequence[float],
        gap_factor: GapFactor | None = None,
        *,
        split_m: float | None = None,
    ) -> list[ExpectedSplit]:
        """Exact splits between consecutive distances (metres from the start)."""
        b = [float(x) for x in boundaries_m]
        bounds = self.leg_bounds_m
        factors = None
        if gap_factor is not None:
            grades = np.array([leg.grade for leg in self.legs], dtype=np.float64)
            factors = np.asarray(gap_factor(grades), dtype=np.float64)
        out: list[ExpectedSplit] = []
        for i, (a, z) in enumerate(itertools.pairwise(b)):
            gain = loss = gap = 0.0
            hr_time = hr_sum = 0.0
            hr_known = True
            max_hr: float | None = None
            for k, leg in enumerate(self.legs):
                lo, hi = max(a, bounds[k]), min(z, bounds[k + 1])
                if hi <= lo:
                    continue
                length = hi - lo
                climb = leg.grade * length
                gain += max(climb, 0.0)
                loss += max(-climb, 0.0)
                if factors is not None:
                    gap += length * float(factors[k])
                if leg.hr_bpm is None:
                    hr_known = False
                else:
                    dt = length / leg.speed_m_s
                    hr_time += dt
                    hr_sum += leg.hr_bpm * dt
                    max_hr = leg.hr_bpm if max_hr is None else max(max_hr, leg.hr_bpm)
            dist = z - a
            out.append(
                ExpectedSplit(
                    index=i + 1,
                    start_m=a,
                    distance_m=dist,
                    elapsed_s=self.time_at(z) - self.time_at(a),
                    moving_s=self.moving_time_at(z) - self.moving_time_at(a),
                    elev_gain_m=gain,
                    elev_loss_m=loss,
                    avg_grade=(self.altitude_at(z) - self.altitude_at(a)) / dist,
                    avg_hr=hr_sum / hr_time if hr_known and hr_time > 0 else None,
                    max_hr=max_hr if hr_known else None,
                    gap_distance_m=gap if factors is not None else None,
                    partial=split_m is not None and dist < split_m - 1e-6,
                )
            )
        return out

    def expected_splits(self, split_m: float, gap_factor: GapFactor | None = None) -> list[ExpectedSplit]:
        """Exact splits every `split_m` metres from the start; the last is partial when it is short."""
        total = self.total_distance_m
        n_full = math.floor(total / split_m + 1e-9)
        bounds = [k * split_m for k in range(n_full + 1)]
        if total - bounds[-1] > 1e-6:
            bounds.append(total)
        return self.expected_between(bounds, gap_factor, split_m=split_m)


# --------------------------------------------------------------------------------------- generator


def make_run(
    legs: Sequence[Leg],
    *,
    start_time: datetime = DEFAULT_START,
    sample_s: float = 1.0,
    pauses: Sequence[Pause | tuple[float, float]] = (),
    warmup: Leg | None = None,
    cooldown: Leg | None = None,
    gps: bool = True,
    distance: bool = True,
    altitude: bool = True,
    gps_noise_m: float = 0.0,
    elevation_noise_m: float = 0.0,
    seed: int = 0,
    cadence_spm: float | None = 170.0,
    auto_lap_m: float | None = None,
    sport: str = "running",
    start_altitude_m: float = START_ALTITUDE_M,
    barometric: bool = False,
    name: str | None = "synthetic run",
) -> SynthRun:
    """Generate a run from legs; `pauses` are (at_m, duration_s); laps at each leg end or every
    `auto_lap_m` metres. `gps`, `distance`, `altitude` False leave that stream out (a foot pod run
    has no GPS; a phone app has no device distance)."""
    all_legs = tuple(([warmup] if warmup else []) + list(legs) + ([cooldown] if cooldown else []))
    if not all_legs:
        raise ValueError("a run needs at least one leg")
    for leg in all_legs:
        if leg.distance_m <= 0 or leg.pace_s_per_km <= 0:
            raise ValueError(f"leg {leg}: distance and pace must be positive")
    if sample_s <= 0:
        raise ValueError("sample_s must be positive")
    if start_time.tzinfo is None:
        start_time = start_time.replace(tzinfo=UTC)
    d_bounds = np.concatenate([[0.0], np.cumsum([leg.distance_m for leg in all_legs])])
    m_bounds = np.concatenate([[0.0], np.cumsum([leg.duration_s for leg in all_legs])])
    total_m, total_move = float(d_bounds[-1]), float(m_bounds[-1])

    # pauses: stop at the first sample at or after the distance, for whole samples
    taken: list[Pause] = []
    pause_e: list[tuple[float, float]] = []  # elapsed (stop, restart)
    stop_moving: list[float] = []  # moving time at each stop
    paused_so_far = 0.0
    for p in sorted((q if isinstance(q, Pause) else Pause(*q) for q in pauses), key=lambda q: q.at_m):
        if not 0 < p.at_m < total_m:
            raise ValueError(f"pause at {p.at_m} m is not inside the run (0-{total_m:.1f} m)")
        arrive_e = float(np.interp(p.at_m, d_bounds, m_bounds)) + paused_so_far
        stop_e = math.ceil(arrive_e / sample_s - 1e-9) * sample_s
        stop_move = stop_e - paused_so_far
        if stop_move >= total_move:
            raise ValueError(f"pause at {p.at_m} m falls after the last sample")
        if pause_e and stop_e < pause_e[-1][1]:
            raise ValueError("pauses overlap")
        dur = max(round(p.duration_s / sample_s), 1) * sample_s
        taken.append(Pause(float(np.interp(stop_move, m_bounds, d_bounds)), dur))
        pause_e.append((stop_e, stop_e + dur))
        stop_moving.append(stop_move)
        paused_so_far += dur
    total_elapsed = total_move + paused_so_far

    # sample times: the grid, minus the stopped stretches, plus leg ends and the end
    grid = np.arange(0.0, total_elapsed + 1e-9, sample_s)
    for a, b in pause_e:
        grid = grid[(grid <= a) | (grid >= b)]
    knots = [
        km + sum(p.duration_s for p, sm in zip(taken, stop_moving, strict=True) if sm < km - 1e-9)
        for km in m_bounds[1:]
    ]
    t = np.unique(np.round(np.concatenate([grid, knots, [total_elapsed]]), 9))
    moving = t.copy()
    for (_, b), p in zip(pause_e, taken, strict=True):
        moving -= np.where(t >= b, p.duration_s, 0.0)
    moving = np.clip(moving, 0.0, total_move)
    dist = np.interp(moving, m_bounds, d_bounds)
    alt_bounds = start_altitude_m + np.concatenate(
        [[0.0], np.cumsum([leg.grade * leg.distance_m for leg in all_legs])]
    )
    alt = np.interp(dist, d_bounds, alt_bounds)
    leg_idx = np.clip(np.searchsorted(m_bounds, moving, side="right") - 1, 0, len(all_legs) - 1)

    rng = np.random.default_rng(seed)
    lat = LAT0_DEG + np.degrees(dist / R_EARTH_M)
    lon = np.full_like(lat, LON0_DEG)
    if gps_noise_m > 0:
        lat = lat + np.degrees(rng.normal(0.0, gps_noise_m, lat.size) / R_EARTH_M)
        lon = lon + np.degrees(
            rng.normal(0.0, gps_noise_m, lat.size) / (R_EARTH_M * math.cos(math.radians(LAT0_DEG)))
        )
    alt_rec = alt + rng.normal(0.0, elevation_noise_m, alt.size) if elevation_noise_m > 0 else alt.copy()

    def per_leg(values: list[float | None]) -> FloatArray | None:
        if all(v is None for v in values):
            return None
        arr: FloatArray = np.array([np.nan if v is None else float(v) for v in values], dtype=np.float64)
        picked: FloatArray = arr[leg_idx]
        return picked

    hr = per_leg([leg.hr_bpm for leg in all_legs])
    cad = per_leg([leg.cadence_spm if leg.cadence_spm is not None else cadence_spm for leg in all_legs])
    power = per_leg([leg.power_w for leg in all_legs])
    speed = np.array([leg.speed_m_s for leg in all_legs])[leg_idx]

    run = SynthRun(
        legs=all_legs,
        pauses=tuple(taken),
        start_time=start_time,
        sample_s=sample_s,
        activity=Activity(start_time=start_time, time_s=t),  # replaced below
        sport=sport,
        main_start_m=all_legs[0].distance_m if warmup else 0.0,
        main_end_m=total_m - (cooldown.distance_m if cooldown else 0.0),
        elapsed_s=t,
        moving_s=moving,
        true_distance_m=dist,
        true_altitude_m=alt,
        auto_lap_m=auto_lap_m,
        start_altitude_m=start_altitude_m,
        barometric=barometric,
        pause_elapsed_s=pause_e,
    )
    run.activity = Activity(
        start_time=start_time,
        time_s=t,
        distance_m=dist.copy() if distance else None,
        lat=lat if gps else None,
        lon=lon if gps else None,
        altitude_m=alt_rec if altitude else None,
        heart_rate=hr,
        cadence=cad,
        power=power,
        speed_m_s=speed,
        source="synthetic",
        format="synthetic",
        sport=sport,
        device=DEVICE_NAME,
        name=name,
        laps=_laps(run),
        pauses=list(pause_e),
        altitude_source=("barometric" if barometric else "gps" if gps else "unknown") if altitude else "none",
    )
    return run


def lap_bounds(run: SynthRun) -> tuple[list[float], list[str]]:
    """Lap boundaries (metres) and triggers: every auto_lap_m, else at each leg end."""
    total = run.total_distance_m
    if run.auto_lap_m:
        n = math.floor(total / run.auto_lap_m + 1e-9)
        bounds = [k * run.auto_lap_m for k in range(n + 1)]
        triggers = ["distance"] * n
        if total - bounds[-1] > 1e-6:
            bounds.append(total)
            triggers.append("session_end")
        return bounds, triggers
    bounds = [float(x) for x in run.leg_bounds_m]
    return bounds, ["manual"] * (len(bounds) - 1)


def _laps(run: SynthRun) -> list[Lap]:
    bounds, triggers = lap_bounds(run)
    laps = []
    for i, (a, z) in enumerate(itertools.pairwise(bounds)):
        ea, ez = run.time_at(a), run.time_at(z)
        laps.append(
            Lap(
                index=i + 1,
                start_time=run.start_time + timedelta(seconds=ea),
                elapsed_s=ez - ea,
                timer_s=run.moving_time_at(z) - run.moving_time_at(a),
                distance_m=z - a,
                trigger=triggers[i],
            )
        )
    return laps


def write_file(path: str | Path, data: bytes) -> None:
    """Write a synthetic file's bytes, gzipped when the path ends in .gz (reproducibly: mtime 0)."""
    p = Path(path)
    if p.name.endswith(".gz"):
        data = gzip.compress(data, compresslevel=6, mtime=0)
    p.write_bytes(data)


def per_km(pace_s_per_mi: float) -> float:
    """A pace per mile as the pace per km a `Leg` takes."""
    return pace_s_per_mi * 1000 / MILE_M


def mile_legs(
    paces_s_per_mi: Sequence[float], grades: Sequence[float] | None = None, *, hr_start_bpm: int = 120
) -> list[Leg]:
    """One mile at each pace (and grade, flat by default); heart rate from `hr_start_bpm`, +6 bpm a mile."""
    grades = grades or (0.0,) * len(paces_s_per_mi)
    return [
        Leg(MILE_M, per_km(p), g, hr_bpm=hr_start_bpm + 6 * i)
        for i, (p, g) in enumerate(zip(paces_s_per_mi, grades, strict=True))
    ]
