"""What the training log gives back: typed, frozen records, SI inside (metres, seconds, s per km).

These are the seam between the store and its readers (the CLI, the web app, a notebook): here one
activity's (`StoredActivity`: its summary, splits, levels, result and planned session); the history's and
the schedule's are in `store/history_records.py`. Paces are
seconds per km as stored; each record converts to the reader's unit only in a method that takes it
(`pace_s(unit)`) and in `to_json(unit)`, the JSON the CLI's `--json` and the web API print. Days are
local calendar days in the zone the store was opened with (`Store.tz`); instants are UTC.
"""

from __future__ import annotations

import datetime as dt
import math
from dataclasses import dataclass
from typing import TYPE_CHECKING, Any, Literal

from progtempo.activity import iso_utc
from progtempo.units import Unit, convert_pace, unit_m

if TYPE_CHECKING:
    from progtempo.plan.ladder import Session

Kind = Literal["all", "run", "progressive"]


def in_unit(pace_s_per_km: float | None, unit: Unit) -> float | None:
    """A pace stored per km, in seconds per `unit` (None stays None)."""
    return convert_pace(pace_s_per_km, "km", unit) if pace_s_per_km is not None else None


@dataclass(frozen=True)
class ActivitySummary:
    """One activity as the log lists it, with the coach's verdict when it was a scored run.

    `score`, `boss` and `insight` are None for what was not a progressive run (or not a run).
    `start_time` is UTC, `local_start` the same instant in the store's zone (`date` is its day).
    `event_id` links the legs of one multisport event; `session_index` is the leg's place in its file.
    """

    id: int
    start_time: dt.datetime
    local_start: dt.datetime
    name: str | None
    sport: str
    is_running: bool
    distance_m: float | None
    elapsed_s: float | None
    moving_s: float | None
    elev_gain_m: float | None
    avg_hr: float | None
    max_hr: float | None
    device: str | None
    format: str
    source: str
    progressive: bool
    score: float | None
    boss: str | None
    insight: str | None
    planned: str | None
    warnings: tuple[str, ...] = ()
    event_id: int | None = None
    session_index: int = 1

    @property
    def date(self) -> dt.date:
        """The local day the activity started on (in the store's zone)."""
        return self.local_start.date()

    @property
    def pace_s_per_km(self) -> float | None:
        """Average moving pace (elapsed when no moving time), seconds per km; None without distance."""
        t = self.moving_s if self.moving_s is not None else self.elapsed_s
        return t / self.distance_m * 1000.0 if self.distance_m and t else None

    def pace_s(self, unit: Unit) -> float | None:
        """Average pace in seconds per `unit`."""
        return in_unit(self.pace_s_per_km, unit)

    def to_json(self, unit: Unit) -> dict[str, Any]:
        """The `log --json` row; paces in s per `unit`."""
        pace = self.moving_s / self.distance_m * unit_m(unit) if self.distance_m and self.moving_s else None
        return {
            "id": self.id,
            "date": self.date.isoformat(),
            "start_time": iso_utc(self.start_time),
            "name": self.name,
            "sport": self.sport,
            "is_running": self.is_running,
            "distance_m": self.distance_m,
            "elapsed_s": self.elapsed_s,
            "moving_s": self.moving_s,
            "pace_s": pace,
            "elev_gain_m": self.elev_gain_m,
            "avg_hr": self.avg_hr,
            "max_hr": self.max_hr,
            "device": self.device,
            "format": self.format,
            "source": self.source,
            "progressive": self.progressive,
            "score": self.score,
            "boss": self.boss,
            "insight": self.insight,
            "planned": self.planned,
            "event_id": self.event_id,
            "session_index": self.session_index,
            "warnings": list(self.warnings),
        }


@dataclass(frozen=True)
class Counts:
    """How many activities, runs, progressive sessions and planned sessions an athlete has."""

    activities: int = 0
    runs: int = 0
    progressive: int = 0
    planned: int = 0

    def to_json(self) -> dict[str, int]:
        return {
            "activities": self.activities,
            "runs": self.runs,
            "progressive": self.progressive,
            "planned": self.planned,
        }


