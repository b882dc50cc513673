"""What an import is asked to read: the activity files under paths, or in uploaded bytes.

Nothing is parsed here: a `Scan` lists the sources (a file, a member of a zip, or bytes in memory) with
what a Strava export's activities.csv says about each, and what was set aside (manual entries, other
files, a zip that is not one).
"""

from __future__ import annotations

import os
from collections.abc import Iterable
from dataclasses import dataclass, field
from pathlib import Path

from progtempo.errors import ActivityReadError, ProgtempoError
from progtempo.io.strava_export import activity_format, read_export
from progtempo.limits import Limits


@dataclass(frozen=True)
class Source:
    """One activity file to import: a path, a member of a zip, or an upload's bytes (`data`)."""

    path: str
    member: str | None = None
    name: str | None = None
    sport: str | None = None
    external_id: str | None = None
    data: bytes | None = field(default=None, repr=False, compare=False)
    shown_as: str | None = None  # the name the user knows the file (or zip) by, when `path` is a temp file

    @property
    def label(self) -> str:
        """How the file is named in messages and in `activities.source`."""
        base = self.shown_as or self.path
        return f"{base}:{self.member}" if self.member else base

    @property
    def file_name(self) -> str:
        """The file's own name (the zip member's, else the path's last part)."""
        return Path(self.member or self.path).name


@dataclass(frozen=True)
class Upload:
    """An uploaded file: its name as the user's browser gave it, and its bytes, or the path of the file
    it was staged to (read in place, when its turn comes). A .zip is read as an export."""

    name: str
    data: bytes | None = field(default=None, repr=False)
    path: Path | None = None

    def __post_init__(self) -> None:
        if (self.data is None) == (self.path is None):
            raise ValueError("an Upload has either data or a path")


@dataclass
class Scan:
    """What a set of paths holds: the activity files to import and what was set aside."""

    sources: list[Source] = field(default_factory=list)
    skipped: int = 0  # export rows with no file (manual entries)
    ignored: int = 0  # files that are not activity files (csv, jpg, …)
    failed: list[tuple[str, str]] = field(default_factory=list)


def scan(paths: Iterable[str | Path], limits: Limits | None = None) -> Scan:
    """Find every activity file under `paths` (files, folders recursively, zips); nothing is read yet.

    A path that does not exist is a usage error (ProgtempoError). A file given by name is tried whatever
    its extension; inside folders and zips only .fit/.gpx/.tcx (optionally .gz) count. A zip over the
    `limits` (members, total size), or that is no zip, is listed in `failed`; the rest go on.
    """
    out = Scan()
    for raw in paths:
        p = Path(raw)
        if not p.exists():
            raise ProgtempoError(
                f"{raw}: no such file or folder: check the path (give files, folders or zips)"
            )
        if p.is_dir():
            for root, dirs, files in os.walk(p):
                dirs.sort()
                for f in sorted(files):
                    add_file(out, Path(root) / f, explicit=False, limits=limits)
        else:
            add_file(out, p, explicit=True, limits=limits)
    return out


def add_file(out: Scan, p: Path, *, explicit: bool, limits: Limits | None = None) -> None:
    """Add one file: a zip's activities, an activity file, or count it as ignored."""
    if p.name.lower().endswith(".zip"):
        add_zip(out, p, limits=limits)
    elif explicit or activity_format(p.name):
        out.sources.append(Source(path=str(p)))
    else:
        out.ignored += 1


def add_zip(out: Scan, p: Path, label: str | None = None, limits: Limits | None = None) -> None:
    """Add the activities of a zip (a Strava bulk export, or any zip of activity files); what the zip
    holds but can't be used (a nested zip, an unreadable activities.csv) is listed in `failed`."""
    shown = label or str(p)
    try:
        export = read_export(p, limits)
    except ActivityReadError as exc:
        out.failed.append((shown, exc.reason))
        return
    out.failed += [(f"{shown}:{member}", why) for member, why in export.problems]
    out.skipped += len(export.manual)
    out.ignored += export.ignored
    for e in export.missing:
        out.failed.append(
            (f"{shown}:{e.member}", "listed in activities.csv but not in the zip: re-download the export")
        )
    for e in export.entries:
        out.sources.append(
            Source(
                path=str(p),
                member=e.member,
                name=e.name,
                sport=e.sport,
                external_id=e.activity_id,
                shown_as=label,
            )
        )


def upload_name(name: str) -> str:
    """An upload's file name without any folder part (a browser may send `C:\\x\\run.fit` or `../x`)."""
    base = name.replace("\\", "/").rsplit("/", 1)[-1].strip()
    return base or "upload"
