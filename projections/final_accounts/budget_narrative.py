"""The budget's 情况说明 (第三部分, as the seeds write it) in Markdown, after the tables:
every figure taken from the built tables, comparisons with last year where the store
holds it, reasons left as marked blanks."""

from __future__ import annotations

from collections.abc import Iterable
from typing import Any

from ledger.domain.values import Fund
from projections.final_accounts import layouts as L
from projections.final_accounts.budget import BudgetTables
from projections.final_accounts.grid import markdown_lines
from projections.final_accounts.narrative import REASON, blank, change, money, share
from projections.final_accounts.rollup import TOTAL
from projections.queries.grouping import Names

FUND_INCOME = {
    Fund.GENERAL.value: "一般公共预算拨款收入",
    Fund.GOVERNMENT_FUND.value: "政府性基金预算拨款收入",
    Fund.STATE_CAPITAL.value: "国有资本经营预算拨款收入",
    Fund.SPECIAL_ACCOUNT.value: "财政专户管理资金收入",
    Fund.UNIT.value: "单位资金",
}


def budget_narrative(budget: BudgetTables) -> str:
    f = budget.facts
    year = f.scope.year
    lines = [f"# {f.entity_name} {year}年度部门预算", "", f"## 第二部分 {year}年部门预算表", ""]
    for sheet in budget.money_sheets():
        lines += markdown_lines(sheet)
    lines += [f"## 第三部分 {year}年度部门预算情况说明", ""]
    for title, body in _sections(f.entity_name, year, budget.tables, budget):
        lines += [f"### {title}", "", *body, ""]
    return "\n".join(lines)


def _name(names: Names, code: str) -> str:
    """A function code's name: the reference table's, else the journal's."""
    return names.name("function", code) or code


def _listing(items: Iterable[tuple[str, int]], whole: int) -> str:
    return "；".join(f"{name}{money(v)}，占{share(v, whole)}" for name, v in items if v)


def _sections(
    who: str, year: int, t: dict[str, Any], budget: BudgetTables
) -> Iterable[tuple[str, list[str]]]:
    a, d, e = t[L.B01.key], t[L.B04.key], t[L.B05.key]
    spent, kept = a["本年支出合计"][0], a["年终结转"]
    yield (
        "一、部门预算收支总体情况",
        [
            f"{who}{year}年收支总预算{money(a['收入总计'])}。"
            f"预算收入总计{money(a['收入总计'])}，其中：本年收入{money(a['本年收入合计'])}，"
            f"上年结转{money(a['上年结转'])}；预算支出总计{money(a['支出总计'][0])}，其中：本年支出"
            f"{money(spent)}，结转下年{money(kept)}。与上年相比"
            f"{blank('增减额、增减率及主要原因（本账不含上年预算）')}。"
        ],
    )
    income = [(FUND_INCOME[k], v) for k, v in a["income"].items()]
    yield (
        "二、收入预算情况",
        [
            f"{year}年收入预算{money(a['收入总计'])}，其中："
            + _listing([*income, ("上年结转", a["上年结转"])], a["收入总计"])
            + "。"
        ],
    )
    c = t[L.B03.key]["rows"][TOTAL]
    yield (
        "三、支出预算情况",
        [
            f"{year}年支出预算{money(c[0])}，其中："
            f"{_listing([(L.BASIC, c[1]), (L.PROJECT, c[2])], c[0])}。"
            + (f"另结转下年{money(kept)}。" if kept else "")
        ],
    )
    names = budget.facts.names
    classes = [(_name(names, k), v[0]) for k, v in d["expenditure_by_class"].items()]
    funds = [(f"{k}拨款", v) for k, v in d["income"].items() if v]
    yield (
        "四、财政拨款收支预算总体情况",
        [
            f"{year}年财政拨款{money(d['收入总计'])}，其中："
            + _listing([*funds, ("上年结转", d["上年财政拨款结转合计"])], d["收入总计"])
            + f"。支出包括：{_listing(classes, d['本年支出合计'][0]) or '无'}。"
        ],
    )
    yield "五、一般公共预算支出情况", _general(year, e, names)
    yield "六、一般公共预算基本支出情况", _basic(year, t[L.B06.key], names)
    yield "七、“三公”经费预算情况", _sangong(year, t[L.B09.key])
    yield "八、其他重要事项情况", _other(year, t, budget)


