"""公开01–10 and the project self-evaluation figures, built from one scope's facts.

Each table is a value shaped exactly as its JSON (``expected.json``): nested dicts and
lists whose money leaves are integer fen and whose percentages are ``Decimal``; the
renderers turn fen into 万元 strings, rounded once. The 勾稽 checks read the same values.
"""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Iterable
from decimal import Decimal
from typing import Any

from ledger import codes
from ledger.domain.values import PERSONNEL_ECONOMIC_CLASSES, Fund
from ledger.money import execution_score, ratio_percent
from projections.final_accounts import layouts as L
from projections.final_accounts.facts import Facts, unit_label
from projections.final_accounts.rollup import ECONOMIC_LEVELS, TOTAL, code_rows, is_empty
from projections.queries.balances import FundBalance, fiscal_line, fold_balances
from projections.queries.lines import LineTotals
from projections.queries.projects import project_groups

Tree = dict[str, Any]


def final_accounts(f: Facts) -> Tree:
    """Every table, keyed as ``expected.json`` keys them."""
    balances = fold_balances(f.lines, ((i.fund, i.amount) for i in f.income))
    return {
        L.T01.key: t01(f, balances),
        L.T02.key: t02(f),
        L.T03.key: t03(f),
        L.T04.key: t04(f, balances),
        L.T05.key: t05(f),
        L.T06.key: t06(f),
        L.T07.key: t07(f),
        L.T08.key: t08(f),
        L.T09.key: t09(f),
        L.T10.key: t10(f),
        L.PROJECTS.key: projects(f),
    }


def class_rows() -> list[str]:
    """The function classes 公开01/04 print, in their fixed order."""
    return [c.code for c in sorted(codes.function_classes(), key=_row) if c.row is not None]


def _row(c: codes.FunctionClass) -> int:
    return c.row or 0


def _by_class(lines: Iterable[LineTotals]) -> dict[str, int]:
    """Spending by function class: every fixed row, then other classes with figures."""
    out = dict.fromkeys(class_rows(), 0)
    for t in lines:
        if t.spent or t.function[:3] in out:
            out[t.function[:3]] = out.get(t.function[:3], 0) + t.spent
    return out


def _fund(f: Facts, fund: Fund) -> list[LineTotals]:
    return [t for t in f.lines if t.fund == fund]


def t01(f: Facts, balances: list[FundBalance]) -> Tree:
    income = dict.fromkeys(L.INCOME_SOURCES, 0)
    for b in balances:
        if Fund(b.fund).is_fiscal:
            income[f"{L.FISCAL_NAMES[Fund(b.fund)]}收入"] += b.income
    for i in f.income:
        income[i.income_type] += i.amount
    received = sum(income.values())
    spent = sum(b.spent for b in balances)
    opening = sum(b.opening for b in balances)
    closing = sum(b.closing for b in balances)
    recovered = sum(b.recovered for b in balances)
    return {
        "income": income,
        "expenditure_by_class": _by_class(f.lines),
        "本年收入合计": received,
        "本年支出合计": spent,
        # Neither is recorded by the ledger: no non-fiscal surplus is drawn, none distributed.
        "使用非财政拨款结余": 0,
        "结余分配": 0,
        "年初结转和结余": opening,
        "年末结转和结余": closing,
        "收回上年结转": recovered,
        "收入总计": opening + received,
        "支出总计": spent + closing + recovered,
    }


def _fiscal_income_leaves(f: Facts) -> list[tuple[str, list[int]]]:
    return [(t.function, [fiscal_line(t)[0]]) for t in f.lines if t.is_fiscal]


def t02(f: Facts) -> Tree:
    width = len(L.T02_COLUMNS)
    leaves: list[tuple[str, list[int]]] = []
    for code, (amount,) in _fiscal_income_leaves(f):
        leaves.append((code, [amount, amount, 0, 0, 0, 0, 0]))
    for i in f.income:
        values = [0] * width
        values[0] = i.amount
        values[L.T02_COLUMNS.index(i.income_type)] = i.amount
        leaves.append((i.function, values))
    return {"columns": list(L.T02_COLUMNS), "rows": code_rows(leaves, width)}


