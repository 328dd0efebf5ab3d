"""Performance (绩效) as of a scope: each project's facts folded (the same fold as the
aggregate's, ``ProjectState``), beside its money from the ledger's line totals (the fold
``report projects`` uses, never the performance rows); and 双监控, execution against pace
and targets against pace, per project or per indicator."""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass, field
from datetime import date
from decimal import ROUND_HALF_UP, Decimal
from typing import Any

from sqlalchemy import or_, select
from sqlalchemy.orm import Session

from ledger.domain.performance.assessment import HUNDRED, MET, assess, overdue
from ledger.domain.performance.evaluation import ProjectMoney, Scored
from ledger.domain.performance.indicator import Indicator
from ledger.domain.performance.state import ProjectState
from ledger.domain.values import Category, Fund
from ledger.money import from_fen
from projections.moments import micros
from projections.queries.lines import LineTotals, line_totals
from projections.report import Column, Report, figures
from projections.schema import performance_facts
from projections.scope import Scope

CENT = Decimal("0.01")
DEFAULT_LAG = Decimal("-10")  # points behind 序时进度 (domain.md: 滞后)
# 双监控 status of an indicator as of a date.
ON_TRACK, LAGGING, OVERDUE, UNOBSERVED = "进行中", "滞后", "逾期", "未监控"


@dataclass
class PerformanceProject:
    """A project of a unit's year: its lines' money and its performance facts."""

    unit: str
    key: str  # the project code, or the name of a project without one
    code: str | None
    name: str
    lines: list[LineTotals] = field(default_factory=list)
    state: ProjectState | None = None  # None: no performance fact recorded

    @property
    def label(self) -> str:
        """How the published blocks name it: code and name, or the name alone."""
        return f"{self.code} {self.name}" if self.code else self.name

    @property
    def money(self) -> ProjectMoney:
        return ProjectMoney(
            initial=sum(t.initial for t in self.lines),
            budget=sum(t.budget for t in self.lines),
            spent=sum(t.spent for t in self.lines),
        )

    def initial_by_fiscal(self) -> tuple[int, int]:
        """年初批复 of 财政拨款 funds, and of the others (fen)."""
        fiscal = sum(t.initial for t in self.lines if Fund(t.fund).is_fiscal)
        return fiscal, sum(t.initial for t in self.lines) - fiscal


def performance_projects(
    session: Session,
    scope: Scope,
    totals: list[LineTotals] | None = None,
    evaluations: bool = True,
) -> list[PerformanceProject]:
    """The scope's projects in the order their first lines were opened, each with its
    facts recorded by ``known_at`` and dated by ``as_of`` (``evaluations``: a
    self-evaluation whatever its date, being made after the year by nature)."""
    projects: dict[tuple[str, str], PerformanceProject] = {}
    for t in sorted(line_totals(session, scope) if totals is None else totals, key=_opened):
        if t.category != Category.PROJECT:
            continue
        key = t.project_code or t.project or ""
        found = projects.get((t.unit, key))
        if found is None:
            found = projects[(t.unit, key)] = PerformanceProject(
                t.unit, key, t.project_code, t.project or ""
            )
        found.lines.append(t)
    for unit, key, state in _states(session, scope, evaluations):
        found = projects.get((unit, key))
        if found is not None:  # a project's facts need its lines (as of the same date)
            found.state = state
    return list(projects.values())


def _opened(t: LineTotals) -> int:
    return t.key


def _states(
    session: Session, scope: Scope, evaluations: bool
) -> Iterable[tuple[str, str, ProjectState]]:
    c = performance_facts.c
    query = select(
        c.unit, c.project, c.kind, c.effective_date, c.level1, c.level2, c.indicator, c.target,
        c.actual, c.weight, c.score, c.reason,
    ).where(*scope.unit_filter(performance_facts))  # fmt: skip
    if scope.as_of is not None:
        dated = c.effective_date <= scope.as_of
        query = query.where(or_(dated, c.kind == "evaluation") if evaluations else dated)
    if scope.known_at is not None:
        query = query.where(c.recorded_at <= micros(scope.known_at))
    states: dict[tuple[str, str], ProjectState] = {}
    for row in session.execute(query.order_by(c.id)):
        unit, project, kind, on, level1, level2, indicator, target, actual, w, s, reason = row
        on = on if isinstance(on, date) else date.fromisoformat(on)
        state = states.get((unit, project))
        if state is None:
            state = states[(unit, project)] = ProjectState(scope.year)
        levels = (level1, level2, indicator)
        if kind == "target":
            state.target_set(*levels, on, target)
        elif kind == "target_revision":
            state.target_revised(*levels, on, target)
        elif kind == "progress":
            state.observed(*levels, on, actual)
        else:
            scored = Scored(actual, _points(w), _points(s), reason)
            state.evaluated(*levels, on, target, scored)
    for (unit, project), state in states.items():
        yield unit, project, state


def _points(hundredths: int | None) -> Decimal | None:
    return None if hundredths is None else from_fen(hundredths)


# --- 双监控 -------------------------------------------------------------------------------


@dataclass(frozen=True)
class Watched:
    """One indicator as of a date: the target in force, the latest progress, 完成率, status."""

    indicator: Indicator
    target: str
    progress: str | None
    progress_on: date | None
    rate: Decimal | None
    status: str


