"""Strava bulk-export zips: `activities.csv` for names, types and dates, and the activity files it points to.

The csv repeats column names (`Elapsed Time`, `Distance` appear twice, with different units), so it is
read with `csv.reader` and each wanted column is taken at its first occurrence. Members are read one at
a time from the zip, never the whole archive; FIT and TCX are gzipped, GPX usually plain. Rows with no
file (manual entries) are counted, not imported. Media and profile files are ignored.
"""

from __future__ import annotations

import csv
import io
import zipfile
from collections.abc import Iterator
from dataclasses import dataclass, field, replace
from datetime import UTC, datetime
from pathlib import Path

from progtempo.errors import ActivityReadError
from progtempo.io.archive import read_member
from progtempo.limits import DEFAULT, ENV, Limits

ACTIVITY_EXTS = ("fit", "gpx", "tcx")

#: Strava's activity types as the sport names the readers use
STRAVA_SPORTS = {
    "run": "running",
    "trail run": "trail_running",
    "virtual run": "treadmill_running",
    "walk": "walking",
    "hike": "hiking",
    "ride": "cycling",
    "virtual ride": "cycling",
    "e-bike ride": "cycling",
    "mountain bike ride": "cycling",
    "gravel ride": "cycling",
    "swim": "swimming",
    "workout": "training",
    "weight training": "training",
}

_DATE_FORMATS = ("%b %d, %Y, %I:%M:%S %p", "%b %d, %Y, %H:%M:%S", "%Y-%m-%d %H:%M:%S", "%Y-%m-%dT%H:%M:%SZ")


def activity_format(name: str) -> str | None:
    """`fit`, `gpx` or `tcx` when the file name says it is an activity file (also `.fit.gz`), else None."""
    low = name.lower()
    if low.endswith(".gz"):
        low = low[:-3]
    ext = low.rsplit(".", 1)[-1] if "." in low else ""
    return ext if ext in ACTIVITY_EXTS else None


def strava_sport(activity_type: str | None) -> str | None:
    """A Strava `Activity Type` (Run, Trail Run, Ride…) as a sport name, or None when blank."""
    if not activity_type or not activity_type.strip():
        return None
    key = activity_type.strip().lower()
    return STRAVA_SPORTS.get(key, key.replace(" ", "_").replace("-", "_"))


def parse_strava_date(text: str) -> datetime | None:
    """`Mar 1, 2026, 8:00:00 AM` (UTC, as Strava writes it) to a datetime, or None if unreadable."""
    t = " ".join(text.split())
    for fmt in _DATE_FORMATS:
        try:
            return datetime.strptime(t, fmt).replace(tzinfo=UTC)
        except ValueError:
            continue
    return None


@dataclass(frozen=True)
class StravaEntry:
    """One activity in the export: its file inside the zip (None for a manual entry) and its metadata."""

    member: str | None
    activity_id: str | None = None
    name: str | None = None
    activity_type: str | None = None
    date: datetime | None = None

    @property
    def sport(self) -> str | None:
        return strava_sport(self.activity_type)


@dataclass
class StravaExport:
    """What a zip holds: activity entries with files, manual entries (no file), ignored members, and
    members or a csv that could not be used (`problems`: (what, why), for the import's failed list)."""

    path: Path
    entries: list[StravaEntry] = field(default_factory=list)
    manual: list[StravaEntry] = field(default_factory=list)
    missing: list[StravaEntry] = field(default_factory=list)  # listed in the csv, file absent from the zip
    ignored: int = 0
    has_csv: bool = False
    problems: list[tuple[str, str]] = field(default_factory=list)


#: activities.csv may be this share of the limit for one activity file (128 MB by default: a csv of a
#: 10,000-activity export is about 15 MB).
CSV_SHARE = 4
#: The csv columns read, and other names a hand-made or re-saved csv may give them.
COLUMNS = {
    "filename": ("filename", "file name", "file", "activity file"),
    "activity id": ("activity id", "id", "activity_id"),
    "activity name": ("activity name", "name", "title", "activity_name"),
    "activity type": ("activity type", "type", "sport", "activity_type"),
    "activity date": ("activity date", "date", "start time", "start date", "activity_date"),
}


