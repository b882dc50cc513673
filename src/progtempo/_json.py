"""Plain JSON from the documents the library builds: for `--json` output and for the store's JSON columns."""

from __future__ import annotations

import math
from typing import Any


def json_safe(obj: Any) -> Any:
    """`obj` with numpy scalars as Python numbers, NaN and infinities as None and keys as strings.

    NaN is not JSON, and PostgreSQL refuses it in a JSON column.
    """
    if isinstance(obj, float):
        return obj if math.isfinite(obj) else None
    if isinstance(obj, dict):
        return {str(k): json_safe(v) for k, v in obj.items()}
    if isinstance(obj, list | tuple):
        return [json_safe(v) for v in obj]
    if hasattr(obj, "item") and callable(obj.item):  # numpy scalars
        return json_safe(obj.item())
    return obj
