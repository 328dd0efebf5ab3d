"""The house reads bottom-up: ``ledger`` (the write side) < ``projections`` (the read side)
< ``tui`` (the faces: terminal UI, command line, benchmark, and the composition root).

No module imports a floor above its own, at any depth of a function (a lazy import is
still an arrow); imports under ``if TYPE_CHECKING:`` are for the type checker only and
do not count. There are no exemptions: a new arrow downwards-up fails here.
"""

from __future__ import annotations

import ast
from collections.abc import Iterator
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]
FLOORS = ("ledger", "projections", "tui")  # bottom to top
OURS = set(FLOORS)


def _module_name(path: Path) -> str:
    parts = list(path.relative_to(ROOT).with_suffix("").parts)
    if parts[-1] == "__init__":
        parts.pop()
    return ".".join(parts)


def _runtime_nodes(tree: ast.AST) -> Iterator[ast.AST]:
    """Every node, less the bodies of ``if TYPE_CHECKING:`` blocks."""
    stack = [tree]
    while stack:
        node = stack.pop()
        if isinstance(node, ast.If) and "TYPE_CHECKING" in ast.unparse(node.test):
            stack.extend(node.orelse)
            continue
        yield node
        stack.extend(ast.iter_child_nodes(node))


def _imported(path: Path) -> set[str]:
    names: set[str] = set()
    for node in _runtime_nodes(ast.parse(path.read_text(encoding="utf-8"))):
        if isinstance(node, ast.Import):
            names.update(alias.name for alias in node.names)
        elif isinstance(node, ast.ImportFrom) and node.module and node.level == 0:
            names.add(node.module)
            names.update(f"{node.module}.{alias.name}" for alias in node.names)
    return names


def _graph() -> dict[str, set[str]]:
    """Module → the modules it imports (of ours, only names that are modules; of
    others, every dotted name)."""
    paths = {
        _module_name(p): p
        for floor in FLOORS
        for p in (ROOT / floor).rglob("*.py")
        if ".venv" not in p.parts
    }
    graph: dict[str, set[str]] = {}
    for module, path in paths.items():
        found = _imported(path)
        graph[module] = {name for name in found if name.split(".")[0] not in OURS or name in paths}
    return graph


GRAPH = _graph()


def _offenders(prefix: str, forbidden: tuple[str, ...]) -> list[str]:
    return sorted(
        f"{module} imports {name}"
        for module, names in GRAPH.items()
        if module == prefix or module.startswith(prefix + ".")
        for name in names
        if any(name == f or name.startswith(f + ".") for f in forbidden)
    )


def test_no_floor_imports_a_floor_above_it() -> None:
    for level, floor in enumerate(FLOORS):
        assert _offenders(floor, FLOORS[level + 1 :]) == []


def test_domain_and_journal_know_no_sql_and_no_storage() -> None:
    forbidden = ("sqlalchemy", "eventsourcing_sqlalchemy", "psycopg", "alembic")
    assert _offenders("ledger.domain", forbidden) == []
    assert _offenders("ledger.journal", forbidden) == []


def test_only_the_terminal_ui_knows_textual() -> None:
    assert _offenders("ledger", ("textual",)) == []
    assert _offenders("projections", ("textual",)) == []
    # The command line starts fast: it opens the UI by a lazy import of tui.app only.
    assert _offenders("tui.cli", ("textual",)) == []
    assert _offenders("tui.root", ("textual",)) == []


def test_the_screens_speak_to_the_ledger_in_plain_values() -> None:
    """The UI calls the queries and the service, never tables, SQL or aggregates (a
    ``sqlalchemy.orm.Session`` is only handed to the queries)."""
    forbidden = (
        "sqlalchemy.sql",
        "sqlalchemy.engine",
        "sqlalchemy.select",
        "sqlalchemy.text",
        "eventsourcing",
        "projections.schema",
        "projections.projector",
        "ledger.tables",
        "ledger.store",
        "ledger.recording",
        "ledger.application",
        "ledger.domain.line",
        "ledger.domain.book",
        "ledger.domain.unit",
    )
    for face in ("tui.app", "tui.screens", "tui.widgets", "tui.commands", "tui.state"):
        assert _offenders(face, forbidden) == []
    plain_sqlalchemy = [
        o
        for face in ("tui.app", "tui.screens", "tui.widgets")
        for o in _offenders(face, ("sqlalchemy",))
        if not o.endswith((" imports sqlalchemy.orm", " imports sqlalchemy.orm.Session"))
    ]
    assert plain_sqlalchemy == []


def test_the_write_side_knows_nothing_of_the_read_model() -> None:
    assert _offenders("ledger", ("projections",)) == []


def test_no_import_cycles() -> None:
    ours = {m: {n for n in names if n in GRAPH and n != m} for m, names in GRAPH.items()}
    cycles: list[list[str]] = []
    state: dict[str, int] = {}  # 1: on the current path, 2: done

    def visit(module: str, path: list[str]) -> None:
        state[module] = 1
        for nxt in sorted(ours[module]):
            if state.get(nxt) == 1:
                cycles.append([*path[path.index(nxt) :], nxt])
            elif nxt not in state:
                visit(nxt, [*path, nxt])
        state[module] = 2

    for module in sorted(ours):
        if module not in state:
            visit(module, [module])
    assert cycles == []


def test_the_layer_check_sees_a_lazy_import_upwards(tmp_path: Path) -> None:
    """The checker itself can fail: an import inside a function counts."""
    source = "def f():\n    from tui.app import LedgerApp\n"
    (tmp_path / "m.py").write_text(source, encoding="utf-8")
    assert "tui.app" in _imported(tmp_path / "m.py")
    guarded = "from typing import TYPE_CHECKING\nif TYPE_CHECKING:\n    import tui.app\n"
    (tmp_path / "g.py").write_text(guarded, encoding="utf-8")
    assert "tui.app" not in _imported(tmp_path / "g.py")
