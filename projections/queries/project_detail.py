"""One project opened: its lines with their execution figures, and its payments."""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from sqlalchemy.orm import Session

from ledger.domain.values import Category
from projections.queries.execution import sums
from projections.queries.history import HistoryFilter, history_row, select_history
from projections.queries.lines import LineTotals, line_totals
from projections.queries.paging import PAGE, keyset
from projections.report import FIGURE_COLUMNS, Column, Report, figures
from projections.schema import lines, movements
from projections.scope import Scope


@dataclass(frozen=True)
class ProjectKey:
    """A project as ``projects_report`` groups them: by code, else by unit and name."""

    project_code: str | None
    unit: str
    project: str | None

    @classmethod
    def of(cls, row: dict[str, Any]) -> ProjectKey:
        return cls(row.get("project_code"), row["unit"], row.get("project"))

    def matches(self, t: LineTotals) -> bool:
        if t.category != Category.PROJECT:
            return False
        if self.project_code:
            return t.project_code == self.project_code
        return (
            not t.project_code and t.unit == self.unit and (t.project or "") == (self.project or "")
        )


def project_lines(session: Session, scope: Scope, key: ProjectKey) -> Report:
    members = [t for t in line_totals(session, scope) if key.matches(t)]
    pace = scope.pace
    rows = [
        {"unit": t.unit, "line": t.code, "function": t.function, **figures(**sums([t]), pace=pace)}
        for t in members
    ]
    return Report(
        name="project_lines",
        title=f"项目 {key.project_code or ''} {key.project or ''}".strip(),
        columns=[
            Column("unit", "单位"),
            Column("line", "指标"),
            Column("function", "功能科目"),
            *FIGURE_COLUMNS,
        ],
        rows=rows,
        total=figures(**sums(members), pace=pace) if members else None,
        meta=scope.describe(),
    )


def project_payments(
    session: Session, scope: Scope, key: ProjectKey, limit: int = PAGE
) -> list[dict[str, Any]]:
    """The project's latest ``limit`` payments and reversals, in recording order."""
    query = select_history(HistoryFilter()).where(
        movements.c.kind.in_(("payment", "reversal")),
        lines.c.category == Category.PROJECT.value,
        *scope.movement_filter(),
    )
    if key.project_code:
        query = query.where(lines.c.project_code == key.project_code)
    else:
        query = query.where(
            movements.c.unit == key.unit,
            lines.c.project_code.is_(None),
            lines.c.project == key.project,
        )
    rows, _, _ = keyset(session, query, last=True, limit=limit)
    return [history_row(r) for r in rows]
