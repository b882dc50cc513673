"""Logging in and out: the login page, `POST /login` (a form), `POST /api/login` (JSON), `POST /logout`.

A login sets the session cookie: HttpOnly (no script reads it), SameSite=Lax (no other site's form
sends it), Secure when the page was served over TLS (directly, or behind a proxy that says so and is
trusted with `--forwarded-allow-ips`). Tries are counted per name and per client address in the log
(`progtempo.store.logins`) and refused with 429 past the limit, before any password is checked. The
login form carries its own token against login CSRF (the cookie and the field must match). A coach
picks whose log the pages show with `/athlete?name=…` (remembered in a cookie; the store still checks).
"""

from __future__ import annotations

from typing import Annotated, Any

from fastapi import APIRouter, Body, Depends, Form, Query, Request
from fastapi.responses import HTMLResponse, JSONResponse, RedirectResponse, Response
from pydantic import BaseModel, Field

from progtempo.web.auth import ATHLETE_COOKIE, LOGIN_COOKIE, SESSION_COOKIE, Auth
from progtempo.web.errors import error_doc
from progtempo.web.state import AppState, state

router = APIRouter()


class Credentials(BaseModel):
    """A name and a password."""

    name: str = Field(max_length=200)
    password: str = Field(max_length=1024)


def _secure(request: Request) -> bool:
    return request.url.scheme == "https"


def _address(request: Request) -> str:
    return request.client.host if request.client is not None else "unknown"


def safe_next(target: str | None) -> str:
    """Where to go after logging in: a path of this site only (never `//other.site` or a URL)."""
    if not target or not target.startswith("/") or target.startswith("//") or "\\" in target:
        return "/"
    return target


class LoginRefused(Exception):
    """A login try refused: too many (429) or a wrong name or password (401)."""

    def __init__(self, status: int, message: str) -> None:
        super().__init__(message)
        self.status = status


def log_in(app: AppState, request: Request, name: str, password: str) -> tuple[Any, str]:
    """Check the limits and the password; (the new session, its cookie's value) or LoginRefused."""
    from progtempo.store import accounts, logins

    store = app.store.as_user(None)
    now, address = app.settings.now(), _address(request)
    why = logins.refused(store, name, address, now=now)
    if why is not None:
        raise LoginRefused(429, why)
    who = accounts.check_login(store, name, password)
    logins.record_attempt(store, name, address, who is not None, now=now)
    if who is None:
        raise LoginRefused(401, "wrong name or password")
    session = logins.start_session(store, who, now=now)
    assert session.token is not None
    return session, session.token


def _set_session(response: Response, request: Request, token: str) -> None:
    from progtempo.store.logins import SESSION_TTL

    response.set_cookie(SESSION_COOKIE, token, max_age=int(SESSION_TTL.total_seconds()), path="/",
                        httponly=True, samesite="lax", secure=_secure(request))  # fmt: skip


@router.get("/login", response_class=HTMLResponse, include_in_schema=False)
def login_page(
    request: Request, app: Annotated[AppState, Depends(state)], next: str | None = None
) -> Response:
    return _login_form(request, app, next, None, 200)


def _login_form(
    request: Request, app: AppState, target: str | None, error: str | None, status: int
) -> Response:
    from progtempo.store.credentials import new_secret

    token = new_secret()
    ctx = {"page": "login", "next": safe_next(target), "login_token": token, "error": error}
    response = app.templates.TemplateResponse(request, "login.html", ctx, status_code=status)
    response.set_cookie(LOGIN_COOKIE, token, max_age=3600, path="/login", httponly=True, samesite="strict",
                        secure=_secure(request))  # fmt: skip
    return response


@router.post("/login", include_in_schema=False)
def login_form(
    request: Request,
    app: Annotated[AppState, Depends(state)],
    name: Annotated[str, Form(max_length=200)],
    password: Annotated[str, Form(max_length=1024)],
    login_token: Annotated[str, Form(max_length=200)] = "",
    next: Annotated[str, Form(max_length=2000)] = "/",
) -> Response:
    from progtempo.store.credentials import same

    sent = request.cookies.get(LOGIN_COOKIE, "")
    if not sent or not login_token or not same(sent, login_token):
        return _login_form(request, app, next, "the login form expired: try again", 403)
    try:
        _, token = log_in(app, request, name, password)
    except LoginRefused as exc:
        response = _login_form(request, app, next, str(exc), exc.status)
        if exc.status == 429:
            response.headers["retry-after"] = "900"
        return response
    response = RedirectResponse(safe_next(next), status_code=303)
    _set_session(response, request, token)
    response.delete_cookie(LOGIN_COOKIE, path="/login")
    return response


@router.post(
    "/api/login",
    tags=["accounts"],
    summary="Log in: sets the session cookie; answers who you are and the CSRF token for requests that "
    "change something",
    responses={
        400: error_doc("A body that is not JSON"),
        401: error_doc("Wrong name or password"),
        415: error_doc("Not a JSON body"),
        429: error_doc("Too many tries for this name or from this address"),
    },
)
def api_login(
    request: Request, app: Annotated[AppState, Depends(state)], creds: Annotated[Credentials, Body()]
) -> Response:
    if not request.headers.get("content-type", "").startswith("application/json"):
        return JSONResponse({"error": "send the name and password as JSON"}, 415)
    try:
        session, token = log_in(app, request, creds.name, creds.password)
    except LoginRefused as exc:
        headers = {"retry-after": "900"} if exc.status == 429 else None
        return JSONResponse({"error": str(exc)}, exc.status, headers=headers)
    doc = {**session.principal.to_json(), "csrf_token": session.csrf_token}
    response = JSONResponse(doc)
    _set_session(response, request, token)
    return response


@router.post("/logout", include_in_schema=False)
def logout(request: Request, app: Annotated[AppState, Depends(state)]) -> Response:
    """End the session (everywhere: it is gone from the log), then show the login page."""
    from progtempo.store.logins import end_session

    auth: Auth | None = getattr(request.state, "auth", None)
    if auth is not None and auth.session_token is not None:
        end_session(app.store.as_user(None), auth.session_token)
    response = RedirectResponse("/login", status_code=303)
    response.delete_cookie(SESSION_COOKIE, path="/")
    response.delete_cookie(ATHLETE_COOKIE, path="/")
    return response


@router.get(
    "/api/me",
    tags=["accounts"],
    summary="Who you are, and the athletes whose logs you may read (`?athlete=` on the log's routes)",
)
def api_me(request: Request, app: Annotated[AppState, Depends(state)]) -> Any:
    auth: Auth | None = getattr(request.state, "auth", None)
    who = auth.principal.to_json() if auth is not None and auth.principal is not None else None
    return {"user": who, "athlete": app.settings.athlete, "athletes": app.store.athletes()}


@router.get("/athlete", include_in_schema=False)
def choose_athlete(
    app: Annotated[AppState, Depends(state)],
    name: Annotated[str, Query(max_length=200)],
    next: str | None = None,
) -> Response:
    """A coach's choice of whose log the pages show (one of theirs, else 404)."""
    from progtempo.store.access import not_visible

    if name not in app.store.athletes():
        raise not_visible(f"athlete {name!r}")
    response = RedirectResponse(safe_next(next), status_code=303)
    response.set_cookie(ATHLETE_COOKIE, name, path="/", httponly=True, samesite="lax")
    return response
