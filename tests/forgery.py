"""What a role that may append (or anyone holding the SQLite file) could write behind the
ledger's back: rows of its own making, in the ledger's own formats."""

from __future__ import annotations

import json
from datetime import datetime
from typing import Any
from uuid import UUID

from sqlalchemy import Connection

from ledger.application import make_mapper
from ledger.seal import ENTRY, GENESIS, link
from tests.tamper import mark


def _uuid(c: Connection, value: UUID) -> Any:
    return value.bytes if c.dialect.name == "sqlite" else value


def last_event(c: Connection, topic: str) -> tuple[int, UUID, int, str, dict[str, Any]]:
    m = mark(c)
    nid, originator, version, full, state = c.exec_driver_sql(
        "SELECT id, originator_id, originator_version, topic, state FROM ledger_events "
        f"WHERE topic LIKE {m} ORDER BY id DESC LIMIT 1",
        (f"%{topic}",),
    ).one()
    aggregate = originator if isinstance(originator, UUID) else UUID(bytes=originator)
    return nid, aggregate, version, full, json.loads(bytes(state))


def append_event(c: Connection, aggregate: UUID, topic: str, state: dict[str, Any]) -> int:
    """Append one event at the aggregate's next version; returns its id."""
    m = mark(c)
    version = c.exec_driver_sql(
        f"SELECT max(originator_version) FROM ledger_events WHERE originator_id = {m}",
        (_uuid(c, aggregate),),
    ).scalar()
    nid = c.exec_driver_sql("SELECT max(id) FROM ledger_events").scalar() + 1
    body = json.dumps(state, ensure_ascii=False, separators=(",", ":")).encode()
    c.exec_driver_sql(
        "INSERT INTO ledger_events (id, originator_id, originator_version, topic, state) "
        f"VALUES ({m}, {m}, {m}, {m}, {m})",
        (nid, _uuid(c, aggregate), version + 1, topic, body),
    )
    return int(nid)


def append_seal(c: Connection, ids: list[int]) -> None:
    """Seal events as the ledger would, continuing the chain from the last seal."""
    m = mark(c)
    head = c.exec_driver_sql("SELECT head FROM ledger_seal ORDER BY last_id DESC LIMIT 1").scalar()
    previous = bytes(head) if head is not None else GENESIS
    entries = b""
    for nid in ids:
        _, originator, version, topic, state = c.exec_driver_sql(
            "SELECT id, originator_id, originator_version, topic, state FROM ledger_events "
            f"WHERE id = {m}",
            (nid,),
        ).one()
        raw = originator if isinstance(originator, bytes) else originator.bytes
        previous = link(previous, nid, raw, version, topic.encode(), bytes(state))
        entries += ENTRY.pack(nid, raw, version, previous)
    c.exec_driver_sql(
        f"INSERT INTO ledger_seal (last_id, first_id, events, entries, head) VALUES ({m}, {m}, {m}, {m}, {m})",
        (ids[-1], ids[0], len(ids), entries, previous),
    )


def snapshot_row(aggregate: Any, version: int, **changes: Any) -> tuple[Any, ...]:
    """A snapshot of ``aggregate`` with ``changes`` made to its state, claiming ``version``."""
    for name, value in changes.items():
        setattr(aggregate, name, value)
    aggregate._version = version
    snapshot = type(aggregate).Snapshot.take(aggregate)
    stored = make_mapper().to_stored_event(snapshot)
    return stored.originator_id, stored.originator_version, stored.topic, stored.state


def insert_snapshot(c: Connection, row: tuple[Any, ...]) -> None:
    m = mark(c)
    originator, version, topic, state = row
    c.exec_driver_sql(
        "INSERT INTO ledger_snapshots (originator_id, originator_version, topic, state) "
        f"VALUES ({m}, {m}, {m}, {m})",
        (_uuid(c, originator), version, topic, state),
    )


def back_dated(state: dict[str, Any], moment: datetime, **fields: Any) -> dict[str, Any]:
    state = {**state, **fields}
    state["timestamp"] = {"_type_": "datetime_iso", "_data_": moment.isoformat()}
    return state
