"""Bulk import into the training log: files, folders and Strava export zips, in parallel, idempotent.

Worker processes read, analyse and score each file; the parent alone writes to the database, one
transaction per activity, so an activity goes in whole or not at all and Ctrl-C leaves nothing partial.
At most a few files per worker are in flight, so memory stays flat whatever the size of the export.
A file whose sha256 (of its uncompressed bytes) the athlete already has is a duplicate, found before
it is parsed.
"""

from __future__ import annotations

import datetime as dt
import gzip
import hashlib
import os
import signal
import time
import zlib
from collections.abc import Callable, Generator, Iterable
from concurrent.futures import FIRST_COMPLETED, Future, ProcessPoolExecutor, wait
from concurrent.futures.process import BrokenProcessPool
from dataclasses import dataclass, field
from pathlib import Path
from typing import TYPE_CHECKING, Any

from sqlalchemy import delete, select
from sqlalchemy.exc import IntegrityError

from progtempo._json import json_safe
from progtempo.errors import ActivityReadError, ProgtempoError
from progtempo.io.strava_export import ZipReader, activity_format, read_export
from progtempo.store import models
from progtempo.store.db import Store
from progtempo.units import Unit, convert_pace

if TYPE_CHECKING:
    from progtempo.activity import Activity
    from progtempo.analysis import Analysis

DEFAULT_ATHLETE = "me"
RUNNING_SPORTS = ("running", "trail_running", "treadmill_running", "track_running", "run", "unknown")


# ---------------------------------------------------------------------------------------------- sources


@dataclass(frozen=True)
class Source:
    """One activity file to import: a path, or a member of a zip, with what an export says about it."""

    path: str
    member: str | None = None
    name: str | None = None
    sport: str | None = None
    external_id: str | None = None

    @property
    def label(self) -> str:
        """How the file is named in messages and in `activities.source`."""
        return f"{self.path}:{self.member}" if self.member else self.path


@dataclass
class Scan:
    """What a set of paths holds: the activity files to import and what was set aside."""

    sources: list[Source] = field(default_factory=list)
    skipped: int = 0  # export rows with no file (manual entries)
    ignored: int = 0  # files that are not activity files (csv, jpg, …)
    failed: list[tuple[str, str]] = field(default_factory=list)


def scan(paths: Iterable[str | Path]) -> Scan:
    """Find every activity file under `paths` (files, folders recursively, zips); nothing is read yet.

    A path that does not exist is a usage error (ProgtempoError). A file given by name is tried whatever
    its extension; inside folders and zips only .fit/.gpx/.tcx (optionally .gz) count.
    """
    out = Scan()
    for raw in paths:
        p = Path(raw)
        if not p.exists():
            raise ProgtempoError(
                f"{raw}: no such file or folder: check the path (give files, folders or zips)"
            )
        if p.is_dir():
            for root, dirs, files in os.walk(p):
                dirs.sort()
                for f in sorted(files):
                    _add_file(out, Path(root) / f, explicit=False)
        else:
            _add_file(out, p, explicit=True)
    return out


def _add_file(out: Scan, p: Path, *, explicit: bool) -> None:
    if p.name.lower().endswith(".zip"):
        _add_zip(out, p)
    elif explicit or activity_format(p.name):
        out.sources.append(Source(path=str(p)))
    else:
        out.ignored += 1


def _add_zip(out: Scan, p: Path) -> None:
    try:
        export = read_export(p)
    except ActivityReadError as exc:
        out.failed.append((str(p), exc.reason))
        return
    out.skipped += len(export.manual)
    out.ignored += export.ignored
    for e in export.missing:
        out.failed.append(
            (f"{p}:{e.member}", "listed in activities.csv but not in the zip: re-download the export")
        )
    for e in export.entries:
        out.sources.append(
            Source(path=str(p), member=e.member, name=e.name, sport=e.sport, external_id=e.activity_id)
        )


# ---------------------------------------------------------------------------------------------- workers


@dataclass(frozen=True)
class PlanRef:
    """A planned session a run on its day fulfils."""

    id: int
    date: dt.date
    plan: dict[str, Any]
    cleared_before: int = 0  # sessions at the same level cleared before this day (the coach's progress rule)


