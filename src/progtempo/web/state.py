"""What every request handler reads: the settings, the open log, the templates and the import jobs.

`create_app` (app.py) builds one `AppState` and hangs it on the app; a route takes it as the FastAPI
dependency `state`. It lives apart from app.py so the routes need not import the module that imports
them.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import TYPE_CHECKING

from fastapi import Request

if TYPE_CHECKING:
    from fastapi.templating import Jinja2Templates

    from progtempo.store import Store
    from progtempo.web.imports import ImportJobs
    from progtempo.web.settings import WebSettings


@dataclass
class AppState:
    """The app's settings, its open log, its templates and its import jobs."""

    settings: WebSettings
    store: Store
    templates: Jinja2Templates
    imports: ImportJobs


def state(request: Request) -> AppState:
    """The app's state (a FastAPI dependency)."""
    st = request.app.state.progtempo
    assert isinstance(st, AppState)
    return st
