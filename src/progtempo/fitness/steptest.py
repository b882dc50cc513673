"""Fitness from one run: a progressive tempo run read as a field step test (like Conconi's).

Each level is a step of speed. Its speed is its Grade Adjusted Pace; its heart rate is the mean over its
steady part, after the first `HR_LAG_S` seconds (the heart takes a minute or so to settle on a new
speed). Heart rate is then fitted against speed, on the level means:

- a straight line (HR = a + b·v), and
- two lines meeting at a break speed c (HR = a + b·v + d·max(0, v − c)), the "two-line" fit, with c
  searched between the second and the second-to-last level so that each line rests on two levels.

A deflection is claimed only when the data show one: at least `MIN_LEVELS` levels with heart rate, the
two lines explain the level means better than one by more than their noise allows (Δχ² ≥ `DELTA_CHI2`,
each mean's noise from the beat-to-beat scatter of its steady part, never under `NOISE_FLOOR_BPM`), the
slope changes by at least `MIN_SLOPE_CHANGE` of itself, and the two lines fit the means. Otherwise the
relation is reported as linear (the note says so: many runners show no deflection) or unclear. The
threshold is the break: its pace, the fitted heart rate there, and the range of breaks within one χ² of
the best (about a 68 % interval).

Aerobic decoupling (Pa:HR) and the efficiency factor follow TrainingPeaks' definitions (docs/fitness.md):
EF = speed / heart rate (GAP speed in metres per minute over mean bpm, i.e. metres per heartbeat), and
Pa:HR = (EF of the first half − EF of the second half) / EF of the first half, in percent, over moving
time. Pure: no I/O.
"""

from __future__ import annotations

import math
from collections.abc import Sequence
from dataclasses import dataclass
from typing import TYPE_CHECKING, Any, Literal

import numpy as np
import numpy.typing as npt

from progtempo.units import Unit, convert_pace

if TYPE_CHECKING:
    from progtempo.analysis.splits import Stream

#: Seconds at the start of each level left out of its heart rate: the heart's lag behind a new speed.
HR_LAG_S = 60.0
#: A level needs this much steady time (after the lag) for its heart rate to count.
MIN_STEADY_S = 45.0
#: Fewest levels with a steady heart rate to look for a deflection.
MIN_LEVELS = 4
#: The noise of a level's mean heart rate is never taken as less than this (strap, terrain, day).
NOISE_FLOOR_BPM = 1.0
#: Heart-rate samples closer than this in time are not independent (for the noise of a mean).
DECORRELATION_S = 30.0
#: How much better (in χ²) the two lines must fit than one: p ≈ 0.001 for the two extra parameters.
DELTA_CHI2 = 13.8
#: Below this Δχ² the two lines are no better than one (p ≈ 0.05): the relation reads as linear.
LINEAR_CHI2 = 6.0
#: The slope above the break must differ from the slope below by at least this fraction of it.
MIN_SLOPE_CHANGE = 0.3
#: Reduced χ² above which a fit does not describe the level means (their scatter is unexplained).
MAX_REDUCED_CHI2 = 4.0
#: The levels must span at least this fraction of their mean speed to be read as a step test at all,
#: and each line of a two-line fit at least `MIN_SIDE_SPAN` of the break speed.
MIN_SPEED_SPAN = 0.10
MIN_SIDE_SPAN = 0.03
#: Slopes a heart answers speed with (bpm per m/s): steeper below a break than this is noise on levels
#: of nearly equal speed; a heart rate that falls as the speed rises is no deflection either.
MAX_SLOPE_BPM_PER_M_S = 150.0
#: Grid of break speeds searched between the second and the second-to-last level.
BREAK_GRID = 400

Arr = npt.NDArray[np.float64]
Relation = Literal["deflection", "linear", "unclear", "too_few_levels"]


@dataclass(frozen=True)
class LevelMean:
    """One level as the step test reads it: its GAP speed and the mean heart rate of its steady part."""

    index: int
    start_m: float
    end_m: float
    moving_s: float
    speed_m_s: float
    hr_bpm: float | None
    steady_s: float
    noise_bpm: float
    #: how fast the steady heart rate still climbed (bpm per minute): near 0 below threshold
    hr_creep_bpm_per_min: float | None = None

    def to_json(self, unit: Unit) -> dict[str, Any]:
        return {
            "index": self.index,
            "start_m": self.start_m,
            "distance_m": self.end_m - self.start_m,
            "gap_s": convert_pace(1000.0 / self.speed_m_s, "km", unit) if self.speed_m_s > 0 else None,
            "hr_bpm": self.hr_bpm,
            "steady_s": self.steady_s,
            "noise_bpm": self.noise_bpm,
            "hr_creep_bpm_per_min": self.hr_creep_bpm_per_min,
        }


