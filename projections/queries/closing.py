"""年终结转 of a unit's year, per line: what its close carried into next year and what
it recovered (收回), so the user sees what a close, which cannot be undone, did."""

from __future__ import annotations

from typing import Any

from sqlalchemy.orm import Session

from projections.queries.lines import line_totals
from projections.report import Column, Report
from projections.scope import Scope

COLUMNS = [
    Column("line", "指标"),
    Column("available", "结账前余额（元）", "yuan"),
    Column("carried", "结转下年（元）", "yuan"),
    Column("recovered", "收回（元）", "yuan"),
]


def close_report(session: Session, unit: str, year: int) -> Report:
    """Every closed line of the unit's year (none if the year is not closed)."""
    rows: list[dict[str, Any]] = []
    for t in line_totals(session, Scope(year, unit=unit)):
        if not t.closed:
            continue
        rows.append(
            {
                "line": t.code,
                "available": t.available,
                "carried": t.carried_out,
                "recovered": t.recovered_old + t.recovered_current,
            }
        )
    total = {c.key: sum(r[c.key] for r in rows) for c in COLUMNS[1:]}
    return Report(
        name="close",
        title="年终结转",
        columns=COLUMNS,
        rows=rows,
        total=total,
        meta={"unit": unit, "year": year},
    )
