"""How fast `progtempo import` takes a Strava-sized export into SQLite and PostgreSQL, against fitdecode.

In one run:

1. a synthetic Strava-like bulk export of N one-hour runs at 1 Hz (default 1,000: 80 % FIT, 10 % GPX,
   10 % TCX; FIT and TCX gzipped as Strava does, with activities.csv) is written by progtempo's own
   generator into a cache folder, and reused by later runs;
2. `progtempo import` of it runs as a child process into a fresh SQLite file, then into a fresh
   PostgreSQL database (a throwaway server from scripts/postgres.sh, or --pg-url), then again into
   SQLite (the idempotent re-import, all duplicates). For each: wall time, activities/s, the child's
   peak memory (ru_maxrss of the import process) and the peak memory of the whole process tree
   (import process + workers, summed PSS sampled every 50 ms: what the machine really gave it);
3. the peer: the same files read one at a time in one process with the plain libraries and no
   database: fitdecode for FIT (every record message's fields into a dict), gpxpy for GPX, lxml for TCX.

Every figure is printed with its ratio to the peer. Goal (issue 5): 1,000 activities in under 60 s,
peak memory under 500 MB.

    .venv/bin/python benchmarks/bench_import.py [--n 100] [--jobs N] [--pg-url URL | --no-pg]
                                                [--peer-n N] [--cache DIR] [--keep]

`--peer-n` reads only that many files for the peer (spread over the formats as in the export) and
scales its time up; by default the peer reads every file.
"""

from __future__ import annotations

import argparse
import csv
import datetime as dt
import gzip
import io
import json
import os
import random
import shutil
import subprocess
import sys
import tempfile
import threading
import time
import zipfile
from concurrent.futures import ProcessPoolExecutor
from pathlib import Path

from _common import ROOT, compiled_env

PG_SCRIPT = ROOT / "scripts" / "postgres.sh"
GEN_VERSION = 1
GOAL_S_PER_1000 = 60.0
GOAL_MB = 500.0
MILE = 1609.344


def fmt_of(i: int) -> str:
    """Formats in the export: 8 of 10 FIT, 1 GPX, 1 TCX."""
    return {8: "gpx", 9: "tcx"}.get(i % 10, "fit")


def one_run(i: int) -> tuple[str, str, str, bytes, int]:
    """The i-th run: (strava type, name, member name, member bytes, record count); about an hour at 1 Hz."""
    from progtempo import synth

    rng = random.Random(1000 + i)
    start = dt.datetime(2023, 1, 2, 6, 30, tzinfo=dt.UTC) + dt.timedelta(days=i, minutes=rng.randint(0, 600))
    base = rng.uniform(560.0, 640.0)  # s/mi at the start of the ladder
    step = rng.choice([20.0, 25.0, 30.0])
    legs = [synth.Leg(MILE, (base + 45.0) / (MILE / 1000), hr_bpm=125.0)]  # a warm-up mile
    for k in range(6):
        pace = base - k * step + rng.gauss(0.0, 3.0)
        grade = rng.choice([0.0, 0.0, 0.01, -0.01, 0.02, -0.02])
        legs.append(synth.Leg(MILE, pace / (MILE / 1000), grade=grade, hr_bpm=132.0 + 6 * k))
    run = synth.make_run(legs, start_time=start, gps_noise_m=1.5, elevation_noise_m=0.3, seed=i, name=None)
    fmt = fmt_of(i)
    data = {"fit": synth.fit_bytes, "gpx": synth.gpx_bytes, "tcx": synth.tcx_bytes}[fmt](run)
    aid = 8_000_000_000 + i
    member = f"activities/{aid}.{fmt}" + ("" if fmt == "gpx" else ".gz")
    if fmt != "gpx":
        data = gzip.compress(data, compresslevel=6, mtime=0)
    return "Run", f"Progressive run {i + 1}", member, data, len(run.activity)


def strava_date(t: dt.datetime) -> str:
    h = t.hour % 12 or 12
    return f"{t:%b} {t.day}, {t.year}, {h}:{t:%M:%S} {'AM' if t.hour < 12 else 'PM'}"


