"""Checking the event store against its seal (see ``ledger.seal``), streaming.

Both tables are read in notification order in one read-only snapshot and merged: every
stored event is hashed onto the chain once (twice only after a problem, to check each
later event against its own stored link). Nothing is held but the current rows, so a
million events take seconds and constant memory.
"""

from __future__ import annotations

import hashlib
import json
from collections.abc import Iterator
from dataclasses import dataclass, field
from itertools import pairwise
from typing import Any
from uuid import UUID

from sqlalchemy import Connection, Engine

from ledger.seal import ENTRY, GENESIS, link

MAX_PROBLEMS = 100
FETCH = 5000

ALTERED = "内容已被改动（与封存时不符）"
REMOVED = "已被删除"
UNSEALED = "没有封存记录（不是由账簿记录的，或其封存记录已被删除）"

_EVENT_NAMES = {
    "Opened": "建立",
    "Registered": "登记",
    "Described": "登记信息",
    "LineAdded": "增加指标",
    "Appropriated": "年初批复",
    "CarriedOver": "上年结转",
    "Adjusted": "调整",
    "TransferredOut": "调出",
    "TransferredIn": "调入",
    "Paid": "支付",
    "Reversed": "冲销",
    "IncomeRecorded": "收入",
    "Closed": "结账",
    "CarryPlanned": "结转下年计划",
    "ProcurementPlanned": "政府采购预算",
}


@dataclass
class Problem:
    notification_id: int
    aggregate_id: UUID | None  # None: a problem of a seal row, not of one event
    version: int
    what: str
    topic: str | None = None
    aggregate: str = ""  # what the aggregate is, for people: 指标 105001/2024/P03

    def __str__(self) -> str:
        if self.aggregate_id is None:
            return self.what
        event = ""
        if self.topic:
            name = self.topic.rsplit(".", 1)[-1]
            event = f"，{_EVENT_NAMES.get(name, name)}事件"
        about = f"{self.aggregate}，" if self.aggregate else ""
        return (
            f"通知号 {self.notification_id}（{about}聚合 {self.aggregate_id}，"
            f"版本 {self.version}{event}）：{self.what}"
        )


@dataclass
class Verification:
    events: int = 0
    first_id: int | None = None
    last_id: int | None = None
    seals: int = 0
    digest: bytes = GENESIS  # the chain's head over the events as they are stored
    problems: list[Problem] = field(default_factory=list)
    problem_count: int = 0
    # Where the chain passed through an expected digest: (notification id, events so far).
    expected_at: tuple[int, int] | None = None

    @property
    def intact(self) -> bool:
        return self.problem_count == 0

    def count(self, notification_id: int) -> None:
        self.events += 1
        if self.first_id is None:
            self.first_id = notification_id
        self.last_id = notification_id

    def add_problem(self, problem: Problem) -> None:
        self.problem_count += 1
        if len(self.problems) < MAX_PROBLEMS:
            self.problems.append(problem)


def parse_digest(text: str) -> bytes:
    """A digest as written down: hex, at least 16 digits (a prefix of the full 64 will
    do), spaces and an ``sha256:`` prefix allowed."""
    cleaned = "".join(text.split()).lower().removeprefix("sha256:")
    if len(cleaned) < 16 or len(cleaned) > 64 or len(cleaned) % 2:
        raise ValueError("摘要应为 16 至 64 位（偶数位）十六进制数字")
    try:
        return bytes.fromhex(cleaned)
    except ValueError:
        raise ValueError(f"摘要应为十六进制数字：「{text}」") from None


