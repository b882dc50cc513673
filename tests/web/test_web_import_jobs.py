"""The upload as a job (what the import page uses): start it, follow its server-sent events to the end,
read its counts and its result, on SQLite and PostgreSQL; and the same upload without JavaScript."""

from __future__ import annotations

import datetime as dt
import json
import os
import re
from typing import Any

from progtempo import synth
from progtempo.synth import mile_legs


def _files() -> list[tuple[str, tuple[str, bytes, str]]]:
    start = dt.datetime(2026, 3, 4, 12, tzinfo=dt.UTC)
    ladder = synth.fit_bytes(synth.make_run(mile_legs([600, 570, 540, 510]), start_time=start))
    return [
        ("files", ("ladder.fit", ladder, "application/octet-stream")),
        ("files", ("junk.gpx", os.urandom(500), "application/gpx+xml")),
    ]


def test_a_job_streams_its_progress_then_its_result(client: Any) -> None:
    r = client.post("/api/import/jobs", files=_files())
    assert r.status_code == 202, r.text
    job = r.json()
    assert job["events"] == f"/api/import/jobs/{job['job']}/events"
    events = []
    with client.stream("GET", job["events"]) as stream:
        assert stream.headers["content-type"].startswith("text/event-stream")
        name = None
        for line in stream.iter_lines():
            if line.startswith("event: "):
                name = line.removeprefix("event: ")
            elif line.startswith("data: "):
                events.append((name, json.loads(line.removeprefix("data: "))))
    assert events and events[-1][0] == "done" and all(n == "progress" for n, _ in events[:-1])
    done = events[-1][1]
    assert done["state"] == "done" and done["imported"] == 1 and done["total"] == done["done"] == 2
    assert [f["file"] for f in done["failed"]] == ["junk.gpx"] and done["failed"][0]["error"]
    status = client.get(job["status"]).json()
    assert status["state"] == "done" and status["activities"] == done["activities"]
    (aid,) = done["activities"]
    html = client.get(f"/import/jobs/{job['job']}/result").text
    assert f'href="/activities/{aid}"' in html and "junk.gpx" in html


def test_the_import_form_works_without_javascript(sqlite_client: Any) -> None:
    page = sqlite_client.get("/import").text
    assert 'enctype="multipart/form-data"' in page and 'name="files"' in page and "multiple" in page
    r = sqlite_client.post("/import", files=_files())
    assert r.status_code == 200
    ids = re.findall(r'href="/activities/(\d+)"', r.text)
    assert len(ids) == 1 and "junk.gpx" in r.text and "Imported 1 new activity" in r.text
    assert sqlite_client.get(f"/activities/{ids[0]}").status_code == 200


def test_a_run_already_in_the_log_is_linked_not_just_counted(sqlite_client: Any) -> None:
    """The same file again says it is in the log; another recording of a stored run links that run."""
    start = dt.datetime(2026, 3, 4, 12, tzinfo=dt.UTC)
    run = synth.make_run(mile_legs([600, 570, 540, 510]), start_time=start)
    fit = ("files", ("watch.fit", synth.fit_bytes(run), "application/octet-stream"))
    first = sqlite_client.post("/import", files=[fit])
    (aid,) = re.findall(r'href="/activities/(\d+)"', first.text)
    again = sqlite_client.post("/import", files=[fit]).text
    assert "Imported 0 new activities" in again and 'already in <a href="/activities">the log</a>' in again
    gpx = ("files", ("phone.gpx", synth.gpx_bytes(run), "application/gpx+xml"))
    other = sqlite_client.post("/import", files=[gpx]).text
    assert "phone.gpx</strong>: the same run as" in other and f'href="/activities/{aid}"' in other
