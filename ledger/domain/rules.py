"""The business rules of one fact on its own: what its kind, amount, date and dimensions
may say together, whatever the ledger already holds.

The journal parser checks each cell's form, then asks these (in the same pass, so a row is
refused before anything is recorded); the aggregates ask them again for their own commands.
Rules that need the ledger's state (available money, closed years, vouchers, an existing
line's dimensions) are the aggregates' own, in ``line.py`` and ``book.py``.

This module imports nothing heavier than the domain's vocabulary: the journal's reading
worker loads it.
"""

from __future__ import annotations

from datetime import date
from decimal import Decimal
from typing import Protocol

from ledger.domain.errors import EconomicMismatch, LedgerError
from ledger.domain.values import FISCAL_FUNDS, PERSONNEL_ECONOMIC_CLASSES, Category, Fund, Kind


class Row(Protocol):
    """What ``require_consistent`` reads of a row (a ``JournalRow`` is one)."""

    @property
    def kind(self) -> Kind: ...
    @property
    def amount(self) -> Decimal: ...
    @property
    def line(self) -> str | None: ...
    @property
    def to_line(self) -> str | None: ...
    @property
    def fund(self) -> str | None: ...
    @property
    def category(self) -> str | None: ...
    @property
    def economic(self) -> str | None: ...
    @property
    def project(self) -> str | None: ...
    @property
    def project_code(self) -> str | None: ...


def require_amount_sign(kind: Kind, amount: Decimal, written: str | None = None) -> None:
    """An amount is > 0, except an adjustment's (signed, never zero) and a close's (≥ 0).
    ``written`` is the amount as the row wrote it, for the refusal."""
    if kind is Kind.ADJUSTMENT:
        if amount == 0:
            raise LedgerError("调整金额不能为零（追加为正，追减为负）", column="amount")
    elif kind is Kind.CLOSE:
        if amount < 0:
            raise LedgerError("结转金额不能为负数", column="amount")
    elif amount <= 0:
        shown = "" if written is None else f"：「{written}」"
        raise LedgerError(f"金额必须大于零{shown}", column="amount")


def require_in_year(day: date, year: int, written: str) -> None:
    """A fact's business date lies in its budget year."""
    if day.year != year:
        raise LedgerError(f"业务日期 {written} 不在预算年度 {year} 内", column="date")


def require_economic_class(category: str, economic: str, paid_from: str | None = None) -> None:
    """人员经费 is spent only under the economic classes 301 and 303, 公用经费 never under
    them; 项目支出 under any. ``paid_from`` names the line a payment is made from; without
    it the code is the one a line being opened is restricted to."""
    if category == Category.PROJECT:
        return
    personnel = economic[:3] in PERSONNEL_ECONOMIC_CLASSES
    if personnel == (category == Category.PERSONNEL):
        return
    if paid_from is None:
        rule = "须属 301 或 303 类" if not personnel else "不能属 301 或 303 类"
        raise EconomicMismatch(f"{category}指标的经济科目{rule}（{economic}）", column="economic")
    if not personnel:
        raise EconomicMismatch(
            f"指标 {paid_from} 为人员经费，经济科目须属 301 或 303 类，不能列支 {economic}",
            column="economic",
        )
    raise EconomicMismatch(
        f"指标 {paid_from} 为公用经费，经济科目不能属 301 或 303 类（{economic}）",
        column="economic",
    )


def require_consistent(row: Row) -> None:
    """What the columns of one row must say together, by kind (each cell's own form
    checked before)."""
    kind = row.kind
    if kind is Kind.APPROPRIATION or kind is Kind.CARRYOVER:
        category = row.category
        if category == Category.PROJECT and not row.project:
            raise LedgerError("项目支出指标必须填写项目名称", column="project")
        if category != Category.PROJECT and (row.project or row.project_code):
            raise LedgerError(f"{category}指标不应填写项目（项目仅属项目支出）", column="project")
        if row.economic and category is not None:
            # A line restricted to a code its category can never pay under is unusable.
            require_economic_class(category, row.economic)
    elif kind is Kind.CLOSE:
        if not row.line and row.amount != 0:
            raise LedgerError(
                "全单位年终结转（指标编号为空）不结转金额，金额须为 0", column="amount"
            )
    elif kind is Kind.TRANSFER:
        if row.to_line == row.line:
            raise LedgerError("调入指标与调出指标相同", column="to_line")
    elif kind is Kind.INCOME and row.fund in FISCAL_FUNDS:
        raise LedgerError(
            f"收入只记录非财政拨款资金（{Fund.UNIT}、{Fund.SPECIAL_ACCOUNT}）；"
            f"{row.fund}的收入由支出和结转计算，不单独记录",
            column="fund",
        )
