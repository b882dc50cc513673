"""The JSON API's plan routes and the health check: the same documents as the CLI's `--json`.

`GET /api/plan` is `plan --json`, `GET /api/export` the file `export` writes. The log's routes are in
`api_log.py`, the upload (`POST /api/import`) in `imports.py`.
"""

from __future__ import annotations

import datetime as dt
import re
from typing import Annotated, Any, Literal

from fastapi import APIRouter, Depends, Query
from fastapi.responses import Response

from progtempo._json import json_safe
from progtempo.web.errors import error_doc
from progtempo.web.params import PlanQuery, plan_query
from progtempo.web.state import AppState, state

router = APIRouter()

ERRORS: dict[int | str, dict[str, Any]] = {
    400: error_doc("Bad input, with what to fix"),
    404: error_doc("Not in this log"),
    422: error_doc("A parameter of the wrong type"),
}

Format = Literal["fit", "intervals", "zwo", "tcx", "ics", "card"]
#: what each export format is sent as: (media type, file name ending)
MEDIA: dict[str, tuple[str, str]] = {
    "fit": ("application/vnd.ant.fit", ".fit"),
    "intervals": ("text/plain; charset=utf-8", ".txt"),
    "zwo": ("application/xml", ".zwo"),
    "tcx": ("application/vnd.garmin.tcx+xml", ".tcx"),
    "ics": ("text/calendar; charset=utf-8", ".ics"),
    "card": ("application/pdf", ".pdf"),
}


def _doc(doc: Any) -> Any:
    """A document as plain JSON: NaN and infinities as null, as `--json` prints them."""
    return json_safe(doc)


@router.get("/healthz", tags=["health"], summary="Whether the server answers")
def healthz() -> dict[str, bool]:
    return {"ok": True}


@router.get("/api/plan", tags=["plan"], summary="The ladder (= `progtempo plan --json`)", responses=ERRORS)
def api_plan(q: Annotated[PlanQuery, Depends(plan_query)]) -> Any:
    from progtempo.plan.day import plan_day

    return _doc(plan_day(q.request, feel=q.feel, so_far=q.so_far).to_json())


def file_name(text: str, suffix: str) -> str:
    """A portable file name for a download: `6x1mi 10:00-7:30/mi` → `6x1mi-10-00-7-30-mi.fit`."""
    stem = re.sub(r"[^A-Za-z0-9.]+", "-", text).strip("-.") or "workout"
    return stem[:80] + suffix


@router.get(
    "/api/export",
    tags=["plan"],
    summary="The session as a file for the watch, calendar or paper (= `progtempo export`)",
    responses={
        **ERRORS,
        200: {"description": "The file, as an attachment", "content": {m: {} for m, _ in MEDIA.values()}},
    },
    response_class=Response,
)
def api_export(
    app: Annotated[AppState, Depends(state)],
    q: Annotated[PlanQuery, Depends(plan_query)],
    format: Annotated[Format, Query(description="fit, intervals, zwo, tcx, ics or card (PDF).")],
    date: Annotated[
        dt.date | None, Query(description="Day of the session (ics: tomorrow by default; tcx, card).")
    ] = None,
    name: Annotated[str | None, Query(max_length=100, description="Workout name on the watch.")] = None,
) -> Response:
    from progtempo.export import render, workout_name
    from progtempo.plan.day import plan_day

    day = plan_day(q.request, feel=q.feel)
    session = day.session
    title = name or workout_name(session, jaded=q.feel == "jaded")
    if format == "ics" and date is None:  # as `progtempo export`: tomorrow, in the server's zone
        date = app.settings.today() + dt.timedelta(days=1)
    body = render(session, format, name=title, day=date, created=app.settings.now())
    media, suffix = MEDIA[format]
    return Response(
        body,
        media_type=media,
        headers={"content-disposition": f'attachment; filename="{file_name(title, suffix)}"'},
    )
