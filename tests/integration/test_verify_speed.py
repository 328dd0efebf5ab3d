"""``verify`` streams: a million sealed events in seconds and in constant memory."""

from __future__ import annotations

import json
import os
import subprocess
import sys
import time
import uuid
from pathlib import Path

import pytest

from ledger.seal import ENTRY, GENESIS, link
from ledger.store import database_url, dispose_engines, engine_for, writing
from tests.conftest import EXAMPLE, open_service

pytestmark = pytest.mark.slow

EVENTS = 1_000_000
BATCH = 5000
EXECUTABLE = str(Path(sys.executable).parent / "budget-ledger")


def _fill(url: str) -> None:
    """A million events shaped like real ones (the example's states, cycled over 50,000
    aggregates), sealed in batches as the ledger seals them."""
    svc = open_service(url)
    svc.import_file(EXAMPLE / "journal.csv")
    with svc.engine.connect() as c:
        samples = [
            (topic, bytes(state))
            for topic, state in c.exec_driver_sql("SELECT topic, state FROM ledger_events")
        ]
    engine = engine_for(database_url(url))
    with writing(), engine.begin() as connection:
        raw = connection.connection.driver_connection
        start = raw.execute("SELECT max(id) FROM ledger_events").fetchone()[0] + 1
        (head,) = raw.execute(
            "SELECT head FROM ledger_seal ORDER BY last_id DESC LIMIT 1"
        ).fetchone()
        aggregates = [uuid.uuid4().bytes for _ in range(50_000)]
        for first in range(start, start + EVENTS - 273, BATCH):
            rows, entries = [], bytearray()
            for nid in range(first, min(first + BATCH, start + EVENTS - 273)):
                topic, state = samples[nid % len(samples)]
                originator, version = aggregates[nid % 50_000], nid // 50_000 + 1
                head = link(head, nid, originator, version, topic.encode(), state)
                rows.append((nid, originator, version, topic, state))
                entries += ENTRY.pack(nid, originator, version, head)
            raw.executemany(
                "INSERT INTO ledger_events (id, originator_id, originator_version, topic, state)"
                " VALUES (?, ?, ?, ?, ?)",
                rows,
            )
            raw.execute(
                "INSERT INTO ledger_seal (last_id, first_id, events, entries, head)"
                " VALUES (?, ?, ?, ?, ?)",
                (rows[-1][0], rows[0][0], len(rows), bytes(entries), head),
            )
    assert head != GENESIS


def _verify_in_a_process(url: str) -> tuple[dict[str, object], float, int]:
    """``budget-ledger verify`` run as an auditor runs it: its report, wall seconds, and
    the peak resident memory of that process alone (not of the test process, which holds
    whatever earlier tests left behind)."""
    started = time.perf_counter()
    child = subprocess.Popen(
        [EXECUTABLE, "--db", url, "verify", "--format", "json"],
        stdout=subprocess.PIPE,
    )
    assert child.stdout is not None
    out = child.stdout.read()
    _, status, usage = os.wait4(child.pid, 0)
    seconds = time.perf_counter() - started
    assert os.waitstatus_to_exitcode(status) == 0, out
    return json.loads(out), seconds, usage.ru_maxrss * 1024  # KiB on Linux


def test_a_million_events_verify_in_seconds(tmp_path: Path) -> None:
    url = str(tmp_path / "million.db")
    _fill(url)
    store = sum(p.stat().st_size for p in tmp_path.glob("million.db*"))
    dispose_engines()
    result, seconds, peak = _verify_in_a_process(url)
    print(
        f"\nverify: {result['events']:,} events ({store / 2**20:.0f} MiB) in {seconds:.1f} s, "
        f"peak memory {peak / 2**20:.0f} MiB"
    )
    assert result["intact"] and result["events"] == EVENTS
    # Streaming: the process holds a bounded slice (and SQLite its 64 MiB cache), far
    # less than the store it reads.
    assert peak < min(store / 2, 400 * 2**20)
    assert seconds < 120  # generous: about ten seconds on a loaded two-core machine
