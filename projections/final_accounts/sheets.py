"""公开01–10 and the project figures as sheets laid out like the published tables."""

from __future__ import annotations

import math
from typing import Any

from ledger import codes
from ledger.money import execution_score, ratio_percent
from projections.final_accounts import layouts
from projections.final_accounts.codesheet import code_sheet
from projections.final_accounts.grid import Cell, Row, Sheet, cells
from projections.final_accounts.rollup import TOTAL
from projections.final_accounts.tables import Tree
from projections.queries.grouping import Names

_TWO_SIDES = ("项目", "行次")


def final_sheets(tables: Tree, entity: str, year: int, names: Names) -> list[Sheet]:
    def coded(meta: layouts.TableMeta, groups: Any) -> Sheet:
        value = tables[meta.key]
        rows = None if value == layouts.EMPTY else value["rows"]
        return code_sheet(meta, entity, year, groups, rows, names)

    return [
        t01_sheet(tables[layouts.T01.key], entity, year),
        coded(layouts.T02, [(None, layouts.T02_COLUMNS)]),
        coded(layouts.T03, [(None, layouts.T03_COLUMNS)]),
        t04_sheet(tables[layouts.T04.key], entity, year),
        coded(layouts.T05, [("本年支出", layouts.T05_COLUMNS)]),
        t06_sheet(tables[layouts.T06.key], entity, year, names),
        coded(
            layouts.T07,
            [
                (None, layouts.T07_COLUMNS[:2]),
                ("本年支出", ("小计", layouts.BASIC, layouts.PROJECT)),
                (None, layouts.T07_COLUMNS[-1:]),
            ],
        ),
        coded(layouts.T08, [("本年支出", layouts.T08_COLUMNS)]),
        t09_sheet(tables[layouts.T09.key], entity, year),
        t10_sheet(tables[layouts.T10.key], entity, year),
        projects_sheet(tables[layouts.PROJECTS.key], entity, year),
    ]


def class_label(number: int, code: str) -> str:
    name = codes.function_names().get(code, code)
    return f"{layouts.numeral(number)}、{name}"


def _side_heading(income_columns: int, spending: list[str]) -> list[Row]:
    """收入 | 支出 over 项目, 行次, the amount columns; then 栏次."""
    top = [Cell("收入", span=2 + income_columns), Cell("支出", span=2 + len(spending))]
    labels = cells(*_TWO_SIDES, "金额", *_TWO_SIDES, *spending)
    numbers = cells("栏次", None, "1", "栏次", None, *(str(i) for i in range(2, 2 + len(spending))))
    return [top, labels, numbers]


def pair_rows(
    left: list[tuple[Any, list[Any]]], right: list[tuple[Any, list[Any]]], numbered: bool = True
) -> list[Row]:
    """Income rows beside spending rows; with 行次 numbered down the income side first."""
    body = []
    strong = ("本年收入合计", "本年支出合计", "总计", "收入总计", "支出总计")
    for i, ((l_label, l_values), (r_label, r_values)) in enumerate(zip(left, right, strict=True)):
        bold_l, bold_r = l_label in strong, r_label in strong
        number_l = [Cell(str(i + 1), align="center")] if numbered else []
        number_r = [Cell(str(len(left) + i + 1), align="center")] if numbered else []
        body.append(
            [
                Cell(l_label, bold=bold_l),
                *number_l,
                *(Cell(v, bold=bold_l) for v in l_values),
                Cell(r_label, bold=bold_r),
                *number_r,
                *(Cell(v, bold=bold_r) for v in r_values),
            ]
        )
    return body


def t01_sheet(t: Tree, entity: str, year: int) -> Sheet:
    classes = list(t["expenditure_by_class"].items())
    height = max(len(classes), len(layouts.INCOME_SOURCES))
    income: list[tuple[Any, list[Any]]] = [
        (f"{layouts.numeral(i + 1)}、{key}", [amount])
        for i, (key, amount) in enumerate(t["income"].items())
    ]
    income += [(None, [None])] * (height - len(income))
    income += [
        ("本年收入合计", [t["本年收入合计"]]),
        ("使用非财政拨款结余（专用结余）", [t["使用非财政拨款结余"]]),
        ("年初结转和结余", [t["年初结转和结余"]]),
        (None, [None]),
        ("总计", [t["收入总计"]]),
    ]
    spending: list[tuple[Any, list[Any]]] = [
        (class_label(i + 1, code), [amount]) for i, (code, amount) in enumerate(classes)
    ]
    spending += [(None, [None])] * (height - len(spending))
    recovered = t["收回上年结转"]
    spending += [
        ("本年支出合计", [t["本年支出合计"]]),
        ("结余分配", [t["结余分配"]]),
        ("年末结转和结余", [t["年末结转和结余"]]),
        ("收回上年结转", [recovered]) if recovered else (None, [None]),
        ("总计", [t["支出总计"]]),
    ]
    body = pair_rows(income, spending)
    return Sheet(layouts.T01, entity, year, 6, _side_heading(1, ["金额"]), body)


