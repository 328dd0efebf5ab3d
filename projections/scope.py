"""What a query looks at: which units, which year, as of which business date, as known
at which recorded moment."""

from __future__ import annotations

import calendar
from dataclasses import dataclass
from datetime import date, datetime
from decimal import Decimal

from sqlalchemy import ColumnElement, Table, select

from ledger.money import CENT
from projections.moments import micros
from projections.schema import movements, units


@dataclass(frozen=True)
class Scope:
    year: int
    unit: str | None = None
    department: str | None = None
    as_of: date | None = None  # business date; None: the whole year
    known_at: datetime | None = None  # recorded moment (aware); None: everything recorded

    @property
    def as_of_date(self) -> date:
        """The business date reports are taken at (defaults to the year's last day)."""
        return self.as_of or date(self.year, 12, 31)

    @property
    def pace(self) -> Decimal:
        """序时进度: share of the year's days elapsed by the as-of date, in percent."""
        day = self.as_of_date
        first = date(self.year, 1, 1)
        days = 366 if calendar.isleap(self.year) else 365
        elapsed = min(max((day - first).days + 1, 0), days)
        return (Decimal(elapsed) * 100 / days).quantize(CENT)

    def unit_filter(self, table: Table) -> list[ColumnElement[bool]]:
        """WHERE clauses on a table with ``unit`` and ``year`` columns for this scope."""
        clauses: list[ColumnElement[bool]] = [table.c.year == self.year]
        if self.unit is not None:
            clauses.append(table.c.unit == self.unit)
        elif self.department is not None:
            members = select(units.c.code).where(units.c.department == self.department)
            if self.known_at is not None:
                # A unit registered into the department after T was not in it at T.
                members = members.where(units.c.department_at <= micros(self.known_at))
            clauses.append(table.c.unit.in_(members))
        return clauses

    def movement_filter(self) -> list[ColumnElement[bool]]:
        """WHERE clauses on ``movement`` for this scope."""
        clauses = self.unit_filter(movements)
        if self.as_of is not None:
            clauses.append(movements.c.effective_date <= self.as_of)
        if self.known_at is not None:
            clauses.append(movements.c.recorded_at <= micros(self.known_at))
        return clauses

    def describe(self) -> dict[str, str | int | None]:
        return {
            "year": self.year,
            "unit": self.unit,
            "department": self.department,
            "as_of": self.as_of_date.isoformat(),
            "known_at": self.known_at.isoformat() if self.known_at else None,
        }
