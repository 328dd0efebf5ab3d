"""Stored events → read-model rows, in notification order, with the tracking position in
the same transaction as the rows it covers.

One ``Projector`` serves every way of keeping the read model current: catching up after
each command (SQLite and the default on PostgreSQL), a full rebuild, and following live
with eventsourcing's ``ProjectionRunner`` (see ``projections.follow``). It takes each
event as its topic and a dict of its fields (``ledger.state``): decoded from the stored
state when replaying, the live event's own when a command has just recorded it. No domain
event objects are built to replay: a rebuild replays a million events.

Each kind of movement is written with only the columns it uses (the others keep their
defaults, 0 or NULL): a payment binds 15 values, not 30. Which columns, and from which of
the event's fields, is declared once in ``projections.schema`` (``Kind``); the rows, the
insert statements and the monthly sums are derived from that declaration at import.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable
from operator import itemgetter
from typing import Any
from uuid import UUID

from eventsourcing.utils import get_topic
from sqlalchemy import insert, select, update
from sqlalchemy.orm import Session

from ledger import codes
from ledger.bulk import insert_many
from ledger.domain.book import Book
from ledger.domain.line import Line
from ledger.domain.performance.project import ProjectPerformance
from ledger.domain.unit import Unit
from ledger.state import day, fen, moment
from projections.moments import micros
from projections.schema import (
    ADJUSTMENT,
    APPROPRIATION,
    CARRY_PLAN,
    CARRYOVER,
    CLOSE,
    CLOSE_BY_UNIT,
    INCOME,
    KINDS,
    PAYMENT,
    PROCUREMENT_PLAN,
    REVERSAL,
    TRANSFER,
    TRANSFER_IN,
    UNIT_CLOSE,
    Kind,
    code_names,
    line_months,
    lines,
    performance_facts,
    performance_projects,
    units,
)

APPLICATION = "Ledger"

# An event as the projector takes it: notification id, aggregate id (a UUID, or its 16
# bytes as SQLite gives them back), topic, and its fields as stored or live (ledger.state).
Fact = tuple[int, UUID | bytes, str, dict[str, Any]]
Values = Callable[[dict[str, Any]], tuple[Any, ...]]

_LINE_COLUMNS = tuple(c.name for c in lines.columns)
_OPENED = itemgetter(*_LINE_COLUMNS[2:])  # the Opened event's fields of the same names
# The columns every movement has, in the order ``Projector._base`` gives them.
_BASE: tuple[str, ...]
_BASE = ("id", "line_key", "unit", "year", "kind", "effective_date", "recorded_at", "doc")
_BASE += ("actor", "memo")
_DAY = _BASE.index("effective_date")

_MONTH_COLUMNS = tuple(c.name for c in line_months.columns)
_MONTH_SUMS = _MONTH_COLUMNS[4:]  # after line_key, month, unit, year
# Positions in a month's list [unit, year, *sums].
_AT = {name: i for i, name in enumerate(_MONTH_SUMS, start=2)}
# Monthly sums held before they are added to ``line_month``: a city has 12,000 lines.
MONTHS_HELD = 50_000


def _values(kind: Kind) -> Values:
    """The event's values for ``kind``'s own columns, in their order: its amounts as fen
    (negated if so declared), the fields it copies, the values it fixes. Compiled once
    into one expression, ``lambda f: (fen(f["amount"]), f["economic"], …)``: as fast as
    a tuple written by hand, on the path a rebuild takes a million times."""
    sign = "-" if kind.negated else ""
    parts = [f"{sign}fen(f[{field!r}])" for field in kind.money.values()]
    parts += [f"f[{field!r}]" for field in kind.copied.values()]
    parts += [repr(value) for value in kind.fixed.values()]
    return eval(f"lambda f: ({''.join(p + ', ' for p in parts)})", {"fen": fen})  # type: ignore[no-any-return]  # eval is untyped


class _Shape:
    """A kind of movement as the projector runs it, derived once from its ``Kind``: its
    insert columns and, per event, the values in the same order and where they add up in
    the line's month."""

    __slots__ = ("columns", "counted", "kind", "monthly", "sums", "values")

    def __init__(self, kind: Kind) -> None:
        self.kind = kind.kind
        self.columns = (*_BASE, *kind.money, *kind.copied, *kind.fixed)
        self.values = _values(kind)
        # (the amount's place among the values, its place in the month) for the amounts
        # that are monthly sums
        self.sums = tuple((i, _AT[name]) for i, name in enumerate(kind.money) if name in _AT)
        self.counted = tuple(_AT[name] for name in kind.counted)
        self.monthly = bool(self.sums or self.counted)


