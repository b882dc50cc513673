"""Reading an activity file: the bytes, unpacked from gzip or a zip, sniffed and parsed into Activities.

`read_activities` gives every activity a file holds (the sessions of a multisport or chained FIT, the
activities of a TCX, the one of a GPX); `read_activity` the one to analyse. Both sniff the format from
the bytes (never the name), gunzip `.gz`, open a `.zip` holding one activity file, mend a broken
clock (`io/clock.py`) and raise `ActivityReadError` (one clear line) for anything they cannot read.
Each format's parser is imported only when a file of that format is read.
"""

from __future__ import annotations

import os
from typing import TYPE_CHECKING

from progtempo.errors import ActivityReadError
from progtempo.io.sessions import pick_session
from progtempo.io.sniff import sniff

if TYPE_CHECKING:
    from pathlib import Path

    from progtempo.activity import Activity
    from progtempo.limits import Limits

_ACTIVITY_SUFFIXES = (".fit", ".gpx", ".tcx", ".fit.gz", ".gpx.gz", ".tcx.gz")


def read_activities(
    path: str | Path,
    *,
    data: bytes | None = None,
    name: str | None = None,
    repair: bool = False,
    limits: Limits | None = None,
) -> list[Activity]:
    """Every activity a file holds, in the order of the file: one per session of a FIT file (the legs of
    a multisport or chained file, transitions included, each sliced to its own records, laps and
    pauses), one per `<Activity>` of a TCX file, the one of a GPX file.

    Each has its `session_index` (1-based, as `--session N` counts) and `session_count`; the legs of a
    multisport FIT are marked `multisport`. Arguments as for `read_activity`.
    """
    from progtempo.limits import DEFAULT

    limits = limits or DEFAULT
    source = name or _file_name(path) or str(path)
    if data is None:
        data = _read_bytes(path, source, limits.max_file_bytes)
    warnings: list[str] = []
    data = _unpack(data, source, warnings, limits)
    fmt = sniff(data, source)
    try:
        activities = _parse(fmt, data, source, limits, repair)
    except ActivityReadError:
        raise
    except (MemoryError, RecursionError) as exc:
        raise ActivityReadError(
            source, f"too large or too deeply nested to read ({type(exc).__name__})"
        ) from exc
    except Exception as exc:
        raise ActivityReadError(
            source,
            f"could not read this {fmt.upper()} file ({type(exc).__name__}: {exc}); it may be damaged - "
            "export it again, or rerun with --debug and report it",
        ) from exc
    from progtempo.io.clock import fix_clock

    kept: list[Activity] = []
    for activity in activities:
        activity.source = source
        activity.format = fmt
        activity.warnings[:0] = warnings
        if len(activity) >= 2:
            kept.append(fix_clock(activity))
    if not kept:
        n = len(activities[0]) if len(activities) == 1 else 0
        raise ActivityReadError(
            source, f"only {n} point(s) with a time: nothing to analyse (is this a recorded run?)"
        )
    return kept


def read_activity(
    path: str | Path,
    *,
    data: bytes | None = None,
    name: str | None = None,
    session: int | None = None,
    repair: bool = False,
    limits: Limits | None = None,
) -> Activity:
    """Read one activity file (FIT, GPX, TCX; gzipped or not) into an Activity.

    `data` gives the bytes directly (then `path` only names the source); `name` overrides the name
    shown in messages; `session` picks one activity (1-based) of a file holding several (a multisport
    or chained FIT, a TCX of several days). Without it, a file of several activities gives its only
    running one, with a warning listing the others; with no running one, or more than one, it is an
    error listing them. `repair` reads a FIT file whose header was never finalised (data size 0)
    instead of refusing it. `limits` bounds the bytes read and inflated (`progtempo.limits`; the
    defaults when None).
    """
    activities = read_activities(path, data=data, name=name, repair=repair, limits=limits)
    return pick_session(activities, session)


def _plain(path: str | Path) -> bool:
    """A POSIX path string that pathlib would not rewrite in a way the file system sees (no trailing
    slash or `/.`, not empty): it can be opened and named with os.path, sparing pathlib's import."""
    return (
        isinstance(path, str) and os.sep == "/" and path not in ("", ".") and not path.endswith(("/", "/."))
    )


