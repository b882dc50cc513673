"""Uploads: files and Strava export zips go into the log through the library's importer, one job at a time.

`POST /api/import` streams the files into a staging folder under the data dir (`uploads.py`), runs the
import and answers the `import --json` document plus `"activities": [ids]`. The page uses the same job
in two steps, `POST /api/import/jobs` and `GET /api/import/jobs/{id}/events`, a stream of server-sent
events with the counts, the rate and each failure as they happen. Jobs run one after the other in one
thread (the importer has its own worker processes); a job's staging folder is removed when it ends.
"""

from __future__ import annotations

import asyncio
import json
import shutil
import threading
import time
import uuid
from collections.abc import AsyncIterator
from concurrent.futures import Future, ThreadPoolExecutor
from dataclasses import dataclass, field
from pathlib import Path
from typing import TYPE_CHECKING, Annotated, Any, Literal

from fastapi import APIRouter, Depends, Request
from fastapi.responses import HTMLResponse, Response, StreamingResponse

from progtempo._json import json_safe
from progtempo.web.errors import NotFound, error_doc
from progtempo.web.state import AppState, state
from progtempo.web.uploads import Upload, receive

if TYPE_CHECKING:
    from progtempo.store import ActivitySummary, Store
    from progtempo.store.importer import ImportReport
    from progtempo.web.settings import WebSettings

router = APIRouter()

JobState = Literal["queued", "running", "done", "failed"]
#: how often the event stream looks for news (seconds)
POLL_S = 0.2
#: finished jobs kept for their pages to read, oldest dropped first
KEEP_JOBS = 50


@dataclass
class ImportJob:
    """One upload being imported: its files, its live report, and how it ended."""

    id: str
    uploads: list[Upload]
    staging: Path
    state: JobState = "queued"
    report: ImportReport | None = None
    error: str | None = None
    started: float = field(default_factory=time.monotonic)
    version: int = 0
    _lock: threading.Lock = field(default_factory=threading.Lock, repr=False)
    _snapshot: dict[str, Any] = field(default_factory=dict, repr=False)

    def update(self, report: ImportReport | None, state: JobState | None = None) -> None:
        """Record the report's counts now (called from the import's thread)."""
        with self._lock:
            if report is not None:
                self.report = report
            if state is not None:
                self.state = state
            self._snapshot = self._document()
            self.version += 1

    def snapshot(self) -> tuple[int, dict[str, Any]]:
        """(version, the job's document) as last recorded."""
        with self._lock:
            return self.version, dict(self._snapshot) or self._document()

    def result(self) -> dict[str, Any]:
        """The `import --json` document of the finished job, plus `"activities": [ids]`."""
        with self._lock:
            doc: dict[str, Any] = self.report.to_json() if self.report is not None else {}
            return json_safe(doc)  # type: ignore[no-any-return]

    def _document(self) -> dict[str, Any]:
        r = self.report
        elapsed = time.monotonic() - self.started
        doc: dict[str, Any] = {"job": self.id, "state": self.state, "files": len(self.uploads)}
        if r is not None:
            doc.update(r.to_json())
            doc.update(total=r.total, done=r.done, rate_per_s=r.done / elapsed if elapsed > 0 else 0.0)
        if self.error is not None:
            doc["error"] = self.error
        return json_safe(doc)  # type: ignore[no-any-return]


class ImportJobs:
    """The queue of import jobs: one worker thread, the jobs by id."""

    def __init__(self, settings: WebSettings, store: Store) -> None:
        self.settings = settings
        self.store = store
        self._pool: ThreadPoolExecutor | None = None
        self._jobs: dict[str, ImportJob] = {}
        self._futures: dict[str, Future[None]] = {}
        self._lock = threading.Lock()

    def new_staging(self) -> tuple[str, Path]:
        job_id = uuid.uuid4().hex[:16]
        return job_id, self.settings.uploads_dir / job_id

    def submit(self, job_id: str, uploads: list[Upload], staging: Path) -> ImportJob:
        job = ImportJob(id=job_id, uploads=uploads, staging=staging)
        job.update(None)
        with self._lock:
            self._jobs[job_id] = job
            while len(self._jobs) > KEEP_JOBS:
                oldest = next(iter(self._jobs))
                if self._jobs[oldest].state not in ("done", "failed"):
                    break
                del self._jobs[oldest]
                self._futures.pop(oldest, None)
            if self._pool is None:  # started on first use, and again after the app's shutdown
                self._pool = ThreadPoolExecutor(max_workers=1, thread_name_prefix="progtempo-import")
            self._futures[job_id] = self._pool.submit(self._run, job)
        return job

    def get(self, job_id: str) -> ImportJob | None:
        with self._lock:
            return self._jobs.get(job_id)

    def wait(self, job: ImportJob) -> None:
        """Block until `job` has ended."""
        with self._lock:
            fut = self._futures.get(job.id)
        if fut is not None:
            fut.result()

    def _run(self, job: ImportJob) -> None:
        from progtempo.store import Upload as StoreUpload
        from progtempo.store.importer import import_uploads

        job.update(None, "running")
        try:
            report = import_uploads(
                self.store,
                (StoreUpload(u.name, u.path.read_bytes()) for u in job.uploads),
                athlete=self.settings.athlete,
                unit=self.settings.unit,
                jobs=self.settings.import_jobs,
                on_start=job.update,
                on_progress=job.update,
                work_dir=job.staging,
            )
            job.update(report, "done")
        except Exception as exc:  # the server survives whatever an upload does to the importer
            import logging

            logging.getLogger("progtempo.web").exception("import job %s failed", job.id)
            job.error = str(exc) if isinstance(exc, ValueError) else f"internal error: {type(exc).__name__}"
            job.update(None, "failed")
        finally:
            shutil.rmtree(job.staging, ignore_errors=True)

    def close(self) -> None:
        """Finish the job running, drop the ones queued (their uploads are removed)."""
        with self._lock:
            pool, self._pool = self._pool, None
        if pool is not None:
            pool.shutdown(wait=True, cancel_futures=True)
        for job in list(self._jobs.values()):
            if job.state == "queued":
                shutil.rmtree(job.staging, ignore_errors=True)


