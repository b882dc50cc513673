"""The import's workers: read, hash, analyse and score each source in a process pool.

The parent alone writes to the database. At most a few files per worker are in flight, so memory stays
flat whatever the size of the export. Each worker watches the process that started the import and
exits as soon as it is gone (even after `kill -9`), so no worker outlives an import.
"""

from __future__ import annotations

import datetime as dt
import gzip
import hashlib
import os
import signal
import threading
from collections.abc import Generator
from concurrent.futures import FIRST_COMPLETED, Future, ProcessPoolExecutor, wait
from concurrent.futures.process import BrokenProcessPool
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from progtempo.errors import ActivityReadError, ProgtempoError
from progtempo.io.archive import gunzip, read_bounded
from progtempo.io.strava_export import ZipReader
from progtempo.limits import DEFAULT as DEFAULT_LIMITS
from progtempo.limits import Limits
from progtempo.store.rows import ActivityRow, PlanRef, evaluate_activity, longest_before, read_legs
from progtempo.store.scan import Source
from progtempo.units import Unit


@dataclass(frozen=True)
class WorkerContext:
    """What every worker needs: the unit, the zone of the calendar, the hashes already stored, the
    planned sessions by date, the limits on one file's work and "now" (records after it are dropped)."""

    unit: Unit
    tz: dt.tzinfo = dt.UTC
    known_sha256: frozenset[str] = frozenset()
    plans: dict[dt.date, PlanRef] = field(default_factory=dict)
    #: (start, distance) of the runs already in the log: the longest recent one bounds the next session.
    runs: tuple[tuple[dt.datetime, float], ...] = ()
    limits: Limits = DEFAULT_LIMITS
    not_after: dt.datetime | None = None


@dataclass
class Analyzed:
    """A file read, analysed and scored in a worker, ready for the parent to write: one row per leg."""

    source: Source
    sha256: str
    file_gz: bytes
    file_size: int
    legs: list[ActivityRow]
    #: the legs are one multisport event (a multisport or chained FIT), not separate runs (a TCX of days)
    event: bool = False


@dataclass(frozen=True)
class Duplicate:
    """A file whose content the athlete already has."""

    source: Source
    sha256: str


@dataclass(frozen=True)
class Failed:
    """A file that could not be imported, with the reason."""

    file: str
    error: str


Outcome = Analyzed | Duplicate | Failed

_CTX: WorkerContext | None = None
_ZIPS: ZipReader | None = None


def init_worker(ctx: WorkerContext, parent_pid: int | None = None, ignore_sigint: bool = True) -> None:
    """Set up a worker (or the parent, for an import without workers)."""
    global _CTX, _ZIPS
    if ignore_sigint:
        signal.signal(signal.SIGINT, signal.SIG_IGN)  # the parent handles Ctrl-C and stops us cleanly
    if parent_pid is not None:
        threading.Thread(target=_exit_with_parent, args=(parent_pid,), daemon=True).start()
    _CTX = ctx
    _ZIPS = ZipReader(ctx.limits)


def _exit_with_parent(pid: int) -> None:
    """Exit this worker as soon as process `pid` (the import) ends, however it ended."""
    import select
    import time

    try:
        fd = os.pidfd_open(pid)
    except (AttributeError, OSError):
        fd = None
    if fd is not None:
        select.select([fd], [], [])  # readable once the process has exited
        os._exit(1)
    while True:
        time.sleep(0.5)
        try:
            os.kill(pid, 0)
        except ProcessLookupError:
            os._exit(1)
        except PermissionError:
            pass


def read_source_bytes(
    source: Source, zips: ZipReader | None = None, limits: Limits = DEFAULT_LIMITS
) -> tuple[bytes, bytes | None]:
    """The uncompressed bytes of a source, and its gzip bytes as read when it was gzipped (else None);
    no more bytes than `limits` allow are read or inflated."""
    try:
        if source.data is not None:
            data = source.data
            if len(data) > limits.max_file_bytes:
                raise ActivityReadError(source.label, limits.inflated_problem(len(data), 0) or "too large")
        elif source.member is not None:
            data = (zips or ZipReader(limits)).read(source.path, source.member)
        else:
            with open(source.path, "rb") as f:
                data = read_bounded(f, limits.max_file_bytes, source.label, "the file")
    except OSError as exc:
        raise ActivityReadError(source.label, f"cannot read it ({exc.strerror or exc})") from None
    if data[:2] == b"\x1f\x8b":
        inflated, _ = gunzip(data, source.label, limits)
        return inflated, data
    return data, None


