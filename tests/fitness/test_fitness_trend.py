"""The weekly threshold estimate: one week alone equals that week of the whole series."""

from __future__ import annotations

import datetime as dt
import random

import pytest

from progtempo.fitness.trend import WINDOW_DAYS, RunThreshold, week_of, weekly


def _estimates(seed: int, n: int) -> list[RunThreshold]:
    rng = random.Random(seed)
    day0 = dt.date(2024, 1, 1)
    out = []
    for i in range(n):
        pace = rng.uniform(240, 330)
        hr = rng.uniform(150, 175) if rng.random() < 0.5 else None
        source = "deflection" if hr is not None else "sustained"
        day = day0 + dt.timedelta(days=rng.randrange(400))
        out.append(RunThreshold(i, day, pace, pace * 0.03, hr, source))
    return out


@pytest.mark.parametrize("seed", range(6))
def test_one_week_alone_is_that_week_of_the_series(seed: int) -> None:
    estimates = _estimates(seed, 60)
    until = max(e.date for e in estimates) + dt.timedelta(days=70)
    weeks = {w.week_start: w for w in weekly(estimates, until=until)}
    day = min(e.date for e in estimates)
    seen_empty = 0
    while day <= until:
        alone = week_of(estimates, day)
        monday = day - dt.timedelta(days=day.weekday())
        assert alone == weeks.get(monday), day
        seen_empty += alone is None
        day += dt.timedelta(days=3)
    assert seen_empty > 0  # the last 70 days hold weeks whose window is empty


def test_a_run_ages_out_of_the_window() -> None:
    run = RunThreshold(1, dt.date(2025, 3, 5), 270.0, 8.0, None, "sustained")
    assert week_of([run], run.date) is not None
    assert week_of([run], run.date + dt.timedelta(days=WINDOW_DAYS + 7)) is None
    assert week_of([run], run.date - dt.timedelta(days=7)) is None
