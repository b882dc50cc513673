"""Reading a plan JSON (`progtempo plan --json`, `Session.to_json`) back: every field checked.

`session_fields` reads what a `Session` is made of, each number finite and in range (human paces, at
most MAX_SEGMENTS segments of at most MAX_SEGMENT_M or MAX_SEGMENT_S), and names a bad one;
`zone_efforts` reads each segment's effort. `Session.from_json` (`plan/ladder.py`) builds the session
from them and turns any other error into one line; this module knows the rungs, not the session.
"""

from __future__ import annotations

import math
from typing import TYPE_CHECKING, Any, NotRequired, TypedDict

from progtempo.errors import ProgtempoError
from progtempo.plan.rungs import Easy
from progtempo.units import Unit, check_human_pace

if TYPE_CHECKING:
    from progtempo.fitness.zones import PaceZones
    from progtempo.plan.effort import HrScale


class SessionFields(TypedDict):
    """What a plan JSON says of a session, checked: the keyword arguments of `Session(...)`.

    `tolerance_s` is missing when the file has none (the session's default then holds).
    """

    unit: Unit
    segments: int
    segment_m: float | None
    segment_s: float | None
    start_pace_s: float
    step_s: float
    tolerance_s: NotRequired[float]
    warmup: Easy | None
    cooldown: Easy | None
    by_effort: bool
    warnings: tuple[str, ...]
    feel: str | None
    notes: tuple[str, ...]
    effort_from_pct: float | None
    effort_to_pct: float | None
    hr: HrScale | None
    pace_zones: PaceZones | None


def session_fields(doc: dict[str, Any]) -> SessionFields:
    """The fields of the session a plan JSON holds, each checked (a ProgtempoError names a bad one).

    A file that is not a plan JSON at all raises what reading it raised (KeyError, TypeError,
    ValueError, IndexError): `Session.from_json` says so in one line.
    """
    unit: Unit = doc["unit"]
    if unit not in ("mi", "km"):
        raise ProgtempoError(f"plan JSON has unit {unit!r}: expected mi or km")
    segs = doc["segments"]
    n = len(segs) if isinstance(segs, list) else _number(doc, "segments")
    if n != int(n) or not 1 <= n <= MAX_SEGMENTS:
        shown = f"{int(n):,}" if n == int(n) else f"{n:g}"
        raise ProgtempoError(f"segments is {shown}: give a whole number from 1 to {MAX_SEGMENTS}")
    seg_m = _maybe_number(doc, "segment_m")
    seg_s = _maybe_number(doc, "segment_s") if "segment_s" in doc else None
    if seg_m is not None and not 0 < seg_m <= MAX_SEGMENT_M:
        raise ProgtempoError(f"segment_m is {seg_m:g}: give a length from 1 m to {MAX_SEGMENT_M:g} m")
    if seg_s is not None and not 0 < seg_s <= MAX_SEGMENT_S:
        raise ProgtempoError(f"segment_s is {seg_s:g}: give a time from 1 s to {MAX_SEGMENT_S:g} s")
    by_effort = doc.get("by") == "effort"
    start = _maybe_number(doc, "start_pace_s", nan_is_null=by_effort)
    step = _maybe_number(doc, "step_s", nan_is_null=by_effort)
    tolerance = _number(doc, "tolerance_s") if "tolerance_s" in doc else None
    if tolerance is not None and not 0 <= tolerance <= MAX_TOLERANCE_S:
        raise ProgtempoError(f"tolerance_s is {tolerance:g}: give 0 to {MAX_TOLERANCE_S:g} seconds")
    for key, value in (("start_pace_s", start), ("step_s", step)):
        if value is None and doc.get("by") != "effort":
            raise ProgtempoError(f"{key} is null: a session by pace needs it (only one by effort has none)")
    if step is not None and step < 0:
        raise ProgtempoError(f"step_s is {step:g}: a progressive ladder gets faster, by a positive step")
    if start is not None:
        check_human_pace(start, unit, "start_pace_s")
        end = start - (int(n) - 1) * (step or 0.0)
        check_human_pace(end, unit, "the end pace (start_pace_s less the steps)")
    warm = doc.get("warmup")
    cool = doc.get("cooldown")
    effort = doc.get("effort_pct_max")
    scale = doc.get("hr_scale")
    zones = doc.get("pace_zones")
    fields = SessionFields(
        unit=unit,
        segments=int(n),
        segment_m=seg_m,
        segment_s=seg_s,
        start_pace_s=math.nan if start is None else start,
        step_s=math.nan if step is None else step,
        warmup=_easy_from_json(warm, "warmup", unit) if warm else None,
        cooldown=_easy_from_json(cool, "cooldown", unit) if cool else None,
        by_effort=doc.get("by") == "effort",
        warnings=tuple(str(w) for w in doc.get("warnings", ())),
        feel=doc.get("feel"),
        notes=tuple(str(n) for n in doc.get("notes", ())),
        effort_from_pct=_effort_pct(effort, 0),
        effort_to_pct=_effort_pct(effort, 1),
        hr=_hr_scale(scale) if scale else None,
        pace_zones=_pace_zones(zones) if zones else None,
    )
    if tolerance is not None:
        fields["tolerance_s"] = tolerance
    return fields


