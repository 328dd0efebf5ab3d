"""Where the ledger lives: one database, SQLite file by default or PostgreSQL by URL.

The same code runs on both. This module makes the engine (SQLite in WAL mode, writers
taking the write lock at BEGIN so that a command reads and writes one consistent state),
runs the Alembic migrations, and plugs the engine into eventsourcing-sqlalchemy.

Schema ownership: Alembic owns every table, the event store's included; the library is
told not to create tables (CREATE_TABLE=no).
"""

from __future__ import annotations

import os
import sqlite3
import sys
from collections.abc import Iterator, Sequence
from contextlib import contextmanager
from contextvars import ContextVar
from pathlib import Path
from typing import Any, NamedTuple
from uuid import UUID

import sqlalchemy.exc
from eventsourcing.persistence import IntegrityError as StoreIntegrityError
from eventsourcing.persistence import OperationalError as StoreOperationalError
from eventsourcing.persistence import StoredEvent
from eventsourcing.utils import Environment
from eventsourcing_sqlalchemy.datastore import SQLAlchemyDatastore, Transaction
from eventsourcing_sqlalchemy.factory import SQLAlchemyFactory
from eventsourcing_sqlalchemy.recorders import SQLAlchemyApplicationRecorder
from sqlalchemy import Engine, create_engine, event, func, select, text
from sqlalchemy.orm import Session, sessionmaker

from ledger.bulk import insert_many
from ledger.dburl import checked
from ledger.redaction import redact as redact  # the name callers import from here
from ledger.seal import lock_writers, seal
from ledger.tables import EVENTS_TABLE

ENV_DB = "BUDGET_LEDGER_DB"
DEFAULT_DB = "budget-ledger.db"

_writing: ContextVar[bool] = ContextVar("budget_ledger_writing", default=False)
_engines: dict[str, Engine] = {}


def database_url(value: str | None = None) -> str:
    """A SQLAlchemy URL from ``--db``, ``$BUDGET_LEDGER_DB`` or the default file.

    A plain path means a SQLite file; ``postgresql://`` URLs use psycopg 3.
    """
    value = value or os.environ.get(ENV_DB) or DEFAULT_DB
    if "://" not in value:
        return f"sqlite:///{Path(value).expanduser().resolve()}"
    for prefix in ("postgresql://", "postgres://"):
        if value.startswith(prefix):
            value = "postgresql+psycopg://" + value[len(prefix) :]
    return checked(value)


class MissingStore(ValueError):
    """A command that only reads was pointed at a SQLite file that does not exist."""


def existing(url: str) -> str:
    """``url``, refused if it names a SQLite file that is not there: a command that only
    reads must not create an empty store where a mistyped path led it, and then report
    on nothing as if all were well."""
    if url.startswith("sqlite:///"):
        path = Path(url.removeprefix("sqlite:///"))
        if not path.is_file():
            raise MissingStore(
                f"数据库文件 {path} 不存在（请检查 --db 或 ${ENV_DB}；导入或记录时才会新建）"
            )
    return url


def engine_for(url: str) -> Engine:
    """One engine per database URL per process."""
    engine = _engines.get(url)
    if engine is None:
        engine = _engines[url] = _create_engine(url)
    return engine


def dispose_engines() -> None:
    for engine in _engines.values():
        engine.dispose()
    _engines.clear()


def _create_engine(url: str) -> Engine:
    if url.startswith("sqlite"):
        engine = create_engine(url, connect_args={"timeout": 600})

        @event.listens_for(engine, "connect")
        def _connect(dbapi_connection: Any, _record: Any) -> None:
            # Let SQLAlchemy's begin event below decide how transactions start.
            dbapi_connection.isolation_level = None
            cursor = dbapi_connection.cursor()
            cursor.execute("PRAGMA journal_mode=WAL")
            cursor.execute("PRAGMA synchronous=NORMAL")
            cursor.execute("PRAGMA busy_timeout=600000")  # another import may hold the lock
            cursor.execute("PRAGMA cache_size=-65536")
            cursor.close()

        @event.listens_for(engine, "begin")
        def _begin(connection: Any) -> None:
            # A writer takes the write lock up front: what it reads stays true until it
            # commits, and concurrent writers queue instead of failing mid-transaction.
            connection.exec_driver_sql("BEGIN IMMEDIATE" if _writing.get() else "BEGIN")

        return engine
    return create_engine(url, pool_pre_ping=True)


def is_sqlite(engine: Engine) -> bool:
    return engine.dialect.name == "sqlite"


class LedgerDatastore(SQLAlchemyDatastore):
    """The library's datastore on our engine; write transactions are marked as such."""

    def transaction(self, commit: bool) -> Transaction:
        txn = super().transaction(commit)
        if commit and txn.nested_level == 0:
            return _WriteTransaction(txn)  # type: ignore[return-value]
        return txn


class _WriteTransaction:
    """A library transaction that begins as a writer (see ``_begin``)."""

    def __init__(self, txn: Transaction) -> None:
        self._txn = txn

    def __enter__(self) -> Session:
        self._token = _writing.set(True)
        return self._txn.__enter__()

    def __exit__(self, *exc: Any) -> None:
        try:
            self._txn.__exit__(*exc)
        finally:
            _writing.reset(self._token)