_SHAPES = {kind: _Shape(kind) for kind in KINDS}


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
        self._movements: dict[_Shape, list[tuple[Any, ...]]] = {s: [] for s in _SHAPES.values()}
        self._months: dict[tuple[int, int], list[Any]] = {}  # (line, month) → unit, year, sums
        self._new_lines: list[tuple[Any, ...]] = []
        self._names: dict[tuple[str, str], str] = {}
        self._moment: tuple[Any, int] = (None, 0)  # the last moment converted, and its µs
        # Performance: each aggregate's (unit, year, project), and the facts to insert.
        self._projects: dict[bytes, tuple[str, int, str]] = {}
        self._new_projects: list[tuple[Any, ...]] = []
        self._performance: list[tuple[Any, ...]] = []

    def project(self, batch: Iterable[Fact]) -> None:
        handlers = _HANDLERS
        for notification_id, aggregate_id, topic, values in batch:
            known = handlers.get(topic)
            if known is not None:
                handler, shape = known
                aggregate = aggregate_id if isinstance(aggregate_id, bytes) else aggregate_id.bytes
                handler(self, shape, notification_id, aggregate, values)
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
        if self._new_projects:
            insert_many(session, performance_projects.name, _PROJECT_COLUMNS, self._new_projects)
            self._new_projects = []
        if self._performance:
            insert_many(session, performance_facts.name, _FACT_COLUMNS, self._performance)
            self._performance = []
        for shape, rows in self._movements.items():
            if rows:
                insert_many(session, "movement", shape.columns, rows)
                self._movements[shape] = []
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

    def _name(self, scheme: str, code: str | None, name: str | None) -> None:
        if name and code:
            known = codes.function_names() if scheme == "function" else codes.economic_names()
            if code not in known:
                self._names.setdefault((scheme, code), name)

    # --- handlers ------------------------------------------------------------------

    def _line_movement(self, shape: _Shape, nid: int, aggregate: bytes, f: dict[str, Any]) -> _Line:
        """A movement of a line, and its monthly sums added to the line's month."""
        line = self._line(aggregate)
        row = self._base(nid, f, shape.kind, line.key, line.unit, line.year)
        values = shape.values(f)
        self._movements[shape].append(row + values)
        if shape.monthly:
            key = (line.key, int(row[_DAY][5:7]))  # the month of the ISO business date
            sums = self._months.get(key)
            if sums is None:
                sums = self._months[key] = [line.unit, line.year, *([0] * len(_MONTH_SUMS))]
            for i, at in shape.sums:
                sums[at] += values[i]
            for at in shape.counted:
                sums[at] += 1
        return line

    def _unit_movement(self, shape: _Shape, nid: int, _id: bytes, f: dict[str, Any]) -> None:
        """A movement of a unit's book, of no line."""
        row = self._base(nid, f, shape.kind, None, f["unit"], f["year"])
        self._movements[shape].append(row + shape.values(f))

    def _named_line_movement(
        self, shape: _Shape, nid: int, aggregate: bytes, f: dict[str, Any]
    ) -> None:
        line = self._line_movement(shape, nid, aggregate, f)
        self._name("function", line.function, f["function_name"])
        self._name("economic", line.economic, f["economic_name"])

    def _paid(self, shape: _Shape, nid: int, aggregate: bytes, f: dict[str, Any]) -> None:
        self._line_movement(shape, nid, aggregate, f)
        if f["economic_name"]:
            self._name("economic", f["economic"], f["economic_name"])

    def _closed(self, shape: _Shape, nid: int, aggregate: bytes, f: dict[str, Any]) -> None:
        self._line_movement(_SHAPES[CLOSE_BY_UNIT] if f["by_unit"] else shape, nid, aggregate, f)

    def _income(self, shape: _Shape, nid: int, _id: bytes, f: dict[str, Any]) -> None:
        self._name("function", f["function"], f["function_name"])
        self._unit_movement(shape, nid, _id, f)

    def _unit_registered(self, _: Any, _nid: int, _id: bytes, f: dict[str, Any]) -> None:
        self._session.execute(insert(units).values(code=f["code"]))

    def _unit_described(self, _: Any, _nid: int, _id: bytes, f: dict[str, Any]) -> None:
        values: dict[str, Any] = {}
        for name in ("name", "unit_type", "department"):
            if f[name] is not None:
                values[name] = f[name]
                values[f"{name}_at"] = self._micros(f["timestamp"])
        self._session.execute(update(units).where(units.c.code == f["code"]).values(**values))

    def _line_opened(self, _: Any, nid: int, aggregate: bytes, f: dict[str, Any]) -> None:
        self._lines[aggregate] = _Line(nid, f["unit"], f["year"], f["function"], f["economic"])
        self._new_lines.append((nid, aggregate.hex(), *_OPENED(f)))

    # --- performance -----------------------------------------------------------------

    def _project_opened(self, _: Any, _nid: int, aggregate: bytes, f: dict[str, Any]) -> None:
        self._projects[aggregate] = (f["unit"], f["year"], f["project"])
        self._new_projects.append((aggregate.hex(), f["unit"], f["year"], f["project"]))

    def _project(self, aggregate: bytes) -> tuple[str, int, str]:
        known = self._projects.get(aggregate)
        if known is None:
            c = performance_projects.c
            row = self._session.execute(
                select(c.unit, c.year, c.project).where(c.aggregate_id == aggregate.hex())
            ).one()
            known = self._projects[aggregate] = (row[0], row[1], row[2])
        return known

    def _performance_fact(self, kind: str, nid: int, aggregate: bytes, f: dict[str, Any]) -> None:
        unit, year, project = self._project(aggregate)
        weight, score = f.get("weight"), f.get("score")
        self._performance.append(
            (
                nid,
                unit,
                year,
                project,
                kind,
                day(f["effective_date"]),
                self._micros(f["timestamp"]),
                f["doc"],
                f["actor"],
                f["memo"],
                f["level1"],
                f["level2"],
                f["indicator"],
                f.get("target", ""),
                f.get("actual", ""),
                None if weight is None else fen(weight),
                None if score is None else fen(score),
                f.get("reason", ""),
            )
        )


