"""部门预算公开表: the same projections as the final accounts, taken over appropriations
(年初批复, 当年预算安排) and carry-overs (上年结转) only, as approved: adjustments and
spending are left out. Tables marked 不含上年结转 in the seeds use appropriations only.

Thirteen tables, numbered 预算公开表1–13 (the 13th, 政府采购预算, from the lines' procurement plans): the Jincheng city bureau's 2025 budget in its order
and layouts, less its two fund revenue tables (its 表七 政府性基金预算收入表 and 表九
国有资本经营预算收支预算表: a department's revenue from those funds is their appropriations,
shown in 表4 财政拨款收支总表), with the project table in two as Jincheng prints it (本年预算,
上年结转); the Shanxi office's 2026 budget for the economic breakdown of 基本支出.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass, field
from typing import Any

from sqlalchemy.orm import Session

from ledger import codes
from ledger.domain.values import Category, Fund, UnitType
from projections.final_accounts import layouts as L
from projections.final_accounts.budget_compare import comparison
from projections.final_accounts.budget_facts import BudgetFacts, gather_budget
from projections.final_accounts.budget_projects import procurement_table, project_table
from projections.final_accounts.budget_sheets import budget_sheets
from projections.final_accounts.document import NoData
from projections.final_accounts.facts import Facts, gather, unit_label
from projections.final_accounts.grid import Sheet
from projections.final_accounts.performance import projects_with_facts, target_sheets, targets
from projections.final_accounts.rollup import ECONOMIC_LEVELS, TOTAL, code_rows, is_empty
from projections.final_accounts.tables import Tree
from projections.final_accounts.values import jsonable
from projections.queries.lines import LineTotals
from projections.queries.performance import PerformanceProject
from projections.scope import Scope

FUNDS = tuple(Fund)
UNSPECIFIED = L.UNSPECIFIED
CATEGORY_COLUMNS = ("合计", L.BASIC, L.PROJECT)
FISCAL_COLUMNS = ("合计", *(f.value for f in L.FISCAL))


def _basic(t: LineTotals) -> bool:
    return Category(t.category).is_basic


def _split(amount: int, t: LineTotals) -> list[int]:
    """[合计, 基本支出, 项目支出]."""
    return [amount, amount, 0] if _basic(t) else [amount, 0, amount]


def _by_fiscal_fund(lines: list[LineTotals], amount: Callable[[LineTotals], int]) -> list[int]:
    """[合计, 一般公共预算, 政府性基金预算, 国有资本经营预算]."""
    parts = [sum(amount(t) for t in lines if t.fund == f) for f in L.FISCAL]
    return [sum(parts), *parts]


def all_classes() -> list[str]:
    """Every function class, as the budget tables list them (30 rows)."""
    return [c.code for c in codes.function_classes()]


def budget_tables(b: BudgetFacts) -> Tree:
    f = b.facts
    lines = f.lines
    fiscal = [t for t in lines if t.is_fiscal]
    general = [t for t in lines if t.fund == Fund.GENERAL]
    return {
        L.B01.key: _b01(b, lines),
        L.B02.key: _b02(lines),
        L.B03.key: {
            "columns": list(CATEGORY_COLUMNS),
            "rows": code_rows(((t.function, _split(b.spend(t), t)) for t in lines), 3),
        },
        L.B04.key: _b04(b, fiscal),
        L.B05.key: {
            "columns": list(CATEGORY_COLUMNS),
            "rows": code_rows(((t.function, _split(b.current(t), t)) for t in general), 3),
            "comparison": comparison(b, general),
        },
        L.B06.key: _b06(b, general),
        L.B07.key: _by_category(b, lines, Fund.GOVERNMENT_FUND),
        L.B08.key: _by_category(b, lines, Fund.STATE_CAPITAL),
        L.B09.key: _b09(b, fiscal),
        L.B10.key: _b10(b, fiscal),
        L.B11.key: project_table(b, b.current, FUNDS),
        L.B12.key: project_table(b, b.carried, L.FISCAL),
        L.B13.key: procurement_table(b),
    }


def _b01(b: BudgetFacts, lines: list[LineTotals]) -> Tree:
    income = {f.value: sum(t.initial for t in lines if t.fund == f) for f in FUNDS}
    carried = sum(t.carried_in for t in lines)
    by_class = {code: [0, 0, 0] for code in all_classes()}
    for t in lines:
        row = by_class.setdefault(t.function[:3], [0, 0, 0])
        row[0] += b.spend(t)
        row[1] += b.current(t)
        row[2] += b.carried(t)
    total = [sum(r[i] for r in by_class.values()) for i in range(3)]
    kept = sum(b.carry_plan(t) for t in lines)
    return {
        "income": income,
        "财政拨款（补助）": sum(income[f.value] for f in L.FISCAL),
        "本年收入合计": sum(income.values()),
        "上年结转": carried,
        "收入总计": sum(income.values()) + carried,
        "expenditure_by_class": by_class,
        "本年支出合计": total,
        "年终结转": kept,  # 结转下年: money the budget plans not to spend this year
        "支出总计": [total[0] + kept, *total[1:]],
    }


def _b02(lines: list[LineTotals]) -> Tree:
    """By function code: 合计 (本年收入 and 上年结转), 本年收入 by fund, 上年结转."""
    columns = ["合计", "本年收入合计", *(f.value for f in FUNDS), "上年结转"]
    leaves = []
    for t in lines:
        values = [0] * len(columns)
        values[0] = t.initial + t.carried_in
        values[1] = t.initial
        values[columns.index(t.fund)] = t.initial
        values[-1] = t.carried_in
        leaves.append((t.function, values))
    return {"columns": columns, "rows": code_rows(leaves, len(columns))}


def _b04(b: BudgetFacts, fiscal: list[LineTotals]) -> Tree:
    income = {f.value: sum(t.initial for t in fiscal if t.fund == f) for f in L.FISCAL}
    carried = {f.value: sum(t.carried_in for t in fiscal if t.fund == f) for f in L.FISCAL}
    by_class = {code: [0, 0, 0, 0] for code in all_classes()}
    for t in fiscal:
        row = by_class.setdefault(t.function[:3], [0, 0, 0, 0])
        row[0] += b.spend(t)
        row[1 + L.FISCAL.index(Fund(t.fund))] += b.spend(t)
    total = [sum(r[i] for r in by_class.values()) for i in range(4)]
    kept = _by_fiscal_fund(fiscal, b.carry_plan)
    received = sum(income.values())
    return {
        "income": income,
        "本年收入合计": received,
        "上年财政拨款结转": carried,
        "上年财政拨款结转合计": sum(carried.values()),
        "收入总计": received + sum(carried.values()),
        "expenditure_by_class": by_class,
        "本年支出合计": total,
        "年终结转": kept[0],
        "支出总计": [a + k for a, k in zip(total, kept, strict=True)],
    }


def _b06(b: BudgetFacts, general: list[LineTotals]) -> Tree:
    """基本支出 by economic code: lines restricted to a code show under it; the others
    (most 人员经费 and 公用经费 lines are approved without one) in one row of their own."""
    columns = ["合计", "人员经费", "公用经费"]

    def values(t: LineTotals) -> list[int]:
        amount = b.current(t)
        personnel = t.category == Category.PERSONNEL
        return [amount, amount if personnel else 0, 0 if personnel else amount]

    basic = [t for t in general if _basic(t)]
    rows = code_rows(((t.economic, values(t)) for t in basic if t.economic), 3, ECONOMIC_LEVELS)
    rest = [values(t) for t in basic if not t.economic]
    unspecified = [sum(v[i] for v in rest) for i in range(3)]
    if any(unspecified):
        rows[TOTAL] = [a + b for a, b in zip(rows[TOTAL], unspecified, strict=True)]
        rows[UNSPECIFIED] = unspecified
    return {"columns": columns, "rows": rows}


def _by_category(b: BudgetFacts, lines: list[LineTotals], fund: Fund) -> Tree | str:
    chosen = [t for t in lines if t.fund == fund]
    rows = code_rows(((t.function, _split(b.current(t), t)) for t in chosen), 3)
    return L.EMPTY if is_empty(rows) else {"columns": list(CATEGORY_COLUMNS), "rows": rows}


def _b09(b: BudgetFacts, fiscal: list[LineTotals]) -> Tree:
    def item(codes_: tuple[str, ...]) -> list[int]:
        return _by_fiscal_fund([t for t in fiscal if t.economic in codes_], b.current)

    items = {name: item(c) for name, c in L.SANGONG}

    def add(*names: str) -> list[int]:
        return [sum(items[n][i] for n in names) for i in range(4)]

    return {
        "columns": list(FISCAL_COLUMNS),
        "rows": {
            "因公出国（境）费": items["因公出国（境）费"],
            "公务接待费": items["公务接待费"],
            "公务用车购置及运行费": add("公务用车购置费", "公务用车运行维护费"),
            "公务用车购置费": items["公务用车购置费"],
            "公务用车运行维护费": items["公务用车运行维护费"],
            TOTAL: add(*items),
            **{name: item(c) for name, c in L.BUDGET_FURTHER},
        },
    }


def _b10(b: BudgetFacts, fiscal: list[LineTotals]) -> Tree:
    """机关运行经费: 公用经费 appropriated to 行政单位 and 参公事业单位 (财政拨款)."""
    f = b.facts
    kinds = {UnitType.ADMINISTRATIVE, UnitType.CIVIL_SERVICE_MANAGED}
    running = [
        t
        for t in fiscal
        if t.category == Category.OPERATING
        and f.units.get(t.unit) is not None
        and f.units[t.unit].unit_type in kinds
    ]
    units = sorted({t.unit for t in running})
    rows = {
        unit_label(f, u): _by_fiscal_fund([t for t in running if t.unit == u], b.current)
        for u in units
    }
    total = _by_fiscal_fund(running, b.current)
    return {"columns": list(FISCAL_COLUMNS), "rows": {"部门合计": total, **rows}}


@dataclass
class BudgetTables:
    budget: BudgetFacts
    tables: Tree
    # 绩效目标 by project, as approved, and those projects; empty without targets
    targets: dict[str, dict[str, Any]] = field(default_factory=dict)
    projects: list[PerformanceProject] = field(default_factory=list)

    @property
    def facts(self) -> Facts:
        return self.budget.facts

    def to_json(self) -> dict[str, Any]:
        out = {**self.facts.header(), **jsonable(self.tables)}
        if self.targets:
            out["绩效目标"] = self.targets
        return out

    def money_sheets(self) -> list[Sheet]:
        f = self.facts
        return budget_sheets(self.tables, f.entity_name, f.scope.year, f.names)

    def sheets(self) -> list[Sheet]:
        return [*self.money_sheets(), *target_sheets(self.facts, self.targets, self.projects)]


def build_budget(session: Session, scope: Scope) -> BudgetTables:
    facts = gather(session, scope)
    if not facts.lines:
        who = f"单位 {scope.unit}" if scope.unit else f"主管部门 {scope.department}"
        raise NoData(f"{who} 的 {scope.year} 年度没有任何预算指标")
    budget = gather_budget(session, facts)
    projects = projects_with_facts(session, facts)
    return BudgetTables(budget, budget_tables(budget), targets(projects), projects)