@dataclass(frozen=True)
class LineFit:
    """HR = intercept + slope·speed on the level means; r² and reduced χ² say how well."""

    intercept_bpm: float
    slope_bpm_per_m_s: float
    r2: float
    reduced_chi2: float | None

    def to_json(self) -> dict[str, Any]:
        return {
            "intercept_bpm": self.intercept_bpm,
            "slope_bpm_per_m_s": self.slope_bpm_per_m_s,
            "r2": self.r2,
            "reduced_chi2": self.reduced_chi2,
        }


@dataclass(frozen=True)
class StepTest:
    """What one run says about fitness: the relation of heart rate to speed, and the threshold if any."""

    unit: Unit
    levels: tuple[LevelMean, ...]
    relation: Relation
    deflection: bool
    threshold_speed_m_s: float | None
    threshold_hr_bpm: float | None
    threshold_speed_range_m_s: tuple[float, float] | None
    slope_below: float | None
    slope_above: float | None
    line: LineFit | None
    delta_chi2: float | None
    note: str
    method: str = "two_line"
    decoupling_pct: float | None = None
    efficiency_factor: float | None = None
    aerobic_note: str = ""

    @property
    def threshold_pace_s_per_km(self) -> float | None:
        v = self.threshold_speed_m_s
        return 1000.0 / v if v else None

    def threshold_pace_s(self, unit: Unit | None = None) -> float | None:
        """The threshold pace in seconds per `unit` (the estimate's own by default)."""
        p = self.threshold_pace_s_per_km
        return convert_pace(p, "km", unit or self.unit) if p is not None else None

    def to_json(self) -> dict[str, Any]:
        """`analyze --json`'s `fitness_estimate` (paces in s per the document's unit)."""
        u = self.unit
        rng = self.threshold_speed_range_m_s
        return {
            "deflection": self.deflection,
            "threshold_pace_s": self.threshold_pace_s(),
            "threshold_hr": self.threshold_hr_bpm,
            "method": self.method,
            "note": self.note,
            "relation": self.relation,
            # a faster speed is a smaller pace: [fast end, slow end]
            "threshold_pace_range_s": [
                convert_pace(1000.0 / rng[1], "km", u),
                convert_pace(1000.0 / rng[0], "km", u),
            ]
            if rng
            else None,
            "slope_below_bpm_per_m_s": self.slope_below,
            "slope_above_bpm_per_m_s": self.slope_above,
            "delta_chi2": self.delta_chi2,
            "line": self.line.to_json() if self.line else None,
            "levels": [lv.to_json(u) for lv in self.levels],
            "decoupling_pct": self.decoupling_pct,
            "efficiency_factor": self.efficiency_factor,
            "aerobic_note": self.aerobic_note,
        }


# --------------------------------------------------------------------------------------- level means


def _interp(x: float, xp: Arr, fp: Arr) -> float:
    return float(np.interp(x, xp, fp))


def level_means(stream: Stream, bounds_m: Sequence[tuple[float, float]]) -> list[LevelMean]:
    """Each level's GAP speed and the mean heart rate of its steady part (None without enough of it)."""
    from progtempo.analysis.splits import BEATS, HR_WEIGHT

    d, mov, gapd = stream.distance_m, stream.moving_s, stream.gap_distance_m
    cum = stream.cumulative
    hr = stream.heart_rate
    out = []
    for i, (a, z) in enumerate(bounds_m):
        t0, t1 = _interp(a, d, mov), _interp(z, d, mov)
        moving = t1 - t0
        gd = _interp(z, d, gapd) - _interp(a, d, gapd)
        speed = gd / moving if moving > 0 else math.nan
        steady_from = t0 + HR_LAG_S
        steady = max(t1 - steady_from, 0.0)
        mean: float | None = None
        creep: float | None = None
        noise = NOISE_FLOOR_BPM
        if hr is not None and steady >= MIN_STEADY_S:
            beats = _interp(t1, mov, cum[BEATS]) - _interp(steady_from, mov, cum[BEATS])
            weight = _interp(t1, mov, cum[HR_WEIGHT]) - _interp(steady_from, mov, cum[HR_WEIGHT])
            if weight >= MIN_STEADY_S:
                mean = beats / weight
                inside = (mov >= steady_from) & (mov <= t1) & np.isfinite(hr)
                if int(inside.sum()) >= 3:
                    tt, yy = mov[inside], hr[inside]
                    coef = np.polyfit(tt, yy, 1)
                    creep = float(coef[0] * 60.0)
                    trend = np.polyval(coef, tt)
                    sd = float(np.std(yy - trend))
                    noise = max(NOISE_FLOOR_BPM, sd / math.sqrt(max(weight / DECORRELATION_S, 1.0)))
        out.append(
            LevelMean(i + 1, a, z, moving, speed, mean, steady if mean is not None else 0.0, noise, creep)
        )
    return out


