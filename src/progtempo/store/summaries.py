"""The log's activities laid out as columns, for `Store.activities_frame` (pandas comes in at
`progtempo.frames`)."""

from __future__ import annotations

from collections.abc import Sequence
from typing import TYPE_CHECKING

from progtempo.store.records import ActivitySummary

if TYPE_CHECKING:
    import pandas

#: the frame's columns, in order: SI, the unit in each name
COLUMNS = (
    "id", "start_time", "date", "name", "sport", "is_running", "distance_m", "elapsed_s", "moving_s",
    "pace_s_per_km", "elev_gain_m", "avg_hr", "max_hr", "device", "format", "progressive", "score",
    "boss", "insight", "planned", "event_id", "source",
)  # fmt: skip


def activities_frame(summaries: Sequence[ActivitySummary]) -> pandas.DataFrame:
    """One row per activity, oldest first; `start_time` is a UTC timestamp, `date` the local day."""
    from progtempo.frames import frame

    ordered = sorted(summaries, key=lambda a: (a.start_time, a.id))
    return frame(
        {c: [getattr(a, c) for a in ordered] for c in COLUMNS}, utc=["start_time"], what="the activities"
    )
