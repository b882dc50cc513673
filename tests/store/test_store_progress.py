"""The coach's progress rule over the log: two cleared sessions at a level, then the level goes up."""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable
from pathlib import Path

import pytest
from sqlalchemy import select
from test_store_cli import WED, mile_ladder

from progtempo import synth
from progtempo.store import models, open_store
from progtempo.store.importer import import_paths
from progtempo.store.progress import level_key

Cli = Callable[..., tuple[int, str, str]]  # the `cli` fixture: progtempo ARGS -> (exit code, stdout, stderr)

PERFECT = [600, 570, 540, 510, 480, 450]


def _advice_by_day(db_url: str) -> dict[dt.date, tuple[int, str]]:
    store = open_store(db_url)
    with store.session() as s:
        rows = s.execute(
            select(models.PlannedSession.date, models.Result.report).join(
                models.Result, models.Result.planned_session_id == models.PlannedSession.id
            )
        ).all()
    return {day: (rep["cleared_before"], rep["advice"]["change"]) for day, rep in rows}


@pytest.mark.parametrize(("long_run", "change"), [(True, "volume"), (False, "intensity")])
def test_second_cleared_session_in_one_batch_progresses(
    cli: Cli, db_url: str, tmp_path: Path, long_run: bool, change: str
) -> None:
    """Two cleared sessions at a level, imported together: the level goes up. By a seventh mile when the
    log has a run that long (an easy 8 miles on the Sunday between), else by intensity: the next session
    is never longer than the longest recent run."""
    code, _, _ = cli(
        "--db", db_url, "schedule", "6x1mi 10:00-7:30", "--weeks", "4", "--start-date", "2026-03-02",
        "--day", "wed",
    )  # fmt: skip
    assert code == 0
    batch = tmp_path / "runs"
    batch.mkdir()
    for week in range(2):  # weeks 1 and 2 are the same level (hold 2), both cleared, imported together
        day = WED + dt.timedelta(days=7 * week)
        synth.write_fit(mile_ladder(day, PERFECT), batch / f"w{week + 1}.fit")
    if long_run:
        synth.write_fit(mile_ladder(WED + dt.timedelta(days=4), [660] * 8), batch / "long.fit")
    store = open_store(db_url)
    report = import_paths(store, [batch], unit="mi", jobs=2)
    assert report.imported == 2 + long_run and report.linked == 2
    advice = _advice_by_day(db_url)
    assert advice[WED] == (0, "repeat")
    assert advice[WED + dt.timedelta(days=7)] == (1, change)


def test_a_failed_session_does_not_count_toward_progress(cli: Cli, db_url: str, tmp_path: Path) -> None:
    cli(
        "--db", db_url, "schedule", "6x1mi 10:00-7:30", "--weeks", "2", "--start-date", "2026-03-02",
        "--day", "wed",
    )  # fmt: skip
    batch = tmp_path / "runs"
    batch.mkdir()
    synth.write_fit(mile_ladder(WED, [600, 590, 585, 580, 580, 575]), batch / "w1.fit")  # couldn't build
    synth.write_fit(mile_ladder(WED + dt.timedelta(days=7), PERFECT), batch / "w2.fit")
    import_paths(open_store(db_url), [batch], unit="mi", jobs=1)
    assert _advice_by_day(db_url)[WED + dt.timedelta(days=7)] == (0, "repeat")


def test_level_key_ignores_the_window_but_not_the_ladder() -> None:
    from progtempo.plan.solve import solve

    a = solve(unit="mi", segments=6, start_pace_s=600, end_pace_s=450)
    b = solve(unit="mi", segments=6, start_pace_s=600, end_pace_s=450, tolerance_s=8)
    c = solve(unit="mi", segments=7, start_pace_s=615, end_pace_s=435)
    assert level_key(a) == level_key(b) != level_key(c)
