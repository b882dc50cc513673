"""Import: idempotent by content, bad files listed not fatal, whole or nothing, Ctrl-C safe, Strava zips."""

from __future__ import annotations

import contextlib
import csv
import datetime as dt
import gzip
import io
import os
import shutil
import signal
import subprocess
import sys
import time
import zipfile
from pathlib import Path

import pytest
from sqlalchemy import func, select

from progtempo import synth
from progtempo.store import ImportReport, models, open_store
from progtempo.store.importer import import_paths
from progtempo.store.pool import Analyzed
from progtempo.store.rows import ActivityRow, SplitRow
from progtempo.store.scan import Source
from progtempo.store.writes import write_file

START = dt.datetime(2026, 3, 4, 7, 0, tzinfo=dt.UTC)
KM = 1000.0


def ladder_run(
    day: int,
    paces_s_per_km: list[float],
    *,
    sport: str = "running",
    seg_m: float = KM,
    name: str | None = None,
) -> synth.SynthRun:
    """A progressive run on 2026-03-(4 + day): one leg per segment, HR rising."""
    legs = [synth.Leg(seg_m, p, hr_bpm=135.0 + 6 * k) for k, p in enumerate(paces_s_per_km)]
    return synth.make_run(legs, start_time=START + dt.timedelta(days=day), sport=sport, name=name)


def write_folder(root: Path) -> Path:
    """Six activity files (FIT, FIT.gz, GPX, TCX, a ride), two broken ones and two that are not activities."""
    root.mkdir(parents=True, exist_ok=True)
    sub = root / "2026" / "march"
    sub.mkdir(parents=True)
    synth.write_fit(ladder_run(0, [375, 360, 345, 330, 315]), root / "a.fit")
    synth.write_fit(ladder_run(1, [350, 350, 350, 350]), root / "b.fit.gz")  # steady: not progressive
    synth.write_gpx(ladder_run(2, [370, 355, 340, 325, 310], name="c"), sub / "c.gpx")
    synth.write_tcx(ladder_run(3, [380, 365, 350, 335, 320], name="d"), sub / "d.tcx")
    synth.write_fit(ladder_run(4, [377, 362, 347, 332, 317]), sub / "e.fit")
    synth.write_fit(ladder_run(5, [120, 120, 120], sport="cycling", seg_m=5000.0), sub / "ride.fit")
    (root / "bad.fit").write_bytes(b"\x0e\x10\x43\x08\x00\x00\x00\x00.FIT\x00\x00")
    (sub / "garbage.gpx").write_text("this is not xml at all\n")
    (root / "notes.csv").write_text("a,b\n1,2\n")
    (sub / "photo.jpg").write_bytes(b"\xff\xd8\xff\xe0")
    return root


@pytest.fixture(scope="module")
def folder(tmp_path_factory: pytest.TempPathFactory) -> Path:
    return write_folder(tmp_path_factory.mktemp("acts") / "runs")


def count(url: str, table: type[models.Base]) -> int:
    with open_store(url) as store, store.session() as s:
        return s.scalar(select(func.count()).select_from(table)) or 0


def test_import_is_idempotent_and_lists_bad_files(db_url: str, folder: Path) -> None:
    with open_store(db_url) as store:
        r1 = import_paths(store, [folder], jobs=1, unit="km")
        assert (r1.imported, r1.duplicates, r1.ignored, r1.not_running, r1.skipped) == (6, 0, 2, 1, 0)
        assert sorted(Path(f).name for f, _ in r1.failed) == ["bad.fit", "garbage.gpx"]
        assert all(reason for _, reason in r1.failed)
        r2 = import_paths(store, [folder], jobs=1, unit="km")
        assert (r2.imported, r2.duplicates, len(r2.failed)) == (0, 6, 2)
        entries = store.activities()
    assert [e.name for e in entries] == [
        "ride",
        "e",
        "d",
        "c",
        "b",
        "a",
    ]  # newest first; names from the files
    ride = entries[0]
    assert (ride.sport, ride.is_running, ride.score) == ("cycling", False, None)
    assert ride.distance_m == pytest.approx(15000.0, abs=1.0)
    assert count(db_url, models.Activity) == 6
    assert count(db_url, models.Result) == 5  # every run, not the ride
    assert {e.name for e in entries if e.progressive} == {"a", "c", "d", "e"}