def verify(engine: Engine, expect: bytes | None = None) -> Verification:
    """Recompute the chain over every stored event and compare it with the seal."""
    result = Verification()
    if expect is not None and GENESIS.startswith(expect):
        result.expected_at = (0, 0)
    chain = link  # the loop below runs once per event: keep it lean
    with snapshot_of(engine) as connection:
        events = _events(connection)
        seals = _Seals(result)
        entries = seals.entries(connection)
        event, entry = next(events, None), next(entries, None)
        actual = stored = GENESIS  # the chain as it is, and as the seal says it was
        while event is not None or entry is not None:
            if event is not None and entry is not None and event[0] == entry[0]:
                here = chain(actual, *event)
                sealed = here if actual == stored else chain(stored, *event)
                if sealed != entry[3] and seals.skipped is not None:
                    # The seal after a bogus one may chain on from the bogus head.
                    sealed = chain(seals.skipped, *event)
                seals.skipped = None
                if sealed != entry[3] or event[1] != entry[1] or event[2] != entry[2]:
                    result.add_problem(_about(event, ALTERED))
                seals.found(entry)
                actual, stored = here, entry[3]
                result.count(event[0])
                event, entry = next(events, None), next(entries, None)
            elif entry is None or (event is not None and event[0] < entry[0]):
                assert event is not None
                result.add_problem(_about(event, UNSEALED))
                actual = chain(actual, *event)
                result.count(event[0])
                event = next(events, None)
            else:
                nid, originator, version, stored, _ = entry
                seals.missing(Problem(nid, UUID(bytes=originator), version, REMOVED), entry)
                entry = next(entries, None)
                continue
            if expect is not None and result.expected_at is None and actual.startswith(expect):
                result.expected_at = (result.last_id or 0, result.events)
        seals.close()
        result.digest = actual
        _describe(connection, result.problems)
    return result


class snapshot_of:
    """One read-only transaction: both tables seen as of the same moment."""

    def __init__(self, engine: Engine) -> None:
        self._engine = engine

    def __enter__(self) -> Connection:
        options: dict[str, Any] = {}
        if self._engine.dialect.name == "postgresql":
            options = {"isolation_level": "REPEATABLE READ", "postgresql_readonly": True}
        self._connection = self._engine.connect().execution_options(**options)
        self._transaction = self._connection.begin()
        return self._connection

    def __exit__(self, *exc: Any) -> None:
        self._transaction.rollback()
        self._connection.close()


def stream(connection: Connection, sql: str, name: str, fetch: int) -> Iterator[Any]:
    """Rows straight from the driver, ``fetch`` at a time (PostgreSQL: a server-side
    cursor in the snapshot's transaction; SQLite cursors stream by themselves)."""
    raw = connection.connection.driver_connection
    assert raw is not None
    cursor = raw.cursor(name=name) if connection.dialect.name == "postgresql" else raw.cursor()
    try:
        cursor.execute(sql)
        while rows := cursor.fetchmany(fetch):
            yield from rows
    finally:
        cursor.close()


def _events(connection: Connection) -> Iterator[tuple[int, bytes, int, bytes, bytes]]:
    sql = (
        "SELECT id, originator_id, originator_version, topic, state FROM ledger_events ORDER BY id"
    )
    topics: dict[Any, bytes] = {}  # a few dozen topics: encode each once
    for nid, originator, version, topic, state in stream(connection, sql, "verify_events", FETCH):
        name = topics.get(topic)
        if name is None:
            name = topics[topic] = _bytes(topic)
        if type(originator) is not bytes or len(originator) != 16:
            originator = _aggregate_bytes(originator)
        yield nid, originator, version, name, state if type(state) is bytes else _bytes(state)


def _bytes(value: Any) -> bytes:
    """A column's value as stored; a value whose type was changed (e.g. a BLOB rewritten
    as TEXT in SQLite) hashes as its text, so the change shows as an alteration."""
    if isinstance(value, str):
        return value.encode()
    return bytes(value) if value is not None else b""


def _aggregate_bytes(value: Any) -> bytes:
    if isinstance(value, UUID):
        return value.bytes
    raw = _bytes(value)
    # An id that is no longer 16 bytes cannot match its seal entry: keep it distinct.
    return raw if len(raw) == 16 else hashlib.sha256(raw).digest()[:16]


