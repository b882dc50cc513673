"""Open the training log: SQLite in the user's data dir by default, or any SQLAlchemy URL (PostgreSQL).

Opening runs the Alembic migrations up to head, so a log made by an older progtempo is upgraded in place.
"""

from __future__ import annotations

import os
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from sqlalchemy import Engine, create_engine, event, text
from sqlalchemy.engine import make_url
from sqlalchemy.exc import ArgumentError, DBAPIError, NoSuchModuleError
from sqlalchemy.orm import Session, sessionmaker

from progtempo.errors import ProgtempoError

#: the newest migration; opening a log whose alembic_version equals it skips Alembic entirely (fast start)
HEAD_REVISION = "0001"
MIGRATIONS_DIR = Path(__file__).resolve().parent / "migrations"


def default_db_path() -> Path:
    """`log.sqlite` in the user's data dir (platformdirs), e.g. ~/.local/share/progtempo/log.sqlite."""
    from platformdirs import user_data_path

    return user_data_path("progtempo", appauthor=False) / "log.sqlite"


def resolve_url(url: str | None) -> str:
    """The URL to open: the default SQLite file, a path, `postgresql://` as psycopg 3, or as given."""
    if not url:
        return f"sqlite:///{default_db_path()}"
    if "://" not in url:
        return f"sqlite:///{Path(url).expanduser().resolve()}"
    for prefix in ("postgresql://", "postgres://"):
        if url.startswith(prefix):
            return "postgresql+psycopg://" + url[len(prefix) :]
    return url


def safe_url(url: str) -> str:
    """The URL with any password hidden, for messages."""
    try:
        return make_url(url).render_as_string(hide_password=True)
    except ArgumentError:
        return url


@dataclass
class Store:
    """An open training log: the engine and a session factory (objects stay usable after commit)."""

    url: str
    engine: Engine
    _factory: sessionmaker[Session] = field(repr=False)

    @property
    def dialect(self) -> str:
        return self.engine.dialect.name

    def session(self) -> Session:
        """A new ORM session; use as `with store.session() as s, s.begin(): ...` for one transaction."""
        return self._factory()

    @contextmanager
    def transaction(self) -> Iterator[Session]:
        """One transaction: committed when the block ends, rolled back whole if it raises."""
        with self._factory() as s, s.begin():
            yield s

    def close(self) -> None:
        """Release every pooled connection."""
        self.engine.dispose()

    def __enter__(self) -> Store:
        return self

    def __exit__(self, *exc: object) -> None:
        self.close()


def _sqlite_pragmas(dbapi_conn: Any, _record: Any) -> None:
    cur = dbapi_conn.cursor()
    cur.execute("PRAGMA foreign_keys=ON")
    cur.execute("PRAGMA journal_mode=WAL")
    cur.execute("PRAGMA synchronous=NORMAL")
    cur.execute("PRAGMA busy_timeout=30000")
    cur.close()


def open_store(url: str | None = None, *, migrate: bool = True) -> Store:
    """Open (creating if needed) the training log at `url` and bring its schema to the newest version.

    `None` means SQLite in the user's data dir. PostgreSQL: `postgresql+psycopg://user@host:port/db`.
    """
    resolved = resolve_url(url)
    try:
        sa_url = make_url(resolved)
    except (ArgumentError, ValueError):
        raise ProgtempoError(
            f"{url!r} is not a database URL: use e.g. sqlite:///path/log.sqlite or "
            "postgresql+psycopg://user@host/dbname"
        ) from None
    kwargs: dict[str, Any] = {}
    if sa_url.get_backend_name() == "sqlite":
        db = sa_url.database
        if db and db != ":memory:":
            Path(db).parent.mkdir(parents=True, exist_ok=True)
    elif sa_url.get_backend_name() == "postgresql":
        kwargs["connect_args"] = {"options": "-c timezone=UTC"}
        kwargs["pool_pre_ping"] = True
    try:
        engine = create_engine(sa_url, **kwargs)
    except (NoSuchModuleError, ModuleNotFoundError) as exc:
        if sa_url.get_backend_name() == "postgresql":
            raise ProgtempoError(
                f"no PostgreSQL driver for {safe_url(resolved)} ({exc}): install it with "
                "`pip install 'progtempo[postgres]'` and use postgresql+psycopg://…"
            ) from None
        raise ProgtempoError(
            f"unknown kind of database in {safe_url(resolved)!r}: use sqlite:///path/log.sqlite or "
            "postgresql+psycopg://user@host/dbname"
        ) from None
    if engine.dialect.name == "sqlite":
        event.listen(engine, "connect", _sqlite_pragmas)
    store = Store(url=resolved, engine=engine, _factory=sessionmaker(engine, expire_on_commit=False))
    try:
        if migrate:
            _migrate(store)
        else:
            with engine.connect():
                pass
    except DBAPIError as exc:
        engine.dispose()
        reason = str(exc.orig).strip().splitlines()[0] if exc.orig is not None else str(exc)
        raise ProgtempoError(
            f"cannot open the training log at {safe_url(resolved)}: {reason} "
            "(check --db or PROGTEMPO_DB, and that the server is running)"
        ) from None
    return store


def current_revision(store: Store) -> str | None:
    """The schema version recorded in the log, or None for a new, empty log."""
    with store.engine.connect() as conn:
        if not store.engine.dialect.has_table(conn, "alembic_version"):
            return None
        return conn.execute(text("SELECT version_num FROM alembic_version")).scalar()


def _migrate(store: Store) -> None:
    if current_revision(store) == HEAD_REVISION:
        return
    from alembic import command
    from alembic.config import Config
    from alembic.util.exc import CommandError

    cfg = Config()
    cfg.set_main_option("script_location", str(MIGRATIONS_DIR))
    with store.engine.begin() as conn:
        cfg.attributes["connection"] = conn
        try:
            command.upgrade(cfg, "head")
        except CommandError as exc:
            raise ProgtempoError(
                f"the training log at {safe_url(store.url)} has a schema this progtempo does not know "
                f"({exc}): upgrade progtempo, or use another --db"
            ) from None


def env_db_url() -> str | None:
    """PROGTEMPO_DB if set (the CLI's --db wins over it)."""
    return os.environ.get("PROGTEMPO_DB") or None
