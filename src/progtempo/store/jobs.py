"""Upload jobs: an upload is a row workers claim, run through the importer, and finish, whatever dies.

`enqueue` stores the uploaded files in the database with the job (so a worker on another machine that
shares the database can run it), only those whose bytes are activity content (`refusal`). `claim` takes
the oldest job waiting, with `SELECT … FOR UPDATE SKIP LOCKED` on PostgreSQL (workers never wait for
each other) and under SQLite's write lock there, and gives it a lease; `run_job` renews the lease while
the import runs and writes its progress into the row (`job` reads it back: the page's progress). A
worker killed mid-job (`kill -9`) stops renewing; once the lease has run out the next worker takes the
job again. Nothing is lost or doubled: the importer writes each file whole or not at all, a file
already stored is a duplicate, and activities carry the job that stored them (`activities.job_id`), so
the retried job reports them as its own. A job whose workers keep dying fails after `MAX_ATTEMPTS`.
"""

from __future__ import annotations

import datetime as dt
import logging
import os
import re
import shutil
import socket
import tempfile
import threading
import time
import uuid
from collections.abc import Callable, Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import TYPE_CHECKING, Any

from sqlalchemy import and_, delete, func, or_, select, update
from sqlalchemy.orm import Session

from progtempo.store import models
from progtempo.store.access import not_visible
from progtempo.store.base import utc_now
from progtempo.store.importer import ImportCounts
from progtempo.store.log import Log
from progtempo.store.models_jobs import Job, JobFile
from progtempo.units import Unit, parse_unit

if TYPE_CHECKING:
    from progtempo.limits import Limits
    from progtempo.store.importer import ImportReport
    from progtempo.store.scan import Upload

log = logging.getLogger("progtempo.jobs")

#: how long a claimed job is a worker's without news from it, and how often a running job renews it
LEASE_S = 60.0
#: a job taken this many times without finishing fails
MAX_ATTEMPTS = 3
#: the files are stored in pieces of this size
CHUNK_BYTES = 4 * 1024 * 1024
#: how much of a file's start is read to tell what it holds (an XML root may follow a long preamble)
SNIFF_BYTES = 64 * 1024
#: progress is written at most this often (seconds), and always at the start and the end
PROGRESS_EVERY_S = 0.25
#: finished jobs are kept this long for their pages, then deleted
KEEP_FINISHED = dt.timedelta(days=7)
#: a job's files up to this size in all are read into memory; a larger job's are written to a folder
IN_MEMORY_BYTES = 32 * 1024 * 1024


@dataclass(frozen=True)
class JobStatus:
    """A job as its page shows it: state, counts so far, the import's document, or why it failed."""

    id: str
    athlete: str
    state: str
    files: int
    total: int
    done: int
    attempts: int
    report: dict[str, Any] | None
    error: str | None
    created_at: dt.datetime
    started_at: dt.datetime | None
    finished_at: dt.datetime | None
    #: the import's counts so far, read from `report` (the job's JSON column) once
    counts: ImportCounts

    @property
    def ended(self) -> bool:
        return self.state in ("done", "failed")

    def to_json(self) -> dict[str, Any]:
        """The job's document: `job`, `state`, `files`, then the import's counts so far (the `import
        --json` keys), `total`, `done`, `rate_per_s`, and `error` when it failed."""
        doc: dict[str, Any] = {"job": self.id, "state": self.state, "files": self.files}
        if self.report is not None:
            doc.update((k, v) for k, v in self.report.items() if k != "refused")
        doc.update(total=self.total, done=self.done, attempts=self.attempts)
        if self.started_at is not None:
            end = self.finished_at or utc_now()
            elapsed = (end - self.started_at).total_seconds()
            doc["rate_per_s"] = self.done / elapsed if elapsed > 0 else 0.0
        if self.error is not None:
            doc["error"] = self.error
        return doc


@dataclass(frozen=True)
class Claimed:
    """A job a worker holds: which, for whom, in which unit, the worker's name on it, and the size of
    its files (bytes, all together)."""

    id: str
    athlete: str
    unit: Unit
    worker: str
    attempt: int
    size: int = 0
    #: the files `enqueue` did not store (not activity content), with why: reported as failed
    refused: tuple[tuple[str, str], ...] = ()


def worker_name() -> str:
    """This worker's name in the jobs table: host, process and a random part (threads of one process
    are distinct workers)."""
    return f"{socket.gethostname()[:100]}:{os.getpid()}:{uuid.uuid4().hex[:8]}"


