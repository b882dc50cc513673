"""Reading a Strava bulk-export zip: duplicate csv columns, gzipped members, manual entries, media."""

from __future__ import annotations

import csv
import datetime as dt
import gzip
import io
import zipfile
from pathlib import Path

import pytest

from progtempo.errors import ActivityReadError
from progtempo.io.strava_export import (
    ZipReader,
    activity_format,
    parse_strava_date,
    read_export,
    strava_sport,
)

# Strava's real header, abridged: `Elapsed Time` and `Distance` appear twice with different units.
HEADER = [
    "Activity ID",
    "Activity Date",
    "Activity Name",
    "Activity Type",
    "Activity Description",
    "Elapsed Time",
    "Distance",
    "Filename",
    "Elapsed Time",
    "Moving Time",
    "Distance",
    "Activity Name",
]


def make_export(
    path: Path, rows: list[tuple[str, str, str, str, str | None, bytes | None]], prefix: str = ""
) -> Path:
    """rows: (id, date, name, type, member or None for manual, content or None for a missing file)."""
    buf = io.StringIO()
    w = csv.writer(buf)
    w.writerow(HEADER)
    with zipfile.ZipFile(path, "w") as z:
        for aid, date, name, typ, member, content in rows:
            if member and content is not None:
                z.writestr(prefix + member, content)
            w.writerow(
                [
                    aid,
                    date,
                    name,
                    typ,
                    "",
                    "1800",
                    "5.01",
                    member or "",
                    "1800",
                    "1750",
                    "5012.3",
                    "SECOND NAME",
                ]
            )
        z.writestr(prefix + "activities.csv", buf.getvalue())
        z.writestr(prefix + "profile.csv", "Athlete ID\n1\n")
        z.writestr(prefix + "media/1.jpg", b"\xff\xd8\xff\xe0")
    return path


def test_index_takes_first_occurrence_of_duplicate_columns(tmp_path: Path) -> None:
    zp = make_export(
        tmp_path / "export_1.zip",
        [
            (
                "101",
                "Mar 1, 2026, 8:00:00 AM",
                "Tempo ladder",
                "Run",
                "activities/101.fit.gz",
                gzip.compress(b"fit"),
            ),
            ("102", "Mar 2, 2026, 6:05:09 PM", "Long ride", "Ride", "activities/102.gpx", b"<gpx/>"),
            ("103", "Mar 3, 2026, 7:00:00 AM", "Treadmill", "Run", None, None),
            ("104", "Mar 4, 2026, 7:00:00 AM", "Lost", "Trail Run", "activities/104.tcx.gz", None),
        ],
    )
    ex = read_export(zp)
    assert ex.has_csv
    assert [(e.member, e.activity_id, e.name, e.sport) for e in ex.entries] == [
        ("activities/101.fit.gz", "101", "Tempo ladder", "running"),
        ("activities/102.gpx", "102", "Long ride", "cycling"),
    ]
    assert ex.entries[1].date == dt.datetime(2026, 3, 2, 18, 5, 9, tzinfo=dt.UTC)
    assert [e.name for e in ex.manual] == ["Treadmill"]
    assert [e.member for e in ex.missing] == ["activities/104.tcx.gz"]
    assert ex.ignored == 2  # profile.csv, media/1.jpg


def test_export_rezipped_inside_a_folder(tmp_path: Path) -> None:
    zp = make_export(
        tmp_path / "e.zip",
        [("1", "Mar 1, 2026, 8:00:00 AM", "A", "Run", "activities/1.gpx", b"<gpx/>")],
        prefix="export_98765/",
    )
    ex = read_export(zp)
    assert [(e.member, e.name) for e in ex.entries] == [("export_98765/activities/1.gpx", "A")]


def test_plain_zip_of_activity_files(tmp_path: Path) -> None:
    zp = tmp_path / "runs.zip"
    with zipfile.ZipFile(zp, "w") as z:
        z.writestr("a.fit", b"x")
        z.writestr("sub/b.GPX.gz", gzip.compress(b"y"))
        z.writestr("notes.txt", b"z")
    ex = read_export(zp)
    assert not ex.has_csv
    assert sorted(e.member or "" for e in ex.entries) == ["a.fit", "sub/b.GPX.gz"]
    assert ex.ignored == 1
    r = ZipReader()
    assert r.read(zp, "sub/b.GPX.gz") == gzip.compress(b"y")
    with pytest.raises(ActivityReadError, match="not in the zip"):
        r.read(zp, "nope.fit")
    r.close()


def test_bad_zip_is_an_activity_read_error(tmp_path: Path) -> None:
    bad = tmp_path / "export.zip"
    bad.write_bytes(b"PK\x03\x04 truncated")
    with pytest.raises(ActivityReadError, match="not a readable zip"):
        read_export(bad)


@pytest.mark.parametrize(
    ("name", "fmt"),
    [
        ("a.fit", "fit"),
        ("a.FIT.gz", "fit"),
        ("x/y.gpx", "gpx"),
        ("b.tcx.gz", "tcx"),
        ("c.csv", None),
        ("d.jpg", None),
        ("fit", None),
        ("e.gz", None),
    ],
)
def test_activity_format_from_name(name: str, fmt: str | None) -> None:
    assert activity_format(name) == fmt


def test_sports_and_dates() -> None:
    assert strava_sport("Run") == "running"
    assert strava_sport("Virtual Run") == "treadmill_running"
    assert strava_sport("Stand Up Paddling") == "stand_up_paddling"
    assert strava_sport("") is None
    assert parse_strava_date("Oct 8, 2017, 5:45:12 PM") == dt.datetime(2017, 10, 8, 17, 45, 12, tzinfo=dt.UTC)
    assert parse_strava_date("8 oct 2017") is None
