"""What the benchmarks share: where the project is, the installed `progtempo`, timing a child process, and
loading a test module whose helpers a benchmark measures with."""

from __future__ import annotations

import importlib.util
import os
import shutil
import subprocess
import sys
import time
from pathlib import Path
from types import ModuleType

ROOT = Path(__file__).resolve().parents[1]


def installed_progtempo() -> list[str] | None:
    """The installed `progtempo` console script beside this interpreter (else on PATH), or None."""
    script = Path(sys.executable).with_name("progtempo")
    if script.exists():
        return [str(script)]
    found = shutil.which("progtempo")
    if found:
        return [found]
    return None


def compiled_env(pycache: Path) -> dict[str, str]:
    """This environment for children that keep their .pyc files in `pycache`, as an installed package
    has them: this checkout sets PYTHONDONTWRITEBYTECODE, which would recompile progtempo every start."""
    env = {k: v for k, v in os.environ.items() if k != "PYTHONDONTWRITEBYTECODE"}
    env["PYTHONPYCACHEPREFIX"] = str(pycache)
    return env


def run_child(argv: list[str], env: dict[str, str]) -> tuple[float, int, str]:
    """(wall seconds, exit code, stderr) of one child process, its stdout discarded."""
    t0 = time.perf_counter()
    proc = subprocess.run(argv, stdout=subprocess.DEVNULL, stderr=subprocess.PIPE, env=env, check=False)
    return time.perf_counter() - t0, proc.returncode, proc.stderr.decode(errors="replace")


def load_test_module(relative: str, name: str) -> ModuleType:
    """The test file at `relative` (from the project's root) loaded as module `name`, so a benchmark
    makes its cases with the test's own helpers (tests/ is no package a script can import)."""
    spec = importlib.util.spec_from_file_location(name, ROOT / relative)
    assert spec is not None and spec.loader is not None
    mod = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(mod)
    return mod
