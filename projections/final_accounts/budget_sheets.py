"""部门预算公开表 as sheets (预算公开表1–12), laid out like the Jincheng seed's tables."""

from __future__ import annotations

from typing import Any

from ledger import codes
from ledger.domain.values import Fund
from projections.final_accounts import layouts as L
from projections.final_accounts.codesheet import code_sheet
from projections.final_accounts.grid import Cell, Row, Sheet, cells
from projections.final_accounts.rollup import TOTAL
from projections.final_accounts.sheets import pair_rows
from projections.final_accounts.tables import Tree
from projections.queries.grouping import Names

BLANK: tuple[Any, list[Any]] = (None, [None])


def budget_sheets(tables: Tree, entity: str, year: int, names: Names) -> list[Sheet]:
    t = tables
    planned = f"{year}年预算数"

    def coded(meta: L.TableMeta, groups: Any, economic: bool = False) -> Sheet:
        value = t[meta.key]
        rows = None if value == L.EMPTY else value["rows"]
        return code_sheet(meta, entity, year, groups, rows, names, budget=True, economic=economic)

    funds = tuple(t[L.B02.key]["columns"][1:-1])
    return [
        _b01(t[L.B01.key], entity, year),
        coded(L.B02, [("本年收入", ("合计", *funds)), (None, ("上年结转",))]),
        coded(L.B03, [(planned, ("合计", L.BASIC, L.PROJECT))]),
        _b04(t[L.B04.key], entity, year),
        coded(L.B05, [(planned, ("合计", L.BASIC, L.PROJECT))]),
        coded(L.B06, [(f"{year}年基本支出", ("合计", "人员经费", "公用经费"))], economic=True),
        coded(L.B07, [(planned, ("合计", L.BASIC, L.PROJECT))]),
        coded(L.B08, [(planned, ("合计", L.BASIC, L.PROJECT))]),
        _b09(t[L.B09.key], entity, year),
        _b10(t[L.B10.key], entity, year),
        _projects(L.B11, t[L.B11.key], entity, year),
        _projects(L.B12, t[L.B12.key], entity, year),
        _b13(t[L.B13.key], entity, year),
    ]


def _class_rows(by_class: dict[str, list[int]]) -> list[tuple[Any, list[Any]]]:
    names = codes.function_names()
    return [
        (f"{L.numeral(i + 1)}、{names.get(code, code)}", values)
        for i, (code, values) in enumerate(by_class.items())
    ]


def _b01(t: Tree, entity: str, year: int) -> Sheet:
    spending = _class_rows(t["expenditure_by_class"])
    income: list[tuple[Any, list[Any]]] = [
        (f"{L.numeral(i + 1)}、{fund}", [amount])
        for i, (fund, amount) in enumerate(t["income"].items())
    ]
    income += [BLANK] * (len(spending) - len(income))
    income += [
        ("本年收入合计", [t["本年收入合计"]]),
        ("上年结转", [t["上年结转"]]),
        ("收入总计", [t["收入总计"]]),
    ]
    spending += [
        ("本年支出合计", t["本年支出合计"]),
        ("年终结转", [t["年终结转"], None, None]),
        ("支出总计", t["支出总计"]),
    ]
    heading = [
        [Cell("收入", span=2), Cell("支出", span=4)],
        cells("项目", f"{year}年", "项目", f"{year}年合计", "当年预算安排", "上年结转安排"),
    ]
    return Sheet(L.B01, entity, year, 6, heading, pair_rows(income, spending, numbered=False))


def _b04(t: Tree, entity: str, year: int) -> Sheet:
    spending = _class_rows(t["expenditure_by_class"])
    funds = list(t["income"])
    income: list[tuple[Any, list[Any]]] = [
        (f"{L.numeral(i + 1)}、{fund}", [t["income"][fund]]) for i, fund in enumerate(funds)
    ]
    income += [BLANK] * (len(spending) - len(income))
    income += [
        ("本年收入合计", [t["本年收入合计"]]),
        ("上年财政拨款结转", [t["上年财政拨款结转合计"]]),
        *((f"{L.numeral(i + 1)}、{f}", [t["上年财政拨款结转"][f]]) for i, f in enumerate(funds)),
        ("收入总计", [t["收入总计"]]),
    ]
    blank = (None, [None] * 4)
    spending += [
        ("本年支出合计", t["本年支出合计"]),
        ("年终结转", [t["年终结转"], None, None, None]),
        blank,
        blank,
        blank,
        ("支出总计", t["支出总计"]),
    ]
    body = pair_rows(income, spending, numbered=False)
    for row in body[-5:-1]:
        if row[0].value and row[0].value != "上年财政拨款结转":
            row[0].indent = 1
    heading = [
        [Cell("收入", span=2), Cell("支出", span=5)],
        [Cell("项目", rows=2), Cell("金额", rows=2), Cell("项目", rows=2), Cell("金额", span=4)],
        cells("小计", *funds),
    ]
    return Sheet(L.B04, entity, year, 7, heading, body)


