"""What the store holds at a glance: its units and years with their totals, the monthly
spending of a scope, and the projects furthest behind the time-elapsed pace."""

from __future__ import annotations

from datetime import date, datetime

from sqlalchemy import ColumnElement, case, distinct, extract, func, select
from sqlalchemy.orm import Session

from projections.projector import micros
from projections.queries.projects import projects_report
from projections.report import Column, Report, figures
from projections.schema import movements, units
from projections.scope import Scope


def unit_years(
    session: Session, as_of: date | None = None, known_at: datetime | None = None
) -> Report:
    """Every unit and year in the store, with its budget and spending as of ``as_of``
    (business date) as known at ``known_at`` (recorded moment)."""
    m = movements.c
    where = [m.line_key.is_not(None)]
    if known_at is not None:
        where.append(m.recorded_at <= micros(known_at))

    def dated(measure: ColumnElement[int]) -> ColumnElement[int]:
        # Listed whatever the as-of date (a year's facts may all be later); counted up to it.
        if as_of is None:
            return func.sum(measure)
        return func.sum(case((m.effective_date <= as_of, measure), else_=0))

    sums = (
        select(
            m.unit,
            m.year,
            func.count(distinct(m.line_key)).label("lines"),
            dated(m.initial).label("initial"),
            dated(m.carried_in).label("carried_in"),
            dated(m.adjusted).label("adjusted"),
            dated(m.spent).label("spent"),
        )
        .where(*where)
        .group_by(m.unit, m.year)
        .subquery()
    )
    query = (
        select(sums, units.c.name, units.c.department)
        .outerjoin(units, units.c.code == sums.c.unit)
        .order_by(sums.c.year.desc(), sums.c.unit)
    )
    rows = []
    for r in session.execute(query):
        pace = Scope(r.year, as_of=as_of).pace
        f = figures(
            int(r.initial or 0),
            int(r.carried_in or 0),
            int(r.adjusted or 0),
            int(r.spent or 0),
            pace,
        )
        rows.append(
            {
                "unit": r.unit,
                "unit_name": r.name,
                "department": r.department,
                "year": r.year,
                "lines": r.lines,
                "budget": f["budget"],
                "spent": f["spent"],
                "rate": f["rate"],
            }
        )
    return Report(
        name="unit_years",
        title="单位与年度",
        columns=[
            Column("year", "年度", "int"),
            Column("unit", "单位编码"),
            Column("unit_name", "单位名称"),
            Column("department", "主管部门"),
            Column("lines", "指标数", "int"),
            Column("budget", "全年预算", "money"),
            Column("spent", "执行数", "money"),
            Column("rate", "执行率%", "percent"),
        ],
        rows=rows,
        meta={
            "as_of": as_of.isoformat() if as_of else None,
            "known_at": known_at.isoformat() if known_at else None,
        },
    )


def monthly_spending(session: Session, scope: Scope) -> list[int]:
    """执行数 (payments less reversals, in fen) of each month of the scope's year, up to
    its as-of date: twelve figures, January first."""
    m = movements.c
    month = extract("month", m.effective_date)
    query = (
        select(month, func.sum(m.spent))
        .where(m.kind.in_(("payment", "reversal")), *scope.movement_filter())
        .group_by(month)
    )
    spent = [0] * 12
    for number, amount in session.execute(query):
        spent[int(number) - 1] = int(amount or 0)
    return spent


def most_behind(session: Session, scope: Scope, count: int = 5) -> Report:
    """The projects with the lowest 进度差 (执行率 − 序时进度), most behind first."""
    report = projects_report(session, scope)
    ranked = [r for r in report.rows if r["pace_gap"] is not None]
    ranked.sort(key=lambda r: (r["pace_gap"], r["project_code"] or "", r["project"] or ""))
    report.name = "most_behind"
    report.title = "进度最滞后的项目"
    report.rows = ranked[:count]
    report.total = None
    return report
