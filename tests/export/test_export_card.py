"""Pace card: PDF and PNG by suffix, one row per step with pace, window, split and cumulative time."""

from __future__ import annotations

import io
from pathlib import Path

import pytest

from progtempo.errors import ProgtempoError
from progtempo.export import export_session, steps
from progtempo.export.card import FOOT_IN, HEAD_IN, ROW_IN, WIDTH_IN, _row_cells
from progtempo.plan.ladder import Session
from progtempo.plan.rungs import Easy
from progtempo.plan.solve import solve


def article_with_easy() -> Session:
    return solve(
        unit="mi",
        segments=6,
        start_pace_s=600.0,
        end_pace_s=450.0,
        warmup=Easy(pace_s=660.0, distance_m=1609.344),
        cooldown=Easy(pace_s=660.0, duration_s=750.0),
    )


def test_rows_carry_pace_window_split_and_cumulative_time() -> None:
    session = article_with_easy()
    rows = [_row_cells(st, session) for st in steps(session)]
    assert rows[0] == ("WU", "11:00", "easy", "11:00", "11:00")
    assert rows[1] == ("1", "10:00", "10:05–9:55", "10:00", "21:00")
    assert rows[6] == ("6", "7:30", "7:35–7:25", "7:30", "1:03:30")
    assert rows[7] == ("CD", "11:00", "easy", "12:30", "1:16:00")
    km = solve(unit="km", segments=3, start_pace_s=300.0, step_s=10.0, segment_m=800.0)
    assert [_row_cells(st, km)[3] for st in steps(km)] == ["4:00", "3:52", "3:44"]  # 800 m splits
    half = solve(unit="km", segments=3, start_pace_s=330.0, step_s=2.5)
    assert [_row_cells(st, half)[1] for st in steps(half)] == [
        "5:30",
        "5:27.5",
        "5:25",
    ]  # no rounding to even


def test_png_and_pdf_by_suffix(tmp_path: Path) -> None:
    import matplotlib.image as mpimg

    session = article_with_easy()
    png, pdf = tmp_path / "card.png", tmp_path / "card.pdf"
    export_session(session, "card", png)
    export_session(session, "card", pdf)
    assert png.read_bytes()[:8] == b"\x89PNG\r\n\x1a\n"
    assert pdf.read_bytes()[:5] == b"%PDF-"
    image = mpimg.imread(io.BytesIO(png.read_bytes()))
    height_px, width_px = image.shape[:2]
    assert width_px == round(WIDTH_IN * 200)  # 200 dpi
    assert height_px > round((HEAD_IN + ROW_IN * 8) * 200)  # a row for each of the 8 steps
    with pytest.raises(ProgtempoError, match="PDF or PNG"):
        export_session(session, "card", tmp_path / "card.svg")
    assert sorted(p.name for p in tmp_path.iterdir()) == ["card.pdf", "card.png"]


@pytest.mark.parametrize("name", [None, "Progressive tempo, week 3 of the spring block before the half"])
def test_heading_and_subtitle_stay_on_the_card_with_a_date(name: str | None) -> None:
    """The date in front of the subtitle used to push its end (`paces /mi`) off the right edge."""
    import datetime as dt

    import numpy as np
    from matplotlib.image import imread

    from progtempo.export.card import pace_card

    png = pace_card(article_with_easy(), kind="png", name=name, day=dt.date(2026, 12, 2))
    img = imread(io.BytesIO(png))
    rows_per_in = img.shape[0] / (HEAD_IN + ROW_IN * (len(steps(article_with_easy())) + 0.55) + FOOT_IN)
    band = img[int(0.2 * rows_per_in) : int(1.0 * rows_per_in)]  # the heading and the subtitle
    ink = np.where((band[..., :3] < 0.6).any(axis=2).any(axis=0))[0]
    assert ink.size and ink.max() < 0.97 * img.shape[1]  # nothing reaches the right edge
