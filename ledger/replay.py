"""The audit replay: every aggregate rebuilt from its events alone, every event judged by
the ledger's own rules in recording order, and what is derived from the events (the
voucher index, the snapshots, and through ``observer`` the read model) recomputed and
compared with what is stored.

It trusts nothing but the events: no snapshot is loaded, no voucher looked up in the
stored index. Each event is re-commanded: the aggregate's own command (``pay``,
``reverse``, ``close``, …) is called on the state replayed so far with the event's own
fields, so a fact the rules would have refused raises the refusal the user would have
seen, and a fact the rules would have recorded differently (a close's figures, a
reversal's economic code) differs from the event the command makes. After a refused
event the stored one is applied as it stands: later events are judged against the state
the ledger itself then had.

Memory: the aggregates (a city: 12,000 lines and their books and units) and the few
facts still awaiting their other half (a transfer's receiving side, a close's carry-over);
events are streamed, payments kept in a scratch SQLite file (``ledger.scratch``).
"""

from __future__ import annotations

import time
from collections.abc import Callable, Iterator
from dataclasses import dataclass, field
from datetime import UTC, date, datetime, timedelta
from decimal import Decimal
from typing import Any, Protocol
from uuid import UUID

from eventsourcing.domain import Aggregate
from eventsourcing.persistence import StoredEvent
from eventsourcing.utils import get_topic
from sqlalchemy import Connection, Engine

from ledger.application import make_mapper
from ledger.domain import rules
from ledger.domain.book import Book
from ledger.domain.errors import LedgerError, UnknownLine, UnknownPayment
from ledger.domain.facts import already
from ledger.domain.ids import book_id, line_id, unit_id
from ledger.domain.line import ZERO, Line, Payment
from ledger.domain.unit import Unit
from ledger.domain.values import Kind
from ledger.index import VOUCHER_COLUMNS
from ledger.money import from_fen, show, to_fen
from ledger.scratch import Scratch
from ledger.verify import MAX_PROBLEMS, Problem, snapshot_of, stream

FETCH = 2000
# How far an event's own recorded time may be from the database's (clocks of client and
# server differ a little; a command's events share the moment it started).
CLOCK_TOLERANCE = timedelta(minutes=5)

# A fact as the read model's projector takes it (see ``projections.projector``).
Fact = tuple[int, bytes, str, dict[str, Any]]


class Observer(Protocol):
    """Recomputes something more from the same events (the read model): handed every
    batch in order, then asked for its differences, in the replay's snapshot."""

    def take(self, facts: list[Fact]) -> None: ...

    def finish(
        self, connection: Connection, last_id: int, report: Callable[[Problem], None]
    ) -> None: ...


@dataclass
class Replay:
    events: int = 0
    last_id: int = 0
    aggregates: int = 0
    payments: int = 0
    snapshots: int = 0
    seconds: float = 0.0
    roles: dict[str, int] = field(default_factory=dict)  # PostgreSQL: events per role
    problems: list[Problem] = field(default_factory=list)
    problem_count: int = 0

    @property
    def intact(self) -> bool:
        return self.problem_count == 0

    @property
    def rate(self) -> float:
        return self.events / self.seconds if self.seconds else 0.0

    def add(self, problem: Problem) -> None:
        self.problem_count += 1
        if len(self.problems) < MAX_PROBLEMS:
            self.problems.append(problem)


def replay(engine: Engine, observer: Observer | None = None) -> Replay:
    """Replay every stored event from nothing and report every difference."""
    started = time.perf_counter()
    with snapshot_of(engine) as connection, Scratch() as scratch:
        run = _Run(connection, scratch, observer)
        run.all()
        result = run.result
    result.seconds = time.perf_counter() - started
    return result


def aggregate_name(aggregate: Any) -> str:
    """What an aggregate is, for people: 指标 105001/2024/P03, 账套 105001/2024, 单位 105001."""
    if isinstance(aggregate, Line):
        return f"指标 {aggregate.unit}/{aggregate.year}/{aggregate.code}"
    if isinstance(aggregate, Book):
        return f"账套 {aggregate.unit}/{aggregate.year}"
    if isinstance(aggregate, Unit):
        return f"单位 {aggregate.code}"
    return ""


