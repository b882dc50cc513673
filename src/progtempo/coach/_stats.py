"""`median`, `fmean` and `pstdev` giving exactly what the `statistics` module gives, without importing it.

`statistics` pulls in `random`, `fractions` and `decimal` (several ms at every start of `progtempo
analyze`) for three small functions. These follow CPython's own algorithms for plain numbers (ints and
floats): the same sort and middle for the median, `math.fsum` for the mean, and for the population
standard deviation the exact rational variance and its correctly rounded square root. Anything else (an
empty input, NaN or infinity, Decimal, Fraction) is handed to `statistics`, so errors and odd inputs
behave exactly as before.
"""

from __future__ import annotations

import math
import sys
from collections.abc import Iterable, Sequence
from typing import Any

_SQRT_BIT_WIDTH = 2 * sys.float_info.mant_dig + 3


def _plain_finite(values: Sequence[Any]) -> bool:
    """Every value an int, or a finite float."""
    return all(isinstance(x, int) or (isinstance(x, float) and math.isfinite(x)) for x in values)


def median(data: Iterable[float]) -> float:
    """The middle value (the mean of the two middle ones for an even count), as `statistics.median`."""
    values = sorted(data)
    n = len(values)
    if n == 0:
        import statistics

        return statistics.median(values)
    if n % 2 == 1:
        return values[n // 2]
    i = n // 2
    return (values[i - 1] + values[i]) / 2


def fmean(data: Iterable[float]) -> float:
    """The arithmetic mean as a float (`math.fsum` over the count), as `statistics.fmean`."""
    values = list(data)
    if not values:
        import statistics

        return statistics.fmean(values)
    return math.fsum(values) / len(values)


def pstdev(data: Iterable[float]) -> float:
    """Population standard deviation: the exact variance's correctly rounded root, as `statistics.pstdev`."""
    values = list(data)
    if not values or not _plain_finite(values):
        import statistics

        return statistics.pstdev(values)
    # Exact sums over a common power-of-two denominator: each float is num / 2**k.
    ratios = [x.as_integer_ratio() for x in values]
    shift = max(d.bit_length() - 1 for _, d in ratios)
    nums = [n << (shift - (d.bit_length() - 1)) for n, d in ratios]
    count = len(nums)
    sx = sum(nums)
    sxx = sum(n * n for n in nums)
    # variance = (count·Σx² − (Σx)²) / count², with every x scaled by 2**shift
    num = count * sxx - sx * sx
    den = (count * count) << (2 * shift)
    g = math.gcd(num, den)
    return _float_sqrt_of_frac(num // g, den // g)


def _integer_sqrt_of_frac_rto(n: int, m: int) -> int:
    """Square root of n/m, rounded to an integer by round-to-odd."""
    a = math.isqrt(n // m)
    return a | (a * a * m != n)


def _float_sqrt_of_frac(n: int, m: int) -> float:
    """Square root of n/m as a correctly rounded float (CPython's statistics algorithm)."""
    q = (n.bit_length() - m.bit_length() - _SQRT_BIT_WIDTH) // 2
    if q >= 0:
        return float(_integer_sqrt_of_frac_rto(n, m << 2 * q) << q)
    return _integer_sqrt_of_frac_rto(n << -2 * q, m) / (1 << -q)
