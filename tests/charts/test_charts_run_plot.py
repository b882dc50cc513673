"""`draw_run` rendered by `figure_bytes`: one figure per run, the format picked by the suffix."""

from __future__ import annotations

import pytest

from progtempo.analysis import analyze
from progtempo.charts.figure import figure_bytes, figure_format
from progtempo.charts.run_plot import draw_run
from progtempo.coach import evaluate
from progtempo.errors import ProgtempoError
from progtempo.plan.spec import parse_plan
from progtempo.synth import Leg, make_run, mile_legs
from progtempo.units import MILE_M as MI


def hilly_surge():  # type: ignore[no-untyped-def]
    paces = (600, 570, 490, 530 * 1.228, 525, 520)
    grades = (0, 0, 0, 0.06, 0, 0)
    run = make_run(mile_legs(paces, grades), warmup=Leg(800, 420, hr_bpm=110))
    analysis = analyze(run.activity, unit="mi")
    plan = parse_plan("6x1mi 10:00-7:30", "mi").with_changes(warmup=None)
    return analysis, evaluate(analysis, plan, start_m=800.0)


def test_png() -> None:
    analysis, rep = hilly_surge()
    data = figure_bytes(draw_run(analysis, rep), "png")
    assert data[:8] == b"\x89PNG\r\n\x1a\n"
    assert len(data) > 30_000  # four panels, not an empty canvas


@pytest.mark.parametrize(("suffix", "magic"), [(".svg", b"<?xml"), (".pdf", b"%PDF")])
def test_svg_and_pdf(suffix: str, magic: bytes) -> None:
    analysis, rep = hilly_surge()
    data = figure_bytes(draw_run(analysis, rep), figure_format(f"run{suffix}"))
    assert data[: len(magic)] == magic


def test_svg_shows_paces_in_the_runners_unit() -> None:
    analysis, rep = hilly_surge()
    text = figure_bytes(draw_run(analysis, rep), "svg").decode()
    for label in ("pace /mi", "distance (mi)", "BOSS", "too fast", "surge", "by GAP"):
        assert label in text, label


def test_no_plan_and_no_block_still_draws() -> None:
    run = make_run([Leg(MI, 370, hr_bpm=140) for _ in range(4)])
    analysis = analyze(run.activity, unit="mi")
    rep = evaluate(analysis)
    assert not rep.block.progressive
    assert len(figure_bytes(draw_run(analysis, rep), "png")) > 10_000


def test_bad_suffix() -> None:
    with pytest.raises(ProgtempoError, match=r"\.png, \.svg or \.pdf"):
        figure_format("run.jpg")
    assert figure_format("RUN.SVG") == "svg"
