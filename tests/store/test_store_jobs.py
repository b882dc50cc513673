"""Upload jobs: queued with their files, claimed by one worker each, run through the importer, and
whole after a worker is killed with `kill -9` mid-job (taken again: nothing lost, nothing doubled).

Nothing is timed: the waits are deadlines for what must happen (a lease running out), on a loaded
machine.
"""

from __future__ import annotations

import datetime as dt
import os
import signal
import subprocess
import sys
import threading
import time
from pathlib import Path

import pytest
from sqlalchemy import func, select

from progtempo import synth
from progtempo.store import accounts, jobs, models, open_store
from progtempo.store.models_jobs import Job, JobFile

CLI = [sys.executable, "-c", "from progtempo.cli import main; main()"]
SECRET = "correct horse battery staple"
#: a deadline for a worker process to start, get going or finish (not a measurement)
DEADLINE_S = 120.0


def _run(i: int, km: int = 3) -> synth.SynthRun:
    legs = [synth.Leg(1000.0, 340.0 - 8 * k, hr_bpm=140.0 + 3 * k) for k in range(km)]
    return synth.make_run(
        legs, start_time=dt.datetime(2026, 1, 1, 7, tzinfo=dt.UTC) + dt.timedelta(hours=9 * i)
    )


def _files(folder: Path, n: int, *, km: int = 3, first: int = 0) -> list[tuple[str, Path]]:
    folder.mkdir(parents=True, exist_ok=True)
    out = []
    for i in range(first, first + n):
        p = folder / f"staged-{i}"
        p.write_bytes(synth.fit_bytes(_run(i, km)))
        out.append((f"run {i}.fit", p))
    return out


def _whole(store: object, athlete: str) -> tuple[int, int, int, int]:
    """(activities, distinct files, activities without splits, running activities without a result)."""
    from progtempo.store import Store

    assert isinstance(store, Store)
    A, S, R = models.Activity, models.Split, models.Result
    with store.session() as s:
        aid = s.scalar(select(models.Athlete.id).where(models.Athlete.name == athlete))
        n = s.scalar(select(func.count()).select_from(A).where(A.athlete_id == aid)) or 0
        shas = s.scalar(select(func.count(func.distinct(A.sha256))).where(A.athlete_id == aid)) or 0
        bare = (
            s.scalar(
                select(func.count())
                .select_from(A)
                .where(A.athlete_id == aid, ~select(S.id).where(S.activity_id == A.id).exists())
            )
            or 0
        )
        unjudged = s.scalar(
            select(func.count()).select_from(A).where(A.athlete_id == aid, A.is_running.is_(True),
                                                      ~select(R.id).where(R.activity_id == A.id).exists())
        ) or 0  # fmt: skip
    return n, shas, bare, unjudged


def test_a_job_is_queued_whole_run_once_and_reported(db_url: str, tmp_path: Path) -> None:
    files = _files(tmp_path / "up", 3)
    files.append(("junk.fit", tmp_path / "junk"))
    (tmp_path / "junk").write_bytes(b"\x0e\x10" + b"\x00" * 300)
    with open_store(db_url) as store:
        job_id = jobs.enqueue(store, files, athlete="ann", unit="km")
        st = jobs.job(store, job_id)
        assert st is not None and (st.state, st.files, st.done, st.athlete) == ("queued", 4, 0, "ann")
        with store.session() as s:  # the junk is not stored: only activity content, judged from the bytes
            assert s.scalar(select(func.count()).select_from(JobFile).where(JobFile.job_id == job_id)) == 3
            stored = s.scalars(select(JobFile.data).where(JobFile.job_id == job_id)).all()
            assert sorted(stored) == sorted(p.read_bytes() for _, p in files[:3])
        w = jobs.Worker(store)
        assert w.run(threading.Event(), until_idle=True) == 1
        st = jobs.job(store, job_id)
        assert st is not None and st.ended and (st.state, st.attempts, st.total, st.done) == ("done", 1, 4, 4)
        doc = st.to_json()
        assert doc["imported"] == 3 and len(doc["activities"]) == 3 and doc["failed"][0]["file"] == "junk.fit"
        assert "not a FIT, GPX or TCX activity file" in doc["failed"][0]["error"] and "refused" not in doc
        assert doc["job"] == job_id and doc["rate_per_s"] > 0
        assert sorted(a.id for a in store.activities(athlete="ann")) == sorted(doc["activities"])
        assert {a.source for a in store.activities(athlete="ann")} == {"run 0.fit", "run 1.fit", "run 2.fit"}
        with store.session() as s:  # the files are gone with the job's end
            assert s.scalar(select(func.count()).select_from(JobFile)) == 0
        assert jobs.claim(store, "w") is None
        assert jobs.counts(store) == {"done": 1}