async def _start(request: Request, app: AppState) -> ImportJob:
    job_id, staging = app.imports.new_staging()
    uploads = await receive(
        request,
        staging,
        max_bytes=app.settings.upload_max_bytes,
        max_files=app.settings.upload_max_files,
    )
    return app.imports.submit(job_id, uploads, staging)


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
    job = await _start(request, app)
    await asyncio.to_thread(app.imports.wait, job)
    if job.state == "failed":
        error = {"error": job.error or "the import failed"}
        return Response(json.dumps(error), 500, media_type="application/json")
    return job.result()


@router.post(
    "/api/import/jobs",
    tags=["log"],
    summary="Start importing uploaded files; follow the job's events for progress",
    status_code=202,
    openapi_extra=UPLOAD_BODY,
    responses=UPLOAD_ERRORS,
)
async def api_import_job(request: Request, app: Annotated[AppState, Depends(state)]) -> Any:
    job = await _start(request, app)
    return {
        "job": job.id,
        "events": f"/api/import/jobs/{job.id}/events",
        "status": f"/api/import/jobs/{job.id}",
    }


def _job(app: AppState, job_id: str) -> ImportJob:
    job = app.imports.get(job_id)
    if job is None:
        raise NotFound(f"no import job {job_id} (jobs are kept while the server runs)")
    return job


@router.get(
    "/api/import/jobs/{job_id}",
    tags=["log"],
    summary="An import job's counts so far",
    responses={404: error_doc("No such job")},
)
def api_import_status(job_id: str, app: Annotated[AppState, Depends(state)]) -> Any:
    return _job(app, job_id).snapshot()[1]


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
    job = _job(app, job_id)

    async def events() -> AsyncIterator[str]:
        seen = -1
        while True:
            version, doc = job.snapshot()
            ended = doc["state"] in ("done", "failed")
            if version != seen:
                seen = version
                yield f"event: {'done' if ended else 'progress'}\ndata: {json.dumps(doc)}\n\n"
            if ended or await request.is_disconnected():
                return
            await asyncio.sleep(POLL_S)

    return StreamingResponse(events(), media_type="text/event-stream", headers={"cache-control": "no-store"})


# ---------------------------------------------------------------------------------------------- pages


@router.get("/import", response_class=HTMLResponse, include_in_schema=False)
def import_page(request: Request, app: Annotated[AppState, Depends(state)]) -> Response:
    return app.templates.TemplateResponse(request, "import.html", {"page": "import", "result": None})


@router.post("/import", response_class=HTMLResponse, include_in_schema=False)
async def import_form(request: Request, app: Annotated[AppState, Depends(state)]) -> Response:
    """The upload without JavaScript: import, then show the same result the live page shows."""
    job = await _start(request, app)
    await asyncio.to_thread(app.imports.wait, job)
    _, doc = job.snapshot()
    ctx = {"page": "import", "result": doc, "new": _new(app, doc)}
    return app.templates.TemplateResponse(request, "import.html", ctx)


#: the new activities an import's page names (the rest are counted, and listed on /activities)
SHOWN_NEW = 20


def _new(app: AppState, doc: dict[str, Any]) -> list[ActivitySummary]:
    """The first new activities of an import's document, as the log lists them."""
    ids = doc.get("activities", [])[:SHOWN_NEW]
    found = (app.store.activity(i, athlete=app.settings.athlete) for i in ids)
    return [a.summary for a in found if a is not None]


@router.get("/import/jobs/{job_id}/result", response_class=HTMLResponse, include_in_schema=False)
def import_result(job_id: str, request: Request, app: Annotated[AppState, Depends(state)]) -> Response:
    """The outcome of a job, for the live page to show when its events end."""
    _, doc = _job(app, job_id).snapshot()
    ctx = {"result": doc, "new": _new(app, doc)}
    return app.templates.TemplateResponse(request, "_import_result.html", ctx)
