"""Splits at exact distance boundaries, interpolated between samples.

Every quantity a split reports is the difference of a cumulative stream (time, moving time,
grade-adjusted distance, climb, descent, heart beats) evaluated at the split's two boundaries. Between
two samples the runner is taken to move at constant speed, so each is interpolated linearly in
distance. Summing splits therefore gives the whole run exactly, and the sampling rate does not
matter for a run that is piecewise linear.
"""

from __future__ import annotations

import math
from collections.abc import Sequence
from dataclasses import dataclass
from functools import cached_property
from typing import Any

import numpy as np
import numpy.typing as npt

from progtempo.analysis.hr import cumulative_beats, max_between
from progtempo.finite import finite_or_none
from progtempo.units import Unit, unit_m

FloatArray = npt.NDArray[np.float64]
IntArray = npt.NDArray[np.intp]

#: A remainder shorter than this after the last whole split joins that split instead of being one.
MIN_PARTIAL_M = 1.0


@dataclass(frozen=True)
class Stream:
    """The cleaned streams, one value per record, aligned with `time_s` (seconds since the start).

    `distance_m`, `moving_s` and `gap_distance_m` are cumulative; `grade` is a fraction per sample;
    `altitude_m` and `heart_rate` are None when the file has none.
    """

    time_s: FloatArray
    distance_m: FloatArray
    moving_s: FloatArray
    altitude_m: FloatArray | None
    grade: FloatArray
    gap_distance_m: FloatArray
    heart_rate: FloatArray | None

    def __len__(self) -> int:
        return int(self.time_s.shape[0])

    @cached_property
    def cumulative(self) -> FloatArray:
        """The cumulative streams splits are differences of, one row each (see `ROWS`)."""
        n = len(self)
        out = np.zeros((len(ROWS), n))
        out[T], out[MOVING], out[GAP_D] = self.time_s, self.moving_s, self.gap_distance_m
        if self.altitude_m is not None and n:
            out[ALT] = self.altitude_m
            da = np.diff(self.altitude_m)
            np.cumsum(np.maximum(da, 0.0), out=out[UP, 1:])
            np.cumsum(np.maximum(-da, 0.0), out=out[DOWN, 1:])
        if self.heart_rate is not None and n:
            out[HR] = self.heart_rate
            out[BEATS], out[HR_WEIGHT] = cumulative_beats(self.heart_rate, self.moving_s)
        return out


#: Rows of `Stream.cumulative`.
ROWS = ("time_s", "moving_s", "gap_distance_m", "altitude_m", "climb_m", "descent_m", "hr", "beats", "hr_s")
T, MOVING, GAP_D, ALT, UP, DOWN, HR, BEATS, HR_WEIGHT = range(len(ROWS))


@dataclass(frozen=True)
class Split:
    """One stretch between two distance boundaries. Paces are seconds per `unit` over moving time."""

    index: int
    start_m: float
    distance_m: float
    elapsed_s: float
    moving_s: float
    pace_s: float
    gap_s: float
    elev_gain_m: float
    elev_loss_m: float
    avg_grade: float
    avg_hr: float | None
    max_hr: float | None
    partial: bool = False
    start_s: float = 0.0
    gap_distance_m: float = 0.0
    avg_power_w: float | None = None  # where the file records power (`channels`)
    avg_cadence_spm: float | None = None  # per minute, steps for a run

    @property
    def end_m(self) -> float:
        return self.start_m + self.distance_m

    def to_json(self) -> dict[str, Any]:
        """The split as in DESIGN.md's analyze JSON (paces in s per the document's unit)."""
        return {
            "index": self.index,
            "start_m": self.start_m,
            "distance_m": self.distance_m,
            "start_s": self.start_s,
            "elapsed_s": self.elapsed_s,
            "moving_s": self.moving_s,
            "pace_s": finite_or_none(self.pace_s),
            "gap_s": finite_or_none(self.gap_s),
            "gap_distance_m": self.gap_distance_m,
            "elev_gain_m": self.elev_gain_m,
            "elev_loss_m": self.elev_loss_m,
            "avg_grade": self.avg_grade,
            "avg_hr": self.avg_hr,
            "max_hr": self.max_hr,
            "avg_power_w": self.avg_power_w,
            "avg_cadence_spm": self.avg_cadence_spm,
            "partial": self.partial,
        }


def locate(distance_m: FloatArray, at_m: FloatArray) -> tuple[IntArray, IntArray, FloatArray]:
    """Where each distance in `at_m` is first reached: samples (lo, hi) and the fraction between them.

    At or before the first sample it is the start of the recording; at or past the last, its end (so a
    stand after the finish belongs to the last split).
    """
    n = distance_m.shape[0]
    at = np.asarray(at_m, dtype=np.float64)
    hi = np.searchsorted(distance_m, at, side="left").astype(np.intp)
    lo = hi - 1
    start = at <= distance_m[0]
    end = (at >= distance_m[-1]) & ~start
    hi = np.where(start, 0, np.where(end, n - 1, hi))
    lo = np.where(start, 0, np.where(end, n - 1, lo))
    span = distance_m[hi] - distance_m[lo]
    frac = np.divide(at - distance_m[lo], span, out=np.zeros_like(at), where=span > 0)
    return lo, hi, np.clip(frac, 0.0, 1.0)


def _at(values: FloatArray, lo: IntArray, hi: IntArray, frac: FloatArray) -> FloatArray:
    return values[lo] + frac * (values[hi] - values[lo])


def boundaries(total_m: float, split_m: float) -> FloatArray:
    """0, split_m, 2·split_m, … and the total; a remainder under MIN_PARTIAL_M joins the last split."""
    if total_m <= 0:
        return np.array([0.0])
    whole = np.arange(0.0, total_m, split_m)
    if total_m - whole[-1] <= MIN_PARTIAL_M and whole.shape[0] > 1:
        whole = whole[:-1]
    return np.append(whole, total_m)


