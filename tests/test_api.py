"""The public API: `progtempo.__all__` is pinned, every name resolves, and importing the package is light."""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path

import progtempo

PINNED = [
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


def test_all_is_pinned() -> None:
    assert progtempo.__all__ == PINNED, "changing the public API? update PINNED and the docs together"


def test_every_public_name_resolves() -> None:
    for name in progtempo.__all__:
        obj = getattr(progtempo, name)
        assert obj is not None and (getattr(obj, "__doc__", None) or "").strip(), f"{name} has no docstring"


def test_unknown_name_is_an_attribute_error() -> None:
    try:
        progtempo.nope  # type: ignore[attr-defined]  # noqa: B018
    except AttributeError as exc:
        assert "nope" in str(exc)
    else:
        raise AssertionError("progtempo.nope should not exist")


def test_package_import_is_light() -> None:
    heavy = ("numpy", "matplotlib", "sqlalchemy", "rich")
    code = f"import sys, progtempo; print(','.join(m for m in {heavy!r} if m in sys.modules))"
    proc = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True)
    out = proc.stdout.strip()
    assert out == "", f"`import progtempo` loaded {out}"


def test_the_loop_through_the_public_api(tmp_path: Path) -> None:
    """Plan -> a run of it -> read -> analyse -> coach -> next session, with public names only."""
    from progtempo.synth import Leg, make_run, write_fit

    plan = progtempo.parse_plan("6x1mi 10:00-7:30", "mi")
    legs = [
        Leg(1609.344, pace / 1.609344, hr_bpm=130 + 6 * i) for i, pace in enumerate(plan.target_paces_s())
    ]
    write_fit(make_run(legs), tmp_path / "run.fit")
    analysis = progtempo.analyze(progtempo.read_activity(tmp_path / "run.fit"), unit="mi")
    report = progtempo.evaluate(analysis, plan, cleared_before=1)
    doc = report.to_json()
    assert doc["boss"]["verdict"] == "cleared" and doc["score"] >= 90
    nxt = progtempo.Session.from_json(doc["advice"]["next_session"])
    assert (nxt.segments, nxt.start_pace_s, nxt.end_pace_s) == (7, 615.0, 435.0)
