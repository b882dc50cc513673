"""Uploads: files and Strava export zips go into the log as upload jobs (`progtempo.store.jobs`).

`POST /api/import` streams the files into a staging folder under the data dir (`uploads.py`), queues
them as a job in the log, waits for it and answers the `import --json` document plus `"activities":
[ids]`. The page uses the same job in two steps, `POST /api/import/jobs` and `GET
/api/import/jobs/{id}/events`, a stream of server-sent events with the counts, the rate and each
failure as they happen, read from the job's row. A worker thread of this server runs the jobs
(`--no-jobs`: `progtempo worker` processes do, on this machine or others sharing the database). A job
is seen only by the athlete it is for.
"""

from __future__ import annotations

import asyncio
import json
from collections.abc import AsyncIterator
from typing import TYPE_CHECKING, Annotated, Any

from fastapi import APIRouter, Depends, Request
from fastapi.responses import HTMLResponse, Response, StreamingResponse

from progtempo.web.errors import error_doc
from progtempo.web.state import AppState, state
from progtempo.web.uploads import receive

if TYPE_CHECKING:
    from progtempo.store import ActivitySummary
    from progtempo.store.jobs import JobStatus

router = APIRouter()

#: how often the event stream and a waiting upload look at the job's row (seconds)
POLL_S = 0.2
WAIT_POLL_S = 0.05


async def _start(request: Request, app: AppState) -> str:
    """Receive the upload and queue it; the job's id."""
    staging = app.imports.new_staging()
    uploads = await receive(
        request,
        staging,
        max_bytes=app.settings.upload_max_bytes,
        max_files=app.settings.upload_max_files,
        max_file_bytes=app.settings.upload_max_file_bytes,
    )
    user = app.store.principal
    uid = user.user_id if user is not None else None
    return await asyncio.to_thread(
        app.imports.submit, app.store, app.settings.athlete, app.settings.unit, uploads, staging, uid
    )


async def _finished(app: AppState, job_id: str) -> JobStatus:
    """The job once it has ended (done or failed)."""
    from progtempo.store.jobs import require_job

    while True:
        status = await asyncio.to_thread(require_job, app.store, job_id)
        if status.ended:
            return status
        await asyncio.sleep(WAIT_POLL_S)


UPLOAD_BODY: dict[str, Any] = {
    "requestBody": {
        "required": True,
        "content": {
            "multipart/form-data": {
                "schema": {
                    "type": "object",
                    "properties": {
                        "files": {
                            "type": "array",
                            "items": {"type": "string", "format": "binary"},
                            "description": "FIT, GPX or TCX files (gzipped too) and Strava export zips",
                        }
                    },
                    "required": ["files"],
                }
            }
        },
    }
}
UPLOAD_ERRORS: dict[int | str, dict[str, Any]] = {
    400: error_doc("Not a multipart upload, or no file in it"),
    413: error_doc("The upload is over the size limit"),
}


@router.post(
    "/api/import",
    tags=["log"],
    summary="Import uploaded files (= `progtempo import --json`, plus the new activities' ids)",
    openapi_extra=UPLOAD_BODY,
    responses=UPLOAD_ERRORS,
)
async def api_import(request: Request, app: Annotated[AppState, Depends(state)]) -> Any:
    job = await _finished(app, await _start(request, app))
    if job.state == "failed":
        error = {"error": job.error or "the import failed"}
        return Response(json.dumps(error), 500, media_type="application/json")
    return job.report or {}


@router.post(
    "/api/import/jobs",
    tags=["log"],
    summary="Start importing uploaded files; follow the job's events for progress",
    status_code=202,
    openapi_extra=UPLOAD_BODY,
    responses=UPLOAD_ERRORS,
)
async def api_import_job(request: Request, app: Annotated[AppState, Depends(state)]) -> Any:
    job_id = await _start(request, app)
    return {
        "job": job_id,
        "events": f"/api/import/jobs/{job_id}/events",
        "status": f"/api/import/jobs/{job_id}",
    }


def _job(app: AppState, job_id: str) -> JobStatus:
    from progtempo.store.jobs import require_job

    return require_job(app.store, job_id)


@router.get(
    "/api/import/jobs/{job_id}",
    tags=["log"],
    summary="An import job's counts so far",
    responses={404: error_doc("No such job")},
)
def api_import_status(job_id: str, app: Annotated[AppState, Depends(state)]) -> Any:
    return _job(app, job_id).to_json()


@router.get(
    "/api/import/jobs/{job_id}/events",
    tags=["log"],
    summary="An import job's progress as server-sent events (`progress`, then `done`)",
    responses={200: {"content": {"text/event-stream": {}}}, 404: error_doc("No such job")},
    response_class=StreamingResponse,
)
async def api_import_events(
    job_id: str, request: Request, app: Annotated[AppState, Depends(state)]
) -> Response:
    _job(app, job_id)  # 404 now, not inside the stream

    async def events() -> AsyncIterator[str]:
        seen: dict[str, Any] | None = None
        while True:
            job = await asyncio.to_thread(_job, app, job_id)
            doc = job.to_json()
            if seen is None or not _same(seen, doc):
                seen = doc
                yield f"event: {'done' if job.ended else 'progress'}\ndata: {json.dumps(doc)}\n\n"
            if job.ended or await request.is_disconnected():
                return
            await asyncio.sleep(POLL_S)

    return StreamingResponse(events(), media_type="text/event-stream", headers={"cache-control": "no-store"})


# ---------------------------------------------------------------------------------------------- pages


@router.get("/import", response_class=HTMLResponse, include_in_schema=False)
def import_page(request: Request, app: Annotated[AppState, Depends(state)]) -> Response:
    """The upload page; a coach, who reads the runs but does not upload them, is told so instead."""
    p = app.store.principal
    reader = p is not None and p.role == "coach"
    ctx = {"page": "import", "result": None, "coach": reader, "athlete": app.settings.athlete}
    return app.templates.TemplateResponse(request, "import.html", ctx)


@router.post("/import", response_class=HTMLResponse, include_in_schema=False)
async def import_form(request: Request, app: Annotated[AppState, Depends(state)]) -> Response:
    """The upload without JavaScript: import, then show the same result the live page shows."""
    status = await _finished(app, await _start(request, app))
    ctx = {"page": "import", "result": status.to_json(), "new": _new(app, status)}
    return app.templates.TemplateResponse(request, "import.html", ctx)


#: the new activities an import's page names (the rest are counted, and listed on /activities)
SHOWN_NEW = 20


def _new(app: AppState, status: JobStatus) -> list[ActivitySummary]:
    """The first new activities of an import job, as the log lists them."""
    ids = status.counts.activities[:SHOWN_NEW]
    found = (app.store.activity(i, athlete=app.settings.athlete) for i in ids)
    return [a.summary for a in found if a is not None]


@router.get("/import/jobs/{job_id}/result", response_class=HTMLResponse, include_in_schema=False)
def import_result(job_id: str, request: Request, app: Annotated[AppState, Depends(state)]) -> Response:
    """The outcome of a job, for the live page to show when its events end."""
    status = _job(app, job_id)
    ctx = {"result": status.to_json(), "new": _new(app, status)}
    return app.templates.TemplateResponse(request, "_import_result.html", ctx)


def _same(a: dict[str, Any], b: dict[str, Any]) -> bool:
    """Two documents of a job that say the same (the rate aside, which moves with the clock)."""
    return {k: v for k, v in a.items() if k != "rate_per_s"} == {
        k: v for k, v in b.items() if k != "rate_per_s"
    }