_PAYMENTS = """CREATE TABLE payment (
    unit TEXT NOT NULL, year INTEGER NOT NULL, doc TEXT NOT NULL, line TEXT NOT NULL,
    amount INTEGER NOT NULL, effective_date DATE NOT NULL, economic TEXT NOT NULL,
    spend_type TEXT, procurement TEXT, row_hash TEXT, PRIMARY KEY (unit, year, doc)
) WITHOUT ROWID"""
_KINDS = {  # the journal kind of a fact that a row records, for its identity (row_key)
    Line.Appropriated: Kind.APPROPRIATION,
    Line.CarriedOver: Kind.CARRYOVER,
    Line.Adjusted: Kind.ADJUSTMENT,
    Line.TransferredOut: Kind.TRANSFER,
    Line.Reversed: Kind.REVERSAL,
    Line.CarryPlanned: Kind.CARRY_PLAN,
    Line.ProcurementPlanned: Kind.PROCUREMENT_PLAN,
    Line.Closed: Kind.CLOSE,
    Book.IncomeRecorded: Kind.INCOME,
    Book.Closed: Kind.CLOSE,
}
_CREATED = {Line.Opened: Line, Book.Opened: Book, Unit.Registered: Unit}


class _Refused(Exception):
    """The rules would not have recorded this event (the message says why)."""