class _Seals:
    """The seal's entries in notification order, one seal row after another.

    A seal row that does not hold together is one problem, not one per event: a row
    whose entries are out of order or overlap an earlier seal is skipped whole (its head
    kept in ``skipped``, since the next genuine seal may chain on from it), and a row all
    of whose events are missing is reported as one bogus seal.
    """

    def __init__(self, result: Verification) -> None:
        self.result = result
        self.skipped: bytes | None = None
        self._last = 0  # the last id of the seals taken so far
        self._current: tuple[int, int, int] | None = None  # first id, last id, events
        self._removed: list[Problem] = []
        self._present = False

    def entries(self, connection: Connection) -> Iterator[tuple[int, bytes, int, bytes, int]]:
        # By first id: a row overlapping one listed before it is the odd one out.
        sql = (
            "SELECT last_id, first_id, events, entries, head FROM ledger_seal "
            "ORDER BY first_id, last_id"
        )
        # A seal of a big import is a few hundred KB: fetch them a few at a time.
        for last_id, first_id, count, blob, head in stream(connection, sql, "verify_seals", 4):
            blob = _bytes(blob)
            self.result.seals += 1
            whole = len(blob) - len(blob) % ENTRY.size
            rows = list(ENTRY.iter_unpack(blob[:whole]))
            ids = [row[0] for row in rows]
            if not rows or ids[0] <= self._last or any(a >= b for a, b in pairwise(ids)):
                self._bogus(first_id, last_id, "与其他封存记录重叠或次序错乱，已略过")
                self.skipped = bytes(head)
                continue
            if (
                len(blob) % ENTRY.size
                or len(rows) != count
                or (rows[0][0], rows[-1][0], rows[-1][3]) != (first_id, last_id, bytes(head))
            ):
                self._bogus(first_id, last_id, "已被改动")
            self.close()
            self._current = (ids[0], ids[-1], len(rows))
            self._last = ids[-1]
            for row in rows:
                yield (*row, last_id)

    def found(self, _entry: tuple[Any, ...]) -> None:
        self._present = True

    def missing(self, problem: Problem, _entry: tuple[Any, ...]) -> None:
        self._removed.append(problem)

    def close(self) -> None:
        """The current seal row is done: its missing events, or one bogus seal."""
        if self._current is None:
            return
        first, last, count = self._current
        if not self._present and len(self._removed) == count and count:
            self._bogus(first, last, f"所列的 {count:,} 个事件都不存在：不是由账簿写入的封存记录")
        else:
            for problem in self._removed:
                self.result.add_problem(problem)
        self._current, self._removed, self._present = None, [], False

    def _bogus(self, first_id: int, last_id: int, what: str) -> None:
        self.result.add_problem(
            Problem(last_id, None, 0, f"封存记录（通知号 {first_id}–{last_id}）{what}")
        )


def _about(event: tuple[int, bytes, int, bytes, bytes], what: str) -> Problem:
    nid, originator, version, topic, _state = event
    return Problem(nid, UUID(bytes=originator), version, what, topic=topic.decode())


def _describe(connection: Connection, problems: list[Problem]) -> None:
    """Name the aggregates of the problems as people know them, from their first event."""
    names: dict[UUID, str] = {}
    for problem in problems:
        if problem.aggregate_id is None:
            continue
        if problem.aggregate_id not in names:
            names[problem.aggregate_id] = _aggregate_name(connection, problem.aggregate_id)
        problem.aggregate = names[problem.aggregate_id]


def _aggregate_name(connection: Connection, aggregate_id: UUID) -> str:
    key: Any = aggregate_id.bytes if connection.dialect.name == "sqlite" else aggregate_id
    mark = "?" if connection.dialect.paramstyle == "qmark" else "%s"
    row = connection.exec_driver_sql(
        "SELECT topic, state FROM ledger_events WHERE originator_id = "
        f"{mark} ORDER BY originator_version LIMIT 1",
        (key,),
    ).first()
    if row is None:
        return ""
    try:
        state = json.loads(bytes(row[1]))
    except ValueError:
        return ""
    kind = row[0].rsplit(":", 1)[-1].split(".")[0]
    if kind == "Line":
        return f"指标 {state.get('unit')}/{state.get('year')}/{state.get('code')}"
    if kind == "Book":
        return f"账套 {state.get('unit')}/{state.get('year')}"
    if kind == "Unit":
        return f"单位 {state.get('code')}"
    return ""
