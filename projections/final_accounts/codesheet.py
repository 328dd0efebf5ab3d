"""The sheet of a table by classification code (公开02/03/05/07/08 and their budget
counterparts): 项目 (科目代码, 科目名称), the amount columns under their group headings,
栏次, 合计, then 类/款/项 rows indented by level."""

from __future__ import annotations

from collections.abc import Sequence

from projections.final_accounts.grid import Cell, Row, Sheet, cells
from projections.final_accounts.layouts import TableMeta
from projections.final_accounts.rollup import ECONOMIC_LEVELS, FUNCTION_LEVELS, TOTAL, level_of
from projections.queries.grouping import Names

# (group heading or None, the columns under it)
Groups = Sequence[tuple[str | None, Sequence[str]]]


def code_header(
    groups: Groups, first: tuple[str, str] = ("科目代码", "科目名称"), numbered: bool = True
) -> list[Row]:
    """Two heading rows (a group over its columns; a lone column merged down) and, in
    the final accounts, 栏次."""
    top: Row = [Cell("项目", span=2)]
    below: Row = cells(*first)
    for heading, columns in groups:
        if heading is None:
            top += [Cell(label, rows=2) for label in columns]
        else:
            top.append(Cell(heading, span=len(columns)))
            below += cells(*columns)
    count = sum(len(columns) for _, columns in groups)
    numbers: Row = [Cell("栏次", span=2), *(Cell(str(n)) for n in range(1, count + 1))]
    return [top, below, numbers] if numbered else [top, below]


def code_body(
    rows: dict[str, list[int]],
    names: Names,
    scheme: str = "function",
    levels: Sequence[int] = FUNCTION_LEVELS,
) -> list[Row]:
    body: list[Row] = []
    for code, values in rows.items():
        if code == TOTAL:
            body.append([Cell(TOTAL, span=2, bold=True), *(Cell(v, bold=True) for v in values)])
            continue
        if len(code) not in levels:  # a row of its own, not a code (e.g. 未细化到经济科目)
            body.append([Cell(code, span=2), *cells(*values)])
            continue
        level = level_of(code, levels)
        name = names.name(scheme, code) or ""
        body.append([Cell(code), Cell(name, indent=level), *cells(*values)])
    return body


def code_sheet(
    meta: TableMeta,
    entity: str,
    year: int,
    groups: Groups,
    rows: dict[str, list[int]] | None,
    names: Names,
    budget: bool = False,
    economic: bool = False,
) -> Sheet:
    """``rows`` None: the table has no data (its headings, an empty 合计, the note).
    ``budget``: the budget tables' headings (科目编码, no 栏次)."""
    count = sum(len(columns) for _, columns in groups)
    scheme, levels = ("economic", ECONOMIC_LEVELS) if economic else ("function", FUNCTION_LEVELS)
    body = (
        code_body(rows, names, scheme, levels)
        if rows
        else [[Cell(TOTAL, span=2), *cells(*[None] * count)]]
    )
    first = ("科目编码", "科目名称") if budget else ("科目代码", "科目名称")
    header = code_header(groups, first, numbered=not budget)
    return Sheet(meta, entity, year, 2 + count, header, body, empty=rows is None)