def t03(f: Facts) -> Tree:
    width = len(L.T03_COLUMNS)
    leaves = []
    for s in f.spending:
        values = [0] * width
        column = s.spend_type or (L.BASIC if s.basic else L.PROJECT)
        values[0] = s.amount
        values[L.T03_COLUMNS.index(column)] = s.amount
        leaves.append((s.line.function, values))
    return {"columns": list(L.T03_COLUMNS), "rows": code_rows(leaves, width)}


def t04(f: Facts, balances: list[FundBalance]) -> Tree:
    by = {b.fund: b for b in balances}
    zero = FundBalance("")

    def per_fund(measure: str) -> dict[str, int]:
        return {L.FISCAL_NAMES[fund]: getattr(by.get(fund, zero), measure) for fund in L.FISCAL}

    classes = {fund: _by_class(_fund(f, fund)) for fund in L.FISCAL}
    every = list(dict.fromkeys(c for fund in L.FISCAL for c in classes[fund]))
    income, opening = per_fund("income"), per_fund("opening")
    spent, closing, recovered = per_fund("spent"), per_fund("closing"), per_fund("recovered")
    return {
        "income": income,
        "expenditure_by_class_一般公共预算": classes[Fund.GENERAL],
        "本年收入合计": sum(income.values()),
        "本年支出合计": sum(spent.values()),
        "年初财政拨款结转和结余": opening,
        "年末财政拨款结转和结余": sum(closing.values()),
        "总计": sum(income.values()) + sum(opening.values()),
        "expenditure_by_class": {c: sum(classes[x].get(c, 0) for x in L.FISCAL) for c in every},
        "expenditure_by_class_政府性基金预算": classes[Fund.GOVERNMENT_FUND],
        "expenditure_by_class_国有资本经营预算": classes[Fund.STATE_CAPITAL],
        "本年支出合计_by_fund": spent,
        "年初财政拨款结转和结余合计": sum(opening.values()),
        "年末财政拨款结转和结余_by_fund": closing,
        "收回上年结转": sum(recovered.values()),
        "收回上年结转_by_fund": recovered,
        "支出总计_by_fund": {k: spent[k] + closing[k] + recovered[k] for k in spent},
    }


def _category_leaves(lines: Iterable[LineTotals]) -> list[tuple[str, list[int]]]:
    """(function, [total, 基本支出, 项目支出]) of each line's spending."""
    return [
        (t.function, [t.spent, 0, t.spent] if t.category == "项目支出" else [t.spent, t.spent, 0])
        for t in lines
    ]


def t05(f: Facts) -> Tree:
    general = _fund(f, Fund.GENERAL)
    rows = code_rows(_category_leaves(general), len(L.T05_COLUMNS))
    initial: dict[str, int] = defaultdict(int)
    spent: dict[str, int] = defaultdict(int)
    for t in general:
        initial[t.function[:3]] += t.initial
        spent[t.function[:3]] += t.spent
    classes = sorted(c for c in initial.keys() | spent.keys() if initial[c] or spent[c])
    budget = {c: initial[c] for c in classes} | {TOTAL: sum(initial.values())}
    done = {c: spent[c] for c in classes} | {TOTAL: sum(spent.values())}
    return {
        "columns": list(L.T05_COLUMNS),
        "rows": rows,
        "年初预算_by_class": budget,
        "完成年初预算_percent": {c: ratio_percent(done[c], budget[c]) for c in budget},
    }


def t06(f: Facts) -> Tree:
    leaves = [
        (s.economic, [s.amount])
        for s in f.spending
        if s.line.fund == Fund.GENERAL and s.basic and s.amount
    ]
    rows = code_rows(leaves, 1, ECONOMIC_LEVELS)
    total = rows.pop(TOTAL)[0]
    personnel = sum(v[0] for c, v in rows.items() if c in PERSONNEL_ECONOMIC_CLASSES)
    return {
        "rows": {code: v[0] for code, v in rows.items()},
        "人员经费合计": personnel,
        "公用经费合计": total - personnel,
    }


def t07(f: Facts) -> Tree | str:
    leaves = []
    for t in _fund(f, Fund.GOVERNMENT_FUND):
        received, closing, _ = fiscal_line(t)
        basic, project = (0, t.spent) if t.category == "项目支出" else (t.spent, 0)
        leaves.append((t.function, [t.carried_in, received, t.spent, basic, project, closing]))
    rows = code_rows(leaves, len(L.T07_COLUMNS))
    return L.EMPTY if is_empty(rows) else {"columns": list(L.T07_COLUMNS), "rows": rows}


