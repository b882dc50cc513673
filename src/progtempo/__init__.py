"""progtempo: plan, export, import, analyse and coach the progressive tempo run.

The public API is listed in `__all__` (pinned by a test). Light names import at once; names that
need numpy and friends are imported on first use, so the CLI starts fast.
"""

from __future__ import annotations

import importlib
from typing import Any

from progtempo.errors import ActivityReadError, ProgtempoError
from progtempo.plan.ladder import Easy, Segment, Session, solve
from progtempo.units import format_distance, format_duration, format_pace, parse_distance, parse_pace

__version__ = "0.1.0"

# The loop as a library: plan -> export; read -> analyse -> coach -> store.
_LAZY: dict[str, str] = {
    "Activity": "progtempo.activity",
    "Lap": "progtempo.activity",
    "parse_plan": "progtempo.plan.spec",
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
}

__all__ = [
    "Activity",
    "ActivityReadError",
    "Analysis",
    "CoachReport",
    "Easy",
    "Lap",
    "ProgtempoError",
    "Segment",
    "Session",
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
    "replan",
    "solve",
]


def __getattr__(name: str) -> Any:
    module = _LAZY.get(name)
    if module is None:
        raise AttributeError(f"module 'progtempo' has no attribute {name!r}")
    return getattr(importlib.import_module(module), name)
