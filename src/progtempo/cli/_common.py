"""Helpers shared by the command modules: config access, JSON output, rich console, table cells."""

from __future__ import annotations

import math
import sys
from typing import TYPE_CHECKING, Any, TypeGuard

import click

from progtempo._json import json_safe
from progtempo.errors import ProgtempoError

#: the figure formats `--plot` writes, picked by the file's suffix
PLOT_SUFFIXES = (".png", ".svg", ".pdf")

if TYPE_CHECKING:
    from rich.console import Console

    from progtempo.cli import Config
    from progtempo.units import Unit


def config(ctx: click.Context) -> Config:
    """The resolved global options."""
    from progtempo.cli import Config

    obj = ctx.find_root().obj
    assert isinstance(obj, Config)
    return obj


def echo_json(doc: Any) -> None:
    """Print one JSON document on stdout; NaN and infinities become null."""
    import json  # here, not at the top: commands that print no JSON start without it

    sys.stdout.write(json.dumps(json_safe(doc), indent=2) + "\n")


def check_plot_path(plot: str | None) -> None:
    """Refuse a `--plot` path without a figure suffix before any work is done."""
    if plot is not None and not plot.lower().endswith(PLOT_SUFFIXES):
        raise ProgtempoError(f"--plot {plot}: name a .png, .svg or .pdf file")


def console(stderr: bool = False) -> Console:
    """A rich console (imported only when a table is shown)."""
    from rich.console import Console

    return Console(stderr=stderr)


def finite(x: float | None) -> TypeGuard[float]:
    """True for a number a table can show: not None, NaN or infinite."""
    return x is not None and math.isfinite(x)


def pace_cell(pace_s: float | None, missing: str = "-") -> str:
    """A pace as `m:ss` for a table cell; `missing` when there is none."""
    from progtempo.units import format_pace

    return format_pace(pace_s) if finite(pace_s) else missing


def duration_cell(seconds: float | None, missing: str = "-") -> str:
    """A duration as `m:ss` or `h:mm:ss` for a table cell; `missing` when there is none."""
    from progtempo.units import format_duration

    return format_duration(seconds) if finite(seconds) else missing


def distance_cell(distance_m: float | None, unit: Unit) -> str:
    """A distance in `unit` with two decimals (no unit name) for a table cell; `-` when there is none."""
    from progtempo.units import unit_m

    return f"{distance_m / unit_m(unit):.2f}" if finite(distance_m) else "-"


def whole_cell(x: float | None, missing: str = "-") -> str:
    """A number rounded to a whole (heart rate, score, step) for a table cell; `missing` if none."""
    return f"{x:.0f}" if finite(x) else missing