def enqueue(
    store: Log,
    files: Sequence[tuple[str, Path]],
    *,
    athlete: str,
    unit: Unit,
    user_id: int | None = None,
) -> str:
    """Queue the import of `files` ((name, staged path)) into `athlete`'s log; the job's id.

    A store opened as a user may queue only into their own log (`access`, need "log"). The files'
    bytes go into the database with the job, in one transaction: a job is whole or absent. Only
    activity content is stored, recognised from the bytes (`refusal`): any other file is left out,
    and the job reports it as failed, with what it looks like.
    """
    from progtempo.store.writes import athlete_id

    aid = athlete_id(store, athlete, need="log")
    assert aid is not None
    job_id = uuid.uuid4().hex
    size = sum(p.stat().st_size for _, p in files)

    def run(s: Session) -> None:
        j = Job(id=job_id, athlete_id=aid, user_id=user_id, unit=unit, state="queued", files=len(files),
                bytes=size, attempts=0, total=0, done=0)  # fmt: skip
        s.add(j)
        s.flush()
        refused: list[list[str]] = []
        k = 0
        for name, path in files:
            with path.open("rb") as f:
                why = refusal(name, f.read(SNIFF_BYTES))
                if why is not None:
                    refused.append([name, why])
                    continue
                f.seek(0)
                seq = 0
                while True:
                    chunk = f.read(CHUNK_BYTES)
                    if not chunk and seq:
                        break
                    s.add(JobFile(job_id=job_id, file_index=k, seq=seq, name=name[:255], data=chunk))
                    s.flush()
                    seq += 1
                    if len(chunk) < CHUNK_BYTES:
                        break
            k += 1
        if refused:
            j.report = {"refused": refused}

    store.write(run)
    return job_id


def refusal(name: str, head: bytes) -> str | None:
    """Why a file is not stored for import, judged from its first bytes (not its name), or None: a
    `.zip` must be a zip archive (its members are checked when it is read), anything else FIT, GPX or
    TCX content, gzipped or not."""
    from progtempo.errors import ActivityReadError
    from progtempo.io.sniff import ZIP_MAGIC, describe, sniff

    if name.lower().endswith(".zip"):
        if head.startswith((ZIP_MAGIC, b"PK\x05\x06")):
            return None
        return f"not a zip archive: {describe(head)}"
    try:
        sniff(head, name)
    except ActivityReadError as exc:
        return exc.reason
    return None


def job(store: Log, job_id: str) -> JobStatus | None:
    """The job's status, or None when it is absent or out of the store's user's reach (an upload is
    seen by the athlete it was for)."""
    if not job_id or len(job_id) > 32:
        return None
    with store.session() as s:
        row = s.execute(
            select(Job, models.Athlete.name)
            .join(models.Athlete, models.Athlete.id == Job.athlete_id)
            .where(Job.id == job_id)
        ).first()
    if row is None:
        return None
    j, athlete = row
    p = store.principal
    if p is not None and p.athlete_id != j.athlete_id:
        return None
    return JobStatus(j.id, athlete, j.state, j.files, j.total, j.done, j.attempts, j.report, j.error,
                     j.created_at, j.started_at, j.finished_at, ImportCounts.from_json(j.report))  # fmt: skip


def require_job(store: Log, job_id: str) -> JobStatus:
    """The job's status, or NotVisible (404) as for `job`."""
    found = job(store, job_id)
    if found is None:
        raise not_visible(f"import job {job_id!r}")
    return found


def claim(store: Log, worker: str, *, lease_s: float = LEASE_S) -> Claimed | None:
    """Take the oldest job waiting (or whose worker went silent past its lease), or None.

    A job taken `MAX_ATTEMPTS` times already is failed instead, and the next one is tried.
    """
    while True:
        got = store.write(lambda s: _claim_one(s, worker, lease_s))
        if got != "retry":
            assert got is None or isinstance(got, Claimed)
            return got


def _claim_one(s: Session, worker: str, lease_s: float) -> Claimed | str | None:
    now = utc_now()
    waiting = or_(Job.state == "queued", and_(Job.state == "running", Job.lease_until < now))
    oldest = (
        select(Job, models.Athlete.name)
        .join(models.Athlete, models.Athlete.id == Job.athlete_id)
        .where(waiting)
        .order_by(Job.created_at, Job.id)
        .limit(1)
    )
    row = s.execute(oldest.with_for_update(of=Job, skip_locked=True)).first()
    if row is None:
        return None
    j, athlete = row
    if j.attempts >= MAX_ATTEMPTS:
        j.state, j.finished_at, j.lease_until = "failed", now, None
        j.error = (
            f"the import stopped {j.attempts} times before it ended (its worker died): "
            "the files may be too large or too hostile for this server"
        )
        s.execute(delete(JobFile).where(JobFile.job_id == j.id))
        return "retry"
    j.state, j.worker, j.attempts = "running", worker, j.attempts + 1
    j.lease_until = now + dt.timedelta(seconds=lease_s)
    j.started_at = j.started_at or now
    refused = tuple((str(n), str(why)) for n, why in (j.report or {}).get("refused", ()))
    return Claimed(j.id, athlete, parse_unit(j.unit), worker, j.attempts, j.bytes or 0, refused)


