"""The trail ladder in the web app: a progression by time and effort saved, its runs imported and judged,
and every page that shows them (dashboard, schedule, the run, the plan builder) showing the levels by
time, their heart-rate targets and the verdict by effort, not empty distance columns."""

from __future__ import annotations

import datetime as dt
import re
from html import unescape
from pathlib import Path
from typing import Any

from progtempo.synth import write_fit
from progtempo.synth.trail import time_ladder

WED = dt.date(2026, 3, 4)
#: The runner's grade-adjusted pace on each level (s/km): steadily faster on rolling hills.
GAPS = [420.0, 395.0, 370.0, 345.0, 320.0, 295.0]
#: Heart rate on each level: ten beats more each time, each in its zone for a maximum of 188.
HR = [130.0, 140.0, 150.0, 160.0, 170.0, 180.0]


def trail_run(client: Any, day: dt.date, tmp_path: Path, levels: int = 6) -> int:
    """`levels` 8-minute levels after a 10-minute warm-up, at 07:00 UTC on `day`, imported; its id."""
    run = time_ladder(
        GAPS[:levels], hr_bpm=HR[:levels], warmup_s=600, cooldown_s=300, easy_hr_bpm=118.0,
        start_time=dt.datetime.combine(day, dt.time(7), tzinfo=dt.UTC),
    )  # fmt: skip
    path = tmp_path / f"trail-{day}.fit"
    write_fit(run, path)
    files = [("files", (path.name, path.read_bytes(), "application/octet-stream"))]
    r = client.post("/api/import", files=files)
    assert r.status_code == 200, r.text
    ids: list[int] = r.json()["activities"]
    assert len(ids) == 1
    return ids[0]


def text(html: str) -> str:
    """The page's words, tags dropped and spaces squeezed (to look for what a reader sees)."""
    return re.sub(r"\s+", " ", unescape(re.sub(r"<[^>]+>", " ", html)))


def test_a_trail_progression_its_runs_and_their_pages(make_client: Any, tmp_path: Path) -> None:
    from progtempo.fitness.profile import Profile
    from progtempo.store import open_store

    url = f"sqlite:///{tmp_path / 'log.sqlite'}"
    c = make_client(url)
    with open_store(url) as log:  # the runner's maximum heart rate, as `progtempo athlete set` keeps it
        log.set_profile(Profile(hr_max_bpm=188.0))
    body = {"spec": "6x8min by effort", "warmup": "10min", "cooldown": "5min", "weeks": 3,
            "start_date": WED.isoformat()}  # fmt: skip
    r = c.post("/api/schedule", json=body)
    assert r.status_code == 201, r.text
    cleared = trail_run(c, WED, tmp_path)
    short = trail_run(c, WED + dt.timedelta(days=7), tmp_path, levels=5)  # the boss never reached

    pages = ("/", "/schedule", f"/activities/{cleared}", f"/activities/{short}", "/activities", "/history")
    for path in pages:
        r = c.get(path)
        assert r.status_code == 200, (path, r.text[:300])

    page = text(c.get(f"/activities/{cleared}").text)
    assert "Judged against 6x8min by effort" in page and "Levels by effort" in page
    assert "could recite Shakespeare" in page and "a single word" in page
    assert "judged by heart rate against each level's zone" in page and "113-140" in page  # Z2 of 188
    assert "segments by effort" not in page  # the session is named by its spec, with its time
    page = text(c.get(f"/activities/{short}").text)
    assert "Judged against 6x8min by effort" in page and "not run" in page

    sched = text(c.get("/schedule").text)
    assert "week 1 · 6x8min by effort" in sched and "segments by effort" not in sched
    assert " time " in sched and "8:00" in sched and "1:03:00, run by effort" in sched
    assert "Z2 127-136" in sched and "Z5 176-185" in sched and "– mi" not in sched
    assert "format=fit" in c.get("/schedule").text  # a session by effort goes to the watch too


def test_the_plan_builder_shows_a_ladder_by_time(sqlite_client: Any) -> None:
    page = text(sqlite_client.get("/plan", params={"spec": "6x8min by effort", "warmup": "10min"}).text)
    assert "6x8min by effort" in page and " time " in page and "8:00" in page
    assert "Z2 68-72%" in page and "Total 58:00 , run by effort" in page
    assert "format=fit" in sqlite_client.get("/plan", params={"spec": "6x8min by effort"}).text
    paced = text(sqlite_client.get("/plan", params={"spec": "5x10min 5:40-4:40/km"}).text)
    assert "5x10min 5:40-4:40/km" in paced and "10:00" in paced
    total = re.search(r"Total 50:00 , about (\d+\.\d+) km", paced)
    assert total is not None and 9.0 < float(total[1]) < 10.5