# --------------------------------------------------------------------------------------- the fits


def _wls(design: Arr, y: Arr, w: Arr) -> tuple[Arr, float]:
    """Weighted least squares: coefficients and the weighted sum of squared residuals (χ²)."""
    sw = np.sqrt(w)
    coef, *_ = np.linalg.lstsq(design * sw[:, None], y * sw, rcond=None)
    resid = y - design @ coef
    return np.asarray(coef, dtype=np.float64), float(np.sum(w * resid * resid))


def fit_line(x: Arr, y: Arr, sigma: Arr) -> tuple[LineFit, float]:
    """The straight line through the level means, and its χ²."""
    w = 1.0 / sigma**2
    coef, chi2 = _wls(np.column_stack([np.ones_like(x), x]), y, w)
    pred = coef[0] + coef[1] * x
    ss_tot = float(np.sum((y - y.mean()) ** 2))
    r2 = 1.0 - float(np.sum((y - pred) ** 2)) / ss_tot if ss_tot > 0 else 0.0
    dof = x.size - 2
    return LineFit(float(coef[0]), float(coef[1]), r2, chi2 / dof if dof > 0 else None), chi2


@dataclass(frozen=True)
class TwoLines:
    """The best two-line (hinge) fit: the break speed, both slopes, χ² and the χ² profile over breaks."""

    break_speed_m_s: float
    intercept_bpm: float
    slope_below: float
    slope_above: float
    chi2: float
    grid_m_s: Arr
    profile: Arr

    def hr_at(self, speed_m_s: float) -> float:
        return (
            self.intercept_bpm
            + self.slope_below * speed_m_s
            + (self.slope_above - self.slope_below) * max(speed_m_s - self.break_speed_m_s, 0.0)
        )


def fit_two_lines(x: Arr, y: Arr, sigma: Arr) -> TwoLines:
    """Two lines meeting at a break, searched between the second and the second-to-last speed.

    Every break of the grid at once: the hinge column `max(x - c, 0)` only adds to the straight line,
    so each break's fit is the line's plus the hinge's part of what the line leaves (the weighted
    residuals of y and of the hinge after the line, Frisch–Waugh), the same least squares as fitting
    the three columns break by break, in one pass over arrays. A hinge the line already spans (every
    level on one side of the break) adds nothing: that break's fit is the line.
    """
    order = np.argsort(x)
    xs = x[order]
    w = 1.0 / sigma**2
    grid = np.linspace(xs[1], xs[-2], BREAK_GRID)
    line = np.column_stack([np.ones_like(x), x])
    gram_inv = np.linalg.inv(line.T @ (line * w[:, None]))

    def after_line(v: Arr) -> tuple[Arr, Arr]:
        """The line's coefficients for each row of `v` and what the line leaves of it."""
        coef = (v * w) @ line @ gram_inv
        return coef, v - coef @ line.T

    coef_y, rest_y = after_line(y[None, :])
    hinge = np.maximum(x[None, :] - grid[:, None], 0.0)
    coef_h, rest_h = after_line(hinge)
    across = (rest_h * w) @ rest_y[0]
    own = np.sum(rest_h * rest_h * w, axis=1)
    spans = own > 1e-12 * np.maximum(np.sum(hinge * hinge * w, axis=1), np.finfo(np.float64).tiny)
    gain = np.where(spans, across / np.where(spans, own, 1.0), 0.0)
    resid = rest_y - gain[:, None] * rest_h
    profile = np.sum(resid * resid * w, axis=1)
    k = int(np.argmin(profile))
    intercept, slope = coef_y[0] - gain[k] * coef_h[k]
    return TwoLines(float(grid[k]), float(intercept), float(slope), float(slope + gain[k]), float(profile[k]),
                    grid, profile)  # fmt: skip


