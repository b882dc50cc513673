"""The fast readers and their oracles: one way for a fast reader to decline and hand a file over.

FIT and GPX each have two readers: a fast one of our own and a slower library that is the oracle
(fitdecode, gpxpy). The fast reader must give exactly what the oracle gives; where it meets something
it does not copy exactly, it raises `Declined` and the oracle reads the file. An environment variable
(`PROGTEMPO_FIT_DECODER`, `PROGTEMPO_GPX_READER`) may force one: the oracle's name, or `fast` (the fast
reader alone: a decline is then an error, so tests comparing the two compare what they say).
"""

from __future__ import annotations

import os
from collections.abc import Callable
from typing import TypeVar

from progtempo.errors import ProgtempoError

T = TypeVar("T")


class Declined(Exception):
    """The fast reader does not copy the oracle on this input: the oracle reads it."""


def fast_or_oracle(
    env: str, kind: str, oracle_name: str, fast: Callable[[], T], oracle: Callable[[], T]
) -> T:
    """Read with the reader `env` names (`oracle_name` or `fast`); unset (or `auto`), with the fast
    reader, handing over to `oracle` when it declines or cannot be imported."""
    choice = os.environ.get(env, "").strip().lower()
    if choice == oracle_name:
        return oracle()
    if choice == "fast":
        return fast()
    if choice not in ("", "auto"):
        raise ProgtempoError(f"{env}={choice!r} is not a {kind}: use {oracle_name} or fast (or unset it)")
    try:
        return fast()
    except (Declined, ImportError):
        return oracle()
