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
from dataclasses import dataclass, field
from datetime import UTC, datetime
from pathlib import Path

from progtempo.errors import ActivityReadError

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
    """What a zip holds: activity entries with files, manual entries (no file), ignored members."""

    path: Path
    entries: list[StravaEntry] = field(default_factory=list)
    manual: list[StravaEntry] = field(default_factory=list)
    missing: list[StravaEntry] = field(default_factory=list)  # listed in the csv, file absent from the zip
    ignored: int = 0
    has_csv: bool = False


def _first_index(header: list[str]) -> dict[str, int]:
    index: dict[str, int] = {}
    for i, col in enumerate(header):
        index.setdefault(col.strip().lstrip("\ufeff").lower(), i)
    return index


def _cell(row: list[str], index: dict[str, int], col: str) -> str | None:
    i = index.get(col)
    if i is None or i >= len(row):
        return None
    v = row[i].strip()
    return v or None


def _norm(member: str) -> str:
    return member.strip().lstrip("./").replace("\\", "/").lower()


def read_export(path: str | Path) -> StravaExport:
    """The index of a Strava export (or any zip of activity files): one entry per activity file.

    Raises ActivityReadError when the zip cannot be opened. Activity files in the zip that the csv does
    not list are included without metadata, so a plain zip of FIT files imports too.
    """
    p = Path(path)
    out = StravaExport(path=p)
    try:
        with zipfile.ZipFile(p) as z:
            names = [i.filename for i in z.infolist() if not i.is_dir()]
            by_norm = {_norm(n): n for n in names}
            listed: set[str] = set()
            csvs = sorted((n for n in names if _norm(n).rsplit("/", 1)[-1] == "activities.csv"), key=len)
            csv_name = csvs[0] if csvs else None
            prefix = csv_name[: -len("activities.csv")] if csv_name else ""  # an export re-zipped in a folder
            if csv_name is not None:
                out.has_csv = True
                with z.open(csv_name) as raw:
                    text = io.TextIOWrapper(raw, encoding="utf-8-sig", newline="")
                    rows = csv.reader(text)
                    header = next(rows, [])
                    index = _first_index(header)
                    for row in rows:
                        if not any(c.strip() for c in row):
                            continue
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
                            out.missing.append(
                                StravaEntry(member=filename, activity_id=entry.activity_id, name=entry.name)
                            )
                        else:
                            listed.add(member)
                            out.entries.append(entry)
            for n in names:
                if n in listed or n == csv_name:
                    continue
                if activity_format(n):
                    out.entries.append(StravaEntry(member=n))
                else:
                    out.ignored += 1
    except (zipfile.BadZipFile, OSError, EOFError) as exc:
        raise ActivityReadError(str(p), f"not a readable zip ({exc}): re-download the export") from None
    return out


def iter_export(path: str | Path) -> Iterator[StravaEntry]:
    """Every activity entry of the export that has a file, in csv order."""
    yield from read_export(path).entries


class ZipReader:
    """Reads members of zips, keeping each zip open between reads (one per worker process)."""

    def __init__(self) -> None:
        self._open: dict[str, zipfile.ZipFile] = {}

    def read(self, path: str | Path, member: str) -> bytes:
        """The bytes of one member (still gzipped if the member is a .gz)."""
        key = str(path)
        z = self._open.get(key)
        if z is None:
            if len(self._open) >= 4:
                self.close()
            z = self._open[key] = zipfile.ZipFile(key)
        try:
            with z.open(member) as f:
                return f.read()
        except KeyError:
            raise ActivityReadError(f"{path}:{member}", "not in the zip") from None
        except (zipfile.BadZipFile, OSError, EOFError) as exc:
            raise ActivityReadError(f"{path}:{member}", f"corrupt zip member ({exc})") from None

    def close(self) -> None:
        """Close every zip held open."""
        for z in self._open.values():
            z.close()
        self._open.clear()