def _b09(t: Tree, entity: str, year: int) -> Sheet:
    rows = t["rows"]
    order = (
        "因公出国（境）费",
        "公务接待费",
        "公务用车购置及运行费",
        "公务用车购置费",
        "公务用车运行维护费",
        TOTAL,
    )
    labels = {"公务用车购置费": "①公务用车购置费", "公务用车运行维护费": "②公务用车运行维护费"}
    body = [
        [Cell(labels.get(k, k), indent=1 if k in labels else 0, bold=k == TOTAL), *cells(*rows[k])]
        for k in order
    ]
    heading = [
        [Cell("项目", rows=2), Cell(f"{year}年预算数", span=4)],
        cells(*t["columns"]),
    ]
    appendix = [[Cell(label, bold=True, align="center") for label in ("其他经费", "预算数")]]
    appendix += [[Cell(name), Cell(rows[name][0], zero=True)] for name, _ in L.FURTHER]
    return Sheet(L.B09, entity, year, 5, heading, body, appendix=appendix)


def _b10(t: Tree, entity: str, year: int) -> Sheet:
    body = [
        [Cell(name, bold=i == 0, indent=0 if i == 0 else 1), *cells(*values)]
        for i, (name, values) in enumerate(t["rows"].items())
    ]
    heading = [
        [Cell("单位名称", rows=2), Cell(f"{year}年预算数", span=4)],
        cells(*t["columns"]),
    ]
    return Sheet(L.B10, entity, year, 5, heading, body)


def _b13(t: Tree, entity: str, year: int) -> Sheet:
    body = [
        [Cell(name, bold=name == TOTAL, indent=0 if name == TOTAL else 1), *cells(*values)]
        for name, values in t["rows"].items()
    ]
    heading = [
        [Cell("单位名称", rows=2), Cell(f"{year}年政府采购预算", span=len(t["columns"]))],
        cells(*t["columns"]),
    ]
    return Sheet(L.B13, entity, year, 1 + len(t["columns"]), heading, body)


def _used_columns(t: Tree) -> Tree:
    """The project table without its all-zero economic-class columns."""
    funds = {f.value for f in Fund}
    keep = [
        i
        for i, c in enumerate(t["columns"])
        if c == "合计"
        or c in funds
        or t[TOTAL][i]
        or any(v[i] for u in t["units"].values() for v in u["projects"].values())
    ]

    def pick(values: list[Any]) -> list[Any]:
        return [values[i] for i in keep]

    return {
        **t,
        "columns": pick(t["columns"]),
        TOTAL: pick(t[TOTAL]),
        "units": {
            name: {
                TOTAL: pick(u[TOTAL]),
                "projects": {k: pick(v) for k, v in u["projects"].items()},
            }
            for name, u in t["units"].items()
        },
    }


def _projects(meta: L.TableMeta, t: Tree | str, entity: str, year: int) -> Sheet:
    if t == L.EMPTY:
        columns: list[str] = ["合计", *(f.value for f in L.FISCAL)]
        body: list[Row] = [[Cell(TOTAL), *cells(*[None] * len(columns))]]
    else:
        assert isinstance(t, dict)
        t = _used_columns(t)
        columns = t["columns"]
        body = [[Cell(TOTAL, bold=True), *(Cell(v, bold=True) for v in t[TOTAL])]]
        for unit, block in t["units"].items():
            body.append([Cell(unit, bold=True, indent=1), *cells(*block[TOTAL])])
            body += [
                [Cell(key, indent=2), *cells(*v), Cell(t["functions"].get(key, ""))]
                for key, v in block["projects"].items()
            ]
    fiscal = [c for c in columns[1:] if c in {f.value for f in L.FISCAL}]
    others = [c for c in columns[1:] if c not in fiscal]
    top = [
        Cell("项目名称", rows=2),
        Cell("合计", rows=2),
        Cell(f"{year}年财政拨款", span=len(fiscal)),
    ]
    top += [Cell(c, rows=2) for c in others]
    width = 1 + len(columns)
    if t != L.EMPTY:  # each project's function codes, after its money
        top.append(Cell("功能科目", rows=2))
        width += 1
        for row in body:
            row += [Cell("")] * (width - len(row))
    heading = [top, cells(*fiscal)]
    return Sheet(meta, entity, year, width, heading, body, empty=t == L.EMPTY)
