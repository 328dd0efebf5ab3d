"""Many rows into one table with one executemany, straight through the DB-API driver.

The hot paths (events, vouchers, read-model movements) insert tens of thousands of rows
per transaction; SQLAlchemy's per-row parameter processing would cost more than the
database itself. Values must already be in the driver's terms (see ``db_value``).
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
    mark = "?" if connection.dialect.paramstyle == "qmark" else "%s"
    sql = f"INSERT INTO {table} ({', '.join(columns)}) VALUES ({', '.join([mark] * len(columns))})"
    connection.exec_driver_sql(sql, list(rows))


def is_sqlite(session: Session) -> bool:
    return session.connection().dialect.name == "sqlite"


def db_date(value: date, sqlite: bool) -> date | str:
    """SQLite keeps dates as ISO text (as SQLAlchemy's Date type does)."""
    return value.isoformat() if sqlite else value


def db_uuid(value: UUID, sqlite: bool) -> UUID | bytes:
    """SQLite keeps UUIDs as 16 bytes (as sqlalchemy_utils' UUIDType does)."""
    return value.bytes if sqlite else value
