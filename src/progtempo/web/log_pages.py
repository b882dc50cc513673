"""The log's pages: the dashboard, the activities, one run, the history and the schedule.

Each handler asks the library for the records the page shows (`Store.dashboard`, `.activities`,
`.analyze`, `.history`, `.calendar`) and the chart data (`progtempo.charts`), and renders a template.
Forms post to the same library calls the JSON API makes (`api_log.save_schedule`), then redirect.
"""

from __future__ import annotations

from typing import Annotated, Any

from fastapi import APIRouter, Depends, Form, Request
from fastapi.responses import HTMLResponse, RedirectResponse, Response

from progtempo.web.api_log import ActivityId, save_schedule, stored_run
from progtempo.web.log_params import Day, LogFilter, RunQuery, ScheduleForm, log_filter, run_query
from progtempo.web.state import AppState, activity_state, state

router = APIRouter(include_in_schema=False)


def render(app: AppState, request: Request, name: str, page: str, **ctx: Any) -> Response:
    # `settings` here is the request's (whose log it reads), not the server's the templates start with
    return app.templates.TemplateResponse(request, name, {"page": page, "settings": app.settings, **ctx})


@router.get("/", response_class=HTMLResponse)
def dashboard_page(request: Request, app: Annotated[AppState, Depends(state)]) -> Response:
    from progtempo.charts.history import trend_chart
    from progtempo.store.history_records import end_change

    board = app.store.dashboard(athlete=app.settings.athlete, today=app.settings.today())
    change = end_change([p.session for p in board.trend])
    chart = trend_chart(board.trend, app.settings.unit)
    return render(app, request, "dashboard.html", "home", board=board, chart=chart, change=change)


@router.get("/activities", response_class=HTMLResponse)
def activities_page(
    request: Request, app: Annotated[AppState, Depends(state)], f: Annotated[LogFilter, Depends(log_filter)]
) -> Response:
    entries = app.store.activities(
        athlete=app.settings.athlete, since=f.since, until=f.until, kind=f.kind, limit=f.limit
    )
    return render(app, request, "activities.html", "activities", f=f, entries=entries)


@router.get("/activities/{activity_id}", response_class=HTMLResponse)
def activity_page(
    activity_id: ActivityId,
    request: Request,
    app: Annotated[AppState, Depends(activity_state)],
    q: Annotated[RunQuery, Depends(run_query)],
) -> Response:
    from progtempo.charts.run import run_chart
    from progtempo.store.calendar import suggested_date

    run = stored_run(app, activity_id, q)
    today = app.settings.today()
    planned = app.store.schedule(athlete=app.settings.athlete, since=today, today=today)
    return render(
        app,
        request,
        "activity.html",
        "activities",
        run=run,
        q=q,
        chart=run_chart(run.analysis, run.report).to_json(),
        next_date=suggested_date(planned, run.stored.summary.date, today),
    )


@router.post("/activities/{activity_id}/next")
def use_as_next(
    activity_id: ActivityId,
    app: Annotated[AppState, Depends(activity_state)],
    q: Annotated[RunQuery, Depends(run_query)],
    date: Annotated[Day, Form(description="The day to run it.")],
) -> Response:
    """Plan the session the coach advised after this run (as the run page analysed it) on `date`."""
    from progtempo.errors import ProgtempoError

    run = stored_run(app, activity_id, q)
    advice = run.report.advice if run.report is not None else None
    if advice is None or advice.next_session is None:
        raise ProgtempoError(f"the coach advised no next session after activity {activity_id}")
    athlete, today = app.settings.athlete, app.settings.today()
    same_day = [p for p in app.store.schedule(athlete=athlete, since=date, today=today) if p.date == date]
    week = same_day[0].week if same_day else 1
    session = advice.next_session
    app.store.save_schedule([(week, date, "advised", session)], athlete=athlete, unit=app.settings.unit)
    return RedirectResponse(f"/schedule?saved=1#d-{date.isoformat()}", status_code=303)


@router.get("/history", response_class=HTMLResponse)
def history_page(
    request: Request,
    app: Annotated[AppState, Depends(state)],
    since: Day | None = None,
    until: Day | None = None,
) -> Response:
    from progtempo.charts.history import HistoryChart

    athlete, today = app.settings.athlete, app.settings.today()
    hist = app.store.history(athlete=athlete, since=since, until=until, today=today)
    chart = HistoryChart(app.settings.unit, hist).to_json()
    return render(app, request, "history.html", "history", hist=hist, chart=chart, since=since, until=until)


@router.get("/schedule", response_class=HTMLResponse)
def schedule_page(
    request: Request, app: Annotated[AppState, Depends(state)], saved: int | None = None
) -> Response:
    weeks = app.store.calendar(athlete=app.settings.athlete, today=app.settings.today())
    planned = [d.planned for w in weeks for d in w.days if d.planned is not None]
    return render(app, request, "schedule.html", "schedule", weeks=weeks, planned=planned, saved=saved)


@router.post("/schedule")
def schedule_form(
    app: Annotated[AppState, Depends(state)], form: Annotated[ScheduleForm, Form()]
) -> Response:
    """The plan page's "save as a schedule": save, then show the calendar from its first week."""
    weeks = save_schedule(app, form).schedule.weeks
    return RedirectResponse(f"/schedule?saved={len(weeks)}#d-{weeks[0].date.isoformat()}", status_code=303)
