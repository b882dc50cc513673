"""The log's pages in process, on SQLite and PostgreSQL: the dashboard, the activities, one run, the history
and the schedule, empty and filled; the forms that save a schedule and use the coach's next session."""

from __future__ import annotations

import datetime as dt
import json
import re
from html.parser import HTMLParser
from pathlib import Path
from typing import Any

import pytest

from progtempo import synth
from progtempo.synth import mile_legs

WED = dt.date(2026, 3, 4)


class Forms(HTMLParser):
    """The page's forms: action, method and the (name, value) pairs a browser would send by default."""

    def __init__(self) -> None:
        super().__init__()
        self.forms: list[dict[str, Any]] = []
        self._select: str | None = None

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        a = {k: v or "" for k, v in attrs}
        if tag == "form":
            self.forms.append({"action": a.get("action", ""), "method": a.get("method", "get"), "fields": []})
        elif tag == "input" and self.forms and "name" in a:
            self.forms[-1]["fields"].append((a["name"], a.get("value", "")))
        elif tag == "select" and self.forms:
            self._select = a.get("name")
        elif tag == "option" and self._select and "selected" in a:
            self.forms[-1]["fields"].append((self._select, a.get("value", "")))

    def handle_endtag(self, tag: str) -> None:
        if tag == "select":
            self._select = None


def forms(html: str) -> list[dict[str, Any]]:
    p = Forms()
    p.feed(html)
    return p.forms


def page(client: Any, path: str, status: int = 200, **kw: Any) -> str:
    r = client.get(path, **kw)
    assert r.status_code == status, (path, r.status_code, r.text[:500])
    assert r.headers["content-type"].startswith("text/html")
    assert "Traceback" not in r.text
    return str(r.text)


def run_of(day: dt.date, paces: list[float], name: str) -> bytes:
    start = dt.datetime.combine(day, dt.time(12), tzinfo=dt.UTC)
    return synth.fit_bytes(synth.make_run(mile_legs(paces), start_time=start, name=name))


#: the clock of the filled log's app: the Monday after its last run
NOW = dt.datetime(2026, 3, 16, 9, tzinfo=dt.UTC)


@pytest.fixture
def filled(make_client: Any, db_url: str, data_dir: Path) -> tuple[Any, dict[str, int]]:
    """The app with a ladder, an easy run a week later and a real watch's run; their ids by name."""
    client = make_client(db_url, now=lambda: NOW)
    files = {
        "ladder": run_of(WED, [600, 570, 540, 510, 480, 450], "ladder"),
        "easy": run_of(WED + dt.timedelta(days=7), [620, 620, 620], "easy"),
        "real": (data_dir / "runpandas__run_fr645m.fit.gz").read_bytes(),
    }
    names = {"ladder": "ladder.fit", "easy": "easy.fit", "real": "watch.fit.gz"}
    r = client.post(
        "/api/import", files=[("files", (names[k], b, "application/octet-stream")) for k, b in files.items()]
    )
    assert r.status_code == 200 and len(r.json()["activities"]) == 3
    listed = client.get("/api/activities").json()["activities"]
    ids = {k: next(a["id"] for a in listed if a["source"] == names[k]) for k in files}
    return client, ids


def test_an_empty_log_says_what_to_do(client: Any) -> None:
    home = page(client, "/")
    assert "No runs in this log yet" in home and 'href="/import"' in home and 'href="/plan"' in home
    assert "No activities" in page(client, "/activities")
    assert "No progressive session" in page(client, "/history")
    assert "Nothing planned yet" in page(client, "/schedule")
    for html in (home, page(client, "/schedule")):
        assert 'aria-current="page"' in html and "<nav" in html


def test_the_dashboard(filled: tuple[Any, dict[str, int]]) -> None:
    client, ids = filled
    html = page(client, "/")
    # the next session: none planned, so the coach's advice after the ladder, with its downloads
    assert f'href="/activities/{ids["ladder"]}"' in html and "Next session" in html
    assert "/api/export?spec=" in html and "format=fit" in html
    # the last run was not a progressive run: it says so, and names the last session that was
    assert "not a progressive run" in html and "Last progressive session" in html
    chart = json.loads(re.search(r'id="trend-data">(.*?)</script>', html, re.S).group(1))  # type: ignore[union-attr]
    assert chart["unit"] == "mi" and len(chart["t"]) == len(chart["end"]) == len(chart["threshold"])
    assert "weeks in a row now" in html


def test_the_activities_list_and_its_filters(filled: tuple[Any, dict[str, int]]) -> None:
    client, ids = filled
    html = page(client, "/activities")
    for i in ids.values():
        assert f'href="/activities/{i}"' in html
    only = page(client, "/activities", params={"kind": "progressive"})
    assert f'href="/activities/{ids["ladder"]}"' in only and f'href="/activities/{ids["easy"]}"' not in only
    # a blank form field is not a filter; a bad one is a page saying so
    assert f'href="/activities/{ids["easy"]}"' in page(client, "/activities?since=&until=&limit=")
    assert "since" in page(client, "/activities", 422, params={"since": "yesterday"})


