"""The training log: SQLAlchemy models, `open_store`, the importer and the queries behind log/history."""

from __future__ import annotations

from progtempo.store.db import Store, default_db_path, open_store

__all__ = ["Store", "default_db_path", "open_store"]
