"""The Jinja2 templates and the filters they format numbers with (the library's own formatters).

Paces read `m:ss` per unit, durations `m:ss` or `h:mm:ss`, distances with two decimals, as Strava,
Garmin Connect and intervals.icu show them. A value the run has none of shows as an en dash.
"""

from __future__ import annotations

import datetime as dt
import json
import math
from pathlib import Path
from typing import Any

from fastapi.templating import Jinja2Templates
from markupsafe import Markup

from progtempo._json import json_safe
from progtempo.units import Unit, format_duration, format_pace, unit_m

TEMPLATES_DIR = Path(__file__).resolve().parent / "templates"
NONE = "–"


def _finite(x: Any) -> bool:
    return isinstance(x, int | float) and not isinstance(x, bool) and math.isfinite(x)


def pace(pace_s: float | None, unit: Unit | None = None) -> str:
    """`7:30`, or `7:30/mi` with a unit."""
    return format_pace(pace_s, unit) if _finite(pace_s) else NONE  # type: ignore[arg-type]


def duration(seconds: float | None) -> str:
    return format_duration(seconds) if _finite(seconds) else NONE  # type: ignore[arg-type]


def distance(distance_m: float | None, unit: Unit, decimals: int = 2) -> str:
    """The distance in `unit`, without the unit's name."""
    return f"{distance_m / unit_m(unit):.{decimals}f}" if _finite(distance_m) else NONE  # type: ignore[operator]


def whole(x: float | None) -> str:
    return f"{x:.0f}" if _finite(x) else NONE


def signed(x: float | None, decimals: int = 0) -> str:
    return f"{x:+.{decimals}f}" if _finite(x) else NONE


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
        signed=signed,
        words=words,
        day=day,
        local_time=local_time,
        json_script=to_json_script,
    )
    env.globals.update(NONE=NONE)
    return templates
