"""The engine: which database (``--db``, ``$BUDGET_LEDGER_DB`` or the default SQLite file;
PostgreSQL by URL), one engine per URL per process, SQLite in WAL mode with writers taking
the write lock at BEGIN (``writing``) so that a command reads and writes one consistent
state, and which of the database's errors mean another writer got there first.
"""

from __future__ import annotations

import os
import sqlite3
import sys
from collections.abc import Iterator
from contextlib import contextmanager
from contextvars import ContextVar
from pathlib import Path
from typing import Any

import sqlalchemy.exc
from eventsourcing.persistence import IntegrityError as StoreIntegrityError
from eventsourcing.persistence import OperationalError as StoreOperationalError
from sqlalchemy import Engine, create_engine, event

from ledger.dburl import checked

ENV_DB = "BUDGET_LEDGER_DB"
DEFAULT_DB = "budget-ledger.db"

# What the triggers of migration 0007 say when they refuse a write (SQLite reports them
# as integrity errors, which otherwise mean another writer got there first).
REFUSALS = ("ledger_seal out of order", "ledger_snapshots: no such event")

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


def checkpoint(engine: Engine) -> None:
    """SQLite: copy the write-ahead log into the main file and empty it, so that the main
    file alone holds the whole ledger (a user who copies ``ledger.db`` copies it all).
    A reader in the middle of a snapshot can hold the log back: then it waits at most a
    moment and leaves the rest to the next command (``backup`` copies a store whole)."""
    if engine.dialect.name != "sqlite":
        return
    raw = engine.raw_connection()
    try:
        cursor = raw.cursor()  # autocommit (isolation_level None): outside any transaction
        cursor.execute("PRAGMA busy_timeout=2000")
        cursor.execute("PRAGMA wal_checkpoint(TRUNCATE)").fetchall()
        cursor.execute("PRAGMA busy_timeout=600000")
        cursor.close()
    finally:
        raw.close()


@contextmanager
def writing() -> Iterator[None]:
    token = _writing.set(True)
    try:
        yield
    finally:
        _writing.reset(token)


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
    if any(s in str(err) for s in REFUSALS):
        return False  # a trigger refused the write: trying again would not help
    collisions = (StoreIntegrityError, sqlalchemy.exc.IntegrityError, sqlite3.IntegrityError)
    if isinstance(err, collisions + _driver_collisions()):
        return True
    if isinstance(err, StoreOperationalError | sqlite3.OperationalError):
        text = str(err).lower()
        return any(s in text for s in ("locked", "busy", "deadlock", "could not serialize"))
    return False
