"""What every command needs: the database, the write service, a read session."""

from __future__ import annotations

import argparse
from collections.abc import Iterator
from contextlib import contextmanager

from sqlalchemy.orm import Session

from ledger.service import LedgerService
from ledger.store import database_url, engine_for, existing, migrate
from projections.maintain import inline


def open_service(db: str | None, actor: str | None = None) -> LedgerService:
    """The write service with the read model kept current in every command."""
    return LedgerService(db, actor=actor, projection=inline)


def service(args: argparse.Namespace) -> LedgerService:
    return open_service(args.db, args.actor)


@contextmanager
def reading(args: argparse.Namespace) -> Iterator[Session]:
    """A read-only session on the read model, of a store that exists."""
    engine = engine_for(existing(database_url(args.db)))
    migrate(engine)
    with Session(engine) as session:
        yield session
