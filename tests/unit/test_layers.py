"""The domain knows nothing of SQL; nothing but tui/ knows Textual; the write side knows
nothing of the read model's tables."""

from __future__ import annotations

import ast
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]


def _imports(package: str) -> dict[str, set[str]]:
    found: dict[str, set[str]] = {}
    for path in (ROOT / package).rglob("*.py"):
        names: set[str] = set()
        for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
            if isinstance(node, ast.Import):
                names.update(alias.name for alias in node.names)
            elif isinstance(node, ast.ImportFrom) and node.module:
                names.add(node.module)
        found[str(path.relative_to(ROOT))] = names
    return found


def _offenders(package: str, forbidden: tuple[str, ...]) -> list[str]:
    return [
        f"{module} imports {name}"
        for module, names in _imports(package).items()
        for name in names
        if name.split(".")[0] in forbidden or name in forbidden
    ]


def test_domain_and_journal_know_no_sql_and_no_ui() -> None:
    forbidden = ("sqlalchemy", "eventsourcing_sqlalchemy", "projections", "textual", "tui")
    assert _offenders("ledger/domain", forbidden) == []
    assert _offenders("ledger/journal", forbidden) == []


def test_only_tui_imports_textual() -> None:
    assert _offenders("ledger", ("textual",)) == []
    assert _offenders("projections", ("textual", "tui")) == []
    # The command line is the composition root: `budget-ledger tui` opens the UI (lazily);
    # nothing else in ledger/ knows that there is one.
    assert [o for o in _offenders("ledger", ("tui",)) if not o.startswith("ledger/cli/")] == []


def test_tui_speaks_to_the_ledger_in_plain_values() -> None:
    """The UI calls the queries and the service, never tables, SQL or aggregates."""
    forbidden = (
        "sqlalchemy",
        "eventsourcing",
        "projections.schema",
        "projections.projector",
        "ledger.tables",
        "ledger.recording",
        "ledger.application",
        "ledger.domain.line",
        "ledger.domain.book",
        "ledger.domain.unit",
    )
    offenders = [
        o
        for o in _offenders("tui", forbidden)
        if not o.endswith(" imports sqlalchemy.orm")  # a read session to hand to queries
    ]
    assert offenders == []


def test_write_side_does_not_touch_read_model_tables() -> None:
    # The command line and the benchmark wire both sides together.
    allowed_composition = {"ledger/cli", "ledger/bench"}
    offenders = [
        o
        for o in _offenders("ledger", ("projections.schema",))
        if not any(o.startswith(a) for a in allowed_composition)
    ]
    assert offenders == []
