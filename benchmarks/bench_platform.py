"""The coach platform under load: a club's uploads through the job queue while its pages are read.

In one run, on this machine only (loopback), bounded in requests and time:

1. a fresh PostgreSQL database (`--pg URL`, else PROGTEMPO_TEST_PG_URL, else `scripts/postgres.sh
   start`), 2 coaches and 50 athletes (25 each) with an API token each;
2. 1,000 synthetic one-hour runs at 1 Hz (20 per athlete, progtempo's own generator, FIT; cached in
   `--cache`), made before anything is timed;
3. `progtempo serve --workers 2 --no-jobs` and 2 `progtempo worker` processes (`--job-workers`), the
   installed console script;
4. 20 concurrent clients (threads, one HTTP connection each): each takes its athletes in turn and
   uploads their 20 runs, one `POST /api/import/jobs` per file, then reads pages (`/`, `/activities`,
   a run's page, `/history`, `/schedule`, `/api/activities`) for `--read-s` seconds, pausing
   `--think-s` after each page as a person reading it would (0: as fast as the server answers, a
   saturation test rather than 20 people). Reads start as soon as a client's uploads are queued, so
   most of them happen while the workers import; the job workers run at `--nice-workers` (10, as
   docs/deploy.md advises) so pages come first;
5. meanwhile the jobs table is polled: the time from the first upload to the last job done gives the
   jobs per second; the page latency is split into "while jobs run" and "after";
6. at the end, the rows against what was sent: activities per athlete, jobs done and failed,
   activities without splits (nothing lost, nothing doubled);
7. the peer, in the same run: `progtempo import --jobs 2` of the same 1,000 files into another fresh
   database (files per second), the CLI doing the same work without HTTP, queue or pages.

Goals (the coach-platform issue): 1,000 uploads processed in under 60 s, p95 page latency under 300 ms
while they run, 0 errors, counts exact.

    .venv/bin/python benchmarks/bench_platform.py [--athletes 50] [--runs 20] [--clients 20]
        [--read-s 60] [--think-s 1] [--job-workers 2] [--server-workers 2] [--nice-workers 10]
        [--pg URL] [--cache DIR] [--no-peer]
"""

from __future__ import annotations

import argparse
import datetime as dt
import os
import random
import statistics
import subprocess
import sys
import tempfile
import threading
import time
import uuid
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass, field
from pathlib import Path

from _common import ROOT, compiled_env, installed_progtempo

GOAL_UPLOADS_S = 60.0
GOAL_P95_MS = 300.0
KM = 1000.0
PAGES = ("/", "/activities", "{run}", "/history", "/schedule", "/api/activities")


# ---------------------------------------------------------------------------------------------- setup


def make_runs(cache: Path, athletes: int, runs: int) -> dict[int, list[Path]]:
    """`runs` one-hour runs per athlete as FIT files under `cache` (made once, then reused)."""
    from progtempo import synth

    out: dict[int, list[Path]] = {}
    made = 0
    for a in range(athletes):
        folder = cache / f"a{a:03d}"
        folder.mkdir(parents=True, exist_ok=True)
        out[a] = []
        for r in range(runs):
            p = folder / f"run{r:02d}.fit"
            if not p.exists():
                rng = random.Random(a * 1000 + r)
                start_pace = rng.uniform(330, 370)
                legs = [synth.Leg(KM, start_pace - 10 * k, hr_bpm=135.0 + 3 * k) for k in range(11)]
                start = dt.datetime(2026, 1, 5, 6, tzinfo=dt.UTC) + dt.timedelta(days=3 * r, minutes=a)
                run = synth.make_run(legs, start_time=start, warmup=synth.Leg(KM, 390.0, hr_bpm=125.0),
                                     seed=a * 1000 + r)  # fmt: skip
                p.write_bytes(synth.fit_bytes(run))
                made += 1
            out[a].append(p)
    if made:
        print(f"made {made} one-hour runs in {cache}")
    return out


@contextmanager
def postgres(url: str | None) -> Iterator[str]:
    """A PostgreSQL admin URL: the one given, else a throwaway server from scripts/postgres.sh."""
    url = url or os.environ.get("PROGTEMPO_TEST_PG_URL")
    if url:
        yield url
        return
    started = subprocess.run(["bash", str(ROOT / "scripts/postgres.sh"), "start"], capture_output=True,
                             text=True, check=True).stdout.strip()  # fmt: skip
    try:
        yield started
    finally:
        subprocess.run(["bash", str(ROOT / "scripts/postgres.sh"), "stop", started], capture_output=True)


