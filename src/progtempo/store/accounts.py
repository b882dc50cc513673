"""Accounts: coaches and athletes, their passwords and API tokens; who a request is, a `Principal`
(store/log.py, the open log holds it), comes from here.

How accounts meet the log: an athlete user IS an athlete of the log, under the same name. Adding
`anna` as an athlete makes (or takes over) the log's athlete `anna`, whose runs `progtempo log
--athlete anna` lists; her account reads and writes exactly those rows. A coach is not an athlete of
the log: they read the logs of the athletes whose account names them as coach, and plan their
schedules (see `progtempo.store.access`). Log athletes without an account (`me`, `demo`, any
`--athlete` of the command line) are reachable from the command line only, once accounts exist.

The command line is trusted: whoever can open the database owns it. The web app is not: it turns a
session cookie or a token into a `Principal` and opens the log as that principal (`Store.as_user`).
"""

from __future__ import annotations

import datetime as dt
import re
from dataclasses import dataclass
from typing import Any, cast

from sqlalchemy import delete, func, select, update
from sqlalchemy.orm import Session, aliased

from progtempo.errors import ProgtempoError
from progtempo.store import credentials, models
from progtempo.store.log import Log, Principal, Role
from progtempo.store.models_accounts import ApiToken, User, WebSession

#: the longest user name
MAX_NAME = 200


@dataclass(frozen=True)
class UserInfo:
    """One account as `user list` shows it (never its secrets)."""

    name: str
    role: Role
    coach: str | None
    athletes: tuple[str, ...]
    tokens: int
    created_at: dt.datetime

    def to_json(self) -> dict[str, Any]:
        return {
            "name": self.name,
            "role": self.role,
            "coach": self.coach,
            "athletes": list(self.athletes),
            "tokens": self.tokens,
            "created_at": self.created_at.isoformat().replace("+00:00", "Z"),
        }


def check_name(name: str) -> str:
    """The name, stripped, if an account may have it."""
    name = name.strip()
    if not name:
        raise ProgtempoError("the user name is empty: give a name")
    if len(name) > MAX_NAME or re.search(r"[\x00-\x1f\x7f]", name):
        raise ProgtempoError(f"the user name must be 1 to {MAX_NAME} printable characters")
    return name


def check_role(role: str) -> Role:
    if role not in ("coach", "athlete"):
        raise ProgtempoError(f"--role {role}: give coach or athlete")
    return cast(Role, role)


def principal_of(u: User) -> Principal:
    return Principal(u.id, u.name, check_role(u.role), u.athlete_id)


def _user(s: Session, name: str) -> User | None:
    return s.scalar(select(User).where(User.name == name.strip()))


def _no_such(name: str) -> ProgtempoError:
    return ProgtempoError(f"no user {name!r}: see them with `progtempo user list`")


def has_accounts(store: Log) -> bool:
    """Whether any account exists (then the web app asks everyone to log in)."""
    with store.session() as s:
        return s.scalar(select(User.id).limit(1)) is not None


def add_user(store: Log, name: str, role: str, password: str, *, coach: str | None = None) -> UserInfo:
    """Add an account. An athlete is the log's athlete of that name (made if new; one account each).

    Raises ProgtempoError for a taken name, a coach that is not one, or a weak password; the password
    is hashed here and never kept.
    """
    name, kind = check_name(name), check_role(role)
    if coach is not None and kind != "athlete":
        raise ProgtempoError("--coach is for an athlete's account: a coach has no coach")
    password_hash = credentials.hash_password(password)

    def run(s: Session) -> None:
        if _user(s, name) is not None:
            raise ProgtempoError(f"there is already a user {name!r}: pick another name, or `user passwd`")
        coach_id = None
        if coach is not None:
            c = _user(s, coach)
            if c is None or c.role != "coach":
                raise ProgtempoError(f"--coach {coach}: no coach of that name (add them first, --role coach)")
            coach_id = c.id
        athlete_id = None
        if kind == "athlete":
            a = s.scalar(select(models.Athlete).where(models.Athlete.name == name))
            if a is None:
                a = models.Athlete(name=name)
                s.add(a)
                s.flush()
            athlete_id = a.id
        s.add(
            User(name=name, role=kind, password_hash=password_hash, coach_id=coach_id, athlete_id=athlete_id)
        )

    store.write(run)
    return next(u for u in users(store) if u.name == name)


