"""The log's JSON API: the CLI's `--json` documents (`log`, `analyze`, `history`, `schedule`) for the same
log, on SQLite and PostgreSQL, with the errors a client can cause."""

from __future__ import annotations

import datetime as dt
import json
from collections.abc import Callable
from pathlib import Path
from typing import Any

import pytest

from progtempo import synth
from progtempo.synth import mile_legs

Cli = Callable[..., tuple[int, str, str]]  # the `cli` fixture: progtempo ARGS -> (exit code, stdout, stderr)

WED = dt.date(2026, 3, 4)
REAL_RUN = "runpandas__run_fr645m.fit.gz"


def ladder(day: dt.date, paces: list[float], name: str) -> synth.SynthRun:
    """Whole miles at `paces` (s per mile), at noon UTC on `day`."""
    start = dt.datetime.combine(day, dt.time(12), tzinfo=dt.UTC)
    return synth.make_run(mile_legs(paces), start_time=start, name=name)


def upload(client: Any, *files: tuple[str, bytes]) -> list[int]:
    r = client.post("/api/import", files=[("files", (n, b, "application/octet-stream")) for n, b in files])
    assert r.status_code == 200, r.text
    ids: list[int] = r.json()["activities"]
    return ids


@pytest.fixture
def logged(client: Any, tmp_path: Path, data_dir: Path) -> tuple[Any, dict[str, Path]]:
    """The app with three synthetic runs (a ladder, a fade, an easy run) and a real watch's run."""
    runs = {
        "ladder": ladder(WED, [600, 570, 540, 510, 480, 450], "ladder"),
        "fade": ladder(WED + dt.timedelta(days=7), [600, 570, 540, 540, 560, 590], "fade"),
        "easy": ladder(WED + dt.timedelta(days=2), [620, 620, 620], "easy"),
    }
    paths = {}
    for name, r in runs.items():
        paths[name] = tmp_path / f"{name}.fit"
        synth.write_fit(r, paths[name])
    paths["real"] = data_dir / REAL_RUN
    ids = upload(client, *((p.name, p.read_bytes()) for p in paths.values()))
    assert len(ids) == 4
    return client, paths


def cli_json(cli: Cli, *argv: str) -> Any:
    code, out, err = cli(*argv)
    assert code == 0, err
    return json.loads(out)


def test_activities_is_log_json_with_its_filters(
    logged: tuple[Any, dict[str, Path]], db_url: str, cli: Cli
) -> None:
    client, _ = logged
    for query, argv in [
        ({}, []),
        ({"kind": "progressive"}, ["--kind", "progressive"]),
        ({"since": "2026-03-05", "until": "2026-03-11"}, ["--since", "2026-03-05", "--until", "2026-03-11"]),
        ({"limit": "2", "kind": "run"}, ["--limit", "2", "--kind", "run"]),
    ]:
        r = client.get("/api/activities", params=query)
        assert r.status_code == 200, r.text
        assert r.json() == cli_json(cli, "--unit", "mi", "--db", db_url, "log", *argv, "--json"), query
    later = client.get("/api/activities", params={"since": "2026-03-05"}).json()["activities"]
    names = [a["name"] for a in later]
    assert names == ["fade", "easy"]
    km = client.get("/api/activities", params={"unit": "km", "kind": "progressive"}).json()
    assert km["unit"] == "km" and km["activities"][-1]["name"] == "ladder"
    assert km == cli_json(cli, "--unit", "km", "--db", db_url, "log", "--kind", "progressive", "--json")


@pytest.mark.parametrize("name", ["ladder", "fade", "real"])
def test_activity_is_analyze_json_of_its_file(
    logged: tuple[Any, dict[str, Path]], cli: Cli, name: str
) -> None:
    client, paths = logged
    (entry,) = [
        a for a in client.get("/api/activities").json()["activities"] if a["source"] == paths[name].name
    ]
    web = client.get(f"/api/activities/{entry['id']}").json()
    cli_doc = cli_json(cli, "--unit", "mi", "analyze", str(paths[name]), "--json")
    assert web["activity_id"] == entry["id"] and web["planned"] is None and web["plan_source"] is None
    for key in ("source", "name"):  # the log's name for it (the file's stem, or Strava's title)
        cli_doc["activity"].pop(key), web["activity"].pop(key)
    for key, value in cli_doc.items():
        # the log's run scores rTSS as `progtempo load` does (tests/store/test_store_training.py)
        if key == "load":
            assert web[key]["trimp"] == value["trimp"]
            continue
        assert web[key] == value, key
    assert len(web["splits"]) >= 3


