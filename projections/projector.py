"""Events → read-model rows, in notification order, with the tracking position in the
same transaction as the rows it covers.

One ``Projector`` serves every way of keeping the read model current: catching up after
each command (SQLite and the default on PostgreSQL), a full rebuild, and following live
with eventsourcing's ``ProjectionRunner`` (see ``projections.follow``).
"""

from __future__ import annotations

from collections.abc import Callable, Iterable
from datetime import UTC, datetime, timedelta
from operator import itemgetter
from typing import Any
from uuid import UUID

from sqlalchemy import insert, select, update
from sqlalchemy.orm import Session

from ledger import codes
from ledger.bulk import db_date, insert_many, is_sqlite
from ledger.domain.book import Book
from ledger.domain.line import Line
from ledger.domain.unit import Unit
from ledger.money import to_fen
from projections.schema import MEASURES, code_names, lines, movements, units

APPLICATION = "Ledger"
_EPOCH = datetime(1970, 1, 1, tzinfo=UTC)
_MICRO = timedelta(microseconds=1)


def micros(moment: datetime) -> int:
    """A recorded moment as integer µs since the epoch: exact, and compares as a number."""
    return (moment - _EPOCH) // _MICRO


_MOVEMENT_COLUMNS = tuple(c.name for c in movements.columns)
_LINE_COLUMNS = tuple(c.name for c in lines.columns)
_movement_row = itemgetter(*_MOVEMENT_COLUMNS)
_line_row = itemgetter(*_LINE_COLUMNS)

_BLANK: dict[str, Any] = {
    **dict.fromkeys(MEASURES, 0),
    "line_key": None,
    "fund": None,
    "function": None,
    "income_type": None,
    "economic": None,
    "spend_type": None,
    "procurement": None,
    "counterpart": None,
    "origin_year": None,
    "derived": False,
    "payee": None,
    "memo": None,
}


