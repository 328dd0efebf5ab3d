"""Paging the audit trail by keyset (the notification id), so that a screen shows any
part of a million facts by reading one page of them, never the whole stream."""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from typing import Any

from sqlalchemy import Row, Select, func, select
from sqlalchemy.orm import Session

from projections.queries.history import (
    HistoryFilter,
    history_filters,
    history_row,
    select_history,
)
from projections.schema import movements

PAGE = 100


@dataclass
class Page:
    rows: list[dict[str, Any]]
    has_before: bool  # facts before the first row match the filter
    has_after: bool  # facts after the last row match the filter


def keyset(
    session: Session,
    query: Select[Any],
    after_id: int | None = None,
    before_id: int | None = None,
    last: bool = False,
    limit: int = PAGE,
) -> tuple[Sequence[Row[Any]], bool, bool]:
    """One page of ``query`` in recording order: the first, the one after ``after_id``,
    the one before ``before_id``, or the ``last``. Returns (rows, has_before, has_after)."""
    m = movements.c
    if before_id is not None or last:
        if before_id is not None:
            query = query.where(m.id < before_id)
        found = session.execute(query.order_by(m.id.desc()).limit(limit + 1)).all()
        return found[:limit][::-1], len(found) > limit, before_id is not None
    if after_id is not None:
        query = query.where(m.id > after_id)
    found = session.execute(query.order_by(m.id).limit(limit + 1)).all()
    return found[:limit], after_id is not None, len(found) > limit


def history_page(
    session: Session,
    f: HistoryFilter,
    after_id: int | None = None,
    before_id: int | None = None,
    last: bool = False,
    limit: int = PAGE,
) -> Page:
    query = select_history(f, in_id_order=True)
    rows, has_before, has_after = keyset(session, query, after_id, before_id, last, limit)
    return Page([history_row(r) for r in rows], has_before, has_after)


def history_count(session: Session, f: HistoryFilter) -> int:
    query = select(func.count()).select_from(movements).where(*history_filters(f))
    return session.execute(query).scalar_one()
