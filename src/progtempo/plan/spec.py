"""The compact spec a runner types: `6x1mi 10:00-7:30`, `5x1km 6:00 step 20`, `7x1mi 10:15-7:15 tol 8`.

Grammar (case and spaces don't matter)::

    [N x LENGTH] START[-END] [step SECONDS] [tol SECONDS]

LENGTH is `1mi`, `1km`, `1k`, `800m` or a bare number of units. Any three of N, START, END and step fix
the fourth, as in `solve`. A bare pace is read in the spec's own unit when LENGTH names one (`5x1km 6:00`
is 6:00/km), else in the caller's unit; the Session is always expressed in the caller's unit. A path to a
plan JSON file written by `progtempo plan --json` is read back instead.
"""

from __future__ import annotations

import json
import re
from pathlib import Path

from progtempo.errors import ProgtempoError
from progtempo.plan.ladder import DEFAULT_TOLERANCE_S, Session, solve
from progtempo.units import Unit, convert_pace, parse_distance, parse_pace

_EXAMPLES = '"6x1mi 10:00-7:30", "5x1km 6:00 step 20" or "7x1mi 10:15-7:15 tol 8"'
_HEAD_RE = re.compile(
    r"^\s*(?P<n>\d+)\s*[x×*]\s*(?P<len>\d+(?:\.\d+)?)\s*(?P<lu>miles|mile|mi|km|k|metres|meters|m)?(?=\s|$)",
    re.IGNORECASE,
)
_KEYWORD_RE = re.compile(r"\b(?P<kw>step|tol|tolerance)\s*[=:]?\s*(?P<val>[^\s]+)", re.IGNORECASE)
_SECONDS_RE = re.compile(r"^(?:(?P<m>\d+):(?P<s>\d+(?:\.\d+)?)|(?P<secs>\d+(?:\.\d+)?)\s*(?:s|sec|secs)?)$")


def looks_like_file(text: str) -> bool:
    """True when `text` names a plan JSON file rather than a compact spec."""
    t = text.strip()
    if t.lower().endswith(".json"):
        return True
    try:
        return len(t) < 4096 and "\n" not in t and Path(t).is_file()
    except OSError:  # e.g. a name longer than the file system allows: not a file, so a spec
        return False


def spec_unit(text: str) -> Unit | None:
    """The unit the spec's segment length names (`5x1km ...` -> km), or None when it names none."""
    m = _HEAD_RE.match(text)
    if not m or not m.group("lu"):
        return None
    lu = m.group("lu").lower()
    if lu in ("mi", "mile", "miles"):
        return "mi"
    if lu in ("km", "k"):
        return "km"
    return None


def parse_seconds(text: str, what: str = "step") -> float:
    """Seconds as typed for a step or a tolerance: `30`, `37.5`, `30s`, `0:30`."""
    m = _SECONDS_RE.match(text.strip().lower())
    if not m:
        raise ProgtempoError(
            f"{what} {text!r} is not a number of seconds: write e.g. {what} 30 or {what} 37.5"
        )
    if m.group("secs") is not None:
        return float(m.group("secs"))
    return int(m.group("m")) * 60 + float(m.group("s"))


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


def parse_plan(text: str, unit: Unit, *, files: bool = True) -> Session:
    """Parse a compact spec (see the module docstring) or read a plan JSON file; a Session in `unit`.

    With `files=False` the text is only ever a spec (the web app: a request must not read server files).
    """
    if not str(text).strip():
        raise ProgtempoError(f"an empty session spec: write e.g. {_EXAMPLES}")
    if files and looks_like_file(text):
        session = read_plan_file(text.strip())
        return session if session.unit == unit else session.in_unit(unit)

    body = str(text).strip()
    keywords: dict[str, str] = {}
    for m in _KEYWORD_RE.finditer(body):
        kw = "tol" if m.group("kw").lower().startswith("tol") else "step"
        if kw in keywords:
            raise ProgtempoError(f"{text!r} gives {kw} twice: give it once, e.g. {_EXAMPLES}")
        keywords[kw] = m.group("val")
    body = _KEYWORD_RE.sub(" ", body).strip()

    segments: int | None = None
    segment_m: float | None = None
    pace_unit: Unit = spec_unit(body) or unit
    head = _HEAD_RE.match(body)
    if head:
        segments = int(head.group("n"))
        length_txt = head.group("len") + (head.group("lu") or "")
        segment_m = parse_distance(length_txt, unit)
        body = body[head.end() :].strip()

    body = re.sub(r"\s*(?:->|→|–|—|\bto\b)\s*", "-", body, flags=re.IGNORECASE)
    if not body:
        raise ProgtempoError(f"{text!r} has no pace: write the start pace (and the end), e.g. {_EXAMPLES}")
    parts = [p.strip() for p in body.split("-")]
    if len(parts) > 2 or not parts[0] or (len(parts) == 2 and not parts[1]):
        raise ProgtempoError(
            f"{text!r} is not a session spec: write START-END with two paces, e.g. {_EXAMPLES}"
        )

    def pace(txt: str) -> float:
        return convert_pace(parse_pace(txt, pace_unit), pace_unit, unit)

    def per_unit(seconds: float) -> float:
        return convert_pace(seconds, pace_unit, unit)

    start = pace(parts[0])
    end = pace(parts[1]) if len(parts) == 2 else None
    step = per_unit(parse_seconds(keywords["step"], "step")) if "step" in keywords else None
    tol = per_unit(parse_seconds(keywords["tol"], "tol")) if "tol" in keywords else DEFAULT_TOLERANCE_S
    if segments is None and (end is None or step is None):
        raise ProgtempoError(
            f"{text!r} needs the number of segments, or an end pace and a step: e.g. {_EXAMPLES}"
        )
    return solve(
        unit=unit,
        segments=segments,
        start_pace_s=start,
        end_pace_s=end,
        step_s=step,
        segment_m=segment_m,
        tolerance_s=tol,
    )
