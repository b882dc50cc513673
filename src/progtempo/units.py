"""Paces, distances and durations: parse what runners type, format what they read.

Everything inside the library is SI (metres, seconds); a pace is seconds per unit, where the
unit is a mile or a kilometre. Conversion happens only here, at the edges.
"""

from __future__ import annotations

import math
import re
from typing import Literal

from progtempo.errors import ProgtempoError

Unit = Literal["mi", "km"]
UNITS: tuple[Unit, ...] = ("mi", "km")
MILE_M = 1609.344
KM_M = 1000.0
METRES_PER_UNIT: dict[Unit, float] = {"mi": MILE_M, "km": KM_M}

#: Paces a human runs: faster than 2:30/km is a world record sprint, slower than 20:00/km is walking.
FASTEST_PACE_S_PER_KM = 150.0
SLOWEST_PACE_S_PER_KM = 1200.0

NAMED_DISTANCES_M: dict[str, float] = {
    "1500m": 1500.0,
    "mile": MILE_M,
    "3k": 3000.0,
    "5k": 5000.0,
    "8k": 8000.0,
    "10k": 10000.0,
    "15k": 15000.0,
    "10mi": 10 * MILE_M,
    "half": 21097.5,
    "half_marathon": 21097.5,
    "halfmarathon": 21097.5,
    "hm": 21097.5,
    "marathon": 42195.0,
    "full": 42195.0,
}

_PACE_RE = re.compile(
    r"^\s*(?:(?P<m>\d+):(?P<s>\d+(?:\.\d+)?)|(?P<secs>\d+(?:\.\d+)?)\s*s)\s*"
    r"(?:(?:min)?\s*/?\s*(?P<unit>mi|mile|km|k)\b)?\s*$",
    re.IGNORECASE,
)
_UNIT_ALIASES: dict[str, Unit] = {"mi": "mi", "mile": "mi", "miles": "mi", "km": "km", "k": "km"}
_DIST_RE = re.compile(
    r"^\s*(?P<n>\d+(?:\.\d+)?)\s*(?P<u>mi|mile|miles|km|k|m|mtr|metres|meters)?\s*$", re.IGNORECASE
)


def unit_m(unit: Unit) -> float:
    """Metres in one `unit`."""
    return METRES_PER_UNIT[unit]


def parse_unit(text: str) -> Unit:
    """`mi`/`mile`/`km`/`k` to a Unit, or an error saying which are accepted."""
    u = _UNIT_ALIASES.get(text.strip().lower())
    if u is None:
        raise ProgtempoError(f"unknown unit {text!r}: use mi or km")
    return u


def default_unit() -> Unit:
    """Miles, as in the article (PROGTEMPO_UNIT is read once at the edge, by `progtempo.config.Config`)."""
    return "mi"


def convert_pace(pace_s: float, from_unit: Unit, to_unit: Unit) -> float:
    """Seconds per `from_unit` to seconds per `to_unit`."""
    return pace_s * unit_m(to_unit) / unit_m(from_unit)


def pace_from_speed(speed_m_s: float, unit: Unit) -> float:
    """Metres per second to seconds per unit."""
    return unit_m(unit) / speed_m_s


def speed_from_pace(pace_s: float, unit: Unit) -> float:
    """Seconds per unit to metres per second."""
    return unit_m(unit) / pace_s


def parse_pace(text: str, unit: Unit) -> float:
    """Parse `7:30`, `7:30/mi`, `4:40/km`, `7:30 min/mi` or `450s`; return seconds per `unit`.

    A pace without a unit is read in `unit`. Nonsense raises ProgtempoError saying what is expected.
    """
    m = _PACE_RE.match(str(text))
    hint = "expected a pace like 7:30, 7:30/mi, 4:40/km or 450s"
    if not m:
        raise ProgtempoError(f"{text!r} is not a pace: {hint}")
    if m.group("secs") is not None:
        seconds = float(m.group("secs"))
    else:
        sec = float(m.group("s"))
        if sec >= 60:
            raise ProgtempoError(f"{text!r} is not a pace: seconds must be under 60 ({hint})")
        seconds = int(m.group("m")) * 60 + sec
    if seconds <= 0:
        raise ProgtempoError(f"{text!r} is not a pace: it must be more than 0:00 ({hint})")
    given = m.group("unit")
    if given:
        seconds = convert_pace(seconds, _UNIT_ALIASES[given.lower()], unit)
    return seconds


def check_human_pace(pace_s: float, unit: Unit, what: str = "pace") -> None:
    """Reject a pace faster than 2:30/km or slower than 20:00/km, saying the range in `unit`."""
    per_km = convert_pace(pace_s, unit, "km")
    if not (FASTEST_PACE_S_PER_KM - 1e-9 <= per_km <= SLOWEST_PACE_S_PER_KM + 1e-9):
        lo = format_pace(convert_pace(FASTEST_PACE_S_PER_KM, "km", unit), unit)
        hi = format_pace(convert_pace(SLOWEST_PACE_S_PER_KM, "km", unit), unit)
        raise ProgtempoError(
            f"{what} {format_pace(pace_s, unit)} is outside what humans run: use a pace between {lo} and {hi}"
        )


