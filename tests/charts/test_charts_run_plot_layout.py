"""The run's figure shows only the panels it has data for, and its legend covers no bar, label or text."""

from __future__ import annotations

from typing import Any

import pytest

from progtempo.analysis import analyze
from progtempo.charts.run_plot import draw_run
from progtempo.coach import evaluate
from progtempo.plan.spec import parse_plan
from progtempo.synth import Leg, make_run

MI = 1609.344


def figure(*, altitude: bool, hr: bool, plan: str | None) -> Any:
    legs = [
        Leg(MI, p / 1.609344, hr_bpm=130.0 + 6 * k if hr else None)
        for k, p in enumerate(range(600, 420, -30))
    ]
    analysis = analyze(make_run(legs, altitude=altitude).activity, unit="mi")
    return draw_run(analysis, evaluate(analysis, parse_plan(plan, "mi") if plan else None))


def overlaps(a: Any, b: Any) -> bool:
    return bool(a.x0 < b.x1 and b.x0 < a.x1 and a.y0 < b.y1 and b.y0 < a.y1)


@pytest.mark.parametrize(
    ("altitude", "hr", "plan", "panels"),
    [
        (False, False, None, 2),  # pace and the levels of the ladder found
        (False, False, "6x1mi 11:00 step 10", 2),
        (True, False, None, 3),
        (False, True, "6x1mi 10:00-7:30", 3),
        (True, True, "6x1mi 10:00-7:30", 4),
    ],
)
def test_only_panels_with_data_and_a_legend_over_nothing(
    altitude: bool, hr: bool, plan: str | None, panels: int
) -> None:
    import matplotlib.pyplot as plt

    fig = figure(altitude=altitude, hr=hr, plan=plan)
    try:
        assert len(fig.axes) == panels
        fig.canvas.draw()
        renderer = fig.canvas.get_renderer()
        (legend,) = fig.legends
        box = legend.get_window_extent(renderer)
        assert box.x1 <= fig.bbox.x1 + 1  # the legend fits on the figure
        for ax in fig.axes:
            assert not overlaps(box, ax.get_window_extent(renderer))
            for text in ax.texts:
                assert not overlaps(box, text.get_window_extent(renderer)), text.get_text()
        for text in fig.texts:
            assert not overlaps(box, text.get_window_extent(renderer)), text.get_text()
    finally:
        plt.close(fig)


def test_a_run_with_no_ladder_has_one_panel() -> None:
    import matplotlib.pyplot as plt

    analysis = analyze(make_run([Leg(6000.0, 360.0)], altitude=False).activity, unit="km")
    fig = draw_run(analysis, evaluate(analysis))
    try:
        assert len(fig.axes) == 1 and any("no progressive block" in t.get_text() for t in fig.axes[0].texts)
    finally:
        plt.close(fig)
