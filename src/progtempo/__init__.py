"""progtempo: plan, export, import, analyse and coach the progressive tempo run.

The whole loop as a library (each name's own docstring says more):

Plan
    parse_plan(spec, unit) -> Session     "6x1mi 10:00-7:30" (pure: no file is read)
    read_plan(spec_or_file, unit)         the same, or the plan JSON file `plan --json` wrote
    solve(...) -> Session                 any three of segments, start, end, step fix the fourth
    Session, Segment, Easy                the ladder, one rung of it, an easy warm-up/cool-down
    adjust(session, feel)                 the day's session when jaded or strong
    replan(session, splits, feel)         the rest of a session from the splits run so far
    progress(session, weeks=...)          the weeks ahead: hold, then volume or intensity
    next_level(session, change)           one level up
Export
    export_session, export_progression    FIT workout, intervals.icu, Zwift, TCX, iCalendar, pace card
Read, analyse, coach
    read_activity(path) -> Activity       FIT, GPX or TCX (gzipped or not); Lap is a device lap
    analyze(activity, unit=...) -> Analysis   splits at exact boundaries, GAP, heart rate
    evaluate(analysis, plan) -> CoachReport   levels, boss, score, badges, advice
Log
    open_store(url) -> Store              the training log; Store.activities(), .activity(id),
                                          .history(), .schedule(), .import_paths(), .import_uploads()
    Config                                unit, today, time zone, log URL and athlete, resolved once
Units and errors
    parse_pace, format_pace, parse_distance, format_distance, format_duration
    ProgtempoError, ActivityReadError     every refusal, with a message saying what to do

Light names import at once; the others are imported on first use (`__getattr__`), so the CLI starts
fast. Type checkers see the real types through the `TYPE_CHECKING` imports below.
"""

from __future__ import annotations

import importlib
from typing import TYPE_CHECKING, Any

from progtempo.errors import ActivityReadError, ProgtempoError
from progtempo.plan.ladder import Session
from progtempo.plan.rungs import Easy, Segment
from progtempo.plan.solve import solve
from progtempo.units import format_distance, format_duration, format_pace, parse_distance, parse_pace

if TYPE_CHECKING:
    from progtempo.activity import Activity, Lap
    from progtempo.analysis import Analysis, analyze
    from progtempo.coach import CoachReport, evaluate
    from progtempo.config import Config
    from progtempo.export import export_progression, export_session
    from progtempo.io import read_activity
    from progtempo.plan.autoregulate import adjust, replan
    from progtempo.plan.files import read_plan
    from progtempo.plan.progression import next_level, progress
    from progtempo.plan.spec import parse_plan
    from progtempo.store import Store, open_store

__version__ = "0.1.0"

#: name -> module, for the names imported on first use (they need numpy, SQLAlchemy and friends)
_LAZY: dict[str, str] = {
    "Activity": "progtempo.activity",
    "Lap": "progtempo.activity",
    "parse_plan": "progtempo.plan.spec",
    "read_plan": "progtempo.plan.files",
    "progress": "progtempo.plan.progression",
    "next_level": "progtempo.plan.progression",
    "adjust": "progtempo.plan.autoregulate",
    "replan": "progtempo.plan.autoregulate",
    "read_activity": "progtempo.io",
    "analyze": "progtempo.analysis",
    "Analysis": "progtempo.analysis",
    "evaluate": "progtempo.coach",
    "CoachReport": "progtempo.coach",
    "export_session": "progtempo.export",
    "export_progression": "progtempo.export",
    "open_store": "progtempo.store",
    "Store": "progtempo.store",
    "Config": "progtempo.config",
}

__all__ = [
    "Activity",
    "ActivityReadError",
    "Analysis",
    "CoachReport",
    "Config",
    "Easy",
    "Lap",
    "ProgtempoError",
    "Segment",
    "Session",
    "Store",
    "adjust",
    "analyze",
    "evaluate",
    "export_progression",
    "export_session",
    "format_distance",
    "format_duration",
    "format_pace",
    "next_level",
    "open_store",
    "parse_distance",
    "parse_pace",
    "parse_plan",
    "progress",
    "read_activity",
    "read_plan",
    "replan",
    "solve",
]


def __getattr__(name: str) -> Any:
    module = _LAZY.get(name)
    if module is None:
        raise AttributeError(f"module 'progtempo' has no attribute {name!r}")
    value = getattr(importlib.import_module(module), name)
    globals()[name] = value  # the next lookup is a plain attribute
    return value


def __dir__() -> list[str]:
    """Every public name (so `help(progtempo)` and tab completion list the lazy ones too)."""
    return sorted(set(globals()) | set(__all__))