@contextmanager
def fresh_database(admin: str) -> Iterator[str]:
    from sqlalchemy import create_engine, text
    from sqlalchemy.engine import make_url

    name = f"bench_{uuid.uuid4().hex[:10]}"
    engine = create_engine(admin, isolation_level="AUTOCOMMIT")
    with engine.connect() as conn:
        conn.execute(text(f'CREATE DATABASE "{name}"'))
    try:
        yield make_url(admin).set(database=name).render_as_string(hide_password=False)
    finally:
        with engine.connect() as conn:
            conn.execute(text(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)'))
        engine.dispose()


def make_club(db: str, athletes: int) -> dict[int, str]:
    """2 coaches, the athletes split between them; each athlete's API token."""
    from progtempo.store import accounts, open_store

    tokens = {}
    with open_store(db) as store:
        for c in ("coach-1", "coach-2"):
            accounts.add_user(store, c, "coach", "coach password")
        for a in range(athletes):
            name = f"athlete-{a:03d}"
            accounts.add_user(store, name, "athlete", "athlete password", coach=f"coach-{a % 2 + 1}")
            tokens[a] = accounts.new_token(store, name)
    return tokens


def free_port() -> int:
    import socket

    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return int(s.getsockname()[1])


# ---------------------------------------------------------------------------------------------- load


@dataclass
class Tally:
    """What the clients saw: upload and page latencies (ms), errors, by phase."""

    upload_ms: list[float] = field(default_factory=list)
    page_ms_busy: list[float] = field(default_factory=list)
    page_ms_idle: list[float] = field(default_factory=list)
    by_page: dict[str, list[float]] = field(default_factory=dict)
    errors: list[str] = field(default_factory=list)
    lock: threading.Lock = field(default_factory=threading.Lock)


def client(base: str, mine: list[int], files: dict[int, list[Path]], tokens: dict[int, str], tally: Tally,
           busy: threading.Event, read_until: list[float], started: threading.Event,
           think_s: float) -> None:  # fmt: skip
    """One client: upload its athletes' runs, then read their pages until the time is up."""
    import httpx

    with httpx.Client(base_url=base, timeout=120.0) as http:
        for a in mine:
            auth = {"authorization": f"Bearer {tokens[a]}"}
            for path in files[a]:
                t0 = time.perf_counter()
                try:
                    upload = {"files": (path.name, path.read_bytes(), "application/octet-stream")}
                    r = http.post("/api/import/jobs", headers=auth, files=upload)
                    ok = r.status_code == 202
                except httpx.HTTPError as exc:
                    ok, r = False, None
                    err = f"upload: {type(exc).__name__}"
                took = (time.perf_counter() - t0) * 1000
                started.set()
                with tally.lock:
                    tally.upload_ms.append(took)
                    if not ok:
                        tally.errors.append(err if r is None else f"upload: {r.status_code} {r.text[:80]}")
        k = 0
        runs: dict[int, list[int]] = {}
        while time.monotonic() < read_until[0]:
            a = mine[(k // len(PAGES)) % len(mine)]
            page = PAGES[k % len(PAGES)]
            k += 1
            auth = {"authorization": f"Bearer {tokens[a]}"}
            if page == "{run}":
                if not runs.get(a):
                    continue
                page = f"/activities/{random.choice(runs[a])}"
            t0 = time.perf_counter()
            phase_busy = busy.is_set()
            try:
                r = http.get(page, headers=auth)
                ok = r.status_code == 200
                if ok and page == "/api/activities":
                    runs[a] = [x["id"] for x in r.json()["activities"]]
                why = f"{page}: {r.status_code}"
            except httpx.HTTPError as exc:
                ok, why = False, f"{page}: {type(exc).__name__}"
            took = (time.perf_counter() - t0) * 1000
            key = "/activities/{id}" if page.startswith("/activities/") else page
            with tally.lock:
                (tally.page_ms_busy if phase_busy else tally.page_ms_idle).append(took)
                tally.by_page.setdefault(key, []).append(took)
                if not ok:
                    tally.errors.append(why)
            if think_s:
                time.sleep(random.uniform(0.5, 1.5) * think_s)


def pct(xs: list[float], q: float) -> float:
    if not xs:
        return float("nan")
    s = sorted(xs)
    return s[min(len(s) - 1, int(q * len(s)))]


def job_counts(db: str) -> dict[str, int]:
    from progtempo.store import jobs, open_store

    with open_store(db) as store:
        return jobs.counts(store)


def rows(db: str, athletes: int) -> dict[str, int]:
    """The rows in the log: activities, per-athlete spread, distinct files, bare activities, jobs."""
    from sqlalchemy import func, select

    from progtempo.store import models, open_store
    from progtempo.store.models_jobs import Job

    with open_store(db) as store, store.session() as s:
        A, S = models.Activity, models.Split
        per: dict[int, int] = {
            aid: n for aid, n in s.execute(select(A.athlete_id, func.count()).group_by(A.athlete_id))
        }
        files = select(A.athlete_id, A.sha256).distinct().subquery()
        return {
            "activities": s.scalar(select(func.count()).select_from(A)) or 0,
            "distinct_files": s.scalar(select(func.count()).select_from(files)) or 0,
            "athletes_with_runs": len(per),
            "fewest_per_athlete": min(per.values(), default=0),
            "most_per_athlete": max(per.values(), default=0),
            "without_splits": s.scalar(
                select(func.count()).select_from(A).where(~select(S.id).where(S.activity_id == A.id).exists())
            ) or 0,
            "jobs_done": s.scalar(select(func.count()).select_from(Job).where(Job.state == "done")) or 0,
            "jobs_failed": s.scalar(select(func.count()).select_from(Job).where(Job.state == "failed")) or 0,
            "jobs_retried": s.scalar(select(func.count()).select_from(Job).where(Job.attempts > 1)) or 0,
        }  # fmt: skip


def machine_load() -> str:
    """The load average and the busiest other processes, to say what else was running."""
    one, five, _ = os.getloadavg()
    top = subprocess.run(["ps", "-eo", "pcpu,comm", "--sort=-pcpu"], capture_output=True, text=True).stdout
    busy = [line.strip() for line in top.splitlines()[1:6] if line.strip()]
    return f"load average {one:.2f} (1 min), {five:.2f} (5 min); busiest: " + "; ".join(busy)


def main() -> int:
    ap = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    ap.add_argument("--athletes", type=int, default=50)
    ap.add_argument("--runs", type=int, default=20, help="uploads per athlete")
    ap.add_argument("--clients", type=int, default=20)
    ap.add_argument("--read-s", type=float, default=60.0, help="seconds each client reads pages")
    ap.add_argument("--job-workers", type=int, default=2)
    ap.add_argument("--server-workers", type=int, default=2)
    ap.add_argument("--think-s", type=float, default=1.0, help="mean pause after each page (0: none)")
    ap.add_argument("--nice-workers", type=int, default=10, help="run the job workers at this nice level")
    ap.add_argument("--pg", default=None, help="PostgreSQL admin URL (default: a throwaway server)")
    ap.add_argument("--cache", type=Path, default=Path(tempfile.gettempdir()) / "progtempo-bench-platform")
    ap.add_argument("--no-peer", action="store_true", help="skip the CLI import of the same files")
    args = ap.parse_args()
    cli = installed_progtempo()
    if cli is None:
        print("no progtempo console script: pip install -e '.[web,postgres]' first", file=sys.stderr)
        return 2
    files = make_runs(args.cache, args.athletes, args.runs)
    sent = args.athletes * args.runs
    env = compiled_env(Path(tempfile.mkdtemp(prefix="progtempo-pyc-")))
    print(f"before: {machine_load()}")
    with postgres(args.pg) as admin, fresh_database(admin) as db:
        tokens = make_club(db, args.athletes)
        port = free_port()
        base = f"http://127.0.0.1:{port}"
        server = subprocess.Popen([*cli, "--db", db, "serve", "--port", str(port), "--workers",
                                   str(args.server_workers), "--no-jobs"], env=env,
                                  stdout=subprocess.PIPE, stderr=subprocess.PIPE)  # fmt: skip
        nice = ["nice", "-n", str(args.nice_workers)] if args.nice_workers else []
        workers = [subprocess.Popen([*nice, *cli, "--db", db, "worker"], env=env, stdout=subprocess.DEVNULL,
                                    stderr=subprocess.DEVNULL) for _ in range(args.job_workers)]  # fmt: skip
        try:
            import httpx

            deadline = time.monotonic() + 60
            while True:
                try:
                    if httpx.get(f"{base}/healthz", timeout=1).status_code == 200:
                        break
                except httpx.HTTPError:
                    pass
                if time.monotonic() > deadline or server.poll() is not None:
                    print(server.stderr.read().decode() if server.stderr else "", file=sys.stderr)
                    raise SystemExit("the server did not start")
                time.sleep(0.2)
            tally = Tally()
            busy, started = threading.Event(), threading.Event()
            busy.set()
            read_until = [float("inf")]
            groups = [list(range(c, args.athletes, args.clients)) for c in range(args.clients)]
            shared = (files, tokens, tally, busy, read_until, started, args.think_s)
            threads = [threading.Thread(target=client, args=(base, g, *shared)) for g in groups if g]
            t0 = time.monotonic()
            for t in threads:
                t.start()
            read_until[0] = t0 + 3600  # set properly once the uploads are all queued
            started.wait()
            done_at = None
            queued_at = None
            while True:
                counts = job_counts(db)
                finished = counts.get("done", 0) + counts.get("failed", 0)
                if queued_at is None and len(tally.upload_ms) >= sent:
                    queued_at = time.monotonic()
                    read_until[0] = queued_at + args.read_s
                if finished >= sent and done_at is None:
                    done_at = time.monotonic()
                    busy.clear()
                if done_at is not None and queued_at is not None:
                    break
                if time.monotonic() - t0 > 900:
                    raise SystemExit(f"jobs not done after 900 s: {counts}")
                time.sleep(0.25)
            for t in threads:
                t.join()
            during = machine_load()
        finally:
            for w in workers:
                w.terminate()
            server.terminate()
            for p in [*workers, server]:
                try:
                    p.wait(timeout=30)
                except subprocess.TimeoutExpired:
                    p.kill()
        counted = rows(db, args.athletes)
    peer_s = None
    if not args.no_peer:
        with postgres(args.pg) as admin, fresh_database(admin) as db2:
            folders = sorted({str(p.parent) for ps in files.values() for p in ps})
            t = time.perf_counter()
            subprocess.run([*cli, "--db", db2, "import", "--jobs", str(args.job_workers), "--athlete", "peer",
                            *folders], env=env, check=True, capture_output=True)  # fmt: skip
            peer_s = time.perf_counter() - t
    uploads_s = done_at - t0
    print(f"\n== the coach platform under load ({args.athletes} athletes, 2 coaches, {args.clients} clients, "
          f"{sent} uploads, {args.job_workers} job workers at nice {args.nice_workers}, "
          f"{args.server_workers} server processes, PostgreSQL, {args.think_s:g} s think time)")  # fmt: skip
    up50, up95 = pct(tally.upload_ms, 0.5), pct(tally.upload_ms, 0.95)
    print(f"uploads queued in {queued_at - t0:.1f} s (POST /api/import/jobs p50 {up50:.0f} ms, "
          f"p95 {up95:.0f} ms)")  # fmt: skip
    verdict = "under" if uploads_s < GOAL_UPLOADS_S else "OVER"
    print(f"all {sent} uploads processed in {uploads_s:.1f} s: {sent / uploads_s:.1f} jobs/s "
          f"({verdict} the {GOAL_UPLOADS_S:.0f} s goal)")  # fmt: skip
    if peer_s is not None:
        print(
            f"peer: progtempo import --jobs {args.job_workers} of the same files: {peer_s:.1f} s, "
            f"{sent / peer_s:.1f} files/s; the queue runs at {peer_s / uploads_s:.2f}x the CLI's rate"
        )
    for label, xs in (("while jobs run", tally.page_ms_busy), ("after", tally.page_ms_idle)):
        mark = (
            ""
            if label == "after"
            else (" (under the 300 ms goal)" if pct(xs, 0.95) < GOAL_P95_MS else " (OVER the 300 ms goal)")
        )
        print(
            f"pages {label}: {len(xs)} requests, p50 {pct(xs, 0.5):.0f} ms, p95 {pct(xs, 0.95):.0f} ms{mark}"
        )
    for key, xs in sorted(tally.by_page.items()):
        print(
            f"  {key:<18} n={len(xs):<5} p50 {pct(xs, 0.5):6.0f} ms  p95 {pct(xs, 0.95):6.0f} ms  "
            f"mean {statistics.fmean(xs):6.0f} ms"
        )
    print(f"errors: {len(tally.errors)}" + (f" (first: {tally.errors[:3]})" if tally.errors else ""))
    expected = {"activities": sent, "distinct_files": sent, "jobs_done": sent, "without_splits": 0,
                "fewest_per_athlete": args.runs, "most_per_athlete": args.runs, "jobs_failed": 0}  # fmt: skip
    exact = all(counted[k] == v for k, v in expected.items())
    print(f"rows: {counted} against {sent} sent: {'exact' if exact else 'NOT EXACT'}")
    print(f"during: {during}")
    return 0 if exact and not tally.errors else 1


if __name__ == "__main__":
    sys.exit(main())
