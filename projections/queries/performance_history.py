"""One project's performance as of a scope: each indicator as 双监控 sees it, and the
history of its targets and progress (what the terminal UI's 绩效 dialog shows)."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date
from typing import Any

from sqlalchemy import select
from sqlalchemy.orm import Session

from ledger.domain.values import Kind
from ledger.money import from_fen
from projections.moments import micros
from projections.queries.performance import (
    DEFAULT_LAG,
    INDICATOR_COLUMNS,
    indicator_row,
    performance_projects,
    watch,
)
from projections.report import Column, Report
from projections.schema import performance_facts
from projections.scope import Scope


@dataclass(frozen=True)
class PerformanceKey:
    """A project of a unit: its code, or its name when it has none."""

    unit: str
    project_code: str | None
    project: str | None

    @classmethod
    def of(cls, row: dict[str, Any]) -> PerformanceKey:
        return cls(row["unit"], row.get("project_code"), row.get("project"))

    @property
    def key(self) -> str:
        return self.project_code or self.project or ""


@dataclass
class ProjectPerformance:
    indicators: Report  # each indicator as of the date (INDICATOR_COLUMNS)
    history: Report  # every target, revision, progress and evaluation by date
    goal: str | None  # the 年度目标 in force on the date


HISTORY_COLUMNS = [
    Column("effective_date", "日期"),
    Column("kind", "类型"),
    Column("level2", "二级指标"),
    Column("indicator", "三级指标"),
    Column("value", "指标值/完成值"),
    Column("score", "得分", "percent"),
    Column("reason", "说明"),
    Column("doc", "文号"),
]


def project_performance(session: Session, scope: Scope, key: PerformanceKey) -> ProjectPerformance:
    one = Scope(
        scope.year, unit=key.unit, as_of=scope.as_of, known_at=scope.known_at
    )  # the project's unit alone, whatever the scope consolidates
    on = one.as_of_date
    rows: list[dict[str, Any]] = []
    goal = None
    for p in performance_projects(session, one, evaluations=False):
        if p.key != key.key or p.state is None:
            continue
        goal = p.state.goal_at(on)
        for i in p.state.indicators.values():
            if (w := watch(i, on, one.year, one.pace, DEFAULT_LAG)) is not None:
                rows.append(indicator_row(p, w))
    meta = {**one.describe(), "pace": one.pace}
    indicators = Report("performance_project", "指标", INDICATOR_COLUMNS, rows, meta=meta)
    return ProjectPerformance(indicators, _history(session, one, key.key), goal)


def _history(session: Session, scope: Scope, project: str) -> Report:
    c = performance_facts.c
    columns = (
        c.effective_date, c.kind, c.level1, c.level2, c.indicator, c.target, c.actual, c.score,
        c.reason, c.doc,
    )  # fmt: skip
    query = (
        select(*columns)
        .where(*scope.unit_filter(performance_facts), c.project == project)
        .where(c.effective_date <= scope.as_of_date)
        .order_by(c.effective_date, c.id)
    )
    if scope.known_at is not None:
        query = query.where(c.recorded_at <= micros(scope.known_at))
    rows = []
    for on, kind, level1, level2, indicator, target, actual, score, reason, doc in session.execute(
        query
    ):
        on = on if isinstance(on, date) else date.fromisoformat(on)
        is_target = kind in (Kind.TARGET, Kind.TARGET_REVISION)
        rows.append(
            {
                "effective_date": on.isoformat(),
                "kind": Kind(kind).label,
                "level2": level2,
                "indicator": indicator or level1 or "年度目标",
                "value": target if is_target else actual,
                "score": None if score is None else from_fen(score),
                "reason": reason,
                "doc": doc,
            }
        )
    return Report("performance_history", "目标与监控记录", HISTORY_COLUMNS, rows)