@dataclass(frozen=True)
class WorkerContext:
    """What every worker needs: the unit, the hashes already stored, the planned sessions by date."""

    unit: Unit
    known_sha256: frozenset[str] = frozenset()
    plans: dict[dt.date, PlanRef] = field(default_factory=dict)


@dataclass
class Analysed:
    """A file read, analysed and scored in a worker, ready for the parent to write."""

    source: Source
    sha256: str
    file_gz: bytes
    file_size: int
    row: dict[str, Any]
    splits: list[dict[str, Any]]
    result: dict[str, Any] | None


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


Outcome = Analysed | Duplicate | Failed

_CTX: WorkerContext | None = None
_ZIPS: ZipReader | None = None


def _init_worker(ctx: WorkerContext, ignore_sigint: bool = True) -> None:
    global _CTX, _ZIPS
    if ignore_sigint:
        signal.signal(signal.SIGINT, signal.SIG_IGN)  # the parent handles Ctrl-C and stops us cleanly
    _CTX = ctx
    _ZIPS = ZipReader()


def read_source_bytes(source: Source, zips: ZipReader | None = None) -> tuple[bytes, bytes | None]:
    """The uncompressed bytes of a source, and its gzip bytes as read when it was gzipped (else None)."""
    try:
        if source.member is not None:
            data = (zips or ZipReader()).read(source.path, source.member)
        else:
            data = Path(source.path).read_bytes()
    except OSError as exc:
        raise ActivityReadError(source.label, f"cannot read it ({exc.strerror or exc})") from None
    if data[:2] == b"\x1f\x8b":
        try:
            return gzip.decompress(data), data
        except (OSError, EOFError, zlib.error) as exc:
            raise ActivityReadError(
                source.label, f"corrupt gzip ({exc}): re-download or re-export it"
            ) from None
    return data, None


def process_source(source: Source) -> Outcome:
    """Read, hash, analyse and score one source (runs in a worker process); never raises."""
    ctx = _CTX or WorkerContext(unit="mi")
    try:
        data, gz = read_source_bytes(source, _ZIPS)
        sha = hashlib.sha256(data).hexdigest()
        if sha in ctx.known_sha256:
            return Duplicate(source, sha)
        return analyse_bytes(source, data, sha, ctx, gz)
    except ActivityReadError as exc:
        return Failed(source.label, exc.reason)
    except ProgtempoError as exc:
        return Failed(source.label, str(exc))
    except MemoryError:
        return Failed(source.label, "too large to read in memory")
    except Exception as exc:  # one odd file must not stop a bulk import
        return Failed(source.label, f"internal error while reading it: {type(exc).__name__}: {exc}")


def plan_for(start_time: dt.datetime, plans: dict[dt.date, PlanRef]) -> PlanRef | None:
    """The planned session due on the run's day (its local date, else its UTC date)."""
    if not plans:
        return None
    for day in (start_time.astimezone().date(), start_time.astimezone(dt.UTC).date()):
        if day in plans:
            return plans[day]
    return None


def analyse_bytes(
    source: Source, data: bytes, sha: str, ctx: WorkerContext, gz: bytes | None = None
) -> Analysed:
    """Turn one file's bytes into the rows to store: summary, splits and (for a run) the coach's result.

    `gz`, the file as read when it came gzipped (Strava's .fit.gz), is stored as is, not recompressed.
    """
    from progtempo.io import read_activity

    activity = read_activity(Path(source.member or source.path).name, data=data)
    if source.sport:
        activity.sport = source.sport
    if source.name:
        activity.name = source.name
    running = activity.sport in RUNNING_SPORTS
    plan_ref = plan_for(activity.start_time, ctx.plans) if running else None
    row, splits, result = evaluate_activity(activity, ctx.unit, plan_ref)
    row.update(
        source=source.label,
        external_id=source.external_id,
        name=activity.name or _stem(source.member or source.path),
    )
    return Analysed(
        source=source,
        sha256=sha,
        file_gz=gz if gz is not None else gzip.compress(data, compresslevel=6, mtime=0),
        file_size=len(data),
        row=row,
        splits=splits,
        result=result,
    )


