"""Per-line totals as of a scope: the one fold over the movements every report shares.

Like beancount's realization: the sums are taken once, in SQL, then grouped and rolled
up in Python by whichever dimensions a report wants.
"""

from __future__ import annotations

from dataclasses import dataclass

from sqlalchemy import case, func, null, select
from sqlalchemy.orm import Session

from ledger.domain import settle
from ledger.domain.values import Fund
from projections.schema import lines, movements
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
    m = movements.c
    sums = [func.coalesce(func.sum(getattr(m, name)), 0).label(name) for name in SUMMED]
    closed = func.max(case((m.kind == "close", 1), else_=0)).label("closed")
    # A line belongs to one unit: grouping by unit too changes nothing but lets the
    # database read the (year, unit, line_key, …) index in order, without sorting.
    group = [m.unit, m.line_key, *([m.economic] if by_economic else [])]
    inner = (
        select(*group, *sums, closed)
        .where(m.line_key.is_not(None), *scope.movement_filter())
        .group_by(*group)
        .subquery()
    )
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
        result.append(
            LineTotals(
                *r[:9],
                spent_economic=r[9],
                **{name: int(r[10 + i]) for i, name in enumerate(SUMMED)},
                closed=bool(r[-1]),
            )
        )
    return result
