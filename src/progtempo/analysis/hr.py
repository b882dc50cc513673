"""Heart rate: dropouts removed, averages over moving time and maxima between any two points.

Averages weight each step by its moving time, so a stop at a traffic light (or a paused timer) does
not pull a split's average towards resting HR; the value of a step is the mean of its two ends.
"""

from __future__ import annotations

import numpy as np
import numpy.typing as npt

FloatArray = npt.NDArray[np.float64]
IntArray = npt.NDArray[np.intp]

#: Heart rates outside this range are sensor dropouts or nonsense.
HR_MIN_BPM = 25.0
HR_MAX_BPM = 250.0


def clean_heart_rate(heart_rate: FloatArray) -> FloatArray:
    """Heart rate with dropouts and impossible values (outside 25-250 bpm) as NaN."""
    hr = np.asarray(heart_rate, dtype=np.float64).copy()
    hr[~((hr >= HR_MIN_BPM) & (hr <= HR_MAX_BPM))] = np.nan
    return hr


def cumulative_beats(heart_rate: FloatArray, moving_s: FloatArray) -> tuple[FloatArray, FloatArray]:
    """Running sums, from 0, of HR × moving time and of the moving time that had an HR reading.

    The average over any stretch is the difference of the first over the difference of the second.
    """
    hr = heart_rate
    a, b = hr[:-1], hr[1:]
    step = np.where(np.isfinite(a) & np.isfinite(b), (a + b) / 2, np.where(np.isfinite(a), a, b))
    dm = np.diff(moving_s)
    valid = np.isfinite(step)
    beats = np.concatenate(([0.0], np.cumsum(np.where(valid, step * dm, 0.0))))
    weight = np.concatenate(([0.0], np.cumsum(np.where(valid, dm, 0.0))))
    return beats, weight


def average_hr(heart_rate: FloatArray, moving_s: FloatArray) -> float:
    """Moving-time-weighted average HR of a whole stream (NaN when there is none)."""
    if heart_rate.shape[0] < 2:
        finite = heart_rate[np.isfinite(heart_rate)]
        return float(finite.mean()) if finite.size else float("nan")
    beats, weight = cumulative_beats(heart_rate, moving_s)
    if weight[-1] > 0:
        return float(beats[-1] / weight[-1])
    finite = heart_rate[np.isfinite(heart_rate)]
    return float(finite.mean()) if finite.size else float("nan")


def max_between(values: FloatArray, first: IntArray, last: IntArray, ends: FloatArray) -> FloatArray:
    """Per range k: the max of values[first[k]:last[k]+1] and of ends[k], ends[k+1] (the interpolated
    values at its boundaries); NaN where there is no finite value."""
    n = values.shape[0]
    padded = np.append(values, np.nan)  # so that last + 1 == n is a valid index
    idx = np.empty(2 * first.shape[0], dtype=np.intp)
    idx[0::2], idx[1::2] = first, np.minimum(last + 1, n)
    inside = np.fmax.reduceat(padded, idx)[0::2]
    inside[last < first] = np.nan  # reduceat gives values[first] for an empty range
    return np.asarray(np.fmax(inside, np.fmax(ends[:-1], ends[1:])), dtype=np.float64)