def _stem(name: str) -> str:
    base = Path(name).name
    for ext in (".gz", ".fit", ".gpx", ".tcx"):
        if base.lower().endswith(ext):
            base = base[: -len(ext)]
    return base


def evaluate_activity(
    activity: Activity, unit: Unit, plan_ref: PlanRef | None
) -> tuple[dict[str, Any], list[dict[str, Any]], dict[str, Any] | None]:
    """Analyse an activity (and score it when it is a run): the activity row, its splits, its result."""
    from progtempo.analysis import analyze

    running = activity.sport in RUNNING_SPORTS
    plan = None
    if plan_ref is not None:
        from progtempo.plan.ladder import Session

        plan = Session.from_json(plan_ref.plan)
        unit = plan.unit
    row: dict[str, Any] = {
        "sport": activity.sport,
        "is_running": running,
        "start_time": activity.start_time,
        "format": activity.format or "?",
        "device": activity.device,
        "warnings": list(activity.warnings),
    }
    analysis: Analysis | None
    try:
        analysis = analyze(activity, unit=unit)
    except ProgtempoError:
        if running:
            raise
        analysis = None  # a ride or a walk the analysis can't handle still goes in the log
    if analysis is None:
        row.update(_raw_summary(activity))
        return row, [], None
    row.update(
        distance_m=_num(analysis.distance_m),
        elapsed_s=_num(analysis.elapsed_s),
        moving_s=_num(analysis.moving_s),
        elev_gain_m=_num(analysis.elev_gain_m) if analysis.has_elevation else None,
        avg_hr=_num(analysis.avg_hr),
        max_hr=_num(analysis.max_hr),
        split_m=analysis.split_m if running else None,
        warnings=[str(w) for w in dict.fromkeys(analysis.warnings)],
    )
    if not running:
        return row, [], None
    splits = [_split_row(s, analysis.unit) for s in analysis.splits]
    from progtempo.coach import evaluate

    report = evaluate(analysis, plan, cleared_before=plan_ref.cleared_before if plan_ref else 0)
    doc = json_safe(report.to_json())
    result = result_fields(doc, doc.get("unit") or analysis.unit)
    result["planned_session_id"] = plan_ref.id if plan_ref else None
    return row, splits, result


def _num(x: float | None) -> float | None:
    if x is None:
        return None
    f = float(x)
    return f if f == f and abs(f) != float("inf") else None


def _split_row(s: Any, unit: Unit) -> dict[str, Any]:
    def per_km(p: float | None) -> float | None:
        v = _num(p)
        return convert_pace(v, unit, "km") if v is not None else None

    return {
        "index": int(s.index),
        "start_m": float(s.start_m),
        "distance_m": float(s.distance_m),
        "elapsed_s": float(s.elapsed_s),
        "moving_s": _num(s.moving_s),
        "pace_s_per_km": per_km(s.pace_s),
        "gap_s_per_km": per_km(s.gap_s),
        "elev_gain_m": _num(s.elev_gain_m),
        "elev_loss_m": _num(s.elev_loss_m),
        "avg_grade": _num(s.avg_grade),
        "avg_hr": _num(s.avg_hr),
        "max_hr": _num(s.max_hr),
        "partial": bool(s.partial),
    }


def _raw_summary(activity: Activity) -> dict[str, Any]:
    import numpy as np

    t = activity.time_s
    elapsed = float(t[-1] - t[0]) if len(t) else None
    dist = None
    if activity.distance_m is not None:
        d = activity.distance_m[np.isfinite(activity.distance_m)]
        dist = float(d.max()) if d.size else None
    return {"distance_m": dist, "elapsed_s": elapsed, "moving_s": None}


