"""The budget's 项目支出表 (per unit, each project's money by fund, by economic class and
with its function codes) and its 政府采购预算 (planned procurement by type and unit)."""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from ledger import codes
from ledger.domain.values import Fund, Procurement
from projections.final_accounts import layouts as L
from projections.final_accounts.budget_facts import BudgetFacts
from projections.final_accounts.facts import Facts
from projections.final_accounts.rollup import TOTAL
from projections.final_accounts.tables import Tree
from projections.queries.lines import LineTotals
from projections.queries.projects import project_groups


def unit_label(f: Facts, unit: str) -> str:
    info = f.units.get(unit)
    return f"{unit} {info.name}" if info and info.name else unit


def project_key(t: LineTotals) -> str:
    return f"{t.project_code} {t.project}" if t.project_code else t.project or ""


def project_table(
    b: BudgetFacts, amount: Callable[[LineTotals], int], funds: tuple[Fund, ...]
) -> Tree | str:
    """Per unit, its projects: [合计, one column per fund, one per economic class (by the
    lines' restrictions), 未细化 for money approved without a code]; and each project's
    function codes. The sheets leave out the economic columns without figures."""
    f = b.facts
    groups = [m for m in project_groups(f.lines) if any(amount(t) for t in m)]
    if not groups:
        return L.EMPTY
    names = codes.economic_names()
    chosen = [t for m in groups for t in m]
    # Every economic class, whether used or not: a department's columns are its units'.
    economic = [*(c for c in names if len(c) == 3), L.NOT_DETAILED]

    def row(members: list[LineTotals]) -> list[int]:
        parts = [sum(amount(t) for t in members if t.fund == fund) for fund in funds]
        by_class = [
            sum(
                amount(t)
                for t in members
                if (t.economic[:3] if t.economic else L.NOT_DETAILED) == c
            )
            for c in economic
        ]
        return [sum(parts), *parts, *by_class]

    units: dict[str, Any] = {}
    functions: dict[str, str] = {}
    for members in groups:
        key = project_key(members[0])
        unit = units.setdefault(unit_label(f, members[0].unit), {"lines": [], "projects": {}})
        unit["lines"] += members
        unit["projects"][key] = row(members)
        functions[key] = "、".join(sorted({t.function for t in members if amount(t)}))
    columns = ["合计", *(fund.value for fund in funds), *(names.get(c, c) for c in economic)]
    return {
        "columns": columns,
        TOTAL: row(chosen),
        "units": {u: {TOTAL: row(v["lines"]), "projects": v["projects"]} for u, v in units.items()},
        "functions": functions,
    }


PROCUREMENT_COLUMNS = ("合计", *(p.value for p in Procurement))


def procurement_table(b: BudgetFacts) -> Tree:
    """政府采购预算: planned procurement by type, for the scope and each of its units."""

    def row(plans: list[Any]) -> list[int]:
        parts = [sum(p.amount for p in plans if p.procurement == kind) for kind in Procurement]
        return [sum(parts), *parts]

    units = sorted({p.line.unit for p in b.procurement})
    rows = {TOTAL: row(b.procurement)}
    rows |= {
        unit_label(b.facts, u): row([p for p in b.procurement if p.line.unit == u]) for u in units
    }
    return {"columns": list(PROCUREMENT_COLUMNS), "rows": rows}
