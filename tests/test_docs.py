"""Every command and option is documented: docs/cli.md is generated from the commands and kept current."""

from __future__ import annotations

from pathlib import Path

import click

from progtempo.cli import COMMANDS, cli
from progtempo.cli._docs import render

DOCS = Path(__file__).resolve().parents[1] / "docs"


def test_cli_reference_is_current() -> None:
    current = (DOCS / "cli.md").read_text()
    assert current == render(), "docs/cli.md is stale: run `python -m progtempo.cli._docs > docs/cli.md`"


def test_every_command_and_option_is_in_the_reference() -> None:
    text = (DOCS / "cli.md").read_text()
    ctx = click.Context(cli, info_name="progtempo")
    for name in COMMANDS:
        cmd = cli.get_command(ctx, name)
        assert cmd is not None, f"command {name} is registered but does not load"
        assert f"## progtempo {name}" in text
        for param in cmd.params:
            if isinstance(param, click.Option) and not param.hidden:
                assert any(opt in text for opt in param.opts), f"{name}: {param.opts} undocumented"


def test_every_command_has_help() -> None:
    ctx = click.Context(cli, info_name="progtempo")
    for name in COMMANDS:
        cmd = cli.get_command(ctx, name)
        assert cmd is not None and (cmd.help or "").strip(), f"{name} has no help text"


def test_docs_exist() -> None:
    for page in ("concepts.md", "algorithms.md", "formats.md", "coaching.md", "log.md", "cli.md"):
        assert (DOCS / page).is_file(), f"docs/{page} is missing"