def result_fields(report: dict[str, Any], unit: Unit) -> dict[str, Any]:
    """The columns of a `results` row from a coach report's JSON (paces stored per km).

    A run is a progressive session when the coach judged levels: against the plan of the day, or
    against the ladder it found in the run.
    """

    def per_km(v: Any) -> float | None:
        if isinstance(v, int | float) and not isinstance(v, bool):
            f = _num(float(v))
            return convert_pace(f, unit, "km") if f is not None else None
        return None

    levels = [lv for lv in report.get("levels") or [] if isinstance(lv, dict)]
    run = [lv for lv in levels if lv.get("actual_pace_s") is not None]
    last = run[-1] if run else {}
    prog = report.get("progression") or {}
    boss = report.get("boss") or {}
    advice = report.get("advice") or {}
    score = report.get("score")
    return {
        "unit": unit,
        "progressive": bool(levels) and bool(prog),
        "score": _num(float(score)) if isinstance(score, int | float) and levels else None,
        "boss": str(boss.get("verdict"))[:200] if isinstance(boss, dict) and boss.get("verdict") else None,
        "insight": str(advice.get("insight")) if isinstance(advice, dict) and advice.get("insight") else None,
        "end_pace_s_per_km": per_km(last.get("pace_s")),
        "end_gap_s_per_km": per_km(last.get("gap_s")),
        "step_s_per_km": per_km(prog.get("achieved_step_s")) if isinstance(prog, dict) else None,
        "segments": len(levels) or None,
        "levels_cleared": sum(1 for lv in levels if lv.get("verdict") == "cleared"),
        "levels": levels,
        "advice": advice if isinstance(advice, dict) else {},
        "report": report,
    }


# ---------------------------------------------------------------------------------------------- parent


@dataclass
class ImportReport:
    """What an import did; `to_json` is the `progtempo import --json` document."""

    total: int = 0
    imported: int = 0
    duplicates: int = 0
    skipped: int = 0
    ignored: int = 0
    not_running: int = 0
    linked: int = 0
    failed: list[tuple[str, str]] = field(default_factory=list)
    interrupted: bool = False
    elapsed_s: float = 0.0

    @property
    def done(self) -> int:
        return self.imported + self.duplicates + len(self.failed)

    def to_json(self) -> dict[str, Any]:
        return {
            "imported": self.imported,
            "duplicates": self.duplicates,
            "failed": [{"file": f, "error": e} for f, e in self.failed],
            "skipped": self.skipped,
            "ignored": self.ignored,
            "not_running": self.not_running,
            "linked_to_plan": self.linked,
            "interrupted": self.interrupted,
            "elapsed_s": self.elapsed_s,
        }


def athlete_id(store: Store, name: str, *, create: bool = True) -> int | None:
    """The id of the athlete called `name`, created on first use when `create`."""
    name = name.strip()
    if not name:
        raise ProgtempoError("the athlete name is empty: give --athlete NAME")
    with store.transaction() as s:
        found = s.scalar(select(models.Athlete.id).where(models.Athlete.name == name))
        if found is not None or not create:
            return found
    try:
        with store.transaction() as s:
            a = models.Athlete(name=name)
            s.add(a)
            s.flush()
            return a.id
    except IntegrityError:  # created meanwhile by another process
        with store.transaction() as s:
            return s.scalar(select(models.Athlete.id).where(models.Athlete.name == name))


def worker_context(store: Store, athlete: int, unit: Unit) -> WorkerContext:
    """The hashes the athlete already has and their planned sessions, for the workers."""
    with store.transaction() as s:
        shas = frozenset(
            s.scalars(select(models.Activity.sha256).where(models.Activity.athlete_id == athlete))
        )
    plans = {p.date: p for p in planned_refs(store, athlete)}
    return WorkerContext(unit=unit, known_sha256=shas, plans=plans)


def level_key(plan: dict[str, Any]) -> tuple[Any, ...]:
    """What makes two planned sessions the same level: unit, segments, segment length, start and step."""
    segs = plan.get("segments")
    n = len(segs) if isinstance(segs, list) else segs
    return (
        plan.get("unit"),
        n,
        round(float(plan.get("segment_m") or 0.0), 1),
        round(float(plan.get("start_pace_s") or 0.0), 1),
        round(float(plan.get("step_s") or 0.0), 1),
    )


def planned_refs(store: Store, athlete: int) -> list[PlanRef]:
    """The athlete's planned sessions by date, each with how many at its level were cleared before it.

    A session counts as cleared when its boss was beaten (verdict `cleared`); the coach progresses a
    level after two cleared sessions at it.
    """
    P, R = models.PlannedSession, models.Result
    with store.session() as s:
        planned = list(s.scalars(select(P).where(P.athlete_id == athlete).order_by(P.date)))
        cleared_days = [
            (level_key(plan), day)
            for plan, day in s.execute(
                select(P.plan, P.date)
                .join(R, R.planned_session_id == P.id)
                .where(P.athlete_id == athlete, R.boss == "cleared")
            ).all()
        ]
        refs = []
        for p in planned:
            key = level_key(p.plan)
            n = sum(1 for k, day in cleared_days if k == key and day < p.date)
            refs.append(PlanRef(id=p.id, date=p.date, plan=p.plan, cleared_before=n))
    return refs