class _Run:
    def __init__(self, connection: Connection, scratch: Scratch, observer: Observer | None):
        self.connection = connection
        self.scratch = scratch
        self.observer = observer
        self.result = Replay()
        self.mapper = make_mapper()
        self.aggregates: dict[UUID, Any] = {}
        # Derived facts owed by an earlier one: (kind, target aggregate, doc, detail) → amount.
        self.owed: dict[tuple[Any, ...], tuple[Decimal, int]] = {}
        self.nid = 0
        self.latest: datetime | None = None  # the latest recorded moment so far
        self.snapshots = self._snapshot_keys()
        self.sqlite = connection.dialect.name == "sqlite"
        self.recorded = self._has_recorded_columns()
        scratch.db.execute(_PAYMENTS)
        self._find = "SELECT line, amount, effective_date, economic, spend_type, procurement, row_hash FROM payment WHERE unit = ? AND year = ? AND doc = ?"
        self._add = f"INSERT INTO payment VALUES ({', '.join('?' * len(VOUCHER_COLUMNS))})"

    # --- the stream ----------------------------------------------------------------

    def all(self) -> None:
        batch: list[Fact] = []
        for row in self._rows():
            nid, originator, version, topic, state = row[:5]
            self.result.events += 1
            self.result.last_id = nid
            aggregate_id = (
                originator if isinstance(originator, UUID) else UUID(bytes=bytes(originator))
            )
            stored = StoredEvent(
                originator_id=aggregate_id,
                originator_version=version,
                topic=topic,
                state=bytes(state),
            )
            try:
                event = self.mapper.to_domain_event(stored)
            except Exception as err:  # a forged state or topic: nothing to replay
                self._problem(nid, aggregate_id, version, topic, f"无法解读：{err}")
                continue
            if self.recorded:
                self._check_recorded(nid, event, topic, row[5], row[6])
            if self._replay(nid, event, topic) and self.observer is not None:
                batch.append((nid, aggregate_id.bytes, topic, vars(event)))
                if len(batch) >= FETCH:
                    self.observer.take(batch)
                    batch = []
        if self.observer is not None and batch:
            self.observer.take(batch)
        self._leftovers()
        self._compare_vouchers()
        if self.observer is not None:
            self.observer.finish(self.connection, self.result.last_id, self.result.add)
        self.result.aggregates = len(self.aggregates)

    def _rows(self) -> Iterator[tuple[Any, ...]]:
        columns = "id, originator_id, originator_version, topic, state"
        if self.recorded:
            columns += ", recorded_at, recorded_by"
        sql = f"SELECT {columns} FROM ledger_events ORDER BY id"
        return stream(self.connection, sql, "replay_events", FETCH)

    def _has_recorded_columns(self) -> bool:
        if self.sqlite:
            return False
        return bool(
            self.connection.exec_driver_sql(
                "SELECT count(*) FROM information_schema.columns "
                "WHERE table_name = 'ledger_events' AND column_name = 'recorded_by'"
            ).scalar()
        )

    # --- one event -----------------------------------------------------------------

    def _replay(self, nid: int, event: Any, topic: str) -> bool:
        """Replay one event; False if it belongs to no aggregate the ledger could have
        (created twice, or never): reported, and kept from the read model's projector,
        which would refuse it as the ledger's own did."""
        self.nid = nid
        aggregate_id, version = event.originator_id, event.originator_version
        self._check_order(nid, event, topic)
        held = self.aggregates.get(aggregate_id)
        created = _CREATED.get(type(event))
        if created is not None or isinstance(event, Aggregate.Created):
            if held is not None:
                self._problem(
                    nid, aggregate_id, version, topic, "聚合已经建立过，不能再次建立", held
                )
                return False
            if version != 1:
                self._problem(
                    nid, aggregate_id, version, topic, f"建立事件的版本应为 1，实为 {version}"
                )
            try:
                aggregate = event.mutate(None)
            except Exception as err:
                self._problem(nid, aggregate_id, version, topic, f"无法建立聚合：{err}")
                return False
            self.aggregates[aggregate_id] = aggregate
            try:
                self._check_created(event, aggregate)
            except (LedgerError, _Refused) as err:
                self._problem(nid, aggregate_id, version, topic, _refusal(err), aggregate)
            self._snapshot_check(nid, aggregate, topic)
            return True
        if held is None:
            self._problem(nid, aggregate_id, version, topic, "所属聚合没有建立事件（或已被删除）")
            return False
        if version != held.version + 1:
            self._problem(
                nid,
                aggregate_id,
                version,
                topic,
                f"版本不连续：上一版本为 {held.version}，此事件为 {version}",
                held,
            )
            held.version = version - 1  # judge it as the next one all the same
        command = _COMMANDS.get(type(event))
        if command is None:  # an event no rule is known for here: applied as it is
            event.mutate(held)
        else:
            self._command(nid, event, topic, held, command)
        held._pending_events.clear()
        self._snapshot_check(nid, held, topic)
        return True

    def _command(
        self, nid: int, event: Any, topic: str, held: Any, command: Callable[..., None]
    ) -> None:
        before = len(held._pending_events)
        try:
            self._in_year(event, held)
            self._row_identity(event, held)
            command(self, held, event)
        except (LedgerError, _Refused) as err:
            self._problem(
                nid, event.originator_id, event.originator_version, topic, _refusal(err), held
            )
            if len(held._pending_events) == before:
                event.mutate(held)  # the ledger's state has the event: judge the next by it
            return
        except Exception as err:  # a forged field the command cannot even read
            self._problem(
                nid,
                event.originator_id,
                event.originator_version,
                topic,
                f"规则无法处理：{err!r}",
                held,
            )
            return
        made = held._pending_events[before:]
        if len(made) != 1:
            self._problem(
                nid,
                event.originator_id,
                event.originator_version,
                topic,
                "按规则不会记录此事件",
                held,
            )
            event.mutate(held)
            return
        ours, theirs = vars(made[0]), vars(event)
        if ours != theirs:
            changed = sorted(k for k in ours.keys() | theirs.keys() if ours.get(k) != theirs.get(k))
            details = "，".join(
                f"{k} 记录为 {_shown(theirs.get(k))}，按规则应为 {_shown(ours.get(k))}"
                for k in changed[:4]
            )
            self._problem(
                nid,
                event.originator_id,
                event.originator_version,
                topic,
                f"与规则算出的不符：{details}",
                held,
            )
            if not isinstance(held, Line):
                # A unit's or book's fields are set, not added: the stored event wins.
                event.apply(held)

    def _check_created(self, event: Any, aggregate: Any) -> None:
        if isinstance(aggregate, Line):
            expected = line_id(aggregate.unit, aggregate.year, aggregate.code)
            book = self.aggregates.get(book_id(aggregate.unit, aggregate.year))
            if book is None or aggregate.code not in book.lines:
                raise _Refused(
                    f"指标 {aggregate.code} 未在账套 {aggregate.unit}/{aggregate.year} 中增加"
                )
            rules.require_in_year(event.effective_date, aggregate.year, str(event.effective_date))
            if aggregate.economic:
                rules.require_economic_class(aggregate.category, aggregate.economic)
        elif isinstance(aggregate, Book):
            expected = book_id(aggregate.unit, aggregate.year)
        elif isinstance(aggregate, Unit):
            expected = unit_id(aggregate.code)
        else:
            return
        if expected != aggregate.id:
            raise _Refused(f"聚合标识与其内容不符（按内容应为 {expected}）")

    def _in_year(self, event: Any, held: Any) -> None:
        year = getattr(held, "year", None)
        day = getattr(event, "effective_date", None)
        if year is not None and day is not None:
            rules.require_in_year(day, year, str(day))

    def _row_identity(self, event: Any, held: Any) -> None:
        """A row recorded twice, or an identity reused with other content, is refused."""
        kind = _KINDS.get(type(event))
        row_hash = getattr(event, "row_hash", None)
        if kind is None or row_hash is None:
            return
        if already(held.rows, kind, event.doc, getattr(event, "reverses", None), row_hash):
            raise _Refused(f"同一{kind.label}（文号 {event.doc}）已记录过，不会再次记录")

    # --- rules needing more than one aggregate ---------------------------------------

    def line(self, unit: str, year: int, code: str, column: str) -> Line:
        line = self.aggregates.get(line_id(unit, year, code))
        if line is None:
            raise UnknownLine(f"单位 {unit} 的 {year} 年度没有指标 {code}", column=column)
        return line  # type: ignore[no-any-return]

    def owe(self, key: tuple[Any, ...], amount: Decimal) -> None:
        left, nid = self.owed.get(key, (ZERO, self.nid))
        self.owed[key] = (left + amount, nid)

    def settle(self, key: tuple[Any, ...], amount: Decimal, what: str) -> None:
        left, nid = self.owed.get(key, (ZERO, 0))
        if amount > left:
            raise _Refused(f"没有与之对应的{what}（{show(amount)} 元）")
        if amount == left:
            del self.owed[key]
        else:
            self.owed[key] = (left - amount, nid)

    def payment(self, unit: str, year: int, doc: str) -> Payment | None:
        row = self.scratch.db.execute(self._find, (unit, year, doc)).fetchone()
        if row is None:
            return None
        line, amount, day, economic, spend, procurement, row_hash = row
        return Payment(
            doc, line, from_fen(amount), _date(day), economic, spend, procurement, row_hash
        )

    def add_payment(self, unit: str, year: int, p: Payment) -> None:
        self.result.payments += 1
        self.scratch.db.execute(
            self._add,
            (
                unit,
                year,
                p.doc,
                p.line,
                to_fen(p.amount),
                p.effective_date.isoformat(),
                p.economic,
                p.spend_type,
                p.procurement,
                p.row_hash,
            ),
        )

    def _leftovers(self) -> None:
        for (what, target, doc, *_), (amount, nid) in self.owed.items():
            held = self.aggregates.get(target)
            name = "调入" if what == "transfer" else "结转到下年的金额"
            self._problem(
                nid,
                target,
                0,
                None,
                f"文号 {doc} 的{name} {show(amount)} 元没有对应的事件（应记于{aggregate_name(held) or target}）",
            )
        for aggregate_id, version in sorted(self.snapshots, key=lambda k: (str(k[0]), k[1])):
            held = self.aggregates.get(aggregate_id)
            if held is None:
                where = "聚合没有任何事件"
            elif version > held.version:
                where = f"聚合只有 {held.version} 个版本"
            else:
                where = "没有这一版本的事件"
            self._problem(
                0, aggregate_id, version, None, f"快照（版本 {version}）无从核对：{where}", held
            )

    # --- snapshots -----------------------------------------------------------------

    def _snapshot_keys(self) -> set[tuple[UUID, int]]:
        rows = self.connection.exec_driver_sql(
            "SELECT originator_id, originator_version FROM ledger_snapshots"
        ).all()
        return {(o if isinstance(o, UUID) else UUID(bytes=bytes(o)), v) for o, v in rows}

    def _snapshot_check(self, nid: int, held: Any, topic: str) -> None:
        key = (held.id, held.version)
        if key not in self.snapshots:
            return
        self.snapshots.discard(key)
        self.result.snapshots += 1
        mark = "?" if self.sqlite else "%s"
        stored_id: Any = held.id.bytes if self.sqlite else held.id
        row = self.connection.exec_driver_sql(
            f"SELECT topic, state FROM ledger_snapshots WHERE originator_id = {mark} "
            f"AND originator_version = {mark}",
            (stored_id, held.version),
        ).one()
        try:
            snapshot: Any = self.mapper.to_domain_event(
                StoredEvent(
                    originator_id=held.id,
                    originator_version=held.version,
                    topic=row[0],
                    state=bytes(row[1]),
                )
            )
            theirs = dict(snapshot.state)
            kind = snapshot.topic
        except Exception as err:
            self._problem(nid, held.id, held.version, topic, f"此版本的快照无法解读：{err}", held)
            return
        ours = {
            k: v for k, v in vars(held).items() if k not in ("_id", "_version", "_pending_events")
        }
        if isinstance(held, Line):  # snapshots from before 0.5 lack the plans: zero then
            for name in ("carry_planned", "procurement_planned"):
                theirs.setdefault(name, ZERO)
        if kind != get_topic(type(held)) or ours != theirs:
            changed = sorted(k for k in ours.keys() | theirs.keys() if ours.get(k) != theirs.get(k))
            self._problem(
                nid,
                held.id,
                held.version,
                topic,
                f"此版本的快照与事件重放的状态不符（{'、'.join(changed) or '类型'}）",
                held,
            )

    # --- the voucher index ---------------------------------------------------------

    def _compare_vouchers(self) -> None:
        db = self.scratch.db
        db.execute("CREATE TABLE stored_voucher AS SELECT * FROM payment WHERE 0")
        columns = ", ".join(VOUCHER_COLUMNS)
        self.scratch.copy(
            "stored_voucher",
            VOUCHER_COLUMNS,
            stream(self.connection, f"SELECT {columns} FROM voucher", "replay_vouchers", FETCH),
        )
        for (unit, year, doc), ours, theirs in self.scratch.differences(
            "payment", "stored_voucher", ("unit", "year", "doc"), VOUCHER_COLUMNS
        ):
            if theirs is None:
                what = "凭证索引缺少这笔支付"
            elif ours is None:
                what = "凭证索引中的这一行没有对应的支付事件（不是由账簿记录的）"
            else:
                changed = [
                    c for c, a, b in zip(VOUCHER_COLUMNS, ours, theirs, strict=True) if a != b
                ]
                what = f"凭证索引与支付事件不符（{'、'.join(changed)}）"
            line = (ours or theirs)[3]  # type: ignore[index]
            held = self.aggregates.get(line_id(unit, year, line))
            self.result.add(
                Problem(
                    0,
                    None,
                    0,
                    f"凭证 {unit}/{year}/{doc}（{aggregate_name(held) or f'指标 {line}'}）：{what}",
                )
            )

    def _check_order(self, nid: int, event: Any, topic: str) -> None:
        """Writers are serialised, so recorded moments follow notification order (give or
        take a command's own length): an event dated well before those recorded earlier
        was back-dated."""
        claimed = getattr(event, "timestamp", None)
        if not isinstance(claimed, datetime):
            return
        latest = self.latest
        if latest is None or claimed > latest:
            self.latest = claimed
        elif latest - claimed > CLOCK_TOLERANCE:
            self._problem(
                nid,
                event.originator_id,
                event.originator_version,
                topic,
                f"记录时间 {_utc(claimed)} 早于此前已记录的事件（{_utc(latest)}）：时间被倒填",
                self.aggregates.get(event.originator_id),
            )

    # --- the database's own record of who and when (PostgreSQL, 0007) ---------------

    def _check_recorded(
        self, nid: int, event: Any, topic: str, recorded_at: datetime | None, role: str | None
    ) -> None:
        if role is None:
            # Inserted before revision 0007, or with the owner's trigger switched off.
            role = "（未记录）"
        self.result.roles[role] = self.result.roles.get(role, 0) + 1
        claimed = getattr(event, "timestamp", None)
        if recorded_at is None or claimed is None:
            return
        if recorded_at.tzinfo is None:
            recorded_at = recorded_at.replace(tzinfo=UTC)
        if abs(claimed - recorded_at) > CLOCK_TOLERANCE:
            self._problem(
                nid,
                event.originator_id,
                event.originator_version,
                topic,
                f"事件自称记录于 {_utc(claimed)}，数据库记录的写入时间为 {_utc(recorded_at)}"
                f"（写入角色 {role}）",
                self.aggregates.get(event.originator_id),
            )

    # --- reporting -----------------------------------------------------------------

    def _problem(
        self,
        nid: int,
        aggregate_id: UUID,
        version: int,
        topic: str | None,
        what: str,
        aggregate: Any = None,
    ) -> None:
        self.result.add(
            Problem(
                nid,
                aggregate_id,
                version,
                what,
                topic=topic,
                aggregate=aggregate_name(aggregate),
            )
        )


