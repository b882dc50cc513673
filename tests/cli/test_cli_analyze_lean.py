"""`progtempo analyze FILE --json` stays lean: what it imports, and the pathlib-free file helpers it uses.

The whole process is benchmarked against a user's fitdecode script (benchmarks/bench_analyze.py); most
of its time is imports, so what it must not import is pinned here (no timings in tests).
"""

from __future__ import annotations

import json
import os
import subprocess
import sys
from pathlib import Path

import pytest

from progtempo.errors import ActivityReadError
from progtempo.io import read_activity
from progtempo.io.read import _file_name, _read_bytes
from progtempo.synth import Leg, make_run, write_fit

#: Never needed to print a FIT run's analysis as JSON.
NOT_FOR_JSON = ("rich", "matplotlib", "sqlalchemy", "alembic", "gpxpy", "lxml")
#: Standard-library modules worth several ms at every start, avoided on purpose.
AVOIDED_STDLIB = ("statistics", "pathlib", "random", "fractions", "decimal")


@pytest.fixture(scope="module")
def ladder_fit(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """A 1 km warm-up and four kilometres getting faster by 20 s, as a FIT file."""
    ladder = [Leg(1000.0, 360.0 - 20.0 * k, 0.0, 140 + 5 * k) for k in range(4)]
    legs = [Leg(1000.0, 400.0, 0.0, 130), *ladder]
    path = tmp_path_factory.mktemp("lean") / "ladder.fit"
    write_fit(make_run(legs), path)
    return path


def _analyze_in_child(path: Path) -> tuple[dict[str, object], set[str]]:
    """(the JSON document, every module loaded) of `progtempo --unit km analyze PATH --json` in a fresh
    interpreter, run through the console entry point."""
    code = (
        "import io, contextlib, json, sys\n"
        "from progtempo.cli import main\n"
        "out = io.StringIO()\n"
        "with contextlib.redirect_stdout(out):\n"
        "    try:\n"
        f"        main(['--unit', 'km', 'analyze', {str(path)!r}, '--json'])\n"
        "    except SystemExit as e:\n"
        "        assert not e.code, e.code\n"
        "print(json.dumps({'doc': json.loads(out.getvalue()), 'modules': sorted(sys.modules)}))\n"
    )
    env = {k: v for k, v in os.environ.items() if k not in ("PROGTEMPO_FIT_DECODER", "PROGTEMPO_UNIT")}
    proc = subprocess.run(
        [sys.executable, "-c", code], capture_output=True, text=True, timeout=120, check=False, env=env
    )
    assert proc.returncode == 0, proc.stderr
    result = json.loads(proc.stdout.strip().splitlines()[-1])
    return result["doc"], set(result["modules"])


def _check_lean(modules: set[str]) -> None:
    tops = {m.split(".")[0] for m in modules}
    assert "progtempo.coach" in modules and "numpy" in tops  # the analysis and the coach did run
    assert not tops & set(NOT_FOR_JSON), tops & set(NOT_FOR_JSON)
    assert not modules & set(AVOIDED_STDLIB), modules & set(AVOIDED_STDLIB)
    assert "progtempo.charts.run_plot" not in modules
    if "progtempo.io.fit.fast" in modules:  # the fast decoder read it: fitdecode is not needed
        assert "fitdecode" not in tops


def test_analyze_json_of_a_fit_file_imports_nothing_it_does_not_need(ladder_fit: Path) -> None:
    doc, modules = _analyze_in_child(ladder_fit)
    assert doc["activity"]["format"] == "fit"  # type: ignore[index]
    assert doc["block"]["progressive"] is True  # type: ignore[index]
    assert "progtempo.io.fit.fast" in modules  # the fast decoder is the default when it imports
    _check_lean(modules)


def test_analyze_json_of_the_suunto_sample_imports_nothing_it_does_not_need(samples_dir: Path) -> None:
    doc, modules = _analyze_in_child(samples_dir / "fit" / "gc__suunto_Move_2019_03_17_10_24_32_Running.fit")
    assert len(doc["splits"]) == 21  # type: ignore[arg-type]
    _check_lean(modules)


@pytest.mark.parametrize(
    "path",
    ["run.fit", "a/b.fit", "/x/y/z.fit", "a//b.fit", "a/./b", "x/..", "..", "./f", "a/b/", "a/.", "", "."],
)
def test_file_name_is_what_pathlib_names(path: str) -> None:
    assert _file_name(path) == Path(path).name
    assert _file_name(Path(path)) == Path(path).name


def test_read_bytes_reads_what_pathlib_reads(tmp_path: Path) -> None:
    f = tmp_path / "run.fit"
    f.write_bytes(b"\x0e\x10")
    assert _read_bytes(str(f), "run.fit") == b"\x0e\x10"
    assert _read_bytes(f, "run.fit") == b"\x0e\x10"
    assert _read_bytes(str(f) + "/.", "run.fit") == b"\x0e\x10"  # pathlib drops a trailing "/."


@pytest.mark.parametrize(
    ("name", "message"),
    [
        ("missing.fit", "no such file: {p} (check the path)"),
        ("", "{p} is a folder, not a file; name one activity file"),
    ],
)
def test_read_errors_name_the_path_as_pathlib_writes_it(tmp_path: Path, name: str, message: str) -> None:
    raw = f"{tmp_path}//{name}"
    with pytest.raises(ActivityReadError) as exc:
        read_activity(raw)
    assert str(Path(raw)) in str(exc.value)
    assert message.format(p=Path(raw)) in str(exc.value)