def _mine(c: Claimed) -> Any:
    return and_(Job.id == c.id, Job.worker == c.worker, Job.state == "running")


def renew(store: Log, c: Claimed, *, lease_s: float = LEASE_S, report: ImportReport | None = None) -> bool:
    """Extend the lease (and record the progress); False when the job is no longer this worker's."""
    values: dict[str, Any] = {"lease_until": utc_now() + dt.timedelta(seconds=lease_s)}
    if report is not None:
        values.update(_progress(c, report))
    stmt = update(Job).where(_mine(c)).values(**values)
    return bool(store.write(lambda s: s.execute(stmt).rowcount))  # type: ignore[attr-defined]


def finish(store: Log, c: Claimed, report: ImportReport | None, *, error: str | None = None) -> bool:
    """End the job: done with its report, or failed with `error`; its files are deleted."""

    def run(s: Session) -> bool:
        values: dict[str, Any] = {"state": "failed" if error else "done", "finished_at": utc_now(),
                                  "lease_until": None, "error": error}  # fmt: skip
        if report is not None:
            values.update(_progress(c, report))
        elif c.refused:
            values.update(total=len(c.refused), done=len(c.refused), report=_report_doc(c, None))
        if not s.execute(update(Job).where(_mine(c)).values(**values)).rowcount:  # type: ignore[attr-defined]
            return False
        s.execute(delete(JobFile).where(JobFile.job_id == c.id))
        return True

    return store.write(run)


def _progress(c: Claimed, report: ImportReport) -> dict[str, Any]:
    """The job row's counts and document for the import's `report` so far (the refused files count
    as failed, first)."""
    n = len(c.refused)
    return {"total": report.total + n, "done": report.done + n, "report": _report_doc(c, report)}


def _report_doc(c: Claimed, report: ImportReport | None) -> dict[str, Any]:
    from progtempo._json import json_safe

    doc: dict[str, Any] = json_safe(report.to_json()) if report is not None else {"failed": []}
    if c.refused:
        doc["failed"] = [{"file": n, "error": why} for n, why in c.refused] + doc["failed"]
        doc["refused"] = [list(r) for r in c.refused]  # kept for a worker that takes the job again
    return doc


def fetch_files(store: Log, job_id: str, folder: Path) -> list[tuple[str, Path]]:
    """Write the job's files into `folder`, each in its own numbered folder under its (cleaned) name."""
    out: dict[int, tuple[str, Path]] = {}
    with store.session() as s:
        rows = s.execute(
            select(JobFile.file_index, JobFile.name, JobFile.data)
            .where(JobFile.job_id == job_id)
            .order_by(JobFile.file_index, JobFile.seq)
            .execution_options(yield_per=4)
        )
        for k, name, data in rows:
            if k not in out:
                (folder / f"{k:05d}").mkdir()
                out[k] = (name, folder / f"{k:05d}" / _file_name(name))
            with out[k][1].open("ab") as f:
                f.write(data)
    return [out[k] for k in sorted(out)]


def fetch_uploads(store: Log, job_id: str, folder: Path | None) -> list[Upload]:
    """The job's files as the importer's uploads: written under `folder` a piece at a time (a large
    job), or, without one, read into memory in one query (a zip among them is spooled by the importer)."""
    from progtempo.store.scan import Upload

    if folder is not None:
        return [Upload(name, path=path) for name, path in fetch_files(store, job_id, folder)]
    with store.session() as s:
        rows = s.execute(
            select(JobFile.file_index, JobFile.name, JobFile.data)
            .where(JobFile.job_id == job_id)
            .order_by(JobFile.file_index, JobFile.seq)
        ).all()
    parts: dict[int, tuple[str, list[bytes]]] = {}
    for k, name, data in rows:
        parts.setdefault(k, (name, []))[1].append(data)
    return [Upload(name, data=b"".join(chunks)) for name, chunks in (parts[k] for k in sorted(parts))]


def _file_name(name: str) -> str:
    """A name safe to write under: the last part, no control characters, never `.` or `..`."""
    base = re.sub(r"[\x00-\x1f\x7f]", "", name.replace("\\", "/").rsplit("/", 1)[-1]).strip()
    return base[:200] if base.strip(".") else "upload"


