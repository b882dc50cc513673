"""The activities of one file: which one to analyse, and how to name them in a message.

A multisport or chained FIT holds several sessions, a TCX export several days; `read_activities`
gives them all, `read_activity` the one `pick_session` chooses.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from progtempo.errors import ActivityReadError

if TYPE_CHECKING:
    from progtempo.activity import Activity


def pick_session(activities: list[Activity], session: int | None) -> Activity:
    """The activity `read_activity` gives from those of one file (see there)."""
    first = activities[0]
    count = max(first.session_count, len(activities))
    if session is not None:
        for a in activities:
            if a.session_index == session:
                return a
        if 1 <= session <= count:
            why = f"session {session} of this file holds no records"
        else:
            why = f"there is no session {session}: this file has {count}"
        raise ActivityReadError(
            first.source, f"{why} ({describe_sessions(activities)}); pick one with --session N"
        )
    if len(activities) == 1:
        return first
    running = [a for a in activities if a.is_running]
    what = "sessions" if first.format == "fit" else "activities"
    if len(running) == 1:
        chosen = running[0]
        chosen.warnings.append(
            f"{count} {what} in this file ({describe_sessions(activities)}): took the running one, "
            f"{chosen.session_index}; pick another with --session N"
        )
        return chosen
    which = "none of them is a run" if not running else f"{len(running)} are runs"
    raise ActivityReadError(
        first.source,
        f"{count} {what} in this file and {which} ({describe_sessions(activities)}): "
        "pick one with --session N",
    )


def describe_sessions(activities: list[Activity]) -> str:
    """`1 swimming 07:33 UTC, 1.64 km, 33:07; 2 transition ...`: each activity of a file, for messages."""
    from progtempo.units import format_duration

    parts = []
    several_days = len({a.start_time.date() for a in activities}) > 1
    for a in activities:
        when = a.start_time.strftime("%Y-%m-%d %H:%M" if several_days else "%H:%M") + " UTC"
        dist = ""
        if a.distance_m is not None:
            import numpy as np

            d = a.distance_m[np.isfinite(a.distance_m)]
            if d.size:
                dist = f", {(float(d.max()) - float(d.min())) / 1000:.2f} km"
        took = format_duration(float(a.time_s[-1])) if len(a) else "no records"
        parts.append(f"{a.session_index} {a.sport} {when}{dist}, {took}")
    return "; ".join(parts)
