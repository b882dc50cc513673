"""The layout the design promises: small modules named for what they hold, and package `__init__` files
that only hand names on (as httpx's do)."""

from __future__ import annotations

import ast
from pathlib import Path

import progtempo

SRC = Path(progtempo.__file__).parent
#: about 500 lines at most for a module a person reads
LIMIT = 500
#: generated tables, checked against their source, may be longer
GENERATED = {"io/fit/profile.py": "the FIT profile's tables, compared with fitdecode's by tests/io"}
#: over the limit today, each to be split by whoever is changing it (an entry is refused once it fits)
TO_SPLIT = {
    "plan/ladder.py": "ladders by distance and by time in one module (the reliable helper is changing it)",
    "fuzz/mutate.py": "every kind of damage in one module (the reliable helper's)",
    "plan/request.py": "what plans and days are asked from (the learn helper is changing it)",
    "store/records.py": "every typed record the log reads back (layout: to split)",
    "coach/score.py": "the coach's scoring rules (the judge helper is rewriting the coach)",
}
#: `__init__` files with logic of their own, and why
INIT_LOGIC = {
    "__init__.py": "the lazy loader that keeps `import progtempo` light (`__getattr__`)",
    "io/__init__.py": "read_activity/read_activities, to move once the reading and hostile-zip work lands",
}


def _modules() -> dict[str, int]:
    return {p.relative_to(SRC).as_posix(): len(p.read_text().splitlines()) for p in SRC.rglob("*.py")}


def test_no_module_over_the_limit_but_generated_tables() -> None:
    sizes = _modules()
    over = {m: n for m, n in sizes.items() if n > LIMIT and m not in GENERATED and m not in TO_SPLIT}
    assert not over, f"modules over {LIMIT} lines (split them along what they hold): {over}"
    fitting = [m for m in TO_SPLIT if sizes.get(m, 0) <= LIMIT]
    assert not fitting, f"split already (drop them from TO_SPLIT): {fitting}"


def _only_hands_names_on(tree: ast.Module) -> bool:
    for i, node in enumerate(tree.body):
        if i == 0 and isinstance(node, ast.Expr) and isinstance(node.value, ast.Constant):
            continue  # the docstring
        if isinstance(node, ast.Import | ast.ImportFrom):
            continue
        if isinstance(node, ast.Assign | ast.AnnAssign):
            targets = node.targets if isinstance(node, ast.Assign) else [node.target]
            if all(isinstance(t, ast.Name) and t.id == "__all__" for t in targets):
                continue
        if isinstance(node, ast.If) and getattr(node.test, "id", None) == "TYPE_CHECKING":
            continue
        return False
    return True


def test_init_files_only_hand_names_on() -> None:
    with_logic = {
        p.relative_to(SRC).as_posix()
        for p in SRC.rglob("__init__.py")
        if not _only_hands_names_on(ast.parse(p.read_text()))
    }
    assert with_logic <= set(INIT_LOGIC), (
        f"logic in {sorted(with_logic - set(INIT_LOGIC))}: move it to a module"
    )
    assert set(INIT_LOGIC) <= with_logic, f"only hand names on now: {sorted(set(INIT_LOGIC) - with_logic)}"