def users(store: Log) -> list[UserInfo]:
    """Every account, coaches first, then by name."""
    C = aliased(User)
    with store.session() as s:
        counted = s.execute(select(ApiToken.user_id, func.count()).group_by(ApiToken.user_id))
        tokens: dict[int, int] = {uid: n for uid, n in counted}
        rows = s.execute(
            select(User, C.name).outerjoin(C, C.id == User.coach_id).order_by(User.role.desc(), User.name)
        ).all()
    coached: dict[str | None, list[str]] = {}
    for u, coach in rows:
        coached.setdefault(coach, []).append(u.name)
    return [
        UserInfo(
            u.name,
            check_role(u.role),
            coach,
            tuple(coached.get(u.name, ())) if u.role == "coach" else (),
            tokens.get(u.id, 0),
            u.created_at,
        )
        for u, coach in rows
    ]


def remove_user(store: Log, name: str) -> None:
    """Remove an account with its tokens and sessions. An athlete's log stays (`--athlete` reads it);
    a coach's athletes are left without a coach."""

    def run(s: Session) -> None:
        u = _user(s, name)
        if u is None:
            raise _no_such(name)
        s.execute(update(User).where(User.coach_id == u.id).values(coach_id=None))
        s.execute(delete(User).where(User.id == u.id))

    store.write(run)


def set_password(store: Log, name: str, password: str) -> None:
    """Change a password; every session of that user ends (tokens stay: revoke them apart)."""
    password_hash = credentials.hash_password(password)

    def run(s: Session) -> None:
        u = _user(s, name)
        if u is None:
            raise _no_such(name)
        u.password_hash = password_hash
        s.execute(delete(WebSession).where(WebSession.user_id == u.id))

    store.write(run)


def new_token(store: Log, name: str) -> str:
    """A new API token for the user: returned once, stored only as its sha256."""
    token = credentials.new_token()

    def run(s: Session) -> None:
        u = _user(s, name)
        if u is None:
            raise _no_such(name)
        s.add(ApiToken(user_id=u.id, token_sha256=credentials.digest(token), hint=token[:10]))

    store.write(run)
    return token


def revoke_tokens(store: Log, name: str) -> int:
    """Revoke every API token of the user; how many there were."""

    def run(s: Session) -> int:
        u = _user(s, name)
        if u is None:
            raise _no_such(name)
        n = s.scalar(select(func.count()).select_from(ApiToken).where(ApiToken.user_id == u.id)) or 0
        s.execute(delete(ApiToken).where(ApiToken.user_id == u.id))
        return n

    return store.write(run)


def check_login(store: Log, name: str, password: str) -> Principal | None:
    """The user whose name and password these are, else None (as slow for an unknown name). A hash
    made with weaker parameters than today's is replaced."""
    with store.session() as s:
        u = _user(s, name) if name.strip() and len(name) <= MAX_NAME else None
    if u is None:
        credentials.verify_password(credentials.dummy_hash(), password)
        return None
    if not credentials.verify_password(u.password_hash, password):
        return None
    if credentials.needs_rehash(u.password_hash):
        fresh = credentials.hash_password(password)
        store.write(lambda s: s.execute(update(User).where(User.id == u.id).values(password_hash=fresh)))
    return principal_of(u)


def token_principal(store: Log, token: str, *, now: dt.datetime) -> Principal | None:
    """The user an API token belongs to, or None for an unknown or revoked one."""
    if not token.startswith(credentials.TOKEN_PREFIX) or len(token) > 200:
        return None
    sha = credentials.digest(token)
    with store.session() as s:
        row = s.execute(
            select(User, ApiToken.id, ApiToken.last_used_at)
            .join(ApiToken, ApiToken.user_id == User.id)
            .where(ApiToken.token_sha256 == sha)
        ).first()
    if row is None:
        return None
    u, token_id, last = row
    if last is None or now - last > dt.timedelta(minutes=5):  # a rough "last used", not a write per call
        used = update(ApiToken).where(ApiToken.id == token_id).values(last_used_at=now)
        store.write(lambda s: s.execute(used))
    return principal_of(u)
