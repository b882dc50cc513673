"""Query parameters shared by the plan builder, `/api/plan` and `/api/export`: a session as typed.

They are the options of `progtempo plan`, with the same names (`segment_length` for
`--segment-length`), read into the library's `SessionRequest`. A plan JSON file is never read from a
request (`plan_files=False`).
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import TYPE_CHECKING, Annotated, Any, Literal

from fastapi import Depends, Query

from progtempo.plan.request import SessionRequest, session_unit
from progtempo.units import Unit
from progtempo.web.state import AppState, state

if TYPE_CHECKING:
    from progtempo.web.settings import WebSettings

_TEXT = 200  # the longest value any of these takes

Feel = Literal["jaded", "normal", "strong"]


@dataclass(frozen=True)
class PlanQuery:
    """A session request and how the runner feels on the day, with the splits run so far."""

    request: SessionRequest
    feel: Feel | None
    so_far: str | None

    def query_string(self) -> str:
        """The same plan as a query string (for download links and the builder's address bar)."""
        from urllib.parse import urlencode

        pairs = self.session_fields()
        if self.feel:
            pairs.append(("feel", self.feel))
        if self.so_far:
            pairs.append(("so_far", self.so_far))
        return urlencode(pairs)

    def session_fields(self) -> list[tuple[str, str]]:
        """The session's fields as (name, value), without the day's feel and splits (to save it)."""
        r = self.request
        pairs: list[tuple[str, str]] = [("unit", r.unit)]
        for key in (
            "spec",
            "segments",
            "distance",
            "segment_length",
            "start",
            "end",
            "step",
            "tolerance",
            "warmup",
            "cooldown",
            "easy_pace",
            "from_race",
        ):
            value = getattr(r, key)
            if value is not None:
                pairs.append((key, str(value)))
        if r.by != "pace":
            pairs.append(("by", r.by))
        return pairs


def _text(description: str, example: str | None = None) -> object:
    return Query(description=description, max_length=_TEXT, examples=[example] if example else None)


def plan_query(
    app: Annotated[AppState, Depends(state)],
    spec: Annotated[
        str | None,
        _text("The compact spec, e.g. `6x1mi 10:00-7:30` (excludes the ladder options).", "6x1mi 10:00-7:30"),
    ] = None,
    unit: Annotated[
        Unit | None, Query(description="mi or km (default: the server's --unit, or the spec's own).")
    ] = None,
    segments: Annotated[int | None, Query(description="Number of segments.", ge=1, le=100)] = None,
    distance: Annotated[str | None, _text("Total ladder distance, e.g. 6mi, 8k.")] = None,
    segment_length: Annotated[str | None, _text("Length of one segment: 1mi, 1km, 800m.")] = None,
    start: Annotated[str | None, _text("Start (slowest) pace, e.g. 10:00.", "10:00")] = None,
    end: Annotated[str | None, _text("End (fastest) pace, e.g. 7:30.", "7:30")] = None,
    step: Annotated[str | None, _text("Seconds faster per segment, e.g. 30.")] = None,
    tolerance: Annotated[str | None, _text("Pace window ± seconds per unit.")] = None,
    warmup: Annotated[str | None, _text("Easy warm-up: a distance (1mi) or a time (10min).")] = None,
    cooldown: Annotated[str | None, _text("Easy cool-down: a distance or a time.")] = None,
    easy_pace: Annotated[str | None, _text("Warm-up and cool-down pace.")] = None,
    by: Annotated[Literal["pace", "effort"], Query(description="Prescribe by pace or by effort.")] = "pace",
    from_race: Annotated[str | None, _text("Fill missing paces from a race, e.g. 10k=45:00.")] = None,
    feel: Annotated[Feel | None, Query(description="How you feel on the day.")] = None,
    so_far: Annotated[
        str | None, _text("Splits already run, e.g. 10:02,9:35,9:10: re-plan the rest.")
    ] = None,
) -> PlanQuery:
    """The session the query describes, in the unit to plan in (as `progtempo plan` resolves it)."""
    request = session_request(
        app.settings,
        unit,
        spec,
        segments=segments,
        distance=distance,
        segment_length=segment_length,
        start=start,
        end=end,
        step=step,
        tolerance=tolerance,
        warmup=warmup,
        cooldown=cooldown,
        easy_pace=easy_pace,
        by=by,
        from_race=from_race,
    )
    return PlanQuery(request=request, feel=feel, so_far=so_far)


def session_request(
    settings: WebSettings, unit: Unit | None, spec: str | None, **fields: Any
) -> SessionRequest:
    """A session request from a client (never reading a plan file), in the unit to plan in: the one the
    client chose, else the server's, unless SPEC names its own and neither was chosen."""
    explicit = unit is not None or settings.unit_explicit
    plan_unit = session_unit(spec, unit or settings.unit, explicit_unit=explicit, plan_files=False)
    return SessionRequest(spec=spec, unit=plan_unit, plan_files=False, **fields)
