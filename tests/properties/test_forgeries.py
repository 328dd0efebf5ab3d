"""Random forgeries: a row edited, deleted or inserted in any table a role may touch (the
events, their seal, the voucher index, the snapshots, the read model and its tracking row),
behind the triggers (SQLite: the file's holder drops them; PostgreSQL: the owner disables
them, the strongest attacker). ``verify --replay`` reports every one.

Not forgeries, so not drawn: deleting a snapshot (a cache: the ledger replays the events
instead), a tracking row of another application, and ``recorded_by`` (only the owner can
rewrite it, by switching the triggers off; see README *Safety*).
"""

from __future__ import annotations

import sqlite3
import uuid
from datetime import date, datetime, timedelta
from pathlib import Path
from typing import Any
from uuid import UUID

import psycopg
import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from ledger.replay import replay
from ledger.store import database_url, dispose_engines, engine_for
from ledger.verify import verify
from projections.audit import ReadModelAudit
from tests.conftest import kind_of
from tests.integration.test_replay import ledger_with_a_snapshot
from tests.tamper import behind_the_triggers, mark

# table → its key columns, and columns a forger would not edit (see the docstring)
TABLES: dict[str, tuple[tuple[str, ...], tuple[str, ...]]] = {
    "ledger_events": (("id",), ("recorded_by",)),
    "ledger_seal": (("last_id",), ()),
    "voucher": (("unit", "year", "doc"), ()),
    "ledger_snapshots": (("originator_id", "originator_version"), ()),
    "movement": (("id",), ()),
    "line": (("key",), ()),
    "line_month": (("line_key", "month"), ()),
    "unit": (("code",), ()),
    "code_name": (("scheme", "code"), ()),
    "projection_tracking": (("application_name",), ()),
}
ACTIONS = ("edit", "delete", "insert")
SKIPPED = {("ledger_snapshots", "delete"), ("projection_tracking", "insert")}


@st.composite
def forgeries(draw: Any) -> tuple[str, str, int, int]:
    table = draw(st.sampled_from(sorted(TABLES)))
    action = draw(st.sampled_from([a for a in ACTIONS if (table, a) not in SKIPPED]))
    return table, action, draw(st.integers(0, 10_000)), draw(st.integers(0, 100))


