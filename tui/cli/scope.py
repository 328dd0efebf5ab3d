"""One rule for every command: a unit, department or year the store does not hold, and
an as-of date outside the year, are refused in words, never answered with zeros."""

from __future__ import annotations

import argparse
from datetime import date, datetime

from sqlalchemy.orm import Session

from projections.queries import known
from projections.scope import Scope


def _listing(items: list[str]) -> str:
    shown = "、".join(items[: known.SHOWN])
    return shown + ("等" if len(items) > known.SHOWN else "")


def check_as_of(year: int | None, as_of: date | None) -> None:
    if year is not None and as_of is not None and as_of.year != year:
        raise ValueError(
            f"截至日期 {as_of.isoformat()} 不在 {year} 年度内：应在 {year}-01-01 至 {year}-12-31 之间"
        )


def check(
    session: Session,
    year: int | None = None,
    unit: str | None = None,
    department: str | None = None,
    as_of: date | None = None,
    known_at: datetime | None = None,
) -> None:
    """Refuse (``ValueError``) what the store does not hold (held at ``known_at``: a
    report replayed as known at T is refused as it was at T)."""
    check_as_of(year, as_of)
    if unit is not None and not known.unit_exists(session, unit, known_at):
        units = known.some_units(session, known_at)
        held = f"库中的单位：{_listing(units)}" if units else "库中还没有任何记录"
        raise ValueError(f"没有单位 {unit} 的任何记录（{held}）")
    if department is not None and not known.department_exists(session, department, known_at):
        departments = known.some_departments(session, known_at)
        held = f"库中的主管部门：{_listing(departments)}" if departments else "库中没有登记主管部门"
        raise ValueError(f"没有主管部门 {department}（{held}）")
    if year is not None and not known.has_year(session, year, unit, department, known_at):
        years = [str(y) for y in known.years(session, unit, department, known_at)]
        who = (
            f"单位 {unit} 在"
            if unit
            else f"主管部门 {department} 所属单位在"
            if department
            else "库中"
        )
        held = f"现有年度：{_listing(years)}" if years else "库中还没有任何记录"
        raise ValueError(f"{who} {year} 年度没有任何记录（{held}）")


def scope_of(session: Session, args: argparse.Namespace) -> Scope:
    """The scope the command's arguments name, checked against the store."""
    check(session, args.year, args.unit, args.department, args.as_of, args.known_at)
    return Scope(
        year=args.year,
        unit=args.unit,
        department=args.department,
        as_of=args.as_of,
        known_at=args.known_at,
    )
