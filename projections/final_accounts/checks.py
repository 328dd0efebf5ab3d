"""The 勾稽关系 of domain.md, on exact fen, over the built tables.

Each rule is a list of comparisons, every one naming where its two figures come from,
so that a failure can be shown with both figures and their sources, never hidden.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass, field

from ledger.domain.values import PERSONNEL_ECONOMIC_CLASSES, Fund
from projections.final_accounts import layouts as L
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


def run_checks(f: Facts, tables: Tree) -> list[Rule]:
    t = {meta.code: tables[meta.key] for meta in L.FINAL_TABLES if meta.code}

    def hierarchy(code: str) -> list[Rule]:
        table = t[f"{code}表"]
        if table == L.EMPTY:
            return []
        return [_hierarchy(code, table["rows"], table["columns"], FUNCTION_LEVELS)]

    rules = [
        *_t01(t),
        *_rows_sum("公开02", t["公开02表"], "本年收入合计 = 各收入栏之和"),
        *hierarchy("公开02"),
        *_rows_sum(
            "公开03",
            t["公开03表"],
            "本年支出合计 = 基本支出 + 项目支出 + 上缴上级支出 + 经营支出 + 对附属单位补助支出",
        ),
        *hierarchy("公开03"),
        *_t04(t),
        *_rows_sum("公开05", t["公开05表"], "小计 = 基本支出 + 项目支出"),
        *hierarchy("公开05"),
        *_t05_t06(t),
        *hierarchy("公开07"),
        *hierarchy("公开08"),
        *_t09_t10(f, t),
        _funds(f),
    ]
    return rules


def _t01(t: dict[str, Tree]) -> list[Rule]:
    a, b, c = t["公开01表"], t["公开02表"], t["公开03表"]
    sources = Rule("公开01 本年收入合计 = 各项收入之和")
    sources.eq(
        a["本年收入合计"], sum(a["income"].values()), "公开01 本年收入合计", "公开01 各项收入之和"
    )
    income = Rule("公开01 本年收入合计 = 公开02 合计")
    income.eq(
        a["本年收入合计"], b["rows"][TOTAL][0], "公开01 本年收入合计", "公开02 合计·本年收入合计"
    )
    spent = Rule("公开01 本年支出合计 = 公开03 合计")
    spent.eq(
        a["本年支出合计"], c["rows"][TOTAL][0], "公开01 本年支出合计", "公开03 合计·本年支出合计"
    )
    classes = Rule("公开01 各类支出 = 公开03 类合计；本年支出合计 = 各类之和")
    classes.eq(
        a["本年支出合计"],
        sum(a["expenditure_by_class"].values()),
        "公开01 本年支出合计",
        "公开01 各类支出之和",
    )
    for code, amount in a["expenditure_by_class"].items():
        row = c["rows"].get(code, [0])[0]
        classes.eq(amount, row, f"公开01 {code} 类支出", f"公开03 {code} 本年支出合计")
    totals = Rule(
        "公开01 年初结转和结余 + 本年收入合计 + 使用非财政拨款结余 = 本年支出合计 + 结余分配 + "
        "年末结转和结余 + 收回上年结转（总计两方相等）"
    )
    totals.eq(
        a["收入总计"],
        a["年初结转和结余"] + a["本年收入合计"] + a["使用非财政拨款结余"],
        "公开01 收入总计",
        "公开01 年初结转和结余 + 本年收入合计 + 使用非财政拨款结余",
    )
    totals.eq(
        a["支出总计"],
        a["本年支出合计"] + a["结余分配"] + a["年末结转和结余"] + a["收回上年结转"],
        "公开01 支出总计",
        "公开01 本年支出合计 + 结余分配 + 年末结转和结余 + 收回上年结转",
    )
    totals.eq(a["收入总计"], a["支出总计"], "公开01 收入总计", "公开01 支出总计")
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


def _t04(t: dict[str, Tree]) -> list[Rule]:
    d, e, b, a = t["公开04表"], t["公开05表"], t["公开02表"], t["公开01表"]
    income = Rule("公开04 本年收入合计 = 各项财政拨款之和 = 公开02 财政拨款收入合计")
    income.eq(
        d["本年收入合计"],
        sum(d["income"].values()),
        "公开04 本年收入合计",
        "公开04 各项财政拨款之和",
    )
    income.eq(
        d["本年收入合计"], b["rows"][TOTAL][1], "公开04 本年收入合计", "公开02 合计·财政拨款收入"
    )
    for fund in L.FISCAL:
        name = L.FISCAL_NAMES[fund]
        income.eq(
            d["income"][name], a["income"][f"{name}收入"], f"公开04 {name}", f"公开01 {name}收入"
        )
    general = Rule("公开04 一般公共预算财政拨款支出（按类）= 公开05 小计")
    for code, amount in d["expenditure_by_class_一般公共预算"].items():
        row = e["rows"].get(code, [0])[0]
        general.eq(amount, row, f"公开04 {code} 一般公共预算财政拨款", f"公开05 {code} 小计")
    general.eq(
        d["本年支出合计_by_fund"][L.FISCAL_NAMES[Fund.GENERAL]],
        e["rows"][TOTAL][0],
        "公开04 本年支出合计·一般公共预算财政拨款",
        "公开05 合计·小计",
    )
    totals = Rule(
        "公开04 年初财政拨款结转和结余 + 本年收入合计 = 本年支出合计 + 年末财政拨款结转和结余 + 收回上年结转 = 总计"
    )
    opening = d["年初财政拨款结转和结余合计"]
    totals.eq(
        d["总计"],
        opening + d["本年收入合计"],
        "公开04 总计",
        "公开04 年初财政拨款结转和结余 + 本年收入合计",
    )
    totals.eq(
        d["总计"],
        d["本年支出合计"] + d["年末财政拨款结转和结余"] + d["收回上年结转"],
        "公开04 总计",
        "公开04 本年支出合计 + 年末财政拨款结转和结余 + 收回上年结转",
    )
    totals.eq(
        opening,
        sum(d["年初财政拨款结转和结余"].values()),
        "公开04 年初财政拨款结转和结余",
        "公开04 各项财政拨款年初结转和结余之和",
    )
    return [income, general, totals]


def _t05_t06(t: dict[str, Tree]) -> list[Rule]:
    e, g = t["公开05表"], t["公开06表"]
    basic = Rule("公开05 基本支出合计 = 公开06 人员经费合计 + 公用经费合计")
    basic.eq(
        e["rows"][TOTAL][1],
        g["人员经费合计"] + g["公用经费合计"],
        "公开05 合计·基本支出",
        "公开06 人员经费合计 + 公用经费合计",
    )
    rows = {code: [amount] for code, amount in g["rows"].items()}
    rows[TOTAL] = [g["人员经费合计"] + g["公用经费合计"]]
    items = _hierarchy("公开06", rows, ["决算数"], ECONOMIC_LEVELS)
    items.name = "公开06 各类 = 所属款之和；人员经费合计 + 公用经费合计 = 各类之和"
    personnel = sum(v for c, v in g["rows"].items() if c in PERSONNEL_ECONOMIC_CLASSES)
    items.eq(g["人员经费合计"], personnel, "公开06 人员经费合计", "公开06 301、303 类之和")
    return [basic, items]


def _t09_t10(f: Facts, t: dict[str, Tree]) -> list[Rule]:
    i, j, g = t["公开09表"], t["公开10表"], t["公开06表"]
    bounded = Rule("公开09 决算数 ≤ 公开06 及项目支出中同一经济科目的支出")
    for name, codes in (*L.SANGONG, *L.FURTHER):
        basic = sum(g["rows"].get(code, 0) for code in codes)
        other = sum(
            s.amount
            for s in f.spending
            if s.economic in codes
            and s.line.is_fiscal
            and not (s.basic and s.line.fund == Fund.GENERAL)
        )
        bounded.le(
            i["决算数"][name],
            basic + other,
            f"公开09 决算数·{name}",
            f"公开06 {'、'.join(codes)} + 财政拨款项目支出及其他基本支出中的 {'、'.join(codes)}",
        )
    sums = Rule("公开09 合计 = 各项之和；公务用车购置及运行维护费 = 购置费 + 运行维护费")
    for side in ("预算数", "决算数"):
        v = i[side]
        sums.eq(
            v[L.VEHICLES],
            v["公务用车购置费"] + v["公务用车运行维护费"],
            f"公开09 {side}·{L.VEHICLES}",
            f"公开09 {side}·购置费 + 运行维护费",
        )
        sums.eq(
            v[TOTAL],
            v["因公出国（境）费"] + v[L.VEHICLES] + v["公务接待费"],
            f"公开09 {side}·合计",
            f"公开09 {side}·三项之和",
        )
    running = Rule("公开10 机关运行经费 ≤ 公开06 公用经费合计")
    running.le(
        sum(j["机关运行经费"].values()),
        g["公用经费合计"],
        "公开10 机关运行经费",
        "公开06 公用经费合计",
    )
    bought = Rule("公开10 政府采购合计 = 货物 + 工程 + 服务")
    parts = j["政府采购"]
    bought.eq(
        parts[TOTAL],
        sum(parts[p] for p in L.PROCUREMENT),
        "公开10 政府采购合计",
        "公开10 货物 + 工程 + 服务",
    )
    return [bounded, sums, running, bought]


def _funds(f: Facts) -> Rule:
    rule = Rule(
        "各资金性质：年初结转和结余 + 本年收入 = 本年支出 + 年末结转和结余 + 收回的上年结转"
    )
    for b in fold_balances(f.lines, ((i.fund, i.amount) for i in f.income)):
        rule.eq(
            b.opening + b.income,
            b.spent + b.closing + b.recovered,
            f"{b.fund} 年初结转和结余 + 本年收入",
            f"{b.fund} 本年支出 + 年末结转和结余 + 收回",
        )
    return rule
