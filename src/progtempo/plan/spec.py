"""The compact spec a runner types: `6x1mi 10:00-7:30`, `5x1km 6:00 step 20`, `7x1mi 10:15-7:15 tol 8`,
and for trails `6x8min by effort` or `5x10min 5:40-4:40/km`.

Grammar (case and spaces don't matter)::

    [N x LENGTH|TIME] [START[-END]] [step SECONDS] [tol SECONDS] [by effort [LO-HI%]]

LENGTH is `1mi`, `1km`, `1k`, `800m` or a bare number of units; TIME is `8min`, `7.5min`, `90s` or `1h`.
Any three of N, START, END and step fix the fourth, as in `solve`. `by effort` prescribes each segment
by the talk test and a heart-rate target (LO-HI: the first and last targets in % of max HR); such a
session may have no paces at all. A bare pace is read in the spec's own unit when LENGTH or a pace names
one (`5x1km 6:00` is 6:00/km, and so is `5x10min 6:00-4:40/km`), else in the caller's unit; the Session
is always expressed in the caller's unit. Pure: a plan JSON file named instead of a spec is read by
the caller (`progtempo.plan.files.read_plan`).
"""

from __future__ import annotations

import re

from progtempo.errors import ProgtempoError
from progtempo.plan.ladder import DEFAULT_TOLERANCE_S, Session
from progtempo.plan.solve import effort_session, solve
from progtempo.units import Unit, convert_pace, parse_distance, parse_pace, unit_m

_EXAMPLES = '"6x1mi 10:00-7:30", "5x1km 6:00 step 20", "7x1mi 10:15-7:15 tol 8" or "6x8min by effort"'
_HEAD_RE = re.compile(
    r"^\s*(?P<n>\d+)\s*[x×*]\s*(?P<len>\d+(?:\.\d+)?)\s*"
    r"(?P<lu>minutes|minute|mins|min|hours|hour|hrs|hr|h|seconds|secs|sec|s|"
    r"miles|mile|mi|km|k|metres|meters|m)?(?=\s|$)",
    re.IGNORECASE,
)
_TIME_UNITS: dict[str, float] = {
    **dict.fromkeys(("minutes", "minute", "mins", "min"), 60.0),
    **dict.fromkeys(("hours", "hour", "hrs", "hr", "h"), 3600.0),
    **dict.fromkeys(("seconds", "secs", "sec", "s"), 1.0),
}
_BY_RE = re.compile(
    r"\bby\s+(?P<by>effort|pace)\b(?:\s+(?P<lo>\d+(?:\.\d+)?)\s*%?\s*-\s*(?P<hi>\d+(?:\.\d+)?)\s*%"
    r"(?:\s*(?:of\s+)?(?:max(?:\s*hr)?|hrmax))?)?",
    re.IGNORECASE,
)
_PACE_UNIT_RE = re.compile(r"\d\s*(?:min)?\s*/\s*(?P<u>mi|mile|km|k)\b", re.IGNORECASE)
#: A segment given in metres shorter than this is a typo for minutes (`6x8m`): say so.
_SHORTEST_SEGMENT_M = 100.0
_KEYWORD_RE = re.compile(r"\b(?P<kw>step|tol|tolerance)\s*[=:]?\s*(?P<val>[^\s]+)", re.IGNORECASE)
_SECONDS_RE = re.compile(r"^(?:(?P<m>\d+):(?P<s>\d+(?:\.\d+)?)|(?P<secs>\d+(?:\.\d+)?)\s*(?:s|sec|secs)?)$")


def spec_unit(text: str) -> Unit | None:
    """The unit the spec names: its segment length's (`5x1km ...` -> km), else its paces'
    (`5x10min 6:00-4:40/km` -> km); None when it names none."""
    m = _HEAD_RE.match(text)
    lu = (m.group("lu") or "").lower() if m else ""
    if lu in ("mi", "mile", "miles"):
        return "mi"
    if lu in ("km", "k"):
        return "km"
    if m and lu and lu not in _TIME_UNITS:
        return None  # metres: the spec names no unit for its paces
    paced = _PACE_UNIT_RE.search(text)
    if paced:
        return "mi" if paced.group("u").lower() in ("mi", "mile") else "km"
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


