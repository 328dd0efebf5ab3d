"""Carry-over age: a carried balance is dated by the year its money was first
appropriated (``movement.origin_year``). Spending uses the oldest money first, so what is
left of each origin is the carry-over less what was spent or taken back, oldest first.
Money carried two years or more is 结余, due for recovery.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from dataclasses import dataclass

from sqlalchemy import func, select
from sqlalchemy.orm import Session

from ledger.domain import settle
from ledger.money import wan
from projections.queries.lines import LineTotals, line_totals
from projections.schema import movements
from projections.scope import Scope

DUE_AGE = 2  # years carried after which a balance is 结余 due for recovery


@dataclass(frozen=True)
class AgedBalance:
    unit: str
    line: str
    fund: str
    origin_year: int
    years: int  # how many years the money has been carried
    amount: int  # fen still unspent on the line as of the scope

    def describe(self) -> str:
        return (
            f"单位 {self.unit} 指标 {self.line}（{self.fund}）：{self.origin_year} 年安排的资金"
            f"尚余 {wan(self.amount):,.2f} 万元，已结转 {self.years} 年，属结余，应予收回"
        )


def carry_origins(session: Session, scope: Scope) -> dict[int, dict[int, int]]:
    """Line key → year first appropriated → fen carried in."""
    m = movements.c
    out: dict[int, dict[int, int]] = {}
    for key, origin, amount in session.execute(
        select(m.line_key, m.origin_year, func.sum(m.carried_in))
        .where(m.kind == "carryover", *scope.movement_filter())
        .group_by(m.line_key, m.origin_year)
    ):
        out.setdefault(key, {})[origin] = int(amount)
    return out


def aged_balances(
    totals: Iterable[LineTotals],
    origins: Mapping[int, Mapping[int, int]],
    year: int,
    min_age: int = DUE_AGE,
) -> list[AgedBalance]:
    """Unspent carry-overs at least ``min_age`` years old, on lines not closed yet (a
    closed line's balance was carried, where next year's figures date it, or recovered)."""
    out = []
    for t in totals:
        if t.closed or t.key not in origins:
            continue
        s = t.split()
        left = settle.consume_oldest(origins[t.key], s.spent_from_carry + s.carry_reduced)
        out += [
            AgedBalance(t.unit, t.code, t.fund, origin, year - origin, amount)
            for origin, amount in sorted(left.items())
            if year - origin >= min_age and amount > 0
        ]
    return out


def aged(session: Session, scope: Scope) -> list[AgedBalance]:
    return aged_balances(line_totals(session, scope), carry_origins(session, scope), scope.year)
