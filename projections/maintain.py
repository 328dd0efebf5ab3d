"""Keeping the read model current: catch up from the tracking position, or rebuild.

Both run inside the caller's transaction: the rows and the new tracking position commit
together, or not at all.
"""

from __future__ import annotations

from collections.abc import Callable, Sequence

import sqlalchemy.exc
from sqlalchemy import Index, delete, insert, select, update
from sqlalchemy.orm import Session

from ledger.state import fields
from ledger.store import event_rows
from ledger.tables import tracking
from projections.projector import APPLICATION, Fact, Projector
from projections.schema import (
    code_names,
    line_months,
    lines,
    movements,
    performance_facts,
    performance_projects,
    units,
)

BATCH = 5000


def position(session: Session) -> int:
    """Notification id of the last event the read model holds (0 for none)."""
    query = select(tracking.c.notification_id).where(tracking.c.application_name == APPLICATION)
    return session.execute(query).scalar() or 0


def lock_position(session: Session) -> int:
    """The position, locked for this writer until it commits (PostgreSQL: FOR UPDATE)."""
    query = (
        select(tracking.c.notification_id)
        .where(tracking.c.application_name == APPLICATION)
        .with_for_update()
    )
    row = session.execute(query).first()
    if row is None:
        session.execute(insert(tracking).values(application_name=APPLICATION, notification_id=0))
        return 0
    return row[0] or 0


def set_position(session: Session, notification_id: int) -> None:
    session.execute(
        update(tracking)
        .where(tracking.c.application_name == APPLICATION)
        .values(notification_id=notification_id)
    )


def catch_up(
    session: Session,
    recent: Sequence[Fact] = (),
    projector: Projector | None = None,
    batch: int = BATCH,
    finish: bool = True,
) -> int:
    """Project every event recorded after the tracking position; returns how many.

    ``recent`` are events this transaction has just recorded, with their notification ids:
    they are projected as they are, without reading them back, once everything recorded
    before them is (normally nothing is). Without ``finish`` (a command that will hand
    over more events before it commits) the monthly sums stay with the projector.
    """
    projector = projector or Projector(session)
    start = lock_position(session)
    last, count = start, 0
    if recent:
        last, n = _pull(session, projector, last, recent[0][0], batch)
        projector.project(recent)
        last, count = recent[-1][0], count + n + len(recent)
    last, n = _pull(session, projector, last, None, batch)
    count += n
    if finish:
        projector.finish()
    if last != start:
        set_position(session, last)
    return count


def _pull(
    session: Session, projector: Projector, after: int, before: int | None, batch: int
) -> tuple[int, int]:
    """Project stored events with ``after < id < before``; returns the last id and count."""
    count = 0
    while True:
        rows = event_rows(session, after, before, batch)
        if not rows:
            return after, count
        projector.project(
            [(nid, aggregate, topic, fields(state)) for nid, aggregate, _, topic, state in rows]
        )
        after = rows[-1][0]
        count += len(rows)


def inline(session: Session) -> Callable[[Sequence[Fact], bool], int]:
    """The read model kept current inside a command's transaction, flush by flush; the
    last flush (``final``) adds the monthly sums."""
    projector = Projector(session)
    return lambda recent, final: catch_up(session, recent, projector, finish=final)


def clear(session: Session) -> None:
    """Empty the read model and rewind its tracking position."""
    lock_position(session)
    for table in (
        movements,
        line_months,
        lines,
        units,
        code_names,
        performance_facts,
        performance_projects,
    ):
        session.execute(delete(table))
    set_position(session, 0)


def rebuild(session: Session, batch: int = BATCH) -> int:
    """Empty the read model and replay every event into it, in the caller's transaction.

    Loading a million rows into empty tables: the movement indexes are dropped and built
    once at the end (much faster than updating them row by row), and the monthly sums are
    written once.
    """
    clear(session)
    dropped = _drop_indexes(session)
    count = catch_up(session, batch=batch)
    connection = session.connection()
    for index in dropped:
        index.create(connection)
    return count


def _drop_indexes(session: Session) -> list[Index]:
    """Drop the movement indexes for the load, if this role may (only the owner of a table
    may drop its indexes on PostgreSQL: a recorder rebuilds the slower way)."""
    try:
        with session.begin_nested():
            connection = session.connection()
            for index in movements.indexes:
                index.drop(connection)
    except sqlalchemy.exc.ProgrammingError:
        return []
    return list(movements.indexes)
