"""The local web app: plan, import, see and follow progressive runs in the browser (`progtempo serve`).

Needs the `web` extra (`pip install 'progtempo[web]'`): FastAPI, uvicorn, Jinja2.
"""

from __future__ import annotations

from progtempo.web.app import create_app
from progtempo.web.settings import WebSettings

__all__ = ["WebSettings", "create_app"]
