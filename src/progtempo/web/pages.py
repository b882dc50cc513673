"""The server-rendered pages: the plan builder here; the log's pages in `log_pages.py`.

Each page works without JavaScript (a form that submits, a link that loads); htmx only swaps the part
that changed (the ladder as you type), and the charts are drawn by `static/charts.js` from the data the
library prepared and the page carries.
"""

from __future__ import annotations

from typing import Annotated, Any

from fastapi import APIRouter, Depends, Request
from fastapi.responses import HTMLResponse, Response

from progtempo.errors import ProgtempoError
from progtempo.web.params import PlanQuery, plan_query
from progtempo.web.state import AppState, state

router = APIRouter(include_in_schema=False)

#: the export buttons: (format, label, what it is for)
DOWNLOADS = (
    ("fit", "FIT workout", "Garmin: copy to GARMIN/NewFiles"),
    ("intervals", "intervals.icu", "workout text"),
    ("zwo", "Zwift .zwo", "treadmill workout"),
    ("tcx", "TCX workout", "Garmin Training Center"),
    ("ics", "Calendar .ics", "an event with the ladder"),
    ("card", "Pace card (PDF)", "print it"),
)


def plan_context(q: PlanQuery) -> dict[str, Any]:
    """The builder's context: the day's plan, or the library's message saying what does not agree."""
    from progtempo.plan.day import plan_day

    ctx: dict[str, Any] = {"q": q, "r": q.request, "qs": q.query_string(), "downloads": DOWNLOADS}
    try:
        ctx["day"] = plan_day(q.request, feel=q.feel, so_far=q.so_far)
        ctx["error"] = None
    except ProgtempoError as exc:
        ctx["day"] = None
        ctx["error"] = str(exc)
    return ctx


@router.get("/plan", response_class=HTMLResponse)
def plan_page(
    request: Request, app: Annotated[AppState, Depends(state)], q: Annotated[PlanQuery, Depends(plan_query)]
) -> Response:
    ctx = plan_context(q)
    ctx["page"] = "plan"
    return app.templates.TemplateResponse(request, "plan.html", ctx)


@router.get("/plan/ladder", response_class=HTMLResponse)
def plan_ladder(
    request: Request, app: Annotated[AppState, Depends(state)], q: Annotated[PlanQuery, Depends(plan_query)]
) -> Response:
    """The ladder part of the builder, for htmx to swap in as the runner types."""
    ctx = plan_context(q)
    response = app.templates.TemplateResponse(request, "_ladder.html", ctx)
    response.headers["HX-Replace-Url"] = f"/plan?{ctx['qs']}"
    return response
