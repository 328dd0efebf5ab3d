"""What every command needs: the database, the write service, a read session."""

from __future__ import annotations

import argparse
from collections.abc import Iterator
from contextlib import contextmanager

from sqlalchemy.orm import Session

from ledger.application import Ledger
from ledger.service import LedgerService
from ledger.store import database_url, engine_for, migrate
from projections.maintain import catch_up


def project_inline(session: Session, ledger: Ledger) -> int:
    return catch_up(session, ledger.mapper)


def service(args: argparse.Namespace) -> LedgerService:
    return LedgerService(args.db, actor=args.actor, after_write=project_inline)


@contextmanager
def reading(args: argparse.Namespace) -> Iterator[Session]:
    """A read-only session on the read model."""
    engine = engine_for(database_url(args.db))
    migrate(engine)
    with Session(engine) as session:
        yield session
