"""Synthetic runs with exactly known answers, and writers to FIT, GPX and TCX.

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
import struct
from collections.abc import Callable, Sequence
from dataclasses import dataclass, field
from datetime import UTC, datetime, timedelta
from pathlib import Path
from typing import TYPE_CHECKING

import numpy as np
import numpy.typing as npt

from progtempo.activity import Activity, FloatArray, Lap

if TYPE_CHECKING:
    from progtempo.io.fit.encode import FitWriter

R_EARTH_M = 6371008.8  # mean Earth radius, as the contract's makegpx uses
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
    _pause_e: list[tuple[float, float]] = field(default_factory=list, repr=False)  # (stop, restart) elapsed

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
        _pause_e=pause_e,
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


def _lap_bounds(run: SynthRun) -> tuple[list[float], list[str]]:
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
    bounds, triggers = _lap_bounds(run)
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


# ----------------------------------------------------------------------------------------- writers


def _write(path: str | Path, data: bytes) -> None:
    p = Path(path)
    if p.name.endswith(".gz"):
        data = gzip.compress(data, compresslevel=6, mtime=0)
    p.write_bytes(data)


def write_fit(
    run: SynthRun,
    path: str | Path,
    *,
    compressed_timestamps: bool = False,
    relative_timestamps: bool = False,
    developer_power: bool = False,
    garmin_product: int | None = None,
) -> None:
    """Write the run as a FIT activity file (gzipped when the path ends in .gz); options: see fit_bytes."""
    data = fit_bytes(
        run,
        compressed_timestamps=compressed_timestamps,
        relative_timestamps=relative_timestamps,
        developer_power=developer_power,
        garmin_product=garmin_product,
    )
    _write(path, data)


def write_gpx(run: SynthRun, path: str | Path) -> None:
    """Write the run as GPX 1.1 with Garmin TrackPointExtension heart rate and cadence."""
    _write(path, gpx_bytes(run))


def write_tcx(run: SynthRun, path: str | Path, *, lap_trigger: str | None = None) -> None:
    """Write the run as TCX v2 (laps, track, distance, heart rate); `lap_trigger` overrides every
    lap's TriggerMethod (e.g. "Manual", as some exports mark auto-laps)."""
    _write(path, tcx_bytes(run, lap_trigger=lap_trigger))


# --- FIT

_FIT_SPORT = {"running": (1, 0), "trail_running": (1, 3), "treadmill_running": (1, 1),
              "track_running": (1, 4), "cycling": (2, 0), "transition": (3, 0), "walking": (11, 0),
              "hiking": (17, 0), "swimming": (5, 0), "unknown": (0, 0)}  # fmt: skip
_FIT_TRIGGER = {"manual": 0, "time": 1, "distance": 2, "session_end": 7}


def _fit_iso_ts(run: SynthRun, elapsed: float) -> int:
    from progtempo.io.fit.encode import fit_timestamp

    return fit_timestamp(run.start_time.timestamp() + elapsed)


def fit_bytes(
    run: SynthRun,
    *,
    compressed_timestamps: bool = False,
    relative_timestamps: bool = False,
    utc_offset_s: int = 0,
    developer_power: bool = False,
    garmin_product: int | None = None,
    barometer: bool | None = None,
) -> bytes:
    """The run as a FIT activity file.

    `compressed_timestamps`: records after the first use compressed-timestamp headers.
    `relative_timestamps`: every date_time counts from the device's power-on (1000 s before the start),
    with the clock time only in activity.local_timestamp (+ `utc_offset_s`).
    `developer_power`: power as a Stryd-style developer field "Power" (native field 7), not field 7.
    `garmin_product`: write manufacturer Garmin and this product number (e.g. 4024, Forerunner 955).
    `barometer`: add a barometer device_info (default: the run's `barometric`).
    """
    return multisport_fit_bytes(
        [run],
        compressed_timestamps=compressed_timestamps,
        relative_timestamps=relative_timestamps,
        utc_offset_s=utc_offset_s,
        developer_power=developer_power,
        garmin_product=garmin_product,
        barometer=barometer,
    )


