"""The composition root: the one place that opens a store and wires the ledger together.

It turns ``--db`` (or ``$BUDGET_LEDGER_DB``) into a database, refuses a missing SQLite
file to commands that only read, runs the migrations, and builds the write service with
the read model kept current in every command. The command line, the terminal UI, the
benchmark and the tests all open the ledger here and nowhere else.
"""

from __future__ import annotations

from collections.abc import Iterator
from contextlib import contextmanager
from typing import TYPE_CHECKING

from sqlalchemy import Engine
from sqlalchemy.orm import Session

from ledger.store import database_url, engine_for, existing, migrate

if TYPE_CHECKING:
    from ledger.service import LedgerService


class OpenLedger:
    """A store, opened and migrated: read sessions on its read model, and its write
    service. ``create=False`` refuses a SQLite path that does not exist (a command that
    only reads must not create an empty store where a mistyped path led it)."""

    def __init__(self, db: str | None = None, actor: str | None = None, create: bool = True):
        url = database_url(db)
        self.url = url if create else existing(url)
        self.engine: Engine = engine_for(self.url)
        migrate(self.engine)
        self.actor = actor
        self._service: LedgerService | None = None

    @contextmanager
    def read(self) -> Iterator[Session]:
        """A session on the read model, for the queries."""
        with Session(self.engine) as session:
            yield session

    @property
    def service(self) -> LedgerService:
        """The write service, made on first use: loading the write side (eventsourcing)
        is not needed to show figures, and would delay the UI's first screen."""
        if self._service is None:
            from ledger.service import LedgerService
            from projections.maintain import inline

            self._service = LedgerService(self.url, actor=self.actor, projection=inline)
        return self._service


def open_service(db: str | None = None, actor: str | None = None) -> LedgerService:
    """The write service of a store (created if it is a new SQLite file)."""
    return OpenLedger(db, actor).service