class Projector:
    """Folds a batch of events into rows and writes them with one statement per table."""

    def __init__(self, session: Session) -> None:
        self._session = session
        self._lines: dict[UUID, tuple[int, str, int]] = {}  # aggregate → key, unit, year
        self._movements: list[dict[str, Any]] = []
        self._new_lines: list[dict[str, Any]] = []
        self._names: dict[tuple[str, str], str] = {}

    def project(self, batch: Iterable[tuple[int, Any]]) -> None:
        for notification_id, event in batch:
            handler = _HANDLERS.get(type(event))
            if handler is not None:
                handler(self, notification_id, event)
        self._write()

    def _write(self) -> None:
        sqlite = is_sqlite(self._session)
        if self._new_lines:
            insert_many(
                self._session, lines.name, _LINE_COLUMNS, [_line_row(r) for r in self._new_lines]
            )
            self._new_lines = []
        if self._movements:
            for row in self._movements:
                row["effective_date"] = db_date(row["effective_date"], sqlite)
            insert_many(
                self._session,
                movements.name,
                _MOVEMENT_COLUMNS,
                [_movement_row(r) for r in self._movements],
            )
            self._movements = []
        for (scheme, code), name in self._names.items():
            exists = self._session.execute(
                select(code_names.c.name).where(
                    code_names.c.scheme == scheme, code_names.c.code == code
                )
            ).first()
            if exists is None:
                self._session.execute(
                    insert(code_names).values(scheme=scheme, code=code, name=name)
                )
        self._names = {}

    # --- handlers ------------------------------------------------------------------

    def _line(self, aggregate_id: UUID) -> tuple[int, str, int]:
        known = self._lines.get(aggregate_id)
        if known is None:
            row = self._session.execute(
                select(lines.c.key, lines.c.unit, lines.c.year).where(
                    lines.c.aggregate_id == aggregate_id.hex
                )
            ).one()
            known = self._lines[aggregate_id] = (row.key, row.unit, row.year)
        return known

    def _movement(self, notification_id: int, event: Any, kind: str, **values: Any) -> None:
        key, unit, year = self._line(event.originator_id)
        self._add(notification_id, event, kind, unit, year, line_key=key, **values)

    def _add(
        self, notification_id: int, event: Any, kind: str, unit: str, year: int, **values: Any
    ) -> None:
        row = dict(_BLANK)
        row.update(
            id=notification_id,
            unit=unit,
            year=year,
            kind=kind,
            effective_date=event.effective_date,
            recorded_at=micros(event.timestamp),
            doc=event.doc,
            actor=event.actor,
            memo=getattr(event, "memo", None),
        )
        row.update(values)
        self._movements.append(row)

    def _name(self, scheme: str, code: str | None, name: str | None) -> None:
        known = codes.function_names() if scheme == "function" else codes.economic_names()
        if code and name and code not in known:
            self._names.setdefault((scheme, code), name)

    def _unit_registered(self, _nid: int, event: Unit.Registered) -> None:
        self._session.execute(insert(units).values(code=event.code))

    def _unit_described(self, _nid: int, event: Unit.Described) -> None:
        values: dict[str, Any] = {}
        for f in ("name", "unit_type", "department"):
            if getattr(event, f) is not None:
                values[f] = getattr(event, f)
                values[f"{f}_at"] = micros(event.timestamp)
        self._session.execute(update(units).where(units.c.code == event.code).values(**values))

    def _line_opened(self, notification_id: int, event: Line.Opened) -> None:
        self._lines[event.originator_id] = (notification_id, event.unit, event.year)
        self._new_lines.append(
            {
                "key": notification_id,
                "aggregate_id": event.originator_id.hex,
                "unit": event.unit,
                "year": event.year,
                "code": event.code,
                "fund": event.fund,
                "function": event.function,
                "category": event.category,
                "economic": event.economic,
                "project": event.project,
                "project_code": event.project_code,
            }
        )

    def _appropriated(self, nid: int, event: Line.Appropriated) -> None:
        self._named(event)
        self._movement(nid, event, "appropriation", initial=to_fen(event.amount))

    def _carried_over(self, nid: int, event: Line.CarriedOver) -> None:
        self._named(event)
        self._movement(
            nid,
            event,
            "carryover",
            carried_in=to_fen(event.amount),
            origin_year=event.origin_year,
            derived=event.from_close,
        )

    def _named(self, event: Any) -> None:
        key = self._line(event.originator_id)[0]
        for row in self._new_lines:
            if row["key"] == key:
                self._name("function", row["function"], event.function_name)
                self._name("economic", row["economic"], event.economic_name)
                return
        line = self._session.execute(
            select(lines.c.function, lines.c.economic).where(lines.c.key == key)
        ).one()
        self._name("function", line.function, event.function_name)
        self._name("economic", line.economic, event.economic_name)

    def _adjusted(self, nid: int, event: Line.Adjusted) -> None:
        self._movement(nid, event, "adjustment", adjusted=to_fen(event.amount))

    def _transferred_out(self, nid: int, event: Line.TransferredOut) -> None:
        self._movement(
            nid, event, "transfer", adjusted=-to_fen(event.amount), counterpart=event.to_line
        )

    def _transferred_in(self, nid: int, event: Line.TransferredIn) -> None:
        self._movement(
            nid,
            event,
            "transfer_in",
            adjusted=to_fen(event.amount),
            counterpart=event.from_line,
            derived=True,
        )

    def _paid(self, nid: int, event: Line.Paid) -> None:
        self._name("economic", event.economic, event.economic_name)
        self._movement(
            nid,
            event,
            "payment",
            spent=to_fen(event.amount),
            economic=event.economic,
            spend_type=event.spend_type,
            procurement=event.procurement,
            payee=event.payee,
        )

    def _reversed(self, nid: int, event: Line.Reversed) -> None:
        self._movement(
            nid,
            event,
            "reversal",
            spent=-to_fen(event.amount),
            economic=event.economic,
            spend_type=event.spend_type,
            procurement=event.procurement,
            counterpart=event.reverses,
        )

    def _closed(self, nid: int, event: Line.Closed) -> None:
        self._movement(
            nid,
            event,
            "close",
            carried_out=to_fen(event.amount),
            carried_from_old=to_fen(event.carried_from_old),
            recovered_old=to_fen(event.recovered_old),
            recovered_current=to_fen(event.recovered_current),
            derived=event.by_unit,
        )

    def _income(self, nid: int, event: Book.IncomeRecorded) -> None:
        self._name("function", event.function, event.function_name)
        self._add(
            nid,
            event,
            "income",
            event.unit,
            event.year,
            income=to_fen(event.amount),
            fund=event.fund,
            function=event.function,
            income_type=event.income_type,
        )

    def _book_closed(self, nid: int, event: Book.Closed) -> None:
        self._add(nid, event, "close", event.unit, event.year)


_HANDLERS: dict[type, Callable[[Projector, int, Any], None]] = {
    Unit.Registered: Projector._unit_registered,
    Unit.Described: Projector._unit_described,
    Book.IncomeRecorded: Projector._income,
    Book.Closed: Projector._book_closed,
    Line.Opened: Projector._line_opened,
    Line.Appropriated: Projector._appropriated,
    Line.CarriedOver: Projector._carried_over,
    Line.Adjusted: Projector._adjusted,
    Line.TransferredOut: Projector._transferred_out,
    Line.TransferredIn: Projector._transferred_in,
    Line.Paid: Projector._paid,
    Line.Reversed: Projector._reversed,
    Line.Closed: Projector._closed,
}
