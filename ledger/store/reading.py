"""Stored events read for replay straight from the driver, in notification order: no
library notification objects are built when a million events are replayed."""

from __future__ import annotations

import sqlite3
from typing import Any, NamedTuple
from uuid import UUID

from sqlalchemy.orm import Session

from ledger.tables import EVENTS_TABLE


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
