"""What every command needs: the write service, or a read session on a store that exists."""

from __future__ import annotations

import argparse
from collections.abc import Iterator
from contextlib import contextmanager

from sqlalchemy.orm import Session

from ledger.service import LedgerService
from tui.root import OpenLedger


def service(args: argparse.Namespace) -> LedgerService:
    return OpenLedger(args.db, args.actor).service


@contextmanager
def reading(args: argparse.Namespace) -> Iterator[Session]:
    """A read-only session on the read model, of a store that exists."""
    with OpenLedger(args.db, create=False).read() as session:
        yield session