def multisport_fit_bytes(
    runs: Sequence[SynthRun],
    *,
    compressed_timestamps: bool = False,
    relative_timestamps: bool = False,
    utc_offset_s: int = 0,
    developer_power: bool = False,
    garmin_product: int | None = None,
    barometer: bool | None = None,
) -> bytes:
    """Several runs (one after the other in time, each with its `sport`) as one FIT file with one session
    each, as a multisport watch writes them; each session's distance counts from 0."""
    from progtempo.io.fit.encode import FitWriter, fit_timestamp
    from progtempo.io.fit.format import BASE_BY_NAME

    first = runs[0]
    base = fit_timestamp(first.start_time.timestamp()) - 1000 if relative_timestamps else 0

    def ts(run: SynthRun, elapsed: float) -> int:
        return _fit_iso_ts(run, elapsed) - base

    w = FitWriter()
    manufacturer, product = (1, garmin_product) if garmin_product is not None else (255, 1)
    _define(w, 0, 0, "0:enum 1:uint16 2:uint16 3:uint32z 4:uint32")
    w.write(0, [4, manufacturer, product, 12345, ts(first, 0.0)])
    _define(w, 1, 23, "253:uint32 0:uint8 2:uint16 4:uint16 5:uint16 25:enum 1:uint8 27:string:20")
    name = DEVICE_NAME if garmin_product is None else None
    w.write(1, [ts(first, 0.0), 0, manufacturer, product, 100, 5, None, name])
    if barometer if barometer is not None else first.barometric:
        w.write(1, [ts(first, 0.0), 1, manufacturer, product, 100, 5, 4, None])
    dev_field = developer_power and any(r.activity.power is not None for r in runs)
    if dev_field:
        _define(w, 2, 207, "1:byte:16 3:uint8")
        w.extend([_dev_data_id_bytes()])
        _define(w, 3, 206, "0:uint8 1:uint8 2:uint8 3:string:8 8:string:8 14:uint16 15:uint8")
        w.write(3, [0, 0, BASE_BY_NAME["uint16"].number, "Power", "Watts", 20, 7])  # a uint16 field
    _define(w, 4, 21, "253:uint32 0:enum 1:enum 4:uint8")

    lap_rows: list[list[int | float | str | None]] = []
    session_rows: list[list[int | float | str | None]] = []
    last_ts_written = [0]
    for s_index, run in enumerate(runs):
        sport, sub_sport = _FIT_SPORT.get(run.sport, (0, 0))
        samples = _fit_samples(run)
        t_el = samples["elapsed"]
        w.write(4, [ts(run, 0.0), 0, 0, 0])  # timer start
        last_ts_written[0] = ts(run, 0.0)
        # records, chunked at the pauses so the stop/start events sit between them
        cuts = [0]
        for a, _ in run._pause_e:
            cuts.append(int(np.searchsorted(t_el, a, side="right")))
        cuts.append(t_el.size)
        for k in range(len(cuts) - 1):
            lo, hi = cuts[k], cuts[k + 1]
            _write_records(w, run, samples, lo, hi, ts, compressed_timestamps, dev_field, last_ts_written)
            if k < len(run._pause_e):
                a, b = run._pause_e[k]
                w.write(4, [ts(run, a), 0, 4, 0])  # stop_all
                w.write(4, [ts(run, b), 0, 0, 0])  # start
                last_ts_written[0] = ts(run, b)
        end_el = float(t_el[-1])
        w.write(4, [ts(run, end_el), 0, 4, 0])
        first_lap = len(lap_rows)
        _, triggers = _lap_bounds(run)
        for lap, trig in zip(run.activity.laps, triggers, strict=True):
            start_el = (lap.start_time - run.start_time) / timedelta(seconds=1)
            end = ts(run, min(start_el + lap.elapsed_s, end_el))
            timing = [
                round(lap.elapsed_s * 1000),
                round((lap.timer_s or 0) * 1000),
                round((lap.distance_m or 0) * 100),
            ]
            lap_rows.append(
                [
                    end,
                    len(lap_rows),
                    9,
                    1,
                    ts(run, start_el),
                    *timing,
                    _FIT_TRIGGER.get(trig, 0),
                    sport,
                    sub_sport,
                ]
            )
        timing = [
            round(run.total_elapsed_s * 1000),
            round(run.total_moving_s * 1000),
            round(run.total_distance_m * 100),
        ]
        session_rows.append(
            [ts(run, end_el), s_index, 8, 1, ts(run, 0.0), sport, sub_sport, *timing, first_lap,
             len(lap_rows) - first_lap, 0]
        )  # fmt: skip
    _define(
        w,
        5,
        19,
        "253:uint32 254:uint16 0:enum 1:enum 2:uint32 7:uint32 8:uint32 9:uint32 24:enum 25:enum 39:enum",
    )
    for row in lap_rows:
        w.write(5, row)
    _define(
        w,
        6,
        18,
        "253:uint32 254:uint16 0:enum 1:enum 2:uint32 5:enum 6:enum 7:uint32 8:uint32 9:uint32 "
        "25:uint16 26:uint16 28:enum",
    )
    for row in session_rows:
        w.write(6, row)
    last = runs[-1]
    end_ts = ts(last, float(_fit_samples(last)["elapsed"][-1]))
    _define(w, 7, 34, "253:uint32 0:uint32 1:uint16 2:enum 3:enum 4:enum 5:uint32")
    total_timer = sum(r.total_moving_s for r in runs)
    w.write(7, [end_ts, round(total_timer * 1000), len(runs), 0, 26, 1, end_ts + base + utc_offset_s])
    return w.to_bytes()


