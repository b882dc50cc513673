"""The schedule adapts to the runs: a simulated 12-week block, replay in date order, a coach's override."""

from __future__ import annotations

import datetime as dt
import json
import math
import random
from collections.abc import Callable
from pathlib import Path
from typing import Any

import pytest

from progtempo.plan.ladder import Session
from progtempo.plan.progression import next_level
from progtempo.plan.spec import parse_plan
from progtempo.simulate import Block, simulate_block
from progtempo.store import Store, open_store

Cli = Callable[..., tuple[int, str, str]]  # the `cli` fixture: progtempo ARGS -> (exit code, stdout, stderr)
START = dt.date(2026, 3, 4)  # a Wednesday
END = START + dt.timedelta(weeks=12)
L0 = parse_plan("6x1mi 10:00-7:30", "mi")


@pytest.fixture
def block(db_url: str, tmp_path: Path) -> tuple[Store, Block]:
    store = open_store(db_url)
    return store, simulate_block(store, tmp_path / "runs", start=START, athlete="block")


def _state(store: Store, athlete: str) -> list[tuple[Any, ...]]:
    """Every planned session as due now, and the verdict of the run on it."""
    out = []
    for e in store.schedule(athlete=athlete, today=END):
        act = store.activity(e.activity_id, athlete=athlete) if e.activity_id else None
        r = act.result if act else None
        verdict = (r.boss, r.insight, r.score, r.report.get("cleared_before")) if r else None
        out.append((e.date, e.spec, e.change, e.adapted, e.original_spec, e.status, verdict))
    return out


def _advised(store: Store, activity_id: int) -> tuple[str, str, Session]:
    """The coach's insight, change and next session on a stored run."""
    act = store.activity(activity_id, athlete="block")
    assert act is not None and act.result is not None
    r = act.result
    assert r.next_session is not None
    return str(r.insight), str(r.advice["change"]), r.next_session


def test_twelve_weeks_adapting_session_by_session(block: tuple[Store, Block]) -> None:
    """The issue's runner: fades in week 3, misses week 5, fitter from week 6. Each week holds what the
    rules make of the week before, whatever the coach advised."""
    store, b = block
    w = {bw.week: bw for bw in b.weeks}
    assert [w[k].due_spec for k in (1, 2)] == [L0.spec(), L0.spec()] and w[1].adapted is None
    assert (w[1].boss, w[2].boss) == ("cleared", "cleared")
    assert (w[3].insight, w[3].boss) == ("faded", "too_slow")  # the bad day
    assert not w[5].ran and all(w[k].ran for k in w if k != 5)
    for k in range(1, 12):
        nxt = w[k + 1]
        if not w[k].ran:  # a missed week holds the level, and says so
            assert nxt.due_spec == w[k].due_spec and nxt.change == "hold", k
            assert nxt.adapted is not None and nxt.adapted["because"] == "missed"
            continue
        insight, change, advised = _advised(store, w[k].activity_id)  # type: ignore[arg-type]
        ran = parse_plan(w[k].due_spec, "mi")
        if insight == "plenty_left" and change == "repeat":  # the start moves half a step
            moved = next_level(ran, "intensity")
            moved = moved.with_changes(start_pace_s=float(math.floor(moved.start_pace_s + 0.5)))
            assert nxt.due_spec == moved.spec() and nxt.change == "start", k
        elif change in ("volume", "intensity", "repeat", "ease"):  # the coach's advice, as given
            assert nxt.due_spec == advised.spec() and nxt.change == change, k
        if nxt.due_spec != nxt.original_spec:
            assert nxt.adapted is not None and nxt.adapted["from_spec"] == nxt.original_spec, k
            assert nxt.adapted["because"] in ("missed", insight), k
    # the plan as saved and the plan as run part ways after the fade; every difference says why
    assert any(bw.adapted for bw in b.weeks[3:])
    # what was run is what was due on the day, and the coach judged it against that
    for k, bw in w.items():
        if bw.ran:
            act = store.activity(bw.activity_id, athlete="block")  # type: ignore[arg-type]
            assert act is not None and act.result is not None
            assert act.result.report["target"]["spec"] == bw.due_spec, k
    # the threshold the runs show follows the runner: faster after week 6
    weeks = store.threshold_weeks(athlete="block", today=END)
    before = next(t for t in weeks if t.week_start == START - dt.timedelta(days=2) + dt.timedelta(weeks=3))
    assert weeks[-1].pace_s_per_km < before.pace_s_per_km - 10


def test_list_json_shows_adapted_and_the_original(cli: Cli, block: tuple[Store, Block], db_url: str) -> None:
    code, out, _ = cli("--db", db_url, "schedule", "--list", "--all", "--json", "--athlete", "block")
    planned = json.loads(out)["planned"]
    assert code == 0 and len(planned) == 12
    assert planned[0]["adapted"] is None and planned[0]["original_spec"] == planned[0]["spec"]
    week6 = planned[5]
    assert set(week6["adapted"]) >= {"from_spec", "because", "activity_id"}
    assert week6["adapted"]["because"] == "missed" and week6["original_spec"] != week6["spec"]
    assert [p["status"] for p in planned[:6]] == ["done"] * 4 + ["missed", "done"]
    code, out, _ = cli("--db", db_url, "schedule", "--list", "--all", "--athlete", "block")
    assert code == 0 and "was 7x1mi" in out and "(missed)" in out
    last = planned[-1]  # the last session a run rewrote: its date, the run, the coach's reason
    why = f"adapted to the runs; {last['date']} changed after run {last['adapted']['activity_id']}:"
    assert why in " ".join(out.split())