def reconcile_cleared(store: Store, athlete: int, unit: Unit = "mi") -> int:
    """Re-score planned runs whose advice was given with a stale count of cleared sessions; how many.

    Runs in one bulk import are scored side by side, so none sees the others' results; boss verdicts
    don't depend on the count, so one pass in date order sets every count right.
    """
    R, P = models.Result, models.PlannedSession
    todo: list[tuple[int, PlanRef]] = []
    refs = {r.id: r for r in planned_refs(store, athlete)}
    with store.session() as s:
        for act_id, planned_id, report in s.execute(
            select(R.activity_id, R.planned_session_id, R.report)
            .join(P, R.planned_session_id == P.id)
            .where(P.athlete_id == athlete)
            .order_by(P.date)
        ).all():
            ref = refs.get(planned_id)
            if ref is not None and (report or {}).get("cleared_before", 0) != ref.cleared_before:
                todo.append((act_id, ref))
    for act_id, ref in todo:
        rescore_activity(store, act_id, ref, unit)
    return len(todo)


def write_activity(store: Store, athlete: int, a: Analysed) -> bool:
    """Store one analysed file, its splits and result in one transaction; False if it was a duplicate."""
    try:
        with store.transaction() as s:
            act = models.Activity(
                athlete_id=athlete,
                sha256=a.sha256,
                file_gz=a.file_gz,
                file_size=a.file_size,
                **a.row,
            )
            s.add(act)
            s.flush()
            s.add_all(models.Split(activity_id=act.id, **sp) for sp in a.splits)
            if a.result is not None:
                s.add(models.Result(activity_id=act.id, **a.result))
    except IntegrityError:
        with store.transaction() as s:
            exists = s.scalar(
                select(models.Activity.id).where(
                    models.Activity.athlete_id == athlete, models.Activity.sha256 == a.sha256
                )
            )
        if exists is not None:
            return False
        raise
    return True


ProgressFn = Callable[[ImportReport], None]


def import_paths(
    store: Store,
    paths: Iterable[str | Path],
    *,
    athlete: str = DEFAULT_ATHLETE,
    unit: Unit = "mi",
    jobs: int | None = None,
    on_progress: ProgressFn | None = None,
    on_start: ProgressFn | None = None,
) -> ImportReport:
    """Import every activity file under `paths` for `athlete`; see the module doc for the guarantees.

    On KeyboardInterrupt the work in flight is dropped, nothing partial is written, and the report
    comes back with `interrupted=True` (the next run carries on: what went in is a duplicate).
    """
    t0 = time.perf_counter()
    found = scan(paths)
    report = ImportReport(total=len(found.sources), skipped=found.skipped, ignored=found.ignored)
    report.failed.extend(found.failed)
    aid = athlete_id(store, athlete)
    assert aid is not None
    ctx = worker_context(store, aid, unit)
    seen: set[str] = set(ctx.known_sha256)
    if on_start:
        on_start(report)

    def take(outcome: Outcome) -> None:
        if isinstance(outcome, Failed):
            report.failed.append((outcome.file, outcome.error))
        elif isinstance(outcome, Duplicate) or outcome.sha256 in seen:
            report.duplicates += 1
        else:
            try:
                stored = write_activity(store, aid, outcome)
            except Exception as exc:  # report the file, keep importing the rest
                report.failed.append(
                    (outcome.source.label, f"could not store it: {type(exc).__name__}: {exc}")
                )
            else:
                seen.add(outcome.sha256)
                if stored:
                    report.imported += 1
                    report.not_running += 0 if outcome.row["is_running"] else 1
                    report.linked += 1 if outcome.result and outcome.result.get("planned_session_id") else 0
                else:
                    report.duplicates += 1
        if on_progress:
            on_progress(report)

    n_jobs = max(1, jobs if jobs is not None else (os.cpu_count() or 1))
    try:
        if n_jobs == 1 or len(found.sources) <= 1:
            _init_worker(ctx, ignore_sigint=False)
            for src in found.sources:
                take(process_source(src))
        else:
            outcomes = _run_pool(found.sources, ctx, n_jobs)
            try:
                for outcome in outcomes:
                    take(outcome)
            finally:
                outcomes.close()  # stops the workers now, also on Ctrl-C
    except KeyboardInterrupt:
        report.interrupted = True
    if report.linked and not report.interrupted:
        reconcile_cleared(store, aid, unit)
    report.elapsed_s = time.perf_counter() - t0
    return report


