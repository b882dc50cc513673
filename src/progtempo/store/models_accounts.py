"""The accounts' tables: users (coaches and athletes), API tokens, web sessions, login attempts.

An athlete user IS an athlete of the log (`users.athlete_id`, one to one, same name): their runs,
schedules and results are that athlete's rows, the ones `--athlete NAME` reads on the command line.
A coach is not an athlete of the log; they reach their athletes through `users.coach_id`. Secrets are
never stored: a password as its argon2 hash, a token or a session cookie as its sha256 (they are 256
random bits, so a fast hash is enough to make a stolen table useless).
"""

from __future__ import annotations

from datetime import datetime

from sqlalchemy import Boolean, CheckConstraint, ForeignKey, Index, String
from sqlalchemy.orm import Mapped, mapped_column

from progtempo.store.base import Base, utc_now

ROLES = ("coach", "athlete")


class User(Base):
    """Someone who logs in: a coach, or an athlete (then `athlete_id` is their log)."""

    __tablename__ = "users"
    __table_args__ = (CheckConstraint("role IN ('coach', 'athlete')", name="role"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    name: Mapped[str] = mapped_column(String(200), unique=True)
    role: Mapped[str] = mapped_column(String(16))
    password_hash: Mapped[str] = mapped_column(String(200))
    #: an athlete's coach (None: no coach); removing the coach leaves the athlete without one
    coach_id: Mapped[int | None] = mapped_column(ForeignKey("users.id", ondelete="SET NULL"), index=True)
    #: an athlete user's log; removing the athlete's log (`delete_athlete`) removes the account too
    athlete_id: Mapped[int | None] = mapped_column(ForeignKey("athletes.id", ondelete="CASCADE"), unique=True)
    created_at: Mapped[datetime] = mapped_column(default=utc_now)


class ApiToken(Base):
    """An API token (`Authorization: Bearer …`), stored as its sha256; `hint` is its first characters."""

    __tablename__ = "api_tokens"

    id: Mapped[int] = mapped_column(primary_key=True)
    user_id: Mapped[int] = mapped_column(ForeignKey("users.id", ondelete="CASCADE"), index=True)
    token_sha256: Mapped[str] = mapped_column(String(64), unique=True)
    hint: Mapped[str] = mapped_column(String(16))
    created_at: Mapped[datetime] = mapped_column(default=utc_now)
    last_used_at: Mapped[datetime | None]


class WebSession(Base):
    """A logged-in browser: the cookie's sha256, its CSRF token, and when it ends.

    Kept in the database, so every server process (`serve --workers N`) knows it, and logging out or
    changing the password ends it everywhere.
    """

    __tablename__ = "web_sessions"

    id: Mapped[int] = mapped_column(primary_key=True)
    user_id: Mapped[int] = mapped_column(ForeignKey("users.id", ondelete="CASCADE"), index=True)
    token_sha256: Mapped[str] = mapped_column(String(64), unique=True)
    csrf_token: Mapped[str] = mapped_column(String(64))
    created_at: Mapped[datetime] = mapped_column(default=utc_now)
    expires_at: Mapped[datetime] = mapped_column(index=True)


class LoginAttempt(Base):
    """One try at logging in, by name and client address, for the rate limits (kept a day)."""

    __tablename__ = "login_attempts"
    __table_args__ = (
        Index("ix_login_attempts_name_at", "name", "at"),
        Index("ix_login_attempts_address_at", "address", "at"),
    )

    id: Mapped[int] = mapped_column(primary_key=True)
    name: Mapped[str] = mapped_column(String(200))
    address: Mapped[str] = mapped_column(String(64))
    ok: Mapped[bool] = mapped_column(Boolean)
    at: Mapped[datetime] = mapped_column(default=utc_now)