def t08(f: Facts) -> Tree | str:
    rows = code_rows(_category_leaves(_fund(f, Fund.STATE_CAPITAL)), len(L.T08_COLUMNS))
    return L.EMPTY if is_empty(rows) else {"columns": list(L.T08_COLUMNS), "rows": rows}


def _items(amount_for: Any) -> dict[str, int]:
    """三公 items (with the 公务用车 subtotal and 合计), then 会议费 and 培训费."""
    items = {name: amount_for(codes_) for name, codes_ in L.SANGONG}
    vehicles = items["公务用车购置费"] + items["公务用车运行维护费"]
    return {
        TOTAL: sum(items.values()),
        "因公出国（境）费": items["因公出国（境）费"],
        L.VEHICLES: vehicles,
        "公务用车购置费": items["公务用车购置费"],
        "公务用车运行维护费": items["公务用车运行维护费"],
        "公务接待费": items["公务接待费"],
        **{name: amount_for(codes_) for name, codes_ in L.FURTHER},
    }


def t09(f: Facts) -> Tree:
    fiscal = [t for t in f.lines if t.is_fiscal]
    paid = [s for s in f.spending if s.line.is_fiscal]
    return {
        "预算数": _items(lambda c: sum(t.budget for t in fiscal if t.economic in c)),
        "决算数": _items(lambda c: sum(s.amount for s in paid if s.economic in c)),
    }


def running_cost(f: Facts, unit_type: str) -> int:
    """机关运行经费: 公用经费 of 一般公共预算 基本支出 in units of the given type."""
    return sum(
        s.amount
        for s in f.spending
        if s.line.fund == Fund.GENERAL
        and s.basic
        and s.economic[:3] not in PERSONNEL_ECONOMIC_CLASSES
        and f.units.get(s.line.unit) is not None
        and f.units[s.line.unit].unit_type == unit_type
    )


def _by_procurement(amounts: list[tuple[str | None, int]]) -> dict[str, int]:
    """合计, 货物, 工程, 服务 of (procurement type, amount) pairs."""
    parts = {p: sum(a for kind, a in amounts if kind == p) for p in L.PROCUREMENT}
    return {TOTAL: sum(parts.values()), **parts}


def t10(f: Facts) -> Tree:
    """政府采购 as paid (the published rows), beside it the 政府采购预算 the approved lines
    planned, and both per unit (for a department, each unit; for a unit, itself)."""

    def paid(unit: str | None = None) -> dict[str, int]:
        chosen = [s for s in f.spending if unit is None or s.line.unit == unit]
        return _by_procurement([(s.procurement, s.amount) for s in chosen])

    def planned(unit: str | None = None) -> dict[str, int]:
        chosen = [p for p in f.procurement_plans if unit is None or p.line.unit == unit]
        return _by_procurement([(p.procurement, p.amount) for p in chosen])

    units = {s.line.unit for s in f.spending if s.procurement and s.amount}
    units |= {p.line.unit for p in f.procurement_plans if p.amount}
    return {
        "政府采购": paid(),
        "政府采购预算": planned(),
        "政府采购_by_unit": {
            unit_label(f, u): {"预算数": planned(u), "决算数": paid(u)} for u in sorted(units)
        },
        "机关运行经费": {label: running_cost(f, kind) for kind, label in L.RUNNING_COST_UNITS},
    }


def projects(f: Facts) -> Tree:
    """Per project (``"code name"``, or the name alone when it has no code): 全年预算数,
    全年执行数, 资金结(转)余, 执行率, 执行率得分, 年初预算数; ``codes`` gives each
    project's code apart."""
    rows: dict[str, list[int | Decimal | None]] = {}
    project_codes: dict[str, str | None] = {}
    for members in project_groups(f.lines):
        first = members[0]
        name = first.project or ""
        key = f"{first.project_code} {name}" if first.project_code else name
        if key in rows:  # the same name without a code in two units of a department
            key = f"{name}（{first.unit}）"
        budget = sum(t.budget for t in members)
        spent = sum(t.spent for t in members)
        rows[key] = [
            budget,
            spent,
            budget - spent,
            ratio_percent(spent, budget),
            execution_score(spent, budget),
            sum(t.initial for t in members),
        ]
        project_codes[key] = first.project_code
    return {"columns": list(L.PROJECT_COLUMNS), "rows": rows, "codes": project_codes}
