"""The web app object: `create_app(settings)` opens the log and wires the views, the API and the files.

Layout (after datasette's): `app.py` builds the app and `state.py` holds what its routes read;
`api.py` and `api_log.py` hold the JSON API, `pages.py` and `log_pages.py` the server-rendered pages,
`imports.py` the uploads and their progress; `templates/` and `static/` beside them, with the browser
libraries vendored under `static/vendor/` (`scripts/vendor.sh`). The app is a thin layer: every figure
on a page comes from the library, formatted by `templating.py`.
"""

from __future__ import annotations

import hashlib
import time
from collections.abc import AsyncIterator
from contextlib import asynccontextmanager
from dataclasses import dataclass
from pathlib import Path
from typing import Annotated, Any

from fastapi import Depends, FastAPI, Query, Request
from fastapi.staticfiles import StaticFiles
from starlette.types import ASGIApp, Message, Receive, Scope, Send

from progtempo.store import open_store
from progtempo.web.errors import install_error_handlers
from progtempo.web.settings import WebSettings
from progtempo.web.state import AppState
from progtempo.web.templating import make_templates

STATIC_DIR = Path(__file__).resolve().parent / "static"


class EdgeMiddleware:
    """The rules at the edge. On a page (not the API), an empty query parameter (`?segments=`, as an
    HTML form sends a field left blank) means not given. Every answer carries a Content-Security-Policy
    that lets the page load nothing from anywhere but this server (and the map tile host, if one is
    configured), and a `Server-Timing` header with the time the server took to answer (what
    `benchmarks/bench_web.py` reads). A static file asked for by its versioned URL (`?v=<hash>`) may
    be cached for good."""

    def __init__(self, app: ASGIApp, csp: str) -> None:
        self.app = app
        self.csp = csp.encode()

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        if scope["type"] != "http":
            await self.app(scope, receive, send)
            return
        qs: bytes = scope.get("query_string", b"")
        if qs and not scope.get("path", "").startswith("/api/"):
            kept = [p for p in qs.split(b"&") if p and not p.endswith(b"=")]
            scope = dict(scope, query_string=b"&".join(kept))

        started = time.perf_counter()
        versioned = scope.get("path", "").startswith("/static/") and qs.startswith(b"v=")

        async def send_with_headers(message: Message) -> None:
            if message["type"] == "http.response.start":
                headers = list(message.get("headers", []))
                names = {k.lower() for k, _ in headers}
                took_ms = (time.perf_counter() - started) * 1000
                headers.append((b"server-timing", f"app;dur={took_ms:.1f}".encode()))
                if versioned:  # the URL changes with the file's content: the browser may keep it
                    headers.append((b"cache-control", b"public, max-age=31536000, immutable"))
                for k, v in (
                    (b"content-security-policy", self.csp),
                    (b"x-content-type-options", b"nosniff"),
                    (b"referrer-policy", b"same-origin"),
                    (b"x-frame-options", b"DENY"),
                ):
                    if k not in names:
                        headers.append((k, v))
                message = dict(message, headers=headers)
            await send(message)

        await self.app(scope, receive, send_with_headers)


def content_security_policy(tile_url: str | None) -> str:
    """Scripts, styles, data and images from this server only (plus the tile host, when configured)."""
    img = "'self' data:"
    if tile_url:
        from urllib.parse import urlsplit

        parts = urlsplit(tile_url)
        if parts.scheme in ("http", "https") and parts.netloc:
            img += f" {parts.scheme}://{parts.netloc.split('{')[0]}*"
    return (
        "default-src 'self'; script-src 'self'; style-src 'self'; "
        f"img-src {img}; connect-src 'self'; font-src 'self'; object-src 'none'; "
        "base-uri 'self'; form-action 'self'; frame-ancestors 'none'"
    )


def static_versions() -> dict[str, str]:
    """A short content hash of every static file, for cache-busting URLs (`/static/app.js?v=…`)."""
    out = {}
    for p in sorted(STATIC_DIR.rglob("*")):
        if p.is_file():
            out[p.relative_to(STATIC_DIR).as_posix()] = hashlib.sha256(p.read_bytes()).hexdigest()[:10]
    return out


