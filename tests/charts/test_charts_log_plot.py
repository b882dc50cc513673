"""The history chart (`history --plot`) over years of runs: whole m:ss ticks, visible bars, weeks or
months, no 0:00 spikes."""

from __future__ import annotations

import datetime as dt
import math

import pytest

from progtempo.charts.log_plot import draw_history, series, tick_step_s
from progtempo.store.history_records import HistoryEntry

START = dt.datetime(2022, 1, 5, 7, tzinfo=dt.UTC)


def entries(days: int, every: int = 3) -> list[HistoryEntry]:
    out = []
    for k, d in enumerate(range(0, days, every)):
        t = START + dt.timedelta(days=d)
        pace = 300.0 - 20.0 * d / max(days, 1) + 6.0 * math.sin(k)
        misread = k % 17 == 5  # a multisport file read as one run ended "at 0:00"
        end, gap = (0.0, None) if misread else (pace, pace - 3)
        out.append(HistoryEntry(k + 1, t, t.date(), None, 8000.0, end, gap, 10.0, 6, 60.0 + (k % 40), 5,
                                "cleared", None))  # fmt: skip
    return out


@pytest.mark.parametrize(("days", "period"), [(60, "session"), (400, "week"), (4 * 365, "month")])
def test_long_logs_are_shown_by_week_or_month(days: int, period: str) -> None:
    s = series(entries(days), "km")
    assert s.period == period
    finite = [p for p in s.end_pace_s if math.isfinite(p)]
    assert finite and min(finite) > 200  # no 0:00 spike from the misread files


@pytest.mark.parametrize("days", [30, 400, 4 * 365])
def test_ticks_are_whole_steps_and_bars_are_visible(days: int) -> None:
    import matplotlib.pyplot as plt
    import numpy as np

    fig = draw_history(entries(days), "mi")
    try:
        fig.canvas.draw()
        ax1, ax2 = fig.axes
        ticks = [t for t in ax1.get_yticks() if min(ax1.get_ylim()) <= t <= max(ax1.get_ylim())]
        steps = set(np.round(np.diff(sorted(ticks)), 6))
        assert len(steps) == 1 and steps.pop() in (5, 10, 15, 30, 60, 120, 300, 600)
        assert all(t == round(t) and round(t) % 5 == 0 for t in ticks)
        renderer = fig.canvas.get_renderer()
        widths = [p.get_window_extent(renderer).width for p in ax2.patches]
        assert widths and min(widths) >= 3.0  # no hairlines, whatever the span
    finally:
        plt.close(fig)


def test_tick_steps() -> None:
    assert (
        tick_step_s(40) == 10 and tick_step_s(100) == 15 and tick_step_s(200) == 30 and tick_step_s(400) == 60
    )
