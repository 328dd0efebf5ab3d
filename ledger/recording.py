"""Applying journal rows to the aggregates: one unit of work per command.

A ``Recording`` holds the aggregates a command touches, applies rows to them in order,
and hands their new events to the event store in the order the rows came, together
with the voucher index entries of new payments, inside the caller's transaction.
Whether it is a file of a million rows or one form, the rules are the same.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable
from datetime import UTC, date, datetime
from typing import Any, ClassVar, TypeVar, cast
from uuid import UUID

from eventsourcing.application import AggregateNotFoundError
from eventsourcing.domain import Aggregate

from ledger.application import Ledger
from ledger.domain.book import Book
from ledger.domain.errors import DimensionMismatch, UnknownLine, UnknownPayment
from ledger.domain.facts import already
from ledger.domain.ids import book_id, line_id, unit_id
from ledger.domain.line import DIMENSIONS, Line, Payment
from ledger.domain.performance.ids import performance_id
from ledger.domain.performance.project import ProjectPerformance
from ledger.domain.unit import Unit
from ledger.domain.values import PERFORMANCE_KINDS, Kind
from ledger.index import Key, StoreIndex
from ledger.journal.row import JournalRow
from ledger.performance_recording import PerformanceRows

# A line or book loaded for a command replays the events since its last snapshot; a new
# snapshot is saved with the events whenever a multiple of this many is crossed.
SNAPSHOT_EVERY = 200

_PROVENANCE = ("effective_date", "doc", "actor", "timestamp")
_UNKNOWN = object()  # not looked for yet (None: looked for, and there is none)
# Rows that may open a line or act on the unit's book.
_BOOKKEEPING = frozenset({Kind.APPROPRIATION, Kind.CARRYOVER, Kind.INCOME, Kind.CLOSE})

A = TypeVar("A", bound=Aggregate)


# Handed each batch of recorded events (notification id, aggregate id, topic, the event's
# fields), and whether it is the command's last.
OnFlush = Callable[[list[tuple[int, UUID, str, dict[str, Any]]], bool], object]


class Recording(PerformanceRows):
    def __init__(
        self,
        ledger: Ledger,
        vouchers: StoreIndex,
        actor: str,
        on_flush: OnFlush | None = None,
    ) -> None:
        """``on_flush`` is handed each batch of recorded events (see ``OnFlush``) in the
        same transaction, to keep the read model current."""
        self._ledger = ledger
        self._on_flush = on_flush
        self._vouchers = vouchers
        self._actor = actor
        # One recorded moment for every event of the command.
        self._now = datetime.now(UTC)
        self._ids: dict[tuple[Any, ...], UUID] = {}
        self._aggregates: dict[UUID, Aggregate | None] = {}
        self._lines: dict[tuple[str, int, str], Line | None] = {}  # the same, by code
        self._loaded: dict[UUID, int] = {}  # version when loaded or snapshotted (0: new)
        self._touched: dict[UUID, Aggregate] = {}  # with events since the last flush
        self._payments: dict[Key, Payment | None] = {}
        self._new_payments: list[tuple[str, int, Payment]] = []
        self._pending: list[Any] = []
        self._projects = {}  # (unit, year) → its lines' projects (PerformanceRows)
        self.recorded = 0  # rows that made new events
        self.already = 0  # rows recorded before, recognised and skipped

    # --- loading -------------------------------------------------------------------

    def prefetch(self, rows: Iterable[JournalRow]) -> None:
        """Look up, in a few queries, the vouchers and aggregates a batch of rows is about:
        which exist, so that only those are loaded, one by one."""
        vouchers: list[Key] = []
        ids: set[UUID] = set()
        for row in rows:
            kind, unit, year = row.kind, row.unit, row.year
            if kind is Kind.PAYMENT or kind is Kind.REVERSAL:
                doc = row.doc if kind is Kind.PAYMENT else row.reverses
                if doc is not None and (unit, year, doc) not in self._payments:
                    vouchers.append((unit, year, doc))
            if row.line is not None:
                ids.add(self._line_id(unit, year, row.line))
            if row.to_line is not None:
                ids.add(self._line_id(unit, year, row.to_line))
            if kind in _BOOKKEEPING:  # may open a line, or reach the book
                ids.add(self._book_id(unit, year))
                if kind is Kind.CLOSE:  # may carry into next year's line and book
                    ids.add(self._book_id(unit, year + 1))
                    if row.line is not None:
                        ids.add(self._line_id(unit, year + 1, row.line))
            if row.unit_name or row.unit_type or row.department:
                ids.add(self._unit_id(unit))
            if kind in PERFORMANCE_KINDS:
                ids.add(self._book_id(unit, year))
                project = row.project_code or row.project
                ids.add(self._id(performance_id, unit, year, project))
        if vouchers:
            found = self._vouchers.find(vouchers)
            for key in vouchers:
                self._payments[key] = found.get(key)
        self._prefetch_ids(ids)

    def _prefetch_ids(self, ids: Iterable[UUID]) -> None:
        """Note which of these aggregates do not exist, in one query: an aggregate known
        not to exist is never looked for again (loading the others is left to ``_get``)."""
        unknown = [i for i in ids if i not in self._aggregates]
        if unknown:
            existing = self._vouchers.existing(unknown)
            for i in unknown:
                if i not in existing:
                    self._aggregates[i] = None

    def _id(self, make: Callable[..., UUID], *parts: Any) -> UUID:
        """An aggregate id, computed once per command (uuid5 is not free)."""
        key = (make, *parts)
        known = self._ids.get(key)
        if known is None:
            known = self._ids[key] = make(*parts)
        return known

    def _line_id(self, unit: str, year: int, code: str) -> UUID:
        return self._id(line_id, unit, year, code)

    def _book_id(self, unit: str, year: int) -> UUID:
        return self._id(book_id, unit, year)

    def _unit_id(self, unit: str) -> UUID:
        return self._id(unit_id, unit)

    def _get(self, aggregate_id: UUID) -> Any:
        aggregate = self._aggregates.get(aggregate_id, _UNKNOWN)
        if aggregate is _UNKNOWN:
            try:
                aggregate = self._ledger.repository.get(aggregate_id)
                self._loaded[aggregate_id] = aggregate.version
            except AggregateNotFoundError:
                aggregate = None
            self._aggregates[aggregate_id] = aggregate
        return aggregate

    def _line(self, unit: str, year: int, code: str) -> Line | None:
        key = (unit, year, code)
        line = self._lines.get(key, _UNKNOWN)
        if line is _UNKNOWN:
            line = self._lines[key] = self._get(self._line_id(unit, year, code))
        return cast("Line | None", line)

    def _existing_line(self, unit: str, year: int, code: str | None, column: str = "line") -> Line:
        # ``code`` is None only on a row whose kind names no line: the parser refused it.
        line = None if code is None else self._line(unit, year, code)
        if line is None:
            raise UnknownLine(
                f"单位 {unit} 的 {year} 年度没有指标 {code}（指标须先由年初批复或上年结转建立）",
                column=column,
            )
        return line

    def _payment(self, unit: str, year: int, doc: str) -> Payment | None:
        key = (unit, year, doc)
        if key not in self._payments:
            self.prefetch_keys([key])
        return self._payments[key]

    def prefetch_keys(self, keys: list[Key]) -> None:
        found = self._vouchers.find(keys)
        for key in keys:
            self._payments[key] = found.get(key)

    # --- saving --------------------------------------------------------------------

    def _emit(self, aggregate: Aggregate) -> None:
        self._pending.extend(aggregate.collect_events())
        self._touched[aggregate.id] = aggregate

    def _new(self, aggregate: A) -> A:
        self._aggregates[aggregate.id] = aggregate
        self._loaded[aggregate.id] = 0
        self._emit(aggregate)
        return aggregate

    def flush(self, final: bool = False) -> None:
        """Hand what is pending to the event store and the voucher index; ``final`` when
        the command will record nothing more."""
        recorded: list[tuple[int, UUID, str, dict[str, Any]]] = []
        if self._pending:
            # The mapper and the recorder of the event store, without the Recording and
            # Notification objects EventStore.put would make for every event.
            stored = list(map(self._ledger.mapper.to_stored_event, self._pending))
            ids = self._ledger.recorder.insert_events(stored) or []
            recorded = [
                (i, e.originator_id, s.topic, vars(e))
                for i, s, e in zip(ids, stored, self._pending, strict=True)
            ]
            self._pending = []
            self._snapshot()
        if self._new_payments:
            self._vouchers.add(self._new_payments)
            self._new_payments = []
        # What was looked up or recorded is in the store now: a million vouchers must not
        # stay in memory; the next batch looks up its own.
        self._payments.clear()
        if self._on_flush is not None:
            self._on_flush(recorded, final)

    def _snapshot(self) -> None:
        snapshots = []
        for aggregate_id, aggregate in self._touched.items():
            if isinstance(aggregate, ProjectPerformance):
                continue  # its state has no transcoding; a project has few events
            loaded = self._loaded[aggregate_id]
            if aggregate.version // SNAPSHOT_EVERY > loaded // SNAPSHOT_EVERY:
                snapshots.append(type(aggregate).Snapshot.take(aggregate))
                self._loaded[aggregate_id] = aggregate.version
        self._touched = {}
        if snapshots and self._ledger.snapshots is not None:
            self._ledger.snapshots.put(snapshots)

    @property
    def pending(self) -> int:
        return len(self._pending)

    # --- rows ----------------------------------------------------------------------

    def apply(self, row: JournalRow) -> bool:
        """Record one row. False when the same row was recorded before."""
        # In the order of the events' fields (QuickEvents takes them as they are).
        fact = {
            "timestamp": self._now,
            "effective_date": row.date,
            "doc": row.doc,
            "actor": row.actor or self._actor,
            "memo": row.memo,
            "row_hash": row.row_hash(),
        }
        if row.unit_name or row.unit_type or row.department:
            self._describe_unit(row, _provenance(fact))
        handler: Callable[[Recording, JournalRow, dict[str, Any]], bool] = self._handlers[row.kind]
        new = handler(self, row, fact)
        if new:
            self.recorded += 1
        else:
            self.already += 1
        return new

    def _describe_unit(self, row: JournalRow, provenance: dict[str, Any]) -> None:
        unit = self._get(self._unit_id(row.unit))
        if unit is None:
            unit = self._new(Unit.create(code=row.unit, **provenance))
        unit.describe(row.unit_name, row.unit_type, row.department, **provenance)
        self._emit(unit)

    def _opening(self, row: JournalRow, fact: dict[str, Any]) -> bool:
        """An appropriation or carry-over: creates the line, or adds to it."""
        assert row.line is not None
        line = self._line(row.unit, row.year, row.line)
        if line is None:
            line = self._open_line(row.unit, row.year, row.line, _dimensions(row), fact)
        else:
            # Fingerprint with the line's dimensions: a row that left an optional one out
            # is the same row as the one that gave it.
            fact["row_hash"] = row.row_hash(**line.dimensions())
            if _already(line.rows, row, fact["row_hash"]):
                return False
            line.require_dimensions(_dimensions(row))
        if row.kind is Kind.APPROPRIATION:
            line.appropriate(
                row.amount,
                function_name=row.function_name,
                economic_name=row.economic_name,
                **fact,
            )
        else:
            line.carry_over(
                row.amount,
                origin_year=row.year - 1,
                from_close=False,
                function_name=row.function_name,
                economic_name=row.economic_name,
                **fact,
            )
        self._emit(line)
        return True

    def _open_line(
        self, unit: str, year: int, code: str, dims: dict[str, Any], fact: dict[str, Any]
    ) -> Line:
        provenance = _provenance(fact)
        book = self._get(self._book_id(unit, year))
        if book is None:
            book = self._new(Book.create(unit=unit, year=year, **provenance))
        book.add_line(code, **provenance)
        self._emit(book)
        line: Line = self._new(Line.create(unit=unit, year=year, code=code, **dims, **provenance))
        self._lines[(unit, year, code)] = line
        self._line_opened(line)
        return line

    def _on_line(self, row: JournalRow, fact: dict[str, Any], act: Callable[[Line], None]) -> bool:
        """A fact on one existing line, restating its dimensions: recorded once."""
        line = self._existing_line(row.unit, row.year, row.line)
        if _already(line.rows, row, fact["row_hash"]):
            return False
        line.require_restated(row, with_economic=True)
        act(line)
        self._emit(line)
        return True

    def _adjustment(self, row: JournalRow, fact: dict[str, Any]) -> bool:
        return self._on_line(row, fact, lambda line: line.adjust(row.amount, **fact))

    def _carry_plan(self, row: JournalRow, fact: dict[str, Any]) -> bool:
        return self._on_line(row, fact, lambda line: line.plan_carry(row.amount, **fact))

    def _procurement_plan(self, row: JournalRow, fact: dict[str, Any]) -> bool:
        procurement = row.procurement
        assert procurement is not None  # the parser requires it on this kind
        return self._on_line(
            row, fact, lambda line: line.plan_procurement(row.amount, procurement, **fact)
        )

    def _transfer(self, row: JournalRow, fact: dict[str, Any]) -> bool:
        source = self._existing_line(row.unit, row.year, row.line)
        if _already(source.rows, row, fact["row_hash"]):
            return False
        source.require_restated(row, with_economic=True)
        target = self._existing_line(row.unit, row.year, row.to_line, "to_line")
        source.transfer_out(row.amount, target, **fact)
        target.transfer_in(row.amount, from_line=source.code, **{**fact, "row_hash": None})
        self._emit(source)
        self._emit(target)
        return True

    def _pay(self, row: JournalRow, fact: dict[str, Any]) -> bool:
        line = self._existing_line(row.unit, row.year, row.line)
        if line.paid_before(self._payment(row.unit, row.year, row.doc), row.doc, fact["row_hash"]):
            return False
        line.require_restated(row, with_economic=False)
        assert row.economic is not None
        line.pay(
            row.amount,
            economic=row.economic,
            economic_name=row.economic_name,
            spend_type=row.spend_type,
            procurement=row.procurement,
            payee=row.payee,
            **fact,
        )
        self._emit(line)
        payment = Payment(
            doc=row.doc,
            line=line.code,
            amount=row.amount,
            effective_date=row.date,
            economic=row.economic,
            spend_type=row.spend_type,
            procurement=row.procurement,
            row_hash=fact["row_hash"],
        )
        self._payments[(row.unit, row.year, row.doc)] = payment
        self._new_payments.append((row.unit, row.year, payment))
        return True

    def _reverse(self, row: JournalRow, fact: dict[str, Any]) -> bool:
        line = self._existing_line(row.unit, row.year, row.line)
        if _already(line.rows, row, fact["row_hash"]):
            return False
        line.require_restated(row, with_economic=False)
        assert row.reverses is not None
        payment = self._payment(row.unit, row.year, row.reverses)
        if payment is None:
            raise UnknownPayment(
                f"单位 {row.unit} 的 {row.year} 年度没有凭证号为 {row.reverses} 的支付",
                column="reverses",
            )
        line.reverse(row.amount, payment, row.economic, **fact)
        self._emit(line)
        return True

    def _income(self, row: JournalRow, fact: dict[str, Any]) -> bool:
        book = self._get(self._book_id(row.unit, row.year))
        if book is None:
            provenance = _provenance(fact)
            book = self._new(Book.create(unit=row.unit, year=row.year, **provenance))
        elif _already(book.rows, row, fact["row_hash"]):
            return False
        book.record_income(
            row.amount,
            fund=row.fund,
            function=row.function,
            function_name=row.function_name,
            income_type=row.income_type,
            **fact,
        )
        self._emit(book)
        return True

    def _close(self, row: JournalRow, fact: dict[str, Any]) -> bool:
        if row.line is None:
            return self._close_unit(row, fact)
        line = self._existing_line(row.unit, row.year, row.line)
        if _already(line.rows, row, fact["row_hash"]):
            return False
        line.require_restated(row, with_economic=True)
        self._close_line(line, row.amount, by_unit=False, fact=fact)
        return True

    def _close_unit(self, row: JournalRow, fact: dict[str, Any]) -> bool:
        book = self._get(self._book_id(row.unit, row.year))
        if book is None:
            raise UnknownLine(f"单位 {row.unit} 的 {row.year} 年度没有任何指标，无需结账", "unit")
        if _already(book.rows, row, fact["row_hash"]):
            return False
        book.require_open()
        derived = {**fact, "row_hash": None}
        # The lines and next year's: which exist, in one query rather than one per line.
        self._prefetch_ids(
            [self._book_id(row.unit, row.year + 1)]
            + [
                self._line_id(row.unit, y, code)
                for code in book.lines
                for y in (row.year, row.year + 1)
            ]
        )
        for code in book.lines:
            line = self._existing_line(row.unit, row.year, code)
            if not line.closed:
                self._close_line(line, row.amount, by_unit=True, fact=derived)
        book.close(**fact)
        self._emit(book)
        return True

    def _close_line(self, line: Line, amount: Any, by_unit: bool, fact: dict[str, Any]) -> None:
        line.close(amount, by_unit=by_unit, **fact)
        closed = cast(Line.Closed, line.pending_events[-1])
        self._emit(line)
        if not closed.carry_origins:
            return
        year = line.year + 1
        carried = {
            "effective_date": date(year, 1, 1),
            "doc": fact["doc"],
            "actor": fact["actor"],
            "timestamp": fact["timestamp"],
            "memo": None,
            "row_hash": None,
        }
        target = self._line(line.unit, year, line.code)
        if target is None:
            target = self._open_line(line.unit, year, line.code, line.dimensions(), carried)
        else:
            try:
                target.require_dimensions(line.dimensions())
            except DimensionMismatch as err:
                raise DimensionMismatch(
                    f"{year} 年度的同编号指标与本指标不同：{err}", "line"
                ) from None
        for origin, amount_carried in closed.carry_origins.items():
            target.carry_over(
                amount_carried,
                origin_year=int(origin),
                from_close=True,
                function_name=None,
                economic_name=None,
                **carried,
            )
        self._emit(target)

    _handlers: ClassVar[dict[Kind, Callable[..., bool]]] = {
        Kind.APPROPRIATION: _opening,
        Kind.CARRYOVER: _opening,
        Kind.ADJUSTMENT: _adjustment,
        Kind.TRANSFER: _transfer,
        Kind.PAYMENT: _pay,
        Kind.REVERSAL: _reverse,
        Kind.INCOME: _income,
        Kind.CLOSE: _close,
        Kind.CARRY_PLAN: _carry_plan,
        Kind.PROCUREMENT_PLAN: _procurement_plan,
        **dict.fromkeys(PERFORMANCE_KINDS, PerformanceRows._performance),
    }


def _provenance(fact: dict[str, Any]) -> dict[str, Any]:
    return {k: fact[k] for k in _PROVENANCE}


def _dimensions(row: JournalRow) -> dict[str, Any]:
    return {name: getattr(row, name) for name in DIMENSIONS}


def _already(rows: dict[str, str], row: JournalRow, row_hash: str) -> bool:
    return already(rows, row.kind, row.doc, row.reverses, row_hash)
