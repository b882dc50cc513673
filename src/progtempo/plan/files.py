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


#: A plan JSON is a few kB; a larger file is not one.
MAX_PLAN_BYTES = 1 << 20


class _Odd(str):
    """A number no plan holds (NaN, Infinity, 1e400, an integer of 19 digits or more), kept as its text
    so that the field holding it is named with it."""


def _odd_int(text: str) -> int | _Odd:
    return int(text) if len(text) <= 18 else _Odd(text)


def _odd_float(text: str) -> float | _Odd:
    x = float(text)
    return x if x - x == 0 else _Odd(text)  # finite


def _first_odd(doc: object) -> tuple[str, str] | None:
    """Where the first NaN, Infinity or too-large number of a loaded plan JSON is, and its text."""
    stack: list[tuple[str, object]] = [("", doc)]
    while stack:
        where, obj = stack.pop()
        if isinstance(obj, _Odd):
            return where or "the document", str(obj)
        if isinstance(obj, dict):
            stack += [(f"{where}.{k}" if where else str(k), v) for k, v in reversed(obj.items())]
        elif isinstance(obj, list):
            stack += [(f"{where}[{i}]", v) for i, v in reversed(list(enumerate(obj)))]
    return None


def read_plan_file(path: str | Path) -> Session:
    """A Session from a plan JSON file written by `progtempo plan --json`; a damaged or hand-edited file
    gets one line naming what is wrong (a field that is NaN, Infinity or 1e400, nesting too deep…)."""
    p = Path(path)
    try:
        with open(p, "rb") as f:
            raw = f.read(MAX_PLAN_BYTES + 1)
        if len(raw) > MAX_PLAN_BYTES:
            raise ProgtempoError(f"{p}: over {MAX_PLAN_BYTES:,} bytes, too large to be a plan JSON")
        doc = json.loads(raw.decode("utf-8"), parse_constant=_Odd, parse_float=_odd_float, parse_int=_odd_int)
    except FileNotFoundError:
        raise ProgtempoError(
            f"{p}: no such plan file (write one with `progtempo plan ... --json > {p.name}`)"
        ) from None
    except (OSError, UnicodeDecodeError) as exc:
        raise ProgtempoError(f"{p}: can't read it ({exc.__class__.__name__}): check the path") from None
    except ProgtempoError:
        raise
    except json.JSONDecodeError as exc:
        raise ProgtempoError(
            f"{p}: not JSON ({exc.msg} at line {exc.lineno}): pass a file from `progtempo plan --json`"
        ) from None
    except RecursionError:
        raise ProgtempoError(
            f"{p}: nested too deeply to be a plan JSON: pass a file from `progtempo plan --json`"
        ) from None
    except ValueError as exc:  # e.g. an integer of more than 4,300 digits
        raise ProgtempoError(
            f"{p}: not a plan JSON ({exc}): pass a file from `progtempo plan --json`"
        ) from None
    if not isinstance(doc, dict):
        raise ProgtempoError(f"{p}: not a plan JSON object: pass a file from `progtempo plan --json`")
    odd = _first_odd(doc)
    if odd is not None:
        where, text = odd
        shown = text if len(text) <= 40 else text[:40] + "…"
        raise ProgtempoError(f"{p}: {where} is {shown}, not a number a plan can hold")
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
