"""Readers: bytes from FIT, GPX and TCX files (gzipped or not) into Activities.

`read_activities` gives every activity a file holds (the sessions of a multisport or chained FIT, the
activities of a TCX, the one of a GPX); `read_activity` the one to analyse (both in `io/read.py`). Both
sniff the format from the bytes (never the name, `io/sniff.py`), gunzip `.gz`, open a `.zip` holding
one activity file (`io/archive.py`), mend a broken clock (`io/clock.py`) and raise `ActivityReadError`
(one clear line) for anything they cannot read. Each format's parser is imported only when a file of
that format is read.
"""

from __future__ import annotations

from progtempo.errors import ActivityReadError
from progtempo.io.read import read_activities, read_activity
from progtempo.io.sessions import describe_sessions, pick_session
from progtempo.io.sniff import sniff

__all__ = [
    "ActivityReadError",
    "describe_sessions",
    "pick_session",
    "read_activities",
    "read_activity",
    "sniff",
]
