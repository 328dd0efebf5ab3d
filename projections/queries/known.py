"""Which units, departments and years the store holds: what a scope typed by a user is
checked against, so that a mistyped code is refused rather than reported as zeros.

Each question is an index lookup (``movement`` by unit and year or by year, ``unit`` by
code), and the lists shown in a refusal come from the small ``line`` and ``unit``
tables, so checking a scope costs nothing on a big store.
"""

from __future__ import annotations

from datetime import datetime
from typing import Any

from sqlalchemy import ColumnElement, select
from sqlalchemy.orm import Session

from projections.moments import micros
from projections.schema import lines, movements, units

SHOWN = 10  # at most this many codes named in a refusal


def _first(session: Session, known_at: datetime | None, *where: ColumnElement[bool]) -> bool:
    if known_at is not None:  # what the store held at that moment
        where = (*where, movements.c.recorded_at <= micros(known_at))
    return session.execute(select(movements.c.id).where(*where).limit(1)).first() is not None


def unit_exists(session: Session, unit: str, known_at: datetime | None = None) -> bool:
    """Whether the store has any fact of ``unit`` (recorded by ``known_at``)."""
    return _first(session, known_at, movements.c.unit == unit)


def department_exists(session: Session, department: str, known_at: datetime | None = None) -> bool:
    found = select(units.c.code).where(units.c.department == department)
    if known_at is not None:
        found = found.where(units.c.department_at <= micros(known_at))
    return session.execute(found.limit(1)).first() is not None


def has_year(
    session: Session,
    year: int,
    unit: str | None = None,
    department: str | None = None,
    known_at: datetime | None = None,
) -> bool:
    """Whether the store has any fact of ``year`` (of ``unit``, or of a unit of
    ``department``), recorded by ``known_at``."""
    m = movements.c
    where = [m.year == year]
    if unit is not None:
        where.append(m.unit == unit)
    elif department is not None:
        where.append(m.unit.in_(select(units.c.code).where(units.c.department == department)))
    return _first(session, known_at, *where)


def _listed(column_name: str, known_at: datetime | None) -> tuple[Any, list[ColumnElement[bool]]]:
    """A column of ``line`` (small), or of ``movement`` when only facts recorded by
    ``known_at`` count (read only when refusing a scope)."""
    if known_at is None:
        return lines.c[column_name], []
    return movements.c[column_name], [movements.c.recorded_at <= micros(known_at)]


def some_units(session: Session, known_at: datetime | None = None) -> list[str]:
    """The first units (by code) the store has facts of, for a refusal to name."""
    column, where = _listed("unit", known_at)
    query = select(column).where(*where).distinct().order_by(column).limit(SHOWN + 1)
    return list(session.scalars(query))


def some_departments(session: Session, known_at: datetime | None = None) -> list[str]:
    query = select(units.c.department).where(units.c.department.is_not(None))
    if known_at is not None:
        query = query.where(units.c.department_at <= micros(known_at))
    query = query.distinct().order_by(units.c.department).limit(SHOWN + 1)
    return list(session.scalars(query))


def years(
    session: Session,
    unit: str | None = None,
    department: str | None = None,
    known_at: datetime | None = None,
) -> list[int]:
    """The years the store has facts of (of ``unit`` or ``department``), for a refusal."""
    column, where = _listed("year", known_at)
    table = column.table
    if unit is not None:
        where.append(table.c.unit == unit)
    elif department is not None:
        where.append(table.c.unit.in_(select(units.c.code).where(units.c.department == department)))
    return list(session.scalars(select(column).where(*where).distinct().order_by(column)))