@dataclass(frozen=True)
class StoredSplit:
    """One stored split of a run (exact boundaries of `StoredActivity.split_m`)."""

    index: int
    start_m: float
    distance_m: float
    elapsed_s: float
    moving_s: float | None
    pace_s_per_km: float | None
    gap_s_per_km: float | None
    elev_gain_m: float | None
    elev_loss_m: float | None
    avg_grade: float | None
    avg_hr: float | None
    max_hr: float | None
    partial: bool
    avg_power_w: float | None = None
    avg_cadence_spm: float | None = None

    def pace_s(self, unit: Unit) -> float | None:
        return in_unit(self.pace_s_per_km, unit)

    def gap_s(self, unit: Unit) -> float | None:
        return in_unit(self.gap_s_per_km, unit)

    def to_json(self, unit: Unit) -> dict[str, Any]:
        return {
            "index": self.index,
            "start_m": self.start_m,
            "distance_m": self.distance_m,
            "elapsed_s": self.elapsed_s,
            "moving_s": self.moving_s,
            "pace_s": self.pace_s(unit),
            "gap_s": self.gap_s(unit),
            "elev_gain_m": self.elev_gain_m,
            "elev_loss_m": self.elev_loss_m,
            "avg_grade": self.avg_grade,
            "avg_hr": self.avg_hr,
            "max_hr": self.max_hr,
            "avg_power_w": self.avg_power_w,
            "avg_cadence_spm": self.avg_cadence_spm,
            "partial": self.partial,
        }


def _metres(v: float | None) -> float:
    """A level's place on the run; NaN (as `coach.Level` has it) for a level the run never reached."""
    return float(v) if v is not None else math.nan


@dataclass(frozen=True)
class StoredLevel:
    """One level (plan segment) as the coach judged it, paces in seconds per km. A level by effort has no
    target pace (None, tolerance 0): it was judged by heart rate or by GAP against the level before."""

    index: int
    start_m: float
    distance_m: float
    target_pace_s_per_km: float | None
    tolerance_s_per_km: float
    actual_pace_s_per_km: float | None
    pace_s_per_km: float | None
    gap_s_per_km: float | None
    used: str
    verdict: str
    off_s_per_km: float | None
    avg_hr: float | None
    partial: bool
    hilly: str | None = None
    surge: bool = False
    hr_change_bpm: float | None = None

    def target_pace_s(self, unit: Unit) -> float | None:
        return in_unit(self.target_pace_s_per_km, unit)

    def actual_pace_s(self, unit: Unit) -> float | None:
        return in_unit(self.actual_pace_s_per_km, unit)

    def off_s(self, unit: Unit) -> float | None:
        return in_unit(self.off_s_per_km, unit)

    @classmethod
    def from_json(cls, doc: dict[str, Any], unit: Unit) -> StoredLevel:
        """A level from the JSON column it is kept in (written by `coach.Level.to_json`, in `unit`)."""

        def km(v: float | None) -> float | None:
            return convert_pace(float(v), unit, "km") if v is not None else None

        target = doc["target_pace_s"]
        slow = doc.get("slow_pace_s")
        tolerance = float(slow) - float(target) if slow is not None and target is not None else 0.0
        return cls(
            index=int(doc["index"]),
            start_m=_metres(doc["start_m"]),
            distance_m=_metres(doc["distance_m"]),
            target_pace_s_per_km=km(target),
            tolerance_s_per_km=convert_pace(tolerance, unit, "km"),
            actual_pace_s_per_km=km(doc["actual_pace_s"]),
            pace_s_per_km=km(doc["pace_s"]),
            gap_s_per_km=km(doc["gap_s"]),
            used=str(doc["used"]),
            verdict=str(doc["verdict"]),
            off_s_per_km=km(doc["off_s"]),
            avg_hr=doc["avg_hr"],
            partial=bool(doc["partial"]),
            hilly=doc.get("hilly"),
            surge=bool(doc.get("surge")),
            hr_change_bpm=doc.get("hr_change_bpm"),
        )

    def to_json(self, unit: Unit) -> dict[str, Any]:
        target = self.target_pace_s(unit)
        tol = convert_pace(self.tolerance_s_per_km, "km", unit)
        return {
            "index": self.index,
            "start_m": self.start_m,
            "distance_m": self.distance_m,
            "target_pace_s": target,
            "slow_pace_s": target + tol if target is not None else None,
            "fast_pace_s": target - tol if target is not None else None,
            "actual_pace_s": self.actual_pace_s(unit),
            "pace_s": in_unit(self.pace_s_per_km, unit),
            "gap_s": in_unit(self.gap_s_per_km, unit),
            "used": self.used,
            "verdict": self.verdict,
            "off_s": self.off_s(unit),
            "avg_hr": self.avg_hr,
            "hr_change_bpm": self.hr_change_bpm,
            "hilly": self.hilly,
            "surge": self.surge,
            "partial": self.partial,
        }


