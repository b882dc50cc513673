"""Figures as bytes: the drawing modules return figures, `figure_bytes` renders them in memory, and only
the callers (the CLI, the demo) write files."""

from __future__ import annotations

from pathlib import Path

import pytest

import progtempo
from progtempo.charts.figure import FORMATS, figure_bytes, figure_format
from progtempo.errors import ProgtempoError

SRC = Path(progtempo.__file__).parent


def test_only_the_figure_module_renders_and_no_plot_module_writes() -> None:
    rendering = sorted(
        p.relative_to(SRC).as_posix() for p in SRC.rglob("*.py") if "savefig(" in p.read_text()
    )
    assert rendering == ["charts/figure.py", "export/card.py"]  # the pace card: a PDF in memory too
    for name in ("charts/run_plot.py", "charts/log_plot.py", "charts/figure.py"):
        text = (SRC / name).read_text()
        for write in ("write_bytes(", "open(", "mkdir(", "write_text("):
            assert write not in text, f"{name} writes a file ({write})"


@pytest.mark.parametrize(("fmt", "magic"), [("png", b"\x89PNG"), ("svg", b"<?xml"), ("pdf", b"%PDF")])
def test_a_figure_as_each_format_and_closed(fmt: str, magic: bytes) -> None:
    import matplotlib.pyplot as plt

    before = len(plt.get_fignums())
    fig = plt.figure(figsize=(2, 2), dpi=50)
    fig.add_subplot().plot([0, 1], [0, 1])
    data = figure_bytes(fig, fmt)
    assert data.startswith(magic)
    assert len(plt.get_fignums()) == before  # rendered and closed: a long session leaks no figures


@pytest.mark.parametrize("path", ["run.jpg", "run", "run.png.gz", ".png"])
def test_a_path_that_names_no_figure_format_is_refused(path: str) -> None:
    with pytest.raises(ProgtempoError, match=r"\.png, \.svg or \.pdf"):
        figure_format(path)
    assert sorted(FORMATS.values()) == ["pdf", "png", "svg"]
