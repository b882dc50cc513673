"""Crash safety and concurrency of `progtempo import` (the reliability issue).

- `kill -9` at random moments: the database stays sound, no activity lacks its splits or result, no
  worker outlives the import, and a re-run ends with exactly the counts of a clean import.
- Two or three imports into one log at once (SQLite, and PostgreSQL from a fresh database): no
  "database is locked", no lost or doubled row, one activity for one run recorded twice.

The trials are made cheap: one folder of small runs for the module, several kills per fresh log, and
the expected counts are known from how the folder was made. Nothing here is timed: the only waits are
generous deadlines for things that must happen (a killed process's workers going away).
"""

from __future__ import annotations

import datetime as dt
import os
import random
import signal
import subprocess
import sys
import time
from pathlib import Path

import pytest
from sqlalchemy import func, select, text

from progtempo import synth
from progtempo.store import models, open_store

N_FILES = 200
SPLITS_EACH = 2
CLI = [sys.executable, "-c", "from progtempo.cli import main; main()"]
#: how long the workers of a killed import may take to notice and exit (they exit at once; this is a
#: deadline for a loaded machine, not a measurement)
ORPHAN_DEADLINE_S = 60.0


def _run(i: int) -> synth.SynthRun:
    legs = [synth.Leg(1000.0, 360.0 - 12 * k, hr_bpm=140.0 + 5 * k) for k in range(SPLITS_EACH)]
    start = dt.datetime(2025, 1, 1, 7, tzinfo=dt.UTC) + dt.timedelta(hours=7 * i)
    return synth.make_run(legs, start_time=start)