def splits_at(
    stream: Stream, boundaries_m: Sequence[float] | FloatArray, unit: Unit, *, nominal_m: float | None = None
) -> list[Split]:
    """Splits between consecutive distance boundaries (ascending, metres along the cleaned distance).

    Used for the per-unit splits and by the coach for plan segments. A split shorter than `nominal_m`
    (by more than MIN_PARTIAL_M) is marked partial.
    """
    b = np.asarray(boundaries_m, dtype=np.float64)
    if b.shape[0] < 2 or len(stream) == 0:
        return []
    lo, hi, at, dist = _at_boundaries(stream, b)
    length = np.diff(dist)
    partial = (length < nominal_m - MIN_PARTIAL_M) if nominal_m is not None else np.zeros(length.shape, bool)
    return splits_between(stream, lo, hi, at, dist, unit, partial)


def splits_between(
    stream: Stream,
    lo: IntArray,
    hi: IntArray,
    at: FloatArray,
    dist: FloatArray,
    unit: Unit,
    partial: npt.NDArray[np.bool_],
) -> list[Split]:
    """The splits between boundaries already located: the samples (lo, hi) around each, every
    cumulative stream there (`at`, one column per boundary) and the distance there (`dist`).

    `splits_at` locates distance boundaries; `analysis.timesplits` locates time boundaries.
    """
    delta = np.diff(at, axis=1)
    length = np.diff(dist)
    elapsed, moving, gapd = delta[T], delta[MOVING], delta[GAP_D]
    pace, gap = _paces(delta, length, unit_m(unit))
    with np.errstate(divide="ignore", invalid="ignore"):
        grade = np.where(length > 0, delta[ALT] / length, 0.0)
    avg_hr: list[float | None] = [None] * length.shape[0]
    max_hr: list[float | None] = [None] * length.shape[0]
    if stream.heart_rate is not None:
        dw = delta[HR_WEIGHT]
        avg = np.divide(delta[BEATS], dw, out=np.full(dw.shape, np.nan), where=dw > 1e-9)
        # samples inside each split, and the interpolated values at its two ends
        top = max_between(stream.heart_rate, hi[:-1], lo[1:], at[HR])
        avg_hr = [x if math.isfinite(x) else None for x in avg.tolist()]
        max_hr = [x if math.isfinite(x) else None for x in top.tolist()]
    start_s = at[T, :-1] - stream.time_s[0]
    cols = zip(
        dist[:-1].tolist(),
        length.tolist(),
        elapsed.tolist(),
        moving.tolist(),
        pace.tolist(),
        gap.tolist(),
        delta[UP].tolist(),
        delta[DOWN].tolist(),
        grade.tolist(),
        avg_hr,
        max_hr,
        partial.tolist(),
        start_s.tolist(),
        gapd.tolist(),
        strict=True,
    )
    return [Split(k, **dict(zip(_SPLIT_FIELDS, row, strict=True))) for k, row in enumerate(cols, start=1)]


def paces_at(
    stream: Stream, boundaries_m: Sequence[float] | FloatArray, unit: Unit
) -> tuple[FloatArray, FloatArray]:
    """(pace_s, gap_s) between consecutive boundaries: what `splits_at` gives each split, as two arrays.

    For callers that want only the paces of many short stretches (the coach cuts a run into
    twentieths of a unit) without building a `Split` for each.
    """
    b = np.asarray(boundaries_m, dtype=np.float64)
    if b.shape[0] < 2 or len(stream) == 0:
        return np.empty(0), np.empty(0)
    _, _, at, dist = _at_boundaries(stream, b)
    return _paces(np.diff(at, axis=1), np.diff(dist), unit_m(unit))


def _at_boundaries(stream: Stream, b: FloatArray) -> tuple[IntArray, IntArray, FloatArray, FloatArray]:
    """(lo, hi) samples around each boundary, every cumulative stream there, and its cleaned distance."""
    d = stream.distance_m
    lo, hi, frac = locate(d, b)
    c = stream.cumulative
    at = c[:, lo] + frac * (c[:, hi] - c[:, lo])  # every cumulative stream at every boundary
    dist = np.where(b >= d[-1], d[-1], np.maximum(b, 0.0))
    np.maximum.accumulate(dist, out=dist)
    return lo, hi, at, dist


def _paces(delta: FloatArray, length: FloatArray, per_m: float) -> tuple[FloatArray, FloatArray]:
    """Pace and GAP per `per_m` over moving time (elapsed where nothing moved); NaN without distance."""
    elapsed, moving, gapd = delta[T], delta[MOVING], delta[GAP_D]
    basis = np.where(moving > 0, moving, elapsed)
    with np.errstate(divide="ignore", invalid="ignore"):
        pace = np.where(length > 0, basis / length * per_m, np.nan)
        gap = np.where(gapd > 0, basis / gapd * per_m, np.nan)
    return pace, gap


_SPLIT_FIELDS = (
    "start_m",
    "distance_m",
    "elapsed_s",
    "moving_s",
    "pace_s",
    "gap_s",
    "elev_gain_m",
    "elev_loss_m",
    "avg_grade",
    "avg_hr",
    "max_hr",
    "partial",
    "start_s",
    "gap_distance_m",
)


def unit_splits(stream: Stream, split_m: float, unit: Unit) -> list[Split]:
    """Splits every `split_m` from the start, the last one partial when the run isn't whole splits."""
    if len(stream) == 0:
        return []
    return splits_at(stream, boundaries(float(stream.distance_m[-1]), split_m), unit, nominal_m=split_m)
