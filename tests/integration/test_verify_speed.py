"""``verify`` streams: a million sealed events in seconds and in constant memory."""

from __future__ import annotations

import json
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


# Runs the CLI and then reports the process's own peak (VmHWM belongs to the memory map
# exec made; a child's ru_maxrss would also count the parent it was forked from).
_MEASURED = """
import sys
from pathlib import Path
from tui.cli.main import main
code = main(sys.argv[1:])
peak = next(l for l in Path("/proc/self/status").read_text().splitlines() if l.startswith("VmHWM:"))
print(int(peak.split()[1]) * 1024, file=sys.stderr)
sys.exit(code)
"""


def _verify_in_a_process(url: str) -> tuple[dict[str, object], float, int]:
    """``budget-ledger verify`` run as an auditor runs it, in a process of its own: its
    report, wall seconds, and that process's peak resident memory (bytes)."""
    started = time.perf_counter()
    done = subprocess.run(
        [sys.executable, "-c", _MEASURED, "--db", url, "verify", "--format", "json"],
        capture_output=True,
        check=True,
    )
    seconds = time.perf_counter() - started
    return json.loads(done.stdout), seconds, int(done.stderr.split()[-1])


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