def _refusal(err: Exception) -> str:
    return f"规则会拒绝此事件：{err}"


def _utc(moment: datetime) -> str:
    return f"{moment.astimezone(UTC):%Y-%m-%d %H:%M:%S} UTC"


def _shown(value: Any) -> str:
    if isinstance(value, Decimal):
        return show(value)
    return "空" if value is None else str(value)


def _date(value: Any) -> Any:
    return date.fromisoformat(value) if isinstance(value, str) else value


# --- each event, re-commanded -------------------------------------------------------


def _fact(e: Any) -> dict[str, Any]:
    return {
        "timestamp": e.timestamp,
        "effective_date": e.effective_date,
        "doc": e.doc,
        "actor": e.actor,
        "memo": e.memo,
        "row_hash": e.row_hash,
    }


def _provenance(e: Any) -> dict[str, Any]:
    return {
        "timestamp": e.timestamp,
        "effective_date": e.effective_date,
        "doc": e.doc,
        "actor": e.actor,
    }


def _appropriated(run: _Run, line: Line, e: Any) -> None:
    line.appropriate(
        e.amount, function_name=e.function_name, economic_name=e.economic_name, **_fact(e)
    )


def _carried_over(run: _Run, line: Line, e: Any) -> None:
    if e.from_close:
        key = ("carry", line.id, e.doc, e.origin_year)
        run.settle(key, e.amount, f"上年（{line.year - 1} 年度）结账结转")
    line.carry_over(
        e.amount,
        origin_year=e.origin_year,
        from_close=e.from_close,
        function_name=e.function_name,
        economic_name=e.economic_name,
        **_fact(e),
    )


