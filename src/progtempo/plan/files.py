"""A plan as the runner names it: a compact spec, or a plan JSON file written by `progtempo plan --json`.

The file system is read here, at the edge of the planner, so that `spec` stays pure; the web app
passes `files=False` (a request must not read the server's files).
"""

from __future__ import annotations

import json
from pathlib import Path

from progtempo.errors import ProgtempoError
from progtempo.plan.ladder import Session
from progtempo.plan.spec import parse_plan
from progtempo.units import Unit


def looks_like_file(text: str) -> bool:
    """True when `text` names a plan JSON file rather than a compact spec."""
    t = text.strip()
    if t.lower().endswith(".json"):
        return True
    try:
        return len(t) < 4096 and "\n" not in t and Path(t).is_file()
    except OSError:  # e.g. a name longer than the file system allows: not a file, so a spec
        return False


def read_plan_file(path: str | Path) -> Session:
    """A Session from a plan JSON file written by `progtempo plan --json`."""
    p = Path(path)
    try:
        doc = json.loads(p.read_text(encoding="utf-8"))
    except FileNotFoundError:
        raise ProgtempoError(
            f"{p}: no such plan file (write one with `progtempo plan ... --json > {p.name}`)"
        ) from None
    except (OSError, UnicodeDecodeError) as exc:
        raise ProgtempoError(f"{p}: can't read it ({exc.__class__.__name__}): check the path") from None
    except json.JSONDecodeError as exc:
        raise ProgtempoError(
            f"{p}: not JSON ({exc.msg} at line {exc.lineno}): pass a file from `progtempo plan --json`"
        ) from None
    if not isinstance(doc, dict):
        raise ProgtempoError(f"{p}: not a plan JSON object: pass a file from `progtempo plan --json`")
    try:
        return Session.from_json(doc)
    except ProgtempoError as exc:
        raise ProgtempoError(f"{p}: {exc}") from None


def read_plan(text: str, unit: Unit, *, files: bool = True) -> Session:
    """The session `text` names: a plan JSON file (when `files` and it looks like one), else a compact
    spec (`progtempo.plan.spec.parse_plan`); a Session in `unit`."""
    if files and str(text).strip() and looks_like_file(text):
        session = read_plan_file(text.strip())
        return session if session.unit == unit else session.in_unit(unit)
    return parse_plan(text, unit)
