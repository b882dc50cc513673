"""The coach's fast paths give exactly, bit for bit, what the straightforward code gives.

`_stats` stands in for the `statistics` module (too slow to import at every start), and the block
search lays its segments with array rows and pools its fade with a mean stack; each is checked here
against a plain reference on random inputs, with `==`, not approx: a rule such as "the fade is within
3.5 % of the median" must not flip on the last bit.
"""

from __future__ import annotations

import itertools
import math
import statistics
from collections.abc import Sequence

import numpy as np
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from progtempo.coach import _stats
from progtempo.coach.block import fade_rms_s, segments_at_offset
from progtempo.coach.score import slope_faster

numbers = st.one_of(
    st.floats(-1e6, 1e6, allow_nan=False),
    st.floats(150.0, 900.0),  # paces
    st.integers(-1000, 1000),
    st.floats(allow_nan=False, allow_infinity=False, min_value=-1e300, max_value=1e300),
)


@settings(max_examples=300, deadline=None)
@given(st.lists(numbers, min_size=1, max_size=40))
def test_stats_match_the_statistics_module(data: list[float]) -> None:
    assert _stats.median(data) == statistics.median(data)
    assert _stats.fmean(iter(data)) == statistics.fmean(data)
    assert _stats.pstdev(data) == statistics.pstdev(data)


def test_stats_on_known_values() -> None:
    assert _stats.median([3, 1, 2]) == 2 and _stats.median([4.0, 1.0, 3.0, 2.0]) == 2.5
    assert _stats.fmean(x for x in (1.0, 2.0, 4.0)) == pytest.approx(7 / 3)
    assert _stats.pstdev([2, 4, 4, 4, 5, 5, 7, 9]) == 2.0
    assert _stats.pstdev([0.1] * 7) == 0.0  # exact: no rounding residue


@pytest.mark.parametrize("fn", [_stats.median, _stats.fmean, _stats.pstdev])
def test_stats_on_empty_data_raise_as_statistics_does(fn: object) -> None:
    with pytest.raises(statistics.StatisticsError):
        fn([])  # type: ignore[operator]


def test_pstdev_of_non_finite_data_is_the_statistics_module_s() -> None:
    for data in ([1.0, math.inf], [math.nan, 2.0]):
        with pytest.raises(AttributeError):  # CPython 3.11's own behaviour, kept
            statistics.pstdev(data)
        with pytest.raises(AttributeError):
            _stats.pstdev(data)


def naive_segments(
    edges_m: Sequence[float], paces_s: Sequence[float], offset: int, per_segment: int
) -> tuple[list[float], float]:
    """One segment at a time, as the block search first did it."""
    e = np.asarray(edges_m, dtype=float)
    p = np.asarray(paces_s, dtype=float)
    lengths = np.diff(e)
    paces: list[float] = []
    spread = 0.0
    k = offset
    while k + per_segment <= len(p):
        seg_len, seg_p = lengths[k : k + per_segment], p[k : k + per_segment]
        pace = float(np.sum(seg_p * seg_len)) / float(np.sum(seg_len))
        paces.append(pace)
        spread += float(np.sum(seg_len * (seg_p - pace) ** 2) / np.sum(seg_len))
        k += per_segment
    return paces, (spread / len(paces) if paces else float("inf"))


@pytest.mark.parametrize("seed", range(6))
def test_segments_at_offset_matches_one_segment_at_a_time(seed: int) -> None:
    rng = np.random.default_rng(seed)
    for _ in range(40):
        n = int(rng.integers(0, 500))
        per = int(rng.integers(1, 30))
        edges = np.cumsum(np.concatenate([[rng.uniform(0, 50)], rng.uniform(1, 80, n)])).tolist()
        paces = rng.uniform(150, 900, n).tolist() if seed % 2 else rng.integers(150, 900, n).tolist()
        for offset in range(per):
            assert segments_at_offset(edges, paces, offset, per) == naive_segments(edges, paces, offset, per)


def naive_fade(paces_s: Sequence[float]) -> float:
    """Pool adjacent violators on (sum, count) blocks, as the block search first did it."""
    sums: list[float] = []
    counts: list[int] = []
    for p in paces_s:
        sums.append(p)
        counts.append(1)
        while len(sums) > 1 and sums[-1] / counts[-1] > sums[-2] / counts[-2]:
            s, c = sums.pop(), counts.pop()
            sums[-1] += s
            counts[-1] += c
    fitted: list[float] = []
    for s, c in zip(sums, counts, strict=True):
        fitted.extend([s / c] * c)
    return float(np.sqrt(np.mean((np.asarray(paces_s) - np.asarray(fitted)) ** 2)))


@settings(max_examples=300, deadline=None)
@given(st.lists(st.one_of(st.floats(150.0, 900.0), st.integers(150, 900)), min_size=1, max_size=60))
def test_fade_matches_pooling_on_sums(paces: list[float]) -> None:
    assert fade_rms_s(paces) == naive_fade(paces)
    assert fade_rms_s(sorted(paces)) == naive_fade(sorted(paces))


@settings(max_examples=200, deadline=None)
@given(st.lists(st.floats(150.0, 900.0), min_size=2, max_size=150))
def test_slope_matches_the_least_squares_sums(paces: list[float]) -> None:
    n = len(paces)
    mx = (n - 1) / 2.0
    my = sum(paces) / n
    sxx = sum((i - mx) ** 2 for i in range(n))
    sxy = sum((i - mx) * (p - my) for i, p in enumerate(paces))
    assert slope_faster(paces) == -sxy / sxx


def test_slope_of_a_ladder() -> None:
    assert slope_faster([600.0, 580.0, 560.0, 540.0]) == pytest.approx(20.0)
    assert [slope_faster(list(p)) for p in itertools.permutations([1.0, 2.0])] == [-1.0, 1.0]
