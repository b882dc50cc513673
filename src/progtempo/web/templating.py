"""The Jinja2 templates and the filters they format numbers with (the library's own formatters).

Paces read `m:ss` per unit, durations `m:ss` or `h:mm:ss`, distances with two decimals, as Strava,
Garmin Connect and intervals.icu show them. A value the run has none of shows as an en dash.
"""

from __future__ import annotations

import datetime as dt
import json
import math
import re
from pathlib import Path
from typing import TYPE_CHECKING, Any

from fastapi.templating import Jinja2Templates
from markupsafe import Markup

from progtempo._json import json_safe
from progtempo.finite import finite
from progtempo.units import Unit, format_duration, format_pace, unit_m

if TYPE_CHECKING:
    from progtempo.plan.ladder import Session
    from progtempo.plan.rungs import Segment

TEMPLATES_DIR = Path(__file__).resolve().parent / "templates"
NONE = "–"


def pace(pace_s: float | None, unit: Unit | None = None) -> str:
    """`7:30`, or `7:30/mi` with a unit."""
    return format_pace(pace_s, unit) if finite(pace_s) else NONE


def duration(seconds: float | None) -> str:
    return format_duration(seconds) if finite(seconds) else NONE


def distance(distance_m: float | None, unit: Unit, decimals: int = 2) -> str:
    """The distance in `unit`, without the unit's name."""
    return f"{distance_m / unit_m(unit):.{decimals}f}" if finite(distance_m) else NONE


def per_unit(pace_s_per_km: float | None, unit: Unit) -> float | None:
    """A pace stored per km, in seconds per `unit` (None stays None)."""
    from progtempo.store.records import in_unit

    return in_unit(pace_s_per_km, unit)


def file_name(source: str) -> str:
    """The file's own name in a source path (`export.zip:activities/123.fit.gz` → `123.fit.gz`)."""
    return re.split(r"[/\\:]", source)[-1] or source


def climb(metres: float | None, unit: Unit) -> str:
    """A climb as the CLI shows it: feet with miles (as Strava does), metres with km."""
    if not finite(metres):
        return NONE
    feet = unit == "mi"
    value = metres / 0.3048 if feet else metres
    return f"{value:.0f} {'ft' if feet else 'm'}"


def whole(x: float | None) -> str:
    return f"{x:.0f}" if finite(x) else NONE


def signed(x: float | None, decimals: int = 0) -> str:
    return f"{x:+.{decimals}f}" if finite(x) else NONE


def words(key: str | None) -> str:
    """A verdict key as words: `too_fast` → `too fast`."""
    return (key or "").replace("_", " ")


def day(d: dt.date | dt.datetime | str | None) -> str:
    """`Wed 4 Mar 2026`."""
    if d is None:
        return NONE
    if isinstance(d, str):
        d = dt.date.fromisoformat(d[:10])
    return f"{d:%a} {d.day} {d:%b %Y}"


def local_time(t: dt.datetime | None) -> str:
    """The start time of day on this machine's clock, `07:05`."""
    return t.astimezone().strftime("%H:%M") if t is not None else ""


def hr_cell(seg: Segment) -> str:
    """A segment's heart rate as the CLI shows it by effort: `Z3 73-78%`, or `Z3 139-148` in bpm."""
    from progtempo.fitness.effort import EFFORT_BY_KEY
    from progtempo.plan.effort import whole_pct

    cell = f"Z{EFFORT_BY_KEY[seg.effort].hr_zone}"
    if seg.hr_target_bpm is not None:
        return f"{cell} {seg.hr_target_bpm[0]}-{seg.hr_target_bpm[1]}"
    if seg.hr_target_pct is not None:
        lo, hi = whole_pct(seg.hr_target_pct)
        return f"{cell} {lo}-{hi}%"
    return cell


def paced(session: Session) -> bool:
    """Whether the session has paces (a session by effort has none: its table shows no pace columns)."""
    return not session.by_effort and math.isfinite(session.start_pace_s)


def seg_length(seg: Segment, unit: Unit) -> str:
    """A segment's length in the ladder table: `8:00` by time, `1.00` (in `unit`) by distance."""
    return duration(seg.duration_s) if seg.duration_s is not None else distance(seg.distance_m, unit)


def session_total(session: Session) -> str:
    """The session's totals as the ladder shows them: `63:00, about 9.1-9.9 km` by time (the distance
    from the paces' window, when it has paces), `9.66 km in 1:03:00, average 6:32/km` by distance."""
    unit = session.unit
    if session.segment_s is not None:
        text = duration(session.total_time_s)
        rng = session.distance_range_m
        if rng is not None:
            text += f", about {distance(rng[0], unit, 1)}-{distance(rng[1], unit, 1)} {unit}"
        return text if paced(session) else text + ", run by effort"
    text = f"{distance(session.total_distance_m, unit)} {unit}"
    if not paced(session):
        return text + ", run by effort"
    return f"{text} in {duration(session.total_time_s)}, average {pace(session.average_pace_s, unit)}"


def session_query(session: Session) -> str:
    """The session as the plan builder's and `/api/export`'s query (spec, unit, warm-up, cool-down)."""
    from urllib.parse import urlencode

    unit = session.unit
    pairs = [("spec", session.spec()), ("unit", unit)]
    for key, easy in (("warmup", session.warmup), ("cooldown", session.cooldown)):
        if easy is not None:
            length = easy.length_m(unit) / unit_m(unit)
            text = f"{easy.duration_s / 60:g}min" if easy.duration_s else f"{length:g}{unit}"
            pairs += [(key, text), ("easy_pace", format_pace(easy.pace_s))]
    return urlencode(list(dict(pairs).items()))


def to_json_script(doc: Any) -> Markup:
    """A document for a `<script type="application/json">` element (no `</script>` can end it early)."""
    text = json.dumps(json_safe(doc), separators=(",", ":"))
    return Markup(text.replace("<", "\\u003c").replace(">", "\\u003e").replace("&", "\\u0026"))


def make_templates() -> Jinja2Templates:
    """The templates with the formatting filters."""
    templates = Jinja2Templates(directory=str(TEMPLATES_DIR))
    env = templates.env
    env.filters.update(
        pace=pace,
        duration=duration,
        distance=distance,
        whole=whole,
        per_unit=per_unit,
        climb=climb,
        file_name=file_name,
        signed=signed,
        words=words,
        day=day,
        local_time=local_time,
        json_script=to_json_script,
        hr_cell=hr_cell,
    )
    from progtempo.fitness.effort import EFFORT_BY_KEY

    env.globals.update(
        NONE=NONE,
        paced=paced,
        session_query=session_query,
        efforts=EFFORT_BY_KEY,
        seg_length=seg_length,
        session_total=session_total,
    )
    return templates