def make_export(n: int, cache: Path) -> tuple[Path, dict[str, int]]:
    """The export zip for `n` runs in `cache` (made once, in parallel), and its counts by format."""
    folder = cache / f"strava-{n}-v{GEN_VERSION}"
    zpath = folder / "export_bench.zip"
    meta = folder / "meta.json"
    if zpath.is_file() and meta.is_file():
        return zpath, json.loads(meta.read_text())
    folder.mkdir(parents=True, exist_ok=True)
    t0 = time.perf_counter()
    tmp = zpath.with_suffix(".part")
    counts = {"fit": 0, "gpx": 0, "tcx": 0, "records": 0}
    rows = []
    with zipfile.ZipFile(tmp, "w") as z, ProcessPoolExecutor() as ex:
        for i, (typ, name, member, data, records) in enumerate(ex.map(one_run, range(n), chunksize=8)):
            comp = zipfile.ZIP_STORED if member.endswith(".gz") else zipfile.ZIP_DEFLATED
            z.writestr(zipfile.ZipInfo(member, (2026, 1, 1, 0, 0, 0)), data, compress_type=comp)
            counts[fmt_of(i)] += 1
            counts["records"] += records
            day = dt.datetime(2023, 1, 2, 6, 30, tzinfo=dt.UTC) + dt.timedelta(days=i)
            rows.append([member.split("/")[1].split(".")[0], strava_date(day), name, typ, "", "3600", "11.3",
                         member, "3600", "3550", "11265.4"])  # fmt: skip
        buf = io.StringIO()
        w = csv.writer(buf)
        header = ["Activity ID", "Activity Date", "Activity Name", "Activity Type", "Activity Description",
                  "Elapsed Time", "Distance", "Filename", "Elapsed Time", "Moving Time",
                  "Distance"]  # fmt: skip
        w.writerow(header)
        w.writerows(rows)
        z.writestr("activities.csv", buf.getvalue())
        z.writestr("profile.csv", "Athlete ID\n1\n")
    tmp.rename(zpath)
    meta.write_text(json.dumps(counts))
    size_mb = zpath.stat().st_size / 1e6
    print(f"wrote {zpath} ({size_mb:.0f} MB) in {time.perf_counter() - t0:.0f} s", file=sys.stderr)
    return zpath, counts


# ---------------------------------------------------------------------------------------------- memory


def _children(pid: int) -> list[int]:
    out = []
    for p in Path("/proc").iterdir():
        if not p.name.isdigit():
            continue
        try:
            stat = (p / "stat").read_text()
        except OSError:
            continue
        ppid = int(stat.rsplit(")", 1)[1].split()[1])
        if ppid == pid:
            out.append(int(p.name))
    return out


def _pss_kb(pid: int) -> int:
    try:
        for line in Path(f"/proc/{pid}/smaps_rollup").read_text().splitlines():
            if line.startswith("Pss:"):
                return int(line.split()[1])
    except OSError:
        pass
    return 0


def tree_pss_mb(root: int) -> float:
    """The summed proportional set size of a process and all its descendants, MB."""
    seen, todo, total = set(), [root], 0
    while todo:
        pid = todo.pop()
        if pid in seen:
            continue
        seen.add(pid)
        total += _pss_kb(pid)
        todo.extend(_children(pid))
    return total / 1024


def run_import(url: str, export: Path, jobs: int | None, env: dict[str, str]) -> dict[str, float]:
    """`progtempo --db URL import EXPORT --json` in a child: wall time, its report, peak memories."""
    cli = [sys.executable, "-c", "from progtempo.cli import main; main()"]
    cmd = [*cli, "--db", url, "import", str(export), "--json"]
    if jobs:
        cmd += ["--jobs", str(jobs)]
    t0 = time.perf_counter()
    proc = subprocess.Popen(cmd, stdout=subprocess.PIPE, stderr=subprocess.DEVNULL, env=env)
    peak = [0.0]
    done = threading.Event()

    def sample() -> None:
        while not done.is_set():
            peak[0] = max(peak[0], tree_pss_mb(proc.pid))
            done.wait(0.05)

    th = threading.Thread(target=sample, daemon=True)
    th.start()
    assert proc.stdout is not None
    out = proc.stdout.read()
    _, status, usage = os.wait4(proc.pid, 0)
    wall = time.perf_counter() - t0
    done.set()
    th.join()
    proc.returncode = os.waitstatus_to_exitcode(status)
    if proc.returncode not in (0, 1):
        raise SystemExit(f"import into {url} failed with exit {proc.returncode}")
    rep = json.loads(out)
    return {
        "wall_s": wall,
        "imported": rep["imported"],
        "duplicates": rep["duplicates"],
        "failed": len(rep["failed"]),
        "maxrss_mb": usage.ru_maxrss / 1024,
        "tree_mb": peak[0],
    }


# ---------------------------------------------------------------------------------------------- peer


def peer_read(export: Path, limit: int | None) -> dict[str, float]:
    """Every file (or `limit` of them) read one at a time with fitdecode / gpxpy / lxml, no database."""
    import fitdecode
    import gpxpy
    from lxml import etree

    with zipfile.ZipFile(export) as z:
        members = [m for m in z.namelist() if m.startswith("activities/")]
        if limit:
            by = {f: [m for m in members if f".{f}" in m] for f in ("fit", "gpx", "tcx")}
            share = {f: max(1, round(limit * len(v) / len(members))) for f, v in by.items() if v}
            members = [m for f, v in by.items() for m in v[: share.get(f, 0)]]
        t0 = time.perf_counter()
        records = 0
        for m in members:
            data = z.read(m)
            if m.endswith(".gz"):
                data = gzip.decompress(data)
            if ".fit" in m:
                with fitdecode.FitReader(io.BytesIO(data)) as fit:
                    for frame in fit:
                        if frame.frame_type == fitdecode.FIT_FRAME_DATA and frame.name == "record":
                            _ = {f.name: f.value for f in frame.fields}
                            records += 1
            elif ".gpx" in m:
                g = gpxpy.parse(data.decode("utf-8").lstrip())
                records += sum(len(s.points) for t in g.tracks for s in t.segments)
            else:
                root = etree.fromstring(data)
                records += len(root.findall(".//{*}Trackpoint"))
        wall = time.perf_counter() - t0
    return {"wall_s": wall, "files": len(members), "records": records}


