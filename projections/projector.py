"""Stored events → read-model rows, in notification order, with the tracking position in
the same transaction as the rows it covers.

One ``Projector`` serves every way of keeping the read model current: catching up after
each command (SQLite and the default on PostgreSQL), a full rebuild, and following live
with eventsourcing's ``ProjectionRunner`` (see ``projections.follow``). It takes each
event as its topic and a dict of its fields (``ledger.state``): decoded from the stored
state when replaying, the live event's own when a command has just recorded it. No domain
event objects are built to replay: a rebuild replays a million events.

Each kind of movement is written with only the columns it uses (the others keep their
defaults, 0 or NULL): a payment binds 15 values, not 30.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable
from typing import Any
from uuid import UUID

from eventsourcing.utils import get_topic
from sqlalchemy import insert, select, update
from sqlalchemy.orm import Session

from ledger import codes
from ledger.bulk import insert_many
from ledger.domain.book import Book
from ledger.domain.line import Line
from ledger.domain.unit import Unit
from ledger.state import day, fen, moment
from projections.moments import micros
from projections.schema import MEASURES, code_names, lines, units

APPLICATION = "Ledger"

# An event as the projector takes it: notification id, aggregate id (a UUID, or its 16
# bytes as SQLite gives them back), topic, and its fields as stored or live (ledger.state).
Fact = tuple[int, UUID | bytes, str, dict[str, Any]]

_LINE_COLUMNS = tuple(c.name for c in lines.columns)
_BASE: tuple[str, ...]
_BASE = ("id", "line_key", "unit", "year", "kind", "effective_date", "recorded_at", "doc")
_BASE += ("actor", "memo")
_DAY = _BASE.index("effective_date")
_MOVEMENT_COLUMNS: dict[str, tuple[str, ...]] = {
    "appropriation": (*_BASE, "initial"),
    "carryover": (*_BASE, "carried_in", "origin_year", "derived"),
    "adjustment": (*_BASE, "adjusted"),
    "transfer": (*_BASE, "adjusted", "counterpart"),
    "transfer_in": (*_BASE, "adjusted", "counterpart", "derived"),
    "payment": (*_BASE, "spent", "economic", "spend_type", "procurement", "payee"),
    "reversal": (*_BASE, "spent", "economic", "spend_type", "procurement", "counterpart"),
    "close": (*_BASE, "carried_out", "carried_from_old", "recovered_old", "recovered_current"),
    "close_by_unit": (
        *_BASE,
        "carried_out",
        "carried_from_old",
        "recovered_old",
        "recovered_current",
        "derived",
    ),
    "income": (*_BASE, "income", "fund", "function", "income_type"),
}

_MONTH_COLUMNS = ("line_key", "month", "unit", "year", *MEASURES, "closes")
_MONTH_SUMS = (*MEASURES, "closes")
# Positions in a month's list [unit, year, *sums].
_AT = {name: i for i, name in enumerate(_MONTH_SUMS, start=2)}
INITIAL, CARRIED_IN, ADJUSTED, SPENT = (_AT[n] for n in MEASURES[:4])
CARRIED_OUT, FROM_OLD, RECOVERED_OLD, RECOVERED_CURRENT = (_AT[n] for n in MEASURES[5:9])
CLOSES = _AT["closes"]
# Monthly sums held before they are added to ``line_month``: a city has 12,000 lines.
MONTHS_HELD = 50_000


def _month_upsert(session: Session) -> str:
    mark = "?" if session.connection().dialect.paramstyle == "qmark" else "%s"
    added = ", ".join(f"{c} = line_month.{c} + excluded.{c}" for c in _MONTH_SUMS)
    return (
        f"INSERT INTO line_month ({', '.join(_MONTH_COLUMNS)}) "
        f"VALUES ({', '.join([mark] * len(_MONTH_COLUMNS))}) "
        f"ON CONFLICT (line_key, month) DO UPDATE SET {added}"
    )


class _Line:
    """What the projector knows of a line: its key in the read model and dimensions."""

    __slots__ = ("economic", "function", "key", "unit", "year")

    def __init__(self, key: int, unit: str, year: int, function: str, economic: str | None):
        self.key = key
        self.unit = unit
        self.year = year
        self.function = function
        self.economic = economic


class Projector:
    """Folds batches of stored events into rows and writes them with one statement per
    table and kind of movement. Monthly sums are held across batches (up to
    ``MONTHS_HELD`` of them) and added to ``line_month`` by ``finish``."""

    def __init__(self, session: Session) -> None:
        self._session = session
        self._lines: dict[bytes, _Line] = {}  # by aggregate id
        self._movements: dict[str, list[tuple[Any, ...]]] = {k: [] for k in _MOVEMENT_COLUMNS}
        self._months: dict[tuple[int, int], list[Any]] = {}  # (line, month) → unit, year, sums
        self._new_lines: list[tuple[Any, ...]] = []
        self._names: dict[tuple[str, str], str] = {}
        self._moment: tuple[Any, int] = (None, 0)  # the last moment converted, and its µs

    def project(self, batch: Iterable[Fact]) -> None:
        handlers = _HANDLERS
        for notification_id, aggregate_id, topic, values in batch:
            handler = handlers.get(topic)
            if handler is not None:
                aggregate = aggregate_id if isinstance(aggregate_id, bytes) else aggregate_id.bytes
                handler(self, notification_id, aggregate, values)
        self._write()
        if len(self._months) > MONTHS_HELD:
            self.finish()

    def finish(self) -> None:
        """Add the monthly sums held so far to ``line_month``."""
        if self._months:
            self._session.connection().exec_driver_sql(
                _month_upsert(self._session),
                [(line, month, *sums) for (line, month), sums in self._months.items()],
            )
            self._months = {}

    def _write(self) -> None:
        session = self._session
        if self._new_lines:
            insert_many(session, lines.name, _LINE_COLUMNS, self._new_lines)
            self._new_lines = []
        for kind, rows in self._movements.items():
            if rows:
                insert_many(session, "movement", _MOVEMENT_COLUMNS[kind], rows)
                self._movements[kind] = []
        for (scheme, code), name in self._names.items():
            exists = session.execute(
                select(code_names.c.name).where(
                    code_names.c.scheme == scheme, code_names.c.code == code
                )
            ).first()
            if exists is None:
                session.execute(insert(code_names).values(scheme=scheme, code=code, name=name))
        self._names = {}

    # --- helpers -------------------------------------------------------------------

    def _line(self, aggregate: bytes) -> _Line:
        known = self._lines.get(aggregate)
        if known is None:
            c = lines.c
            row = self._session.execute(
                select(c.key, c.unit, c.year, c.function, c.economic).where(
                    c.aggregate_id == aggregate.hex()
                )
            ).one()
            known = self._lines[aggregate] = _Line(*row)
        return known

    def _micros(self, value: Any) -> int:
        # The events of one command share one moment: convert it once.
        if value != self._moment[0]:
            self._moment = (value, micros(moment(value)))
        return self._moment[1]

    def _base(
        self, nid: int, f: dict[str, Any], kind: str, line_key: int | None, unit: str, year: int
    ) -> tuple[Any, ...]:
        return (
            nid,
            line_key,
            unit,
            year,
            kind,
            day(f["effective_date"]),
            self._micros(f["timestamp"]),
            f["doc"],
            f["actor"],
            f["memo"],
        )

    def _month(self, line: _Line, row: tuple[Any, ...], at: int, amount: int) -> None:
        key = (line.key, int(row[_DAY][5:7]))  # the month of the ISO business date
        sums = self._months.get(key)
        if sums is None:
            sums = self._months[key] = [line.unit, line.year, *([0] * len(_MONTH_SUMS))]
        sums[at] += amount

    def _line_movement(
        self, kind: str, nid: int, aggregate: bytes, f: dict[str, Any], *values: Any
    ) -> tuple[_Line, tuple[Any, ...]]:
        line = self._line(aggregate)
        row = self._base(nid, f, kind, line.key, line.unit, line.year)
        if values:
            row += values
        self._movements[kind].append(row)
        return line, row

    def _name(self, scheme: str, code: str | None, name: str | None) -> None:
        if name and code:
            known = codes.function_names() if scheme == "function" else codes.economic_names()
            if code not in known:
                self._names.setdefault((scheme, code), name)

    # --- handlers ------------------------------------------------------------------

    def _unit_registered(self, _nid: int, _id: bytes, f: dict[str, Any]) -> None:
        self._session.execute(insert(units).values(code=f["code"]))

    def _unit_described(self, _nid: int, _id: bytes, f: dict[str, Any]) -> None:
        values: dict[str, Any] = {}
        for name in ("name", "unit_type", "department"):
            if f[name] is not None:
                values[name] = f[name]
                values[f"{name}_at"] = self._micros(f["timestamp"])
        self._session.execute(update(units).where(units.c.code == f["code"]).values(**values))

    def _line_opened(self, nid: int, aggregate: bytes, f: dict[str, Any]) -> None:
        self._lines[aggregate] = _Line(nid, f["unit"], f["year"], f["function"], f["economic"])
        self._new_lines.append(
            (
                nid,
                aggregate.hex(),
                f["unit"],
                f["year"],
                f["code"],
                f["fund"],
                f["function"],
                f["category"],
                f["economic"],
                f["project"],
                f["project_code"],
            )
        )

    def _named(self, line: _Line, f: dict[str, Any]) -> None:
        self._name("function", line.function, f["function_name"])
        self._name("economic", line.economic, f["economic_name"])

    def _appropriated(self, nid: int, aggregate: bytes, f: dict[str, Any]) -> None:
        amount = fen(f["amount"])
        line, row = self._line_movement("appropriation", nid, aggregate, f, amount)
        self._named(line, f)
        self._month(line, row, INITIAL, amount)

    def _carried_over(self, nid: int, aggregate: bytes, f: dict[str, Any]) -> None:
        amount = fen(f["amount"])
        line, row = self._line_movement(
            "carryover", nid, aggregate, f, amount, f["origin_year"], f["from_close"]
        )
        self._named(line, f)
        self._month(line, row, CARRIED_IN, amount)

    def _adjusted(self, nid: int, aggregate: bytes, f: dict[str, Any]) -> None:
        amount = fen(f["amount"])
        line, row = self._line_movement("adjustment", nid, aggregate, f, amount)
        self._month(line, row, ADJUSTED, amount)

    def _transferred_out(self, nid: int, aggregate: bytes, f: dict[str, Any]) -> None:
        amount = -fen(f["amount"])
        line, row = self._line_movement("transfer", nid, aggregate, f, amount, f["to_line"])
        self._month(line, row, ADJUSTED, amount)

    def _transferred_in(self, nid: int, aggregate: bytes, f: dict[str, Any]) -> None:
        amount = fen(f["amount"])
        line, row = self._line_movement(
            "transfer_in", nid, aggregate, f, amount, f["from_line"], True
        )
        self._month(line, row, ADJUSTED, amount)

    def _paid(self, nid: int, aggregate: bytes, f: dict[str, Any]) -> None:
        amount = fen(f["amount"])
        economic = f["economic"]
        line, row = self._line_movement(
            "payment",
            nid,
            aggregate,
            f,
            amount,
            economic,
            f["spend_type"],
            f["procurement"],
            f["payee"],
        )
        if f["economic_name"]:
            self._name("economic", economic, f["economic_name"])
        self._month(line, row, SPENT, amount)

    def _reversed(self, nid: int, aggregate: bytes, f: dict[str, Any]) -> None:
        amount = -fen(f["amount"])
        line, row = self._line_movement(
            "reversal",
            nid,
            aggregate,
            f,
            amount,
            f["economic"],
            f["spend_type"],
            f["procurement"],
            f["reverses"],
        )
        self._month(line, row, SPENT, amount)

    def _closed(self, nid: int, aggregate: bytes, f: dict[str, Any]) -> None:
        figures = (
            fen(f["amount"]),
            fen(f["carried_from_old"]),
            fen(f["recovered_old"]),
            fen(f["recovered_current"]),
        )
        line = self._line(aggregate)
        row = self._base(nid, f, "close", line.key, line.unit, line.year) + figures
        if f["by_unit"]:
            self._movements["close_by_unit"].append((*row, True))
        else:
            self._movements["close"].append(row)
        for at, amount in zip(
            (CARRIED_OUT, FROM_OLD, RECOVERED_OLD, RECOVERED_CURRENT), figures, strict=True
        ):
            self._month(line, row, at, amount)
        self._month(line, row, CLOSES, 1)

    def _income(self, nid: int, _id: bytes, f: dict[str, Any]) -> None:
        self._name("function", f["function"], f["function_name"])
        row = self._base(nid, f, "income", None, f["unit"], f["year"])
        row += (fen(f["amount"]), f["fund"], f["function"], f["income_type"])
        self._movements["income"].append(row)

    def _book_closed(self, nid: int, _id: bytes, f: dict[str, Any]) -> None:
        # A unit-wide close: a movement of no line and no amount.
        self._movements["close"].append(
            (*self._base(nid, f, "close", None, f["unit"], f["year"]), 0, 0, 0, 0)
        )


_HANDLERS: dict[str, Callable[[Projector, int, bytes, dict[str, Any]], None]] = {
    get_topic(cls): handler
    for cls, handler in (
        (Unit.Registered, Projector._unit_registered),
        (Unit.Described, Projector._unit_described),
        (Book.IncomeRecorded, Projector._income),
        (Book.Closed, Projector._book_closed),
        (Line.Opened, Projector._line_opened),
        (Line.Appropriated, Projector._appropriated),
        (Line.CarriedOver, Projector._carried_over),
        (Line.Adjusted, Projector._adjusted),
        (Line.TransferredOut, Projector._transferred_out),
        (Line.TransferredIn, Projector._transferred_in),
        (Line.Paid, Projector._paid),
        (Line.Reversed, Projector._reversed),
        (Line.Closed, Projector._closed),
    )
}