def _adjusted(run: _Run, line: Line, e: Any) -> None:
    line.adjust(e.amount, **_fact(e))


def _carry_planned(run: _Run, line: Line, e: Any) -> None:
    line.plan_carry(e.amount, **_fact(e))


def _procurement_planned(run: _Run, line: Line, e: Any) -> None:
    line.plan_procurement(e.amount, e.procurement, **_fact(e))


def _transferred_out(run: _Run, line: Line, e: Any) -> None:
    target = run.line(line.unit, line.year, e.to_line, "to_line")
    line.transfer_out(e.amount, target, **_fact(e))
    # ``transfer_out`` only checks; the receiving side is the target's next event.
    run.owe(("transfer", target.id, e.doc, line.code), e.amount)


def _transferred_in(run: _Run, line: Line, e: Any) -> None:
    run.settle(("transfer", line.id, e.doc, e.from_line), e.amount, f"指标 {e.from_line} 的调出")
    line.transfer_in(e.amount, from_line=e.from_line, **_fact(e))


def _paid(run: _Run, line: Line, e: Any) -> None:
    known = run.payment(line.unit, line.year, e.doc)
    if known is not None and line.paid_before(known, e.doc, e.row_hash):
        raise _Refused(f"凭证号 {e.doc} 的同一支付已记录过，不会再次记录")
    # Indexed as the ledger indexed it, even if the rules below refuse it.
    run.add_payment(
        line.unit,
        line.year,
        Payment(
            e.doc,
            line.code,
            e.amount,
            e.effective_date,
            e.economic,
            e.spend_type,
            e.procurement,
            e.row_hash,
        ),
    )
    line.pay(
        e.amount,
        economic=e.economic,
        economic_name=e.economic_name,
        spend_type=e.spend_type,
        procurement=e.procurement,
        payee=e.payee,
        **_fact(e),
    )