# ---------------------------------------------------------------------------------------------- main


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__.split("\n", 1)[0])
    ap.add_argument("--n", type=int, default=1000, help="runs in the export (default 1000)")
    ap.add_argument("--jobs", type=int, default=None, help="import workers (default: one per core)")
    ap.add_argument("--pg-url", help="PostgreSQL URL to import into (default: a throwaway server)")
    ap.add_argument("--no-pg", action="store_true", help="skip PostgreSQL")
    ap.add_argument("--peer-n", type=int, default=None, help="files the peer reads (default: all), scaled up")
    ap.add_argument("--cache", type=Path, default=None, help="where the export is cached")
    ap.add_argument("--keep", action="store_true", help="keep the SQLite file of the run")
    args = ap.parse_args()

    from platformdirs import user_cache_path

    cache = args.cache or user_cache_path("progtempo", appauthor=False) / "bench"
    export, counts = make_export(args.n, cache)
    env = compiled_env(cache / "pycache")  # as an installed package: compiled once, not per process

    work = Path(tempfile.mkdtemp(prefix="progtempo-bench-"))
    results: dict[str, dict[str, float]] = {}
    started_pg = False
    url: str | None = None
    try:
        sqlite_url = f"sqlite:///{work / 'log.sqlite'}"
        # warm the bytecode cache first: a file that is not an activity, into a scratch log
        run_import(f"sqlite:///{work / 'warm.sqlite'}", export.parent / "meta.json", args.jobs, env)
        results["progtempo → SQLite"] = run_import(sqlite_url, export, args.jobs, env)
        results["re-import (all duplicates)"] = run_import(sqlite_url, export, args.jobs, env)
        if not args.no_pg:
            url = args.pg_url
            if url is None:
                url = subprocess.run(
                    [str(PG_SCRIPT), "start", "--durable"], capture_output=True, text=True, check=True
                ).stdout.strip()
                started_pg = True
            results["progtempo → PostgreSQL"] = run_import(url, export, args.jobs, env)
        peer = peer_read(export, args.peer_n)
    finally:
        if started_pg and url:
            subprocess.run([str(PG_SCRIPT), "stop", url], capture_output=True, check=False)
        if args.keep:
            print(f"kept {work}", file=sys.stderr)
        else:
            shutil.rmtree(work, ignore_errors=True)

    n = args.n
    scale = n / peer["files"]
    peer_s = peer["wall_s"] * scale
    peer_rate = n / peer_s
    print(
        f"\nimport of {n} one-hour 1 Hz runs ({counts['fit']} FIT, {counts['gpx']} GPX, {counts['tcx']} TCX; "
        f"{counts['records'] / 1e6:.2f} M records) on {os.cpu_count()} cores, "
        f"jobs={args.jobs or os.cpu_count()}"
    )
    print(f"{'':30} {'time s':>8} {'act/s':>8} {'× peer':>8} {'rec/s':>10} {'peak MB':>8} {'tree MB':>8}")
    for name, r in results.items():
        rate = n / r["wall_s"]
        print(
            f"{name:30} {r['wall_s']:8.1f} {rate:8.1f} {rate / peer_rate:8.2f} "
            f"{counts['records'] / r['wall_s']:10,.0f} {r['maxrss_mb']:8.0f} {r['tree_mb']:8.0f}"
        )
    peer_note = "" if scale == 1 else f" (read {peer['files']} files, scaled ×{scale:.1f})"
    print(
        f"{'peer: fitdecode/gpxpy/lxml':30} {peer_s:8.1f} {peer_rate:8.1f} {1.0:8.2f} "
        f"{counts['records'] / peer_s:10,.0f} {'-':>8} {'-':>8}{peer_note}"
    )
    main_r = results["progtempo → SQLite"]
    per_1000 = main_r["wall_s"] * 1000 / n
    print(
        f"\nSQLite: {per_1000:.0f} s per 1,000 activities (goal < {GOAL_S_PER_1000:.0f} s), peak tree memory "
        f"{main_r['tree_mb']:.0f} MB (goal < {GOAL_MB:.0f} MB); imported {main_r['imported']:.0f}, "
        f"failed {main_r['failed']:.0f}"
    )


if __name__ == "__main__":
    main()
