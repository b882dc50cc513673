"""Open the training log: SQLite in the user's data dir by default, or any SQLAlchemy URL (PostgreSQL).

Opening runs the Alembic migrations up to head under a lock (PostgreSQL: an advisory lock; SQLite: an
immediate transaction), so a log made by an older progtempo is upgraded in place and two processes
opening a fresh log at once don't both create it. Writes on SQLite take the write lock when they begin
(`BEGIN IMMEDIATE`), so concurrent writers wait their turn (busy timeout) instead of failing with
"database is locked" half-way through a transaction.

`Store` is the typed query API the CLI and the web app use (contract 4): see its methods.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable, Sequence
from pathlib import Path
from typing import TYPE_CHECKING, Any

from sqlalchemy import create_engine, event, text
from sqlalchemy.engine import make_url
from sqlalchemy.exc import ArgumentError, DBAPIError, NoSuchModuleError
from sqlalchemy.orm import sessionmaker

from progtempo.config import DEFAULT_ATHLETE, default_db_path
from progtempo.errors import ProgtempoError
from progtempo.store import queries, writes
from progtempo.store.access import owner_of
from progtempo.store.calendar import CalendarWeek, schedule_calendar
from progtempo.store.dashboard import Dashboard, dashboard
from progtempo.store.history_records import History, PlannedEntry
from progtempo.store.importer import ImportReport, ProgressFn, Upload, import_paths, import_uploads
from progtempo.store.records import ActivitySummary, Counts, Kind, StoredActivity
from progtempo.store.runs import StoredRun, analyze_stored
from progtempo.store.summaries import activities_frame
from progtempo.store.training_api import TrainingQueries
from progtempo.store.urls import resolve_url, safe_url
from progtempo.store.writes import SavedSchedule

if TYPE_CHECKING:
    import pandas

    from progtempo.activity import Activity
    from progtempo.limits import Limits
    from progtempo.plan.adapt import Rules
    from progtempo.plan.ladder import Session as PlanSession
    from progtempo.units import Unit

#: the newest migration; opening a log whose alembic_version equals it skips Alembic entirely (fast start)
HEAD_REVISION = "0004"
MIGRATIONS_DIR = Path(__file__).resolve().parent / "migrations"
#: the key of the PostgreSQL advisory lock migrations take (any constant; "pt" + "migr")
MIGRATION_LOCK_KEY = 0x7074_6D69_6772

__all__ = ["HEAD_REVISION", "Store", "default_db_path", "open_store"]


class Store(TrainingQueries):
    """An open training log (`progtempo.store.log.Log`: the engine, the sessions, `tz`, the user it
    answers for) with the typed queries the CLI and the web app call, each a thin call into the module
    that answers it. `as_user(principal)` gives a `Store` too.
    """

    # -------------------------------------------------------------------------------- typed queries

    def activities(
        self,
        *,
        athlete: str = DEFAULT_ATHLETE,
        since: dt.date | None = None,
        until: dt.date | None = None,
        kind: Kind = "all",
        limit: int | None = None,
    ) -> list[ActivitySummary]:
        """The athlete's activities, newest first, started from `since` to `until` (local days, inclusive).

        `kind`: "all", "run" (running only) or "progressive" (runs judged as progressive sessions).
        An athlete the log doesn't know has no activities (an empty list, not an error).
        """

        return queries.activities(self, athlete, since=since, until=until, kind=kind, limit=limit)

    def activity(self, activity_id: int, *, athlete: str = DEFAULT_ATHLETE) -> StoredActivity | None:
        """One activity in full (splits, the coach's result, its planned session), or None when the
        athlete has no activity with that id (another athlete's id is None too)."""

        return queries.activity(self, athlete, activity_id)

    def original(self, activity_id: int, *, athlete: str = DEFAULT_ATHLETE) -> Activity | None:
        """The stored activity read back from its original file (to re-analyse it with another plan or
        split length), or None as for `activity`. The leg of a multisport file is the same leg."""

        return queries.original(self, athlete, activity_id)

    def analyze(
        self,
        activity_id: int,
        *,
        athlete: str = DEFAULT_ATHLETE,
        unit: Unit = "mi",
        split_m: float | None = None,
        plan: PlanSession | None = None,
        gap_model: str = "strava",
    ) -> StoredRun | None:
        """The activity re-analysed from its original file, as `progtempo analyze` would (None as for
        `activity`): judged against the planned session it met, or against `plan`, split every
        `split_m` metres (default one unit). Reads only; the log's own verdict stays."""

        return analyze_stored(
            self, athlete, activity_id, unit=unit, split_m=split_m, plan=plan, gap_model=gap_model
        )

    def history(
        self,
        *,
        athlete: str = DEFAULT_ATHLETE,
        since: dt.date | None = None,
        until: dt.date | None = None,
        today: dt.date,
    ) -> History:
        """Progressive sessions oldest first, streaks of steady weeks as of `today`, weekly run volume.

        Every run counts once in the weekly volume: a run imported from two sources is one activity.
        """

        return queries.history(self, athlete, since=since, until=until, today=today)

    def schedule(
        self, *, athlete: str = DEFAULT_ATHLETE, since: dt.date | None = None, today: dt.date
    ) -> list[PlannedEntry]:
        """The athlete's planned sessions from `since` on, oldest first: done, missed (before `today`)
        or due."""

        return queries.planned_sessions(self, athlete, since=since, today=today)

    def calendar(self, *, athlete: str = DEFAULT_ATHLETE, today: dt.date) -> tuple[CalendarWeek, ...]:
        """The athlete's schedule as weeks of days: each planned session (done, missed or due) and the
        runs done, from the first planned week (or a few weeks back) to the last (or this week)."""

        return schedule_calendar(self, athlete, today=today)

    def dashboard(self, *, athlete: str = DEFAULT_ATHLETE, today: dt.date) -> Dashboard:
        """The first page's answer as of `today`: the next session (planned, else advised), the newest
        run in full, the last weeks' progressive sessions with their thresholds, the streaks."""

        return dashboard(self, athlete, today=today)

    def save_schedule(
        self,
        weeks: Sequence[tuple[int, dt.date, str, PlanSession]],
        *,
        athlete: str = DEFAULT_ATHLETE,
        unit: Unit = "mi",
        rules: Rules | None = None,
        today: dt.date | None = None,
    ) -> SavedSchedule:
        """Save planned sessions `(week, date, change, Session)`, re-score the runs already logged on
        those days against them, and adapt the sessions ahead to the runs (`plan.adapt`). A date already
        planned with another session starts again from the new one. `rules`: how the progression was
        made (hold, deload, caps), for the sessions it projects."""

        return writes.save_schedule(self, athlete, weeks, unit=unit, rules=rules, today=today)

    def import_paths(
        self,
        paths: Iterable[str | Path],
        *,
        athlete: str = DEFAULT_ATHLETE,
        unit: Unit = "mi",
        jobs: int | None = None,
        on_start: ProgressFn | None = None,
        on_progress: ProgressFn | None = None,
        limits: Limits | None = None,
        not_after: dt.datetime | None = None,
    ) -> ImportReport:
        """Import files, folders and Strava export zips (see `progtempo.store.importer.import_paths`)."""

        return import_paths(
            self,
            paths,
            athlete=athlete,
            unit=unit,
            jobs=jobs,
            on_start=on_start,
            on_progress=on_progress,
            limits=limits,
            not_after=not_after,
        )

    def import_uploads(
        self,
        uploads: Iterable[Upload],
        *,
        athlete: str = DEFAULT_ATHLETE,
        unit: Unit = "mi",
        jobs: int | None = 1,
        on_start: ProgressFn | None = None,
        on_progress: ProgressFn | None = None,
        limits: Limits | None = None,
        not_after: dt.datetime | None = None,
    ) -> ImportReport:
        """Import in-memory files (a web upload: `Upload(name, data)`; a .zip is read as an export)."""

        return import_uploads(
            self,
            uploads,
            athlete=athlete,
            unit=unit,
            jobs=jobs,
            on_start=on_start,
            on_progress=on_progress,
            limits=limits,
            not_after=not_after,
        )

    def athletes(self) -> list[str]:
        """Every athlete's name the store's user may read (all of them without a user), sorted."""

        return queries.athletes(self)

    def owner(self, activity_id: int) -> str | None:
        """The name of the athlete an activity belongs to, or None when it is absent or out of reach."""

        return owner_of(self, activity_id)

    def delete_athlete(self, athlete: str) -> bool:
        """Remove an athlete and everything of theirs, their account too; False when there was no such
        athlete. The command line only."""

        return writes.delete_athlete(self, athlete)

    def counts(self, *, athlete: str = DEFAULT_ATHLETE) -> Counts:
        """How many activities, runs, progressive sessions and planned sessions the athlete has."""

        return queries.counts(self, athlete)

    def activities_frame(
        self,
        *,
        athlete: str = DEFAULT_ATHLETE,
        since: dt.date | None = None,
        until: dt.date | None = None,
        kind: Kind = "all",
    ) -> pandas.DataFrame:
        """The activities as a pandas DataFrame, one row each, oldest first (needs `progtempo[pandas]`).

        Columns are SI with the unit in the name (`distance_m`, `pace_s_per_km`); `start_time` is a
        timezone-aware UTC timestamp and `date` the local day.
        """

        return activities_frame(self.activities(athlete=athlete, since=since, until=until, kind=kind))


def _sqlite_connect(dbapi_conn: Any, _record: Any) -> None:
    # the driver's own transaction handling is off: SQLAlchemy's begin event issues BEGIN itself, so
    # DDL is transactional too and a writer can take the write lock at BEGIN
    dbapi_conn.isolation_level = None
    cur = dbapi_conn.cursor()
    cur.execute("PRAGMA foreign_keys=ON")
    cur.execute("PRAGMA busy_timeout=30000")
    cur.execute("PRAGMA journal_mode=WAL")
    cur.execute("PRAGMA synchronous=NORMAL")
    cur.close()


def _sqlite_begin(conn: Any) -> None:
    mode = "IMMEDIATE" if conn.get_execution_options().get("progtempo_write") else "DEFERRED"
    conn.exec_driver_sql(f"BEGIN {mode}")


def open_store(url: str | None = None, *, migrate: bool = True, tz: dt.tzinfo = dt.UTC) -> Store:
    """Open (creating if needed) the training log at `url` and bring its schema to the newest version.

    `None` means SQLite in the user's data dir. PostgreSQL: `postgresql+psycopg://user@host:port/db`.
    `tz` is the zone of the runner's calendar (from `Config.tz`).
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
            try:
                Path(db).parent.mkdir(parents=True, exist_ok=True)
            except OSError as exc:
                raise ProgtempoError(
                    f"cannot make the folder for the training log {db}: {exc.strerror or exc}"
                ) from None
        kwargs["connect_args"] = {"timeout": 30}
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
        event.listen(engine, "connect", _sqlite_connect)
        event.listen(engine, "begin", _sqlite_begin)
    writer = engine.execution_options(progtempo_write=True)
    store = Store(
        url=resolved,
        engine=engine,
        _factory=sessionmaker(engine, expire_on_commit=False),
        _write_factory=sessionmaker(writer, expire_on_commit=False),
        tz=tz,
    )
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
    """Upgrade to head, one process at a time: the first to take the lock migrates, the others then
    find the schema at head (Alembic reads the version again inside the lock)."""
    if current_revision(store) == HEAD_REVISION:
        return
    from alembic import command
    from alembic.config import Config
    from alembic.util.exc import CommandError

    cfg = Config()
    cfg.set_main_option("script_location", str(MIGRATIONS_DIR))
    writer = store.engine.execution_options(progtempo_write=True)
    sqlite = store.dialect == "sqlite"
    with writer.connect() as conn:
        raw = conn.connection.dbapi_connection
        if sqlite and raw is not None:
            # SQLite alters a table by copying it; with foreign keys on, dropping the old copy would
            # cascade to the splits and results. The pragma only takes effect outside a transaction.
            raw.execute("PRAGMA foreign_keys=OFF")
        try:
            with conn.begin():
                if store.dialect == "postgresql":
                    conn.execute(text("SELECT pg_advisory_xact_lock(:k)"), {"k": MIGRATION_LOCK_KEY})
                cfg.attributes["connection"] = conn
                try:
                    command.upgrade(cfg, "head")
                except CommandError as exc:
                    raise ProgtempoError(
                        f"the training log at {safe_url(store.url)} has a schema this progtempo does not "
                        f"know ({exc}): upgrade progtempo, or use another --db"
                    ) from None
                if sqlite and conn.exec_driver_sql("PRAGMA foreign_key_check").first() is not None:
                    raise ProgtempoError(
                        f"the training log at {safe_url(store.url)} has rows whose links are broken: "
                        "nothing was changed; restore a backup or use another --db"
                    )
        finally:
            if sqlite and raw is not None:
                raw.execute("PRAGMA foreign_keys=ON")
