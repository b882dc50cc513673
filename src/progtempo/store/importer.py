"""Bulk import into the training log: files, folders, Strava export zips or uploaded bytes, idempotent.

The pieces: `scan` finds the sources, `pool` reads, analyses and scores them in worker processes,
`rows` turns each into the rows to store, `writes` stores one file per transaction (whole or not at
all, so Ctrl-C or `kill -9` leaves nothing partial), and `progress` re-scores planned runs once the
count of cleared sessions is known. A file whose sha256 (of its uncompressed bytes) the athlete
already has is a duplicate, found before it is parsed; another recording of a run already stored is a
duplicate of that activity (`writes`).
"""

from __future__ import annotations

import datetime as dt
import os
import shutil
import tempfile
import time
from collections.abc import Callable, Iterable
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from sqlalchemy import or_, select

from progtempo.config import DEFAULT_ATHLETE
from progtempo.limits import DEFAULT as DEFAULT_LIMITS
from progtempo.limits import Limits
from progtempo.store import models
from progtempo.store.log import Log
from progtempo.store.pool import (
    Analyzed,
    Duplicate,
    Failed,
    Outcome,
    WorkerContext,
    init_worker,
    process_source,
    run_pool,
)
from progtempo.store.progress import planned_refs, reconcile_cleared, rescore_planned
from progtempo.store.scan import Scan, Source, Upload, add_zip, scan, upload_name
from progtempo.store.writes import athlete_id, write_file
from progtempo.units import Unit

__all__ = [
    "DEFAULT_ATHLETE",
    "DuplicateOf",
    "ImportReport",
    "ProgressFn",
    "Upload",
    "athlete_id",
    "import_paths",
    "import_uploads",
    "rescore_planned",
]


@dataclass(frozen=True)
class DuplicateOf:
    """A recording of a run the log already holds as activity `activity_id`.

    `file` is the recording not kept; `kept` the one that is (this import's file when it was the richer
    and took the place of the stored one).
    """

    file: str
    activity_id: int
    kept: str

    def to_json(self) -> dict[str, Any]:
        return {"file": self.file, "activity_id": self.activity_id, "kept": self.kept}


@dataclass
class ImportReport:
    """What an import did; `to_json` is the `progtempo import --json` document (and the web's answer).

    `imported` counts new activities (a multisport file, or a TCX of several days, adds one per leg;
    `files_imported` counts the files that added any). `activities` are their ids, in the order they
    went in. `duplicates` counts what added nothing new: a file the log already has, and each
    recording of a run already stored (those are listed in `duplicate_of` with the id they duplicate;
    a leg of a file of several is named `FILE #N`).
    """

    total: int = 0
    imported: int = 0
    duplicates: int = 0
    skipped: int = 0
    ignored: int = 0
    not_running: int = 0
    linked: int = 0
    failed: list[tuple[str, str]] = field(default_factory=list)
    activities: list[int] = field(default_factory=list)
    duplicate_of: list[DuplicateOf] = field(default_factory=list)
    files_imported: int = 0
    interrupted: bool = False
    elapsed_s: float = 0.0

    @property
    def done(self) -> int:
        """Sources finished so far (for a progress bar against `total`)."""
        return self.files_imported + self.duplicates + len(self.failed)

    def to_json(self) -> dict[str, Any]:
        return {
            "imported": self.imported,
            "duplicates": self.duplicates,
            "duplicate_of": [d.to_json() for d in self.duplicate_of],
            "failed": [{"file": f, "error": e} for f, e in self.failed],
            "skipped": self.skipped,
            "ignored": self.ignored,
            "not_running": self.not_running,
            "linked_to_plan": self.linked,
            "activities": list(self.activities),
            "interrupted": self.interrupted,
            "elapsed_s": self.elapsed_s,
        }


