"""The 勾稽关系 of domain.md, on exact fen, over the built tables.

Each rule is a list of comparisons, every one naming where its two figures come from,
so that a failure can be shown with both figures and their sources, never hidden.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass, field

from ledger.domain.values import PERSONNEL_ECONOMIC_CLASSES, Fund
from projections.final_accounts import layouts
from projections.final_accounts.facts import Facts
from projections.final_accounts.rollup import ECONOMIC_LEVELS, FUNCTION_LEVELS, TOTAL
from projections.final_accounts.tables import Tree
from projections.queries.balances import fold_balances


@dataclass(frozen=True)
class Comparison:
    left: int
    right: int
    left_from: str
    right_from: str
    op: str = "="  # or "≤"

    @property
    def ok(self) -> bool:
        return self.left == self.right if self.op == "=" else self.left <= self.right


@dataclass
class Rule:
    name: str
    comparisons: list[Comparison] = field(default_factory=list)

    @property
    def ok(self) -> bool:
        return all(c.ok for c in self.comparisons)

    @property
    def failures(self) -> list[Comparison]:
        return [c for c in self.comparisons if not c.ok]

    def eq(self, left: int, right: int, left_from: str, right_from: str) -> None:
        self.comparisons.append(Comparison(left, right, left_from, right_from))

    def le(self, left: int, right: int, left_from: str, right_from: str) -> None:
        self.comparisons.append(Comparison(left, right, left_from, right_from, "≤"))


def run_checks(facts: Facts, tables: Tree) -> list[Rule]:
    published = {meta.code: tables[meta.key] for meta in layouts.FINAL_TABLES if meta.code}

    def hierarchy(code: str) -> list[Rule]:
        table = published[f"{code}表"]
        if table == layouts.EMPTY:
            return []
        return [_hierarchy(code, table["rows"], table["columns"], FUNCTION_LEVELS)]

    rules = [
        *_t01(published),
        *_rows_sum("公开02", published["公开02表"], "本年收入合计 = 各收入栏之和"),
        *hierarchy("公开02"),
        *_rows_sum(
            "公开03",
            published["公开03表"],
            "本年支出合计 = 基本支出 + 项目支出 + 上缴上级支出 + 经营支出 + 对附属单位补助支出",
        ),
        *hierarchy("公开03"),
        *_t04(published),
        *_rows_sum("公开05", published["公开05表"], "小计 = 基本支出 + 项目支出"),
        *hierarchy("公开05"),
        *_t05_t06(published),
        *hierarchy("公开07"),
        *hierarchy("公开08"),
        *_t09_t10(facts, published),
        _funds(facts),
    ]
    return rules


def _t01(published: dict[str, Tree]) -> list[Rule]:
    summary, revenue, expenditure = (
        published["公开01表"],
        published["公开02表"],
        published["公开03表"],
    )
    sources = Rule("公开01 本年收入合计 = 各项收入之和")
    sources.eq(
        summary["本年收入合计"],
        sum(summary["income"].values()),
        "公开01 本年收入合计",
        "公开01 各项收入之和",
    )
    income = Rule("公开01 本年收入合计 = 公开02 合计")
    income.eq(
        summary["本年收入合计"],
        revenue["rows"][TOTAL][0],
        "公开01 本年收入合计",
        "公开02 合计·本年收入合计",
    )
    spent = Rule("公开01 本年支出合计 = 公开03 合计")
    spent.eq(
        summary["本年支出合计"],
        expenditure["rows"][TOTAL][0],
        "公开01 本年支出合计",
        "公开03 合计·本年支出合计",
    )
    classes = Rule("公开01 各类支出 = 公开03 类合计；本年支出合计 = 各类之和")
    classes.eq(
        summary["本年支出合计"],
        sum(summary["expenditure_by_class"].values()),
        "公开01 本年支出合计",
        "公开01 各类支出之和",
    )
    for code, amount in summary["expenditure_by_class"].items():
        row = expenditure["rows"].get(code, [0])[0]
        classes.eq(amount, row, f"公开01 {code} 类支出", f"公开03 {code} 本年支出合计")
    totals = Rule(
        "公开01 年初结转和结余 + 本年收入合计 + 使用非财政拨款结余 = 本年支出合计 + 结余分配 + "
        "年末结转和结余 + 收回上年结转（总计两方相等）"
    )
    totals.eq(
        summary["收入总计"],
        summary["年初结转和结余"] + summary["本年收入合计"] + summary["使用非财政拨款结余"],
        "公开01 收入总计",
        "公开01 年初结转和结余 + 本年收入合计 + 使用非财政拨款结余",
    )
    totals.eq(
        summary["支出总计"],
        summary["本年支出合计"]
        + summary["结余分配"]
        + summary["年末结转和结余"]
        + summary["收回上年结转"],
        "公开01 支出总计",
        "公开01 本年支出合计 + 结余分配 + 年末结转和结余 + 收回上年结转",
    )
    totals.eq(summary["收入总计"], summary["支出总计"], "公开01 收入总计", "公开01 支出总计")
    return [sources, income, spent, classes, totals]


def _rows_sum(code: str, table: Tree, name: str) -> list[Rule]:
    rule = Rule(f"{code} 每行 {name}")
    first, *rest = table["columns"]
    for row, values in table["rows"].items():
        rule.eq(
            values[0], sum(values[1:]), f"{code} {row} {first}", f"{code} {row} {'+'.join(rest)}"
        )
    return [rule]


def _hierarchy(
    code: str, rows: dict[str, list[int]], columns: list[str], levels: Iterable[int]
) -> Rule:
    """合计 = Σ 类, 类 = Σ 款, 款 = Σ 项, column by column."""
    widths = list(levels)
    rule = Rule(f"{code} 合计 = 各类之和，类 = 所属款之和，款 = 所属项之和")
    parents = [TOTAL, *(c for c in rows if c != TOTAL and len(c) < widths[-1])]
    for parent in parents:
        size = widths[0] if parent == TOTAL else widths[widths.index(len(parent)) + 1]
        children = [c for c in rows if len(c) == size and (parent == TOTAL or c.startswith(parent))]
        for i, column in enumerate(columns):
            rule.eq(
                rows[parent][i],
                sum(rows[c][i] for c in children),
                f"{code} {parent} {column}",
                f"{code} {'、'.join(children) or '（无下级）'} {column}之和",
            )
    return rule


def _t04(published: dict[str, Tree]) -> list[Rule]:
    fiscal_summary, general_spending, revenue, summary = (
        published["公开04表"],
        published["公开05表"],
        published["公开02表"],
        published["公开01表"],
    )
    income = Rule("公开04 本年收入合计 = 各项财政拨款之和 = 公开02 财政拨款收入合计")
    income.eq(
        fiscal_summary["本年收入合计"],
        sum(fiscal_summary["income"].values()),
        "公开04 本年收入合计",
        "公开04 各项财政拨款之和",
    )
    income.eq(
        fiscal_summary["本年收入合计"],
        revenue["rows"][TOTAL][1],
        "公开04 本年收入合计",
        "公开02 合计·财政拨款收入",
    )
    for fund in layouts.FISCAL:
        name = layouts.FISCAL_NAMES[fund]
        income.eq(
            fiscal_summary["income"][name],
            summary["income"][f"{name}收入"],
            f"公开04 {name}",
            f"公开01 {name}收入",
        )
    general = Rule("公开04 一般公共预算财政拨款支出（按类）= 公开05 小计")
    for code, amount in fiscal_summary["expenditure_by_class_一般公共预算"].items():
        row = general_spending["rows"].get(code, [0])[0]
        general.eq(amount, row, f"公开04 {code} 一般公共预算财政拨款", f"公开05 {code} 小计")
    general.eq(
        fiscal_summary["本年支出合计_by_fund"][layouts.FISCAL_NAMES[Fund.GENERAL]],
        general_spending["rows"][TOTAL][0],
        "公开04 本年支出合计·一般公共预算财政拨款",
        "公开05 合计·小计",
    )
    totals = Rule(
        "公开04 年初财政拨款结转和结余 + 本年收入合计 = 本年支出合计 + 年末财政拨款结转和结余 + 收回上年结转 = 总计"
    )
    opening = fiscal_summary["年初财政拨款结转和结余合计"]
    totals.eq(
        fiscal_summary["总计"],
        opening + fiscal_summary["本年收入合计"],
        "公开04 总计",
        "公开04 年初财政拨款结转和结余 + 本年收入合计",
    )
    totals.eq(
        fiscal_summary["总计"],
        fiscal_summary["本年支出合计"]
        + fiscal_summary["年末财政拨款结转和结余"]
        + fiscal_summary["收回上年结转"],
        "公开04 总计",
        "公开04 本年支出合计 + 年末财政拨款结转和结余 + 收回上年结转",
    )
    totals.eq(
        opening,
        sum(fiscal_summary["年初财政拨款结转和结余"].values()),
        "公开04 年初财政拨款结转和结余",
        "公开04 各项财政拨款年初结转和结余之和",
    )
    return [income, general, totals]


def _t05_t06(published: dict[str, Tree]) -> list[Rule]:
    general_spending, basic_detail = published["公开05表"], published["公开06表"]
    basic = Rule("公开05 基本支出合计 = 公开06 人员经费合计 + 公用经费合计")
    basic.eq(
        general_spending["rows"][TOTAL][1],
        basic_detail["人员经费合计"] + basic_detail["公用经费合计"],
        "公开05 合计·基本支出",
        "公开06 人员经费合计 + 公用经费合计",
    )
    rows = {code: [amount] for code, amount in basic_detail["rows"].items()}
    rows[TOTAL] = [basic_detail["人员经费合计"] + basic_detail["公用经费合计"]]
    items = _hierarchy("公开06", rows, ["决算数"], ECONOMIC_LEVELS)
    items.name = "公开06 各类 = 所属款之和；人员经费合计 + 公用经费合计 = 各类之和"
    personnel = sum(
        amount
        for code, amount in basic_detail["rows"].items()
        if code in PERSONNEL_ECONOMIC_CLASSES
    )
    items.eq(
        basic_detail["人员经费合计"], personnel, "公开06 人员经费合计", "公开06 301、303 类之和"
    )
    return [basic, items]


def _t09_t10(facts: Facts, published: dict[str, Tree]) -> list[Rule]:
    sangong, disclosures, basic_detail = (
        published["公开09表"],
        published["公开10表"],
        published["公开06表"],
    )
    bounded = Rule("公开09 决算数 ≤ 公开06 及项目支出中同一经济科目的支出")
    for name, codes in (*layouts.SANGONG, *layouts.FURTHER):
        basic = sum(basic_detail["rows"].get(code, 0) for code in codes)
        other = sum(
            spending.amount
            for spending in facts.spending
            if spending.economic in codes
            and spending.line.is_fiscal
            and not (spending.basic and spending.line.fund == Fund.GENERAL)
        )
        bounded.le(
            sangong["决算数"][name],
            basic + other,
            f"公开09 决算数·{name}",
            f"公开06 {'、'.join(codes)} + 财政拨款项目支出及其他基本支出中的 {'、'.join(codes)}",
        )
    sums = Rule("公开09 合计 = 各项之和；公务用车购置及运行维护费 = 购置费 + 运行维护费")
    for side in ("预算数", "决算数"):
        figures = sangong[side]
        sums.eq(
            figures[layouts.VEHICLES],
            figures["公务用车购置费"] + figures["公务用车运行维护费"],
            f"公开09 {side}·{layouts.VEHICLES}",
            f"公开09 {side}·购置费 + 运行维护费",
        )
        sums.eq(
            figures[TOTAL],
            figures["因公出国（境）费"] + figures[layouts.VEHICLES] + figures["公务接待费"],
            f"公开09 {side}·合计",
            f"公开09 {side}·三项之和",
        )
    running = Rule("公开10 机关运行经费 ≤ 公开06 公用经费合计")
    running.le(
        sum(disclosures["机关运行经费"].values()),
        basic_detail["公用经费合计"],
        "公开10 机关运行经费",
        "公开06 公用经费合计",
    )
    bought = Rule("公开10 政府采购合计 = 货物 + 工程 + 服务")
    parts = disclosures["政府采购"]
    bought.eq(
        parts[TOTAL],
        sum(parts[kind] for kind in layouts.PROCUREMENT),
        "公开10 政府采购合计",
        "公开10 货物 + 工程 + 服务",
    )
    return [bounded, sums, running, bought]


def _funds(facts: Facts) -> Rule:
    rule = Rule(
        "各资金性质：年初结转和结余 + 本年收入 = 本年支出 + 年末结转和结余 + 收回的上年结转"
    )
    for balance in fold_balances(
        facts.lines, ((income.fund, income.amount) for income in facts.income)
    ):
        rule.eq(
            balance.opening + balance.income,
            balance.spent + balance.closing + balance.recovered,
            f"{balance.fund} 年初结转和结余 + 本年收入",
            f"{balance.fund} 本年支出 + 年末结转和结余 + 收回",
        )
    return rule
