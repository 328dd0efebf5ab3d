"""The TUI's door to the ledger: a read session on the read model for the queries, and
the write service (``LedgerService``) for recording and importing. Plain Python: the
screens call it from worker threads and never hold a connection themselves."""

from __future__ import annotations

from collections.abc import Iterator
from contextlib import contextmanager
from datetime import date
from typing import TYPE_CHECKING

from sqlalchemy.orm import Session

from ledger.store import database_url, engine_for, migrate
from projections.queries.overview import unit_name, units_and_years
from projections.scope import Scope

if TYPE_CHECKING:
    from ledger.service import LedgerService


class LedgerData:
    def __init__(self, db: str | None = None, actor: str | None = None) -> None:
        self.url = database_url(db)
        self.engine = engine_for(self.url)
        migrate(self.engine)
        self.actor = actor
        self._service: LedgerService | None = None

    @contextmanager
    def read(self) -> Iterator[Session]:
        with Session(self.engine) as session:
            yield session

    @property
    def service(self) -> LedgerService:
        """The write service, opened on first use (recording, importing)."""
        if self._service is None:
            # Imported here: the write side (eventsourcing) is not needed to show figures,
            # and loading it would delay the first screen.
            from ledger.service import LedgerService
            from projections.maintain import inline

            self._service = LedgerService(self.url, actor=self.actor, projection=inline)
        return self._service

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
