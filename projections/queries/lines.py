"""Per-line totals as of a scope: the one fold over the movements every report shares.

Like beancount's realization: the sums are taken once, in SQL, then grouped and rolled
up in Python by whichever dimensions a report wants.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date
from typing import Any

from sqlalchemy import Subquery, Table, case, func, null, select, union_all
from sqlalchemy.orm import Session

from ledger.domain import settle
from ledger.domain.values import Fund
from projections.schema import line_months, lines, movements
from projections.scope import Scope

SUMMED = (
    "initial",
    "carried_in",
    "adjusted",
    "spent",
    "carried_out",
    "carried_from_old",
    "recovered_old",
    "recovered_current",
)


@dataclass
class LineTotals:
    key: int
    unit: str
    code: str
    fund: str
    function: str
    category: str
    economic: str | None  # the line's restriction
    project: str | None
    project_code: str | None
    spent_economic: str | None  # set when totals are split by the payments' economic code
    initial: int = 0
    carried_in: int = 0
    adjusted: int = 0
    spent: int = 0
    carried_out: int = 0
    carried_from_old: int = 0
    recovered_old: int = 0
    recovered_current: int = 0
    closed: bool = False

    @property
    def budget(self) -> int:
        return self.initial + self.carried_in + self.adjusted

    @property
    def available(self) -> int:
        return self.budget - self.spent

    def split(self) -> settle.Split[int]:
        return settle.split(self.carried_in, self.initial + self.adjusted, self.spent)

    @property
    def is_fiscal(self) -> bool:
        return Fund(self.fund).is_fiscal


def line_totals(session: Session, scope: Scope, by_economic: bool = False) -> list[LineTotals]:
    """Totals per line (and per payment economic code when ``by_economic``)."""
    if by_economic or scope.known_at is not None:
        inner = _from_movements(scope, by_economic)
    else:
        inner = _from_months(scope)
    query = select(
        lines.c.key,
        lines.c.unit,
        lines.c.code,
        lines.c.fund,
        lines.c.function,
        lines.c.category,
        lines.c.economic,
        lines.c.project,
        lines.c.project_code,
        inner.c.economic if by_economic else null().label("spent_economic"),
        *(inner.c[name] for name in SUMMED),
        inner.c.closed,
    ).join_from(inner, lines, inner.c.line_key == lines.c.key)
    result = []
    for r in session.execute(query.order_by(lines.c.unit, lines.c.code)):
        # the line's ten columns, the sums in the order of SUMMED, whether it is closed
        values = [*r[:10], *(int(v) for v in r[10:-1]), bool(r[-1])]
        result.append(LineTotals(*values))
    return result


def _sums(table: Table) -> list[Any]:
    return [func.coalesce(func.sum(table.c[name]), 0).label(name) for name in SUMMED]


def _from_movements(scope: Scope, by_economic: bool) -> Subquery:
    """Every movement of the scope, summed per line: exact for any known-at moment."""
    m = movements.c
    closed = func.max(case((m.kind == "close", 1), else_=0)).label("closed")
    group = [m.line_key, *([m.economic] if by_economic else [])]
    return (
        select(*group, *_sums(movements), closed)
        .where(m.line_key.is_not(None), *scope.movement_filter())
        .group_by(*group)
        .subquery()
    )


def _from_months(scope: Scope) -> Subquery:
    """The months before the as-of date's month from ``line_month``, and that month's
    movements up to the date: what is known now, without reading the whole year."""
    day = scope.as_of
    if day is None or day >= date(scope.year, 12, 31):
        month = 13  # the whole year from line_month
    elif day < date(scope.year, 1, 1):
        month = 0  # nothing yet
    else:
        month = day.month
    lm = line_months.c
    parts = [
        select(lm.line_key, *_sums(line_months), func.sum(lm.closes).label("closed"))
        .where(*scope.unit_filter(line_months), lm.month < month)
        .group_by(lm.line_key)
    ]
    if 0 < month < 13:
        m = movements.c
        parts.append(
            select(
                m.line_key,
                *_sums(movements),
                func.sum(case((m.kind == "close", 1), else_=0)).label("closed"),
            )
            .where(
                m.line_key.is_not(None),
                *scope.unit_filter(movements),
                m.effective_date >= date(scope.year, month, 1),
                m.effective_date <= day,
            )
            .group_by(m.line_key)
        )
    both = union_all(*parts).subquery()
    return (
        select(
            both.c.line_key,
            *(func.sum(both.c[name]).label(name) for name in SUMMED),
            func.sum(both.c.closed).label("closed"),
        )
        .group_by(both.c.line_key)
        .subquery()
    )