@dataclass(frozen=True)
class Vendored:
    """The vendored browser libraries' paths under /static (their versions are in the names)."""

    htmx: str
    uplot_js: str
    uplot_css: str


def vendored() -> Vendored:
    """The files `scripts/vendor.sh` put in static/vendor/."""

    def one(pattern: str) -> str:
        found = sorted((STATIC_DIR / "vendor").glob(pattern))
        if not found:
            raise RuntimeError(f"static/vendor/{pattern} is missing: run scripts/vendor.sh")
        return f"vendor/{found[-1].name}"

    return Vendored(one("htmx-*.min.js"), one("uPlot-*.iife.min.js"), one("uPlot-*.min.css"))


def create_app(settings: WebSettings) -> FastAPI:
    """The web app on the log `settings.db_url`, opened (and migrated) now: a bad URL fails here."""
    from progtempo import __version__
    from progtempo.web import api, api_log, imports, log_pages, login, pages
    from progtempo.web.auth import AuthMiddleware, Gate
    from progtempo.web.import_jobs import ImportJobs

    store = open_store(settings.db_url, tz=settings.tz)
    templates = make_templates()
    versions = static_versions()

    def static_url(name: str) -> str:
        return f"/static/{name}?v={versions.get(name, __version__)}"

    templates.env.globals.update(
        static_url=static_url, settings=settings, version=__version__, vendor=vendored(),
        csrf_token=csrf_token, athlete_of=athlete_of, user_of=user_of,
    )  # fmt: skip
    jobs = ImportJobs(settings, store)
    gate = Gate(store, public=settings.public)

    @asynccontextmanager
    async def lifespan(_app: FastAPI) -> AsyncIterator[None]:
        jobs.start()
        try:
            yield
        finally:
            jobs.close()
            store.close()

    app = FastAPI(
        title="progtempo",
        version=__version__,
        summary="Plan, import, analyse and coach the progressive tempo run, on this machine.",
        description=(
            "The JSON API of the progtempo web app. Every object is the one the CLI prints with "
            "`--json`; paces are seconds per the document's `unit`, distances metres, times seconds. "
            'Errors are `{"error": "…"}` with a 4xx status.'
        ),
        docs_url=None,
        redoc_url=None,
        lifespan=lifespan,
    )
    app.state.progtempo = AppState(
        settings=settings, store=store, templates=templates, imports=jobs, gate=gate
    )
    install_error_handlers(app, templates)
    whose = [Depends(athlete_query)]
    app.include_router(api.router)
    app.include_router(api_log.router, dependencies=whose)
    app.include_router(imports.router, dependencies=whose)
    app.include_router(login.router)
    app.include_router(pages.router)
    app.include_router(log_pages.router)
    app.mount("/static", StaticFiles(directory=STATIC_DIR), name="static")
    app.add_middleware(AuthMiddleware, gate=gate, clock=settings.now)
    app.add_middleware(EdgeMiddleware, csp=content_security_policy(settings.tile_url))
    return app


def athlete_query(
    athlete: Annotated[
        str | None,
        Query(
            max_length=200, description="Whose log (a coach's athlete; default: your own, or the server's)."
        ),
    ] = None,
) -> None:
    """Documents `?athlete=` on the log's routes; `state` reads it (an athlete out of reach is a 404)."""


def csrf_token(request: Request) -> str:
    """The session's CSRF token for a page's forms and scripts ('' in local mode or with a token)."""
    auth = request.scope.get("state", {}).get("auth")
    return getattr(auth, "csrf_token", None) or ""


def user_of(request: Request) -> Any:
    """The logged-in user (a `Principal`), or None in local mode."""
    auth = request.scope.get("state", {}).get("auth")
    return getattr(auth, "principal", None)


def athlete_of(request: Request) -> str:
    """Whose log the page shows."""
    return str(getattr(request.state, "athlete", "") or request.app.state.progtempo.settings.athlete)
