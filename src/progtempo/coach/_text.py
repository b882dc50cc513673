"""Numbers in the coach's sentences: signed, and never `-0` (or `+0`) for what rounds to nothing."""

from __future__ import annotations


def signed(x: float, decimals: int = 0) -> str:
    """`x` with its sign (`+3`, `-1.2`), or `0` / `0.0` when it rounds to zero."""
    r = round(x, decimals)
    if r == 0:
        return f"{0:.{decimals}f}"
    return f"{r:+.{decimals}f}"
