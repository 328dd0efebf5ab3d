"""The budget tables' own 勾稽关系, on exact fen: 收支总表 balances; 收入总表 = 支出总表 +
结转下年; 财政拨款 totals agree across 表1, 表4 and 表5; 基本支出表 = 表5's 基本支出; each
三公 item stays within the money approved under the economic codes it counts; and wherever
a table prints a code hierarchy, 合计 = Σ 类, 类 = Σ 款, 款 = Σ 项."""

from __future__ import annotations

from projections.final_accounts import layouts as L
from projections.final_accounts.budget import BudgetTables
from projections.final_accounts.checks import Rule, _hierarchy
from projections.final_accounts.rollup import ECONOMIC_LEVELS, FUNCTION_LEVELS, TOTAL
from projections.final_accounts.tables import Tree


def budget_rules(budget: BudgetTables) -> list[Rule]:
    t, b = budget.tables, budget.budget
    a, income, spending = t[L.B01.key], t[L.B02.key], t[L.B03.key]
    d, e, basic, sangong = t[L.B04.key], t[L.B05.key], t[L.B06.key], t[L.B09.key]

    balance = Rule(
        "预算表1 收入总计 = 本年收入合计 + 上年结转 = 本年支出合计 + 年终结转 = 支出总计"
    )
    balance.eq(
        a["收入总计"],
        a["本年收入合计"] + a["上年结转"],
        "表1 收入总计",
        "表1 本年收入合计 + 上年结转",
    )
    balance.eq(
        a["支出总计"][0],
        a["本年支出合计"][0] + a["年终结转"],
        "表1 支出总计",
        "表1 本年支出合计 + 年终结转",
    )
    balance.eq(a["收入总计"], a["支出总计"][0], "表1 收入总计", "表1 支出总计")

    totals = Rule("预算表2 收入合计 = 预算表3 支出合计 + 结转下年")
    totals.eq(
        income["rows"][TOTAL][0],
        spending["rows"][TOTAL][0] + a["年终结转"],
        "表2 合计",
        "表3 合计 + 表1 年终结转",
    )

    fiscal = Rule(
        "财政拨款：表1、表4 各财政拨款收入相同；表4 一般公共预算收入 = 表5 合计 + 当年拨款中结转下年部分"
    )
    for fund in L.FISCAL:
        fiscal.eq(a["income"][fund.value], d["income"][fund.value], f"表1 {fund}", f"表4 {fund}")
    general = [t_ for t_ in b.facts.lines if t_.fund == L.FISCAL[0]]
    kept = sum(t_.initial - b.current(t_) for t_ in general)
    fiscal.eq(
        d["income"][L.FISCAL[0].value],
        e["rows"][TOTAL][0] + kept,
        "表4 一般公共预算收入",
        "表5 合计 + 当年拨款结转下年",
    )
    fiscal.eq(d["收入总计"], d["支出总计"][0], "表4 收入总计", "表4 支出总计")

    basic_rule = Rule("预算表6 基本支出合计 = 预算表5 基本支出合计")
    basic_rule.eq(basic["rows"][TOTAL][0], e["rows"][TOTAL][1], "表6 合计", "表5 基本支出合计")

    within = Rule("预算表9 “三公”各项 ≤ 财政拨款中限定于相应经济科目的当年预算")
    fiscal_lines = [t_ for t_ in b.facts.lines if t_.is_fiscal]
    for name, codes in (*L.SANGONG, *L.BUDGET_FURTHER):
        approved = sum(b.current(t_) for t_ in fiscal_lines if t_.economic in codes)
        within.le(
            sangong["rows"][name][0], approved, f"表9 {name}", f"经济科目 {'、'.join(codes)} 的指标"
        )
    return [balance, totals, fiscal, basic_rule, within, *hierarchies(t)]


def hierarchies(t: Tree) -> list[Rule]:
    """Every code hierarchy the budget tables print, column by column: 表2, 3, 5 (and its
    comparison with last year, less the percentages), 7 and 8 by function; 表6 by economic
    code, its （未细化到经济科目） row beside the classes."""
    rules = []
    for meta in (L.B02, L.B03, L.B05, L.B07, L.B08):
        table = t[meta.key]
        if table != L.EMPTY:
            label = f"预算表{meta.code.removeprefix('预算公开表')}" if meta.code else meta.key
            rules.append(_hierarchy(label, table["rows"], table["columns"], FUNCTION_LEVELS))
    cmp = t[L.B05.key]["comparison"]
    if cmp["rows"]:
        summed = {code: values[:3] for code, values in cmp["rows"].items()}
        rule = _hierarchy("预算表5 比上年", summed, cmp["columns"][:3], FUNCTION_LEVELS)
        rules.append(rule)
    basic = t[L.B06.key]
    rows = dict(basic["rows"])
    unspecified = rows.pop(L.UNSPECIFIED, None)
    if unspecified:
        rows[TOTAL] = [a - b for a, b in zip(rows[TOTAL], unspecified, strict=True)]
    rule = _hierarchy("预算表6", rows, basic["columns"], ECONOMIC_LEVELS)
    rule.name = "预算表6 合计 = 各类之和 + 未细化到经济科目，类 = 所属款之和"
    rules.append(rule)
    return rules
