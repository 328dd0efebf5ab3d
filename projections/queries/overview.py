"""What the store holds at a glance: its units and years with their totals, the monthly
spending of a scope, and the projects furthest behind the time-elapsed pace."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date, datetime

from sqlalchemy import func, select
from sqlalchemy.orm import Session

from projections.moments import micros
from projections.queries.execution import execution_report, sums
from projections.queries.lines import LineTotals, line_totals
from projections.queries.projects import projects_report
from projections.report import Column, Report, figures
from projections.schema import line_months, lines, movements, units
from projections.scope import Scope

UNIT_YEAR_COLUMNS = [
    Column("year", "年度", "int"),
    Column("unit", "单位编码"),
    Column("unit_name", "单位名称"),
    Column("department", "主管部门"),
    Column("lines", "指标数", "int"),
    Column("budget", "全年预算", "money"),
    Column("spent", "执行数", "money"),
    Column("rate", "执行率%", "percent"),
]


def unit_years(
    session: Session, as_of: date | None = None, known_at: datetime | None = None
) -> Report:
    """Every unit and year in the store, with its budget and spending as of ``as_of``
    (business date) as known at ``known_at`` (recorded moment).

    A year is listed even when all its facts are after ``as_of``; with ``known_at``,
    only the units and years that had facts recorded by then. The sums are the line
    totals of each year (one pass in index order per year), added up per unit."""
    listed = unit_year_list(session)
    by_year: dict[int, dict[str, list[LineTotals]]] = {}
    for year in sorted({r["year"] for r in listed.rows}):
        per_unit = by_year[year] = {}
        for t in line_totals(session, Scope(year, as_of=as_of, known_at=known_at)):
            per_unit.setdefault(t.unit, []).append(t)
    if known_at is not None:
        listed.rows = [r for r in listed.rows if _known(session, r["unit"], r["year"], known_at)]
    for row in listed.rows:
        members = by_year[row["year"]].get(row["unit"], [])
        f = figures(**sums(members), pace=Scope(row["year"], as_of=as_of).pace)
        row |= {"budget": f["budget"], "spent": f["spent"], "rate": f["rate"]}
    listed.meta = {
        "as_of": as_of.isoformat() if as_of else None,
        "known_at": known_at.isoformat() if known_at else None,
    }
    return listed


def _known(session: Session, unit: str, year: int, known_at: datetime) -> bool:
    """Whether any fact of the unit's year was recorded by ``known_at``."""
    m = movements.c
    query = select(m.id).where(m.unit == unit, m.year == year, m.recorded_at <= micros(known_at))
    return session.execute(query.limit(1)).first() is not None


def unit_year_list(session: Session) -> Report:
    """The units and years of ``unit_years`` without their figures, from the small
    tables alone: listed at once while the figures are summed."""
    query = (
        select(
            lines.c.unit,
            lines.c.year,
            func.count().label("lines"),
            units.c.name,
            units.c.department,
        )
        .outerjoin(units, units.c.code == lines.c.unit)
        .group_by(lines.c.unit, lines.c.year, units.c.name, units.c.department)
        .order_by(lines.c.year.desc(), lines.c.unit)
    )
    rows = [
        {
            "unit": r.unit,
            "unit_name": r.name,
            "department": r.department,
            "year": r.year,
            "lines": r.lines,
        }
        for r in session.execute(query)
    ]
    return Report(name="unit_years", title="单位与年度", columns=UNIT_YEAR_COLUMNS, rows=rows)


def monthly_spending(session: Session, scope: Scope) -> list[int]:
    """执行数 (payments less reversals, in fen) of each month of the scope's year, up to
    its as-of date: twelve figures, January first."""
    spent = [0] * 12
    m = movements.c
    if scope.known_at is None:
        # As known now: whole months from the monthly sums, the as-of date's month
        # (up to the date) from its movements.
        day = scope.as_of_date
        month = 13 if day >= date(scope.year, 12, 31) else 0 if day.year < scope.year else day.month
        lm = line_months.c
        rows = session.execute(
            select(lm.month, func.sum(lm.spent))
            .where(*scope.unit_filter(line_months), lm.month < month)
            .group_by(lm.month)
        )
        for number, amount in rows:
            spent[number - 1] += int(amount or 0)
        if month in range(1, 13):
            current = session.execute(
                select(func.sum(m.spent)).where(
                    m.kind.in_(("payment", "reversal")),
                    *scope.unit_filter(movements),
                    m.effective_date >= date(scope.year, month, 1),
                    m.effective_date <= day,
                )
            ).scalar()
            spent[month - 1] += int(current or 0)
        return spent
    # Summed by day, in the order of the (year, effective_date) index, then by month
    # here: a GROUP BY on the month would sort every movement of the year first.
    query = (
        select(m.effective_date, func.sum(m.spent))
        .where(m.kind.in_(("payment", "reversal")), *scope.movement_filter())
        .group_by(m.effective_date)
    )
    for day, amount in session.execute(query):
        spent[day.month - 1] += int(amount or 0)
    return spent


@dataclass
class Overview:
    by_fund: Report  # 预算执行 per fund
    by_class: Report  # per function class (类)
    behind: Report  # the projects furthest behind the pace, most behind first


def overview(session: Session, scope: Scope, behind: int = 5) -> Overview:
    """The figures of the overview, from one fold of the scope's line totals."""
    totals = line_totals(session, scope)
    by_class = execution_report(session, scope, ["function"], totals=totals)
    by_class.rows = [r for r in by_class.rows if r["depth"] == 0]
    return Overview(
        by_fund=execution_report(session, scope, ["fund"], totals=totals),
        by_class=by_class,
        behind=most_behind(session, scope, behind, totals=totals),
    )


def most_behind(
    session: Session, scope: Scope, count: int = 5, totals: list[LineTotals] | None = None
) -> Report:
    """The projects with the lowest 进度差 (执行率 − 序时进度), most behind first."""
    report = projects_report(session, scope, totals=totals)
    ranked = [r for r in report.rows if r["pace_gap"] is not None]
    ranked.sort(key=lambda r: (r["pace_gap"], r["project_code"] or "", r["project"] or ""))
    report.name = "most_behind"
    report.title = "进度最滞后的项目"
    report.rows = ranked[:count]
    report.total = None
    return report


def units_and_years(session: Session) -> tuple[list[dict[str, str | None]], list[int]]:
    """The units that have lines (code, name, department) and the years, newest first:
    what a user can choose to look at. Read from the small tables, not the facts."""
    known = session.execute(select(lines.c.unit).distinct()).scalars().all()
    registered = {r.code: r for r in session.execute(select(units).where(units.c.code.in_(known)))}
    found = [
        {
            "unit": code,
            "unit_name": registered[code].name if code in registered else None,
            "department": registered[code].department if code in registered else None,
        }
        for code in sorted(known)
    ]
    years = session.execute(select(lines.c.year).distinct().order_by(lines.c.year.desc()))
    return found, list(years.scalars())


def unit_name(session: Session, code: str) -> str | None:
    return session.execute(select(units.c.name).where(units.c.code == code)).scalar()
