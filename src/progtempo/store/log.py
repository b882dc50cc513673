"""The open training log under the queries: the engine, the sessions, the write lock's retry, the zone
of the runner's calendar and the user the log answers for.

`Log` is what every query module of the store (`queries`, `writes`, `importer`, `access`, ...) takes as
its `store` argument; it imports none of them, so they can all import it. `Store` (store/db.py) extends
it with the typed query API the CLI and the web app call, each method a thin call into those modules.
"""

from __future__ import annotations

import datetime as dt
import time
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from dataclasses import dataclass, field, replace
from typing import Any, Literal, Self, TypeVar

from sqlalchemy import Engine
from sqlalchemy.exc import DBAPIError, OperationalError
from sqlalchemy.orm import Session, sessionmaker

#: how often a write that lost a lock race is tried again, and the first pause between tries
WRITE_RETRIES = 8
RETRY_PAUSE_S = 0.05

T = TypeVar("T")

Role = Literal["coach", "athlete"]

__all__ = ["RETRY_PAUSE_S", "WRITE_RETRIES", "Log", "Principal", "Role", "is_lock_error"]


@dataclass(frozen=True)
class Principal:
    """Who is asking: a coach, or an athlete with their log (`athlete_id`, called `name` too)."""

    user_id: int
    name: str
    role: Role
    athlete_id: int | None = None

    @property
    def athlete(self) -> str | None:
        """The log athlete this user is (an athlete's own name), None for a coach."""
        return self.name if self.role == "athlete" else None

    def to_json(self) -> dict[str, Any]:
        return {"name": self.name, "role": self.role}


def is_lock_error(exc: BaseException) -> bool:
    """True for a lost lock race worth retrying: SQLite busy/locked, PostgreSQL deadlock/serialization."""
    if not isinstance(exc, OperationalError | DBAPIError):
        return False
    msg = str(getattr(exc, "orig", exc)).lower()
    code = getattr(getattr(exc, "orig", None), "sqlstate", None)
    return "database is locked" in msg or "database is busy" in msg or code in ("40001", "40P01")


@dataclass
class Log:
    """An open training log: the engine and session factories (`open_store` in store/db.py makes one).

    `tz` is the zone of the runner's calendar (Config.tz): a run's day, `since`/`until` and weeks are
    local days in it. Reads use `session()`; writes use `transaction()` (SQLite: the write lock is
    taken at BEGIN) or `write(fn)`, which also retries a transaction that lost a lock race.

    `principal` is the user the log answers for (`as_user`): None on the command line and the local
    single-runner server (every log), else only what `progtempo.store.access` lets that user reach.
    """

    url: str
    engine: Engine
    _factory: sessionmaker[Session] = field(repr=False)
    _write_factory: sessionmaker[Session] = field(repr=False)
    tz: dt.tzinfo = dt.UTC
    principal: Principal | None = None

    @property
    def dialect(self) -> str:
        return self.engine.dialect.name

    def session(self) -> Session:
        """A new ORM session for reading; `with store.session() as s: ...`."""
        return self._factory()

    @contextmanager
    def transaction(self) -> Iterator[Session]:
        """One write transaction: committed when the block ends, rolled back whole if it raises."""
        with self._write_factory() as s, s.begin():
            yield s

    def write(self, fn: Callable[[Session], T]) -> T:
        """Run `fn` in one write transaction, again (from scratch) when it lost a lock race."""
        pause = RETRY_PAUSE_S
        for attempt in range(WRITE_RETRIES):
            try:
                with self.transaction() as s:
                    return fn(s)
            except (OperationalError, DBAPIError) as exc:
                if not is_lock_error(exc) or attempt == WRITE_RETRIES - 1:
                    raise
                time.sleep(pause)
                pause *= 2
        raise AssertionError("unreachable")

    def as_user(self, principal: Principal | None) -> Self:
        """This log (the same engine and pool) answering only within `principal`'s reach: every query
        finds its athlete through `progtempo.store.access`. None: trusted, every log."""
        return replace(self, principal=principal)

    def close(self) -> None:
        """Release every pooled connection (of every `as_user` view of this log)."""
        self.engine.dispose()

    def __enter__(self) -> Self:
        return self

    def __exit__(self, *exc: object) -> None:
        self.close()
