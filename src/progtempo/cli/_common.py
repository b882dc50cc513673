"""Helpers shared by the command modules: config access, JSON output, rich console, table cells."""

from __future__ import annotations

import sys
from typing import TYPE_CHECKING, Any

import click

from progtempo._json import json_safe
from progtempo.errors import ProgtempoError
from progtempo.finite import finite

if TYPE_CHECKING:
    from rich.console import Console

    from progtempo.config import Config
    from progtempo.store import Store
    from progtempo.units import Unit


def config(ctx: click.Context, *, athlete: str | None = None) -> Config:
    """The configuration resolved once by the group (contract 3), for `athlete` when a command names one."""
    from progtempo.config import Config

    obj = ctx.find_root().obj
    if obj is None:  # a command invoked on its own (tests, docs): resolve here, at the edge
        obj = ctx.find_root().obj = Config.resolve()
    assert isinstance(obj, Config)
    return obj.with_athlete(athlete)


def open_log(cfg: Config) -> Store:
    """The training log the config names, with its calendar zone."""
    from progtempo.store import open_store

    return open_store(cfg.db_url, tz=cfg.tz)


def echo_json(doc: Any) -> None:
    """Print one JSON document on stdout; NaN and infinities become null."""
    import json  # here, not at the top: commands that print no JSON start without it

    sys.stdout.write(json.dumps(json_safe(doc), indent=2) + "\n")


def check_plot_path(plot: str | None) -> None:
    """Refuse a `--plot` path without a figure suffix (`charts.figure.FORMATS`) before any work is done."""
    if plot is not None:
        from progtempo.charts.figure import figure_format

        try:
            figure_format(plot)
        except ProgtempoError as exc:
            raise ProgtempoError(f"--plot {exc}") from None


def write_figure(fig: Any, path: str) -> None:
    """Render a drawn figure in the format its path names and write it there (its folder made): the
    drawing modules return figures, the commands write the files."""
    from pathlib import Path  # here: `analyze --json` starts without it

    from progtempo.charts.figure import figure_bytes, figure_format

    out = Path(path)
    data = figure_bytes(fig, figure_format(out))
    out.parent.mkdir(parents=True, exist_ok=True)
    out.write_bytes(data)


def console(stderr: bool = False) -> Console:
    """A rich console (imported only when a table is shown)."""
    from rich.console import Console

    return Console(stderr=stderr)


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


def signed_cell(x: float | None, missing: str = "-") -> str:
    """Seconds off a target, signed and whole (`+3`, `-5`); `0`, never `-0`, when it rounds to nothing."""
    if not finite(x):
        return missing
    n = round(x)
    return f"{n:+d}" if n else "0"


def grade_cell(fraction: float) -> str:
    """A grade in percent, signed: `+1.2`, `-0.4`, or `0.0` (never `-0.0`)."""
    pct = round(fraction * 100, 1)
    return f"{pct:+.1f}" if pct else "0.0"


def verdict_words(key: str | None) -> str:
    """A verdict or insight key as the words every table uses: `too_fast` -> `too fast`."""
    return (key or "").replace("_", " ")
