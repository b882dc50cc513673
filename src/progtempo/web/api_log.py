"""The JSON API of the training log: the same documents as `log`, `analyze`, `history` and `schedule`.

Each route reads the store's typed query API for the server's athlete (the store is where reading is
scoped to an athlete) and answers the record's `to_json`, as the CLI prints it with `--json`.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass
from typing import TYPE_CHECKING, Annotated, Any

from fastapi import APIRouter, Body, Depends, Path, Query

from progtempo._json import json_safe
from progtempo.units import Unit
from progtempo.web.errors import NotFound, error_doc
from progtempo.web.log_params import Day, LogFilter, RunQuery, ScheduleForm, log_filter, run_query, unit_query
from progtempo.web.state import AppState, activity_state, state

if TYPE_CHECKING:
    from progtempo.plan.progression import Schedule
    from progtempo.store.history_records import PlannedEntry

router = APIRouter(tags=["log"])

ERRORS: dict[int | str, dict[str, Any]] = {
    400: error_doc("Bad input, with what to fix"),
    422: error_doc("A parameter of the wrong type"),
}
NOT_FOUND: dict[int | str, dict[str, Any]] = {**ERRORS, 404: error_doc("No such activity in this log")}

ActivityId = Annotated[int, Path(ge=1, le=2**31 - 1, description="The activity's id in the log.")]


def activities_doc(app: AppState, f: LogFilter) -> dict[str, Any]:
    """The `log --json` document for these filters."""
    athlete = app.settings.athlete
    entries = app.store.activities(athlete=athlete, since=f.since, until=f.until, kind=f.kind, limit=f.limit)
    return {"unit": f.unit, "athlete": athlete, "activities": [e.to_json(f.unit) for e in entries]}


@router.get(
    "/api/activities", summary="The training log, newest first (= `progtempo log --json`)", responses=ERRORS
)
def api_activities(
    app: Annotated[AppState, Depends(state)], f: Annotated[LogFilter, Depends(log_filter)]
) -> Any:
    return json_safe(activities_doc(app, f))


def stored_run(app: AppState, activity_id: int, q: RunQuery) -> Any:
    """The activity re-analysed as `q` says, or NotFound (404)."""
    run = app.store.analyze(
        activity_id,
        athlete=app.settings.athlete,
        unit=q.unit,
        split_m=q.split_m,
        plan=q.plan,
        gap_model=q.gap_model,
    )
    if run is None:
        raise NotFound(f"no activity {activity_id} in {app.settings.athlete}'s log")
    return run


@router.get(
    "/api/activities/{activity_id}",
    summary="One run analysed from its original file, judged against its planned session "
    "(= `progtempo analyze FILE --json`, plus `activity_id`, `planned` and `plan_source`)",
    responses=NOT_FOUND,
)
def api_activity(
    activity_id: ActivityId,
    app: Annotated[AppState, Depends(activity_state)],
    q: Annotated[RunQuery, Depends(run_query)],
) -> Any:
    return json_safe(stored_run(app, activity_id, q).to_json())


@router.get(
    "/api/history",
    summary="Progressive sessions over the weeks, streaks, weekly volume and the threshold trend "
    "(= `progtempo history --json`)",
    responses=ERRORS,
)
def api_history(
    app: Annotated[AppState, Depends(state)],
    unit: Annotated[Unit, Depends(unit_query)],
    since: Annotated[Day | None, Query(description="From this day on (YYYY-MM-DD, local).")] = None,
    until: Annotated[Day | None, Query(description="Up to this day, inclusive.")] = None,
) -> Any:
    athlete = app.settings.athlete
    today = app.settings.today()
    hist = app.store.history(athlete=athlete, since=since, until=until, today=today)
    trend = app.store.threshold_weeks(athlete=athlete, today=until or today, since=since)
    doc = {"unit": unit, "athlete": athlete, **hist.to_json(unit)}
    doc.update(threshold_trend=[w.to_json(unit) for w in trend], plot=None)
    return json_safe(doc)


@router.get(
    "/api/schedule",
    summary="The planned sessions from this week on, done, missed or due (= `progtempo schedule --list "
    "--json`)",
    responses=ERRORS,
)
def api_schedule(
    app: Annotated[AppState, Depends(state)],
    all: Annotated[bool, Query(description="Include past weeks (= `--all`).")] = False,
) -> Any:
    return json_safe(schedule_doc(app, all_weeks=all))


def schedule_doc(app: AppState, *, all_weeks: bool) -> dict[str, Any]:
    """The `schedule --list --json` document."""
    today = app.settings.today()
    since = None if all_weeks else today - dt.timedelta(days=today.weekday())
    app.store.adapt_schedule(athlete=app.settings.athlete, unit=app.settings.unit, today=today)
    entries = app.store.schedule(athlete=app.settings.athlete, since=since, today=today)
    return {"athlete": app.settings.athlete, "planned": [e.to_json() for e in entries]}


@dataclass(frozen=True)
class SavedProgression:
    """A progression saved as planned sessions: the schedule, the sessions the log now plans from its
    first week, and how many runs were linked to them."""

    athlete: str
    schedule: Schedule
    planned: list[PlannedEntry]
    linked: int

    def to_json(self) -> dict[str, Any]:
        """`progtempo schedule SPEC --json`'s document."""
        doc = self.schedule.to_json()
        doc.update(athlete=self.athlete, planned=[e.to_json() for e in self.planned], linked=self.linked)
        return doc


def save_schedule(app: AppState, form: ScheduleForm) -> SavedProgression:
    """Save the progression the form describes (= `progtempo schedule SPEC`)."""
    from progtempo.errors import ProgtempoError

    session, weeks = form.requests(app.settings)
    if not session.describes_session():
        raise ProgtempoError("give the starting session: a spec such as 6x1mi 10:00-7:30, or its paces")
    today = app.settings.today()
    athlete = app.settings.athlete
    sched, saved, _ = app.store.save_progression(
        session, weeks, athlete=athlete, unit=app.settings.unit, today=today
    )
    entries = app.store.schedule(athlete=athlete, since=sched.weeks[0].date, today=today)
    return SavedProgression(athlete, sched, entries, saved.linked)


@router.post(
    "/api/schedule",
    summary="Save a progression as planned sessions (= `progtempo schedule SPEC --json`)",
    status_code=201,
    responses=ERRORS,
)
def api_save_schedule(app: Annotated[AppState, Depends(state)], form: Annotated[ScheduleForm, Body()]) -> Any:
    return json_safe(save_schedule(app, form).to_json())
