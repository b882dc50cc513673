"""The `progtempo` command: a thin click layer over the library (`main`: the group, the entry point)."""

from progtempo.cli.main import COMMANDS, cli, fail, main

__all__ = ["COMMANDS", "cli", "fail", "main"]
