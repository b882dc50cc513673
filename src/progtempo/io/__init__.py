"""Readers: bytes from FIT, GPX and TCX files (gzipped or not) into an Activity.

`read_activity` sniffs the format from the bytes (never the name), gunzips `.gz`, opens a `.zip`
holding one activity file, and raises `ActivityReadError` (one clear line) for anything it cannot
read. Each format's parser is imported only when a file of that format is read.
"""

from __future__ import annotations

import os
from typing import TYPE_CHECKING

from progtempo.errors import ActivityReadError
from progtempo.io.sniff import sniff

if TYPE_CHECKING:
    from pathlib import Path

    from progtempo.activity import Activity

__all__ = ["ActivityReadError", "read_activity", "sniff"]

_ACTIVITY_SUFFIXES = (".fit", ".gpx", ".tcx", ".fit.gz", ".gpx.gz", ".tcx.gz")


def read_activity(
    path: str | Path,
    *,
    data: bytes | None = None,
    name: str | None = None,
    session: int | None = None,
    repair: bool = False,
) -> Activity:
    """Read one activity file (FIT, GPX, TCX; gzipped or not) into an Activity.

    `data` gives the bytes directly (then `path` only names the source); `name` overrides the name
    shown in messages; `session` picks one session (1-based) of a multisport FIT file. `repair` reads a
    FIT file whose header was never finalised (data size 0) instead of refusing it.
    """
    source = name or _file_name(path) or str(path)
    if data is None:
        data = _read_bytes(path, source)
    warnings: list[str] = []
    data = _unpack(data, source, warnings)
    fmt = sniff(data, source)
    try:
        activity = _parse(fmt, data, source, session, repair)
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
    activity.source = source
    activity.format = fmt
    activity.warnings[:0] = warnings
    if len(activity) < 2:
        raise ActivityReadError(
            source, f"only {len(activity)} point(s) with a time: nothing to analyse (is this a recorded run?)"
        )
    return activity


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


def _read_bytes(path: str | Path, source: str) -> bytes:
    """The file's bytes, as `Path(path).read_bytes()`; ActivityReadError saying what went wrong."""
    from_path = path if _plain(path) else _as_path(path)
    try:
        with open(from_path, "rb") as f:
            return f.read()
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


def _unpack(data: bytes, source: str, warnings: list[str]) -> bytes:
    """Gunzip (keeping what decompresses before damage) and open a zip holding one activity file."""
    from progtempo.io.sniff import ZIP_MAGIC, is_gzip

    if is_gzip(data):
        import zlib

        d = zlib.decompressobj(wbits=31)
        try:
            out = d.decompress(data)
        except zlib.error as exc:
            raise ActivityReadError(
                source, f"it is gzip-compressed but the compressed data is corrupt ({exc}); download it again"
            ) from None
        if not d.eof:
            if not out:
                raise ActivityReadError(
                    source, "the gzip file is cut short before any data; download it again"
                )
            warnings.append(
                f"the gzip file is cut short: read the {len(out):,} bytes that decompress before the damage"
            )
        return out
    if data.startswith(ZIP_MAGIC):
        import io
        import zipfile

        try:
            with zipfile.ZipFile(io.BytesIO(data)) as zf:
                members = [
                    i
                    for i in zf.infolist()
                    if not i.is_dir() and i.filename.lower().endswith(_ACTIVITY_SUFFIXES)
                ]
                if len(members) != 1:
                    names = ", ".join(i.filename for i in zf.infolist()[:5]) or "nothing"
                    raise ActivityReadError(
                        source,
                        f"a ZIP archive holding {len(members)} activity files ({names}); "
                        "unzip it and name one file",
                    )
                inner = zf.read(members[0])
        except zipfile.BadZipFile as exc:
            raise ActivityReadError(source, f"a damaged ZIP archive ({exc}); unzip it by hand") from None
        return _unpack(inner, source, warnings)
    return data


def _parse(fmt: str, data: bytes, source: str, session: int | None, repair: bool = False) -> Activity:
    if fmt == "fit":
        from progtempo.io.fit import read_fit

        return read_fit(data, source, session=session, repair=repair)
    if session not in (None, 1) and fmt == "gpx":
        raise ActivityReadError(source, f"there is no session {session}: a GPX file holds one activity")
    if fmt == "gpx":
        from progtempo.io.gpx import read_gpx

        return read_gpx(data, source)
    from progtempo.io.tcx import read_tcx

    return read_tcx(data, source, session=session)