@pytest.fixture(scope="module")
def many(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """N_FILES small runs, each a different run (so a clean import stores every one)."""
    folder = tmp_path_factory.mktemp("many")
    for i in range(N_FILES):
        synth.write_fit(_run(i), folder / f"r{i:03d}.fit")
    return folder


def _children(pid: int) -> set[int]:
    """Every live descendant of `pid` (from /proc)."""
    parent: dict[int, int] = {}
    for entry in os.listdir("/proc"):
        if not entry.isdigit():
            continue
        try:
            stat = Path(f"/proc/{entry}/stat").read_text()
        except OSError:
            continue
        fields = stat.rsplit(")", 1)[1].split()
        if fields[0] != "Z":
            parent[int(entry)] = int(fields[1])
    out: set[int] = set()
    frontier = {pid}
    while frontier:
        frontier = {p for p, pp in parent.items() if pp in frontier} - out
        out |= frontier
    return out


def _alive(pid: int) -> bool:
    try:
        state = Path(f"/proc/{pid}/stat").read_text().rsplit(")", 1)[1].split()[0]
    except OSError:
        return False
    return state != "Z"


def _counts(url: str) -> tuple[int, int, int]:
    with open_store(url) as store, store.session() as s:
        return (
            s.scalar(select(func.count()).select_from(models.Activity)) or 0,
            s.scalar(select(func.count()).select_from(models.Split)) or 0,
            s.scalar(select(func.count()).select_from(models.Result)) or 0,
        )


def _check_whole(url: str) -> None:
    """The database is sound and every stored run has all its splits and its result."""
    with open_store(url) as store, store.session() as s:
        if store.dialect == "sqlite":
            assert s.execute(text("PRAGMA integrity_check")).scalar() == "ok"
        A, S, R = models.Activity, models.Split, models.Result
        n_splits = func.count(S.id)
        rows = s.execute(
            select(A.id, n_splits, func.count(func.distinct(R.id)))
            .outerjoin(S, S.activity_id == A.id)
            .outerjoin(R, R.activity_id == A.id)
            .group_by(A.id)
        ).all()
        bad = [(i, ns, nr) for i, ns, nr in rows if ns != SPLITS_EACH or nr != 1]
        assert not bad, f"activities without all their splits or their result: {bad[:5]}"


def _kill_trial(url: str, folder: Path, delay_s: float) -> None:
    proc = subprocess.Popen(
        [*CLI, "--unit", "km", "--db", url, "import", str(folder), "--jobs", "2"],
        stdout=subprocess.DEVNULL,
        stderr=subprocess.PIPE,
    )
    deadline = time.monotonic() + delay_s
    while time.monotonic() < deadline and proc.poll() is None:
        time.sleep(0.01)
    family = _children(proc.pid)
    if proc.poll() is None:
        proc.send_signal(signal.SIGKILL)
    proc.wait(timeout=60)
    assert proc.stderr is not None
    err = proc.stderr.read().decode(errors="replace")
    proc.stderr.close()
    assert "Traceback" not in err, err
    gone_by = time.monotonic() + ORPHAN_DEADLINE_S
    while time.monotonic() < gone_by and any(_alive(p) for p in family):
        time.sleep(0.05)
    assert not [p for p in family if _alive(p)], "worker processes outlived the killed import"


def clean_import_s(folder: Path, log: Path) -> float:
    """How long a clean import of `folder` takes on this machine now (the kills are spread over it)."""
    t0 = time.monotonic()
    done = subprocess.run(
        [*CLI, "--unit", "km", "--db", f"sqlite:///{log}", "import", str(folder), "--jobs", "2"],
        capture_output=True,
        text=True,
        timeout=600,
    )
    assert done.returncode == 0, done.stderr[-2000:]
    return time.monotonic() - t0


def test_kill_9_at_random_moments_leaves_a_whole_log(many: Path, tmp_path: Path) -> None:
    """Each kill comes at a moment drawn over a clean import's time, so most land while rows are being
    written (from the migration of a fresh log to the last file)."""
    rng = random.Random(20261202)
    trials, per_log = 20, 5
    span = clean_import_s(many, tmp_path / "clean.sqlite")
    partial = 0  # kills that left some of the files stored, not none or all
    for group in range(trials // per_log):
        url = f"sqlite:///{tmp_path / f'log{group}.sqlite'}"  # fresh: the first kill may hit the migration
        for _ in range(per_log):
            _kill_trial(url, many, rng.uniform(0.2, span))
            _check_whole(url)
            n = _counts(url)[0]
            assert n <= N_FILES
            partial += 0 < n < N_FILES
        done = subprocess.run(
            [*CLI, "--unit", "km", "--db", url, "import", str(many), "--jobs", "2", "--json"],
            capture_output=True,
            text=True,
            timeout=600,
        )
        assert done.returncode == 0, done.stderr[-2000:]
        assert _counts(url) == (N_FILES, N_FILES * SPLITS_EACH, N_FILES)  # a clean import's counts
        _check_whole(url)
    assert partial >= 3, f"only {partial} kills came while rows were being written"


def _concurrent(url: str, folders: list[Path]) -> list[subprocess.CompletedProcess[str]]:
    procs = [
        subprocess.Popen(
            [*CLI, "--unit", "km", "--db", url, "import", str(f), "--jobs", "1", "--json"],
            stdout=subprocess.PIPE,
            stderr=subprocess.PIPE,
            text=True,
        )
        for f in folders
    ]
    out = []
    for p in procs:
        stdout, stderr = p.communicate(timeout=600)
        out.append(subprocess.CompletedProcess(p.args, p.returncode, stdout, stderr))
    return out


@pytest.fixture(scope="module")
def overlapping(many: Path, tmp_path_factory: pytest.TempPathFactory) -> list[Path]:
    """Three folders sharing files, and one run recorded twice (FIT in one folder, GPX in another)."""
    root = tmp_path_factory.mktemp("overlap")
    names = sorted(p.name for p in many.iterdir())[:90]
    parts = [names[0:60], names[30:90], names[0:90:2]]
    folders = []
    for k, part in enumerate(parts):
        f = root / f"f{k}"
        f.mkdir()
        for n in part:
            (f / n).symlink_to(many / n)
        folders.append(f)
    twin = _run(500)
    synth.write_fit(twin, folders[0] / "twin.fit")
    synth.write_gpx(twin, folders[1] / "twin.gpx")
    return folders


def _check_concurrent(url: str, results: list[subprocess.CompletedProcess[str]]) -> None:
    import json

    for r in results:
        clean = "locked" not in r.stderr and "Traceback" not in r.stderr
        assert r.returncode == 0 and clean, r.stderr[-2000:]
    docs = [json.loads(r.stdout) for r in results]
    assert sum(d["imported"] for d in docs) == 91  # 90 distinct files and one run from two sources
    assert sum(len(d["duplicate_of"]) for d in docs) == 1
    assert _counts(url) == (91, 91 * SPLITS_EACH, 91)
    _check_whole(url)
    with open_store(url) as store, store.session() as s:
        shas = s.scalars(select(models.Activity.sha256)).all()
    assert len(shas) == len(set(shas))


def test_three_imports_into_one_sqlite_log_at_once(overlapping: list[Path], tmp_path: Path) -> None:
    url = f"sqlite:///{tmp_path / 'shared.sqlite'}"
    _check_concurrent(url, _concurrent(url, overlapping))


@pytest.mark.postgres
def test_three_imports_into_a_fresh_postgresql_database_at_once(overlapping: list[Path], db_url: str) -> None:
    if not db_url.startswith("postgresql"):
        pytest.skip("the SQLite case is the test above")
    _check_concurrent(db_url, _concurrent(db_url, overlapping))