# --------------------------------------------------------------------------------------- the estimate


def _fmt_pace(speed_m_s: float, unit: Unit) -> str:
    from progtempo.units import format_pace

    return format_pace(convert_pace(1000.0 / speed_m_s, "km", unit), unit)


def estimate(stream: Stream, bounds_m: Sequence[tuple[float, float]], unit: Unit) -> StepTest:
    """Read the run's levels (`bounds_m`: each level's start and end, metres) as a step test."""
    levels = level_means(stream, bounds_m)
    dec, ef, aerobic = (
        aerobic_efficiency(stream, bounds_m[0][0], bounds_m[-1][1]) if bounds_m else (None, None, "")
    )
    common: dict[str, Any] = {
        "unit": unit,
        "levels": tuple(levels),
        "decoupling_pct": dec,
        "efficiency_factor": ef,
        "aerobic_note": aerobic,
    }
    used = [lv for lv in levels if lv.hr_bpm is not None and math.isfinite(lv.speed_m_s) and lv.speed_m_s > 0]
    none: dict[str, Any] = {
        "deflection": False,
        "threshold_speed_m_s": None,
        "threshold_hr_bpm": None,
        "threshold_speed_range_m_s": None,
        "slope_below": None,
        "slope_above": None,
        "delta_chi2": None,
    }
    if stream.heart_rate is None:
        note = "no heart rate in this run: no fitness to read from it"
        return StepTest(**common, **none, relation="too_few_levels", line=None, note=note)
    if len(used) < MIN_LEVELS:
        note = (
            f"{len(used)} level(s) with a steady heart rate (each needs over "
            f"{HR_LAG_S + MIN_STEADY_S:.0f} s): a deflection needs at least {MIN_LEVELS}"
        )
        return StepTest(**common, **none, relation="too_few_levels", line=None, note=note)
    x = np.array([lv.speed_m_s for lv in used])
    y = np.array([float(lv.hr_bpm or 0.0) for lv in used])
    sigma = np.array([lv.noise_bpm for lv in used])
    line, chi2_line = fit_line(x, y, sigma)
    if not line.slope_bpm_per_m_s > 0 or np.ptp(x) <= 0:
        note = "heart rate did not rise with speed over the levels: no relation to read"
        return StepTest(**common, **none, relation="unclear", line=line, note=note)
    span = float(np.ptp(x) / x.mean())
    if span < MIN_SPEED_SPAN:
        note = (
            f"the levels span only {span:.0%} of speed (a step test needs {MIN_SPEED_SPAN:.0%} or more): "
            "too narrow a range to read heart rate against speed"
        )
        return StepTest(**common, **none, relation="unclear", line=line, note=note)
    two = fit_two_lines(x, y, sigma)
    delta = chi2_line - two.chi2
    change = (two.slope_above - two.slope_below) / two.slope_below if two.slope_below > 0 else math.inf
    dof_two = x.size - 4
    two_fits = dof_two <= 0 or two.chi2 / dof_two <= MAX_REDUCED_CHI2
    line_fits = line.reduced_chi2 is None or line.reduced_chi2 <= MAX_REDUCED_CHI2
    c = two.break_speed_m_s
    sides = min(c - float(x.min()), float(x.max()) - c) / c
    plausible = (
        0 < two.slope_below <= MAX_SLOPE_BPM_PER_M_S and two.slope_above >= 0 and sides >= MIN_SIDE_SPAN
    )
    if delta >= DELTA_CHI2 and abs(change) >= MIN_SLOPE_CHANGE and plausible and two_fits:
        near = two.grid_m_s[two.profile - two.chi2 <= 1.0]
        lo, hi = float(near.min()), float(near.max())
        hr_at = two.hr_at(two.break_speed_m_s)
        how = "flattens above it (a Conconi deflection)" if change < 0 else "steepens above it"
        note = (
            f"heart rate rises {two.slope_below:.0f} bpm per m/s up to "
            f"{_fmt_pace(two.break_speed_m_s, unit)} "
            f"({hr_at:.0f} bpm) and {how}, at {two.slope_above:.0f} bpm per m/s; the break lies between "
            f"{_fmt_pace(hi, unit)} and {_fmt_pace(lo, unit)} (one χ² either side)"
        )
        return StepTest(
            **common,
            relation="deflection",
            deflection=True,
            threshold_speed_m_s=two.break_speed_m_s,
            threshold_hr_bpm=hr_at,
            threshold_speed_range_m_s=(lo, hi),
            slope_below=two.slope_below,
            slope_above=two.slope_above,
            line=line,
            delta_chi2=delta,
            note=note,
        )
    base = {**none, "delta_chi2": delta}
    if delta >= DELTA_CHI2 and abs(change) >= MIN_SLOPE_CHANGE and plausible:
        note = (
            f"two lines meeting near {_fmt_pace(two.break_speed_m_s, unit)} fit better than one "
            f"(Δχ² {delta:.1f}), but the level means still scatter about them more than their noise explains "
            f"(reduced χ² {two.chi2 / max(dof_two, 1):.1f}): no deflection claimed"
        )
        return StepTest(**common, **base, relation="unclear", line=line, note=note)
    if delta >= LINEAR_CHI2 and abs(change) >= MIN_SLOPE_CHANGE and plausible:
        note = (
            f"a bend near {_fmt_pace(two.break_speed_m_s, unit)} is hinted at (two lines fit better by "
            f"Δχ² {delta:.1f}) but not clearly enough to claim a deflection (Δχ² {DELTA_CHI2:g} needed): "
            "more levels, or longer ones, would tell"
        )
        return StepTest(**common, **base, relation="unclear", line=line, note=note)
    if line_fits:
        note = (
            f"heart rate rose linearly with speed over {len(used)} levels ({line.slope_bpm_per_m_s:.0f} bpm "
            f"per m/s, r² {line.r2:.2f}): no deflection can be read from this run. Many runners show none; "
            "the threshold is then read from the fastest level held at a sustainable heart rate"
        )
        return StepTest(**common, **base, relation="linear", line=line, note=note)
    note = (
        f"the level means scatter more than their noise explains (reduced χ² {line.reduced_chi2:.1f} for a "
        "line) and two lines explain them no better: no deflection claimed"
    )
    return StepTest(**common, **base, relation="unclear", line=line, note=note)