def watch(indicator: Indicator, on: date, year: int, pace: Decimal, lag: Decimal) -> Watched | None:
    """The indicator as of ``on``; None before it was targeted."""
    target = indicator.target_at(on)
    if target is None:
        return None
    latest = indicator.progress_at(on)
    rate = None
    status = UNOBSERVED
    if latest is not None:
        judged = assess(target, latest.text, year)
        rate = judged.rate
        if judged.status == MET:
            status = MET
        elif rate is not None and rate - pace < lag:
            status = LAGGING
        else:
            status = ON_TRACK
    if status != MET and overdue(target, [p.text for p in indicator.progress_until(on)], year, on):
        status = OVERDUE
    return Watched(
        indicator, target, latest.text if latest else None, latest.on if latest else None,
        rate, status,
    )  # fmt: skip


def performance_report(
    session: Session, scope: Scope, by_indicator: bool = False, lag: Decimal = DEFAULT_LAG
) -> Report:
    projects = performance_projects(session, scope, evaluations=False)
    on, pace = scope.as_of_date, scope.pace
    meta = {**scope.describe(), "pace": pace, "lag_threshold": lag}
    notes = [
        f"滞后：执行率低于序时进度 {abs(lag)} 个百分点以上，或有指标完成率低于序时进度 "
        f"{abs(lag)} 个百分点以上，或有时限已过而未完成的指标（逾期）",
        "执行数为账上指标的执行数；指标完成情况为截至日期及以前最近一次绩效监控",
    ]
    rows: list[dict[str, Any]] = []
    for p in projects:
        watched = [
            w
            for i in (p.state.indicators.values() if p.state else ())
            if (w := watch(i, on, scope.year, pace, lag)) is not None
        ]
        if by_indicator:
            rows += [indicator_row(p, w) for w in watched]
            continue
        money = p.money
        f = figures(
            initial=money.initial, carried_in=0, adjustments=money.budget - money.initial,
            spent=money.spent, pace=pace,
        )  # fmt: skip
        count = {s: sum(w.status == s for w in watched) for s in (MET, LAGGING, OVERDUE)}
        completion = targets_completion(watched)
        behind = f["pace_gap"] is not None and f["pace_gap"] < lag
        rows.append(
            {
                "unit": p.unit,
                "project_code": p.code,
                "project": p.name,
                "budget": f["budget"],
                "spent": f["spent"],
                "rate": f["rate"],
                "pace": pace,
                "pace_gap": f["pace_gap"],
                "completion": completion,
                "completion_gap": None if completion is None else completion - pace,
                "indicators": len(watched),
                "met": count[MET],
                "lagging_indicators": count[LAGGING],
                "overdue": count[OVERDUE],
                "lagging": behind or bool(count[LAGGING] or count[OVERDUE]),
            }
        )
    if by_indicator:
        return Report("performance_indicators", "绩效监控（按指标）", INDICATOR_COLUMNS, rows,
                      meta=meta, notes=notes)  # fmt: skip
    rows.sort(key=lambda r: not r["lagging"])  # the lagging ones first, in order otherwise
    return Report("performance", "双监控：预算执行与绩效目标", PROJECT_COLUMNS, rows,
                  meta=meta, notes=notes)  # fmt: skip


def targets_completion(watched: list[Watched]) -> Decimal | None:
    """A project's targets against pace: the mean 完成率 of its indicators that can be
    measured as of the date (达成 counts 100, 逾期 0; the others with a 完成率 their own;
    未监控 and 无法判断 left out); None when none can."""
    rates = [
        HUNDRED if w.status == MET else Decimal(0) if w.status == OVERDUE else w.rate
        for w in watched
        if w.status in (MET, OVERDUE) or w.rate is not None
    ]
    if not rates:
        return None
    total = sum((r for r in rates if r is not None), Decimal(0))
    return (total / len(rates)).quantize(CENT, ROUND_HALF_UP)


def indicator_row(p: PerformanceProject, w: Watched) -> dict[str, Any]:
    i = w.indicator
    return {
        "unit": p.unit,
        "project_code": p.code,
        "project": p.name,
        "level1": i.level1,
        "level2": i.level2,
        "indicator": i.indicator,
        "target": w.target,
        "progress": w.progress,
        "progress_on": w.progress_on.isoformat() if w.progress_on else None,
        "completion": w.rate,
        "status": w.status,
    }


PROJECT_COLUMNS = [
    Column("unit", "单位"),
    Column("project_code", "项目编码"),
    Column("project", "项目名称"),
    Column("budget", "全年预算", "money"),
    Column("spent", "执行数", "money"),
    Column("rate", "执行率%", "percent"),
    Column("pace", "序时进度%", "percent"),
    Column("pace_gap", "进度差", "percent"),
    Column("completion", "指标完成率%", "percent"),
    Column("completion_gap", "完成率差", "percent"),
    Column("indicators", "指标数", "int"),
    Column("met", "达成", "int"),
    Column("lagging_indicators", "滞后", "int"),
    Column("overdue", "逾期", "int"),
    Column("lagging", "项目滞后", "flag"),
]
INDICATOR_COLUMNS = [
    Column("unit", "单位"),
    Column("project_code", "项目编码"),
    Column("project", "项目名称"),
    Column("level1", "一级指标"),
    Column("level2", "二级指标"),
    Column("indicator", "三级指标"),
    Column("target", "指标值"),
    Column("progress", "最近监控值"),
    Column("progress_on", "监控日期"),
    Column("completion", "完成率%", "percent"),
    Column("status", "状态"),
]