def test_large_files_go_in_chunks_and_come_back_whole(
    db_url: str, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setattr(jobs, "CHUNK_BYTES", 1000)
    files = _files(tmp_path / "up", 2)
    empty = tmp_path / "empty"
    empty.write_bytes(b"")
    with open_store(db_url) as store:
        job_id = jobs.enqueue(store, [*files, ("empty.fit", empty)], athlete="ann", unit="mi")
        out = tmp_path / "out"
        out.mkdir()
        back = jobs.fetch_files(store, job_id, out)
        assert [n for n, _ in back] == ["run 0.fit", "run 1.fit"]  # an empty file is no activity
        assert [p.read_bytes() for _, p in back] == [p.read_bytes() for _, p in files]
        uploads = jobs.fetch_uploads(store, job_id, None)
        assert [(u.name, u.data) for u in uploads] == [(n, p.read_bytes()) for n, p in files]
        with store.session() as s:
            assert (
                s.scalar(select(func.count()).select_from(JobFile)) > 2 * files[0][1].stat().st_size // 1000
            )


def test_a_job_is_seen_only_by_its_athlete(db_url: str, tmp_path: Path) -> None:
    with open_store(db_url) as store:
        accounts.add_user(store, "coach", "coach", SECRET)
        accounts.add_user(store, "ann", "athlete", SECRET, coach="coach")
        accounts.add_user(store, "ben", "athlete", SECRET, coach="coach")
        who = {u: accounts.check_login(store, u, SECRET) for u in ("coach", "ann", "ben")}
        ann = store.as_user(who["ann"])
        job_id = jobs.enqueue(ann, _files(tmp_path / "up", 1), athlete="ann", unit="mi", user_id=1)
        assert jobs.job(ann, job_id) is not None and jobs.job(store, job_id) is not None
        for other in ("coach", "ben"):
            assert jobs.job(store.as_user(who[other]), job_id) is None
            with pytest.raises(Exception, match="no import job"):
                jobs.require_job(store.as_user(who[other]), job_id)
            with pytest.raises(Exception, match="no athlete"):
                jobs.enqueue(store.as_user(who[other]), _files(tmp_path / "x", 1), athlete="ann", unit="mi")
        assert jobs.job(ann, "nonsense") is None and jobs.job(ann, "x" * 100) is None


def test_workers_claim_different_jobs_and_a_silent_one_loses_its_job(db_url: str, tmp_path: Path) -> None:
    with open_store(db_url) as store:
        ids = [
            jobs.enqueue(store, _files(tmp_path / f"u{k}", 1, first=k), athlete="ann", unit="mi")
            for k in range(6)
        ]
        got: list[jobs.Claimed | None] = []
        lock = threading.Lock()

        def take() -> None:
            c = jobs.claim(store, jobs.worker_name(), lease_s=60)
            with lock:
                got.append(c)

        threads = [threading.Thread(target=take) for _ in range(6)]
        for t in threads:
            t.start()
        for t in threads:
            t.join()
        claimed = [c for c in got if c is not None]
        assert sorted(c.id for c in claimed) == sorted(ids) and len({c.worker for c in claimed}) == 6
        assert jobs.claim(store, "late") is None  # every job is held
        first = claimed[0]
        with store.session() as s:  # its worker went silent: the lease ran out
            j = s.get(Job, first.id)
            assert j is not None
        expired = models.utc_now() - dt.timedelta(seconds=1)
        stmt = Job.__table__.update().where(Job.id == first.id).values(lease_until=expired)
        store.write(lambda s: s.execute(stmt))
        again = jobs.claim(store, "rescuer")
        assert again is not None and again.id == first.id and again.attempt == 2
        assert not jobs.renew(store, first) and not jobs.finish(store, first, None)  # no longer its
        assert jobs.run_job(store, again)
        st = jobs.job(store, first.id)
        assert st is not None and st.state == "done" and st.to_json()["imported"] == 1


def test_a_job_whose_workers_keep_dying_fails_and_the_queue_goes_on(db_url: str, tmp_path: Path) -> None:
    with open_store(db_url) as store:
        doomed = jobs.enqueue(store, _files(tmp_path / "a", 1), athlete="ann", unit="mi")
        fine = jobs.enqueue(store, _files(tmp_path / "b", 1, first=1), athlete="ann", unit="mi")
        for k in range(jobs.MAX_ATTEMPTS):
            c = jobs.claim(store, f"dies-{k}", lease_s=0.001)
            assert c is not None and c.id == doomed and c.attempt == k + 1
            time.sleep(0.01)
        time.sleep(0.01)
        c = jobs.claim(store, "next")
        assert c is not None and c.id == fine
        st = jobs.job(store, doomed)
        assert st is not None and st.state == "failed" and "stopped 3 times" in (st.error or "")
        with store.session() as s:
            assert s.scalar(select(func.count()).select_from(JobFile).where(JobFile.job_id == doomed)) == 0


def _worker(db_url: str, *args: str) -> subprocess.Popen[bytes]:
    return subprocess.Popen(
        [*CLI, "--db", db_url, "worker", *args], stdout=subprocess.PIPE, stderr=subprocess.PIPE
    )


def _wait(what: str, ok: object, deadline_s: float = DEADLINE_S) -> None:
    assert callable(ok)
    end = time.monotonic() + deadline_s
    while not ok():
        assert time.monotonic() < end, f"waited {deadline_s:.0f} s for {what}"
        time.sleep(0.02)


def test_a_worker_killed_mid_job_loses_and_doubles_nothing(db_url: str, tmp_path: Path) -> None:
    n_files, n_jobs = 40, 3
    with open_store(db_url) as store:
        big = jobs.enqueue(store, _files(tmp_path / "big", n_files, km=8), athlete="ann", unit="mi")
        small = [jobs.enqueue(store, _files(tmp_path / f"s{k}", 1, first=100 + k), athlete="ann", unit="mi")
                 for k in range(n_jobs)]  # fmt: skip
        doomed = _worker(db_url, "--lease", "2")
        try:

            def partway() -> bool:
                st = jobs.job(store, big)
                return st is not None and 5 <= st.done < n_files - 5

            _wait("the worker to be part-way through the job", partway)
            before = _whole(store, "ann")
            assert 0 < before[0] < n_files  # some files are in, some not
        finally:
            os.kill(doomed.pid, signal.SIGKILL)
            doomed.wait()
        st = jobs.job(store, big)
        assert st is not None and st.state == "running" and st.attempts == 1

        def lease_over() -> bool:
            with store.session() as s:
                lease = s.scalar(select(Job.lease_until).where(Job.id == big))
            return lease is not None and lease < models.utc_now()

        _wait("the dead worker's lease to run out", lease_over)
        rescuer = _worker(db_url, "--until-idle", "--lease", "2")
        out, err = rescuer.communicate(timeout=DEADLINE_S)
        assert rescuer.returncode == 0, err.decode()
        st = jobs.job(store, big)
        assert st is not None and (st.state, st.attempts, st.done, st.total) == ("done", 2, n_files, n_files)
        doc = st.to_json()
        assert (doc["imported"], doc["duplicates"], doc["failed"]) == (n_files, 0, [])
        assert len(set(doc["activities"])) == n_files
        for k in small:
            s2 = jobs.job(store, k)
            assert s2 is not None and s2.state == "done" and s2.to_json()["imported"] == 1
        total = n_files + n_jobs
        assert _whole(store, "ann") == (total, total, 0, 0)  # every file once, each whole
        stored = {a.id: a.source for a in store.activities(athlete="ann")}
        assert sorted(stored[i] for i in doc["activities"]) == sorted(
            f"run {i}.fit" for i in range(n_files)
        ), (doc["activities"], stored)
        assert f"job {big} (ann): done: imported {n_files}" in out.decode()
