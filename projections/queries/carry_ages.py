"""Carry-over ages (结转资金账龄): how much of the money carried into the year came from
which year of first appropriation, and how much of it is still unspent.

Spending uses a line's carry-over first, oldest money first (``settle.consume_oldest``),
the same rule the aggregate applies, so what is "left" here is what a close would carry
or recover.
"""

from __future__ import annotations

from typing import Any

from sqlalchemy import func, select
from sqlalchemy.orm import Session

from ledger.domain import settle
from ledger.domain.values import Fund
from projections.queries.lines import line_totals
from projections.report import Column, Report
from projections.schema import movements
from projections.scope import Scope


def carried_by_origin(session: Session, scope: Scope) -> dict[int, dict[int, int]]:
    """{line key: {year of origin: fen carried in}} within the scope."""
    m = movements.c
    query = (
        select(m.line_key, m.origin_year, func.sum(m.carried_in))
        .where(m.kind == "carryover", *scope.movement_filter())
        .group_by(m.line_key, m.origin_year)
    )
    found: dict[int, dict[int, int]] = {}
    for key, origin, amount in session.execute(query):
        year = origin if origin is not None else scope.year - 1
        by_origin = found.setdefault(key, {})
        by_origin[year] = by_origin.get(year, 0) + int(amount)
    return found


def carry_ages(session: Session, scope: Scope) -> Report:
    by_line = carried_by_origin(session, scope)
    cells: dict[tuple[str, int], list[int]] = {}  # (fund, origin) → [carried, left]
    for t in line_totals(session, scope):
        by_origin = by_line.get(t.key)
        if not by_origin:
            continue
        s = t.split()
        left = settle.consume_oldest(by_origin, s.spent_from_carry + s.carry_reduced)
        for origin, amount in by_origin.items():
            cell = cells.setdefault((t.fund, origin), [0, 0])
            cell[0] += amount
            cell[1] += left.get(origin, 0)
    order = {f.value: i for i, f in enumerate(Fund)}
    rows: list[dict[str, Any]] = [
        {
            "fund": fund,
            "origin_year": origin,
            "age": scope.year - origin,
            "carried": carried,
            "used": carried - left,
            "left": left,
        }
        for (fund, origin), (carried, left) in sorted(
            cells.items(), key=lambda item: (order[item[0][0]], item[0][1])
        )
    ]
    total = {key: sum(r[key] for r in rows) for key in ("carried", "used", "left")}
    return Report(
        name="carry_ages",
        title="结转资金账龄",
        columns=[
            Column("fund", "资金性质"),
            Column("origin_year", "原批复年度", "int"),
            Column("age", "账龄（年）", "int"),
            Column("carried", "上年结转", "money"),
            Column("used", "已支出", "money"),
            Column("left", "尚未使用", "money"),
        ],
        rows=rows,
        total=total if rows else None,
        meta=scope.describe(),
        notes=["支出先使用上年结转资金，且先用最早年度的资金"],
    )
