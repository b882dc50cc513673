"""How much work one input may ask for, and how a user raises it.

A damaged or hostile file must not make progtempo run for hours or take the machine's memory: a
gzip that inflates to gigabytes, a zip of a million members, a distance counter that claims 40,000 km
(40,000 splits), a file of ten million records. Each limit is far beyond any real run (a 24-hour run
recorded every second is 86,400 records and 250 splits of 1 km) and is refused with a message naming
it and the environment variable that raises it. The CLI and the web read the variables once, in
`Config.resolve`; the library takes a `Limits` (defaults when not given).

The same object says which reader reads FIT and GPX files (`fit_decoder`, `gpx_reader`): the fast
readers by default, handing a file they decline to their oracle (`progtempo.io.oracle`); tests and bug
reports force one with PROGTEMPO_FIT_DECODER or PROGTEMPO_GPX_READER. It travels with the limits
because it goes everywhere they go: to every reader, in this process and in the import's workers.
"""

from __future__ import annotations

import re
from collections.abc import Mapping
from dataclasses import dataclass, fields, replace
from typing import Any

from progtempo.errors import ProgtempoError

_MB = 1 << 20


@dataclass(frozen=True)
class Limits:
    """The limits; the environment variable raising each is in `ENV`."""

    #: records in one activity (a week recorded every second is 604,800)
    max_records: int = 2_000_000
    #: splits of one analysis (10,000 splits of 1 km is 10,000 km)
    max_splits: int = 20_000
    #: bytes of one activity file once decompressed (a 24-hour TCX is about 60 MB)
    max_file_bytes: int = 256 * _MB
    #: members of one zip
    max_zip_members: int = 100_000
    #: bytes all the activity files of one zip inflate to, together
    max_zip_bytes: int = 64 * 1024 * _MB
    #: how many times larger than its compressed size a file larger than RATIO_FLOOR_BYTES may inflate
    max_ratio: int = 100
    #: which reader decodes FIT: "auto" (the fast decoder, fitdecode where it declines), "fast", "fitdecode"
    fit_decoder: str = "auto"
    #: which reader reads GPX: "auto" (the lxml reader, gpxpy where it declines), "fast", "gpxpy"
    gpx_reader: str = "auto"

    def records_problem(self, n: int) -> str | None:
        """Why an activity of `n` records is refused (over `max_records`), or None."""
        if n <= self.max_records:
            return None
        return (
            f"{n:,} records, more than the limit of {self.max_records:,} (is it really one activity? "
            f"raise the limit with {ENV['max_records']}={n})"
        )

    def splits_problem(self, n: int, what: str) -> str | None:
        """Why an analysis of `n` splits (`what` says of what) is refused (over `max_splits`), or None."""
        if n <= self.max_splits:
            return None
        return (
            f"{what} makes {n:,} splits, more than the limit of {self.max_splits:,}: use longer splits "
            f"(--split), or raise the limit with {ENV['max_splits']}={n}"
        )

    def inflated_problem(self, size: int, packed: int) -> str | None:
        """Why a file of `packed` bytes that inflates to at least `size` bytes is refused, or None:
        over `max_file_bytes`, or (past RATIO_FLOOR_BYTES) more than `max_ratio` times its packed size."""
        if size > self.max_file_bytes:
            return (
                f"it inflates to more than {_size(self.max_file_bytes)}, the limit for one activity file "
                f"(a zip bomb? raise the limit with {ENV['max_file_bytes']}=…)"
            )
        if size > RATIO_FLOOR_BYTES and packed > 0 and size > self.max_ratio * packed:
            return (
                f"{_size(packed)} that inflate to more than {_size(size)}, over {self.max_ratio} times: "
                f"a zip bomb, not an activity (raise the limit with {ENV['max_ratio']}=…)"
            )
        return None


#: Files that inflate to less than this are never refused for their ratio (a flat treadmill GPX packs well).
RATIO_FLOOR_BYTES = 16 * _MB

ENV = {
    "max_records": "PROGTEMPO_MAX_RECORDS",
    "max_splits": "PROGTEMPO_MAX_SPLITS",
    "max_file_bytes": "PROGTEMPO_MAX_FILE_BYTES",
    "max_zip_members": "PROGTEMPO_MAX_ZIP_MEMBERS",
    "max_zip_bytes": "PROGTEMPO_MAX_ZIP_BYTES",
    "max_ratio": "PROGTEMPO_MAX_RATIO",
    "fit_decoder": "PROGTEMPO_FIT_DECODER",
    "gpx_reader": "PROGTEMPO_GPX_READER",
}
#: the readers each choice may name (besides "auto" and "fast"), and what they are
READERS = {"fit_decoder": ("fitdecode", "FIT decoder"), "gpx_reader": ("gpxpy", "GPX reader")}

_NUMBER = re.compile(r"^\s*(\d+(?:\.\d+)?)\s*([kmgt]?)i?b?\s*$", re.IGNORECASE)
_SCALE = {"": 1, "k": 1 << 10, "m": 1 << 20, "g": 1 << 30, "t": 1 << 40}


def from_env(environ: Mapping[str, str]) -> Limits:
    """The limits with any the environment raises (or lowers): `PROGTEMPO_MAX_SPLITS=50000`,
    `PROGTEMPO_MAX_FILE_BYTES=2G`; and the readers it forces (`PROGTEMPO_FIT_DECODER=fitdecode`)."""
    values: dict[str, Any] = {}  # the numbers, by field name
    for f in fields(Limits):
        text = environ.get(ENV[f.name])
        if f.name in READERS or text is None or not text.strip():
            continue
        m = _NUMBER.match(text)
        if not m:
            raise ProgtempoError(
                f"{ENV[f.name]}={text!r} is not a number: give e.g. {ENV[f.name]}=50000 (k, M, G work)"
            )
        value = int(float(m.group(1)) * _SCALE[m.group(2).lower()])
        if value < 1:
            raise ProgtempoError(f"{ENV[f.name]}={text!r}: give a number of at least 1")
        values[f.name] = value
    return replace(
        Limits(**values),
        fit_decoder=_reader(environ, "fit_decoder"),
        gpx_reader=_reader(environ, "gpx_reader"),
    )


def _reader(environ: Mapping[str, str], name: str) -> str:
    """The reader the environment forces for `name` ("auto" when it forces none), checked."""
    oracle, kind = READERS[name]
    choice = environ.get(ENV[name], "").strip().lower() or "auto"
    if choice not in ("auto", "fast", oracle):
        raise ProgtempoError(f"{ENV[name]}={choice!r} is not a {kind}: use {oracle} or fast (or unset it)")
    return choice


def _size(n: int) -> str:
    if n >= 1 << 30:
        return f"{n / (1 << 30):.1f} GB"
    if n >= _MB:
        return f"{n / _MB:.0f} MB"
    return f"{n:,} bytes"


DEFAULT = Limits()
