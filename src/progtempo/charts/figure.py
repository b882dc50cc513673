"""A matplotlib figure as the bytes of a file: the one place the figure formats are named.

The drawing modules (`charts.run_plot`, `charts.log_plot`, `simulate.draw_block`) return figures (on
matplotlib's Agg backend, no display); `figure_bytes` renders one in memory, and the caller (the CLI, the
demo, a script) writes the bytes where the user asked. matplotlib is imported only to render.
"""

from __future__ import annotations

import io
from pathlib import PurePath
from typing import Any

from progtempo.errors import ProgtempoError

#: The suffixes a figure may be written to, and the format each names.
FORMATS = {".png": "png", ".svg": "svg", ".pdf": "pdf"}


def figure_format(path: str | PurePath) -> str:
    """The format a figure path names (`png`, `svg`, `pdf`); ProgtempoError for any other suffix."""
    fmt = FORMATS.get(PurePath(path).suffix.lower())
    if fmt is None:
        raise ProgtempoError(f"{path}: name a .png, .svg or .pdf file for the figure")
    return fmt


def figure_bytes(fig: Any, fmt: str) -> bytes:
    """The figure rendered as a `fmt` file (see `FORMATS`) at its own resolution, and closed."""
    import matplotlib.pyplot as plt

    buf = io.BytesIO()
    try:
        fig.savefig(buf, format=fmt, dpi="figure")
    finally:
        plt.close(fig)
    return buf.getvalue()


__all__ = ["FORMATS", "figure_bytes", "figure_format"]