def _first_index(header: list[str]) -> dict[str, int]:
    """Each wanted column's index (its first occurrence, by its name or another name for it)."""
    seen: dict[str, int] = {}
    for i, col in enumerate(header):
        seen.setdefault(" ".join(col.strip().lstrip("\ufeff").lower().split()), i)
    index: dict[str, int] = {}
    for key, names in COLUMNS.items():
        for name in names:
            if name in seen:
                index[key] = seen[name]
                break
    return index


def _cell(row: list[str], index: dict[str, int], col: str) -> str | None:
    i = index.get(col)
    if i is None or i >= len(row):
        return None
    v = row[i].strip()
    return v or None


def _norm(member: str) -> str:
    return member.strip().lstrip("./").replace("\\", "/").lower()


def decode_csv(raw: bytes) -> str:
    """The csv's text: UTF-8 (with or without a BOM), UTF-16 or UTF-32 by their BOM, else Windows-1252
    (what a spreadsheet saves on Windows), else Latin-1, which reads any bytes."""
    import codecs

    for bom, encoding in ((codecs.BOM_UTF32_LE, "utf-32"), (codecs.BOM_UTF32_BE, "utf-32"),
                          (codecs.BOM_UTF8, "utf-8-sig"), (codecs.BOM_UTF16_LE, "utf-16"),
                          (codecs.BOM_UTF16_BE, "utf-16")):  # fmt: skip
        if raw.startswith(bom):
            try:
                return raw.decode(encoding)
            except UnicodeDecodeError:
                break
    for encoding in ("utf-8", "cp1252"):
        try:
            return raw.decode(encoding)
        except UnicodeDecodeError:
            continue
    return raw.decode("latin-1")


def read_export(path: str | Path, limits: Limits | None = None) -> StravaExport:
    """The index of a Strava export (or any zip of activity files): one entry per activity file.

    Raises ActivityReadError when the zip cannot be opened, has more members than `limits` allow, or
    its activity files inflate to more than they allow together. Activity files in the zip that the csv
    does not list are included without metadata, so a plain zip of FIT files imports too; so are all of
    them when the csv can't be read (a problem is noted). A zip inside the zip is noted, not opened.
    """
    limits = limits or DEFAULT
    p = Path(path)
    out = StravaExport(path=p)
    try:
        with zipfile.ZipFile(p) as z:
            infos = z.infolist()
            if len(infos) > limits.max_zip_members:
                raise ActivityReadError(
                    str(p),
                    f"{len(infos):,} members, more than the limit of {limits.max_zip_members:,} "
                    f"(raise it with {ENV['max_zip_members']}={len(infos)})",
                )
            files = [i for i in infos if not i.is_dir()]
            total = sum(i.file_size for i in files if activity_format(i.filename))
            if total > limits.max_zip_bytes:
                raise ActivityReadError(
                    str(p),
                    f"its activity files inflate to {total / 2**30:.1f} GB, more than the limit of "
                    f"{limits.max_zip_bytes / 2**30:.1f} GB (raise it with {ENV['max_zip_bytes']}=…)",
                )
            names = [i.filename for i in files]
            by_norm = {_norm(n): n for n in names}
            listed: set[str] = set()
            csvs = sorted((n for n in names if _norm(n).rsplit("/", 1)[-1] == "activities.csv"), key=len)
            csv_name = csvs[0] if csvs else None
            prefix = csv_name[: -len("activities.csv")] if csv_name else ""  # an export re-zipped in a folder
            if csv_name is not None:
                out.has_csv = True
                _read_csv(z, z.getinfo(csv_name), prefix, by_norm, listed, out, limits)
            for info in files:
                n = info.filename
                if n in listed or n == csv_name:
                    continue
                if activity_format(n):
                    out.entries.append(StravaEntry(member=n))
                elif n.lower().endswith(".zip"):
                    out.problems.append((n, "a zip inside the zip: unzip it and import what it holds"))
                else:
                    out.ignored += 1
    except ActivityReadError:
        raise
    except (zipfile.BadZipFile, OSError, EOFError, ValueError) as exc:
        raise ActivityReadError(str(p), f"not a readable zip ({exc}): re-download the export") from None
    return out


