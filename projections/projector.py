"""Events → read-model rows, in notification order, with the tracking position in the
same transaction as the rows it covers.

One ``Projector`` serves every way of keeping the read model current: catching up after
each command (SQLite and the default on PostgreSQL), a full rebuild, and following live
with eventsourcing's ``ProjectionRunner`` (see ``projections.follow``).
"""

from __future__ import annotations

from collections.abc import Callable, Iterable
from datetime import datetime
from typing import Any
from uuid import UUID

from sqlalchemy import insert, select, update
from sqlalchemy.orm import Session

from ledger import codes
from ledger.bulk import db_date, insert_records, is_sqlite
from ledger.domain.book import Book
from ledger.domain.line import Line
from ledger.domain.unit import Unit
from ledger.money import to_fen
from projections.moments import micros
from projections.schema import MEASURES, code_names, lines, movements, units

APPLICATION = "Ledger"


_MOVEMENT_COLUMNS = tuple(c.name for c in movements.columns)
_LINE_COLUMNS = tuple(c.name for c in lines.columns)

_MONTH_COLUMNS = ("line_key", "month", "unit", "year", *MEASURES, "closes")
_MONTH_SUMS = (*MEASURES, "closes")
_MONTH_INDEX = {name: i for i, name in enumerate(MEASURES, start=2)}


def _month_upsert(session: Session) -> str:
    mark = "?" if session.connection().dialect.paramstyle == "qmark" else "%s"
    added = ", ".join(f"{c} = line_month.{c} + excluded.{c}" for c in _MONTH_SUMS)
    return (
        f"INSERT INTO line_month ({', '.join(_MONTH_COLUMNS)}) "
        f"VALUES ({', '.join([mark] * len(_MONTH_COLUMNS))}) "
        f"ON CONFLICT (line_key, month) DO UPDATE SET {added}"
    )


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

    def __init__(self, session: Session, defer_months: bool = False) -> None:
        """With ``defer_months`` (a rebuild into empty tables) the monthly sums are held
        until ``finish`` and written once, instead of being added to batch by batch."""
        self._session = session
        self._defer_months = defer_months
        self._lines: dict[UUID, tuple[int, str, int]] = {}  # aggregate → key, unit, year
        self._movements: list[dict[str, Any]] = []
        self._months: dict[tuple[int, int], list[Any]] = {}  # (line, month) → unit, year, sums
        self._new_lines: dict[int, dict[str, Any]] = {}  # by line key, until written
        self._names: dict[tuple[str, str], str] = {}
        self._last_moment: tuple[datetime | None, int] = (None, 0)

    def project(self, batch: Iterable[tuple[int, Any]]) -> None:
        for notification_id, event in batch:
            handler = _HANDLERS.get(type(event))
            if handler is not None:
                handler(self, notification_id, event)
        self._write()

    def _write(self) -> None:
        sqlite = is_sqlite(self._session)
        if self._new_lines:
            insert_records(self._session, lines.name, _LINE_COLUMNS, list(self._new_lines.values()))
            self._new_lines = {}
        if self._months and not self._defer_months:
            self._write_months()
        if self._movements:
            for row in self._movements:
                row["effective_date"] = db_date(row["effective_date"], sqlite)
            insert_records(
                self._session,
                movements.name,
                _MOVEMENT_COLUMNS,
                self._movements,
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

    def _write_months(self) -> None:
        self._session.connection().exec_driver_sql(
            _month_upsert(self._session),
            [(line, month, *sums) for (line, month), sums in self._months.items()],
        )
        self._months = {}

    def finish(self) -> None:
        """Write what is held back (the monthly sums of a rebuild)."""
        if self._months:
            self._write_months()

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
        row = {
            **_BLANK,
            "id": notification_id,
            "unit": unit,
            "year": year,
            "kind": kind,
            "effective_date": event.effective_date,
            "recorded_at": self._micros(event.timestamp),
            "doc": event.doc,
            "actor": event.actor,
            "memo": getattr(event, "memo", None),
            **values,
        }
        self._movements.append(row)
        line_key = row["line_key"]
        if line_key is not None:
            key = (line_key, row["effective_date"].month)
            sums = self._months.get(key)
            if sums is None:
                sums = self._months[key] = [unit, year, *([0] * len(_MONTH_SUMS))]
            for name, value in values.items():
                index = _MONTH_INDEX.get(name)
                if index is not None:
                    sums[index] += value
            if kind == "close":
                sums[-1] += 1

    def _micros(self, moment: datetime) -> int:
        # The events of one command share one moment: convert it once.
        if moment is not self._last_moment[0]:
            self._last_moment = (moment, micros(moment))
        return self._last_moment[1]

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
        self._new_lines[notification_id] = {
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
        row = self._new_lines.get(key)
        if row is not None:
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
