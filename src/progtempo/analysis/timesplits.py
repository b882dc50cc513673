"""Splits at time boundaries: a run cut into the 8-minute levels of a trail ladder.

On a trail a ladder steps up by time, so its levels are stretches of time, not of distance. A boundary
is a time on one of two clocks: `elapsed` (wall clock since the first record, pauses included: the
watch's own clock for a workout step of a fixed time) or `moving` (the cleaned moving time, pauses and
stands left out). Every quantity of a split is, as for distance splits, the difference of a cumulative
stream at its two boundaries, each interpolated linearly between the samples around it; a boundary
inside a stop lies at the start of the stop on the moving clock.
"""

from __future__ import annotations

from collections.abc import Sequence
from typing import Literal

import numpy as np

from progtempo.analysis.splits import FloatArray, Split, Stream, locate, splits_between
from progtempo.units import Unit

Clock = Literal["elapsed", "moving"]
CLOCKS: tuple[Clock, ...] = ("elapsed", "moving")
#: A split shorter than its nominal time by more than this is partial (the run ended inside it).
MIN_PARTIAL_S = 1.0


def clock_s(stream: Stream, clock: Clock) -> FloatArray:
    """Seconds since the first record on `clock`, one value per record (non-decreasing)."""
    axis = stream.moving_s if clock == "moving" else stream.time_s
    out: FloatArray = axis - axis[0]
    return out


def time_boundaries(start_s: float, segments: int, segment_s: float) -> FloatArray:
    """`start_s`, `start_s + segment_s`, ... : the `segments + 1` boundaries of a ladder by time."""
    return start_s + segment_s * np.arange(segments + 1, dtype=np.float64)


def splits_by_time(
    stream: Stream,
    boundaries_s: Sequence[float] | FloatArray,
    unit: Unit,
    *,
    clock: Clock = "elapsed",
    nominal_s: float | None = None,
) -> list[Split]:
    """Splits between consecutive time boundaries (ascending seconds on `clock`).

    Boundaries past the end of the recording fall on its end, so a ladder cut short ends in a partial
    split (shorter than `nominal_s` by more than MIN_PARTIAL_S) and then in empty ones.
    """
    b = np.asarray(boundaries_s, dtype=np.float64)
    if b.shape[0] < 2 or len(stream) == 0:
        return []
    axis = clock_s(stream, clock)
    lo, hi, frac = locate(axis, b)
    c = stream.cumulative
    at = c[:, lo] + frac * (c[:, hi] - c[:, lo])
    d = stream.distance_m
    dist = d[lo] + frac * (d[hi] - d[lo])
    np.maximum.accumulate(dist, out=dist)
    reached = np.clip(b, axis[0], axis[-1])
    duration = np.diff(reached)
    partial = (
        (duration < nominal_s - MIN_PARTIAL_S) if nominal_s is not None else np.zeros(duration.shape, bool)
    )
    return splits_between(stream, lo, hi, at, dist, unit, partial)
