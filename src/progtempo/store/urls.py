"""Where the training log is: the `--db` value (a URL, a path or a folder) resolved to a SQLAlchemy URL,
and a URL fit for a message (its password hidden)."""

from __future__ import annotations

from pathlib import Path

from sqlalchemy.engine import make_url
from sqlalchemy.exc import ArgumentError

from progtempo.config import default_db_path
from progtempo.errors import ProgtempoError

SQLITE_SUFFIXES = (".sqlite", ".sqlite3", ".db")


def resolve_url(url: str | None) -> str:
    """The URL to open: the default SQLite file, a path, `postgresql://` as psycopg 3, or as given.

    A path must end in .sqlite or .db, or be a folder (the log is `log.sqlite` in it): `--db foo`
    would otherwise make a database file named `foo` without a word.
    """
    if not url:
        return f"sqlite:///{default_db_path()}"
    if "://" not in url:
        p = Path(url).expanduser()
        if p.is_dir() or url.endswith(("/", "\\")):
            return f"sqlite:///{(p / 'log.sqlite').resolve()}"
        if p.suffix.lower() not in SQLITE_SUFFIXES:
            raise ProgtempoError(
                f"--db {url}: not a database: give a URL (sqlite:///path/log.sqlite, "
                "postgresql+psycopg://user@host/db), a path ending in .sqlite or .db, or a folder"
            )
        return f"sqlite:///{p.resolve()}"
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


__all__ = ["SQLITE_SUFFIXES", "resolve_url", "safe_url"]