def _changed(value: Any, column: str, key: bool = False) -> Any:
    """A different value of the same type (and length: columns have widths); a key far
    from the others, so as not to collide."""
    if isinstance(value, bool):
        return not value
    if isinstance(value, int):
        return value + (100_000 if key else 1)
    if isinstance(value, str):
        if column == "effective_date":
            return _next_day(value)
        return value[:-1] + ("y" if value.endswith("x") else "x")
    if isinstance(value, bytes | memoryview):
        raw = bytearray(bytes(value))
        raw[len(raw) // 2] ^= 0x01
        return bytes(raw)
    if isinstance(value, UUID):
        return uuid.uuid4()
    if isinstance(value, datetime | date):
        return value + timedelta(days=1)
    return 1 if value is None else value


def _next_day(text: str) -> str:
    return (date.fromisoformat(text) + timedelta(days=1)).isoformat()


def _forge(url: str, table: str, action: str, pick: int, column_pick: int) -> str:
    engine = engine_for(database_url(url))
    key, fixed = TABLES[table]
    with behind_the_triggers(engine, tuple(TABLES)) as c:
        m = mark(c)
        count = c.exec_driver_sql(f"SELECT count(*) FROM {table}").scalar()
        if not count:  # nothing to edit or delete (the store names no code of its own)
            assert table == "code_name"
            c.exec_driver_sql("INSERT INTO code_name VALUES ('function', '2013799', '伪造')")
            return "code_name row inserted"
        result = c.exec_driver_sql(
            f"SELECT * FROM {table} ORDER BY {', '.join(key)} LIMIT 1 OFFSET {pick % count}"
        )
        columns = list(result.keys())
        row = dict(zip(columns, result.one(), strict=True))
        where = " AND ".join(f"{k} = {m}" for k in key)
        keys = tuple(row[k] for k in key)
        if action == "delete":
            c.exec_driver_sql(f"DELETE FROM {table} WHERE {where}", keys)
            return f"{table} {keys} deleted"
        if action == "edit":
            editable = [name for name in columns if name not in fixed]
            name = editable[column_pick % len(editable)]
            if row[name] is None and name in ("recorded_at",):
                name = "state"
            new = _changed(row[name], name, name in key)
            c.exec_driver_sql(f"UPDATE {table} SET {name} = {m} WHERE {where}", (new, *keys))
            return f"{table} {keys} {name}: {row[name]!r} → {new!r}"
        copy = dict(row)
        if table == "ledger_events":
            copy["id"] = c.exec_driver_sql("SELECT max(id) FROM ledger_events").scalar() + 1
            copy["originator_version"] += 1000
        elif table == "ledger_snapshots":
            copy["originator_version"] += 1000
        elif table == "ledger_seal":
            copy["last_id"] += 100_000
        elif table == "line_month":
            copy["month"] += 20
        else:
            for k in key:
                copy[k] = _changed(copy[k], k, True)
            if table == "line":
                copy["aggregate_id"] = uuid.uuid4().hex
        names = ", ".join(columns)
        c.exec_driver_sql(
            f"INSERT INTO {table} ({names}) VALUES ({', '.join([m] * len(columns))})",
            tuple(copy[n] for n in columns),
        )
        return f"{table} row inserted: {copy}"


class Stores:
    """Copies of one base store, one per example."""

    def __init__(self, base: str, postgres: str | None) -> None:
        self.base = base
        self.postgres = postgres
        dispose_engines()  # no connection may stay on a template database

    def copy(self, tmp_path: Path) -> str:
        name = f"f_{uuid.uuid4().hex[:10]}"
        if self.postgres is None:
            path = tmp_path / f"{name}.db"
            with sqlite3.connect(self.base) as source, sqlite3.connect(path) as target:
                source.backup(target)
            return str(path)
        template = self.base.rsplit("/", 1)[1]
        with psycopg.connect(self.postgres, autocommit=True) as conn:
            conn.execute(f'CREATE DATABASE "{name}" TEMPLATE "{template}"')
        return self.postgres.rsplit("/", 1)[0] + f"/{name}"

    def drop(self, url: str) -> None:
        dispose_engines()
        if self.postgres is not None:
            with psycopg.connect(self.postgres, autocommit=True) as conn:
                conn.execute(f'DROP DATABASE "{url.rsplit("/", 1)[1]}" WITH (FORCE)')


@pytest.mark.slow
def test_every_random_forgery_is_reported(
    db_url: str, tmp_path: Path, request: pytest.FixtureRequest
) -> None:
    ledger_with_a_snapshot(db_url, tmp_path)
    postgres = request.getfixturevalue("postgres") if kind_of(db_url) == "postgresql" else None
    stores = Stores(db_url, postgres)
    seen: dict[tuple[str, str], int] = {}

    def check(forgery: tuple[str, str, int, int]) -> None:
        url = stores.copy(tmp_path)
        try:
            what = _forge(url, *forgery)
            engine = engine_for(database_url(url))
            sealed, replayed = verify(engine), replay(engine, ReadModelAudit())
            assert sealed.problem_count + replayed.problem_count > 0, what
        finally:
            stores.drop(url)
        seen[forgery[:2]] = seen.get(forgery[:2], 0) + 1

    # Every kind of forgery once, on a row of its own choosing; then random ones.
    for table in sorted(TABLES):
        for action in ACTIONS:
            if (table, action) not in SKIPPED:
                check((table, action, len(seen) * 7, len(seen)))

    @settings(
        max_examples=40,
        deadline=None,
        database=None,
        suppress_health_check=[HealthCheck.function_scoped_fixture, HealthCheck.too_slow],
    )
    @given(forgery=forgeries())
    def random_forgery(forgery: tuple[str, str, int, int]) -> None:
        check(forgery)

    random_forgery()
    print(f"\nforgeries reported, by table and action: {dict(sorted(seen.items()))}")
    assert sum(seen.values()) >= 28 + 40
