"""Which sport a recording really is, before the coach judges it as a run.

A file says what it is (its sport, the device that made it), and its speeds say what it was. The coach
judges runs only: a ride (marked cycling, made by a bike computer or Zwift, or faster than any runner
has ever been over a mile or more), a walk or a hike (walking speeds, with no sport that says
running), or any other declared sport is kept as it is, with what it looks like and why, and gets no
ladder, no levels and no score.

Rules, in order (docs/coaching.md, "Which sport"):

1. A declared sport that is not running (cycling, walking, hiking, swimming, generic, ...): that sport.
2. Faster than the men's world record over a mile or more (the record's pace for 1 mile, 3 km, 5 km,
   10 km, the half and the marathon, over the run's moving time): no runner, so a ride.
3. No declared sport (a GPX, or `unknown`), and the device is a bike computer or Zwift: a ride.
4. No declared sport, and the median moving speed is a cyclist's (18 km/h or more): a ride.
5. No declared sport, and most of the moving time (70 %) is at walking speed (under 6 km/h): a walk
   or hike. A file that says running keeps it: a mountain run with long hikes up is still a run.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from typing import TYPE_CHECKING, Any, Literal

import numpy as np
import numpy.typing as npt

if TYPE_CHECKING:
    from progtempo.analysis import Analysis

FloatArray = npt.NDArray[np.float64]
LooksLike = Literal["running", "cycling", "walking", "swimming", "other"]

#: Men's outdoor world records (distance m, time s): no runner has covered these distances faster.
WORLD_RECORDS_S: tuple[tuple[float, float], ...] = (
    (1609.344, 223.13),  # mile, 3:43.13
    (3000.0, 440.67),  # 7:20.67
    (5000.0, 755.36),  # 12:35.36
    (10000.0, 1571.0),  # 26:11.00
    (21097.5, 3451.0),  # 57:31
    (42195.0, 7235.0),  # 2:00:35
)
#: A median moving speed at or above this (m/s, 18 km/h) with no sport declared is a ride.
RIDE_MEDIAN_M_S = 5.0
#: Walking: under this speed (m/s, 6 km/h) for at least this share of the moving time.
WALK_M_S = 6.0 / 3.6
WALK_SHARE = 0.7
#: Moving: at least this speed (m/s); record gaps longer than this (s) say nothing about how they moved.
MOVING_M_S = 0.3
MAX_GAP_S = 60.0

#: Sports a file may declare, by what they look like.
_DECLARED: dict[str, LooksLike] = {
    "cycling": "cycling",
    "biking": "cycling",
    "e_biking": "cycling",
    "mountain_biking": "cycling",
    "virtual_ride": "cycling",
    "ride": "cycling",
    "walking": "walking",
    "hiking": "walking",
    "walk": "walking",
    "hike": "walking",
    "swimming": "swimming",
    "swim": "swimming",
}
#: Device names of bike computers and indoor-cycling apps.
_BIKE_DEVICES = re.compile(
    r"wahoo|elemnt|kickr|sigma|garmin edge|\bedge\s*\d|bryton|hammerhead|karoo|lezyne|stages dash"
    r"|igpsport|xoss|cateye|zwift|rouvy|trainerroad|tacx|fulgaz",
    re.IGNORECASE,
)
#: Handheld GPS receivers and the converter their tracks usually come through (said, not decisive).
_HANDHELD = re.compile(r"gpsbabel|etrex|gpsmap|oregon|dakota|montana|colorado|magellan", re.IGNORECASE)
_UNDECLARED = ("unknown", "", "generic_unknown")


@dataclass(frozen=True)
class SportCheck:
    """What a recording looks like, whether the coach judges it as a run, and why."""

    looks_like: LooksLike
    running: bool
    why: str

    def to_json(self) -> dict[str, Any]:
        return {"looks_like": self.looks_like, "running": self.running, "why": self.why}


def _kmh(m_s: float) -> str:
    return f"{m_s * 3.6:.1f} km/h"


def _pace_km(s_per_km: float) -> str:
    m, s = divmod(round(s_per_km), 60)
    return f"{m}:{s:02d}/km"


def fastest_over_s(
    distance_m: FloatArray, moving_s: FloatArray, span_m: float, time_s: FloatArray | None = None
) -> float | None:
    """The least moving time over any stretch of `span_m` metres (interpolated), None if there is none.

    A stretch across a gap in the records longer than `MAX_GAP_S` (given `time_s`) doesn't count: how
    they moved over it is unknown. O(n log n): where each stretch ends is found by bisection.
    """
    n = distance_m.shape[0]
    if n < 2 or distance_m[-1] - distance_m[0] < span_m:
        return None
    ends = distance_m + span_m
    ok = ends <= distance_m[-1]
    t_end = np.interp(ends[ok], distance_m, moving_s)
    times = t_end - moving_s[ok]
    if time_s is not None:
        gaps = np.concatenate([[0], np.cumsum(np.diff(time_s) > MAX_GAP_S)])
        last = np.searchsorted(distance_m, ends[ok], side="left")
        times = np.where(gaps[np.minimum(last, n - 1)] > gaps[ok], np.inf, times)
    times = times[np.isfinite(times)]
    return float(times.min()) if times.size else None


def _speeds(analysis: Analysis) -> tuple[FloatArray, FloatArray]:
    """Speed (m/s) of every step between records while moving, and how long each step took."""
    s = analysis.stream
    dt = np.diff(s.time_s)
    dd = np.diff(s.distance_m)
    with np.errstate(divide="ignore", invalid="ignore"):
        v = np.where(dt > 0, dd / dt, 0.0)
    keep = (dt > 0) & (dt <= MAX_GAP_S) & (v >= MOVING_M_S) & np.isfinite(v)
    return v[keep], dt[keep]


def _weighted_median(v: FloatArray, w: FloatArray) -> float:
    order = np.argsort(v, kind="stable")
    cw = np.cumsum(w[order])
    return float(v[order][int(np.searchsorted(cw, cw[-1] / 2))])


def sport_check(analysis: Analysis) -> SportCheck:
    """What the recording looks like (the rules in the module doc)."""
    a = analysis.activity
    sport = (a.sport or "unknown").lower()
    device = a.device or ""
    declared = _DECLARED.get(sport)
    if not a.is_running:
        kind: LooksLike = declared or "other"
        return SportCheck(kind, False, f"the file says {sport.replace('_', ' ')}" + _by(device))
    s = analysis.stream
    for span, record in WORLD_RECORDS_S:
        best = fastest_over_s(s.distance_m, s.moving_s, span, s.time_s)
        if best is not None and best < record:
            return SportCheck(
                "cycling",
                False,
                f"{_span(span)} at {_pace_km(best / span * 1000)} ({_kmh(span / best)}): faster than the "
                "world record, so not a runner" + _by(device),
            )
    if sport not in _UNDECLARED:
        return SportCheck("running", True, f"the file says {sport.replace('_', ' ')}")
    if _BIKE_DEVICES.search(device) or _BIKE_DEVICES.search(a.name or ""):
        what = "Zwift" if "zwift" in (device + (a.name or "")).lower() else "a bike computer"
        return SportCheck(
            "cycling", False, f"recorded by {device or a.name} ({what}), with no sport that says running"
        )
    v, w = _speeds(analysis)
    if v.size and w.sum() > 0:
        median = _weighted_median(v, w)
        if median >= RIDE_MEDIAN_M_S:
            return SportCheck(
                "cycling",
                False,
                f"a median moving speed of {_kmh(median)}, a cyclist's, and no sport declared",
            )
        walking = float(w[v < WALK_M_S].sum() / w.sum())
        if walking >= WALK_SHARE:
            handheld = " on a handheld GPS track" if _HANDHELD.search(device) else ""
            return SportCheck(
                "walking",
                False,
                f"{walking:.0%} of the moving time under {_kmh(WALK_M_S)} (median {_kmh(median)}): walking "
                f"speeds{handheld}, and no sport that says running",
            )
    return SportCheck("running", True, "no sport declared; the speeds are a runner's")


def _span(span_m: float) -> str:
    names = {1609.344: "a mile", 21097.5: "a half marathon", 42195.0: "a marathon"}
    return names.get(span_m, f"{span_m / 1000:g} km")


def _by(device: str) -> str:
    return f", recorded by {device}" if device else ""


NOUNS: dict[str, str] = {
    "cycling": "a ride",
    "walking": "a walk or hike",
    "swimming": "a swim",
    "other": "another sport",
}


def describe(check: SportCheck) -> str:
    """What the recording looks like, for the runner: `a ride: the file says cycling, recorded by …`."""
    return f"{NOUNS.get(check.looks_like, 'a run')}: {check.why}"


__all__ = ["NOUNS", "WORLD_RECORDS_S", "LooksLike", "SportCheck", "describe", "fastest_over_s", "sport_check"]
