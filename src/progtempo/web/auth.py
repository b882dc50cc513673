"""Who is asking: the gate every request passes before a view sees it (an ASGI middleware).

Two modes. **Local**: no account exists and the server listens on loopback only, so the one runner of
the machine reads their own log without logging in (the web app as before accounts). **Accounts**:
once any account exists (or the server is served beyond loopback or behind a proxy), every page and
`/api/` route except `/healthz`, `/login`, `/api/login` and the static files needs a session cookie
(`POST /login`) or an API token (`Authorization: Bearer …`): without one the API answers 401 and a page
redirects to `/login`. A request carrying proxy headers to a local-mode server is refused too: a proxy
in front means the server is not the runner's alone.

A cookie is ambient (the browser sends it with a request another site made it send), so a request
that changes something and is authenticated by the cookie must carry the session's CSRF token: the
`X-CSRF-Token` header (htmx and fetch send it), a `csrf_token` form field, or a `csrf_token` query
parameter (the upload form without JavaScript); else 403. A request whose `Origin` is another site
is refused (403) whatever authenticates it. The views then read `request.state.auth` (`Auth`).
"""

from __future__ import annotations

import datetime as dt
import json
import threading
import time
from dataclasses import dataclass
from typing import TYPE_CHECKING, Literal
from urllib.parse import parse_qs, parse_qsl, quote, urlencode, urlsplit

from anyio import to_thread
from starlette.datastructures import Headers
from starlette.requests import cookie_parser
from starlette.types import ASGIApp, Message, Receive, Scope, Send

if TYPE_CHECKING:
    from progtempo.store import Store
    from progtempo.store.log import Principal

SESSION_COOKIE = "progtempo_session"
#: the login form's own token (double-submit: the cookie and the form field must match)
LOGIN_COOKIE = "progtempo_login"
#: a coach's choice of athlete, remembered between pages (a preference: the store still checks)
ATHLETE_COOKIE = "progtempo_athlete"
CSRF_HEADER = "x-csrf-token"
CSRF_FIELD = "csrf_token"
#: paths anyone may reach
OPEN_PATHS = frozenset({"/healthz", "/login", "/api/login"})
OPEN_PREFIXES = ("/static/",)
SAFE_METHODS = frozenset({"GET", "HEAD", "OPTIONS"})
#: a form body read for its CSRF field is at most this large (a form, not an upload)
MAX_FORM_BYTES = 1024 * 1024
#: how long the answer to "does any account exist" is trusted (accounts are added from the CLI)
ACCOUNTS_TTL_S = 2.0
PROXY_HEADERS = (b"x-forwarded-for", b"forwarded", b"x-forwarded-proto", b"x-real-ip")

Via = Literal["local", "session", "token"]


@dataclass(frozen=True)
class Auth:
    """How a request is authenticated: `principal` None in local mode; `csrf_token` for a session."""

    via: Via
    principal: Principal | None = None
    csrf_token: str | None = None
    session_token: str | None = None


LOCAL = Auth("local")


class Gate:
    """The decisions of the middleware that need the database: is login needed, who is this."""

    def __init__(self, store: Store, *, public: bool) -> None:
        self.store = store.as_user(None)
        self.public = public
        self._accounts: tuple[float, bool] = (0.0, False)
        self._lock = threading.Lock()

    def accounts_exist(self) -> bool:
        from progtempo.store.accounts import has_accounts

        with self._lock:
            at, known = self._accounts
        if known or time.monotonic() - at < ACCOUNTS_TTL_S:
            return known  # accounts, once seen, are assumed to stay (removing the last is rare)
        found = has_accounts(self.store)
        with self._lock:
            self._accounts = (time.monotonic(), found)
        return found

    def login_needed(self) -> bool:
        return self.public or self.accounts_exist()

    def resolve(self, bearer: str | None, cookie: str | None, now: dt.datetime) -> Auth | None:
        """The request's Auth from its token (wins) or session cookie; None when neither is valid."""
        from progtempo.store.accounts import token_principal
        from progtempo.store.logins import find_session

        if bearer is not None:
            p = token_principal(self.store, bearer, now=now)
            return Auth("token", p) if p is not None else None
        if cookie:
            s = find_session(self.store, cookie, now=now)
            if s is not None:
                return Auth("session", s.principal, s.csrf_token, cookie)
        return None


def is_open(path: str) -> bool:
    return path in OPEN_PATHS or path.startswith(OPEN_PREFIXES)


def wants_page(path: str, headers: Headers) -> bool:
    """Whether a browser navigates here (redirect to the login page) rather than a client reading JSON."""
    if path.startswith("/api/") or path == "/openapi.json":
        return False
    accept = headers.get("accept", "")
    return "text/html" in accept or "*/*" in accept or not accept