@dataclass(frozen=True)
class ImportCounts:
    """An import's counts read back from its document (`ImportReport.to_json`, kept in a job's JSON
    column): new activities, duplicates, failed files, and the new activities' ids."""

    imported: int = 0
    duplicates: int = 0
    failed: int = 0
    activities: tuple[int, ...] = ()

    @classmethod
    def from_json(cls, doc: dict[str, Any] | None) -> ImportCounts:
        doc = doc or {}
        return cls(
            imported=int(doc.get("imported", 0)),
            duplicates=int(doc.get("duplicates", 0)),
            failed=len(doc.get("failed", [])),
            activities=tuple(int(i) for i in doc.get("activities", [])),
        )


ProgressFn = Callable[[ImportReport], None]


def worker_context(
    store: Log,
    athlete: int,
    unit: Unit,
    job: str | None = None,
    limits: Limits | None = None,
    not_after: dt.datetime | None = None,
) -> WorkerContext:
    """The hashes the athlete already has and their planned sessions, for the workers.

    Files an upload `job` stored on an earlier try are not counted as known: they go through again
    and are reported as this job's (see `writes.write_file`).
    """
    A = models.Activity
    q = select(A.sha256).where(A.athlete_id == athlete)
    if job is not None:
        q = q.where(or_(A.job_id.is_(None), A.job_id != job))
    with store.session() as s:
        shas = frozenset(s.scalars(q))
        runs = tuple(
            (t, float(d or 0.0))
            for t, d in s.execute(
                select(A.start_time, A.distance_m).where(
                    A.athlete_id == athlete, A.is_running.is_(True), A.distance_m.is_not(None)
                )
            ).all()
        )
    plans = {p.date: p for p in planned_refs(store, athlete)}
    return WorkerContext(
        unit=unit,
        tz=store.tz,
        known_sha256=shas,
        plans=plans,
        runs=runs,
        limits=limits or DEFAULT_LIMITS,
        not_after=not_after,
    )


def import_paths(
    store: Log,
    paths: Iterable[str | Path],
    *,
    athlete: str = DEFAULT_ATHLETE,
    unit: Unit = "mi",
    jobs: int | None = None,
    on_progress: ProgressFn | None = None,
    on_start: ProgressFn | None = None,
    limits: Limits | None = None,
    not_after: dt.datetime | None = None,
) -> ImportReport:
    """Import every activity file under `paths` for `athlete`; see the module doc for the guarantees.

    `jobs` worker processes (default one per core; 1 imports in this process). `on_start` is called
    once the sources are counted, `on_progress` after each one. On KeyboardInterrupt the work in
    flight is dropped, nothing partial is written, and the report comes back with `interrupted=True`
    (the next run carries on: what went in is a duplicate). `limits` bound each file's and each zip's
    work (`progtempo.limits`); records after `not_after` ("now") are dropped as impossible.
    """
    return _run(store, scan(paths, limits), athlete=athlete, unit=unit, jobs=jobs, on_progress=on_progress,
                on_start=on_start, limits=limits, not_after=not_after)  # fmt: skip


def import_uploads(
    store: Log,
    uploads: Iterable[Upload],
    *,
    athlete: str = DEFAULT_ATHLETE,
    unit: Unit = "mi",
    jobs: int | None = 1,
    on_progress: ProgressFn | None = None,
    on_start: ProgressFn | None = None,
    work_dir: str | Path | None = None,
    job: str | None = None,
    limits: Limits | None = None,
    not_after: dt.datetime | None = None,
) -> ImportReport:
    """Import uploaded files (a web upload): FIT/GPX/TCX, gzipped or not, and export zips.

    An upload with `data` is read from memory, one with a `path` (a staged file) is read in place. A
    zip given as bytes is spooled to a temporary file in `work_dir` (default: the system's temp dir)
    for the zip reader, and removed when the import ends. Names are reduced to their last part, so
    nothing is ever written under a name the upload chose. A bad file is listed in `failed` with its
    name and reason, and the rest go in. `job` is the upload job this import runs (`store.jobs`):
    what it stores is marked with it, so a job taken again after its worker died reports it as its own.
    """
    found = Scan()
    tmp = Path(tempfile.mkdtemp(prefix="progtempo-upload-", dir=work_dir))
    try:
        for k, up in enumerate(uploads):
            name = upload_name(up.name)
            if up.path is not None:
                if name.lower().endswith(".zip"):
                    add_zip(found, up.path, label=name, limits=limits)
                else:
                    found.sources.append(Source(path=str(up.path), shown_as=name))
            elif name.lower().endswith(".zip"):
                spooled = tmp / f"{k}.zip"
                spooled.write_bytes(up.data or b"")
                add_zip(found, spooled, label=name, limits=limits)
            else:
                found.sources.append(Source(path=name, data=up.data))
        return _run(store, found, athlete=athlete, unit=unit, jobs=jobs, on_progress=on_progress,
                    on_start=on_start, job=job, limits=limits, not_after=not_after)  # fmt: skip
    finally:
        shutil.rmtree(tmp, ignore_errors=True)


