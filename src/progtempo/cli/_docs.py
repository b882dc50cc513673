"""Render the CLI reference (docs/cli.md) from the click commands themselves.

`python -m progtempo.cli._docs > docs/cli.md` regenerates it; a test fails when it is out of date, so
every command and option is documented.
"""

from __future__ import annotations

import click

from progtempo.cli.main import COMMANDS, cli


def _help(cmd: click.Command, name: str, parent: click.Context | None) -> str:
    ctx = click.Context(
        cmd, info_name=name, parent=parent, terminal_width=100, max_content_width=100, **cmd.context_settings
    )
    return cmd.get_help(ctx)


def render() -> str:
    """The whole reference as Markdown: the group's help, then each command's."""
    root = click.Context(
        cli, info_name="progtempo", terminal_width=100, max_content_width=100, **cli.context_settings
    )
    parts = [
        "# Command-line reference",
        "",
        "Generated from the commands themselves by `python -m progtempo.cli._docs > docs/cli.md`;",
        "a test fails when this page is out of date.",
        "",
        "## progtempo",
        "",
        "```",
        cli.get_help(root),
        "```",
    ]
    for name in COMMANDS:
        cmd = cli.get_command(root, name)
        if cmd is None:
            continue
        parts += ["", f"## progtempo {name}", "", "```", _help(cmd, name, root), "```"]
        if isinstance(cmd, click.Group):
            ctx = click.Context(cmd, info_name=name, parent=root)
            for sub_name in cmd.list_commands(ctx):
                sub = cmd.get_command(ctx, sub_name)
                if sub is not None:
                    title = f"progtempo {name} {sub_name}"
                    parts += ["", f"### {title}", "", "```", _help(sub, sub_name, ctx), "```"]
    return "\n".join(parts) + "\n"


if __name__ == "__main__":
    click.echo(render(), nl=False)
