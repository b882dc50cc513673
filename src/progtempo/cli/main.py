"""The `progtempo` group and its entry point: global options into a `Config`, errors into one line.

Commands live in their own modules (`COMMANDS`) and are imported only when used, so `plan` and
`--help` start fast. A command module imports nothing heavy at its top; it imports the library inside
the command.
"""

from __future__ import annotations

import importlib
import logging
import sys
from typing import Any

import click

from progtempo.config import Config
from progtempo.errors import ProgtempoError

#: command name -> (module under progtempo.cli, attribute)
COMMANDS: dict[str, tuple[str, str]] = {
    "plan": ("plan", "plan"),
    "progression": ("plan", "progression"),
    "fitness": ("plan", "fitness"),
    "analyze": ("analyze", "analyze"),
    "next": ("analyze", "next_session"),
    "export": ("export", "export"),
    "import": ("log", "import_"),
    "log": ("log", "log"),
    "schedule": ("log", "schedule"),
    "history": ("log", "history"),
    "athlete": ("athlete", "athlete"),
    "load": ("load", "load"),
    "demo": ("demo", "demo"),
    "serve": ("serve", "serve"),
    "user": ("users", "user"),
    "worker": ("worker", "worker"),
}


class LazyGroup(click.Group):
    """A group whose commands are imported on first use."""

    def list_commands(self, ctx: click.Context) -> list[str]:
        return [name for name in COMMANDS if self._load(name) is not None]

    def get_command(self, ctx: click.Context, cmd_name: str) -> click.Command | None:
        return self._load(cmd_name)

    def _load(self, name: str) -> click.Command | None:
        if name not in COMMANDS:
            return None
        module_name, attr = COMMANDS[name]
        try:
            module = importlib.import_module(f"progtempo.cli.{module_name}")
        except ModuleNotFoundError as exc:
            if exc.name == f"progtempo.cli.{module_name}":
                return None  # a command group not built yet
            raise
        cmd = getattr(module, attr, None)
        return cmd if isinstance(cmd, click.Command) else None


@click.group(cls=LazyGroup, context_settings={"help_option_names": ["-h", "--help"]})
@click.option(
    "--unit",
    type=click.Choice(["mi", "km"]),
    default=None,
    help="Unit for paces and splits: mi or km. Default: PROGTEMPO_UNIT, else mi.",
)
@click.option(
    "--db",
    "db_url",
    default=None,
    metavar="URL",
    help="Training log: a URL (sqlite:///…, postgresql+psycopg://…), a .sqlite/.db file or a folder "
    "(default: PROGTEMPO_DB, else SQLite in the user data dir).",
)
@click.option("--debug", is_flag=True, help="Show tracebacks on errors.")
@click.version_option(package_name="progtempo")
@click.pass_context
def cli(ctx: click.Context, unit: str | None, db_url: str | None, debug: bool) -> None:
    """Plan, export, import, analyse and coach the progressive tempo run.

    Start easy, get faster every mile (or km) by a set step, finish comfortably hard.
    """
    ctx.obj = Config.resolve(unit=unit, db_url=db_url, debug=debug)


def fail(message: str, code: int = 2) -> None:
    """Print one `progtempo:` line on stderr and exit with `code`."""
    click.echo(f"progtempo: {message}", err=True)
    sys.exit(code)


def main(argv: list[str] | None = None) -> Any:
    """Entry point: runs the group and turns every error into one `progtempo:` line."""
    args = sys.argv[1:] if argv is None else argv
    debug = "--debug" in args
    if not debug:
        # SQLAlchemy logs (with a traceback) a pool connection whose reset a Ctrl-C interrupted; with no
        # handler configured Python prints it on stderr before our one line, so the CLI keeps it quiet.
        logging.getLogger("sqlalchemy").addHandler(logging.NullHandler())
    try:
        return cli.main(args=args, prog_name="progtempo", standalone_mode=False)
    except ProgtempoError as exc:
        if debug:
            raise
        fail(str(exc), 2)
    except click.exceptions.Exit as exc:
        sys.exit(exc.exit_code)
    except click.Abort:
        fail("aborted", 130)
    except click.ClickException as exc:
        if debug:
            raise
        msg = exc.format_message()
        if isinstance(exc, click.UsageError) and exc.ctx is not None:
            msg += f" (see `{exc.ctx.command_path} --help`)"
        fail(msg, exc.exit_code)
    except KeyboardInterrupt:
        fail("interrupted", 130)
    except BrokenPipeError:
        sys.exit(0)
    except Exception as exc:
        if debug:
            raise
        fail(f"internal error: {type(exc).__name__}: {exc} (rerun with --debug for the traceback)", 1)
    return None
