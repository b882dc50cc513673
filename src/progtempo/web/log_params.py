"""What the log's routes take: the list's filters, a run's re-analysis, a progression to save.

The names are the CLI's (`log --since --until --kind --limit`, `analyze --split --plan --gap-model`,
`schedule SPEC --weeks --start-date --day --hold …`), read into the library's own types: dates, a split
length in metres, a plan `Session` (never read from a file: `plan_files=False`), a `SessionRequest`
and a `ScheduleRequest`.
"""

from __future__ import annotations

import datetime as dt
import re
from dataclasses import dataclass
from typing import TYPE_CHECKING, Annotated, Any, Literal

from fastapi import Depends, Query
from pydantic import BaseModel, BeforeValidator, ConfigDict, Field, field_validator

from progtempo.plan.request import ScheduleRequest, SessionRequest
from progtempo.units import Unit
from progtempo.web.params import session_request
from progtempo.web.state import AppState, state

if TYPE_CHECKING:
    from progtempo.plan.ladder import Session
    from progtempo.web.settings import WebSettings

Kind = Literal["all", "run", "progressive"]
Weekday = Literal["mon", "tue", "wed", "thu", "fri", "sat", "sun"]
_TEXT = 200


def _iso_day(value: Any) -> Any:
    """Only `YYYY-MM-DD` is a day (pydantic would read `0` as 1970-01-01)."""
    if isinstance(value, str) and not re.fullmatch(r"\d{4}-\d{2}-\d{2}", value.strip()):
        raise ValueError("give a day as YYYY-MM-DD, e.g. 2026-03-04")
    return value


#: a local calendar day, written YYYY-MM-DD
Day = Annotated[dt.date, BeforeValidator(_iso_day)]


@dataclass(frozen=True)
class LogFilter:
    """Which activities: started from `since` to `until` (local days), of a kind, the newest `limit`."""

    unit: Unit
    since: dt.date | None
    until: dt.date | None
    kind: Kind
    limit: int | None


def unit_query(
    app: Annotated[AppState, Depends(state)],
    unit: Annotated[Unit | None, Query(description="mi or km (default: the server's --unit).")] = None,
) -> Unit:
    """The unit paces are given in: the query's, else the server's."""
    return unit or app.settings.unit


def log_filter(
    unit: Annotated[Unit, Depends(unit_query)],
    since: Annotated[Day | None, Query(description="From this day on (YYYY-MM-DD, local).")] = None,
    until: Annotated[Day | None, Query(description="Up to this day, inclusive.")] = None,
    kind: Annotated[Kind, Query(description="all, run (running only) or progressive.")] = "all",
    limit: Annotated[int | None, Query(ge=1, le=100_000, description="At most this many, newest first.")] = (
        None
    ),
) -> LogFilter:
    return LogFilter(unit=unit, since=since, until=until, kind=kind, limit=limit)


@dataclass(frozen=True)
class RunQuery:
    """How to analyse a stored run again: the unit, a split length and a plan (None: as stored)."""

    unit: Unit
    split: str | None
    plan_spec: str | None
    gap_model: Literal["strava", "minetti"]
    split_m: float | None
    plan: Session | None

    def query_string(self) -> str:
        """The re-analysis as a query string (empty when it is the stored one)."""
        from urllib.parse import urlencode

        pairs = [(k, v) for k, v in (("split", self.split), ("plan", self.plan_spec)) if v]
        if self.gap_model != "strava":
            pairs.append(("gap_model", self.gap_model))
        return urlencode(pairs)


