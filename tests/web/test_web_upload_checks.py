"""What an upload may hold: one activity file over its limit is refused (413) before it is all read, and
only FIT, GPX and TCX content is stored, recognised from the bytes whatever the file is called."""

from __future__ import annotations

import datetime as dt
import gzip
import io
import zipfile
from collections.abc import Callable
from typing import Any

from progtempo import synth


def _run() -> synth.SynthRun:
    legs = [synth.Leg(1000.0, 330.0 - 10 * k, hr_bpm=140.0 + 4 * k) for k in range(3)]
    return synth.make_run(legs, start_time=dt.datetime(2026, 4, 1, 7, tzinfo=dt.UTC))


def test_one_activity_file_over_its_limit_is_413(make_client: Callable[..., Any], db_url: str) -> None:
    client = make_client(db_url, upload_max_file_bytes=50_000)
    fit = synth.fit_bytes(_run())
    assert len(fit) < 50_000
    big = b"\x00" * 60_000
    r = client.post("/api/import", files=[("files", ("a.fit", fit)), ("files", ("huge.fit", big))])
    assert r.status_code == 413 and r.json()["error"].startswith("huge.fit: over the")
    assert client.get("/api/activities").json()["activities"] == []  # the request is refused whole
    r = client.post("/api/import", files={"files": ("a.fit", fit)})
    assert r.status_code == 200 and r.json()["imported"] == 1


def test_content_is_recognised_from_the_bytes_not_the_name(sqlite_client: Any) -> None:
    run = _run()
    files = [
        ("files", ("gpx-called.fit", synth.gpx_bytes(run))),
        ("files", ("page.fit", b"<!doctype html><html><body>not a run</body></html>")),
        ("files", ("script.tcx", b"#!/bin/sh\nrm -rf /\n")),
        ("files", ("empty.gpx", b"")),
    ]
    doc = sqlite_client.post("/api/import", files=files).json()
    assert doc["imported"] == 1 and len(doc["failed"]) == 3
    assert {f["file"] for f in doc["failed"]} == {"page.fit", "script.tcx", "empty.gpx"}
    stored = sqlite_client.get("/api/activities").json()["activities"]
    assert [a["format"] for a in stored] == ["gpx"]


def _zip(members: list[tuple[str | zipfile.ZipInfo, bytes]]) -> bytes:
    buf = io.BytesIO()
    with zipfile.ZipFile(buf, "w", zipfile.ZIP_DEFLATED) as z:
        for name, data in members:
            z.writestr(name, data)
    return buf.getvalue()


def test_an_uploaded_zip_is_checked_as_the_importer_checks_one(client: Any) -> None:
    """Path traversal, a symbolic link, a zip bomb and a gzip bomb in one upload: the good runs go in,
    each of the others is named with what is wrong, and nothing is written outside the log."""
    link = zipfile.ZipInfo("link.fit")
    link.external_attr = (0o120777 << 16) | 0x20
    bomb = bytes(64 * 1024 * 1024)  # packs a thousand times over: refused past 16 MB inflated
    export = _zip(
        [("../../outside.fit", synth.fit_bytes(_run())), (link, b"/etc/passwd"), ("bomb.fit", bomb)]
    )
    assert len(export) < 1_000_000
    files = [("files", ("export.zip", export)), ("files", ("bomb.fit.gz", gzip.compress(bomb, 1)))]
    doc = client.post("/api/import", files=files).json()
    failed = {f["file"]: f["error"] for f in doc["failed"]}
    assert doc["imported"] == 1 and len(failed) == 3, doc
    assert "symbolic link" in failed["export.zip:link.fit"]
    assert "zip bomb" in failed["export.zip:bomb.fit"]
    assert "inside the gzip" in failed["bomb.fit.gz"]


def test_the_server_bounds_uploads_with_its_limits(make_client: Callable[..., Any], db_url: str) -> None:
    from progtempo.limits import Limits

    client = make_client(db_url, limits=Limits(max_zip_members=2))
    runs = [synth.fit_bytes(_run()), synth.gpx_bytes(_run()), b"x"]
    doc = client.post(
        "/api/import", files={"files": ("export.zip", _zip([(f"r{i}", r) for i, r in enumerate(runs)]))}
    )
    assert doc.json()["imported"] == 0 and "PROGTEMPO_MAX_ZIP_MEMBERS" in doc.json()["failed"][0]["error"]
