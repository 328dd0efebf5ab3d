"""结转结余 by fund, with the identity checked on exact fen:

  年初结转和结余 + 本年收入 = 本年支出 + 年末结转和结余 + 收回的上年结转

For the 财政拨款 funds 本年收入 is the current year's money spent plus the current year's
money carried over; before a line is closed its 年末 figure is projected as its available
balance. For 单位资金 and 财政专户 本年收入 is the income recorded, and 年末结转和结余 is
年初 + 收入 − 支出 (the unit keeps its own money; nothing is recovered).
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass
from typing import Any

from sqlalchemy import func, select
from sqlalchemy.orm import Session

from ledger.domain.values import Fund
from projections.queries.ages import DUE_AGE, aged
from projections.queries.lines import LineTotals, line_totals
from projections.report import Column, Report
from projections.schema import movements
from projections.scope import Scope


@dataclass
class FundBalance:
    fund: str
    opening: int = 0  # 年初结转和结余
    income: int = 0  # 本年收入
    spent: int = 0  # 本年支出
    recovered: int = 0  # 收回的上年结转
    closing: int = 0  # 年末结转和结余
    closed: bool = True  # every line of the fund closed as of the date

    @property
    def holds(self) -> bool:
        return self.opening + self.income == self.spent + self.closing + self.recovered


def fiscal_line(t: LineTotals) -> tuple[int, int, int]:
    """(本年收入, 年末结转和结余, 收回的上年结转) of one 财政拨款 line."""
    s = t.split()
    if t.closed:
        from_current = t.carried_out - t.carried_from_old
        return s.spent_from_current + from_current, t.carried_out, t.recovered_old
    return s.spent_from_current + s.current_left, s.available, s.carry_reduced


def fund_balances(session: Session, scope: Scope) -> list[FundBalance]:
    income_rows = session.execute(
        select(movements.c.fund, func.sum(movements.c.income))
        .where(movements.c.kind == "income", *scope.movement_filter())
        .group_by(movements.c.fund)
    )
    return fold_balances(line_totals(session, scope), ((f, int(a)) for f, a in income_rows))


def fold_balances(
    totals: Iterable[LineTotals], income: Iterable[tuple[str, int]]
) -> list[FundBalance]:
    """结转结余 by fund from per-line totals and (fund, amount) income facts."""
    by_fund: dict[str, FundBalance] = {}
    for t in totals:
        b = by_fund.setdefault(t.fund, FundBalance(t.fund))
        b.opening += t.carried_in
        b.spent += t.spent
        b.closed = b.closed and t.closed
        if t.is_fiscal:
            received, closing, recovered = fiscal_line(t)
            b.income += received
            b.closing += closing
            b.recovered += recovered
    for fund, amount in income:
        by_fund.setdefault(fund, FundBalance(fund)).income += amount
    for b in by_fund.values():
        if not Fund(b.fund).is_fiscal:
            b.closing = b.opening + b.income - b.spent
    order = {f.value: i for i, f in enumerate(Fund)}
    return sorted(by_fund.values(), key=lambda b: order[b.fund])


def balances_report(session: Session, scope: Scope) -> Report:
    balances = fund_balances(session, scope)
    due = aged(session, scope)
    rows: list[dict[str, Any]] = [
        {
            "fund": b.fund,
            "opening": b.opening,
            "income": b.income,
            "spent": b.spent,
            "recovered": b.recovered,
            "closing": b.closing,
            "aged": sum(a.amount for a in due if a.fund == b.fund),
            "closed": b.closed,
            "identity_holds": b.holds,
        }
        for b in balances
    ]
    total = {
        key: sum(r[key] for r in rows)
        for key in ("opening", "income", "spent", "recovered", "closing", "aged")
    }
    total["identity_holds"] = all(r["identity_holds"] for r in rows)
    notes = ["年初结转和结余 + 本年收入 = 本年支出 + 年末结转和结余 + 收回"]
    if not all(r["closed"] for r in rows):
        notes.append("未结账的资金，年末结转和结余为按可用余额预计的数字")
    notes += [a.describe() for a in due]
    return Report(
        name="balances",
        title="结转结余情况",
        columns=[
            Column("fund", "资金性质"),
            Column("opening", "年初结转和结余", "money"),
            Column("income", "本年收入", "money"),
            Column("spent", "本年支出", "money"),
            Column("recovered", "收回", "money"),
            Column("closing", "年末结转和结余", "money"),
            Column("aged", f"其中结转{DUE_AGE}年及以上", "money"),
            Column("closed", "已结账", "flag"),
            Column("identity_holds", "恒等式成立", "flag"),
        ],
        rows=rows,
        total=total,
        meta=scope.describe(),
        notes=notes,
    )