def run_query(
    app: Annotated[AppState, Depends(state)],
    unit: Annotated[Unit | None, Query(description="mi or km (default: the server's --unit).")] = None,
    split: Annotated[
        str | None, Query(max_length=_TEXT, description="Split length: 1mi, 1km, 400m… (default: one unit).")
    ] = None,
    plan: Annotated[
        str | None,
        Query(
            max_length=_TEXT,
            description="Judge against this ladder instead of the planned session, e.g. 6x1mi 10:00-7:30.",
        ),
    ] = None,
    gap_model: Annotated[
        Literal["strava", "minetti"], Query(description="Grade Adjusted Pace model.")
    ] = "strava",
) -> RunQuery:
    """The query read into a split length (metres) and a plan, in the unit paces are read in."""
    from progtempo.plan.request import build_session
    from progtempo.units import parse_distance

    base = unit or app.settings.unit
    session = None
    if plan:
        session, _ = build_session(session_request(app.settings, unit, plan))
    split_unit = session.unit if session is not None else base
    split_m = parse_distance(split, split_unit) if split else None
    return RunQuery(base, split, plan, gap_model, split_m, session)


def _blank_is_none(value: Any) -> Any:
    """A form field left blank means not given."""
    return None if isinstance(value, str) and not value.strip() else value


class ScheduleForm(BaseModel):
    """A progression to save, as `progtempo schedule` takes it: the session, then the weeks."""

    model_config = ConfigDict(extra="forbid")

    spec: str | None = Field(None, max_length=_TEXT, description="The compact spec, e.g. 6x1mi 10:00-7:30.")
    segments: int | None = Field(None, ge=1, le=100, description="Number of segments.")
    distance: str | None = Field(None, max_length=_TEXT, description="Total ladder distance, e.g. 6mi.")
    segment_length: str | None = Field(None, max_length=_TEXT, description="Length of one segment: 1mi.")
    start: str | None = Field(None, max_length=_TEXT, description="Start (slowest) pace, e.g. 10:00.")
    end: str | None = Field(None, max_length=_TEXT, description="End (fastest) pace, e.g. 7:30.")
    step: str | None = Field(None, max_length=_TEXT, description="Seconds faster per segment.")
    tolerance: str | None = Field(None, max_length=_TEXT, description="Pace window ± seconds per unit.")
    warmup: str | None = Field(None, max_length=_TEXT, description="Easy warm-up: 1mi or 10min.")
    cooldown: str | None = Field(None, max_length=_TEXT, description="Easy cool-down.")
    easy_pace: str | None = Field(None, max_length=_TEXT, description="Warm-up and cool-down pace.")
    by: Literal["pace", "effort"] = Field("pace", description="Prescribe by pace or by effort.")
    from_race: str | None = Field(None, max_length=_TEXT, description="Paces from a race: 10k=45:00.")
    unit: Unit | None = Field(None, description="mi or km (default: the server's --unit, or the spec's).")
    weeks: int = Field(12, ge=1, le=104, description="Weeks to plan.")
    start_date: Day | None = Field(None, description="First session (default: the next `day`).")
    day: Weekday | None = Field(None, description="Weekday of the sessions (default wed).")
    hold: int = Field(2, ge=1, le=52, description="Weeks at each level.")
    deload_every: int | None = Field(None, ge=2, le=52, description="Every K-th week an easier deload.")
    max_segments: int | None = Field(None, ge=1, le=100, description="Never add segments past this many.")
    limit_end: str | None = Field(None, max_length=_TEXT, description="Fastest allowed end pace.")

    _blanks = field_validator("*", mode="before")(_blank_is_none)

    def requests(self, settings: WebSettings) -> tuple[SessionRequest, ScheduleRequest]:
        """The session and the weeks, as the library takes them."""
        session = session_request(settings, self.unit, self.spec, **self.model_dump(include=SESSION_FIELDS))
        weeks = ScheduleRequest(
            weeks=self.weeks,
            start_date=self.start_date.isoformat() if self.start_date else None,
            day=self.day,
            hold=self.hold,
            deload_every=self.deload_every,
            max_segments=self.max_segments,
            limit_end=self.limit_end,
        )
        return session, weeks


#: the form's fields that describe the session (the rest describe the weeks)
SESSION_FIELDS = {
    "segments", "distance", "segment_length", "start", "end", "step", "tolerance", "warmup", "cooldown",
    "easy_pace", "by", "from_race",
}  # fmt: skip
