"""Errors a user can fix: the CLI prints them as one `progtempo:` line and exits 2."""

from __future__ import annotations


class ProgtempoError(ValueError):
    """Bad input or usage, with a message that says what is wrong and how to fix it."""


class ActivityReadError(ProgtempoError):
    """An activity file that cannot be read: empty, corrupt, not what its name says."""

    def __init__(self, source: str, message: str) -> None:
        self.source = source
        self.reason = " ".join(message.split())  # one line, whatever a library's text held
        super().__init__(f"{source}: {self.reason}")
