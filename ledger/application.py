"""The event-sourced application: aggregates in, events out, through eventsourcing."""

from __future__ import annotations

from datetime import date
from typing import ClassVar

from eventsourcing.application import Application
from eventsourcing.persistence import (
    DatetimeAsISO,
    DecimalAsStr,
    JSONTranscoder,
    Mapper,
    Transcoding,
    UUIDAsHex,
)

from ledger.store import database_url


class DateAsISO(Transcoding):
    """``datetime.date`` (business dates) as ``YYYY-MM-DD``."""

    type = date
    name = "date_iso"

    def encode(self, obj: date) -> str:
        return obj.isoformat()

    def decode(self, data: str) -> date:
        return date.fromisoformat(data)


class Ledger(Application):
    """Configured by ``SQLALCHEMY_URL`` in its env (as ``ProjectionRunner`` passes it),
    else by ``$BUDGET_LEDGER_DB`` or the default SQLite file."""

    name = "Ledger"  # names the tables ledger_events and ledger_snapshots
    env: ClassVar[dict[str, str]] = {
        "PERSISTENCE_MODULE": "ledger.store:LedgerFactory",
        "IS_SNAPSHOTTING_ENABLED": "y",
    }

    @classmethod
    def at(cls, url: str | None = None) -> Ledger:
        return cls({"SQLALCHEMY_URL": database_url(url)})

    def register_transcodings(self, transcoder: JSONTranscoder) -> None:
        register_transcodings(transcoder)


def register_transcodings(transcoder: JSONTranscoder) -> None:
    for transcoding in (UUIDAsHex(), DecimalAsStr(), DatetimeAsISO(), DateAsISO()):
        transcoder.register(transcoding)


def make_mapper() -> Mapper:
    """The ledger's mapper without an application: for readers of the event store."""
    transcoder = JSONTranscoder()
    register_transcodings(transcoder)
    return Mapper(transcoder=transcoder)
