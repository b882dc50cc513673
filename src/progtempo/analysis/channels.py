"""Power and cadence per split: read from the file (foot pod, Stryd, a watch's wrist power) and averaged
over each split's moving time, so stops (zeros from a standing runner) don't pull the mean down."""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import replace

import numpy as np

from progtempo.activity import FloatArray
from progtempo.analysis.splits import Split


def moving_means(
    time_s: FloatArray, moving_s: FloatArray, values: FloatArray | None, splits: Sequence[Split]
) -> list[float | None]:
    """The mean of `values` over each split's time span, weighted by moving time; None where the split
    has no finite value while moving (or there is no such channel)."""
    if values is None or len(time_s) < 2:
        return [None] * len(splits)
    step_moving = np.diff(moving_s)
    v = values[:-1]  # a record's value holds until the next record
    ok = np.isfinite(v) & (step_moving > 0)
    weight = np.concatenate(([0.0], np.cumsum(np.where(ok, step_moving, 0.0))))
    total = np.concatenate(([0.0], np.cumsum(np.where(ok, step_moving * np.where(ok, v, 0.0), 0.0))))
    starts = np.array([s.start_s for s in splits], dtype=np.float64)
    ends = starts + np.array([s.elapsed_s for s in splits], dtype=np.float64)
    w = np.interp(ends, time_s, weight) - np.interp(starts, time_s, weight)
    t = np.interp(ends, time_s, total) - np.interp(starts, time_s, total)
    return [float(ti / wi) if wi > 0 else None for ti, wi in zip(t.tolist(), w.tolist(), strict=True)]


def with_power_and_cadence(
    splits: list[Split],
    time_s: FloatArray,
    moving_s: FloatArray,
    power: FloatArray | None,
    cadence: FloatArray | None,
) -> list[Split]:
    """The splits with their average power (W) and cadence (per minute) where the file records them."""
    if power is None and cadence is None:
        return splits
    watts = moving_means(time_s, moving_s, power, splits)
    spm = moving_means(time_s, moving_s, cadence, splits)
    return [replace(s, avg_power_w=w, avg_cadence_spm=c) for s, w, c in zip(splits, watts, spm, strict=True)]
