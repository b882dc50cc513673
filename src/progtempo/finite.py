"""Finite numbers: what a table, a chart or a JSON document can show. NaN and infinities mean "no value"
(JSON has neither), and so does None."""

from __future__ import annotations

import math
from typing import TypeGuard


def finite(x: object) -> TypeGuard[float]:
    """True for a real number that is neither NaN nor infinite (bool is not a number here)."""
    return isinstance(x, int | float) and not isinstance(x, bool) and math.isfinite(x)


def finite_or_none(x: float | None) -> float | None:
    """`x`, or None for None, NaN and infinities."""
    return x if finite(x) else None