@dataclass(frozen=True)
class PlannedSummary:
    """A planned session (one week of a saved progression)."""

    id: int
    date: dt.date
    week: int
    change: str
    spec: str
    session: Session

    def to_json(self) -> dict[str, Any]:
        return {
            "id": self.id,
            "date": self.date.isoformat(),
            "week": self.week,
            "change": self.change,
            "spec": self.spec,
            "plan": self.session.to_json(),
        }


@dataclass(frozen=True)
class StoredAdvice:
    """The coach's advice on a stored run, read from its JSON column (`coach.Advice.to_json`): the next
    session, what changed and why, the sentence. None where the column has no such field."""

    next_session: Session | None = None
    change: str | None = None
    why: str | None = None
    message: str | None = None

    @classmethod
    def from_json(cls, doc: dict[str, Any] | None) -> StoredAdvice:
        """The advice from its JSON column (None or {} for a run without advice)."""
        from progtempo.plan.ladder import Session

        doc = doc or {}
        nxt = doc.get("next_session")
        return cls(
            next_session=Session.from_json(nxt) if nxt else None,
            change=doc.get("change"),
            why=doc.get("why"),
            message=doc.get("message"),
        )


@dataclass(frozen=True)
class ScoredAs:
    """What a stored run was judged against, read from the coach's report (its JSON column,
    `CoachReport.to_json`): the target session's spec and the count of cleared sessions it was given."""

    spec: str | None = None
    cleared_before: int = 0

    @classmethod
    def from_json(cls, report: dict[str, Any] | None) -> ScoredAs:
        report = report or {}
        target = report.get("target") or {}
        return cls(spec=target.get("spec"), cleared_before=int(report.get("cleared_before") or 0))


@dataclass(frozen=True)
class StoredResult:
    """What the coach made of a stored run. `score`/`boss` are None when it was not a progressive run.

    `advice` and `report` are the coach's JSON as it was stored (for the API); everything a page or a
    table shows has its own typed field.
    """

    unit: Unit
    progressive: bool
    score: float | None
    boss: str | None
    insight: str | None
    message: str | None
    end_pace_s_per_km: float | None
    end_gap_s_per_km: float | None
    step_s_per_km: float | None
    segments: int | None
    levels_cleared: int | None
    levels: tuple[StoredLevel, ...]
    next_session: Session | None
    advice: dict[str, Any]
    report: dict[str, Any]

    def to_json(self, unit: Unit) -> dict[str, Any]:
        return {
            "progressive": self.progressive,
            "score": self.score,
            "boss": self.boss,
            "insight": self.insight,
            "end_pace_s": in_unit(self.end_pace_s_per_km, unit),
            "end_gap_s": in_unit(self.end_gap_s_per_km, unit),
            "step_s": in_unit(self.step_s_per_km, unit),
            "segments": self.segments,
            "levels_cleared": self.levels_cleared,
            "levels": [lv.to_json(unit) for lv in self.levels],
            "advice": self.advice,
            "report": self.report,
        }


@dataclass(frozen=True)
class StoredActivity:
    """One activity in full: its summary, splits, the coach's result and the planned session it met."""

    summary: ActivitySummary
    split_m: float | None
    splits: tuple[StoredSplit, ...]
    result: StoredResult | None
    planned: PlannedSummary | None

    @property
    def id(self) -> int:
        return self.summary.id

    def to_json(self, unit: Unit) -> dict[str, Any]:
        """The `log --id N --json` document; paces in s per `unit`."""
        return {
            "unit": unit,
            "activity": self.summary.to_json(unit),
            "split_m": self.split_m,
            "splits": [s.to_json(unit) for s in self.splits],
            "result": self.result.to_json(unit) if self.result else None,
            "planned": self.planned.to_json() if self.planned else None,
        }
