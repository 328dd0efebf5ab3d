"""预算执行: budget against spending, grouped and rolled up, as of any date."""

from __future__ import annotations

from collections.abc import Sequence

from sqlalchemy import select
from sqlalchemy.orm import Session

from projections.queries.grouping import DIMENSIONS, Group, Names, rollup
from projections.queries.lines import LineTotals, line_totals
from projections.report import FIGURE_COLUMNS, OUTLINE, Column, Report, figures
from projections.schema import code_names
from projections.scope import Scope

_DIMENSION_COLUMNS = {
    "function": [Column("function", "功能科目"), Column("function_name", "科目名称")],
    "economic": [Column("economic", "经济科目"), Column("economic_name", "科目名称")],
    "fund": [Column("fund", "资金性质")],
    "category": [Column("category", "支出类型")],
    "project": [Column("project", "项目"), Column("project_name", "项目名称")],
    "line": [Column("unit", "单位"), Column("line", "指标")],
    "unit": [Column("unit", "单位")],
}


# The columns of a level of each dimension (a line's level is the line, below its unit).
_OWN = {
    "function": ["function", "function_name"],
    "economic": ["economic", "economic_name"],
    "fund": ["fund"],
    "category": ["category"],
    "project": ["project", "project_name"],
    "unit": ["unit"],
    "line": ["line"],
}


def names(session: Session) -> Names:
    rows = session.execute(select(code_names)).all()
    return Names({(r.scheme, r.code): r.name for r in rows})


def sums(members: Sequence[LineTotals]) -> dict[str, int]:
    return {
        "initial": sum(t.initial for t in members),
        "carried_in": sum(t.carried_in for t in members),
        "adjustments": sum(t.adjusted for t in members),
        "spent": sum(t.spent for t in members),
    }


def execution_report(
    session: Session,
    scope: Scope,
    by: Sequence[str] = ("function",),
    totals: list[LineTotals] | None = None,
) -> Report:
    """``totals``: the scope's line totals when the caller has them already (not split
    by economic code, so not with ``economic`` in ``by``)."""
    for dim in by:
        if dim not in DIMENSIONS:
            raise ValueError(f"未知的分组维度「{dim}」，应为 {'、'.join(DIMENSIONS)} 之一")
    if totals is None:
        totals = line_totals(session, scope, by_economic="economic" in by)
    known = names(session)
    pace = scope.pace

    def row(group: Group) -> dict[str, object]:
        return {
            **group.keys(known),
            "depth": group.depth,
            # A table shows each row's own group only, as an outline: the fund once
            # above its functions, not on every row.
            OUTLINE: [*_OWN[group.path[-1][0]], "level"],
            **figures(**sums(group.members), pace=pace),
        }

    columns: list[Column] = []
    for dim in by:
        for column in _DIMENSION_COLUMNS[dim]:
            if column not in columns:
                columns.append(column)
    return Report(
        name="execution",
        title="预算执行情况",
        columns=[*columns, Column("level", "级次"), *FIGURE_COLUMNS],
        rows=[row(g) for g in rollup(totals, by)],
        total={"depth": 0, **figures(**sums(totals), pace=pace)},
        meta={**scope.describe(), "by": list(by), "pace": pace},
    )
