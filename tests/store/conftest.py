"""Storage fixtures: `db_url` runs each test on SQLite and, when PROGTEMPO_TEST_PG_URL is set, PostgreSQL.

The PostgreSQL server is started by the test script (`scripts/postgres.sh start`), which exports its URL.
Each test gets a fresh database on it. Without the URL the PostgreSQL cases skip, saying why, except in
CI (the `CI` variable set), where a missing server is a failure: CI must test both databases.
"""

from __future__ import annotations

import os
import uuid
from collections.abc import Iterator
from pathlib import Path

import pytest

PG_ENV = "PROGTEMPO_TEST_PG_URL"


def _pg_admin_url() -> str | None:
    return os.environ.get(PG_ENV) or None


@pytest.fixture(params=["sqlite", pytest.param("postgresql", marks=pytest.mark.postgres)])
def db_url(request: pytest.FixtureRequest, tmp_path: Path) -> Iterator[str]:
    """A URL of an empty training log: a SQLite file, or a fresh database on the test PostgreSQL server."""
    if request.param == "sqlite":
        yield f"sqlite:///{tmp_path / 'log.sqlite'}"
        return
    admin = _pg_admin_url()
    if admin is None:
        why = f"{PG_ENV} is not set: start a server with `export {PG_ENV}=$(scripts/postgres.sh start)`"
        if os.environ.get("CI"):
            pytest.fail(f"CI must test PostgreSQL too, but {why}")
        pytest.skip(why)
    from sqlalchemy import create_engine, text
    from sqlalchemy.engine import make_url

    name = f"pt_{uuid.uuid4().hex[:12]}"
    engine = create_engine(admin, isolation_level="AUTOCOMMIT")
    with engine.connect() as conn:
        conn.execute(text(f'CREATE DATABASE "{name}"'))
    try:
        yield make_url(admin).set(database=name).render_as_string(hide_password=False)
    finally:
        with engine.connect() as conn:
            conn.execute(text(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)'))
        engine.dispose()