def run_job(
    store: Log,
    c: Claimed,
    *,
    import_jobs: int | None = 1,
    lease_s: float = LEASE_S,
    limits: Limits | None = None,
) -> bool:
    """Import a claimed job's files, renewing its lease and writing its progress; whether it was
    still this worker's at the end (False: another took it over, and finishes it).

    The import is bounded by `limits` (`progtempo.limits`: each file's and each zip's work, default
    when None) and drops records after the end of tomorrow, UTC, as `progtempo import` does.
    """
    from progtempo.store.importer import import_uploads

    stop = threading.Event()
    latest: list[ImportReport] = []
    # the claim said "running": the first progress is written a moment in (a one-file job ends first)
    last_write = [time.monotonic()]

    def heartbeat() -> None:
        while not stop.wait(lease_s / 4):
            try:
                if not renew(store, c, lease_s=lease_s, report=latest[-1] if latest else None):
                    return
            except Exception:  # a lost connection: the next beat tries again
                log.exception("job %s: could not renew the lease", c.id)

    def progress(report: ImportReport) -> None:
        latest[:] = [report]
        now = time.monotonic()
        if now - last_write[0] >= PROGRESS_EVERY_S:
            last_write[0] = now
            renew(store, c, lease_s=lease_s, report=report)

    beat = threading.Thread(target=heartbeat, name=f"progtempo-lease-{c.id[:8]}", daemon=True)
    folder = Path(tempfile.mkdtemp(prefix="progtempo-job-")) if c.size > IN_MEMORY_BYTES else None
    beat.start()
    try:
        uploads = fetch_uploads(store, c.id, folder)
        report = import_uploads(
            store,
            uploads,
            athlete=c.athlete,
            unit=c.unit,
            jobs=import_jobs,
            on_start=progress,
            on_progress=progress,
            work_dir=folder,
            job=c.id,
            limits=limits,
            not_after=dt.datetime.combine(utc_now().date() + dt.timedelta(days=2), dt.time(), dt.UTC),
        )
        stop.set()
        return finish(store, c, report)
    except Exception as exc:  # the queue survives whatever a job does to the importer
        stop.set()
        log.exception("job %s failed", c.id)
        reason = str(exc) if isinstance(exc, ValueError) else f"internal error: {type(exc).__name__}"
        return finish(store, c, latest[-1] if latest else None, error=reason)
    finally:
        stop.set()
        beat.join()
        if folder is not None:
            shutil.rmtree(folder, ignore_errors=True)


class Worker:
    """Runs jobs one after another: `run(stop)` until told to stop (or, `until_idle`, the queue is
    empty). `wake()` ends a wait for new jobs early (the server calls it when it queues one)."""

    def __init__(
        self,
        store: Log,
        *,
        name: str | None = None,
        import_jobs: int | None = 1,
        lease_s: float = LEASE_S,
        poll_s: float = 0.5,
        on_job: Callable[[Claimed, bool], None] | None = None,
        limits: Limits | None = None,
    ) -> None:
        self.store = store.as_user(None)
        self.name = name or worker_name()
        self.import_jobs = import_jobs
        self.lease_s = lease_s
        self.poll_s = poll_s
        self.on_job = on_job
        self.limits = limits
        self._wake = threading.Event()

    def wake(self) -> None:
        self._wake.set()

    def run_one(self) -> Claimed | None:
        """Claim and run one job; the job, or None when none was waiting."""
        c = claim(self.store, self.name, lease_s=self.lease_s)
        if c is None:
            return None
        kept = run_job(self.store, c, import_jobs=self.import_jobs, lease_s=self.lease_s, limits=self.limits)
        if self.on_job is not None:
            self.on_job(c, kept)
        return c

    def run(self, stop: threading.Event, *, until_idle: bool = False) -> int:
        """Run jobs until `stop` is set; how many ran."""
        n = 0
        last_purge = 0.0
        while not stop.is_set():
            try:
                if time.monotonic() - last_purge > 3600:
                    last_purge = time.monotonic()
                    purge(self.store)
                c = self.run_one()
            except Exception:  # the database went away for a moment: wait, then try again
                log.exception("worker %s: could not take a job", self.name)
                c = None
            if c is not None:
                n += 1
                continue
            if until_idle:
                return n
            self._wake.wait(self.poll_s)
            self._wake.clear()
        return n


def purge(store: Log, *, older_than: dt.timedelta = KEEP_FINISHED) -> int:
    """Delete finished jobs older than `older_than`; how many."""
    cutoff = utc_now() - older_than
    stmt = delete(Job).where(Job.state.in_(("done", "failed")), Job.finished_at < cutoff)
    return int(store.write(lambda s: s.execute(stmt).rowcount))  # type: ignore[attr-defined]


def counts(store: Log) -> dict[str, int]:
    """How many jobs are in each state."""
    with store.session() as s:
        rows = s.execute(select(Job.state, func.count()).group_by(Job.state))
        return {state: n for state, n in rows}
