"""`plot_run`: one figure per run, the format picked by the suffix."""

from __future__ import annotations

from pathlib import Path

import pytest

from progtempo.analysis import analyze
from progtempo.coach import evaluate
from progtempo.coach.plot import plot_run
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


def test_png(tmp_path: Path) -> None:
    analysis, rep = hilly_surge()
    out = tmp_path / "run.png"
    plot_run(analysis, rep, out)
    data = out.read_bytes()
    assert data[:8] == b"\x89PNG\r\n\x1a\n"
    assert len(data) > 30_000  # four panels, not an empty canvas


@pytest.mark.parametrize(("suffix", "magic"), [(".svg", b"<?xml"), (".pdf", b"%PDF")])
def test_svg_and_pdf(tmp_path: Path, suffix: str, magic: bytes) -> None:
    analysis, rep = hilly_surge()
    out = tmp_path / f"run{suffix}"
    plot_run(analysis, rep, out)
    assert out.read_bytes()[: len(magic)] == magic


def test_svg_shows_paces_in_the_runners_unit(tmp_path: Path) -> None:
    analysis, rep = hilly_surge()
    out = tmp_path / "run.svg"
    plot_run(analysis, rep, out)
    text = out.read_text()
    for label in ("pace /mi", "distance (mi)", "BOSS", "too fast", "surge", "by GAP"):
        assert label in text, label


def test_no_plan_and_no_block_still_draws(tmp_path: Path) -> None:
    run = make_run([Leg(MI, 370, hr_bpm=140) for _ in range(4)])
    analysis = analyze(run.activity, unit="mi")
    rep = evaluate(analysis)
    assert not rep.block.progressive
    out = tmp_path / "flat.png"
    plot_run(analysis, rep, out)
    assert out.stat().st_size > 10_000


def test_bad_suffix(tmp_path: Path) -> None:
    analysis, rep = hilly_surge()
    with pytest.raises(ProgtempoError, match=r"\.png, \.svg or \.pdf"):
        plot_run(analysis, rep, tmp_path / "run.jpg")
