"""Lean imports: each format's parser is imported only when a file of that format is read."""

from __future__ import annotations

import json
import subprocess
import sys
from pathlib import Path

import pytest

from progtempo.synth import Leg, make_run, write_fit, write_gpx, write_tcx

HEAVY = ["numpy", "fitdecode", "gpxpy", "lxml", "progtempo.io.fit.fast", "progtempo.io.fit"]


def _modules_after(code: str) -> dict[str, bool]:
    script = f"import sys, json\n{code}\nprint(json.dumps({{m: m in sys.modules for m in {HEAVY!r}}}))"
    out = subprocess.run(
        [sys.executable, "-c", script], capture_output=True, text=True, check=True, timeout=60
    )
    return dict(json.loads(out.stdout.strip().splitlines()[-1]))


@pytest.fixture(scope="module")
def files(tmp_path_factory: pytest.TempPathFactory) -> dict[str, Path]:
    d = tmp_path_factory.mktemp("lean")
    run = make_run([Leg(500.0, 300.0, 0.0, 150)])
    out = {"fit": d / "r.fit", "gpx": d / "r.gpx", "tcx": d / "r.tcx"}
    write_fit(run, out["fit"])
    write_gpx(run, out["gpx"])
    write_tcx(run, out["tcx"])
    return out


def test_importing_the_readers_is_light() -> None:
    loaded = _modules_after("import progtempo.io")
    assert not any(loaded.values()), loaded


def test_reading_gpx_imports_neither_gpxpy_nor_the_fit_decoder(files: dict[str, Path]) -> None:
    loaded = _modules_after(f"from progtempo.io import read_activity; read_activity({str(files['gpx'])!r})")
    assert (
        loaded["lxml"] and not loaded["gpxpy"] and not loaded["fitdecode"] and not loaded["progtempo.io.fit"]
    )


def test_reading_tcx_imports_neither_gpxpy_nor_fitdecode(files: dict[str, Path]) -> None:
    loaded = _modules_after(f"from progtempo.io import read_activity; read_activity({str(files['tcx'])!r})")
    assert loaded["lxml"] and not loaded["gpxpy"] and not loaded["fitdecode"]


def test_reading_fit_imports_no_xml_parser(files: dict[str, Path]) -> None:
    loaded = _modules_after(f"from progtempo.io import read_activity; read_activity({str(files['fit'])!r})")
    assert loaded["progtempo.io.fit"] and not loaded["gpxpy"] and not loaded["lxml"]
    if loaded["progtempo.io.fit.fast"]:  # the fast decoder reads it: fitdecode is not needed
        assert not loaded["fitdecode"]
