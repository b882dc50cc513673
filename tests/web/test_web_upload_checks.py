"""What an upload may hold: one activity file over its limit is refused (413) before it is all read, and
only FIT, GPX and TCX content is stored, recognised from the bytes whatever the file is called."""

from __future__ import annotations

import datetime as dt
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
