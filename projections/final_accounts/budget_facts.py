"""What the budget tables read beside the year's lines: money planned to carry into next
year (结转下年), the planned procurement (政府采购预算), and last year's 执行数 for the
comparisons, each read once."""

from __future__ import annotations

from dataclasses import dataclass, field

from sqlalchemy import func, select
from sqlalchemy.orm import Session

from projections.final_accounts.facts import Facts
from projections.queries.lines import LineTotals, line_totals
from projections.schema import movements
from projections.scope import Scope


@dataclass(frozen=True)
class ProcurementPlan:
    """Money of one line planned for government procurement of one type."""

    line: LineTotals
    procurement: str
    amount: int


@dataclass
class BudgetFacts:
    facts: Facts
    carry_plans: dict[int, int] = field(default_factory=dict)  # line key → 结转下年 planned
    procurement: list[ProcurementPlan] = field(default_factory=list)
    previous: list[LineTotals] | None = None  # last year's lines; None: not in the store

    def carry_plan(self, t: LineTotals) -> int:
        return self.carry_plans.get(t.key, 0)

    def current(self, t: LineTotals) -> int:
        """This year's money planned to be spent: the appropriations less the planned
        carry, which takes the current money first (spending takes the carry-over first)."""
        return t.initial - min(self.carry_plan(t), t.initial)

    def carried(self, t: LineTotals) -> int:
        """Last year's carry-over planned to be spent."""
        return t.carried_in - max(self.carry_plan(t) - t.initial, 0)

    def spend(self, t: LineTotals) -> int:
        return self.current(t) + self.carried(t)


def gather_budget(session: Session, facts: Facts) -> BudgetFacts:
    scope = facts.scope
    by_key = {t.key: t for t in facts.lines}
    m = movements.c
    plans: dict[int, int] = {}
    procurement: list[ProcurementPlan] = []
    query = (
        select(m.line_key, m.kind, m.procurement, func.sum(m.planned))
        .where(m.kind.in_(("carry_plan", "procurement_plan")), *scope.movement_filter())
        .group_by(m.line_key, m.kind, m.procurement)
        .order_by(m.line_key, m.procurement)
    )
    for key, kind, kind_of_procurement, amount in session.execute(query):
        if key not in by_key:
            continue
        if kind == "carry_plan":
            plans[key] = plans.get(key, 0) + int(amount)
        else:
            procurement.append(ProcurementPlan(by_key[key], kind_of_procurement, int(amount)))
    earlier = Scope(scope.year - 1, scope.unit, scope.department, known_at=scope.known_at)
    previous = line_totals(session, earlier) or None
    return BudgetFacts(facts, plans, procurement, previous)
