"""What the budget tables read beside the year's facts (which hold the planned procurement,
政府采购预算, shared with the final accounts): money planned to carry into next year
(结转下年) and last year's 执行数 for the comparisons, each read once."""

from __future__ import annotations

from dataclasses import dataclass, field

from sqlalchemy import func, select
from sqlalchemy.orm import Session

from projections.final_accounts.facts import Facts, ProcurementPlan
from projections.queries.lines import LineTotals, line_totals
from projections.schema import movements
from projections.scope import Scope


@dataclass
class BudgetFacts:
    facts: Facts
    carry_plans: dict[int, int] = field(default_factory=dict)  # line key → 结转下年 planned
    previous: list[LineTotals] | None = None  # last year's lines; None: not in the store

    @property
    def procurement(self) -> list[ProcurementPlan]:
        return self.facts.procurement_plans

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
    query = (
        select(m.line_key, func.sum(m.planned))
        .where(m.kind == "carry_plan", *scope.movement_filter())
        .group_by(m.line_key)
    )
    plans = {key: int(amount) for key, amount in session.execute(query) if key in by_key}
    earlier = Scope(scope.year - 1, scope.unit, scope.department, known_at=scope.known_at)
    previous = line_totals(session, earlier) or None
    return BudgetFacts(facts, plans, previous)
