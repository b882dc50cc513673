"""Helpers shared by the command modules: config access, JSON output, rich console."""

from __future__ import annotations

import math
import sys
from typing import TYPE_CHECKING, Any

import click

if TYPE_CHECKING:
    from rich.console import Console

    from progtempo.cli import Config


def config(ctx: click.Context) -> Config:
    """The resolved global options."""
    from progtempo.cli import Config

    obj = ctx.find_root().obj
    assert isinstance(obj, Config)
    return obj


def _clean(obj: Any) -> Any:
    if isinstance(obj, float):
        return obj if math.isfinite(obj) else None
    if isinstance(obj, dict):
        return {k: _clean(v) for k, v in obj.items()}
    if isinstance(obj, list | tuple):
        return [_clean(v) for v in obj]
    if hasattr(obj, "item") and callable(obj.item):  # numpy scalars
        return _clean(obj.item())
    return obj


def echo_json(doc: Any) -> None:
    """Print one JSON document on stdout; NaN and infinities become null."""
    import json  # here, not at the top: commands that print no JSON start without it

    sys.stdout.write(json.dumps(_clean(doc), indent=2) + "\n")


def console(stderr: bool = False) -> Console:
    """A rich console (imported only when a table is shown)."""
    from rich.console import Console

    return Console(stderr=stderr)
