"""What a mutant is put through, and how each outcome is classified.

In process: read every activity the file holds, analyse it, score it (with a plan or without), build
the JSON document `analyze --json` prints, and check the invariants (`analysis.invariants`). Through
the CLI: `progtempo analyze --json` on the file, and `progtempo import` of a folder of mutants into a
fresh SQLite log whose rows are then checked. The classes:

- `ok`: a result, and every invariant holds;
- `refused`: one clear `progtempo:` line (in process: a ProgtempoError that is not a library
  exception wrapped by the readers' catch-all);
- `traceback`: an exception the code did not expect (escaped, or caught by a catch-all: "internal
  error", "report it"), or a CLI answer that is not one clean line;
- `invariant`: a result that breaks an invariant (a negative time, NaN in JSON, an impossible speed…);
- `memory`: a MemoryError (a small file must never need gigabytes);
- `hang`: more than the time limit of CPU time, or four times it on the wall clock (the runner
  decides this one for the in-process channel, `_run_timed` for the commands);
- `crash`: the process died (the runner decides this one too).
"""

from __future__ import annotations

import datetime as dt
import json
import os
import sqlite3
import subprocess
import sys
import traceback
from dataclasses import dataclass
from pathlib import Path
from typing import Any

#: The classes, in the order reports list them; all but the first two are failures.
KINDS = ("ok", "refused", "traceback", "invariant", "memory", "hang", "crash")
FAILURES = KINDS[2:]
#: The fuzzer's "now": records after it are in the future (fixed, so a run is reproducible).
NOT_AFTER = dt.datetime(2030, 1, 1, tzinfo=dt.UTC)
#: What the readers' catch-all says of an exception it did not expect.
_WRAPPED = "report it"
_INTERNAL = "internal error"
#: Plans a mutant is scored against (None: no plan, the coach looks for a block itself).
PLANS = (None, "4x1km 6:12-5:36", "6x1mi 10:00-7:30")


@dataclass(frozen=True)
class Verdict:
    """How one run of a mutant ended: its class and what was seen (an error line, a broken invariant)."""

    kind: str
    detail: str = ""

    @property
    def failed(self) -> bool:
        return self.kind in FAILURES


def _read_all(name: str, data: bytes) -> list[Any]:
    """Every activity in the file (every session of a multisport or chained one), as `analyze` reads it."""
    from progtempo.io import read_activities

    return list(read_activities(name, data=data))


def check_in_process(data: bytes, name: str, plan: str | None = None, unit: str = "km") -> Verdict:
    """Read, analyse and score `data` (named `name`) as `analyze --json` does; classify the outcome."""
    from progtempo._json import json_safe
    from progtempo.analysis import analyze
    from progtempo.analysis.invariants import analysis_violations, document_violations
    from progtempo.coach import evaluate
    from progtempo.errors import ProgtempoError
    from progtempo.plan.spec import parse_plan

    try:
        session = parse_plan(plan, "km" if unit == "km" else "mi") if plan else None
        problems: list[str] = []
        for k, activity in enumerate(_read_all(name, data)[:8], start=1):
            analysis = analyze(activity, unit=session.unit if session else unit, not_after=NOT_AFTER)  # type: ignore[arg-type]
            report = evaluate(analysis, session)
            doc = analysis.to_json()
            for key, value in report.to_json().items():
                doc.setdefault(key, value)
            # the document as JSON gives it: NaN is "missing" inside (a session by effort has no paces)
            # and null in JSON; what is checked is what a reader of the JSON gets
            safe = json_safe(doc)
            found = analysis_violations(analysis) + document_violations(safe)
            json.dumps(safe, allow_nan=False)
            problems += [f"activity {k}: {p}" for p in found]
        if problems:
            return Verdict("invariant", "; ".join(problems[:5]))
        return Verdict("ok")
    except MemoryError:
        return Verdict("memory", _where())
    except ProgtempoError as exc:
        text = str(exc)
        cause = _root(exc)
        if isinstance(cause, MemoryError):
            return Verdict("memory", text)
        if _WRAPPED in text or "\n" in text.strip() or not text.strip():
            return Verdict("traceback", f"wrapped: {text[:300]}")
        return Verdict("refused", text[:300])
    except RecursionError:
        return Verdict("traceback", "RecursionError " + _where())
    except Exception as exc:
        return Verdict("traceback", f"{type(exc).__name__}: {str(exc)[:200]} {_where()}")


