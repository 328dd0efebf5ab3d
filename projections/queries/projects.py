"""项目执行: every project's budget, spending, balance, execution rate and score
(the 10-point 预算执行率 item of 项目支出绩效自评), and which projects lag the pace."""

from __future__ import annotations

from collections.abc import Iterable
from decimal import Decimal

from sqlalchemy.orm import Session

from ledger.domain.values import Category
from projections.queries.execution import sums
from projections.queries.lines import LineTotals, line_totals
from projections.report import FIGURE_COLUMNS, Column, Report, figures, score
from projections.scope import Scope

DEFAULT_LAG = Decimal("-10")  # percentage points behind 序时进度


def projects_report(
    session: Session,
    scope: Scope,
    lag: Decimal = DEFAULT_LAG,
    totals: list[LineTotals] | None = None,
) -> Report:
    """Projects grouped by project code, else by unit and project name (``totals``: the
    scope's line totals when the caller has them already)."""
    groups = project_groups(line_totals(session, scope) if totals is None else totals)
    pace = scope.pace
    rows = []
    for members in groups:
        first = members[0]
        f = figures(**sums(members), pace=pace)
        lagging = f["pace_gap"] is not None and f["pace_gap"] < lag
        rows.append(
            {
                "project_code": first.project_code,
                "project": first.project,
                "unit": first.unit,
                **f,
                "balance": f["available"],
                "score": score(f["spent"], f["budget"]),
                "lagging": lagging,
            }
        )
    total_members = [t for m in groups for t in m]
    total = figures(**sums(total_members), pace=pace)
    return Report(
        name="projects",
        title="项目支出执行情况",
        columns=[
            Column("project_code", "项目编码"),
            Column("project", "项目名称"),
            Column("unit", "单位"),
            *FIGURE_COLUMNS,
            Column("balance", "资金结(转)余", "money"),
            Column("score", "执行率得分", "percent"),
            Column("lagging", "滞后", "flag"),
        ],
        rows=rows,
        total={
            **total,
            "balance": total["available"],
            "score": score(total["spent"], total["budget"]),
        },
        meta={**scope.describe(), "pace": pace, "lag_threshold": lag},
        notes=[f"滞后：执行率低于序时进度 {abs(lag)} 个百分点以上"],
    )


def project_groups(totals: Iterable[LineTotals]) -> list[list[LineTotals]]:
    """The lines of each project (by project code, else by unit and project name), in
    project-code order."""
    groups: dict[tuple[str, ...], list[LineTotals]] = {}
    for t in totals:
        if t.category != Category.PROJECT:
            continue
        key = (t.project_code,) if t.project_code else (t.unit, t.project or "")
        groups.setdefault(key, []).append(t)
    return sorted(
        groups.values(), key=lambda m: (m[0].project_code or "", m[0].unit, m[0].project or "")
    )
