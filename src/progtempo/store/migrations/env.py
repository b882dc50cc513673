"""Alembic environment, configured from code (no alembic.ini) so it works from an installed package.

`progtempo.store.db._migrate` passes an open connection in `config.attributes["connection"]`.
"""

from __future__ import annotations

from alembic import context
from sqlalchemy import Connection, create_engine

from progtempo.store import models

config = context.config
target_metadata = models.Base.metadata  # every table module registered (models imports the others)


def run_migrations_online() -> None:
    """Run against the connection the caller passed in, or a URL set as `sqlalchemy.url`."""
    connection = config.attributes.get("connection")
    if connection is None:
        engine = create_engine(config.get_main_option("sqlalchemy.url") or "sqlite://")
        with engine.begin() as conn:
            _run(conn)
        engine.dispose()
    else:
        _run(connection)


def _run(connection: Connection) -> None:
    context.configure(
        connection=connection,
        target_metadata=target_metadata,
        render_as_batch=True,  # SQLite alters tables by copying them
        compare_type=True,
    )
    with context.begin_transaction():
        context.run_migrations()


if context.is_offline_mode():
    raise SystemExit("progtempo migrations run online only: open the store with progtempo.store.open_store")
run_migrations_online()
