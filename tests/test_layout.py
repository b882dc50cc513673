"""The layout the design promises: small modules named for what they hold, package `__init__` files
that only hand names on (as httpx's do), and layers that import downward only."""

from __future__ import annotations

import ast
from pathlib import Path

import progtempo

SRC = Path(progtempo.__file__).parent
#: about 500 lines at most for a module a person reads
LIMIT = 500
#: generated tables, checked against their source, may be longer
GENERATED = {"io/fit/profile.py": "the FIT profile's tables, compared with fitdecode's by tests/io"}
#: over the limit (today, or with work being landed), each to be split by whoever is changing it
TO_SPLIT: dict[str, str] = {}
#: `__init__` files with logic of their own, and why
INIT_LOGIC = {
    "__init__.py": "the lazy loader that keeps `import progtempo` light (`__getattr__`)",
}


def _modules() -> dict[str, int]:
    return {p.relative_to(SRC).as_posix(): len(p.read_text().splitlines()) for p in SRC.rglob("*.py")}


def test_no_module_over_the_limit_but_generated_tables() -> None:
    sizes = _modules()
    over = {m: n for m, n in sizes.items() if n > LIMIT and m not in GENERATED and m not in TO_SPLIT}
    assert not over, f"modules over {LIMIT} lines (split them along what they hold): {over}"


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


#: The layers, lowest first (docs/design.md): a module imports its own package and the layers below it,
#: never a layer beside or above (a lazy import or one for type checkers alike: either makes a circle of
#: packages a reader has to hold in mind). `progtempo/__init__.py`, the facade, sits above them all.
LAYERS: tuple[frozenset[str], ...] = tuple(
    frozenset(names.split())
    for names in (
        "_json errors finite geo",  # the ground: plain helpers
        "units frames limits",  # units and conversions; pandas frames; the input limits
        "activity config",  # what a reader makes; the resolved settings
        "io",  # bytes -> Activity
        "analysis",  # Activity -> Analysis
        "fitness",  # what runs say of the runner; the effort scale
        "plan",  # sessions, ladders, progressions (pure)
        "coach export synth",  # judging a run; writing a session; making runs
        "run_report fuzz",  # a run analysed and judged; the fuzzer over the readers and the CLI
        "store",  # the training log
        "charts",  # the pictures of runs and of the log: data for the browser, figures for files
        "simulate",  # a training block simulated through the log
        "demo",  # the demo log
        "web",  # the HTTP layer over the library
        "cli",  # the command line over the library (it starts the web server)
    )
)


def _layer_of(top: str) -> int:
    found = [i for i, names in enumerate(LAYERS) if top in names]
    assert found, f"progtempo/{top} is in no layer of tests/test_layout.py: place it in LAYERS"
    return found[0]


def _imported_tops(tree: ast.Module) -> set[str]:
    """The first name under `progtempo.` of every module the file imports, anywhere in it."""
    tops: set[str] = set()
    for node in ast.walk(tree):
        if isinstance(node, ast.ImportFrom) and node.level == 0 and node.module:
            if node.module == "progtempo":
                tops.update(a.name for a in node.names)
            elif node.module.startswith("progtempo."):
                tops.add(node.module.split(".")[1])
        elif isinstance(node, ast.Import):
            tops.update(a.name.split(".")[1] for a in node.names if a.name.startswith("progtempo."))
    return tops - {"__version__"}


def test_layers_import_downward_only() -> None:
    upward: list[str] = []
    for path in sorted(SRC.rglob("*.py")):
        rel = path.relative_to(SRC)
        if rel.as_posix() in ("__init__.py", "__main__.py"):
            continue
        top = rel.parts[0].removesuffix(".py")
        mine = _layer_of(top)
        for other in sorted(_imported_tops(ast.parse(path.read_text())) - {top}):
            if _layer_of(other) >= mine:
                upward.append(f"{rel.as_posix()} imports progtempo.{other}")
    assert not upward, "imports beside or above the module's layer (move the name down): " + "; ".join(upward)


def _module_of(rel: str) -> str:
    """`store/db.py` -> `progtempo.store.db`; `store/__init__.py` -> `progtempo.store`."""
    parts = ["progtempo", *Path(rel).with_suffix("").parts]
    return ".".join(parts[:-1] if parts[-1] == "__init__" else parts)


def _import_graph() -> dict[str, set[str]]:
    """Each file of progtempo and the files it imports, anywhere in it (by relative path). Importing a
    submodule (`from progtempo.store import queries`) names that file, not the package's `__init__`."""
    files = {
        _module_of(p.relative_to(SRC).as_posix()): p.relative_to(SRC).as_posix() for p in SRC.rglob("*.py")
    }
    graph: dict[str, set[str]] = {}
    for mod, rel in files.items():
        named: set[str] = set()
        for node in ast.walk(ast.parse((SRC / rel).read_text())):
            if isinstance(node, ast.ImportFrom) and node.level == 0 and node.module:
                for a in node.names:
                    sub = f"{node.module}.{a.name}"
                    named.add(sub if sub in files else node.module)
            elif isinstance(node, ast.Import):
                named.update(a.name for a in node.names)
        graph[rel] = {files[m] for m in named if m in files and m != mod}
    return graph


def _circles(graph: dict[str, set[str]]) -> list[frozenset[str]]:
    """The strongly connected sets of more than one file (Tarjan's algorithm, without recursion)."""
    index: dict[str, int] = {}
    low: dict[str, int] = {}
    stack: list[str] = []
    on_stack: set[str] = set()
    found: list[frozenset[str]] = []
    for root in sorted(graph):
        if root in index:
            continue
        work = [(root, iter(sorted(graph[root])))]
        index[root] = low[root] = len(index)
        stack.append(root)
        on_stack.add(root)
        while work:
            node, todo = work[-1]
            nxt = next(todo, None)
            if nxt is not None:
                if nxt not in index:
                    index[nxt] = low[nxt] = len(index)
                    stack.append(nxt)
                    on_stack.add(nxt)
                    work.append((nxt, iter(sorted(graph[nxt]))))
                elif nxt in on_stack:
                    low[node] = min(low[node], index[nxt])
                continue
            work.pop()
            if work:
                low[work[-1][0]] = min(low[work[-1][0]], low[node])
            if low[node] == index[node]:
                members: set[str] = set()
                while True:
                    member = stack.pop()
                    on_stack.discard(member)
                    members.add(member)
                    if member == node:
                        break
                if len(members) > 1:
                    found.append(frozenset(members))
    return found


def test_the_circle_finder_finds_circles() -> None:
    graph = {"a.py": {"b.py"}, "b.py": {"c.py"}, "c.py": {"a.py", "d.py"}, "d.py": set(), "e.py": {"e.py"}}
    assert _circles(graph) == [frozenset({"a.py", "b.py", "c.py"})]


def test_no_circles_of_files() -> None:
    """No file imports, through others, a file that imports it. Every import counts, a lazy one inside
    a function or one for type checkers alike: either way a reader has to hold the circle in mind.
    (The store's query modules take the open log of store/log.py, which imports none of them, and
    store/db.py's `Store` sits above them all.)"""
    circles = [sorted(c) for c in _circles(_import_graph())]
    assert not circles, f"files that import each other (move what both need into a lower module): {circles}"