def _define(w: FitWriter, local: int, global_num: int, spec: str) -> None:
    """Define a local message from "number:base_type[:size] ..."."""
    from progtempo.io.fit.encode import FieldDef

    fields = []
    for item in spec.split():
        num, base, *size = item.split(":")
        fields.append(FieldDef(int(num), base, int(size[0]) if size else 0))
    w.define(local, global_num, fields)


def _dev_data_id_bytes() -> bytes:
    """A developer_data_id data message (local 2): application_id 16 bytes, developer_data_index 0."""
    return bytes([2]) + bytes(range(1, 17)) + bytes([0])


def _fit_samples(run: SynthRun) -> dict[str, FloatArray]:
    """The samples a FIT file can hold: whole seconds, ending on the next whole second at full distance."""
    t = run.elapsed_s
    keep = np.abs(t - np.round(t)) < 1e-6
    idx = np.flatnonzero(keep)
    end = float(t[-1])
    out = {"elapsed": np.round(t[idx]), "index": idx.astype(np.float64)}
    if not keep[-1]:
        out["elapsed"] = np.append(out["elapsed"], math.ceil(end))
        out["index"] = np.append(out["index"], t.size - 1)
    return out


def _write_records(
    w: FitWriter,
    run: SynthRun,
    samples: dict[str, FloatArray],
    lo: int,
    hi: int,
    ts: Callable[[SynthRun, float], int],
    compressed: bool,
    dev_power: bool,
    last_ts: list[int],
) -> None:
    """Record messages lo:hi, as raw bytes (numpy rows): local 8 with a timestamp, local 1 compressed."""
    from progtempo.io.fit.format import BASE_BY_NAME

    if hi <= lo:
        return
    a = run.activity
    idx = samples["index"][lo:hi].astype(np.intp)
    el = samples["elapsed"][lo:hi]
    stamps = np.array([ts(run, 0.0)], dtype=np.int64) + el.astype(np.int64)
    cols: list[tuple[int, str, npt.NDArray[np.generic]]] = []  # (field number, base type, values)

    def fill(values: FloatArray, base_type: str) -> npt.NDArray[np.generic]:
        base = BASE_BY_NAME[base_type]
        invalid = np.nan if base.invalid is None else base.invalid
        return np.where(np.isfinite(values), values, invalid).astype("<" + base.code)

    if a.lat is not None and a.lon is not None:
        cols.append((0, "sint32", fill(np.round(a.lat[idx] * (2**31 / 180.0)), "sint32")))
        cols.append((1, "sint32", fill(np.round(a.lon[idx] * (2**31 / 180.0)), "sint32")))
    if a.distance_m is not None:
        cols.append((5, "uint32", fill(np.round(a.distance_m[idx] * 100.0), "uint32")))
    if a.altitude_m is not None:
        cols.append((78, "uint32", fill(np.round((a.altitude_m[idx] + 500.0) * 5.0), "uint32")))
    if a.speed_m_s is not None:
        cols.append((73, "uint32", fill(np.round(a.speed_m_s[idx] * 1000.0), "uint32")))
    if a.heart_rate is not None:
        cols.append((3, "uint8", fill(np.round(a.heart_rate[idx]), "uint8")))
    if a.cadence is not None:
        per_foot = (
            a.cadence[idx] / 2.0
            if run.sport in ("running", "trail_running", "walking", "hiking")
            else a.cadence[idx]
        )
        whole = np.floor(per_foot)
        cols.append((4, "uint8", fill(whole, "uint8")))
        cols.append((53, "uint8", fill(np.minimum(np.round((per_foot - whole) * 128.0), 127), "uint8")))
    power_col = None
    if a.power is not None:
        power_col = fill(np.round(a.power[idx]), "uint16")
        if not dev_power:
            cols.append((7, "uint16", power_col))

    def definition(local: int, with_ts: bool) -> bytes:
        fields = ([(253, 4, BASE_BY_NAME["uint32"].number)] if with_ts else []) + [
            (num, BASE_BY_NAME[bt].size, BASE_BY_NAME[bt].number) for num, bt, _ in cols
        ]
        header = 0x40 | local | (0x20 if dev_power and power_col is not None else 0)
        out = struct.pack("<BBBHB", header, 0, 0, 20, len(fields))
        out += b"".join(struct.pack("<BBB", *f) for f in fields)
        if dev_power and power_col is not None:
            out += struct.pack("<BBBB", 1, 0, 2, 0)  # one developer field: number 0, 2 bytes, index 0
        return out

    def rows(header: npt.NDArray[np.generic], sel: slice | npt.NDArray[np.intp], with_ts: bool) -> bytes:
        dt = (
            [("h", "u1")]
            + ([("ts", "<u4")] if with_ts else [])
            + [(f"f{i}", c.dtype.str) for i, (_, _, c) in enumerate(cols)]
        )
        if dev_power and power_col is not None:
            dt.append(("dev", "<u2"))
        n = len(header)
        r = np.zeros(n, dtype=dt)
        r["h"] = header
        if with_ts:
            r["ts"] = stamps[sel]
        for i, (_, _, c) in enumerate(cols):
            r[f"f{i}"] = c[sel]
        if dev_power and power_col is not None:
            r["dev"] = power_col[sel]
        return r.tobytes()

    full_local, comp_local = 8, 1
    w.extend([definition(full_local, True)])
    if not compressed:
        w.extend([rows(np.full(hi - lo, full_local, dtype="u1"), slice(None), True)])
        last_ts[0] = int(stamps[-1])
        return
    w.extend([definition(comp_local, False)])
    prev = np.concatenate([[last_ts[0]], stamps[:-1]])
    full = (stamps - prev >= 32) | (stamps < prev)
    full[0] = True
    i = 0
    n = stamps.size
    while i < n:
        j = i + 1
        while j < n and not full[j]:
            j += 1
        w.extend([rows(np.array([full_local], dtype="u1"), np.array([i]), True)])
        if j > i + 1:
            sel = np.arange(i + 1, j)
            header = (0x80 | (comp_local << 5) | (stamps[sel] & 0x1F)).astype("u1")
            w.extend([rows(header, sel, False)])
        i = j
    last_ts[0] = int(stamps[-1])


# --- GPX


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


# --- TCX

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
    pause_ends = [b for _, b in run._pause_e]
    _, triggers = _lap_bounds(run)
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