def zone_efforts(segs: Any) -> tuple[str, ...]:
    """Each segment's effort key as a plan JSON's segment list writes it (empty: no list, or unknown keys)."""
    from progtempo.fitness.effort import EFFORT_BY_KEY

    if not isinstance(segs, list) or not segs or not all(isinstance(x, dict) for x in segs):
        return ()
    keys = tuple(str(x.get("effort")) for x in segs)
    return keys if all(k in EFFORT_BY_KEY for k in keys) else ()


def _pace_zones(doc: dict[str, Any]) -> PaceZones:
    """The pace zones of a plan JSON: the runner's, rebuilt from their VDOT."""
    from progtempo.fitness.zones import PaceZones

    return PaceZones.from_vdot(_number(doc, "vdot"))


def _hr_scale(doc: dict[str, Any]) -> HrScale:
    from progtempo.plan.effort import HrScale

    return HrScale.from_json(doc)


#: What a plan JSON may hold: no progressive tempo has more segments, longer ones or a wider window.
MAX_SEGMENTS = 100
MAX_SEGMENT_M = 50_000.0
MAX_SEGMENT_S = 4 * 3600.0
MAX_TOLERANCE_S = 600.0


def _number(doc: dict[str, Any], key: str) -> float:
    """`doc[key]` as a finite number, or a ProgtempoError naming the key and what it holds."""
    value = doc[key]
    if isinstance(value, bool) or not isinstance(value, int | float):
        raise ProgtempoError(f"{key} is {str(value)[:40]!r}, not a number")
    if isinstance(value, int) and abs(value) > 1e15:
        raise ProgtempoError(f"{key} is {str(value)[:40]}…, a number far too large for a plan")
    x = float(value)
    if not math.isfinite(x):
        raise ProgtempoError(f"{key} is {x}, not a finite number")
    return x


def _maybe_number(doc: dict[str, Any], key: str, nan_is_null: bool = False) -> float | None:
    """`_number`, or None when `doc[key]` is null (a session by effort has no paces). With
    `nan_is_null`, a NaN is null too: the log keeps a session by effort's missing paces as NaN."""
    value = doc[key]
    if value is None or (nan_is_null and isinstance(value, float) and math.isnan(value)):
        return None
    return _number(doc, key)


def _effort_pct(pair: Any, i: int) -> float | None:
    """One end of a plan JSON's `effort_pct_max` (percent of the maximum heart rate), checked."""
    if not pair:
        return None
    value = float(pair[i])
    if not 0 <= value <= 110:
        raise ProgtempoError(f"effort_pct_max holds {value:g}: give percentages of the maximum heart rate")
    return value


def _easy_from_json(doc: dict[str, Any], key: str, unit: Unit) -> Easy:
    """A warm-up or cool-down from a plan JSON, checked: by time when it was given as a time (no pace
    needed), a human pace when there is one, a distance or a time in range."""
    if not isinstance(doc, dict):
        raise ProgtempoError(f"{key} is {str(doc)[:40]!r}, not an object with pace_s and distance_m")
    pace = _maybe_number(doc, "pace_s", nan_is_null=True)
    if pace is not None:
        check_human_pace(pace, unit, f"{key}.pace_s")
    pace = math.nan if pace is None else pace
    if doc.get("duration_s") is not None:
        duration = _number(doc, "duration_s")
        if not 0 <= duration <= MAX_SEGMENT_S:
            raise ProgtempoError(f"{key}.duration_s is {duration:g}: give 0 to {MAX_SEGMENT_S:g} s")
        return Easy(pace_s=pace, duration_s=duration)
    distance = _number(doc, "distance_m")
    if not 0 <= distance <= MAX_SEGMENT_M:
        raise ProgtempoError(f"{key}.distance_m is {distance:g}: give 0 to {MAX_SEGMENT_M:g} m")
    return Easy(pace_s=pace, distance_m=distance)
