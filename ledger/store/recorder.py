"""Our subclasses of eventsourcing-sqlalchemy's classes: the library on our engine, its
write transactions marked as writers, and events inserted in bulk and sealed.

They override and call private methods of the library (``_insert_stored_events``,
``_lock_table``, ``_notify_channel``) and skip ``SQLAlchemyFactory.__init__``:
``tests/unit/test_library_shape.py`` fails, naming which, when the library changes them.

Schema ownership: Alembic owns every table, the event store's included; the library is
told not to create tables (``env_create_table``).
"""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from typing import Any, cast
from uuid import UUID

from eventsourcing.persistence import StoredEvent
from eventsourcing.utils import Environment
from eventsourcing_sqlalchemy.datastore import SQLAlchemyDatastore, Transaction
from eventsourcing_sqlalchemy.factory import SQLAlchemyFactory
from eventsourcing_sqlalchemy.recorders import SQLAlchemyApplicationRecorder
from sqlalchemy import func, select, text
from sqlalchemy.orm import Session, sessionmaker

from ledger.bulk import insert_many
from ledger.seal import lock_writers, seal
from ledger.store.engine import database_url, engine_for, writing


class LedgerDatastore(SQLAlchemyDatastore):
    """The library's datastore on our engine; write transactions are marked as such."""

    def transaction(self, commit: bool) -> Transaction:
        txn = super().transaction(commit)
        if commit and txn.nested_level == 0:
            # A wrapper with Transaction's interface, not a subclass: the library's class
            # would open a session of its own.
            return _WriteTransaction(txn)  # type: ignore[return-value]
        return txn


class _WriteTransaction:
    """A library transaction that begins as a writer (``ledger.store.engine.writing``)."""

    def __init__(self, txn: Transaction) -> None:
        self._txn = txn

    def __enter__(self) -> Session:
        self._writing = writing()
        self._writing.__enter__()
        return self._txn.__enter__()

    def __exit__(self, *exc: Any) -> None:
        try:
            self._txn.__exit__(*exc)
        finally:
            self._writing.__exit__(None, None, None)


class BulkApplicationRecorder(SQLAlchemyApplicationRecorder):
    """Inserts a batch of events with one statement instead of one ORM object per event;
    returns their notification ids in order. Every batch is sealed (``ledger.seal``) in
    the same transaction."""

    def _insert_stored_events(
        self, session: Session, stored_events: Sequence[StoredEvent], **kwargs: Any
    ) -> Sequence[int]:
        if not stored_events:
            return []
        self._lock_table(session)
        table = self.events_record_cls.__table__
        # The library allows str ids; ours are always UUIDs.
        originators = [cast(UUID, e.originator_id).bytes for e in stored_events]
        if session.connection().dialect.name == "sqlite":
            # Writers hold SQLite's write lock from BEGIN IMMEDIATE, and a rowid table
            # numbers new rows from its maximum: the ids are the next ones in order.
            last = session.execute(select(func.max(table.c.id))).scalar() or 0
            ids = list(range(last + 1, last + 1 + len(stored_events)))
            ids_and_uuids: Iterable[tuple[int, bytes | UUID]]
            ids_and_uuids = zip(ids, originators, strict=True)
        else:
            # The writers' lock taken above keeps other writers out until commit: ids drawn
            # now from the sequence are committed in their order.
            ids = list(
                session.execute(
                    text(
                        "SELECT nextval(pg_get_serial_sequence(:table, 'id'))"
                        " FROM generate_series(1, :n)"
                    ),
                    {"table": table.name, "n": len(stored_events)},
                ).scalars()
            )
            ids_and_uuids = zip(
                ids, (cast(UUID, e.originator_id) for e in stored_events), strict=True
            )
        insert_many(
            session,
            table.name,
            ("id", "originator_id", "originator_version", "topic", "state"),
            [
                (i, u, e.originator_version, e.topic, e.state)
                for (i, u), e in zip(ids_and_uuids, stored_events, strict=True)
            ],
        )
        self._notify_channel(session)
        seal(session, ids, originators, stored_events)
        return ids

    def _lock_table(self, session: Session) -> None:
        lock_writers(session)


class LedgerFactory(SQLAlchemyFactory):
    """eventsourcing-sqlalchemy on the engine of ``SQLALCHEMY_URL``, tables left to Alembic."""

    application_recorder_class = BulkApplicationRecorder

    def __init__(self, env: Environment) -> None:
        # Skip SQLAlchemyFactory.__init__, which would build an engine of its own; set
        # the two attributes it sets that the factory's methods use.
        super(SQLAlchemyFactory, self).__init__(env)
        self._schema_name = None
        url = self.env.get(self.SQLALCHEMY_URL) or database_url()
        engine = engine_for(url)
        self.datastore = LedgerDatastore(session_maker=sessionmaker(bind=engine))

    def env_create_table(self) -> bool:
        return False