def test_activity_is_judged_against_another_plan_or_split(
    logged: tuple[Any, dict[str, Path]], cli: Cli
) -> None:
    client, paths = logged
    aid = client.get("/api/activities", params={"until": "2026-03-04"}).json()["activities"][0]["id"]
    plan = "6x1mi 10:00-7:00"
    web = client.get(f"/api/activities/{aid}", params={"plan": plan, "split": "800m"}).json()
    cli_doc = cli_json(
        cli, "--unit", "mi", "analyze", str(paths["ladder"]), "--plan", plan, "--split", "800m", "--json"
    )
    assert web["plan_source"] == "given" and web["target"] == cli_doc["target"]
    assert web["splits"] == cli_doc["splits"] and len(web["splits"]) == 13
    assert web["levels"] == cli_doc["levels"] and web["boss"]["verdict"] == "too_slow"
    km = client.get(f"/api/activities/{aid}", params={"unit": "km"}).json()
    assert km["unit"] == "km" and len(km["splits"]) == 10


@pytest.mark.parametrize(
    ("query", "status", "words"),
    [
        ({"split": "5m"}, 400, "too short"),
        ({"split": "far"}, 400, "not a distance"),
        ({"plan": "5x1mi 10:00-7:30 step 30"}, 400, "use 6 segments"),
        ({"plan": "/etc/passwd"}, 400, ""),
        ({"gap_model": "magic"}, 422, "gap_model"),
    ],
)
def test_a_bad_reanalysis_is_a_4xx_that_says_why(
    logged: tuple[Any, dict[str, Path]], query: dict[str, str], status: int, words: str
) -> None:
    client, _ = logged
    aid = client.get("/api/activities").json()["activities"][0]["id"]
    r = client.get(f"/api/activities/{aid}", params=query)
    assert r.status_code == status and set(r.json()) == {"error"}
    assert words in r.json()["error"] and "Traceback" not in r.text


def test_unknown_or_foreign_activities_are_404(
    logged: tuple[Any, dict[str, Path]], make_client: Any, db_url: str
) -> None:
    client, _ = logged
    ids = [a["id"] for a in client.get("/api/activities").json()["activities"]]
    r = client.get(f"/api/activities/{max(ids) + 1}")
    assert r.status_code == 404 and "no activity" in r.json()["error"]
    assert client.get("/api/activities/abc").status_code == 422
    assert client.get("/api/activities/0").status_code == 422
    other = make_client(db_url, athlete="ben")
    assert other.get(f"/api/activities/{ids[0]}").status_code == 404
    assert other.get("/api/activities").json()["activities"] == []


def test_a_ride_has_no_coach(client: Any) -> None:
    start = dt.datetime.combine(WED, dt.time(9), tzinfo=dt.UTC)
    ride = synth.make_run([synth.Leg(5000.0, 130.0, hr_bpm=120)] * 3, start_time=start, sport="cycling")
    (aid,) = upload(client, ("ride.gpx", synth.gpx_bytes(ride)))
    doc = client.get(f"/api/activities/{aid}").json()
    assert doc["activity"]["sport"] == "cycling" and doc["activity"]["distance_m"] > 14_000
    assert "levels" not in doc and "advice" not in doc and doc["plan_source"] is None
    r = client.get(f"/api/activities/{aid}", params={"plan": "3x1mi 9:00-8:00"})
    assert r.status_code == 400 and "not a run" in r.json()["error"]


