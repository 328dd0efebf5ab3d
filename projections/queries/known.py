"""Which units, departments and years the store holds: what a scope typed by a user is
checked against, so that a mistyped code is refused rather than reported as zeros.

Each question is an index lookup (``movement`` by unit and year or by year, ``unit`` by
code), and the lists shown in a refusal come from the small ``line`` and ``unit``
tables, so checking a scope costs nothing on a big store.
"""

from __future__ import annotations

from sqlalchemy import ColumnElement, select
from sqlalchemy.orm import Session

from projections.schema import lines, movements, units

SHOWN = 10  # at most this many codes named in a refusal


def _first(session: Session, *where: ColumnElement[bool]) -> bool:
    return session.execute(select(movements.c.id).where(*where).limit(1)).first() is not None


def unit_exists(session: Session, unit: str) -> bool:
    """Whether the store has any fact of ``unit``."""
    return _first(session, movements.c.unit == unit)


def department_exists(session: Session, department: str) -> bool:
    found = select(units.c.code).where(units.c.department == department).limit(1)
    return session.execute(found).first() is not None


def has_year(
    session: Session, year: int, unit: str | None = None, department: str | None = None
) -> bool:
    """Whether the store has any fact of ``year`` (of ``unit``, or of a unit of
    ``department``)."""
    m = movements.c
    where = [m.year == year]
    if unit is not None:
        where.append(m.unit == unit)
    elif department is not None:
        where.append(m.unit.in_(select(units.c.code).where(units.c.department == department)))
    return _first(session, *where)


def some_units(session: Session) -> list[str]:
    """The first units (by code) the store has lines of, for a refusal to name."""
    query = select(lines.c.unit).distinct().order_by(lines.c.unit).limit(SHOWN + 1)
    return list(session.scalars(query))


def some_departments(session: Session) -> list[str]:
    query = (
        select(units.c.department)
        .where(units.c.department.is_not(None))
        .distinct()
        .order_by(units.c.department)
        .limit(SHOWN + 1)
    )
    return list(session.scalars(query))


def years(session: Session, unit: str | None = None, department: str | None = None) -> list[int]:
    """The years the store has lines in (of ``unit`` or ``department``), for a refusal."""
    query = select(lines.c.year).distinct().order_by(lines.c.year)
    if unit is not None:
        query = query.where(lines.c.unit == unit)
    elif department is not None:
        query = query.where(
            lines.c.unit.in_(select(units.c.code).where(units.c.department == department))
        )
    return list(session.scalars(query))