class AuthMiddleware:
    """The gate (see the module doc); sets `scope["state"]["auth"]` for the views."""

    def __init__(self, app: ASGIApp, gate: Gate, clock: object) -> None:
        self.app = app
        self.gate = gate
        self.clock = clock

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        if scope["type"] != "http":
            await self.app(scope, receive, send)
            return
        headers = Headers(scope=scope)
        method, path = scope["method"], scope["path"]
        needed = await to_thread.run_sync(self.gate.login_needed)
        if method not in SAFE_METHODS and not _same_origin(headers, null_ok=needed):
            await _deny(send, 403, "this request came from another site: refused")
            return
        if not needed:
            if any(k.lower() in PROXY_HEADERS for k, _ in scope["headers"]):
                why = "this server has no accounts and answers its own machine only: add one with "
                await _deny(send, 401, why + "`progtempo user add NAME --role coach --password-stdin`")
                return
            scope.setdefault("state", {})["auth"] = LOCAL
            await self.app(scope, receive, send)
            return
        bearer = _bearer(headers)
        cookie = cookie_parser(headers.get("cookie", "")).get(SESSION_COOKIE)
        now = self.clock()  # type: ignore[operator]
        auth = (
            await to_thread.run_sync(self.gate.resolve, bearer, cookie, now) if (bearer or cookie) else None
        )
        if auth is None and bearer is not None:
            await _deny(send, 401, "this API token is not valid (revoked, or mistyped)", bearer=True)
            return
        if is_open(path):
            scope.setdefault("state", {})["auth"] = auth
            await self.app(scope, receive, send)
            return
        if auth is None:
            if method in ("GET", "HEAD") and wants_page(path, headers) and not headers.get("hx-request"):
                query = scope.get("query_string", b"").decode("latin-1")
                target = path + (f"?{query}" if query else "")
                await _redirect(send, f"/login?next={quote(target, safe='')}", clear=cookie is not None)
                return
            await _deny(send, 401, "log in first: POST /api/login, or send Authorization: Bearer TOKEN",
                        bearer=True, hx=bool(headers.get("hx-request")))  # fmt: skip
            return
        if auth.via == "session" and method not in SAFE_METHODS:
            receive, token = await _csrf_token(scope, headers, receive)
            from progtempo.store.credentials import same

            if token is None or auth.csrf_token is None or not same(token, auth.csrf_token):
                await _deny(send, 403, "missing or wrong CSRF token: reload the page and try again")
                return
        scope.setdefault("state", {})["auth"] = auth
        await self.app(scope, receive, send)


def _bearer(headers: Headers) -> str | None:
    value = headers.get("authorization")
    if value is None:
        return None
    kind, _, token = value.partition(" ")
    return token.strip() if kind.lower() == "bearer" else ""


def _same_origin(headers: Headers, *, null_ok: bool) -> bool:
    """No Origin header (a non-browser client), or the Origin is this server (or the host the proxy
    says it served). `Origin: null` (a privacy setting, or a sandboxed page) passes only where a CSRF
    token is checked too (`null_ok`: accounts); the pages ask for `Referrer-Policy: same-origin`, so a
    browser names their origin."""
    origin = headers.get("origin")
    if origin is None:
        return True
    if origin == "null":
        return null_ok
    netloc = urlsplit(origin).netloc.lower()
    hosts = {headers.get("host", "").lower(), headers.get("x-forwarded-host", "").lower()}
    return netloc in hosts - {""}


async def _csrf_token(scope: Scope, headers: Headers, receive: Receive) -> tuple[Receive, str | None]:
    """The CSRF token the request carries, and a `receive` that replays the body read to find it (a
    form's `csrf_token` field taken out, so the view sees the form it declares)."""
    token = headers.get(CSRF_HEADER)
    if token:
        return receive, token
    query = parse_qs(scope.get("query_string", b"").decode("latin-1"))
    if query.get(CSRF_FIELD):
        return receive, query[CSRF_FIELD][0]
    if not headers.get("content-type", "").startswith("application/x-www-form-urlencoded"):
        return receive, None
    body = b""
    more = True
    while more:
        message = await receive()
        body += message.get("body", b"")
        more = message.get("more_body", False)
        if len(body) > MAX_FORM_BYTES:
            return receive, None
    pairs = parse_qsl(body.decode("latin-1"), keep_blank_values=True)
    found = [v for k, v in pairs if k == CSRF_FIELD]
    rest = urlencode([(k, v) for k, v in pairs if k != CSRF_FIELD], encoding="latin-1").encode("latin-1")
    scope["headers"] = [(k, v) for k, v in scope["headers"] if k.lower() != b"content-length"] + [
        (b"content-length", str(len(rest)).encode())
    ]
    sent = False

    async def replay() -> Message:
        nonlocal sent
        if not sent:
            sent = True
            return {"type": "http.request", "body": rest, "more_body": False}
        return await receive()

    return replay, found[0] if found else None


async def _deny(send: Send, status: int, message: str, *, bearer: bool = False, hx: bool = False) -> None:
    headers = [(b"content-type", b"application/json"), (b"cache-control", b"no-store")]
    if bearer and status == 401:
        headers.append((b"www-authenticate", b'Bearer realm="progtempo"'))
    if hx:
        headers.append((b"hx-redirect", b"/login"))
    body = json.dumps({"error": message}).encode()
    await send({"type": "http.response.start", "status": status, "headers": headers})
    await send({"type": "http.response.body", "body": body})


async def _redirect(send: Send, location: str, *, clear: bool) -> None:
    headers = [(b"location", location.encode("latin-1")), (b"cache-control", b"no-store")]
    if clear:
        headers.append(
            (b"set-cookie", f"{SESSION_COOKIE}=; Max-Age=0; Path=/; HttpOnly; SameSite=Lax".encode())
        )
    await send({"type": "http.response.start", "status": 303, "headers": headers})
    await send({"type": "http.response.body", "body": b""})