def test_history_is_history_json(logged: tuple[Any, dict[str, Path]], db_url: str, cli: Cli) -> None:
    client, _ = logged
    doc = client.get("/api/history").json()
    assert doc == cli_json(cli, "--unit", "mi", "--db", db_url, "history", "--json")
    assert [s["name"] for s in doc["sessions"]] == ["ladder", "fade"]
    assert [w["runs"] for w in doc["weeks"]] == [2, 1] or sum(w["runs"] for w in doc["weeks"]) == 4
    since = client.get("/api/history", params={"since": "2026-03-05", "unit": "km"}).json()
    assert since["unit"] == "km" and [s["name"] for s in since["sessions"]] == ["fade"]


def test_save_a_schedule_then_list_it(logged: tuple[Any, dict[str, Path]], db_url: str, cli: Cli) -> None:
    client, paths = logged
    body = {"spec": "6x1mi 10:00-7:30", "weeks": 4, "start_date": "2026-03-04", "hold": 2}
    r = client.post("/api/schedule", json=body)
    assert r.status_code == 201, r.text
    doc = r.json()
    assert [w["date"] for w in doc["weeks"]] == ["2026-03-04", "2026-03-11", "2026-03-18", "2026-03-25"]
    assert doc["athlete"] == "me" and doc["linked"] == 2  # the ladder on the 4th, the fade on the 11th
    assert [p["status"] for p in doc["planned"][:2]] == ["done", "done"]
    listed = client.get("/api/schedule", params={"all": "true"}).json()
    assert listed == cli_json(cli, "--db", db_url, "schedule", "--list", "--all", "--json")
    assert listed["planned"] == doc["planned"]
    # the run on a planned day is now judged against its session
    aid = doc["planned"][0]["activity_id"]
    run_doc = client.get(f"/api/activities/{aid}").json()
    assert run_doc["plan_source"] == "linked" and run_doc["planned"]["date"] == "2026-03-04"
    cli_doc = cli_json(cli, "analyze", str(paths["ladder"]), "--plan", "6x1mi 10:00-7:30", "--json")
    assert run_doc["levels"] == cli_doc["levels"] and run_doc["boss"] == cli_doc["boss"]
    assert client.get("/api/schedule").json()["planned"] == [
        p for p in listed["planned"] if p["date"] >= monday_this_week().isoformat()
    ]


def monday_this_week() -> dt.date:
    today = dt.datetime.now().astimezone().date()
    return today - dt.timedelta(days=today.weekday())


@pytest.mark.parametrize(
    ("body", "status", "words"),
    [
        ({"segments": 5, "start": "10:00", "end": "7:30", "step": "30"}, 400, "use 6 segments"),
        ({"weeks": 4}, 400, "give the starting session"),
        ({"spec": "6x1mi 10:00-7:30", "weeks": 0}, 422, "weeks"),
        ({"spec": "6x1mi 10:00-7:30", "day": "someday"}, 422, "day"),
        ({"spec": "6x1mi 10:00-7:30", "colour": "red"}, 422, "colour"),
        ({"spec": "6x8m 6:00-5:00"}, 400, "for minutes write 8min"),
    ],
)
def test_a_bad_schedule_is_refused_and_nothing_is_saved(
    sqlite_client: Any, body: dict[str, Any], status: int, words: str
) -> None:
    r = sqlite_client.post("/api/schedule", json=body)
    assert r.status_code == status, r.text
    assert set(r.json()) == {"error"} and words in r.json()["error"]
    assert sqlite_client.get("/api/schedule", params={"all": "true"}).json()["planned"] == []


def test_a_schedule_by_effort_needs_no_paces(sqlite_client: Any) -> None:
    """A ladder run by the talk test alone progresses over the weeks too (its heart-rate targets climb)."""
    # weeks still ahead: a planned day already past with no run is missed, and a missed week holds the level
    start = monday_this_week() + dt.timedelta(weeks=1)
    body = {"spec": "6x8min by effort", "weeks": 3, "start_date": start.isoformat()}
    r = sqlite_client.post("/api/schedule", json=body)
    assert r.status_code == 201, r.text
    assert [p["spec"] for p in r.json()["planned"]] == ["6x8min by effort"] * 2 + ["7x8min by effort"]
