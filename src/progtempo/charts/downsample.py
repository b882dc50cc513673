"""Fewer points that draw the same line: Largest-Triangle-Three-Buckets for the browser's charts.

A one-hour run recorded every second has 3,600 points per stream, a day-long one 86,400; a chart a few
hundred pixels wide shows no more than about 2,000. LTTB (Steinarsson 2013) keeps the first and last
points and, in each of the buckets between, the point that makes the largest triangle with its
neighbours: peaks, dips and steps survive where plain striding would drop them.

This is the vectorised form: the triangle's left corner is the mean of the bucket before (as its right
corner is the mean of the bucket after), not the point chosen there, so every bucket is chosen at once
with numpy instead of one after the other in Python. On a run's streams it picks the same shape.
"""

from __future__ import annotations

from collections.abc import Sequence
from typing import Any

import numpy as np

from progtempo.analysis.clean import forward_fill

FloatArray = np.ndarray[Any, np.dtype[np.float64]]
IntArray = np.ndarray[Any, np.dtype[np.intp]]

#: points per series a chart on the page gets, at most
CHART_POINTS = 2000


def lttb_indices(x: FloatArray, y: FloatArray, n: int) -> IntArray:
    """The indices of at most `n` points of (x, y) that keep its shape, in order.

    `x` must not decrease. NaN in `y` (no value there) loses to any value in its bucket; a bucket of
    NaN only keeps one, so a gap in the data stays a gap on the chart.
    """
    size = int(x.shape[0])
    if n >= size or size <= 2:
        return np.arange(size, dtype=np.intp)
    if n < 3:
        return np.array([0, size - 1], dtype=np.intp)[:n]
    # buckets 1..n-2 split the points between the first and the last evenly; 0 and n-1 hold those two
    edges = np.linspace(1, size - 1, n - 1).astype(np.intp)
    bucket = np.zeros(size, dtype=np.intp)
    bucket[1:-1] = np.searchsorted(edges, np.arange(1, size - 1), side="right")
    bucket[-1] = n - 1
    finite = np.isfinite(y)
    y0 = np.where(finite, y, 0.0)
    count = np.bincount(bucket, weights=finite.astype(np.float64), minlength=n)
    with np.errstate(invalid="ignore", divide="ignore"):
        mean_x = np.bincount(bucket, weights=x, minlength=n) / np.bincount(bucket, minlength=n)
        mean_y = np.bincount(bucket, weights=y0, minlength=n) / count
    # a bucket without values borrows its neighbour's level, so its neighbours' triangles stay finite
    mean_y = np.nan_to_num(forward_fill(mean_y), nan=0.0)
    ax, ay = mean_x[np.maximum(bucket - 1, 0)], mean_y[np.maximum(bucket - 1, 0)]
    cx, cy = mean_x[np.minimum(bucket + 1, n - 1)], mean_y[np.minimum(bucket + 1, n - 1)]
    area = np.abs((ax - cx) * (y - ay) - (ax - x) * (cy - ay))
    area = np.where(np.isfinite(area), area, -1.0)
    order = np.lexsort((area, bucket))  # by bucket, then by area: each bucket's largest comes last
    last = np.searchsorted(bucket[order], np.arange(n), side="right") - 1
    return np.asarray(order[last], dtype=np.intp)


def shared_indices(x: FloatArray, series: Sequence[FloatArray | None], n: int = CHART_POINTS) -> IntArray:
    """The indices of at most `n` points that keep the shape of every series drawn against `x`.

    Each series keeps its LTTB points from an equal share of `n`; their union is what the charts
    share, so stacked charts keep one x axis (one cursor, one zoom).
    """
    drawn = [s for s in series if s is not None]
    size = int(x.shape[0])
    if size <= n:
        return np.arange(size, dtype=np.intp)
    if not drawn:
        return stride_indices(size, n)
    share = max(3, n // len(drawn))
    return np.unique(np.concatenate([lttb_indices(x, s, share) for s in drawn])).astype(np.intp)


def stride_indices(size: int, n: int = CHART_POINTS) -> IntArray:
    """At most `n` evenly spaced indices, the first and the last among them: for a route, where the
    2-D line has no single y whose shape LTTB could keep."""
    if size <= n:
        return np.arange(size, dtype=np.intp)
    return np.unique(np.linspace(0, size - 1, n).round().astype(np.intp))
