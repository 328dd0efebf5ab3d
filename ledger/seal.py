"""The seal: a hash chain over the event store, written in the same transaction as the events.

Every event the ledger records gets a link in one chain, in notification order::

    link(n) = SHA-256(link(n-1) ‖ id ‖ aggregate id ‖ version ‖ topic ‖ state)

starting from ``GENESIS``. Each batch of events handed to the store (one command, or a few
thousand rows of an import) adds one row to ``ledger_seal``: for each of its events the
notification id, aggregate id, version and link (64 bytes an event), and the chain's head
after it. Because the seal commits with the events, it holds exactly what was recorded:

- an event altered behind the database's back no longer hashes to its stored link;
- an event removed is still listed by its seal (by id, aggregate and version);
- an event inserted outside the ledger is listed by no seal.

``ledger.verify`` streams both tables and names every such event. The head of the
recomputed chain is the store's digest: written down by an auditor, it also catches
someone who rewrote events *and* seals consistently, since the chain then no longer
passes through the digest noted before.

Writers are serialised while they insert (SQLite's write lock, taken at BEGIN IMMEDIATE;
on PostgreSQL a row lock on ``ledger_writers`` held until commit), so seals follow each other in
notification order and each one continues the head the previous one committed.
"""

from __future__ import annotations

import hashlib
import struct
from collections.abc import Sequence

import sqlalchemy.exc
from eventsourcing.persistence import StoredEvent
from sqlalchemy import insert, select
from sqlalchemy.orm import Session

from ledger.tables import seals, writers

GENESIS = hashlib.sha256(b"budget-ledger event chain v1").digest()
ENTRY = struct.Struct(">q16sq32s")  # notification id, aggregate id, version, link
_HEADER = struct.Struct(">q16sqII")  # id, aggregate id, version, len(topic), len(state)

# How long a writer waits for the writers' lock before giving up, saying why.
LOCK_TIMEOUT_SECONDS = 60
_LOCK_NOT_AVAILABLE = "55P03"


class Busy(Exception):
    """Other writers kept this command from recording; it recorded nothing."""


def link(
    previous: bytes, nid: int, originator: bytes, version: int, topic: bytes, state: bytes
) -> bytes:
    """The chain link of one stored event after ``previous``."""
    header = _HEADER.pack(nid, originator, version, len(topic), len(state))
    return hashlib.sha256(b"".join((previous, header, topic, state))).digest()


def lock_writers(session: Session) -> None:
    """Serialise writers of events until this transaction ends.

    PostgreSQL: the row of ``ledger_writers``, locked ``FOR UPDATE``. Locking a row needs
    the UPDATE privilege on its table, which the recorder has and the auditor has not, so
    a read-only role cannot make every writer wait (an advisory lock, which anyone may
    take, could). ``LOCK TABLE … IN EXCLUSIVE MODE`` (which eventsourcing-sqlalchemy
    takes) would need UPDATE or DELETE on the event store itself. A writer waits at most
    ``LOCK_TIMEOUT_SECONDS``, then gives up saying so. SQLite: the writer already holds
    the database's write lock.
    """
    connection = session.connection()
    if connection.dialect.name != "postgresql":
        return
    try:
        connection.exec_driver_sql(f"SET LOCAL lock_timeout = '{LOCK_TIMEOUT_SECONDS}s'")
        connection.exec_driver_sql(f"SELECT id FROM {writers.name} FOR UPDATE")
        connection.exec_driver_sql("SET LOCAL lock_timeout TO DEFAULT")
    except sqlalchemy.exc.OperationalError as err:
        if getattr(err.orig, "sqlstate", None) != _LOCK_NOT_AVAILABLE:
            raise
        raise Busy(
            f"另一个写入者（如正在进行的导入）占用写入锁已超过 {LOCK_TIMEOUT_SECONDS} 秒，"
            "本次未记录任何内容；请稍后再试"
        ) from None


def head(session: Session, before: int | None = None) -> bytes:
    """The chain's head: the link of the last sealed event (``GENESIS`` for none); with
    ``before``, of the last seal of events before that id (a seal row claiming later
    events is no part of the chain a new batch continues)."""
    query = select(seals.c.head).order_by(seals.c.last_id.desc()).limit(1)
    if before is not None:
        query = query.where(seals.c.last_id < before)
    return bytes(session.execute(query).scalar() or GENESIS)


def seal(
    session: Session,
    ids: Sequence[int],
    originators: Sequence[bytes],
    stored_events: Sequence[StoredEvent],
) -> None:
    """Seal a batch of events just inserted with notification ``ids`` (in the same order),
    their aggregate ids given as 16 bytes."""
    if not ids:
        return
    previous = head(session, ids[0])
    entries = bytearray()
    topics: dict[str, bytes] = {}
    for nid, originator, event in zip(ids, originators, stored_events, strict=True):
        version = event.originator_version
        topic = topics.get(event.topic)
        if topic is None:
            topic = topics[event.topic] = event.topic.encode()
        previous = link(previous, nid, originator, version, topic, event.state)
        entries += ENTRY.pack(nid, originator, version, previous)
    session.execute(
        insert(seals).values(
            last_id=ids[-1],
            first_id=ids[0],
            events=len(ids),
            entries=bytes(entries),
            head=previous,
        )
    )