def aerobic_efficiency(
    stream: Stream, start_m: float, end_m: float, *, progressive: bool = True
) -> tuple[float | None, float | None, str]:
    """(Pa:HR decoupling %, efficiency factor in metres per beat, note) over `start_m`..`end_m`.

    The stretch is split at half its moving time; each half's EF is its GAP speed (m/min) over its mean
    heart rate. None where the run has no heart rate or the stretch has no moving time.
    """
    from progtempo.analysis.splits import BEATS, HR_WEIGHT

    if stream.heart_rate is None:
        return None, None, "no heart rate: no efficiency factor or decoupling"
    d, mov, gapd, cum = stream.distance_m, stream.moving_s, stream.gap_distance_m, stream.cumulative
    t0, t1 = _interp(start_m, d, mov), _interp(end_m, d, mov)
    if not t1 - t0 > 120.0:
        return None, None, "too short for an efficiency factor"
    mid = 0.5 * (t0 + t1)

    def ef(a: float, z: float) -> float | None:
        g = _interp(z, mov, gapd) - _interp(a, mov, gapd)
        beats = _interp(z, mov, cum[BEATS]) - _interp(a, mov, cum[BEATS])
        weight = _interp(z, mov, cum[HR_WEIGHT]) - _interp(a, mov, cum[HR_WEIGHT])
        if weight <= 0 or beats <= 0 or z <= a:
            return None
        return (g / (z - a) * 60.0) / (beats / weight)

    whole, first, second = ef(t0, t1), ef(t0, mid), ef(mid, t1)
    if whole is None or first is None or second is None:
        return None, whole, "heart rate missing over part of the run: no decoupling"
    dec = (first - second) / first * 100.0
    note = (
        "Pa:HR compares speed per beat in the two halves (TrainingPeaks); under 5 % reads as good aerobic "
        "endurance on a steady run"
    )
    if progressive:
        note += (
            ". In a progressive run the second half is faster by design, so a negative value is expected "
            "and says little about endurance"
        )
    return dec, whole, note


__all__ = ["LevelMean", "LineFit", "StepTest", "TwoLines", "aerobic_efficiency", "estimate", "fit_line",
           "fit_two_lines", "level_means"]  # fmt: skip
