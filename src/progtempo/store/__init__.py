"""The training log: `open_store` gives a `Store`, whose methods are the typed queries and the import.

Reads come back as the typed records of `progtempo.store.records` (one activity) and
`progtempo.store.history_records` (the history, the schedule); an import returns an
`ImportReport`. See `Store` for the whole API (the CLI and the web app use only it).
"""

from __future__ import annotations

from progtempo.store.db import Store, default_db_path, open_store
from progtempo.store.history_records import History, HistoryEntry, PlannedEntry, Streaks, WeekVolume
from progtempo.store.importer import DuplicateOf, ImportReport, Upload
from progtempo.store.records import (
    ActivitySummary,
    Counts,
    PlannedSummary,
    StoredActivity,
    StoredLevel,
    StoredResult,
    StoredSplit,
)
from progtempo.store.runs import StoredRun
from progtempo.store.writes import SavedSchedule

__all__ = [
    "ActivitySummary",
    "Counts",
    "DuplicateOf",
    "History",
    "HistoryEntry",
    "ImportReport",
    "PlannedEntry",
    "PlannedSummary",
    "SavedSchedule",
    "Store",
    "StoredActivity",
    "StoredLevel",
    "StoredResult",
    "StoredRun",
    "StoredSplit",
    "Streaks",
    "Upload",
    "WeekVolume",
    "default_db_path",
    "open_store",
]