def _run(
    store: Log,
    found: Scan,
    *,
    athlete: str,
    unit: Unit,
    jobs: int | None,
    on_progress: ProgressFn | None,
    on_start: ProgressFn | None,
    job: str | None = None,
    limits: Limits | None = None,
    not_after: dt.datetime | None = None,
) -> ImportReport:
    t0 = time.perf_counter()
    report = ImportReport(total=len(found.sources), skipped=found.skipped, ignored=found.ignored)
    report.failed.extend(found.failed)
    aid = athlete_id(store, athlete)
    assert aid is not None
    ctx = worker_context(store, aid, unit, job, limits, not_after)
    seen: set[str] = set(ctx.known_sha256)
    if on_start:
        on_start(report)

    def take(outcome: Outcome) -> None:
        if isinstance(outcome, Failed):
            report.failed.append((outcome.file, outcome.error))
        elif isinstance(outcome, Duplicate) or outcome.sha256 in seen:
            report.duplicates += 1
        else:
            _store(store, aid, outcome, report, job)
            seen.add(outcome.sha256)
        if on_progress:
            on_progress(report)

    n_jobs = max(1, jobs if jobs is not None else (os.cpu_count() or 1))
    try:
        if n_jobs == 1 or len(found.sources) <= 1:
            init_worker(ctx, ignore_sigint=False)
            for src in found.sources:
                take(process_source(src))
        else:
            outcomes = run_pool(found.sources, ctx, n_jobs)
            try:
                for outcome in outcomes:
                    take(outcome)
            finally:
                outcomes.close()  # stops the workers now, also on Ctrl-C
    except KeyboardInterrupt:
        report.interrupted = True
    if report.linked and not report.interrupted:
        reconcile_cleared(store, aid, unit)
    if report.imported and not report.interrupted:
        from progtempo.store.adapt import adapt_schedule

        adapt_schedule(store, aid, unit)  # the sessions ahead follow the runs, whatever their import order
    report.elapsed_s = time.perf_counter() - t0
    return report


def _store(store: Log, athlete: int, a: Analyzed, report: ImportReport, job: str | None = None) -> None:
    """Write one analysed file and count what it did."""
    try:
        w = write_file(store, athlete, a, job=job)
    except Exception as exc:  # report the file, keep importing the rest
        report.failed.append((a.source.label, f"could not store it: {type(exc).__name__}: {exc}"))
        return
    if w.ids:
        report.files_imported += 1
        report.imported += len(w.ids)
        report.activities.extend(w.ids)
        report.not_running += w.not_running
        report.linked += w.linked
    elif not w.duplicates:
        report.duplicates += 1  # the same file again
    label = a.source.label
    several = len(a.legs) > 1
    for d in w.duplicates:
        report.duplicates += 1
        shown = f"{label} #{d.session_index}" if several else label
        if d.replaced:
            report.duplicate_of.append(DuplicateOf(d.replaced_source or "?", d.activity_id, shown))
        else:
            report.duplicate_of.append(DuplicateOf(shown, d.activity_id, _kept_source(store, d.activity_id)))


def _kept_source(store: Log, activity_id: int) -> str:
    with store.session() as s:
        return s.scalar(select(models.Activity.source).where(models.Activity.id == activity_id)) or "?"
