"""What the history page's charts draw: the sessions and the weeks as columns, in the runner's unit.

Columns (one list per series) keep a thousand sessions to a few tens of kB. Days are given as the
seconds of their midnight in UTC, the x a time axis takes, so a chart shows the local day as stored.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass
from typing import TYPE_CHECKING, Any

from progtempo.units import Unit, convert_pace, unit_m

if TYPE_CHECKING:
    from collections.abc import Sequence

    from progtempo.store.dashboard import TrendPoint
    from progtempo.store.history_records import History

_EPOCH = dt.date(1970, 1, 1)


def day_seconds(d: dt.date) -> int:
    """The day as seconds since 1970-01-01 (its midnight, UTC)."""
    return (d - _EPOCH).days * 86_400


def _pace(v: float | None, unit: Unit) -> float | None:
    return round(convert_pace(v, "km", unit), 1) if v is not None else None


@dataclass(frozen=True)
class HistoryChart:
    """The progressive sessions and the weekly volume as columns for the history page's charts."""

    unit: Unit
    history: History

    def to_json(self) -> dict[str, Any]:
        u, s, w = self.unit, self.history.sessions, self.history.weeks
        return {
            "unit": u,
            "sessions": {
                "t": [day_seconds(e.date) for e in s],
                "id": [e.activity_id for e in s],
                "end": [_pace(e.end_pace_s_per_km, u) for e in s],
                "gap": [_pace(e.end_gap_s_per_km, u) for e in s],
                "score": [e.score for e in s],
                "cleared": [e.levels_cleared for e in s],
                "segments": [e.segments for e in s],
            },
            "weeks": {
                "t": [day_seconds(v.week_start) for v in w],
                "distance": [round(v.distance_m / unit_m(u), 2) for v in w],
                "hours": [round(v.moving_s / 3600, 2) for v in w],
                "runs": [v.runs for v in w],
                "progressive": [v.progressive for v in w],
            },
        }


def trend_chart(points: Sequence[TrendPoint], unit: Unit) -> dict[str, Any]:
    """The dashboard's trend as columns: each session's day, end pace, end GAP and the threshold pace
    the coach judged it by."""
    return {
        "unit": unit,
        "t": [day_seconds(p.session.date) for p in points],
        "end": [_pace(p.session.end_pace_s_per_km, unit) for p in points],
        "gap": [_pace(p.session.end_gap_s_per_km, unit) for p in points],
        "threshold": [_pace(p.threshold_pace_s_per_km, unit) for p in points],
    }
