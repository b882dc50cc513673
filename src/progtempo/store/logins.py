"""Web sessions and the login rate limits, kept in the log's database so every server process shares them.

A session is a random cookie (stored as its sha256) with its own CSRF token and an end. Login attempts
are counted per name and per client address over a window; past a limit the next try is refused (the
web answers 429) without checking the password, so nobody can guess passwords quickly, and the
argon2 work a guess costs is never spent on a refused one.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass

from sqlalchemy import delete, func, select
from sqlalchemy.orm import Session

from progtempo.store import credentials
from progtempo.store.accounts import principal_of
from progtempo.store.log import Log, Principal
from progtempo.store.models_accounts import LoginAttempt, User, WebSession

#: how long a session lasts
SESSION_TTL = dt.timedelta(days=14)
#: the window the limits count over, failed tries per name in it, and tries (any) per address in it
WINDOW = dt.timedelta(minutes=15)
MAX_FAILED_PER_NAME = 5
MAX_TRIES_PER_ADDRESS = 20
#: attempts older than this are deleted
KEEP_ATTEMPTS = dt.timedelta(days=1)


@dataclass(frozen=True)
class LoginSession:
    """A logged-in browser: who, its CSRF token, and when it ends. `token` is the cookie's value,
    known only when the session is made."""

    principal: Principal
    csrf_token: str
    expires_at: dt.datetime
    token: str | None = None


def start_session(store: Log, principal: Principal, *, now: dt.datetime) -> LoginSession:
    """A new session for `principal`; its token goes in the cookie and nowhere else."""
    token, csrf = credentials.new_secret(), credentials.new_secret()
    ends = now + SESSION_TTL

    def run(s: Session) -> None:
        s.execute(delete(WebSession).where(WebSession.expires_at < now))
        s.add(
            WebSession(
                user_id=principal.user_id,
                token_sha256=credentials.digest(token),
                csrf_token=csrf,
                created_at=now,
                expires_at=ends,
            )
        )

    store.write(run)
    return LoginSession(principal, csrf, ends, token)


def find_session(store: Log, token: str, *, now: dt.datetime) -> LoginSession | None:
    """The live session of this cookie, or None (unknown, ended or expired)."""
    if not token or len(token) > 200:
        return None
    with store.session() as s:
        row = s.execute(
            select(User, WebSession.csrf_token, WebSession.expires_at)
            .join(WebSession, WebSession.user_id == User.id)
            .where(WebSession.token_sha256 == credentials.digest(token))
        ).first()
    if row is None or row.expires_at <= now:
        return None
    return LoginSession(principal_of(row[0]), row.csrf_token, row.expires_at)


def end_session(store: Log, token: str) -> None:
    """Log out: the session is gone for every server process."""
    sha = credentials.digest(token)
    store.write(lambda s: s.execute(delete(WebSession).where(WebSession.token_sha256 == sha)))


def refused(store: Log, name: str, address: str, *, now: dt.datetime) -> str | None:
    """Why a login try is refused now (too many tries for the name or from the address), else None."""
    since = now - WINDOW
    A = LoginAttempt
    with store.session() as s:
        failed = s.scalar(
            select(func.count()).select_from(A).where(A.name == name[:200], A.at > since, A.ok.is_(False))
        )
        tries = s.scalar(select(func.count()).select_from(A).where(A.address == address[:64], A.at > since))
    minutes = int(WINDOW.total_seconds() // 60)
    if (failed or 0) >= MAX_FAILED_PER_NAME:
        return f"too many failed logins for this name: wait {minutes} minutes"
    if (tries or 0) >= MAX_TRIES_PER_ADDRESS:
        return f"too many logins from this address: wait {minutes} minutes"
    return None


def record_attempt(store: Log, name: str, address: str, ok: bool, *, now: dt.datetime) -> None:
    """Count one try (and forget tries older than a day)."""

    def run(s: Session) -> None:
        s.execute(delete(LoginAttempt).where(LoginAttempt.at < now - KEEP_ATTEMPTS))
        s.add(LoginAttempt(name=name[:200], address=address[:64], ok=ok, at=now))

    store.write(run)
