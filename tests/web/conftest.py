"""Web fixtures: the app in process (FastAPI's TestClient) on a fresh log, SQLite and PostgreSQL
(`db_url`, from tests/conftest.py, so the store and web suites run on the same two databases)."""

from __future__ import annotations

from collections.abc import Callable, Iterator
from pathlib import Path
from typing import Any

import pytest

MI = 1609.344


@pytest.fixture
def make_client(tmp_path: Path) -> Iterator[Callable[..., Any]]:
    """`make_client(db_url, **settings)`: a TestClient on a new app (closed at the end of the test)."""
    from fastapi.testclient import TestClient

    from progtempo.web import WebSettings, create_app

    clients: list[Any] = []

    def make(url: str, **kw: Any) -> Any:
        settings = WebSettings(
            unit=kw.pop("unit", "mi"),
            db_url=url,
            data_dir=kw.pop("data_dir", tmp_path / "data"),
            import_jobs=kw.pop("import_jobs", 1),
            **kw,
        )
        client = TestClient(create_app(settings), raise_server_exceptions=False)
        client.__enter__()
        clients.append(client)
        return client

    yield make
    for c in clients:
        c.__exit__(None, None, None)


@pytest.fixture
def client(make_client: Callable[..., Any], db_url: str) -> Any:
    """The app on an empty log, paces per mile, imports in this process."""
    return make_client(db_url)


@pytest.fixture
def sqlite_client(make_client: Callable[..., Any], tmp_path: Path) -> Any:
    """The app on an empty SQLite log: for what does not depend on the database."""
    return make_client(f"sqlite:///{tmp_path / 'log.sqlite'}")