def test_import_order_does_not_change_the_outcome(block: tuple[Store, Block], tmp_path: Path) -> None:
    """The same runs imported into a fresh log backwards, then shuffled in two batches: the same schedule."""
    store, b = block
    expected = _state(store, "block")
    from progtempo.plan.adapt import Rules
    from progtempo.plan.progression import progress

    plan = progress(L0, weeks=12, start_date=START)
    weeks = [(w.week, w.date, w.change, w.session) for w in plan.weeks]
    for name, batches in (
        ("backwards", [[f] for f in reversed(b.files)]),
        ("shuffled", _halves(b.files, random.Random(5))),
    ):
        store.save_schedule(weeks, athlete=name, rules=Rules())
        for batch in batches:
            store.import_paths(batch, athlete=name, jobs=1)
        store.adapt_schedule(athlete=name, today=END)
        got = _state(store, name)
        assert [g[:3] + g[4:] for g in got] == [e[:3] + e[4:] for e in expected], name
        # the adapted reasons match too, up to the ids of the runs (another athlete's activities)
        assert [(g[3].because if g[3] else None) for g in got] == [
            (e[3].because if e[3] else None) for e in expected
        ]


def _halves(files: list[Path], rng: random.Random) -> list[list[Path]]:
    shuffled = files[:]
    rng.shuffle(shuffled)
    return [shuffled[: len(shuffled) // 2], shuffled[len(shuffled) // 2 :]]


def test_a_coach_override_is_never_rewritten(cli: Cli, db_url: str, tmp_path: Path) -> None:
    store = open_store(db_url)
    b = simulate_block(store, tmp_path / "runs", start=START, athlete="me", weeks=4)
    assert [bw.week for bw in b.weeks] == [1, 2, 3, 4]
    day = START + dt.timedelta(weeks=5)
    code, out, err = cli("--db", db_url, "schedule", "--set", day.isoformat(), "5x1mi 9:00-7:40", "--json")
    assert code == 0, err
    [entry] = [p for p in json.loads(out)["planned"] if p["date"] == day.isoformat()]
    assert entry["override"] is True and entry["change"] == "override" and entry["adapted"] is None
    # a fade the week before would rewrite what follows, but not the day set by hand
    store.adapt_schedule(today=day + dt.timedelta(days=1))
    [e] = [e for e in store.schedule(today=day) if e.date == day]
    assert e.override and e.spec == parse_plan("5x1mi 9:00-7:40", "mi").spec() and e.status == "due"
    code, out, _ = cli("--db", db_url, "schedule", "--list", "--all")
    assert "set by hand" in out
    code, _, err = cli("--db", db_url, "schedule", "--set", day.isoformat())
    assert code == 2 and "--set DATE needs the session" in err
    code, _, err = cli("--db", db_url, "schedule", "--set", "someday", "5x1mi 9:00-7:40")
    assert code == 2 and "someday" in err and "Traceback" not in err


def test_schedule_caps_the_end_at_the_athletes_threshold(cli: Cli, tmp_path: Path) -> None:
    db = str(tmp_path / "log.sqlite")
    cli("--db", db, "athlete", "set", "--threshold", "7:20")

    def saved(*extra: str) -> dict[str, Any]:
        args = ["--db", db, "schedule", "6x1mi 10:00-7:30", "--weeks", "8", "--start-date", "2026-03-04"]
        code, out, err = cli(*args, *extra, "--json")
        assert code == 0, err
        doc: dict[str, Any] = json.loads(out)
        return doc

    doc = saved()
    assert doc["caps"]["limit_end_pace_s"] == pytest.approx(440.0)
    assert all(w["session"]["end_pace_s"] >= 440.0 - 1e-6 for w in doc["weeks"])
    assert saved("--limit-end", "7:00")["caps"]["limit_end_pace_s"] == pytest.approx(420.0)


def test_the_walkthrough_in_the_docs_is_current(block: tuple[Store, Block]) -> None:
    """docs/adaptive.md shows the table `scripts/adaptive_walkthrough.py` prints for this very block."""
    from progtempo.simulate import markdown_table

    doc = (Path(__file__).resolve().parents[2] / "docs" / "adaptive.md").read_text()
    assert markdown_table(block[1]) in doc, "docs/adaptive.md is stale: run scripts/adaptive_walkthrough.py"


def test_the_demo_shows_the_adapted_schedule_and_the_threshold_trend(cli: Cli, tmp_path: Path) -> None:
    db = str(tmp_path / "log.sqlite")
    code, out, err = cli("--db", db, "demo", "--json", "--plot", str(tmp_path / "h.png"))
    assert code == 0, err
    doc = json.loads(out)
    planned = doc["planned"]
    assert len(planned) == 6 and all(p["status"] == "done" for p in planned)
    adapted = [p for p in planned if p["adapted"]]
    assert adapted and all(p["adapted"]["from_spec"] == p["original_spec"] != p["spec"] for p in adapted)
    # each week was run as it stood on the day: the bulk import replays to the same sessions, no re-scoring
    store = open_store(db)
    for p in planned:
        act = store.activity(p["activity_id"], athlete="demo")
        assert act is not None and act.result is not None
        assert act.result.report["target"]["spec"] == p["spec"]
    trend = doc["threshold_trend"]
    # the demo runner's heart bends at threshold, 7:25/mi, past every ladder's second-to-last level:
    # no bend is claimed, and the fastest level held brackets the threshold
    last = trend[-1]
    assert last["from_deflections"] == 0 and last["threshold_pace_sd_s"] <= 30.0
    assert last["threshold_pace_s"] == pytest.approx(445.0, abs=last["threshold_pace_sd_s"])
    code, out, _ = cli("--db", db, "demo", "--plot", str(tmp_path / "h.png"))
    assert code == 0 and "schedule, adapted to the runs" in out and "threshold, week by week" in out
