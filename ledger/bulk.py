"""Many rows into one table at once, straight through the DB-API driver: one executemany
on SQLite, one COPY on PostgreSQL.

The hot paths (events, vouchers, read-model movements) insert tens of thousands of rows
per transaction; SQLAlchemy's per-row parameter processing, or PostgreSQL executing one
INSERT per row, would cost more than storing them. Values must already be in the
driver's terms (``db_date``, ``db_uuid``).
"""

from __future__ import annotations

from collections.abc import Sequence
from datetime import date
from typing import Any
from uuid import UUID

from sqlalchemy.orm import Session


def insert_many(
    session: Session, table: str, columns: Sequence[str], rows: Sequence[Sequence[Any]]
) -> None:
    if not rows:
        return
    connection = session.connection()
    if connection.dialect.name == "postgresql":
        cursor = driver_connection(session).cursor()
        with cursor.copy(f"COPY {table} ({', '.join(columns)}) FROM STDIN") as copy:
            for row in rows:
                copy.write_row(row)
        return
    mark = "?" if connection.dialect.paramstyle == "qmark" else "%s"
    sql = f"INSERT INTO {table} ({', '.join(columns)}) VALUES ({', '.join([mark] * len(columns))})"
    connection.exec_driver_sql(sql, list(rows))


def driver_connection(session: Session) -> Any:
    """The driver's own connection under the session's (psycopg's or sqlite3's), for what
    SQLAlchemy does not offer: COPY, a statement never prepared."""
    raw = session.connection().connection.driver_connection
    assert raw is not None  # only a connection given back to the pool has none
    return raw


def is_sqlite(session: Session) -> bool:
    return session.connection().dialect.name == "sqlite"


def db_date(value: date, sqlite: bool) -> date | str:
    """SQLite keeps dates as ISO text (as SQLAlchemy's Date type does)."""
    return value.isoformat() if sqlite else value


def db_uuid(value: UUID, sqlite: bool) -> UUID | bytes:
    """SQLite keeps UUIDs as 16 bytes (as sqlalchemy_utils' UUIDType does)."""
    return value.bytes if sqlite else value
