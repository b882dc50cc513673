"""The schema: migrations equal the models, UTC round trips, constraints, cascades, URLs and errors."""

from __future__ import annotations

import datetime as dt
from pathlib import Path

import pytest
from sqlalchemy import func, select, text
from sqlalchemy.exc import IntegrityError

from progtempo.errors import ProgtempoError
from progtempo.store import models, open_store
from progtempo.store.db import HEAD_REVISION, current_revision, default_db_path
from progtempo.store.urls import resolve_url


def _activity(athlete_id: int, sha: str = "a" * 64, **kw: object) -> models.Activity:
    row: dict[str, object] = dict(
        athlete_id=athlete_id,
        sha256=sha,
        name="run",
        sport="running",
        is_running=True,
        start_time=dt.datetime(2026, 3, 1, 8, tzinfo=dt.UTC),
        distance_m=5000.0,
        elapsed_s=1500.0,
        moving_s=1490.0,
        source="x.fit",
        format="fit",
        file_size=3,
        file_gz=b"abc",
    )
    row.update(kw)
    return models.Activity(**row)


def test_migrations_build_exactly_the_models(db_url: str) -> None:
    from alembic.autogenerate import compare_metadata
    from alembic.migration import MigrationContext

    with open_store(db_url) as store:
        assert current_revision(store) == HEAD_REVISION
        with store.engine.connect() as conn:
            diff = compare_metadata(
                MigrationContext.configure(conn, opts={"compare_type": True}), models.Base.metadata
            )
        assert diff == []


def test_head_revision_constant_is_alembics_head() -> None:
    from alembic.config import Config
    from alembic.script import ScriptDirectory

    from progtempo.store.db import MIGRATIONS_DIR

    cfg = Config()
    cfg.set_main_option("script_location", str(MIGRATIONS_DIR))
    assert ScriptDirectory.from_config(cfg).get_current_head() == HEAD_REVISION


def test_reopen_keeps_data_and_timestamps_come_back_utc(db_url: str) -> None:
    tz = dt.timezone(dt.timedelta(hours=-5))
    local = dt.datetime(2026, 3, 1, 7, 30, tzinfo=tz)  # 12:30 UTC
    with open_store(db_url) as store, store.transaction() as s:
        a = models.Athlete(name="me")
        s.add(a)
        s.flush()
        s.add(_activity(a.id, start_time=local))
    with open_store(db_url) as store, store.session() as s:
        got = s.scalar(select(models.Activity.start_time))
        assert got == dt.datetime(2026, 3, 1, 12, 30, tzinfo=dt.UTC)
        assert got.utcoffset() == dt.timedelta(0)
        created = s.scalar(select(models.Athlete.created_at))
        assert created is not None and created.tzinfo is not None


def test_sha256_unique_per_athlete_not_across(db_url: str) -> None:
    with open_store(db_url) as store:
        with store.transaction() as s:
            a, b = models.Athlete(name="a"), models.Athlete(name="b")
            s.add_all([a, b])
            s.flush()
            s.add_all([_activity(a.id), _activity(b.id)])
        with pytest.raises(IntegrityError), store.transaction() as s:
            s.add(_activity(a.id))
        with store.session() as s:
            assert s.scalar(select(func.count()).select_from(models.Activity)) == 2


def test_foreign_keys_are_enforced(db_url: str) -> None:
    with open_store(db_url) as store, pytest.raises(IntegrityError), store.transaction() as s:
        s.add(_activity(999))


def test_deleting_an_athlete_removes_everything_of_theirs(db_url: str) -> None:
    with open_store(db_url) as store:
        with store.transaction() as s:
            a = models.Athlete(name="gone")
            keep = models.Athlete(name="kept")
            s.add_all([a, keep])
            s.flush()
            act = _activity(a.id)
            s.add_all([act, _activity(keep.id)])
            s.flush()
            plan = models.PlannedSession(
                athlete_id=a.id,
                date=dt.date(2026, 3, 1),
                week=1,
                change="start",
                spec="6x1mi 10:00 step 30",
                plan={"unit": "mi"},
            )
            s.add(plan)
            s.flush()
            s.add(
                models.Split(activity_id=act.id, index=1, start_m=0.0, distance_m=1609.344, elapsed_s=600.0)
            )
            s.add(models.Result(activity_id=act.id, planned_session_id=plan.id, unit="mi", score=80.0))
        with store.transaction() as s:
            s.execute(text("DELETE FROM athletes WHERE name = 'gone'"))
        with store.session() as s:
            for table, n in (
                (models.Activity, 1),
                (models.Split, 0),
                (models.Result, 0),
                (models.PlannedSession, 0),
            ):
                assert s.scalar(select(func.count()).select_from(table)) == n, table.__tablename__


def test_deleting_a_plan_keeps_the_result_unlinked(db_url: str) -> None:
    with open_store(db_url) as store:
        with store.transaction() as s:
            a = models.Athlete(name="me")
            s.add(a)
            s.flush()
            act = _activity(a.id)
            plan = models.PlannedSession(
                athlete_id=a.id, date=dt.date(2026, 3, 1), week=1, change="start", spec="s", plan={}
            )
            s.add_all([act, plan])
            s.flush()
            s.add(models.Result(activity_id=act.id, planned_session_id=plan.id, unit="mi", score=70.0))
        with store.transaction() as s:
            s.execute(text("DELETE FROM planned_sessions"))
        with store.session() as s:
            r = s.scalar(select(models.Result))
            assert r is not None and r.planned_session_id is None and r.score == 70.0


def test_default_db_is_sqlite_in_the_user_data_dir(monkeypatch: pytest.MonkeyPatch, tmp_path: Path) -> None:
    monkeypatch.setenv("XDG_DATA_HOME", str(tmp_path / "data"))
    assert default_db_path() == tmp_path / "data" / "progtempo" / "log.sqlite"
    with open_store(None) as store:
        assert store.dialect == "sqlite"
        assert store.url == f"sqlite:///{tmp_path / 'data' / 'progtempo' / 'log.sqlite'}"
        with store.engine.connect() as conn:
            assert conn.exec_driver_sql("PRAGMA foreign_keys").scalar() == 1
    assert (tmp_path / "data" / "progtempo" / "log.sqlite").is_file()


def test_url_forms(tmp_path: Path) -> None:
    assert resolve_url("postgresql://u@h:5/db") == "postgresql+psycopg://u@h:5/db"
    assert resolve_url("postgres://u@h/db") == "postgresql+psycopg://u@h/db"
    assert resolve_url(str(tmp_path / "x.sqlite")) == f"sqlite:///{tmp_path / 'x.sqlite'}"
    assert resolve_url("sqlite:////tmp/a.db") == "sqlite:////tmp/a.db"


def test_unreachable_server_is_one_clear_error() -> None:
    with pytest.raises(
        ProgtempoError, match=r"cannot open the training log at postgresql\+psycopg://u:\*\*\*@127.0.0.1:1/x"
    ):
        open_store("postgresql+psycopg://u:secret@127.0.0.1:1/x")


def test_not_a_url_is_one_clear_error() -> None:
    with pytest.raises(ProgtempoError, match="unknown kind of database"):
        open_store("nonsense://")
    with pytest.raises(ProgtempoError, match="not a database URL"):
        open_store("postgresql+psycopg://u@h:notaport/db")