def test_stored_file_is_the_original_gzipped(db_url: str, folder: Path) -> None:
    import hashlib

    with open_store(db_url) as store:
        import_paths(store, [folder / "b.fit.gz"], jobs=1)
        with store.session() as s:
            act = s.scalar(select(models.Activity))
            assert act is not None
            raw = gzip.decompress((folder / "b.fit.gz").read_bytes())
            assert gzip.decompress(act.file_gz) == raw
            assert act.sha256 == hashlib.sha256(raw).hexdigest() and act.file_size == len(raw)
            assert act.format == "fit" and act.source == str(folder / "b.fit.gz")


def test_same_content_plain_and_gzipped_is_one_activity(db_url: str, tmp_path: Path) -> None:
    run = ladder_run(0, [360, 340, 320])
    synth.write_fit(run, tmp_path / "x.fit")
    synth.write_fit(run, tmp_path / "x.fit.gz")
    with open_store(db_url) as store:
        r = import_paths(store, [tmp_path], jobs=1)
    assert (r.imported, r.duplicates) == (1, 1)


def test_parallel_import_stores_the_same_as_serial(folder: Path, tmp_path: Path) -> None:
    rows = {}
    for jobs in (1, 2):
        url = f"sqlite:///{tmp_path / f'j{jobs}.sqlite'}"
        with open_store(url) as store:
            r = import_paths(store, [folder], jobs=jobs)
            assert (r.imported, len(r.failed)) == (6, 2)
            with store.session() as s:
                rows[jobs] = sorted(
                    (a.sha256, a.distance_m, len(a.splits), a.result.score if a.result else None)
                    for a in s.scalars(select(models.Activity))
                )
    assert rows[1] == rows[2]


def test_an_activity_goes_in_whole_or_not_at_all(db_url: str, folder: Path) -> None:
    with open_store(db_url) as store:
        import_paths(store, [folder / "a.fit"], jobs=1, unit="km")
        with store.session() as s:
            act = s.scalar(select(models.Activity))
            assert act is not None
            start = act.start_time
        bad_split = SplitRow(index=1, start_m=0.0, distance_m=1000.0, elapsed_s=None, moving_s=None,  # type: ignore[arg-type]
                             pace_s_per_km=None, gap_s_per_km=None, elev_gain_m=None, elev_loss_m=None,
                             avg_grade=None, avg_hr=None, max_hr=None, partial=False)  # fmt: skip
        leg = ActivityRow(sport="running", is_running=True, start_time=start + dt.timedelta(days=30),
                          format="fit", device=None, name="x", distance_m=1000.0, elapsed_s=300.0,
                          moving_s=300.0, elev_gain_m=None, avg_hr=None, max_hr=None, split_m=1000.0,
                          channels=2, splits=[bad_split])  # fmt: skip
        doomed = Analyzed(source=Source("x.fit"), sha256="f" * 64, file_gz=b"", file_size=0, legs=[leg])
        with pytest.raises(Exception, match=r"(?i)null"):
            write_file(store, 1, doomed)
    assert count(db_url, models.Activity) == 1
    assert count(db_url, models.Split) == 5


def test_interrupt_keeps_what_went_in_and_the_next_run_carries_on(db_url: str, folder: Path) -> None:
    def stop_after_three(report: ImportReport) -> None:
        if report.imported == 3:
            raise KeyboardInterrupt

    with open_store(db_url) as store:
        r1 = import_paths(store, [folder], jobs=1, on_progress=stop_after_three)
        assert r1.interrupted and r1.imported == 3
        r2 = import_paths(store, [folder], jobs=1)
        assert (r2.imported, r2.duplicates, r2.interrupted) == (3, 3, False)
    assert count(db_url, models.Activity) == 6