def _mp_context() -> Any:
    import multiprocessing as mp

    methods = mp.get_all_start_methods()
    if "forkserver" in methods:
        ctx = mp.get_context("forkserver")
        ctx.set_forkserver_preload(["progtempo.store.importer", "progtempo.analysis", "progtempo.io"])
        return ctx
    return mp.get_context("spawn")


def _ping() -> bool:
    return True


def _run_pool(sources: list[Source], ctx: WorkerContext, n_jobs: int) -> Generator[Outcome, None, None]:
    """Outcomes as they finish, with at most 2 files per worker in flight.

    A worker that dies (a file that crashes the reader, or memory) breaks the pool: a new pool retries
    the files that were in flight, and a file that breaks two pools is failed. When worker processes
    cannot start at all (an unimportable `__main__`, a locked-down system), the import carries on in
    this process.
    """
    queue = list(reversed(sources))
    attempts: dict[Source, int] = {}
    limit = 2 * n_jobs
    while queue:
        pool = ProcessPoolExecutor(
            max_workers=n_jobs, mp_context=_mp_context(), initializer=_init_worker, initargs=(ctx,)
        )
        try:
            try:
                pool.submit(_ping).result(timeout=120)
            except (BrokenProcessPool, TimeoutError, OSError):
                _init_worker(ctx, ignore_sigint=False)
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


# ---------------------------------------------------------------------------------------------- re-scoring


def rescore_activity(store: Store, activity_id: int, plan_ref: PlanRef | None, unit: Unit) -> None:
    """Re-analyse a stored run from its original file; replace its splits and result in one transaction."""
    with store.transaction() as s:
        act = s.get(models.Activity, activity_id)
        if act is None:
            return
        from progtempo.io import read_activity

        data = gzip.decompress(act.file_gz)
        activity = read_activity(Path(act.source).name, data=data)
        activity.sport = act.sport
        activity.name = act.name
        _row, splits, result = evaluate_activity(activity, unit, plan_ref)
        s.execute(delete(models.Split).where(models.Split.activity_id == activity_id))
        s.execute(delete(models.Result).where(models.Result.activity_id == activity_id))
        act.split_m = _row.get("split_m")
        s.add_all(models.Split(activity_id=activity_id, **sp) for sp in splits)
        if result is not None:
            s.add(models.Result(activity_id=activity_id, **result))


def rescore_planned(store: Store, athlete: int, planned_ids: list[int], unit: Unit = "mi") -> int:
    """Match runs already in the log to newly planned sessions on their day and re-score them; how many."""
    if not planned_ids:
        return 0
    A = models.Activity
    todo: list[tuple[int, PlanRef]] = []
    wanted = set(planned_ids)
    with store.session() as s:
        for ref in (r for r in planned_refs(store, athlete) if r.id in wanted):
            lo = dt.datetime.combine(ref.date - dt.timedelta(days=1), dt.time(), tzinfo=dt.UTC)
            hi = dt.datetime.combine(ref.date + dt.timedelta(days=2), dt.time(), tzinfo=dt.UTC)
            rows = s.execute(
                select(A.id, A.start_time).where(
                    A.athlete_id == athlete, A.is_running.is_(True), A.start_time >= lo, A.start_time < hi
                )
            ).all()
            todo.extend((r.id, ref) for r in rows if plan_for(r.start_time, {ref.date: ref}) is not None)
    for act_id, ref in todo:
        rescore_activity(store, act_id, ref, unit)
    if todo:
        reconcile_cleared(store, athlete, unit)
    return len(todo)