def t04_sheet(t: Tree, entity: str, year: int) -> Sheet:
    funds = [layouts.FISCAL_NAMES[f] for f in layouts.FISCAL]
    by_fund = [t["expenditure_by_class_一般公共预算"]] + [
        t[f"expenditure_by_class_{f.value}"] for f in layouts.FISCAL[1:]
    ]
    classes = list(t["expenditure_by_class"].items())
    income: list[tuple[Any, list[Any]]] = [
        (f"{layouts.numeral(i + 1)}、{name}", [t["income"][name]]) for i, name in enumerate(funds)
    ]
    income += [(None, [None])] * (len(classes) - len(income))
    income += [
        ("本年收入合计", [t["本年收入合计"]]),
        ("年初财政拨款结转和结余", [t["年初财政拨款结转和结余合计"]]),
        *((name, [t["年初财政拨款结转和结余"][name]]) for name in funds),
        ("总计", [t["总计"]]),
    ]

    def four(total: int, parts: dict[str, int]) -> list[Any]:
        return [total, *(parts[name] for name in funds)]

    spending: list[tuple[Any, list[Any]]] = [
        (class_label(i + 1, code), [amount, *(b.get(code, 0) for b in by_fund)])
        for i, (code, amount) in enumerate(classes)
    ]
    blank = (None, [None] * 4)
    recovered = t["收回上年结转"]
    spending += [
        ("本年支出合计", four(t["本年支出合计"], t["本年支出合计_by_fund"])),
        (
            "年末财政拨款结转和结余",
            four(t["年末财政拨款结转和结余"], t["年末财政拨款结转和结余_by_fund"]),
        ),
        ("收回上年结转", four(recovered, t["收回上年结转_by_fund"])) if recovered else blank,
        blank,
        blank,
        ("总计", four(t["总计"], t["支出总计_by_fund"])),
    ]
    body = pair_rows(income, spending)
    for row in body[len(classes) + 2 : len(classes) + 5]:
        row[0].indent = 1  # the three funds under 年初财政拨款结转和结余
    heading = _side_heading(1, ["合计", *funds])
    return Sheet(layouts.T04, entity, year, 9, heading, body)


def _economic_codes(classes: tuple[str, ...], figures: dict[str, int]) -> list[str]:
    """The codes of the published 06 for these classes, with any other code spent."""
    known = [c for c in codes.economic_names() if c[:3] in classes]
    extra = [c for c in figures if c[:3] in classes and c not in known]
    return sorted(known + extra, key=lambda c: (classes.index(c[:3]), c))


def t06_sheet(t: Tree, entity: str, year: int, names: Names) -> Sheet:
    figures = t["rows"]
    personnel = _economic_codes(layouts.PERSONNEL_CLASSES, figures)
    operating = _economic_codes(layouts.OPERATING_CLASSES, figures)
    height = max(len(personnel), math.ceil(len(operating) / 3))
    blocks = [personnel] + [operating[i * height : (i + 1) * height] for i in range(3)]

    def item(code: str | None) -> Row:
        if code is None:
            return cells(None, None, None)
        amount: Any = figures.get(code, 0)
        if not amount and code[:3] in layouts.NOT_BASIC_CLASSES:
            amount = layouts.DASH
        indent = 0 if len(code) == 3 else 1
        name = names.name("economic", code) or ""
        return [Cell(code), Cell(name, indent=indent), Cell(amount, align="right")]

    body = [
        [cell for block in blocks for cell in item(block[r] if r < len(block) else None)]
        for r in range(height)
    ]
    body.append(
        [
            Cell("人员经费合计", span=2, bold=True),
            Cell(t["人员经费合计"], bold=True),
            Cell("公用经费合计", span=8, bold=True),
            Cell(t["公用经费合计"], bold=True),
        ]
    )
    heading = [
        [Cell("人员经费", span=3), Cell("公用经费", span=9)],
        cells(*(["科目代码", "科目名称", "决算数"] * 4)),
    ]
    return Sheet(layouts.T06, entity, year, 12, heading, body)