def _file_name(path: str | Path) -> str:
    """`Path(path).name`."""
    if _plain(path):
        return os.path.basename(path)
    from pathlib import Path

    return Path(path).name


def _read_bytes(path: str | Path, source: str, limit: int | None = None) -> bytes:
    """The file's bytes, as `Path(path).read_bytes()`, at most `limit` of them (default: the default
    limit for one activity file); ActivityReadError saying what went wrong."""
    from progtempo.io.archive import read_bounded
    from progtempo.limits import DEFAULT

    limit = DEFAULT.max_file_bytes if limit is None else limit

    from_path = path if _plain(path) else _as_path(path)
    try:
        with open(from_path, "rb") as f:
            return read_bounded(f, limit, source, "the file")
    except OSError as exc:
        shown = _as_path(path)  # messages name the path as pathlib writes it
        if isinstance(exc, FileNotFoundError):
            raise ActivityReadError(source, f"no such file: {shown} (check the path)") from None
        if isinstance(exc, IsADirectoryError):
            raise ActivityReadError(
                source, f"{shown} is a folder, not a file; name one activity file"
            ) from None
        if isinstance(exc, PermissionError):
            raise ActivityReadError(source, f"permission denied reading {shown}") from None
        raise ActivityReadError(source, f"cannot read {shown}: {exc.strerror or exc}") from None


def _as_path(path: str | Path) -> Path:
    from pathlib import Path

    return Path(path)


def _unpack(data: bytes, source: str, warnings: list[str], limits: Limits, depth: int = 0) -> bytes:
    """Gunzip (keeping what decompresses before a cut) and open a zip holding one activity file, each
    inflated within `limits`; a zip inside a zip (or deeper nesting) is refused, not followed."""
    from progtempo.io.archive import gunzip
    from progtempo.io.sniff import ZIP_MAGIC, is_gzip

    if is_gzip(data):
        out, whole = gunzip(data, source, limits, partial=True)
        if not whole:
            warnings.append(
                f"the gzip file is cut short: read the {len(out):,} bytes that decompress before the damage"
            )
        return out
    if data.startswith(ZIP_MAGIC):
        if depth:
            raise ActivityReadError(
                source, "a ZIP archive inside another: unzip them and name the activity file"
            )
        return _unzip(data, source, warnings, limits)
    return data


def _unzip(data: bytes, source: str, warnings: list[str], limits: Limits) -> bytes:
    import io
    import zipfile

    from progtempo.io.archive import read_member

    try:
        with zipfile.ZipFile(io.BytesIO(data)) as zf:
            infos = zf.infolist()
            members = [i for i in infos if not i.is_dir() and i.filename.lower().endswith(_ACTIVITY_SUFFIXES)]
            if len(members) != 1:
                nested = [i.filename for i in infos if i.filename.lower().endswith(".zip")]
                if not members and nested:
                    raise ActivityReadError(
                        source,
                        f"a ZIP archive inside another ({nested[0]}): unzip them and name the activity file",
                    )
                names = ", ".join(i.filename for i in infos[:5]) or "nothing"
                raise ActivityReadError(
                    source,
                    f"a ZIP archive holding {len(members)} activity files ({names}); "
                    "unzip it and name one file",
                )
            inner = read_member(zf, members[0], source, limits)
    except zipfile.BadZipFile as exc:
        raise ActivityReadError(source, f"a damaged ZIP archive ({exc}); unzip it by hand") from None
    return _unpack(inner, source, warnings, limits, depth=1)


def _parse(fmt: str, data: bytes, source: str, limits: Limits, repair: bool = False) -> list[Activity]:
    if fmt == "fit":
        from progtempo.io.fit.read import read_fit_sessions

        return read_fit_sessions(data, source, repair=repair, decoder=limits.fit_decoder)
    if fmt == "gpx":
        from progtempo.io.gpx import read_gpx

        return [read_gpx(data, source, limits.gpx_reader)]
    from progtempo.io.tcx import read_tcx

    return read_tcx(data, source)
