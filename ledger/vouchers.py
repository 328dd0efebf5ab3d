"""The voucher index: payments by (unit, year, voucher number), in the write transaction."""

from __future__ import annotations

from collections.abc import Iterable

from sqlalchemy import select
from sqlalchemy.orm import Session

from ledger.bulk import db_date, insert_many, is_sqlite
from ledger.domain.line import Payment
from ledger.money import from_fen, to_fen
from ledger.tables import vouchers

Key = tuple[str, int, str]  # unit, year, voucher number


class VoucherIndex:
    def __init__(self, session: Session) -> None:
        self._session = session

    def find(self, keys: Iterable[Key]) -> dict[Key, Payment]:
        by_book: dict[tuple[str, int], set[str]] = {}
        for unit, year, doc in keys:
            by_book.setdefault((unit, year), set()).add(doc)
        found: dict[Key, Payment] = {}
        for (unit, year), docs in by_book.items():
            for r in self._select(unit, year, sorted(docs)):
                found[(r.unit, r.year, r.doc)] = Payment(
                    doc=r.doc,
                    line=r.line,
                    amount=from_fen(r.amount),
                    effective_date=r.effective_date,
                    economic=r.economic,
                    spend_type=r.spend_type,
                    procurement=r.procurement,
                    row_hash=r.row_hash,
                )
        return found

    def _select(self, unit: str, year: int, docs: list[str]) -> list:  # type: ignore[type-arg]
        rows = []
        for start in range(0, len(docs), 900):
            rows += self._session.execute(
                select(vouchers).where(
                    vouchers.c.unit == unit,
                    vouchers.c.year == year,
                    vouchers.c.doc.in_(docs[start : start + 900]),
                )
            ).all()
        return rows

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