@contextmanager
def writing() -> Iterator[None]:
    token = _writing.set(True)
    try:
        yield
    finally:
        _writing.reset(token)


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
        originators = [e.originator_id.bytes for e in stored_events]  # type: ignore[union-attr]
        if session.connection().dialect.name == "sqlite":
            # Writers hold SQLite's write lock from BEGIN IMMEDIATE, and a rowid table
            # numbers new rows from its maximum: the ids are the next ones in order.
            last = session.execute(select(func.max(table.c.id))).scalar() or 0
            ids = list(range(last + 1, last + 1 + len(stored_events)))
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
            ids_and_uuids = zip(ids, (e.originator_id for e in stored_events), strict=True)
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
        # Skip SQLAlchemyFactory.__init__, which would build an engine of its own.
        super(SQLAlchemyFactory, self).__init__(env)
        self._schema_name = None
        url = self.env.get(self.SQLALCHEMY_URL) or database_url()
        engine = engine_for(url)
        self.datastore = LedgerDatastore(session_maker=sessionmaker(bind=engine))

    def env_create_table(self) -> bool:
        return False


def migrations_dir() -> Path:
    """Alembic's script directory: beside the package when installed, else the repo's."""
    packaged = Path(__file__).parent / "_migrations"
    if packaged.is_dir():
        return packaged
    return Path(__file__).resolve().parent.parent / "migrations"


def migrate(engine: Engine) -> None:
    """Bring the schema to the latest revision (a no-op when it is there already)."""
    from alembic import command
    from alembic.config import Config
    from alembic.runtime.migration import MigrationContext
    from alembic.script import ScriptDirectory

    config = Config()
    config.set_main_option("script_location", str(migrations_dir()))
    head = ScriptDirectory.from_config(config).get_current_head()
    with engine.connect() as connection:
        if MigrationContext.configure(connection).get_current_revision() == head:
            return
    with writing(), engine.begin() as connection:
        if engine.dialect.name == "postgresql":
            # Two processes opening a new database at once: one migrates, the other waits.
            connection.exec_driver_sql("SELECT pg_advisory_xact_lock(2024052301)")
        config.attributes["connection"] = connection
        command.upgrade(config, "head")


class StoredRow(NamedTuple):
    """A stored event as read for replay (what a mapper needs, cheaper than a Notification)."""

    id: int
    originator_id: UUID
    originator_version: int
    topic: str
    state: bytes


def stored_events(
    session: Session, after: int, before: int | None = None, limit: int = 5000
) -> list[StoredRow]:
    """The next stored events in notification order, read straight from the driver."""
    return [
        StoredRow(i, UUID(bytes=o) if type(o) is bytes else o, v, topic, bytes(state))
        for i, o, v, topic, state in event_rows(session, after, before, limit)
    ]


def event_rows(
    session: Session, after: int, before: int | None = None, limit: int = 5000
) -> list[tuple[int, Any, int, str, bytes]]:
    """The next stored events in notification order as the driver's own tuples: id,
    aggregate id (16 bytes on SQLite, a UUID on PostgreSQL), version, topic, state."""
    dbapi = session.connection().connection.dbapi_connection
    assert dbapi is not None
    mark = "?" if isinstance(dbapi, sqlite3.Connection) else "%s"
    sql = (
        f"SELECT id, originator_id, originator_version, topic, state FROM {EVENTS_TABLE} "
        f"WHERE id > {mark}"
    )
    params: tuple[int, ...] = (after,)
    if before is not None:
        sql += f" AND id < {mark}"
        params += (before,)
    rows: list[tuple[int, Any, int, str, bytes]]
    rows = dbapi.execute(f"{sql} ORDER BY id LIMIT {int(limit)}", params).fetchall()
    return rows


def _driver_collisions() -> tuple[type[BaseException], ...]:
    """psycopg's collision errors, if psycopg is loaded: a PostgreSQL engine loads it, and
    without one none of its errors can occur (importing it costs start-up time)."""
    psycopg = sys.modules.get("psycopg")
    if psycopg is None:
        return ()
    errors = psycopg.errors
    return (errors.IntegrityError, errors.SerializationFailure, errors.DeadlockDetected)


def is_collision(err: BaseException) -> bool:
    """Another writer got there first (unique index, lock, serialization): worth retrying.

    Errors come wrapped by SQLAlchemy or eventsourcing, or straight from the driver when
    rows are copied in bulk.
    """
    if isinstance(err, sqlalchemy.exc.DBAPIError) and err.orig is not None:
        err = err.orig
    collisions = (StoreIntegrityError, sqlalchemy.exc.IntegrityError, sqlite3.IntegrityError)
    if isinstance(err, collisions + _driver_collisions()):
        return True
    if isinstance(err, StoreOperationalError | sqlite3.OperationalError):
        text = str(err).lower()
        return any(s in text for s in ("locked", "busy", "deadlock", "could not serialize"))
    return False