def t09_sheet(t: Tree, entity: str, year: int) -> Sheet:
    order = (
        TOTAL,
        "因公出国（境）费",
        layouts.VEHICLES,
        "公务用车购置费",
        "公务用车运行维护费",
        "公务接待费",
    )
    side = [
        Cell(TOTAL, rows=2),
        Cell("因公出国（境）费", rows=2),
        Cell(layouts.VEHICLES, span=3),
        Cell("公务接待费", rows=2),
    ]
    heading = [
        [Cell("预算数", span=6), Cell("决算数", span=6)],
        side + [Cell(c.value, span=c.span, rows=c.rows) for c in side],
        cells(*(["小计", "公务用车购置费", "公务用车运行维护费"] * 2)),
        cells(*(str(i) for i in range(1, 13))),
    ]
    body = [cells(*(t["预算数"][k] for k in order), *(t["决算数"][k] for k in order))]
    appendix = [
        [Cell(label, bold=True, align="center") for label in ("其他经费", "预算数", "决算数")]
    ]
    appendix += [
        [Cell(name), Cell(t["预算数"][name], zero=True), Cell(t["决算数"][name], zero=True)]
        for name, _ in layouts.FURTHER
    ]
    return Sheet(layouts.T09, entity, year, 12, heading, body, appendix=appendix)


def t10_sheet(t: Tree, entity: str, year: int) -> Sheet:
    def section(title: str) -> Row:
        return [Cell(title, span=3, bold=True)]

    bought = t["政府采购"]
    body: list[Row] = [section("一、政府采购情况"), cells("项目", "行次", "统计数")]
    labels = (TOTAL, *layouts.PROCUREMENT)
    body += [cells(k, str(i + 1), bought[k]) for i, k in enumerate(labels)]
    body += [section("二、机关运行经费"), cells("项目", "", "统计数")]
    running = t["机关运行经费"]
    body += [
        cells(f"（{layouts.numeral(i + 1)}）{label}", str(len(labels) + i + 1), running[label])
        for i, (_, label) in enumerate(layouts.RUNNING_COST_UNITS)
    ]
    body.append(section("三、国有资产占用情况"))
    body += [cells(label, str(number), None) for label, number in layouts.ASSET_ROWS]
    body.append([Cell("（国有资产占用情况不在本账中记录，请据资产管理信息填列。）", span=3)])
    for row in body:
        if len(row) == 3:
            row[1].align = "center"
        if row[0].value == "项目":
            for cell in row:
                cell.bold, cell.align = True, "center"
    return Sheet(layouts.T10, entity, year, 3, [], body, appendix=_procurement_plans(t))


def _procurement_plans(t: Tree) -> list[Row]:
    """Under 公开10: the 政府采购预算 beside what was bought, by type; for a department
    with more than one unit procuring, each unit's too."""
    labels = (TOTAL, *layouts.PROCUREMENT)

    def block(planned: dict[str, int], paid: dict[str, int], indent: int) -> list[Row]:
        return [
            [Cell(k, indent=indent), Cell(planned[k], zero=True), Cell(paid[k], zero=True)]
            for k in labels
        ]

    head = ("政府采购（预算与决算）", "预算数", "决算数")
    rows = [[Cell(label, bold=True, align="center") for label in head]]
    rows += block(t["政府采购预算"], t["政府采购"], 0)
    units = t["政府采购_by_unit"]
    if len(units) > 1:
        for name, unit in units.items():
            rows.append([Cell(name, span=3, bold=True)])
            rows += block(unit["预算数"], unit["决算数"], 1)
    return rows


def projects_sheet(t: Tree, entity: str, year: int) -> Sheet:
    heading = [
        cells(
            "项目编码",
            "项目名称",
            "年初预算数",
            "全年预算数",
            "全年执行数",
            "资金结（转）余",
            "执行率（%）",
            "得分",
        )
    ]
    body = []
    for key, (budget, spent, balance, rate, score, initial) in t["rows"].items():
        code = t["codes"][key]
        name = key.removeprefix(f"{code} ") if code else key
        values = (initial, budget, spent, balance, rate, score)
        body.append([Cell(code), Cell(name), *(Cell(v, zero=True) for v in values)])
    if body:
        sums = [sum(r[i] for r in t["rows"].values()) for i in (5, 0, 1, 2)]
        initial, budget, spent, balance = sums
        total = (*sums, ratio_percent(spent, budget), execution_score(spent, budget))
        body.append(
            [Cell(TOTAL, span=2, bold=True), *(Cell(v, zero=True, bold=True) for v in total)]
        )
    return Sheet(layouts.PROJECTS, entity, year, 8, heading, body, empty=not body)
