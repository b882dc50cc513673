"""Export a session or a whole progression for the watch, the calendar and paper.

`steps` turns a session into workout steps and the texts the formats share; the writers
(`fit_workout`, `intervals`, `zwo`, `tcx_workout`, `ics`, `card`) render them; `write` renders a
format in memory (`render`) and writes it all-or-nothing (`export_session`, `export_progression`).
"""

from progtempo.export.steps import STEP_CAP, Step, event_uid, steps, workout_name
from progtempo.export.write import (
    EXTENSIONS,
    FORMATS,
    check_session,
    export_progression,
    export_session,
    fallback_path,
    render,
)

__all__ = [
    "EXTENSIONS",
    "FORMATS",
    "STEP_CAP",
    "Step",
    "check_session",
    "event_uid",
    "export_progression",
    "export_session",
    "fallback_path",
    "render",
    "steps",
    "workout_name",
]
