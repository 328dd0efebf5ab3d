"""What the write side looks up in the store in bulk, inside its transaction: payments by
(unit, year, voucher number), and which aggregates exist at all."""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from datetime import date
from typing import Any
from uuid import UUID

from sqlalchemy.orm import Session

from ledger.bulk import db_date, db_uuid, driver_connection, insert_many, is_sqlite
from ledger.domain.line import Payment
from ledger.money import from_fen, to_fen
from ledger.tables import events, vouchers

Key = tuple[str, int, str]  # unit, year, voucher number

_COLUMNS_FOUND = (
    "v.unit, v.year, v.doc, v.line, v.amount, v.effective_date, v.economic, v.spend_type,"
    " v.procurement, v.row_hash"
)
_ON = "v.unit = k.unit AND v.year = k.year AND v.doc = k.doc"
# A join with the keys, rather than a row-value IN, lets SQLite search the primary key
# instead of scanning the whole table.
_FIND = (
    f"WITH k(unit, year, doc) AS (VALUES {{}}) SELECT {_COLUMNS_FOUND} FROM k"
    f" JOIN {vouchers.name} v ON {_ON}"
)
# PostgreSQL: keys from arrays, searched in the primary key (a join with VALUES was
# planned by the table's statistics, which an import's own uncommitted rows never reach:
# the keys hashed, a million vouchers scanned for each chunk).
_FIND_PG = (
    f"SELECT {_COLUMNS_FOUND} FROM unnest(%s::text[], %s::int[], %s::text[]) AS k(unit, year, doc)"
    f" JOIN {vouchers.name} v ON {_ON}"
)


class StoreIndex:
    def __init__(self, session: Session) -> None:
        self._session = session

    def find(self, keys: Iterable[Key]) -> dict[Key, Payment]:
        """The payments of these vouchers that are recorded (one query per 900)."""
        wanted = sorted(set(keys))
        found: dict[Key, Payment] = {}
        for start in range(0, len(wanted), 900):
            for row in self._find(wanted[start : start + 900]):
                unit, year, doc, line, amount, day, economic, spend, procurement, row_hash = row
                found[(unit, year, doc)] = Payment(
                    doc=doc,
                    line=line,
                    amount=from_fen(amount),
                    effective_date=date.fromisoformat(day) if isinstance(day, str) else day,
                    economic=economic,
                    spend_type=spend,
                    procurement=procurement,
                    row_hash=row_hash,
                )
        return found

    def _find(self, keys: list[Key]) -> Sequence[Any]:
        if is_sqlite(self._session):
            return _in_query(self._session, _FIND, keys)
        columns = [list(column) for column in zip(*keys, strict=True)]
        return _unprepared(self._session, _FIND_PG, columns)

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
                [(v,) for v in chunk],
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
        insert_many(self._session, vouchers.name, VOUCHER_COLUMNS, rows)


# The voucher index's columns in the order rows are written (the audit replay recomputes
# the index with the same columns).
VOUCHER_COLUMNS = (
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


def _in_query(session: Session, sql: str, values: Sequence[tuple[Any, ...]]) -> Sequence[Any]:
    """Run ``sql`` straight on the driver with its ``{}`` expanded to one group of bound
    parameters per tuple of ``values`` (a plain list for 1-tuples)."""
    connection = session.connection()
    mark = "?" if connection.dialect.paramstyle == "qmark" else "%s"
    width = len(values[0])
    group = mark if width == 1 else f"({', '.join([mark] * width)})"
    params = tuple(v for value in values for v in value)
    sql = sql.format(", ".join([group] * len(values)))
    if mark == "?":
        return connection.exec_driver_sql(sql, params).all()
    return _unprepared(session, sql, params)


def _unprepared(session: Session, sql: str, params: Any) -> list[Any]:
    """PostgreSQL: run ``sql`` planned afresh each time. psycopg prepares a statement run
    five times, and the server keeps a generic plan made when the table was small: during
    a long import it went on scanning the voucher table, a million rows a chunk."""
    with driver_connection(session).cursor() as cursor:
        cursor.execute(sql, params, prepare=False)
        rows: list[Any] = cursor.fetchall()
        return rows
