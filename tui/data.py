"""The TUI's door to the ledger: a read session on the read model for the queries, and
the write service (``LedgerService``) for recording and importing. Plain Python: the
screens call it from worker threads and never hold a connection themselves."""

from __future__ import annotations

from datetime import date

from projections.queries.overview import unit_name, units_and_years
from projections.scope import Scope
from tui.root import OpenLedger


class LedgerData(OpenLedger):
    """The store as the UI asks of it: the composition root's read sessions and write
    service, and where the app opens."""

    def unit_name(self, code: str) -> str | None:
        with self.read() as session:
            return unit_name(session, code)

    def starting_scope(self, year: int | None = None, as_of: date | None = None) -> Scope:
        """Where the app opens: the latest year in the store (or ``year``), its only unit
        if the store has one, as of ``as_of`` or today (kept inside the year)."""
        with self.read() as session:
            found, years = units_and_years(session)
        year = year or (years[0] if years else date.today().year)
        unit = found[0]["unit"] if len(found) == 1 else None
        return Scope(year, unit=unit, as_of=within_year(as_of or date.today(), year))


def within_year(day: date, year: int) -> date:
    return min(max(day, date(year, 1, 1)), date(year, 12, 31))
