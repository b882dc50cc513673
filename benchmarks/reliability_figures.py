"""The figures of the crash-safety and concurrency tests (tests/store/test_store_crash.py), printed.

    .venv/bin/python benchmarks/reliability_figures.py [--trials 20] [--pg URL]

The tests assert; this says what happened in each trial: when the import was killed (SIGKILL), how
many activities the log held then, that its integrity check passed and no activity lacked its splits
or result, how many worker processes were alive after the kill and how long they took to go, and the
counts after a re-run against a clean import's. Then two and three imports at once into one SQLite log
(and a fresh PostgreSQL database with --pg): their exit codes, "database is locked" lines, rows
imported and duplicates, against the files' distinct runs. It uses the tests' own helpers, so the
figures are of what the tests check.
"""

from __future__ import annotations

import argparse
import json
import random
import subprocess
import sys
import tempfile
import time
from pathlib import Path
from types import ModuleType

from _common import load_test_module


def _tests() -> ModuleType:
    return load_test_module("tests/store/test_store_crash.py", "crash_tests")


def kill_trials(t: ModuleType, folder: Path, work: Path, trials: int, per_log: int = 5) -> None:
    rng = random.Random(20261202)
    span = t.clean_import_s(folder, work / "clean.sqlite")
    print(f"## SIGKILL of `progtempo import --jobs 2` of {t.N_FILES} files, {trials} trials")
    print(f"(a clean import takes {span:.1f} s here: each kill comes 0.2 s to that after the start)")
    print("| trial | killed after | activities then | integrity, whole rows | workers left | gone in |")
    print("|---:|---:|---:|---|---:|---:|")
    k = 0
    for group in range((trials + per_log - 1) // per_log):
        url = f"sqlite:///{work / f'log{group}.sqlite'}"
        for _ in range(min(per_log, trials - k)):
            k += 1
            delay = rng.uniform(0.2, span)
            proc = subprocess.Popen(
                [*t.CLI, "--unit", "km", "--db", url, "import", str(folder), "--jobs", "2"],
                stdout=subprocess.DEVNULL,
                stderr=subprocess.DEVNULL,
            )
            deadline = time.monotonic() + delay
            while time.monotonic() < deadline and proc.poll() is None:
                time.sleep(0.01)
            family = t._children(proc.pid)
            finished = proc.poll() is not None
            if not finished:
                proc.kill()
            proc.wait(timeout=60)
            t0 = time.monotonic()
            left = [p for p in family if t._alive(p)]
            while any(t._alive(p) for p in family) and time.monotonic() - t0 < 60:
                time.sleep(0.02)
            gone_s = time.monotonic() - t0
            try:
                t._check_whole(url)
                whole = "ok"
            except AssertionError as exc:
                whole = f"BROKEN: {str(exc)[:60]}"
            n = t._counts(url)[0]
            when = f"{delay:.2f} s" + (" (had ended)" if finished else "")
            print(f"| {k} | {when} | {n} | {whole} | {len(left)} | {gone_s:.2f} s |")
        done = subprocess.run(
            [*t.CLI, "--unit", "km", "--db", url, "import", str(folder), "--jobs", "2", "--json"],
            capture_output=True,
            text=True,
            timeout=600,
        )
        counts = t._counts(url)
        clean = (t.N_FILES, t.N_FILES * t.SPLITS_EACH, t.N_FILES)
        print(
            f"| re-run of log {group} | exit {done.returncode} | {counts[0]} | activities, splits, results "
            f"{counts} vs a clean import's {clean}: {'exact' if counts == clean else 'DIFFERENT'} | | |"
        )
    print()


def concurrent(t: ModuleType, url: str, folders: list[Path], label: str) -> None:
    t0 = time.monotonic()
    results = t._concurrent(url, folders)
    took = time.monotonic() - t0
    docs = [json.loads(r.stdout) if r.returncode == 0 else {} for r in results]
    locked = sum(r.stderr.count("locked") for r in results)
    imported = [d.get("imported") for d in docs]
    dups = sum(len(d.get("duplicate_of", [])) for d in docs)
    counts = t._counts(url)
    try:
        t._check_whole(url)
        whole = "ok"
    except AssertionError:
        whole = "BROKEN"
    print(
        f"| {label} | {len(folders)} | {[r.returncode for r in results]} | {locked} | {imported} "
        f"| {dups} | {counts} | {whole} | {took:.1f} s |"
    )


def main() -> int:
    p = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    p.add_argument("--trials", type=int, default=20)
    p.add_argument("--pg", help="a PostgreSQL URL whose database is fresh (or dropped first by you)")
    a = p.parse_args()
    t = _tests()
    with tempfile.TemporaryDirectory() as d:
        work = Path(d)
        many = work / "many"
        many.mkdir()
        for i in range(t.N_FILES):
            t.synth.write_fit(t._run(i), many / f"r{i:03d}.fit")
        kill_trials(t, many, work, a.trials)
        # the tests' three overlapping folders: 90 distinct files and one run recorded as FIT and GPX
        names = sorted(p.name for p in many.iterdir())[:90]
        folders = []
        for k, part in enumerate([names[0:60], names[30:90], names[0:90:2]]):
            f = work / f"f{k}"
            f.mkdir()
            for n in part:
                (f / n).symlink_to(many / n)
            folders.append(f)
        twin = t._run(500)
        t.synth.write_fit(twin, folders[0] / "twin.fit")
        t.synth.write_gpx(twin, folders[1] / "twin.gpx")
        print("## Imports at once (folders share files; 91 distinct runs in all, one run in two files)")
        print("| log | imports | exit codes | 'locked' lines | imported each | duplicates | activities, "
              "splits, results | whole | time |")  # fmt: skip
        print("|---|---:|---|---:|---|---:|---|---|---:|")
        concurrent(t, f"sqlite:///{work / 'two.sqlite'}", folders[:2], "SQLite, fresh")
        concurrent(t, f"sqlite:///{work / 'three.sqlite'}", folders, "SQLite, fresh")
        if a.pg:
            concurrent(t, a.pg, folders, "PostgreSQL, fresh database")
    return 0


if __name__ == "__main__":
    sys.exit(main())