def _root(exc: BaseException) -> BaseException:
    while exc.__cause__ is not None:
        exc = exc.__cause__
    return exc


def _where() -> str:
    """The innermost frame of the exception being handled, inside progtempo when there is one."""
    tb = traceback.extract_tb(sys.exc_info()[2])
    ours = [f for f in tb if "progtempo" in f.filename] or list(tb)
    if not ours:
        return ""
    f = ours[-1]
    return f"at {Path(f.filename).name}:{f.lineno} ({f.name})"


CLI = [sys.executable, "-c", "from progtempo.cli import main; main()"]


def classify_cli(code: int, stdout: str, stderr: str, *, expect_json: bool = True) -> Verdict:
    """The class of a finished CLI run: exit code, stdout and stderr as the user sees them."""
    if "Traceback" in stderr or "Traceback" in stdout:
        return Verdict("traceback", stderr.strip().splitlines()[-1][:300] if stderr.strip() else "Traceback")
    lines = [ln for ln in stderr.splitlines() if ln.strip()]
    errors = [ln for ln in lines if not ln.startswith("progtempo: warning:")]
    if code != 0:
        if any(_INTERNAL in ln or _WRAPPED in ln for ln in errors):
            return Verdict("traceback", errors[0][:300])
        if len(errors) != 1 or not errors[0].startswith("progtempo: "):
            return Verdict("traceback", f"exit {code}, not one clean line: {stderr[:300]!r}")
        if code < 0:
            return Verdict("crash", f"killed by signal {-code}")
        return Verdict("refused", errors[0][:300])
    if errors:
        return Verdict("traceback", f"exit 0 with an error line: {errors[0][:300]}")
    if not expect_json:
        return Verdict("ok")
    try:
        doc = json.loads(stdout, parse_constant=_no_constant)
    except ValueError as exc:
        return Verdict("invariant", f"stdout is not strict JSON ({exc})")
    from progtempo.analysis.invariants import document_violations

    found = document_violations(doc)
    return Verdict("invariant", "; ".join(found[:5])) if found else Verdict("ok")


def _no_constant(name: str) -> Any:
    raise ValueError(f"{name} is not JSON")


def check_cli(path: Path, timeout_s: float, plan: str | None = None) -> Verdict:
    """`progtempo --unit km analyze PATH --json [--plan PLAN]` with a time limit."""
    args = [*CLI, "--unit", "km", "analyze", str(path), "--json"] + (["--plan", plan] if plan else [])
    p, late = _run_timed(args, timeout_s, "analyze")
    return late or classify_cli(p.returncode, p.stdout, p.stderr)


#: A command may take this many times its limit in wall-clock time when the machine is busy; past it,
#: it is a hang whatever its CPU time says.
WALL_FACTOR = 4.0


def _run_timed(
    args: list[str], timeout_s: float, what: str
) -> tuple[subprocess.CompletedProcess[str], Verdict | None]:
    """Run `args`; a hang is `timeout_s` of the command's own CPU time, not of the wall clock.

    On a loaded machine a command can wait for a core far longer than it works; counting its CPU
    time keeps such a wait from being called a hang, while a command that truly spins uses its CPU
    and is caught. `WALL_FACTOR` times the limit in wall-clock time is the backstop.
    """
    before = _children_cpu_s()
    try:
        p = subprocess.run(args, capture_output=True, text=True, timeout=timeout_s * WALL_FACTOR, env=_env())
    except subprocess.TimeoutExpired:
        p = subprocess.CompletedProcess(args, -9, "", "")
        return p, Verdict("hang", f"no answer from {what} in {timeout_s * WALL_FACTOR:g} s")
    cpu_s = _children_cpu_s() - before
    if cpu_s > timeout_s:
        return p, Verdict("hang", f"{what} took {cpu_s:.1f} s of CPU, over {timeout_s:g} s")
    return p, None


