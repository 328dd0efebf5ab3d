"""A scratch SQLite database in a temporary directory, for the audit replay: what it
recomputes from the events (the voucher index, the read model) is written here rather than
held in memory, the stored rows are copied beside it, and the two are compared in SQL.

Nothing here touches the store: the replay runs as an auditor, who may not write.
"""

from __future__ import annotations

import sqlite3
import tempfile
from collections.abc import Iterable, Iterator, Sequence
from datetime import date, datetime
from pathlib import Path
from typing import Any

# Rows of one table differing between what was recomputed and what is stored: its key,
# and the two rows (None where there is none).
Difference = tuple[tuple[Any, ...], tuple[Any, ...] | None, tuple[Any, ...] | None]


class Scratch:
    """One temporary SQLite file, removed on ``close``."""

    def __init__(self) -> None:
        self._dir = tempfile.TemporaryDirectory(prefix="budget-ledger-replay-")
        self.path = Path(self._dir.name) / "scratch.db"
        self.db = sqlite3.connect(self.path, isolation_level=None)
        for pragma in ("journal_mode=OFF", "synchronous=OFF", "cache_size=-65536"):
            self.db.execute(f"PRAGMA {pragma}")
        self.db.execute("BEGIN")

    def close(self) -> None:
        self.db.close()
        self._dir.cleanup()

    def __enter__(self) -> Scratch:
        return self

    def __exit__(self, *exc: Any) -> None:
        self.close()

    def copy(self, table: str, columns: Sequence[str], rows: Iterable[Sequence[Any]]) -> None:
        """Rows read from the store, in its driver's types, into ``table`` (already made)."""
        sql = f"INSERT INTO {table} ({', '.join(columns)}) VALUES ({', '.join('?' * len(columns))})"
        batch: list[tuple[Any, ...]] = []
        for row in rows:
            batch.append(tuple(map(plain, row)))
            if len(batch) == 5000:
                self.db.executemany(sql, batch)
                batch = []
        self.db.executemany(sql, batch)

    def differences(
        self, recomputed: str, stored: str, key: Sequence[str], columns: Sequence[str]
    ) -> Iterator[Difference]:
        """Every key whose row differs between the two tables (or is in one only), in key
        order, with both rows (``columns``, the key's first)."""
        listed = ", ".join((*key, *(c for c in columns if c not in key)))
        on = " AND ".join(f"a.{k} IS b.{k}" for k in key)
        keys = ", ".join(key)
        sql = (
            f"WITH r AS (SELECT {listed} FROM {recomputed} EXCEPT SELECT {listed} FROM {stored}),"
            f" s AS (SELECT {listed} FROM {stored} EXCEPT SELECT {listed} FROM {recomputed}),"
            f" k AS (SELECT {keys} FROM r UNION SELECT {keys} FROM s)"
            f" SELECT k.*, r.*, s.* FROM k"
            f" LEFT JOIN r ON {on.replace('a.', 'k.').replace('b.', 'r.')}"
            f" LEFT JOIN s ON {on.replace('a.', 'k.').replace('b.', 's.')}"
            f" ORDER BY {', '.join(f'k.{k}' for k in key)}"
        )
        n, width = len(key), len(key) + len([c for c in columns if c not in key])
        for row in self.db.execute(sql):
            ours, theirs = row[n : n + width], row[n + width :]
            yield (
                tuple(row[:n]),
                None if ours[0] is None and all(v is None for v in ours) else tuple(ours),
                None if theirs[0] is None and all(v is None for v in theirs) else tuple(theirs),
            )


def plain(value: Any) -> Any:
    """A value from either database as SQLite keeps it (dates as ISO text, booleans as
    0/1, as SQLAlchemy's types store them in SQLite)."""
    if isinstance(value, bool):
        return int(value)
    if isinstance(value, date) and not isinstance(value, datetime):
        return value.isoformat()
    if isinstance(value, memoryview):
        return bytes(value)
    return value