def _read_csv(
    z: zipfile.ZipFile,
    info: zipfile.ZipInfo,
    prefix: str,
    by_norm: dict[str, str],
    listed: set[str],
    out: StravaExport,
    limits: Limits,
) -> None:
    """Add the entries activities.csv lists; a csv that can't be read (or only partly) is noted in
    `out.problems`, and the files it doesn't list go in without names."""
    small = replace(limits, max_file_bytes=limits.max_file_bytes // CSV_SHARE)
    try:
        rows = csv.reader(io.StringIO(decode_csv(read_member(z, info, info.filename, small)), newline=""))
        header = next(rows, [])
    except (ActivityReadError, csv.Error) as exc:
        why = exc.reason if isinstance(exc, ActivityReadError) else f"{exc}"
        out.problems.append((info.filename, f"unreadable ({why}): its activity files go in without names"))
        return
    index = _first_index(header)
    if "filename" not in index:
        out.problems.append(
            (info.filename, "no Filename column: its activity files go in without names from it")
        )
        return
    try:
        for row in rows:
            _add_row(row, index, prefix, by_norm, listed, out)
    except csv.Error as exc:
        out.problems.append((info.filename, f"unreadable from row {rows.line_num} on ({exc}): the files "
                             "after it go in without names"))  # fmt: skip


def _add_row(
    row: list[str],
    index: dict[str, int],
    prefix: str,
    by_norm: dict[str, str],
    listed: set[str],
    out: StravaExport,
) -> None:
    """One csv row: an entry with its file, a manual entry, or a file the zip lacks."""
    if not any(c.strip() for c in row):
        return
    filename = _cell(row, index, "filename")
    date_txt = _cell(row, index, "activity date")
    member = by_norm.get(_norm(prefix + filename)) if filename else None
    entry = StravaEntry(
        member=member,
        activity_id=_cell(row, index, "activity id"),
        name=_cell(row, index, "activity name"),
        activity_type=_cell(row, index, "activity type"),
        date=parse_strava_date(date_txt) if date_txt else None,
    )
    if not filename:
        out.manual.append(entry)
    elif member is None:
        out.missing.append(StravaEntry(member=filename, activity_id=entry.activity_id, name=entry.name))
    elif member not in listed:
        listed.add(member)
        out.entries.append(entry)


def iter_export(path: str | Path, limits: Limits | None = None) -> Iterator[StravaEntry]:
    """Every activity entry of the export that has a file, in csv order."""
    yield from read_export(path, limits).entries


class ZipReader:
    """Reads members of zips, keeping each zip open between reads (one per worker process); each member
    is checked and inflated within the limits (`progtempo.io.archive.read_member`)."""

    def __init__(self, limits: Limits | None = None) -> None:
        self._open: dict[str, zipfile.ZipFile] = {}
        self.limits = limits or DEFAULT

    def read(self, path: str | Path, member: str) -> bytes:
        """The bytes of one member (still gzipped if the member is a .gz)."""
        key = str(path)
        label = f"{path}:{member}"
        try:
            z = self._open.get(key)
            if z is None:
                if len(self._open) >= 4:
                    self.close()
                z = self._open[key] = zipfile.ZipFile(key)
            return read_member(z, z.getinfo(member), label, self.limits)
        except KeyError:
            raise ActivityReadError(label, "not in the zip") from None
        except (zipfile.BadZipFile, OSError, EOFError) as exc:
            raise ActivityReadError(label, f"corrupt zip member ({exc})") from None

    def close(self) -> None:
        """Close every zip held open."""
        for z in self._open.values():
            z.close()
        self._open.clear()