def _general(year: int, e: dict[str, Any], names: Names) -> list[str]:
    rows, cmp = e["rows"], e["comparison"]
    before = cmp["previous_year"]
    prev = cmp["rows"]
    total = rows[TOTAL][0]

    def versus(code: str) -> str:
        if code not in prev:
            return blank(f"与{before}年执行数相比的增减（{cmp.get('missing', '本账无该科目')}）")
        return f"比{before}年执行数" + change(prev[code][1], prev[code][0]).replace(
            "与上年持平", "保持不变"
        )

    out = [
        "（一）一般公共预算当年拨款规模变化情况",
        "",
        f"{year}年一般公共预算当年拨款{money(total)}，{versus(TOTAL)}。主要原因是{REASON}。",
        "",
        "（二）一般公共预算当年拨款结构情况",
        "",
        _listing(
            (
                (f"{_name(names, k).removesuffix('支出')}（类）支出", v[0])
                for k, v in rows.items()
                if len(k) == 3
            ),
            total,
        )
        + "。",
        "",
        "（三）一般公共预算当年拨款具体使用情况",
        "",
    ]
    n = 0
    for code, values in rows.items():
        if len(code) != 7:
            continue
        n += 1
        path = "".join(
            f"{_name(names, code[:k])}（{level}）" for k, level in ((3, "类"), (5, "款"), (7, "项"))
        )
        out.append(
            f"{n}. {path}{year}年预算数为{money(values[0])}，"
            f"{versus(code).replace('比', '较', 1)}，主要原因是{REASON}。"
        )
    return out


def _basic(year: int, b: dict[str, Any], names: Names) -> list[str]:
    """The 款 with figures, by name: the reference table's, else the journal's."""
    rows = b["rows"]

    def items(column: int) -> str:
        found = [
            names.name("economic", k) or k for k, v in rows.items() if len(k) == 5 and v[column]
        ]
        return "、".join(found) or "无"

    total = rows[TOTAL]
    return [
        f"{year}年一般公共预算基本支出{money(total[0])}，其中：",
        "",
        f"人员经费{money(total[1])}，主要包括：{items(1)}；",
        "",
        f"公用经费{money(total[2])}，主要包括：{items(2)}。",
    ]


def _sangong(year: int, s: dict[str, Any]) -> list[str]:
    r = s["rows"]
    return [
        f"{year}年“三公”经费财政拨款预算{money(r[TOTAL][0])}，其中：因公出国（境）费"
        f"{money(r['因公出国（境）费'][0])}，公务接待费{money(r['公务接待费'][0])}，"
        f"公务用车购置及运行费{money(r['公务用车购置及运行费'][0])}（公务用车购置费"
        f"{money(r['公务用车购置费'][0])}，公务用车运行维护费{money(r['公务用车运行维护费'][0])}）。"
        f"与上年预算相比{blank('增减及主要原因（本账不含上年预算）')}。"
    ]


def _other(year: int, t: dict[str, Any], budget: BudgetTables) -> list[str]:
    running = t[L.B10.key]["rows"]["部门合计"][0]
    p = t[L.B13.key]["rows"][TOTAL]
    entrusted = t[L.B09.key]["rows"]["委托业务费"][0]
    projects = t[L.B11.key]
    count = (
        0 if projects == L.EMPTY else sum(len(u["projects"]) for u in projects["units"].values())
    )
    amount = 0 if projects == L.EMPTY else projects[TOTAL][0]
    general = 0 if projects == L.EMPTY else projects[TOTAL][1]
    return [
        f"（一）机关运行经费：{year}年机关运行经费财政拨款预算{money(running)}，与上年相比"
        f"{blank('增减及主要原因')}。",
        "",
        f"（二）政府采购情况：{year}年政府采购预算总额{money(p[0])}。其中：政府采购货物预算"
        f"{money(p[1])}、政府采购工程预算{money(p[2])}、政府采购服务预算{money(p[3])}。",
        "",
        f"（三）委托业务费：{year}年委托业务费财政拨款预算{money(entrusted)}，与上年相比"
        f"{blank('增减及主要原因')}。",
        "",
        f"（四）预算绩效情况：{year}年项目支出共有二级项目{count}个，共计金额{money(amount)}，"
        f"涉及一般公共预算拨款{money(general)}；{blank('纳入绩效目标管理的项目及其类型')}。",
        "",
        f"（五）国有资产占有使用情况：{blank('车辆、房屋及大型设备情况（本账不记录国有资产）')}。",
    ]