def format_pace(pace_s: float, unit: Unit | None = None, *, decimals: int = 0) -> str:
    """Seconds per unit as `m:ss` (with `/mi` or `/km` when `unit` is given)."""
    if not math.isfinite(pace_s):
        return "--:--"
    scale = 10**decimals
    total = round(pace_s * scale) / scale
    minutes, seconds = divmod(total, 60)
    sec_txt = f"{seconds:0{3 + decimals}.{decimals}f}" if decimals else f"{int(seconds):02d}"
    txt = f"{int(minutes)}:{sec_txt}"
    return f"{txt}/{unit}" if unit else txt


def format_step(step_s: float) -> str:
    """A step in seconds, without a trailing .0: `30 s`, `37.5 s`."""
    return f"{step_s:g} s"


def parse_distance(text: str, unit: Unit) -> float:
    """Parse `5mi`, `8k`, `8km`, `800m`, `half`, `marathon`, `10000`; return metres.

    A bare number up to 100 is read in `unit` (`5` is 5 miles with --unit mi); a larger one is metres.
    """
    key = str(text).strip().lower().replace(" ", "").replace("-", "_")
    if key in NAMED_DISTANCES_M:
        return NAMED_DISTANCES_M[key]
    m = _DIST_RE.match(key)
    if not m:
        raise ProgtempoError(
            f"{text!r} is not a distance: expected e.g. 5mi, 8k, 8km, 800m, 10000, half or marathon"
        )
    n = float(m.group("n"))
    u = (m.group("u") or "").lower()
    if u in ("mi", "mile", "miles"):
        metres = n * MILE_M
    elif u in ("km", "k"):
        metres = n * KM_M
    elif u in ("m", "mtr", "metres", "meters"):
        metres = n
    else:
        metres = n * unit_m(unit) if n <= 100 else n
    if metres <= 0:
        raise ProgtempoError(f"{text!r} is not a distance: it must be more than zero")
    return metres


def format_distance(distance_m: float, unit: Unit, *, decimals: int = 2) -> str:
    """Metres as `6.00 mi` / `10.00 km`, or `800 m` under a tenth of a unit."""
    if distance_m < 0.1 * unit_m(unit):
        return f"{distance_m:.0f} m"
    return f"{distance_m / unit_m(unit):.{decimals}f} {unit}"


def parse_duration(text: str) -> float:
    """Parse `45:00`, `1:02:30`, `90s`, `20min`, `1h`; return seconds."""
    t = str(text).strip().lower()
    m = re.fullmatch(r"(\d+(?:\.\d+)?)\s*(s|sec|secs|min|mins|m|h|hr|hrs)", t)
    if m:
        n = float(m.group(1))
        mult = {
            "s": 1,
            "sec": 1,
            "secs": 1,
            "min": 60,
            "mins": 60,
            "m": 60,
            "h": 3600,
            "hr": 3600,
            "hrs": 3600,
        }
        return n * mult[m.group(2)]
    parts = t.split(":")
    try:
        nums = [float(p) for p in parts]
    except ValueError:
        nums = []
    if not nums or len(nums) > 3 or any(x < 0 for x in nums) or any(x >= 60 for x in nums[1:]):
        raise ProgtempoError(f"{text!r} is not a duration: expected e.g. 45:00, 1:02:30, 90s or 20min")
    seconds = 0.0
    for x in nums:
        seconds = seconds * 60 + x
    if seconds <= 0:
        raise ProgtempoError(f"{text!r} is not a duration: it must be more than zero")
    return seconds


def format_duration(seconds: float) -> str:
    """Seconds as `m:ss`, or `h:mm:ss` from an hour up."""
    if not math.isfinite(seconds):
        return "--:--"
    total = round(seconds)
    h, rest = divmod(total, 3600)
    m, s = divmod(rest, 60)
    return f"{h}:{m:02d}:{s:02d}" if h else f"{m}:{s:02d}"


def as_unit(text: str | None) -> Unit:
    """A Unit from an option value, else miles."""
    return parse_unit(text) if text else default_unit()


__all__ = [
    "KM_M",
    "METRES_PER_UNIT",
    "MILE_M",
    "UNITS",
    "Unit",
    "as_unit",
    "check_human_pace",
    "convert_pace",
    "default_unit",
    "format_distance",
    "format_duration",
    "format_pace",
    "format_step",
    "pace_from_speed",
    "parse_distance",
    "parse_duration",
    "parse_pace",
    "parse_unit",
    "speed_from_pace",
    "unit_m",
]
