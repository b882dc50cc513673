"""The plan builder and `/api/plan`, `/api/export`: the CLI's documents and files, the article's message."""

from __future__ import annotations

import datetime as dt
import io
import json
import math
import re
from collections.abc import Callable
from typing import Any

import fitdecode
import pytest

Cli = Callable[..., tuple[int, str, str]]  # the `cli` fixture: progtempo ARGS -> (exit code, stdout, stderr)


ARTICLE = {"segments": "5", "start": "10:00", "end": "7:30", "step": "30"}

CASES: list[tuple[dict[str, str], list[str]]] = [
    ({"spec": "6x1mi 10:00-7:30"}, ["plan", "6x1mi 10:00-7:30"]),
    ({}, ["plan"]),
    (
        {"segments": "6", "start": "10:00", "step": "30"},
        ["plan", "--segments", "6", "--start", "10:00", "--step", "30"],
    ),
    ({"spec": "6x1mi 10:00-7:30", "feel": "jaded"}, ["plan", "6x1mi 10:00-7:30", "--feel", "jaded"]),
    ({"spec": "6x1mi 10:00-7:30", "feel": "strong"}, ["plan", "6x1mi 10:00-7:30", "--feel", "strong"]),
    (
        {"spec": "6x1mi 10:00-7:30", "so_far": "10:02,9:35,9:10"},
        ["plan", "6x1mi 10:00-7:30", "--so-far", "10:02,9:35,9:10"],
    ),
    ({"spec": "5x1km 6:00 step 20"}, ["plan", "5x1km 6:00 step 20"]),
    (
        {"unit": "km", "distance": "5k", "start": "6:00", "end": "4:40"},
        ["--unit", "km", "plan", "--distance", "5k", "--start", "6:00", "--end", "4:40"],
    ),
    ({"segments": "6", "by": "effort"}, ["plan", "--segments", "6", "--by", "effort"]),
    (
        {"spec": "6x1mi 10:00-7:30", "warmup": "1mi", "cooldown": "10min"},
        ["plan", "6x1mi 10:00-7:30", "--warmup", "1mi", "--cooldown", "10min"],
    ),
    ({"from_race": "10k=45:00"}, ["plan", "--from-race", "10k=45:00"]),
]


@pytest.mark.parametrize(("query", "argv"), CASES, ids=[" ".join(a[1:]) or "default" for _, a in CASES])
def test_api_plan_is_plan_json(sqlite_client: Any, cli: Cli, query: dict[str, str], argv: list[str]) -> None:
    code, out, _ = cli(*argv, "--json")
    assert code == 0
    r = sqlite_client.get("/api/plan", params=query)
    assert r.status_code == 200, r.text
    assert r.json() == json.loads(out)


def test_api_plan_says_what_does_not_agree(sqlite_client: Any, cli: Cli) -> None:
    code, _, err = cli("plan", "--segments", "5", "--start", "10:00", "--end", "7:30", "--step", "30")
    assert code == 2
    r = sqlite_client.get("/api/plan", params=ARTICLE)
    assert r.status_code == 400
    assert r.json() == {"error": err.strip().removeprefix("progtempo: ")}
    assert "use 6 segments at 30 s, or 5 segments at 37.5 s" in r.json()["error"]


@pytest.mark.parametrize(
    "query",
    [
        {"spec": "/etc/passwd"},
        {"spec": "plan.json"},
        {"segments": "0", "start": "10:00"},
        {"unit": "furlong"},
        {"segments": "x"},
    ],
)
def test_bad_plans_are_4xx_json(sqlite_client: Any, query: dict[str, str]) -> None:
    r = sqlite_client.get("/api/plan", params=query)
    assert 400 <= r.status_code < 500
    assert set(r.json()) == {"error"} and r.json()["error"]
    assert "Traceback" not in r.text and "root:" not in r.text


def test_the_builder_shows_the_ladder_and_the_downloads(sqlite_client: Any) -> None:
    r = sqlite_client.get("/plan", params={"spec": "6x1mi 10:00-7:30"})
    assert r.status_code == 200 and r.headers["content-type"].startswith("text/html")
    html = r.text
    assert html.count('<tr class="easy">') == 0 and "could recite Shakespeare" in html
    for fmt in ("fit", "intervals", "zwo", "tcx", "ics", "card"):
        assert f"format={fmt}" in html
    assert 'action="/schedule"' in html
    assert "52:30" in html  # the article's ladder in 52:30


def test_the_builder_shows_the_article_message_inline(sqlite_client: Any) -> None:
    page = sqlite_client.get("/plan", params=ARTICLE)
    assert page.status_code == 200
    assert "use 6 segments at 30 s" in page.text and 'role="alert"' in page.text
    part = sqlite_client.get("/plan/ladder", params=ARTICLE, headers={"HX-Request": "true"})
    assert part.status_code == 200 and "<html" not in part.text
    assert "use 6 segments at 30 s" in part.text
    assert part.headers["hx-replace-url"].startswith("/plan?")


