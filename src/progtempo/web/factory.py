"""The app of one server process of `serve --workers N`: its settings come from the environment.

uvicorn starts each worker process afresh and imports the app by name, so `progtempo serve` writes the
resolved settings (`WebSettings`) into `PROGTEMPO_SERVE_SETTINGS` as JSON, and `app_from_env` builds the
same app from them in every worker. Nothing else reads that variable.
"""

from __future__ import annotations

import json
import os
from pathlib import Path
from typing import TYPE_CHECKING, Any

from progtempo.web.settings import WebSettings

if TYPE_CHECKING:
    from fastapi import FastAPI

ENV = "PROGTEMPO_SERVE_SETTINGS"
#: the settings that cross the process boundary (the clock stays each process's own)
_FIELDS = ("unit", "db_url", "athlete", "unit_explicit", "upload_max_bytes", "upload_max_files",
           "upload_max_file_bytes", "import_jobs", "tile_url", "public", "run_jobs")  # fmt: skip


def to_env(settings: WebSettings) -> str:
    """The settings as the JSON `app_from_env` reads."""
    doc: dict[str, Any] = {k: getattr(settings, k) for k in _FIELDS}
    doc["data_dir"] = str(settings.data_dir)
    # an IANA zone by its name, UTC as UTC, the machine's own zone as nothing (each process finds it)
    doc["tz"] = getattr(settings.tz, "key", None) or ("UTC" if str(settings.tz) == "UTC" else None)
    return json.dumps(doc)


def settings_from_env() -> WebSettings:
    """The settings `progtempo serve` put in the environment (the limits: PROGTEMPO_MAX_…, inherited)."""
    from progtempo.config import resolve_tz
    from progtempo.limits import from_env

    doc = json.loads(os.environ[ENV])
    kwargs = {k: doc[k] for k in _FIELDS}
    return WebSettings(data_dir=Path(doc["data_dir"]), tz=resolve_tz(doc.get("tz")),
                       limits=from_env(os.environ), **kwargs)  # fmt: skip


def app_from_env() -> FastAPI:
    """The web app of one worker process (uvicorn's factory)."""
    from progtempo.web import create_app

    return create_app(settings_from_env())
