"""预算执行 as a tree: the groups of one dimension (功能分类 类 → 款 → 项, 经济分类, 资金性质,
支出类型 or 项目) down to the lines (指标), each node with its execution figures and its
parent, so a screen can fold and unfold it."""

from __future__ import annotations

from sqlalchemy.orm import Session

from projections.queries.execution import names, sums
from projections.queries.grouping import Group, Level, rollup
from projections.queries.lines import line_totals
from projections.report import FIGURE_COLUMNS, Column, Report, figures
from projections.scope import Scope

GROUPINGS = {
    "function": "功能分类",
    "economic": "经济分类",
    "fund": "资金性质",
    "category": "支出类型",
    "project": "项目",
}


def _key(path: tuple[Level, ...]) -> str:
    return "/".join(f"{dim}:{value}" for dim, value, _ in path)


def execution_tree(session: Session, scope: Scope, grouping: str = "function") -> Report:
    """Rows parents first, each with ``key``, ``parent`` (None at the top), ``depth``,
    ``label``, ``dimension`` and, on line rows, ``unit`` and ``line``. With a single unit
    in scope the unit level is left out."""
    if grouping not in GROUPINGS:
        raise ValueError(f"未知的分组「{grouping}」，应为 {'、'.join(GROUPINGS)} 之一")
    # Not split by the payments' codes: a line under 未细化 shows all it spent, and its
    # facts (unfolded) name their codes.
    totals = line_totals(session, scope)
    known = names(session)
    pace = scope.pace
    rows = []
    for group in rollup(totals, [grouping, "line"]):
        path = _kept(group, scope)
        if path is None:
            continue
        dim, value, level = path[-1]
        name = known.name(dim, value) if dim in ("function", "economic") and level else None
        row = {
            "key": _key(path),
            "parent": _key(path[:-1]) if len(path) > 1 else None,
            "depth": len(path) - 1,
            "dimension": dim,
            "level": level or None,
            "label": f"{value} {name}" if name else value,
            **figures(**sums(group.members), pace=pace),
        }
        if dim == "line":
            first = group.members[0]
            row |= {
                "unit": first.unit,
                "line": value,
                "label": f"{value} {first.project or first.category}",
            }
        rows.append(row)
    return Report(
        name="execution_tree",
        title=f"预算执行情况（按{GROUPINGS[grouping]}）",
        columns=[Column("label", "科目 / 指标"), *FIGURE_COLUMNS],
        rows=rows,
        total={"depth": 0, **figures(**sums(totals), pace=pace)},
        meta={**scope.describe(), "grouping": grouping, "pace": pace},
    )


def _kept(group: Group, scope: Scope) -> tuple[Level, ...] | None:
    """The group's path without the unit level when one unit is in scope (None: the
    unit's own group, which is then left out)."""
    if scope.unit is None:
        return group.path
    if group.path[-1][0] == "unit":
        return None
    return tuple(level for level in group.path if level[0] != "unit")
