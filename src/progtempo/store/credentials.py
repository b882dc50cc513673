"""Secrets: argon2 password hashes, random tokens and the sha256 they are stored as.

Passwords are hashed with argon2id (argon2-cffi, its default cost: about 50 ms and 64 MiB here), so a
stolen table of hashes is slow to attack. API tokens and session cookies are 256 random bits; they are
stored as their sha256, which is enough for a secret nobody chose (nothing to guess from a dictionary)
and fast to look up on every request. No function here logs or returns a secret it was given.
"""

from __future__ import annotations

import hashlib
import secrets
from functools import lru_cache
from typing import TYPE_CHECKING

from progtempo.errors import ProgtempoError

if TYPE_CHECKING:
    from argon2 import PasswordHasher

#: the shortest password an account takes, and the longest (argon2 would take more; nobody types it)
MIN_PASSWORD, MAX_PASSWORD = 8, 1024
#: the prefix that marks an API token (so a leaked one is recognisable in a log or a scanner)
TOKEN_PREFIX = "pt_"


@lru_cache(maxsize=1)
def hasher() -> PasswordHasher:
    """The argon2id hasher (argon2-cffi's recommended parameters)."""
    try:
        from argon2 import PasswordHasher
    except ModuleNotFoundError:
        raise ProgtempoError(
            "accounts need argon2-cffi (the web extra): pip install 'progtempo[web]'"
        ) from None
    return PasswordHasher()


def check_password(password: str) -> str:
    """The password if an account may use it, else a ProgtempoError saying what is wrong with it."""
    if len(password) < MIN_PASSWORD:
        raise ProgtempoError(f"the password is shorter than {MIN_PASSWORD} characters: choose a longer one")
    if len(password) > MAX_PASSWORD:
        raise ProgtempoError(f"the password is longer than {MAX_PASSWORD} characters")
    return password


def hash_password(password: str) -> str:
    """The argon2id hash of a password that passes `check_password`."""
    return hasher().hash(check_password(password))


def verify_password(password_hash: str, password: str) -> bool:
    """Whether `password` is the one `password_hash` was made from (never raises for a wrong one)."""
    from argon2.exceptions import InvalidHashError, VerificationError, VerifyMismatchError

    if len(password) > MAX_PASSWORD:
        return False
    try:
        return hasher().verify(password_hash, password)
    except (VerifyMismatchError, VerificationError, InvalidHashError):
        return False


def needs_rehash(password_hash: str) -> bool:
    """Whether a hash was made with weaker parameters than today's (then it is replaced at login)."""
    return hasher().check_needs_rehash(password_hash)


@lru_cache(maxsize=1)
def dummy_hash() -> str:
    """A hash to verify against when the name is unknown, so a login takes as long either way."""
    return hasher().hash(secrets.token_urlsafe(16))


def new_secret() -> str:
    """256 random bits, URL-safe (a session cookie, a CSRF token)."""
    return secrets.token_urlsafe(32)


def new_token() -> str:
    """A new API token: the prefix and 256 random bits."""
    return TOKEN_PREFIX + new_secret()


def digest(secret: str) -> str:
    """The sha256 (hex) a token or cookie is stored and looked up as."""
    return hashlib.sha256(secret.encode("utf-8", "surrogatepass")).hexdigest()


def same(a: str, b: str) -> bool:
    """Constant-time equality of two secrets."""
    return secrets.compare_digest(a.encode("utf-8", "surrogatepass"), b.encode("utf-8", "surrogatepass"))