@pytest.mark.parametrize(
    "query",
    [
        {"spec": "6x8min by effort"},
        {"spec": "5x1km 6:00 step 20", "by": "effort", "unit": "km"},
        {"spec": "5x10min 5:40-4:40", "by": "effort", "unit": "km", "warmup": "10min"},
    ],
    ids=["time, no paces", "distance", "time, paces"],
)
def test_the_builder_by_effort_leads_with_the_talk_test_and_heart_rate(
    sqlite_client: Any, query: dict[str, str]
) -> None:
    """Effort mode changes the ladder as `plan --by effort` does: each segment's heart-rate band, its
    time when the segments are times, and the pace (if any) only as a guide."""
    doc = sqlite_client.get("/api/plan", params=query).json()
    html = sqlite_client.get("/plan/ladder", params=query).text
    assert re.search(r"<h2>[^<]*by effort", html) and "effort (talk test)" in html
    assert ("guide /" in html) == (doc["start_pace_s"] is not None) and "window" not in html
    row = r"<tr>\s*<td>(\d+)[^<]*(?:<span[^>]*>boss</span>)?</td>\s*<td>([^<]*)</td>(.*?)</tr>"
    rows = re.findall(row, html, re.S)
    assert len(rows) == len(doc["segments"])
    for (index, length, rest), seg in zip(rows, doc["segments"], strict=True):
        assert int(index) == seg["index"]
        if seg["duration_s"] is not None:
            assert length == f"{seg['duration_s'] // 60:.0f}:00"
        lo, hi = seg["hr_target_pct"]
        band = f"{math.ceil(lo - 1e-9)}-{math.floor(hi + 1e-9)}%"
        assert f'>Z{seg["hr_zone"]} <span class="nowrap">{band}</span></td>' in rest


def test_empty_form_fields_mean_not_given(sqlite_client: Any) -> None:
    r = sqlite_client.get("/plan/ladder?spec=6x1mi+10%3A00-7%3A30&segments=&start=&feel=&so_far=")
    assert r.status_code == 200 and "6x1mi 10:00-7:30/mi" in r.text


@pytest.mark.parametrize("fmt", ["fit", "intervals", "zwo", "tcx", "ics", "card"])
def test_export_is_the_library_file(sqlite_client: Any, fmt: str) -> None:
    from progtempo.export import render, workout_name
    from progtempo.plan.spec import parse_plan

    r = sqlite_client.get(
        "/api/export", params={"spec": "6x1mi 10:00-7:30", "format": fmt, "date": "2026-03-04"}
    )
    assert r.status_code == 200, r.text
    assert r.headers["content-disposition"].startswith("attachment; filename=")
    session = parse_plan("6x1mi 10:00-7:30", "mi")
    made = dt.datetime.now(dt.UTC)
    if fmt == "fit":  # the server stamps the file with its own clock: render it at that moment
        (file_id,) = (
            f
            for f in fitdecode.FitReader(io.BytesIO(r.content))
            if isinstance(f, fitdecode.FitDataMessage) and f.name == "file_id"
        )
        made = file_id.get_value("time_created")
    expected = render(session, fmt, name=workout_name(session), day=dt.date(2026, 3, 4), created=made)
    if fmt in ("fit", "intervals", "zwo", "tcx"):
        assert r.content == expected
    else:  # the calendar's and the card's bytes carry their creation time
        assert r.content[:8] == expected[:8] and abs(len(r.content) - len(expected)) < 200
    if fmt == "fit":
        steps = [
            f
            for f in fitdecode.FitReader(io.BytesIO(r.content))
            if isinstance(f, fitdecode.FitDataMessage) and f.name == "workout_step"
        ]
        assert len(steps) == 6


def test_export_of_a_jaded_day_is_the_jaded_ladder(sqlite_client: Any) -> None:
    r = sqlite_client.get(
        "/api/export", params={"spec": "6x1mi 10:00-7:30", "format": "intervals", "feel": "jaded"}
    )
    assert r.status_code == 200
    assert "8:50-8:40/mi" in r.text  # 15 s steps from 10:00 end at 8:45, its window ±5 s
    assert "jaded" in r.headers["content-disposition"]


def test_export_refuses_an_unknown_format(sqlite_client: Any) -> None:
    r = sqlite_client.get("/api/export", params={"spec": "6x1mi 10:00-7:30", "format": "docx"})
    assert r.status_code == 422 and "format" in r.json()["error"]


@pytest.mark.parametrize("fmt", ["fit", "intervals", "zwo", "tcx", "ics", "card"])
def test_a_session_by_effort_without_paces_is_exported_by_the_talk_test(sqlite_client: Any, fmt: str) -> None:
    r = sqlite_client.get("/api/export", params={"segments": "6", "by": "effort", "format": fmt})
    assert r.status_code == 200, r.text
    r = sqlite_client.get("/api/export", params={"segments": "6", "format": fmt, "start": "fast"})
    assert r.status_code == 400 and "not a pace" in r.json()["error"]