def parse_plan(text: str, unit: Unit) -> Session:
    """Parse a compact spec (see the module docstring) into a Session in `unit`."""
    if not str(text).strip():
        raise ProgtempoError(f"an empty session spec: write e.g. {_EXAMPLES}")

    body = str(text).strip()
    by_match = list(_BY_RE.finditer(body))
    if len(by_match) > 1:
        raise ProgtempoError(f"{text!r} says `by` twice: give it once, e.g. {_EXAMPLES}")
    by_effort = bool(by_match) and by_match[0].group("by").lower() == "effort"
    effort_pct: tuple[float, float] | None = None
    if by_match and by_match[0].group("lo") is not None:
        if not by_effort:
            raise ProgtempoError(f"{text!r}: a heart-rate range goes with `by effort`, e.g. 6x8min by effort")
        effort_pct = check_effort_range(float(by_match[0].group("lo")), float(by_match[0].group("hi")))
    body = _BY_RE.sub(" ", body).strip()
    keywords: dict[str, str] = {}
    for m in _KEYWORD_RE.finditer(body):
        kw = "tol" if m.group("kw").lower().startswith("tol") else "step"
        if kw in keywords:
            raise ProgtempoError(f"{text!r} gives {kw} twice: give it once, e.g. {_EXAMPLES}")
        keywords[kw] = m.group("val")
    body = _KEYWORD_RE.sub(" ", body).strip()

    segments: int | None = None
    segment_m: float | None = None
    segment_s: float | None = None
    pace_unit: Unit = spec_unit(str(text)) or unit
    head = _HEAD_RE.match(body)
    if head:
        segments = int(head.group("n"))
        lu = (head.group("lu") or "").lower()
        if lu in _TIME_UNITS:
            segment_s = float(head.group("len")) * _TIME_UNITS[lu]
        else:
            segment_m = parse_distance(head.group("len") + lu, unit)
            if lu == "m" and segment_m < _SHORTEST_SEGMENT_M:
                raise ProgtempoError(
                    f"{text!r}: segments of {segment_m:g} metres are strides, not levels; "
                    f"for minutes write {head.group('len')}min, e.g. 6x8min by effort"
                )
        body = body[head.end() :].strip()

    tol = DEFAULT_TOLERANCE_S
    body = re.sub(r"\s*(?:->|→|–|—|\bto\b)\s*", "-", body, flags=re.IGNORECASE)
    if not body:
        if by_effort and segments is not None and "step" not in keywords:
            tol_s = parse_seconds(keywords["tol"], "tol") if "tol" in keywords else tol
            if segment_s is None and segment_m is None:
                segment_m = unit_m(unit)
            return effort_session(
                unit,
                segments,
                segment_m=segment_m,
                segment_s=segment_s,
                tolerance_s=convert_pace(tol_s, pace_unit, unit),
                effort_pct=effort_pct,
            )
        hint = f'"{segments}x{head.group("len")}{head.group("lu") or ""} by effort"' if head else _EXAMPLES
        raise ProgtempoError(
            f"{text!r} has no pace: write the start pace (and the end), or run it by effort: e.g. {hint}"
        )
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
    session = solve(
        unit=unit,
        segments=segments,
        start_pace_s=start,
        end_pace_s=end,
        step_s=step,
        segment_m=segment_m,
        segment_s=segment_s,
        tolerance_s=tol,
    )
    if by_effort:
        lo, hi = effort_pct if effort_pct else (None, None)
        session = session.with_changes(by_effort=True, effort_from_pct=lo, effort_to_pct=hi)
    return session


def check_effort_range(lo: float, hi: float) -> tuple[float, float]:
    """The first and last heart-rate targets of a ladder by effort (% of max), or an error saying why."""
    if not 50 <= lo < hi <= 100:
        raise ProgtempoError(
            f"heart rate {lo:g}-{hi:g}% of max: the first target must be below the last, both from 50 "
            "to 100 (the default is 70-96%)"
        )
    return lo, hi
