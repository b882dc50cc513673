"""Running `progtempo` in-process for the CLI tests, as a user's shell would see it."""

from __future__ import annotations

import pytest

from progtempo.cli import main


def run(capsys: pytest.CaptureFixture[str], *args: str) -> tuple[int, str, str]:
    """Run `progtempo ARGS` through `main` (which turns errors into one line); (exit code, stdout, stderr)
    of this command alone."""
    capsys.readouterr()
    try:
        main(list(args))
        code = 0
    except SystemExit as exc:
        code = int(exc.code or 0)
    out, err = capsys.readouterr()
    return code, out, err
