"""Shared fixtures for the whole suite (tests/ mirrors src/progtempo/: tests/io/, tests/store/ …).

- `samples_dir`, `data_dir`: the real device files (`../shared/samples`, skipped saying why when absent;
  `tests/data`, always there);
- `cli`: `progtempo ARGS` run in process, as a user's shell sees it;
- `db_url`: each test on SQLite and, when PROGTEMPO_TEST_PG_URL is set, PostgreSQL. The server is
  started by the test script (`scripts/postgres.sh start`), which exports its URL; each test gets a fresh
  database on it. Without the URL the PostgreSQL cases skip, saying why, except in CI (the `CI`
  variable set), where a missing server is a failure: CI must test both databases.

Test modules keep pytest's default (prepend) import mode, so their basenames must be unique across
the folders (`test_<area>_<what>.py`); `pytest_sessionstart` refuses a duplicate with a clear message
instead of pytest's "import file mismatch".

Hypothesis runs the same examples on every run (profile `ci`, derandomized, no example database), so
the suite passes or fails the same way on every machine; `HYPOTHESIS_PROFILE=explore` searches afresh
(random examples, failures kept in `.hypothesis/`) to look for new counterexamples.
"""

from __future__ import annotations

import os
import uuid
from collections import defaultdict
from collections.abc import Callable, Iterator
from pathlib import Path

import pytest
from hypothesis import settings

from progtempo.cli import main

settings.register_profile("ci", derandomize=True, database=None)
settings.register_profile("explore", derandomize=False)
settings.load_profile(os.environ.get("HYPOTHESIS_PROFILE", "ci"))

ROOT = Path(__file__).resolve().parents[1]
SAMPLES = ROOT.parent / "shared" / "samples"
DATA = ROOT / "tests" / "data"
TESTS = ROOT / "tests"


def pytest_sessionstart(session: pytest.Session) -> None:
    """Two test modules with one basename can't both be imported in prepend mode: say which."""
    seen: dict[str, list[Path]] = defaultdict(list)
    for path in TESTS.rglob("*.py"):
        if path.name != "conftest.py" and "data" not in path.relative_to(TESTS).parts[:1]:
            seen[path.name].append(path.relative_to(TESTS))
    twice = {name: paths for name, paths in seen.items() if len(paths) > 1}
    if twice:
        listing = "; ".join(f"{name}: {', '.join(map(str, paths))}" for name, paths in sorted(twice.items()))
        raise pytest.UsageError(f"test modules need unique basenames (prefix with the area): {listing}")


@pytest.fixture(scope="session")
def samples_dir() -> Path:
    """`../shared/samples` beside the project: real files recorded by real devices."""
    if not SAMPLES.is_dir():
        pytest.skip(
            f"real device samples not found at {SAMPLES} (they sit in ../shared/samples beside the project)"
        )
    return SAMPLES


@pytest.fixture(scope="session")
def data_dir() -> Path:
    """`tests/data`: real device files shipped with the project (MIT, see its README), always present."""
    return DATA


@pytest.fixture
def cli(capsys: pytest.CaptureFixture[str]) -> Callable[..., tuple[int, str, str]]:
    """`cli(*args)` runs `progtempo ARGS` through `main` (which turns errors into one line) and gives
    (exit code, stdout, stderr) of this command alone."""

    def run(*args: str) -> tuple[int, str, str]:
        capsys.readouterr()
        try:
            main(list(args))
            code = 0
        except SystemExit as exc:
            code = int(exc.code or 0)
        out, err = capsys.readouterr()
        return code, out, err

    return run


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
