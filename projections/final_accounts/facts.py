"""Everything the tables of one scope are built from, read once: the per-line fold
(``line_totals``), payments by economic code, spending type and procurement, the
procurement planned (政府采购预算), income facts, carry-overs by year of origin, and the
units with their types and names."""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass, field
from typing import Any

from sqlalchemy import Row, func, select
from sqlalchemy.orm import Session

from ledger.domain.values import DEFAULT_UNIT_TYPE, Category
from projections.queries.ages import carry_origins
from projections.queries.execution import names
from projections.queries.grouping import Names
from projections.queries.lines import LineTotals, line_totals
from projections.schema import movements, units
from projections.scope import Scope


@dataclass(frozen=True)
class Spending:
    """Payments less reversals of one line under one economic code, spending type and
    procurement tag."""

    line: LineTotals
    economic: str
    spend_type: str | None
    procurement: str | None
    amount: int

    @property
    def basic(self) -> bool:
        return Category(self.line.category).is_basic


@dataclass(frozen=True)
class ProcurementPlan:
    """Money of one line planned for government procurement of one type."""

    line: LineTotals
    procurement: str
    amount: int


@dataclass(frozen=True)
class Income:
    """Non-fiscal income recorded under one fund, function code and income type."""

    unit: str
    fund: str
    function: str
    income_type: str
    amount: int


@dataclass(frozen=True)
class UnitInfo:
    code: str
    name: str | None
    unit_type: str
    department: str | None


@dataclass
class Facts:
    scope: Scope
    lines: list[LineTotals]
    spending: list[Spending]
    income: list[Income]
    origins: dict[int, dict[int, int]]  # line key → year first appropriated → carried in
    units: dict[str, UnitInfo]
    names: Names = field(default_factory=Names)
    procurement_plans: list[ProcurementPlan] = field(default_factory=list)

    @property
    def closed(self) -> bool:
        """Every line of the scope is closed (the year's figures are final)."""
        return all(t.closed for t in self.lines)

    @property
    def empty(self) -> bool:
        return not self.lines and not self.income

    def header(self) -> dict[str, Any]:
        """Whose tables, for which year, as of when: the JSON documents' first keys."""
        scope = self.scope
        return {
            "unit": scope.unit,
            "department": scope.department,
            "name": self.entity_name,
            "year": scope.year,
            "as_of": scope.as_of_date.isoformat(),
            "known_at": scope.known_at.isoformat() if scope.known_at else None,
        }

    @property
    def entity_name(self) -> str:
        """部门名称 as the table headers print it."""
        scope = self.scope
        if scope.unit is not None:
            info = self.units.get(scope.unit)
            return (info.name if info and info.name else None) or scope.unit
        return f"主管部门 {scope.department}（汇总）"


def unit_label(f: Facts, unit: str) -> str:
    """A unit as the tables name it: its code and name."""
    info = f.units.get(unit)
    return f"{unit} {info.name}" if info and info.name else unit


def gather(session: Session, scope: Scope) -> Facts:
    totals = line_totals(session, scope)
    by_key = {t.key: t for t in totals}
    m = movements.c
    where = scope.movement_filter()
    spending = [
        Spending(by_key[key], economic, spend_type, procurement, int(amount))
        for key, economic, spend_type, procurement, amount in session.execute(
            select(m.line_key, m.economic, m.spend_type, m.procurement, func.sum(m.spent))
            .where(m.kind.in_(("payment", "reversal")), *where)
            .group_by(m.line_key, m.economic, m.spend_type, m.procurement)
            .order_by(m.line_key, m.economic)
        )
        if key in by_key
    ]
    plans = [
        ProcurementPlan(by_key[key], procurement, int(amount))
        for key, procurement, amount in session.execute(
            select(m.line_key, m.procurement, func.sum(m.planned))
            .where(m.kind == "procurement_plan", *where)
            .group_by(m.line_key, m.procurement)
            .order_by(m.line_key, m.procurement)
        )
        if key in by_key
    ]
    income = [
        Income(unit, fund, function, income_type, int(amount))
        for unit, fund, function, income_type, amount in session.execute(
            select(m.unit, m.fund, m.function, m.income_type, func.sum(m.income))
            .where(m.kind == "income", *where)
            .group_by(m.unit, m.fund, m.function, m.income_type)
            .order_by(m.unit, m.function)
        )
    ]
    origins = carry_origins(session, scope)
    codes = {t.unit for t in totals} | {i.unit for i in income}
    if scope.unit is not None:
        codes.add(scope.unit)
    rows: Iterable[Row[Any]] = (
        session.execute(select(units).where(units.c.code.in_(sorted(codes)))) if codes else []
    )
    info = {
        r.code: UnitInfo(r.code, r.name, r.unit_type or DEFAULT_UNIT_TYPE, r.department)
        for r in rows
    }
    return Facts(scope, totals, spending, income, origins, info, names(session), plans)