def process_source(source: Source) -> Outcome:
    """Read, hash, analyse and score one source (runs in a worker process); never raises."""
    ctx = _CTX or WorkerContext(unit="mi")
    try:
        data, gz = read_source_bytes(source, _ZIPS, ctx.limits)
        sha = hashlib.sha256(data).hexdigest()
        if sha in ctx.known_sha256:
            return Duplicate(source, sha)
        return analyze_bytes(source, data, sha, ctx, gz)
    except ActivityReadError as exc:
        return Failed(source.label, exc.reason)
    except ProgtempoError as exc:
        return Failed(source.label, str(exc))
    except MemoryError:
        return Failed(source.label, "too large to read in memory")
    except Exception as exc:  # one odd file must not stop a bulk import
        return Failed(source.label, f"internal error while reading it: {type(exc).__name__}: {exc}")


def plan_for(start_time: dt.datetime, plans: dict[dt.date, PlanRef], tz: dt.tzinfo) -> PlanRef | None:
    """The planned session due on the run's day: its local day in `tz`, else its UTC day."""
    if not plans:
        return None
    for day in (start_time.astimezone(tz).date(), start_time.astimezone(dt.UTC).date()):
        if day in plans:
            return plans[day]
    return None


def analyze_bytes(
    source: Source, data: bytes, sha: str, ctx: WorkerContext, gz: bytes | None = None
) -> Analyzed:
    """Turn one file's bytes into the rows to store: one per leg, with its splits and result.

    `gz`, the file as read when it came gzipped (Strava's .fit.gz), is stored as is, not recompressed.
    An export's activities.csv names the activity and says its sport; for a file of several legs the
    name goes to each leg and the sport is the file's own, leg by leg.
    """
    activities = read_legs(source.file_name, data, ctx.limits)
    legs = []
    for activity in activities:
        if source.sport and len(activities) == 1:
            activity.sport = source.sport
        if source.name:
            activity.name = source.name
        if not activity.name:
            activity.name = stem(source.file_name)
        running = activity.is_running
        plan_ref = plan_for(activity.start_time, ctx.plans, ctx.tz) if running else None
        longest = longest_before(ctx.runs, activity.start_time)
        legs.append(
            evaluate_activity(
                activity,
                ctx.unit,
                plan_ref,
                session_index=activity.session_index,
                longest_run_m=longest,
                limits=ctx.limits,
                not_after=ctx.not_after,
            )
        )
    return Analyzed(
        source=source,
        sha256=sha,
        file_gz=gz if gz is not None else gzip.compress(data, compresslevel=6, mtime=0),
        file_size=len(data),
        legs=legs,
        event=any(a.multisport for a in activities),
    )


def stem(name: str) -> str:
    """A file name without its activity extensions: `2026-03-04.fit.gz` -> `2026-03-04`."""
    base = Path(name).name
    for ext in (".gz", ".fit", ".gpx", ".tcx"):
        if base.lower().endswith(ext):
            base = base[: -len(ext)]
    return base


def _mp_context() -> Any:
    import multiprocessing as mp

    methods = mp.get_all_start_methods()
    if "forkserver" in methods:
        ctx = mp.get_context("forkserver")
        ctx.set_forkserver_preload(["progtempo.store.pool", "progtempo.analysis", "progtempo.io"])
        return ctx
    return mp.get_context("spawn")


def _ping() -> bool:
    return True


def run_pool(sources: list[Source], ctx: WorkerContext, n_jobs: int) -> Generator[Outcome, None, None]:
    """Outcomes as they finish, with at most 2 files per worker in flight.

    A worker that dies (a file that crashes the reader, or memory) breaks the pool: a new pool retries
    the files that were in flight, and a file that breaks two pools is failed. When worker processes
    cannot start at all (an unimportable `__main__`, a locked-down system), the import carries on in
    this process.
    """
    queue = list(reversed(sources))
    attempts: dict[Source, int] = {}
    limit = 2 * n_jobs
    parent = os.getpid()
    while queue:
        pool = ProcessPoolExecutor(
            max_workers=n_jobs, mp_context=_mp_context(), initializer=init_worker, initargs=(ctx, parent)
        )
        try:
            try:
                pool.submit(_ping).result(timeout=120)
            except (BrokenProcessPool, TimeoutError, OSError):
                init_worker(ctx, ignore_sigint=False)
                while queue:
                    yield process_source(queue.pop())
                return
            pending: dict[Future[Outcome], Source] = {}
            broken = False
            while (queue or pending) and not broken:
                while queue and len(pending) < limit:
                    src = queue.pop()
                    try:
                        pending[pool.submit(process_source, src)] = src
                    except BrokenProcessPool:
                        queue.append(src)
                        broken = True
                        break
                if broken or not pending:
                    break
                done, _ = wait(pending, return_when=FIRST_COMPLETED)
                for fut in done:
                    src = pending.pop(fut)
                    try:
                        outcome = fut.result()
                    except BrokenProcessPool:
                        broken = True
                        attempts[src] = attempts.get(src, 0) + 1
                        if attempts[src] >= 2:
                            yield Failed(src.label, "the reader process crashed on it (out of memory?)")
                        else:
                            queue.append(src)
                        continue
                    yield outcome
            queue.extend(pending.values())
        finally:
            pool.shutdown(wait=True, cancel_futures=True)
