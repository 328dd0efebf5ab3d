"""What the write side looks up in the store in bulk, inside its transaction: payments by
(unit, year, voucher number), and which aggregates exist at all."""

from __future__ import annotations

from collections.abc import Iterable
from datetime import date
from typing import Any
from uuid import UUID

from sqlalchemy.orm import Session

from ledger.bulk import db_date, db_uuid, insert_many, is_sqlite
from ledger.domain.line import Payment
from ledger.money import from_fen, to_fen
from ledger.tables import events, vouchers

Key = tuple[str, int, str]  # unit, year, voucher number


class StoreIndex:
    def __init__(self, session: Session) -> None:
        self._session = session

    def find(self, keys: Iterable[Key]) -> dict[Key, Payment]:
        by_book: dict[tuple[str, int], set[str]] = {}
        for unit, year, doc in keys:
            by_book.setdefault((unit, year), set()).add(doc)
        found: dict[Key, Payment] = {}
        for (unit, year), docs in by_book.items():
            for doc, line, amount, day, economic, spend_type, procurement, row_hash in self._select(
                unit, year, sorted(docs)
            ):
                found[(unit, year, doc)] = Payment(
                    doc=doc,
                    line=line,
                    amount=from_fen(amount),
                    effective_date=date.fromisoformat(day) if isinstance(day, str) else day,
                    economic=economic,
                    spend_type=spend_type,
                    procurement=procurement,
                    row_hash=row_hash,
                )
        return found

    def _select(self, unit: str, year: int, docs: list[str]) -> list[Any]:
        rows: list[Any] = []
        for start in range(0, len(docs), 900):
            chunk = docs[start : start + 900]
            rows += _in_query(
                self._session,
                "SELECT doc, line, amount, effective_date, economic, spend_type, procurement, "
                f"row_hash FROM {vouchers.name} WHERE unit = {{}} AND year = {{}} AND doc IN ({{}})",
                [unit, year],
                chunk,
            )
        return rows

    def existing(self, ids: Iterable[UUID]) -> set[UUID]:
        """Which of these aggregates have events (one query per 900 ids)."""
        wanted = list(ids)
        sqlite = is_sqlite(self._session)
        found: set[UUID] = set()
        for start in range(0, len(wanted), 900):
            chunk = [db_uuid(i, sqlite) for i in wanted[start : start + 900]]
            for (value,) in _in_query(
                self._session,
                f"SELECT DISTINCT originator_id FROM {events.name} WHERE originator_id IN ({{}})",
                [],
                chunk,
            ):
                found.add(UUID(bytes=value) if isinstance(value, bytes) else value)
        return found

    def add(self, payments: Iterable[tuple[str, int, Payment]]) -> None:
        sqlite = is_sqlite(self._session)
        rows = [
            (
                unit,
                year,
                p.doc,
                p.line,
                to_fen(p.amount),
                db_date(p.effective_date, sqlite),
                p.economic,
                p.spend_type,
                p.procurement,
                p.row_hash,
            )
            for unit, year, p in payments
        ]
        insert_many(self._session, vouchers.name, _COLUMNS, rows)


_COLUMNS = (
    "unit",
    "year",
    "doc",
    "line",
    "amount",
    "effective_date",
    "economic",
    "spend_type",
    "procurement",
    "row_hash",
)


def _in_query(session: Session, sql: str, fixed: list[Any], values: list[Any]) -> list[Any]:
    """Run ``sql`` straight on the driver: each ``{}`` but the last takes one of ``fixed``,
    the last (inside ``IN (...)``) takes all of ``values``."""
    connection = session.connection()
    mark = "?" if connection.dialect.paramstyle == "qmark" else "%s"
    marks = [mark] * len(fixed) + [", ".join([mark] * len(values))]
    return connection.exec_driver_sql(sql.format(*marks), (*fixed, *values)).all()
