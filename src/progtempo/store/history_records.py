"""What the training log's history and schedule give back: typed, frozen records, SI inside.

`History` (the progressive sessions, their streaks, the weeks' volume and how the end pace changed) and
`PlannedEntry` (a planned session and what became of it), with the conventions of `store/records.py`:
paces in seconds per km as stored, converted to the reader's unit only by `pace_s(unit)` and
`to_json(unit)`; days local to the store's zone, instants UTC.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Sequence
from dataclasses import dataclass
from typing import TYPE_CHECKING, Any, Literal

from progtempo.activity import iso_utc
from progtempo.finite import finite
from progtempo.store.records import in_unit
from progtempo.units import Unit, convert_pace

if TYPE_CHECKING:
    from progtempo.plan.adapt import Adapted
    from progtempo.plan.ladder import Session

Status = Literal["done", "missed", "due"]


@dataclass(frozen=True)
class HistoryEntry:
    """One progressive session in the history: how fast it ended, how well it went."""

    activity_id: int
    start_time: dt.datetime
    date: dt.date
    name: str | None
    distance_m: float | None
    end_pace_s_per_km: float | None
    end_gap_s_per_km: float | None
    step_s_per_km: float | None
    segments: int | None
    score: float | None
    levels_cleared: int | None
    boss: str | None
    planned: str | None

    @property
    def week(self) -> str:
        y, w, _ = self.date.isocalendar()
        return f"{y}-W{w:02d}"

    def to_json(self, unit: Unit) -> dict[str, Any]:
        return {
            "activity_id": self.activity_id,
            "date": self.date.isoformat(),
            "start_time": iso_utc(self.start_time),
            "week": self.week,
            "name": self.name,
            "distance_m": self.distance_m,
            "end_pace_s": in_unit(self.end_pace_s_per_km, unit),
            "end_gap_s": in_unit(self.end_gap_s_per_km, unit),
            "step_s": in_unit(self.step_s_per_km, unit),
            "segments": self.segments,
            "score": self.score,
            "levels_cleared": self.levels_cleared,
            "boss": self.boss,
            "planned": self.planned,
        }


@dataclass(frozen=True)
class Streaks:
    """Consistency: runs of consecutive ISO weeks with at least one progressive session."""

    current_weeks: int
    longest_weeks: int
    longest_from: dt.date | None  # Monday of the first week of the longest streak
    longest_to: dt.date | None  # Monday of its last week
    weeks_with_sessions: int

    def to_json(self) -> dict[str, Any]:
        return {
            "current_weeks": self.current_weeks,
            "longest_weeks": self.longest_weeks,
            "longest_from": self.longest_from.isoformat() if self.longest_from else None,
            "longest_to": self.longest_to.isoformat() if self.longest_to else None,
            "weeks_with_sessions": self.weeks_with_sessions,
        }


@dataclass(frozen=True)
class WeekVolume:
    """What was run in one ISO week (Monday `week_start`): each run counted once, duplicates never."""

    week_start: dt.date
    runs: int
    distance_m: float
    moving_s: float
    progressive: int

    def to_json(self) -> dict[str, Any]:
        y, w, _ = self.week_start.isocalendar()
        return {
            "week": f"{y}-W{w:02d}",
            "week_start": self.week_start.isoformat(),
            "runs": self.runs,
            "distance_m": self.distance_m,
            "moving_s": self.moving_s,
            "progressive": self.progressive,
        }


@dataclass(frozen=True)
class PaceChange:
    """How much faster the last of some sessions ended than the first: by end GAP when both have one
    (hills don't hide the gain), else by end pace. Paces in seconds per km."""

    what: Literal["end pace", "end GAP"]
    first_s_per_km: float
    last_s_per_km: float
    sessions: int

    def first_s(self, unit: Unit) -> float:
        return convert_pace(self.first_s_per_km, "km", unit)

    def last_s(self, unit: Unit) -> float:
        return convert_pace(self.last_s_per_km, "km", unit)

    def faster_s(self, unit: Unit) -> float:
        """Seconds per `unit` faster at the end (negative: slower)."""
        return self.first_s(unit) - self.last_s(unit)


def end_change(sessions: Sequence[HistoryEntry]) -> PaceChange | None:
    """The change from the first session to the last (None with fewer than two, or no paces)."""
    if len(sessions) < 2:
        return None
    first, last = sessions[0], sessions[-1]
    a: float | None
    b: float | None
    if finite(first.end_gap_s_per_km) and finite(last.end_gap_s_per_km):
        a, b, what = first.end_gap_s_per_km, last.end_gap_s_per_km, "end GAP"
    else:
        a, b, what = first.end_pace_s_per_km, last.end_pace_s_per_km, "end pace"
    if not (finite(a) and finite(b)):
        return None
    return PaceChange(what, a, b, len(sessions))  # type: ignore[arg-type]


@dataclass(frozen=True)
class History:
    """The progressive sessions oldest first, the streaks of steady weeks, and the weekly volume."""

    sessions: tuple[HistoryEntry, ...]
    streaks: Streaks
    weeks: tuple[WeekVolume, ...]

    def end_change(self) -> PaceChange | None:
        """How much faster the newest session ended than the oldest (see `end_change`)."""
        return end_change(self.sessions)

    def to_json(self, unit: Unit) -> dict[str, Any]:
        """The `history --json` body (without the athlete and unit the caller adds)."""
        return {
            "sessions": [e.to_json(unit) for e in self.sessions],
            "streaks": self.streaks.to_json(),
            "weeks": [w.to_json() for w in self.weeks],
        }


@dataclass(frozen=True)
class PlannedEntry:
    """A planned session and what became of it: done (a run is linked), missed, or due."""

    id: int
    date: dt.date
    week: int
    change: str
    spec: str
    session: Session
    status: Status
    activity_id: int | None
    score: float | None
    #: why the session differs from the progression as saved (None: it is the original)
    adapted: Adapted | None = None
    #: set by hand (`schedule --set`): never rewritten
    override: bool = False
    #: the session as the progression saved it
    original_spec: str | None = None

    def to_json(self) -> dict[str, Any]:
        return {
            "id": self.id,
            "date": self.date.isoformat(),
            "week": self.week,
            "change": self.change,
            "spec": self.spec,
            "status": self.status,
            "activity_id": self.activity_id,
            "score": self.score,
            "plan": self.session.to_json(),
            "adapted": self.adapted.to_json() if self.adapted else None,
            "override": self.override,
            "original_spec": self.original_spec or self.spec,
        }
