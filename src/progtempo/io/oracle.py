"""The fast readers and their oracles: one way for a fast reader to decline and hand a file over.

FIT and GPX each have two readers: a fast one of our own and a slower library that is the oracle
(fitdecode, gpxpy). The fast reader must give exactly what the oracle gives; where it meets something
it does not copy exactly, it raises `Declined` and the oracle reads the file. The caller may force one
(`Limits.fit_decoder`, `Limits.gpx_reader`, which the CLI and the web take from PROGTEMPO_FIT_DECODER
and PROGTEMPO_GPX_READER): the oracle's name, or `fast` (the fast reader alone: a decline is then an
error, so tests comparing the two compare what they say).
"""

from __future__ import annotations

from collections.abc import Callable
from typing import TypeVar

from progtempo.errors import ProgtempoError

T = TypeVar("T")


class Declined(Exception):
    """The fast reader does not copy the oracle on this input: the oracle reads it."""


def fast_or_oracle(
    choice: str, kind: str, oracle_name: str, fast: Callable[[], T], oracle: Callable[[], T]
) -> T:
    """Read with the reader `choice` names (`oracle_name` or `fast`); with `auto`, with the fast
    reader, handing over to `oracle` when it declines or cannot be imported."""
    if choice == oracle_name:
        return oracle()
    if choice == "fast":
        return fast()
    if choice != "auto":
        raise ProgtempoError(f"{choice!r} is not a {kind}: use auto, fast or {oracle_name}")
    try:
        return fast()
    except (Declined, ImportError):
        return oracle()
