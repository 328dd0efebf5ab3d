"""A copy of a SQLite store made with SQLite's online backup API: consistent even while
other processes write, the write-ahead log included, checked before it is kept."""

from __future__ import annotations

import sqlite3
from pathlib import Path

from ledger.atomic import OutputRefused, refuse_overwriting, replacing, store_files


def backup(url: str, target: Path) -> int:
    """Copy the SQLite store at ``url`` to ``target`` (atomically); returns its events."""
    if not url.startswith("sqlite:///"):
        raise OutputRefused("backup 只用于 SQLite 文件；PostgreSQL 请用 pg_dump 备份")
    refuse_overwriting(target, store_files(url))
    source = sqlite3.connect(f"file:{url.removeprefix('sqlite:///')}?mode=ro", uri=True)
    try:
        with replacing(target) as temporary:
            copy = sqlite3.connect(temporary)
            try:
                source.backup(copy)
                copy.execute("PRAGMA journal_mode=DELETE")  # one self-contained file
                (check,) = copy.execute("PRAGMA quick_check").fetchone()
                if check != "ok":
                    raise OutputRefused(f"备份副本未通过完整性检查（{check}），未写入")
                (events,) = copy.execute("SELECT count(*) FROM ledger_events").fetchone()
            finally:
                copy.close()
    finally:
        source.close()
    return int(events)