_PROJECT_COLUMNS = tuple(c.name for c in performance_projects.columns)
_FACT_COLUMNS = tuple(c.name for c in performance_facts.columns)

# A handler may return what it made (the line it opened); the projector ignores it.
Handler = Callable[[Projector, Any, int, bytes, dict[str, Any]], object]

# Each event the read model takes: how it is projected, and as which kind of movement.
_HANDLERS: dict[str, tuple[Handler, _Shape | str | None]] = {
    get_topic(cls): (handler, _SHAPES[kind] if isinstance(kind, Kind) else kind)
    for cls, kind, handler in (
        (Unit.Registered, None, Projector._unit_registered),
        (Unit.Described, None, Projector._unit_described),
        (Line.Opened, None, Projector._line_opened),
        (Line.Appropriated, APPROPRIATION, Projector._named_line_movement),
        (Line.CarriedOver, CARRYOVER, Projector._named_line_movement),
        (Line.Adjusted, ADJUSTMENT, Projector._line_movement),
        (Line.CarryPlanned, CARRY_PLAN, Projector._line_movement),
        (Line.ProcurementPlanned, PROCUREMENT_PLAN, Projector._line_movement),
        (Line.TransferredOut, TRANSFER, Projector._line_movement),
        (Line.TransferredIn, TRANSFER_IN, Projector._line_movement),
        (Line.Paid, PAYMENT, Projector._paid),
        (Line.Reversed, REVERSAL, Projector._line_movement),
        (Line.Closed, CLOSE, Projector._closed),
        (Book.IncomeRecorded, INCOME, Projector._income),
        (Book.Closed, UNIT_CLOSE, Projector._unit_movement),
        (ProjectPerformance.Opened, None, Projector._project_opened),
        (ProjectPerformance.TargetSet, "target", Projector._performance_fact),
        (ProjectPerformance.TargetRevised, "target_revision", Projector._performance_fact),
        (ProjectPerformance.ProgressObserved, "progress", Projector._performance_fact),
        (ProjectPerformance.Evaluated, "evaluation", Projector._performance_fact),
    )
}
