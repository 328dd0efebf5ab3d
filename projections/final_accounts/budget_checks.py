"""The budget tables' own 勾稽关系, on exact fen: 收支总表 balances; 收入总表 = 支出总表 +
结转下年; 财政拨款 totals agree across 表1, 表4 and 表5; 基本支出表 = 表5's 基本支出; each
三公 item stays within the money approved under the economic codes it counts."""

from __future__ import annotations

from projections.final_accounts import layouts as L
from projections.final_accounts.budget import BudgetTables
from projections.final_accounts.checks import Rule
from projections.final_accounts.rollup import TOTAL


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
    return [balance, totals, fiscal, basic_rule, within]