def _children_cpu_s() -> float:
    """CPU seconds used by this process's finished children (user and system)."""
    import resource

    ru = resource.getrusage(resource.RUSAGE_CHILDREN)
    return ru.ru_utime + ru.ru_stime


def _env() -> dict[str, str]:
    env = dict(os.environ)
    env.pop("PROGTEMPO_DB", None)
    env["PROGTEMPO_TZ"] = "UTC"
    return env


def check_import(folder: Path, db: Path, timeout_s: float) -> Verdict:
    """`progtempo import FOLDER --json` into a fresh SQLite log, then the log's rows checked: a sound
    database, every file accounted for, no internal error, no negative or non-finite figure."""
    args = [*CLI, "--unit", "km", "--db", f"sqlite:///{db}", "import", str(folder), "--json", "--jobs", "1"]
    p, late = _run_timed(args, timeout_s, "import")
    return late or classify_import(p.returncode, p.stdout, p.stderr) or _check_log(db)


def classify_import(code: int, stdout: str, stderr: str) -> Verdict | None:
    """The class of a finished `import --json`, or None when it went through and the log is to be checked.

    An import lists each file it could not read on its own `progtempo:` line and exits 1; a file that
    hit an internal error, a traceback, or a line that isn't `progtempo:` is a failure.
    """
    if "Traceback" in stderr or "Traceback" in stdout:
        return Verdict("traceback", stderr.strip().splitlines()[-1][:300] if stderr.strip() else "Traceback")
    lines = [ln for ln in stderr.splitlines() if ln.strip()]
    odd = [ln for ln in lines if not ln.startswith("progtempo: ")]
    inner = [ln for ln in lines if _INTERNAL in ln or _WRAPPED in ln]
    if odd or inner:
        return Verdict("traceback", (inner or odd)[0][:300])
    if code < 0:
        return Verdict("crash", f"killed by signal {-code}")
    try:
        doc = json.loads(stdout, parse_constant=_no_constant)
    except ValueError as exc:
        if code == 2 and len(lines) == 1:
            return Verdict("refused", lines[0][:300])
        return Verdict("invariant", f"import --json is not strict JSON ({exc}): exit {code}")
    if code not in (0, 1) or (code == 1) != bool(doc["failed"]):
        return Verdict("traceback", f"exit {code} with {len(doc['failed'])} failed file(s)")
    bad = [
        f"{f['file']}: {f['error']}"
        for f in doc["failed"]
        if _INTERNAL in f["error"] or _WRAPPED in f["error"]
    ]
    return Verdict("traceback", "; ".join(bad[:3])[:600]) if bad else None


def _check_log(db: Path) -> Verdict:
    problems: list[str] = []
    with sqlite3.connect(db) as con:
        if con.execute("PRAGMA integrity_check").fetchone()[0] != "ok":
            problems.append("integrity_check failed")
        rows = con.execute("SELECT id, distance_m, elapsed_s, moving_s, warnings FROM activities").fetchall()
        for aid, dist, elapsed, moving, warnings in rows:
            for name, x in (("distance_m", dist), ("elapsed_s", elapsed), ("moving_s", moving)):
                if x is not None and not (x >= 0 and x < float("inf")):
                    problems.append(f"activity {aid}: {name} {x}")
            try:
                json.loads(warnings or "[]", parse_constant=_no_constant)
            except ValueError:
                problems.append(f"activity {aid}: warnings column is not JSON")
        splits = con.execute(
            'SELECT activity_id, "index", distance_m, elapsed_s, moving_s, pace_s_per_km, partial FROM splits'
        ).fetchall()
        for aid, idx, dist, elapsed, moving, pace, partial in splits:
            for name, x in (
                ("distance_m", dist),
                ("elapsed_s", elapsed),
                ("moving_s", moving),
                ("pace", pace),
            ):
                if x is not None and not (x >= 0 and x < float("inf")):
                    problems.append(f"activity {aid} split {idx}: {name} {x}")
            if not partial and not (moving or 0) > 0:
                problems.append(f"activity {aid} split {idx}: a whole split of 0 s")
    return Verdict("invariant", "; ".join(problems[:5])) if problems else Verdict("ok")
