"""Every error as the client can use it: `{"error": "…"}` with a 4xx for the API, a page for a browser.

Nothing reaches the client as a traceback: a bug is logged and answered with a 500 that says so in one
line. A `ProgtempoError` (bad input the user can fix) is a 400, `LimitExceeded` a 413.
"""

from __future__ import annotations

import logging
from collections.abc import Iterator
from typing import TYPE_CHECKING, Any

from fastapi import FastAPI, Request
from fastapi.exceptions import RequestValidationError
from fastapi.responses import HTMLResponse, JSONResponse, Response
from starlette.exceptions import HTTPException as StarletteHTTPException

from progtempo.errors import ProgtempoError

if TYPE_CHECKING:
    from fastapi.templating import Jinja2Templates

log = logging.getLogger("progtempo.web")

#: The HTTP status of an error the user can fix, by the library's exception class name
_STATUS_BY_CLASS = {"LimitExceeded": 413, "NotVisible": 404}


class NotFound(ProgtempoError):
    """Something the URL names is not in this log: 404."""


class TooLarge(ProgtempoError):
    """An upload over the size limit: 413."""


def status_for(exc: ProgtempoError) -> int:
    """The 4xx status a library error maps to."""
    if isinstance(exc, NotFound):
        return 404
    if isinstance(exc, TooLarge):
        return 413
    for cls in type(exc).__mro__:
        if cls.__name__ in _STATUS_BY_CLASS:
            return _STATUS_BY_CLASS[cls.__name__]
    return 400


def wants_json(request: Request) -> bool:
    """Whether the client reads JSON: the API, the health check, or an Accept header asking for it."""
    path = request.url.path
    if path.startswith("/api/") or path in ("/healthz", "/openapi.json"):
        return True
    accept = request.headers.get("accept", "")
    return "application/json" in accept and "text/html" not in accept


def _validation_message(exc: RequestValidationError) -> str:
    parts = []
    for err in exc.errors():
        where = ".".join(str(x) for x in err.get("loc", ()) if x not in ("query", "body", "path"))
        parts.append(f"{where or 'request'}: {err.get('msg', 'invalid')}")
    return "; ".join(parts) or "invalid request"


def install_error_handlers(app: FastAPI, templates: Jinja2Templates) -> None:
    """Answer every error as JSON or as the error page, never as a traceback."""

    def respond(request: Request, status: int, message: str) -> Response:
        if wants_json(request):
            return JSONResponse({"error": message}, status_code=status)
        if request.headers.get("hx-request"):
            return HTMLResponse(f'<p class="error" role="alert">{_escape(message)}</p>', status_code=status)
        return templates.TemplateResponse(
            request, "error.html", {"status": status, "message": message}, status_code=status
        )

    @app.exception_handler(ProgtempoError)
    async def _library_error(request: Request, exc: ProgtempoError) -> Response:
        return respond(request, status_for(exc), str(exc))

    @app.exception_handler(StarletteHTTPException)
    async def _http_error(request: Request, exc: StarletteHTTPException) -> Response:
        message = exc.detail if isinstance(exc.detail, str) else "error"
        if exc.status_code == 404 and message == "Not Found":
            message = f"no page at {request.url.path}"
        elif exc.status_code == 405:
            message = f"{request.method} is not allowed on {request.url.path}"
        response = respond(request, exc.status_code, message)
        if exc.headers:
            response.headers.update(exc.headers)
        if exc.status_code == 405:
            response.headers["allow"] = ", ".join(allowed_methods(request))
        return response

    @app.exception_handler(RequestValidationError)
    async def _invalid(request: Request, exc: RequestValidationError) -> Response:
        return respond(request, 422, _validation_message(exc))

    @app.exception_handler(Exception)
    async def _bug(request: Request, exc: Exception) -> Response:
        log.exception("internal error on %s %s", request.method, request.url.path)
        return respond(request, 500, f"internal error: {type(exc).__name__} (see the server's log)")


def allowed_methods(request: Request) -> list[str]:
    """Every method some route takes at this path (Starlette names only the first route's)."""
    from starlette.routing import Match

    def flat(routes: list[Any]) -> Iterator[Any]:
        for route in routes:
            inner = getattr(route, "original_router", None)  # a router included in the app
            yield from flat(inner.routes) if inner is not None else (route,)

    methods: set[str] = set()
    for route in flat(request.app.routes):
        match, _ = route.matches({**request.scope, "method": "GET"})
        if match != Match.NONE:
            methods |= set(getattr(route, "methods", None) or ())
    return sorted(methods)


def _escape(text: str) -> str:
    from markupsafe import escape

    return str(escape(text))


def error_doc(description: str) -> dict[str, Any]:
    """An OpenAPI response entry for an `{"error": "…"}` answer."""
    return {
        "description": description,
        "content": {
            "application/json": {
                "schema": {
                    "type": "object",
                    "properties": {"error": {"type": "string"}},
                    "required": ["error"],
                }
            }
        },
    }
