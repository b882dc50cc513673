"""pandas DataFrames for notebooks (`pip install 'progtempo[pandas]'`).

`Activity.records_frame()`, `Analysis.splits_frame()` and `Store.activities_frame()` lay out their
columns (SI, the unit in each name) and call `frame` here: the only module that imports pandas, and
only when called. It knows no progtempo type, so the layers keep their one direction.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from typing import TYPE_CHECKING, Any

from progtempo.errors import ProgtempoError

if TYPE_CHECKING:
    import pandas


def frame(
    columns: Mapping[str, Sequence[Any] | Any], *, utc: Sequence[str] = (), what: str = "this"
) -> pandas.DataFrame:
    """A DataFrame of `columns` (name -> values, in order); the `utc` ones hold datetimes, or Unix
    seconds as floats, and become timezone-aware UTC timestamps."""
    try:
        import pandas as pd
    except ImportError:
        raise ProgtempoError(
            f"{what} frame needs pandas: install it with `pip install 'progtempo[pandas]'`"
        ) from None
    out: pandas.DataFrame = pd.DataFrame(dict(columns))
    for name in utc:
        values = out[name]
        if values.dtype.kind in "fi":
            out[name] = pd.to_datetime(values, unit="s", utc=True)
        else:
            out[name] = pd.to_datetime(values, utc=True)
    return out