def test_ctrl_c_in_a_real_import_leaves_no_partial_rows(tmp_path: Path) -> None:
    src = tmp_path / "many"
    src.mkdir()
    n = 120  # enough that a loaded machine can't finish the import before the signal lands
    for i in range(n):
        synth.write_fit(ladder_run(i, [340 - 3 * k for k in range(10)]), src / f"r{i:03d}.fit")
    cli = [sys.executable, "-c", "from progtempo.cli import main; main()"]
    why: list[str] = []
    for attempt in range(3):  # an import that ends before the signal lands was not interrupted: again
        url = f"sqlite:///{tmp_path / f'log{attempt}.sqlite'}"
        open_store(url).close()
        cmd = [*cli, "--unit", "km", "--db", url, "import", str(src), "--jobs", "2"]
        proc = subprocess.Popen(
            cmd, stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True, preexec_fn=_ctrl_c_heard
        )
        t0 = time.monotonic()
        seen: list[tuple[float, int]] = []  # what the watcher saw, for the message if this goes wrong
        while time.monotonic() < t0 + 60 and proc.poll() is None:
            seen.append((round(time.monotonic() - t0, 2), _stored_now(tmp_path / f"log{attempt}.sqlite")))
            if seen[-1][1] >= 5:
                break
            time.sleep(0.02)
        ended_first = proc.poll() is not None
        proc.send_signal(signal.SIGINT)
        out, err = proc.communicate(timeout=60)
        done = count(url, models.Activity)
        why.append(f"attempt {attempt}: ended before the signal: {ended_first}, rc {proc.returncode}, "
                   f"{len(seen)} looks, last {seen[-3:]}, out {out[-99:]!r}, err {err[-99:]!r}")  # fmt: skip
        if not (proc.returncode == 0 and done == n):
            break
    assert proc.returncode == 130, (done, why)
    assert "interrupted" in err and "Traceback" not in err, err
    assert 5 <= done < n, (done, err)
    with open_store(url) as store, store.session() as s:
        for a in s.scalars(select(models.Activity)):  # every stored run is whole: its splits and its result
            assert len(a.splits) == 10 and a.result is not None, a.source
        r = import_paths(store, [src], jobs=1, unit="km")
    assert (r.imported, r.duplicates) == (n - done, done)


def _ctrl_c_heard() -> None:
    """In the child, before it starts: Ctrl-C does what it does at a terminal. A suite started in the
    background by a non-interactive shell runs with SIGINT ignored, which every child would inherit
    (Python then never raises KeyboardInterrupt, and the import runs to its end)."""
    signal.signal(signal.SIGINT, signal.SIG_DFL)


def _stored_now(db: Path) -> int:
    """Activities stored so far, read as a bare SQLite reader (no store opened, no lock taken), so the
    watcher sees the rows as they land even on a busy machine."""
    import sqlite3

    with contextlib.closing(sqlite3.connect(f"file:{db}?mode=ro", uri=True, timeout=0.1)) as con:
        try:
            return int(con.execute("SELECT count(*) FROM activities").fetchone()[0])
        except sqlite3.OperationalError:  # busy for a moment: look again
            return 0


def make_strava_zip(path: Path, tmp: Path) -> Path:
    """An export laid out as Strava does: duplicate csv columns, gzipped FIT/TCX, plain GPX, a manual row."""
    header = ["Activity ID", "Activity Date", "Activity Name", "Activity Type", "Elapsed Time", "Distance",
              "Filename", "Elapsed Time", "Distance", "Activity Name"]  # fmt: skip
    runs = [
        ("11", "Mar 4, 2026, 7:00:00 AM", "Ladder one", "Run", "activities/11.fit.gz", [360, 345, 330]),
        ("12", "Mar 5, 2026, 7:00:00 AM", "Hill ladder", "Run", "activities/12.gpx", [355, 340, 325]),
        ("13", "Mar 6, 2026, 7:00:00 AM", "Track ladder", "Run", "activities/13.tcx.gz", [350, 335, 320]),
        ("14", "Mar 7, 2026, 7:00:00 AM", "Commute", "Ride", "activities/14.fit.gz", [300, 300, 300]),
    ]
    buf = io.StringIO()
    w = csv.writer(buf)
    w.writerow(header)
    with zipfile.ZipFile(path, "w") as z:
        for day, (aid, date, name, typ, member, paces) in enumerate(runs):
            run = ladder_run(day, paces)
            f = tmp / Path(member).name
            {"fit": synth.write_fit, "gpx": synth.write_gpx, "tcx": synth.write_tcx}[member.split(".")[1]](
                run, f
            )
            z.write(f, member)
            w.writerow([aid, date, name, typ, "1800", "3.0", member, "1800", "3000.0", "wrong name"])
        w.writerow(
            ["15", "Mar 8, 2026, 7:00:00 AM", "Treadmill", "Run", "1200", "3.0", "", "1200", "3000.0", ""]
        )
        z.writestr("activities.csv", buf.getvalue())
        z.writestr("profile.csv", "Athlete ID\n1\n")
        z.writestr("media/abc.jpg", b"\xff\xd8\xff\xe0")
    return path


def test_strava_export_zip(db_url: str, tmp_path: Path) -> None:
    zp = make_strava_zip(tmp_path / "export_1.zip", tmp_path)
    with open_store(db_url) as store:
        r = import_paths(store, [zp], jobs=1)
        assert (r.imported, r.skipped, r.ignored, r.failed, r.not_running) == (4, 1, 2, [], 1)
        entries = store.activities()
        with store.session() as s:
            ext = dict(s.execute(select(models.Activity.name, models.Activity.external_id)).all())
    assert [(e.name, e.sport, e.is_running) for e in entries] == [
        ("Commute", "cycling", False),  # the csv's type wins over the file's sport
        ("Track ladder", "running", True),
        ("Hill ladder", "running", True),
        ("Ladder one", "running", True),
    ]
    assert entries[1].source == f"{zp}:activities/13.tcx.gz"
    assert ext == {"Commute": "14", "Track ladder": "13", "Hill ladder": "12", "Ladder one": "11"}