def _reversed(run: _Run, line: Line, e: Any) -> None:
    payment = run.payment(line.unit, line.year, e.reverses)
    if payment is None:
        raise UnknownPayment(
            f"单位 {line.unit} 的 {line.year} 年度没有凭证号为 {e.reverses} 的支付",
            column="reverses",
        )
    line.reverse(e.amount, payment, None, **_fact(e))


def _line_closed(run: _Run, line: Line, e: Any) -> None:
    line.close(e.amount, by_unit=e.by_unit, **_fact(e))
    closed = line._pending_events[-1]
    following = line_id(line.unit, line.year + 1, line.code)
    for origin, amount in closed.carry_origins.items():
        run.owe(("carry", following, e.doc, int(origin)), amount)


def _line_added(run: _Run, book: Book, e: Any) -> None:
    if e.code in book.lines:
        raise _Refused(f"指标 {e.code} 已在账套中")
    book.add_line(e.code, **_provenance(e))


def _income(run: _Run, book: Book, e: Any) -> None:
    book.record_income(
        e.amount,
        fund=e.fund,
        function=e.function,
        function_name=e.function_name,
        income_type=e.income_type,
        **_fact(e),
    )


def _book_closed(run: _Run, book: Book, e: Any) -> None:
    open_lines = [
        code
        for code in book.lines
        if not getattr(run.aggregates.get(line_id(book.unit, book.year, code)), "closed", True)
    ]
    if open_lines:
        raise _Refused(f"账套结账时指标 {'、'.join(open_lines[:5])} 尚未结账")
    book.close(**_fact(e))


def _described(run: _Run, unit: Unit, e: Any) -> None:
    unit.describe(e.name, e.unit_type, e.department, **_provenance(e))


_COMMANDS: dict[type[Any], Callable[[_Run, Any, Any], None]] = {
    Line.Appropriated: _appropriated,
    Line.CarriedOver: _carried_over,
    Line.Adjusted: _adjusted,
    Line.CarryPlanned: _carry_planned,
    Line.ProcurementPlanned: _procurement_planned,
    Line.TransferredOut: _transferred_out,
    Line.TransferredIn: _transferred_in,
    Line.Paid: _paid,
    Line.Reversed: _reversed,
    Line.Closed: _line_closed,
    Book.LineAdded: _line_added,
    Book.IncomeRecorded: _income,
    Book.Closed: _book_closed,
    Unit.Described: _described,
}