@pytest.mark.parametrize("name", ["ladder", "easy", "real"])
def test_a_run_page_has_its_splits_charts_and_verdict(filled: tuple[Any, dict[str, int]], name: str) -> None:
    client, ids = filled
    html = page(client, f"/activities/{ids[name]}")
    doc = client.get(f"/api/activities/{ids[name]}").json()
    table = re.search(r'<table id="splits".*?</table>', html, re.S)
    assert table is not None
    body = re.search(r"<tbody>(.*?)</tbody>", table.group(0), re.S)
    assert body is not None and body.group(1).count("<tr") == len(doc["splits"]) > 0
    data = json.loads(re.search(r'id="run-data">(.*?)</script>', html, re.S).group(1))  # type: ignore[union-attr]
    assert data["bars"] and len(data["streams"]["x"]) <= 2000 and data["route"]
    assert 'data-chart="bars"' in html and 'data-chart="pace"' in html and 'data-chart="route"' in html
    if name == "ladder":
        assert "BOSS" in html and 'class="levels"' in html and "the ladder found in the run" in html
        assert "Use as next session" in html
    if name == "easy":
        assert "not a progressive run" in html and "BOSS" not in html
        # the reason is said once (the advice says it), and no ladder is promised
        note = doc["block"]["note"].removeprefix("not a progressive run: ")
        assert html.count(note.split(" (")[0]) == 1 and "Splits against the ladder" not in html


def test_a_run_analyzed_again_with_another_plan_and_split(filled: tuple[Any, dict[str, int]]) -> None:
    client, ids = filled
    html = page(client, f"/activities/{ids['ladder']}", params={"plan": "6x1mi 10:00-7:00", "split": "800m"})
    assert "the plan you gave" in html and "too slow" in html
    body = re.search(r'<table id="splits".*?<tbody>(.*?)</tbody>', html, re.S)
    assert body is not None and body.group(1).count("<tr") == 13
    assert "back to the log&#39;s analysis" in html or "back to the log's analysis" in html
    assert "too short" in page(client, f"/activities/{ids['ladder']}", 400, params={"split": "5m"})
    assert "no activity" in page(client, f"/activities/{max(ids.values()) + 1}", 404)


def test_save_the_plan_as_a_schedule_from_the_plan_page(filled: tuple[Any, dict[str, int]]) -> None:
    client, ids = filled
    plan = page(client, "/plan", params={"spec": "6x1mi 10:00-7:30"})
    (form,) = [f for f in forms(plan) if f["action"] == "/schedule"]
    fields = [(k, v) for k, v in form["fields"] if k not in ("start_date", "weeks")]
    fields += [("start_date", "2026-03-04"), ("weeks", "3")]
    r = client.post("/schedule", data=dict(fields), follow_redirects=False)
    assert r.status_code == 303 and r.headers["location"].startswith("/schedule?saved=3")
    html = page(client, r.headers["location"])
    assert "Saved 3 planned sessions" in html
    listed = client.get("/api/schedule", params={"all": "true"}).json()["planned"]
    assert [p["status"] for p in listed] == ["done", "done", "due"]  # a run on each past planned day
    assert [p["activity_id"] for p in listed] == [ids["ladder"], ids["easy"], None]
    for p in listed:  # each day of the calendar says it, and each planned session shows its ladder
        assert re.search(rf'id="d-{p["date"]}" class="day s-{p["status"]}', html)
    assert html.count('class="ladder compact"') == 3


def test_a_bad_schedule_form_is_a_page_that_says_why(sqlite_client: Any) -> None:
    r = sqlite_client.post("/schedule", data={"segments": "5", "start": "10:00", "end": "7:30", "step": "30"})
    assert r.status_code == 400 and "use 6 segments" in r.text and "<nav" in r.text
    r = sqlite_client.post("/schedule", data={"spec": "6x1mi 10:00-7:30", "weeks": "0"})
    assert r.status_code == 422 and "weeks" in r.text


def test_use_the_coachs_next_session(filled: tuple[Any, dict[str, int]]) -> None:
    client, ids = filled
    html = page(client, f"/activities/{ids['ladder']}")
    (form,) = [f for f in forms(html) if f["action"].endswith("/next")]
    assert form["method"] == "post" and dict(form["fields"])["date"]
    r = client.post(form["action"], data={"date": "2026-03-11"}, follow_redirects=False)
    assert r.status_code == 303
    listed = client.get("/api/schedule", params={"all": "true"}).json()["planned"]
    advice = client.get(f"/api/activities/{ids['ladder']}").json()["advice"]
    assert [(p["date"], p["change"], p["spec"]) for p in listed] == [
        ("2026-03-11", "advised", advice["next_spec"])
    ]
    # a bad date is refused
    assert client.post(form["action"], data={"date": "soon"}).status_code == 422


def test_the_history_page(filled: tuple[Any, dict[str, int]]) -> None:
    client, ids = filled
    html = page(client, "/history")
    data = json.loads(re.search(r'id="history-data">(.*?)</script>', html, re.S).group(1))  # type: ignore[union-attr]
    assert ids["ladder"] in data["sessions"]["id"] and len(data["weeks"]["t"]) >= 2
    assert f'href="/activities/{ids["ladder"]}"' in html and "weeks in a row now" in html
    assert 'data-chart="history-pace"' in html and 'data-chart="history-volume"' in html
    later = page(client, "/history", params={"since": "2026-03-05"})
    assert f'href="/activities/{ids["ladder"]}"' not in later


@pytest.mark.parametrize("name", ["fitparse__chained_fr920xt.fit.gz", "fitparse__multisport_fenix2.fit.gz"])
def test_every_leg_of_a_multisport_file_has_its_page(sqlite_client: Any, data_dir: Path, name: str) -> None:
    r = sqlite_client.post("/api/import", files=[("files", (name, (data_dir / name).read_bytes()))])
    ids = r.json()["activities"]
    assert len(ids) >= 3
    for i in ids:
        doc = sqlite_client.get(f"/api/activities/{i}").json()
        html = page(sqlite_client, f"/activities/{i}")
        assert doc["activity_id"] == i and doc["activity"]["sport"] in html
        assert ("The coach's verdict" in html) == (doc["activity"]["sport"] == "running")