def test_athletes_are_kept_apart(db_url: str, folder: Path) -> None:
    with open_store(db_url) as store:
        import_paths(store, [folder / "a.fit"], athlete="ana", jobs=1)
        r = import_paths(store, [folder / "a.fit", folder / "b.fit.gz"], athlete="ben", jobs=1)
        assert r.imported == 2  # the same file for another athlete is theirs too
        assert [e.name for e in store.activities(athlete="ana")] == ["a"]
        assert [e.name for e in store.activities(athlete="ben")] == ["b", "a"]
        assert store.activities(athlete="nobody") == []
        assert store.athletes() == ["ana", "ben"]


def test_log_filters(db_url: str, folder: Path) -> None:
    with open_store(db_url) as store:
        import_paths(store, [folder], jobs=1, unit="km")
        names = lambda **kw: [e.name for e in store.activities(**kw)]  # noqa: E731
        assert names(kind="run") == ["e", "d", "c", "b", "a"]
        assert names(kind="progressive") == ["e", "d", "c", "a"]
        assert names(since=dt.date(2026, 3, 6), until=dt.date(2026, 3, 7)) == ["d", "c"]
        assert names(limit=2) == ["ride", "e"]


def test_result_row_maps_the_typed_report_to_columns(tmp_path: Path) -> None:
    from progtempo.analysis import analyze
    from progtempo.coach import evaluate
    from progtempo.io import read_activity
    from progtempo.plan.spec import parse_plan
    from progtempo.store.rows import result_row

    synth.write_fit(ladder_run(0, [360, 345, 330, 316]), tmp_path / "ladder.fit")
    synth.write_fit(ladder_run(1, [350, 350, 350, 350]), tmp_path / "steady.fit")
    report = evaluate(
        analyze(read_activity(tmp_path / "ladder.fit"), unit="km"), parse_plan("4x1km 6:00-5:15", "km")
    )
    row = result_row(report, planned_session_id=7)
    assert report.score is not None and report.boss is not None and report.progression is not None
    assert (row.unit, row.progressive, row.planned_session_id) == ("km", True, 7)
    assert (row.score, row.boss, row.insight) == (
        report.score.total,
        report.boss.verdict,
        report.advice.insight,
    )
    assert row.segments == 4 and row.levels_cleared == sum(lv.cleared for lv in report.levels)
    assert row.end_pace_s_per_km == pytest.approx(316, abs=1.0)
    assert row.step_s_per_km == pytest.approx(report.progression.achieved_step_s)
    assert [lv["verdict"] for lv in row.levels] == [lv.verdict for lv in report.levels]
    steady = result_row(evaluate(analyze(read_activity(tmp_path / "steady.fit"), unit="km")), None)
    assert (steady.progressive, steady.score, steady.boss, steady.segments) == (False, None, None, None)


def test_unreadable_file_is_failed_not_fatal(tmp_path: Path, folder: Path) -> None:
    if not hasattr(os, "geteuid") or os.geteuid() == 0:
        pytest.skip("root reads any file: an unreadable file can't be made")
    p = tmp_path / "locked.fit"
    shutil.copy(folder / "a.fit", p)
    p.chmod(0)
    with open_store(f"sqlite:///{tmp_path / 'l.sqlite'}") as store:
        r = import_paths(store, [tmp_path], jobs=1)
    assert r.imported == 0 and "cannot read" in r.failed[0][1]


def test_import_carries_on_in_process_when_workers_cannot_start(tmp_path: Path, folder: Path) -> None:
    # A script read from stdin has no __main__ file for worker processes to import: they die at start.
    url = f"sqlite:///{tmp_path / 'l.sqlite'}"
    script = (
        "from progtempo.store import open_store\n"
        "from progtempo.store.importer import import_paths\n"
        f"r = import_paths(open_store({url!r}), [{str(folder)!r}], jobs=2)\n"
        "print(r.imported, len(r.failed))\n"
    )
    p = subprocess.run([sys.executable, "-"], input=script, capture_output=True, text=True, timeout=120)
    assert p.returncode == 0, p.stderr[-2000:]
    assert p.stdout.split() == ["6", "2"]
