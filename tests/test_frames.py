"""pandas frames of a run's records, its splits and the log: real timestamps, SI columns with units, and
pandas imported by `progtempo/frames.py` alone."""

from __future__ import annotations

import ast
from pathlib import Path

import pandas as pd
import pytest

import progtempo
from progtempo import synth
from progtempo.synth import Leg

SRC = Path(progtempo.__file__).parent


def _run() -> synth.SynthRun:
    legs = [Leg(1000.0, 330.0, 0.0, 140, power_w=240), Leg(1000.0, 300.0, 0.0, 150, power_w=260)]
    return synth.make_run(legs, pauses=[(500.0, 30.0)])


def test_records_frame_has_real_timestamps_and_every_stream() -> None:
    run = _run()
    frame = run.activity.records_frame()
    assert isinstance(frame["time"].dtype, pd.DatetimeTZDtype)
    assert frame["time"].iloc[0] == pd.Timestamp(run.activity.start_time)
    seconds = (frame["time"] - frame["time"].iloc[0]).dt.total_seconds()
    assert list(seconds) == pytest.approx(list(run.activity.time_s))
    assert {"distance_m", "heart_rate", "cadence", "power", "lat", "lon", "altitude_m"} <= set(frame.columns)
    assert len(frame) == len(run.activity)


def test_splits_frame_in_the_analysis_unit_with_power_and_cadence() -> None:
    run = _run()
    analysis = progtempo.analyze(run.activity, unit="km")
    frame = analysis.splits_frame()
    assert list(frame["index"]) == [1, 2]
    assert list(frame["pace_s_per_km"]) == pytest.approx([330.0, 300.0])
    assert list(frame["avg_power_w"]) == pytest.approx([240.0, 260.0])
    assert list(frame["avg_cadence_spm"]) == pytest.approx([s.avg_cadence_spm for s in analysis.splits])
    start = pd.Timestamp(run.activity.start_time)
    assert frame["start_time"].iloc[0] == start
    # the second split starts after the first one's 330 s and its 30 s pause
    assert (frame["start_time"].iloc[1] - start).total_seconds() == pytest.approx(360.0, abs=1.0)
    miles = progtempo.analyze(run.activity, unit="mi").splits_frame()
    assert "pace_s_per_mi" in miles.columns and "pace_s_per_km" not in miles.columns


def test_pandas_is_imported_by_the_frames_module_alone() -> None:
    """At run time, that is: `if TYPE_CHECKING:` imports are for the annotations only."""
    importers = set()
    for path in SRC.rglob("*.py"):
        tree = ast.parse(path.read_text())
        checking = {
            id(n)
            for node in ast.walk(tree)
            if isinstance(node, ast.If) and getattr(node.test, "id", None) == "TYPE_CHECKING"
            for n in ast.walk(node)
        }
        for node in ast.walk(tree):
            if id(node) in checking:
                continue
            names = (
                [a.name for a in node.names]
                if isinstance(node, ast.Import)
                else [node.module or ""]
                if isinstance(node, ast.ImportFrom)
                else []
            )
            if any(n == "pandas" or n.startswith("pandas.") for n in names):
                importers.add(path.relative_to(SRC).as_posix())
    assert importers == {"frames.py"}
