"""The public API: `progtempo.__all__` is pinned, every name resolves, and importing the package is light."""

from __future__ import annotations

import ast
import importlib
import pydoc
import subprocess
import sys
import types
from pathlib import Path

import progtempo


def _type_checking_names() -> set[str]:
    """The names `progtempo/__init__.py` imports under `if TYPE_CHECKING:` (what mypy sees)."""
    tree = ast.parse(Path(progtempo.__file__).read_text())
    names: set[str] = set()
    for node in tree.body:
        if isinstance(node, ast.If) and isinstance(node.test, ast.Name) and node.test.id == "TYPE_CHECKING":
            for imp in node.body:
                assert isinstance(imp, ast.ImportFrom)
                names.update(a.asname or a.name for a in imp.names)
    return names


def _eager_names() -> set[str]:
    """The public names bound at import: re-exported from progtempo's own modules."""
    return {
        name
        for name, obj in vars(progtempo).items()
        if not name.startswith("_")
        and not isinstance(obj, types.ModuleType)
        and (getattr(obj, "__module__", "") or "").startswith("progtempo.")
    }


def test_all_is_what_the_module_exports() -> None:
    """`__all__` is every eager and lazy name; each lazy one is also imported for type checkers."""
    lazy = set(progtempo._LAZY)
    assert _type_checking_names() == lazy, "a lazy name without its TYPE_CHECKING import is Any to mypy"
    assert progtempo.__all__ == sorted(_eager_names() | lazy)
    for name, module in progtempo._LAZY.items():
        assert getattr(importlib.import_module(module), name) is getattr(progtempo, name)


def test_help_lists_the_whole_api() -> None:
    text = pydoc.render_doc(progtempo, renderer=pydoc.plaintext)
    missing = [n for n in progtempo.__all__ if n not in text]
    assert not missing, f"help(progtempo) does not show {missing}"
    doc = progtempo.__doc__ or ""
    assert [n for n in progtempo.__all__ if n not in doc] == [], "the module docstring lists the whole API"


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
    report = progtempo.evaluate(analysis, plan, cleared_before=1, longest_run_m=8 * 1609.344)
    doc = report.to_json()
    assert doc["boss"]["verdict"] == "cleared" and doc["score"] >= 90
    nxt = progtempo.Session.from_json(doc["advice"]["next_session"])
    assert (nxt.segments, nxt.start_pace_s, nxt.end_pace_s) == (7, 615.0, 435.0)


USER_SCRIPT = """\
import datetime as dt
from pathlib import Path

import progtempo


def ladder_report(path: Path) -> tuple[int | None, str]:
    plan: progtempo.Session = progtempo.parse_plan("6x1mi 10:00-7:30", "mi")
    same: progtempo.Session = progtempo.read_plan(str(path.with_suffix(".json")), "mi")
    analysis: progtempo.Analysis = progtempo.analyze(progtempo.read_activity(path), unit="mi")
    report: progtempo.CoachReport = progtempo.evaluate(analysis, plan)
    first = analysis.splits[0].pace_s + analysis.distance_m
    boss = report.boss.verdict if report.boss is not None else "none"
    return (report.score.total if report.score is not None else None), f"{boss} {first:.0f} {same.segments}"


def log_names(url: str) -> list[str]:
    now = dt.datetime(2026, 3, 4, tzinfo=dt.UTC)
    cfg = progtempo.Config.resolve(unit="km", db_url=url, environ={}, now=now)
    with progtempo.open_store(cfg.db_url, tz=cfg.tz) as store:
        store.import_paths([Path("runs")], athlete=cfg.athlete, unit=cfg.unit, jobs=1)
        run = store.activity(1, athlete=cfg.athlete)
        days = [a.date.isoformat() for a in store.activities(athlete=cfg.athlete, since=cfg.today)]
        return days + ([run.summary.name or ""] if run is not None else [])


print(progtempo.format_pace(progtempo.parse_pace("7:30", "mi")), progtempo.solve(unit="mi", segments=6,
      start_pace_s=600.0, end_pace_s=450.0).describe())
"""


def test_strict_mypy_sees_real_types_in_a_users_script(tmp_path: Path) -> None:
    """A user's strict mypy, with no expression typed Any, passes on a script using the public API."""
    script = tmp_path / "user_script.py"
    script.write_text(USER_SCRIPT)
    proc = subprocess.run(
        [sys.executable, "-m", "mypy", "--strict", "--disallow-any-expr", "--cache-dir", str(tmp_path / "c"),
         "--no-error-summary", str(script)],
        capture_output=True, text=True, cwd=tmp_path, timeout=600,
    )  # fmt: skip
    assert proc.returncode == 0, proc.stdout + proc.stderr
    bad = tmp_path / "bad.py"
    bad.write_text("import progtempo\n\nx: int = progtempo.parse_plan('6x1mi 10:00-7:30', 'mi')\n")
    proc = subprocess.run(
        [sys.executable, "-m", "mypy", "--strict", "--cache-dir", str(tmp_path / "c"), str(bad)],
        capture_output=True, text=True, cwd=tmp_path, timeout=600,
    )  # fmt: skip
    assert proc.returncode == 1 and "Session" in proc.stdout, proc.stdout  # the test can fail
