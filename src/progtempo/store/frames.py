"""The log as a pandas DataFrame, for notebooks (`pip install 'progtempo[pandas]'`).

The only module of the store that imports pandas, and only when called.
"""

from __future__ import annotations

from collections.abc import Sequence
from typing import TYPE_CHECKING

from progtempo.errors import ProgtempoError

if TYPE_CHECKING:
    import pandas

    from progtempo.store.records import ActivitySummary

#: the frame's columns, in order: SI, the unit in each name
COLUMNS = (
    "id", "start_time", "date", "name", "sport", "is_running", "distance_m", "elapsed_s", "moving_s",
    "pace_s_per_km", "elev_gain_m", "avg_hr", "max_hr", "device", "format", "progressive", "score",
    "boss", "insight", "planned", "event_id", "source",
)  # fmt: skip


def activities_frame(summaries: Sequence[ActivitySummary]) -> pandas.DataFrame:
    """One row per activity, oldest first; `start_time` is a UTC timestamp, `date` the local day."""
    try:
        import pandas as pd
    except ImportError:
        raise ProgtempoError(
            "the activities frame needs pandas: install it with `pip install 'progtempo[pandas]'`"
        ) from None
    rows = [_record(a) for a in sorted(summaries, key=lambda a: (a.start_time, a.id))]
    frame = pd.DataFrame.from_records(rows, columns=list(COLUMNS))
    frame["start_time"] = pd.to_datetime(frame["start_time"], utc=True)
    return frame


def _record(a: ActivitySummary) -> tuple[object, ...]:
    return (a.id, a.start_time, a.date, a.name, a.sport, a.is_running, a.distance_m, a.elapsed_s,
            a.moving_s, a.pace_s_per_km, a.elev_gain_m, a.avg_hr, a.max_hr, a.device, a.format,
            a.progressive, a.score, a.boss, a.insight, a.planned, a.event_id, a.source)  # fmt: skip
