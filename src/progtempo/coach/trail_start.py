"""A first session for a hilly run: the article's ladder by time and effort, scaled to the run.

"Whether you have a flat course available to you or not, it doesn't actually matter ... you can instead
judge the paces by internally perceived effort levels." A run whose pace the ground moved a lot says
little about the paces to prescribe, and a ladder of paces would be wrong on the next hill. So when a
hilly run holds no progressive block and no plan, the coach's first session is by time and by effort:
`STARTER_LEVELS` levels of whole minutes, from could recite Shakespeare to a single word, the whole
ladder about `STARTER_SHARE` of the run's moving time (so never longer than the run itself).
"""

from __future__ import annotations

import math
from typing import TYPE_CHECKING

from progtempo.coach import _stats
from progtempo.units import format_duration, unit_m

if TYPE_CHECKING:
    from progtempo.analysis import Analysis
    from progtempo.plan.ladder import Session

#: A run is hilly when the ground moved its whole km and miles' pace by this share on average
#: (|pace − GAP| / GAP)...
HILLY_SHARE = 0.05
#: ... and its elevation is trusted that far (GAP confidence).
TRUSTED = ("high", "medium")
FT_PER_M = 1 / 0.3048
STARTER_LEVELS = 6
STARTER_SHARE = 0.6
#: The starter's levels last whole minutes in this range.
LEVEL_MIN_S, LEVEL_MAX_S = 180.0, 600.0


def hilly(analysis: Analysis) -> str | None:
    """Why the ground made this run's pace say little (`the hills moved the pace by 14 % a split`), or
    None for a run flat enough for paces (or whose elevation is not trusted)."""
    from progtempo.analysis import boundaries, splits_at

    if analysis.gap_confidence not in TRUSTED:
        return None
    # on whole km and whole miles together, whatever the display unit: the same run, the same decision
    whole = [
        s
        for per in (1000.0, unit_m("mi"))
        for s in splits_at(analysis.stream, boundaries(analysis.distance_m, per), "km", nominal_m=per)
        if not s.partial and math.isfinite(s.pace_s) and math.isfinite(s.gap_s) and s.gap_s > 0
    ]
    if not whole:
        return None
    moved = _stats.fmean(abs(s.pace_s - s.gap_s) / s.gap_s for s in whole)
    if moved < HILLY_SHARE and analysis.activity.sport != "trail_running":
        return None
    units = analysis.distance_m / unit_m(analysis.unit)
    climb = analysis.elev_gain_m / units if units > 0 else 0.0
    per = f"{climb:.0f} m of climb per km"
    if analysis.unit == "mi":
        per = f"{climb * FT_PER_M:.0f} ft of climb per mi"
    return f"the hills moved the pace by {moved:.0%} a split on average, {per}"


def trail_starter(analysis: Analysis) -> Session | None:
    """The first session by time and effort for this run's runner, None for a run too short for it."""
    from progtempo.plan.solve import effort_session

    level = math.floor(STARTER_SHARE * analysis.moving_s / STARTER_LEVELS / 60.0) * 60.0
    if level < LEVEL_MIN_S:
        return None
    return effort_session(analysis.unit, STARTER_LEVELS, segment_s=min(level, LEVEL_MAX_S))


def trail_message(reason: str, why_not: str, session: Session) -> str:
    """The no-plan reading of a hilly run, in the article's words."""
    assert session.segment_s is not None
    return (
        f"This was not a progressive run: {why_not}. On ground like this ({reason}) the pace says little, "
        "and whether you have a flat course or not doesn't actually matter: here is the article's session "
        f"by time and effort, scaled to this run: {session.segments} levels of "
        f"{format_duration(session.segment_s)}, from could recite Shakespeare to a single word, each a "
        "notch harder on the talk test (judged by heart rate, or by GAP where there is none)."
    )


__all__ = ["hilly", "trail_message", "trail_starter"]
