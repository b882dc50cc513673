"""pandas DataFrames for notebooks (`pip install 'progtempo[pandas]'`): a run's records, its splits, the log.

`Activity.records_frame()`, `Analysis.splits_frame()` and `Store.activities_frame()` call these. The
only module that imports pandas, and only when called. Columns are SI with the unit in the name;
times are timezone-aware UTC timestamps.
"""

from __future__ import annotations

from collections.abc import Sequence
from typing import TYPE_CHECKING, Any

from progtempo.errors import ProgtempoError

if TYPE_CHECKING:
    import pandas

    from progtempo.activity import Activity
    from progtempo.analysis import Analysis
    from progtempo.store.records import ActivitySummary

#: the streams of a records frame, in order (the Activity's names: SI, the unit in each)
RECORD_STREAMS = ("distance_m", "lat", "lon", "altitude_m", "speed_m_s", "heart_rate", "cadence", "power")
#: the activities frame's columns, in order: SI, the unit in each name
COLUMNS = (
    "id", "start_time", "date", "name", "sport", "is_running", "distance_m", "elapsed_s", "moving_s",
    "pace_s_per_km", "elev_gain_m", "avg_hr", "max_hr", "device", "format", "progressive", "score",
    "boss", "insight", "planned", "event_id", "source",
)  # fmt: skip


def _pandas(what: str) -> Any:
    try:
        import pandas as pd
    except ImportError:
        raise ProgtempoError(
            f"the {what} frame needs pandas: install it with `pip install 'progtempo[pandas]'`"
        ) from None
    return pd


def records_frame(activity: Activity) -> pandas.DataFrame:
    """One row per record: `time` (UTC timestamp), `elapsed_s`, then each stream the file has
    (`distance_m`, `lat`, `lon`, `altitude_m`, `speed_m_s`, `heart_rate`, `cadence`, `power`), NaN where
    a record has no value."""
    pd = _pandas("records")
    start = pd.Timestamp(activity.start_time).tz_convert("UTC")
    columns: dict[str, Any] = {
        "time": start + pd.to_timedelta(activity.time_s, unit="s"),
        "elapsed_s": activity.time_s,
    }
    for name in RECORD_STREAMS:
        values = getattr(activity, name)
        if values is not None:
            columns[name] = values
    frame: pandas.DataFrame = pd.DataFrame(columns)
    return frame


def splits_frame(analysis: Analysis) -> pandas.DataFrame:
    """One row per split: where it starts (`start_time`, `start_m`), its length and times, pace and GAP
    in seconds per the analysis' unit (`pace_s_per_mi` or `_per_km`), climb, heart rate, power, cadence."""
    pd = _pandas("splits")
    u = analysis.unit
    start = pd.Timestamp(analysis.activity.start_time).tz_convert("UTC")
    rows = [
        (
            s.index,
            start + pd.to_timedelta(s.start_s, unit="s"),
            s.start_m,
            s.distance_m,
            s.elapsed_s,
            s.moving_s,
            s.pace_s,
            s.gap_s,
            s.elev_gain_m,
            s.elev_loss_m,
            s.avg_grade,
            s.avg_hr,
            s.max_hr,
            s.avg_power_w,
            s.avg_cadence_spm,
            s.partial,
        )
        for s in analysis.splits
    ]
    names = ["index", "start_time", "start_m", "distance_m", "elapsed_s", "moving_s", f"pace_s_per_{u}",
             f"gap_s_per_{u}", "elev_gain_m", "elev_loss_m", "avg_grade", "avg_hr", "max_hr", "avg_power_w",
             "avg_cadence_spm", "partial"]  # fmt: skip
    frame: pandas.DataFrame = pd.DataFrame.from_records(rows, columns=names)
    frame["start_time"] = pd.to_datetime(frame["start_time"], utc=True)
    return frame.astype({c: "float64" for c in names[2:-1]})


def activities_frame(summaries: Sequence[ActivitySummary]) -> pandas.DataFrame:
    """One row per activity, oldest first; `start_time` is a UTC timestamp, `date` the local day."""
    pd = _pandas("activities")
    rows = [_record(a) for a in sorted(summaries, key=lambda a: (a.start_time, a.id))]
    frame: pandas.DataFrame = pd.DataFrame.from_records(rows, columns=list(COLUMNS))
    frame["start_time"] = pd.to_datetime(frame["start_time"], utc=True)
    return frame


def _record(a: ActivitySummary) -> tuple[object, ...]:
    return (a.id, a.start_time, a.date, a.name, a.sport, a.is_running, a.distance_m, a.elapsed_s,
            a.moving_s, a.pace_s_per_km, a.elev_gain_m, a.avg_hr, a.max_hr, a.device, a.format,
            a.progressive, a.score, a.boss, a.insight, a.planned, a.event_id, a.source)  # fmt: skip
