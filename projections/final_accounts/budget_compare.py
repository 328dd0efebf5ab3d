"""The 一般公共预算支出表's comparison with last year, per function code: last year's 执行数
(一般公共预算 spending, current and carried money alike), this year's 预算数 (当年拨款),
增减额 and 增减(%); empty, with the reason, when the store does not hold last year."""

from __future__ import annotations

from ledger.domain.values import Fund
from ledger.money import ratio_percent
from projections.final_accounts import layouts as L
from projections.final_accounts.budget_facts import BudgetFacts
from projections.final_accounts.rollup import code_rows
from projections.final_accounts.tables import Tree
from projections.queries.lines import LineTotals


def comparison(b: BudgetFacts, general: list[LineTotals]) -> Tree:
    year = b.facts.scope.year - 1
    out: Tree = {"previous_year": str(year), "columns": list(L.COMPARISON_COLUMNS)}
    if b.previous is None:
        out["missing"] = f"本账没有{year}年度的数据，上年执行数和增减列空白"
        out["rows"] = {}
        return out
    leaves = [(t.function, [t.spent, 0]) for t in b.previous if t.fund == Fund.GENERAL]
    leaves += [(t.function, [0, b.current(t)]) for t in general]
    rows = {}
    for code, (before, now) in code_rows(leaves, 2).items():
        rate = ratio_percent(now - before, before)
        rows[code] = [before, now, now - before, "" if rate is None else f"{rate:.2f}%"]
    out["rows"] = rows
    return out
