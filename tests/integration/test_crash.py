"""kill -9 an import of 200,000 rows at random moments: afterwards the store holds all of
the file or none of it, its seal verifies, the read model kept command by command equals
a full rebuild, and importing again finishes the job.

Each trial runs ``budget-ledger import`` in a subprocess and kills it (SIGKILL) at a
random point of its work. The point is chosen in rows read, not in seconds (an import
slows down as it grows, so a guess in seconds misses its end): the import draws its
progress bar on a pseudo-terminal, as for a user, and the test reads it. The points are
spread over the whole span, reading the first rows to the last, and past it: the final
flush, the commit and the exit. A trial that kills nothing leaves the store empty and
the next trial imports into it again; a trial that finds the import done starts the
next one on a fresh store.
"""

from __future__ import annotations

import hashlib
import os
import pty
import random
import re
import signal
import subprocess
import sys
import threading
import time
from collections.abc import Callable
from pathlib import Path

import pytest
from sqlalchemy import Engine, func, select, text

from ledger.store import dispose_engines
from ledger.tables import events, seals, tracking, vouchers
from ledger.verify import verify
from projections.maintain import rebuild
from projections.schema import code_names, lines, movements, units
from tests.big_journal import write_big_journal
from tests.conftest import _create_database, open_service

pytestmark = pytest.mark.slow

ROWS = 200_000
TRIALS = {
    "sqlite": int(os.environ.get("BUDGET_LEDGER_CRASH_TRIALS", "10")),
    "postgresql": int(os.environ.get("BUDGET_LEDGER_CRASH_TRIALS", "10")),
}
AFTER_LAST_ROW = 4.0  # seconds past the last row that the last kills are spread over
EXECUTABLE = str(Path(sys.executable).parent / "budget-ledger")
PROGRESS = re.compile(r"%\s+([\d,]+) 行")
READ_MODEL = [(movements, "id"), (lines, "key"), (units, "code"), (code_names, "scheme, code")]


@pytest.fixture(scope="module")
def big(tmp_path_factory: pytest.TempPathFactory) -> Path:
    return write_big_journal(tmp_path_factory.mktemp("crash") / "big.csv", ROWS)


class Watched:
    """An import whose progress bar says how many rows it has read."""

    def __init__(self, url: str, path: Path) -> None:
        master, slave = pty.openpty()
        self.process = subprocess.Popen(
            [EXECUTABLE, "--db", url, "import", str(path)],
            stdin=subprocess.DEVNULL,
            stdout=subprocess.DEVNULL,
            stderr=slave,
        )
        os.close(slave)
        self.rows = 0
        self._master = master
        self._reader = threading.Thread(target=self._read, daemon=True)
        self._reader.start()

    def _read(self) -> None:
        tail = ""
        while True:
            try:
                chunk = os.read(self._master, 4096).decode("utf-8", "replace")
            except OSError:  # the child has gone
                return
            if not chunk:
                return
            tail = (tail + chunk)[-400:]
            for match in PROGRESS.finditer(tail):
                self.rows = int(match[1].replace(",", ""))

    def kill_when(self, rows: int, then: float) -> bool:
        """SIGKILL once ``rows`` rows are read and ``then`` seconds more have passed;
        True if the import finished by itself first."""
        while self.process.poll() is None and self.rows < rows:
            time.sleep(0.02)
        try:
            self.process.wait(timeout=then)
            finished = True
        except subprocess.TimeoutExpired:
            self.process.send_signal(signal.SIGKILL)
            self.process.wait()
            finished = False
        self._reader.join(timeout=5)
        os.close(self._master)
        return finished


def _finish(url: str, path: Path) -> str:
    done = subprocess.run(
        [EXECUTABLE, "--db", url, "import", "--no-progress", str(path)],
        capture_output=True,
        text=True,
    )
    assert done.returncode == 0, done.stderr
    return done.stdout


def _counts(engine: Engine) -> tuple[int, int, int]:
    with engine.connect() as c:
        return tuple(  # type: ignore[return-value]
            c.execute(select(func.count()).select_from(t)).scalar()
            for t in (events, vouchers, seals)
        )


def _read_model_digest(engine: Engine) -> str:
    """Every read-model row, and the position it was built up to (no tracking row: 0)."""
    digest = hashlib.sha256()
    with engine.connect() as c:
        for table, order in READ_MODEL:
            for row in c.execute(text(f"SELECT * FROM {table.name} ORDER BY {order}")):
                digest.update(repr(tuple(row)).encode())
        position = c.execute(select(tracking.c.notification_id)).scalar() or 0
    digest.update(f"position {position}".encode())
    return digest.hexdigest()


def _check(url: str) -> tuple[int, int, int]:
    """After a kill: all or nothing, sealed, and the read model equals a rebuild.
    Returns the counts of events, vouchers and seals (all zero: nothing)."""
    dispose_engines()
    svc = open_service(url)
    counts = _counts(svc.engine)
    assert counts[0] > 0 or counts == (0, 0, 0), counts
    assert verify(svc.engine).intact
    incremental = _read_model_digest(svc.engine)
    svc.maintain(rebuild)
    assert _read_model_digest(svc.engine) == incremental
    return counts


def _kill_points(trials: int, rng: random.Random) -> list[tuple[int, float]]:
    """(rows read, seconds after) per trial, stratified over the whole import: the last
    stratum lies past the last row (final flush, commit, exit)."""
    points = []
    for i in range(trials):
        u = (i + rng.random()) / trials * 1.1
        if u < 1:
            points.append((max(1, int(u * ROWS)), 0.0))
        else:
            points.append((ROWS, (u - 1) / 0.1 * AFTER_LAST_ROW))
    rng.shuffle(points)
    return points


def _trials(kind: str, new_url: Callable[[], str], big: Path) -> list[str]:
    url, log = new_url(), []
    complete: list[tuple[int, int, int]] = []  # what each store found "all" held
    for rows, then in _kill_points(TRIALS[kind], random.Random()):
        started = time.perf_counter()
        finished = Watched(url, big).kill_when(rows, then)
        seconds = time.perf_counter() - started
        counts = _check(url)
        outcome = "all" if counts[0] else "none"
        log.append(
            f"{kind}: {'finished before' if finished else 'killed'} at {rows:,} rows + {then:.1f} s "
            f"({seconds:.0f} s in) → {outcome}"
        )
        if finished:
            assert outcome == "all"
        if outcome == "all":
            complete.append(counts)
            url = new_url()
    # Importing again finishes the job, whatever the kills left; and every store a kill
    # left "all" holds exactly what a finished import holds.
    started = time.perf_counter()
    out = _finish(url, big)
    log.append(f"{kind}: imported again to the end in {time.perf_counter() - started:.0f} s")
    assert f"新记录 {ROWS:,} 行" in out, out
    full = _check(url)
    assert all(counts == full for counts in complete), (complete, full)
    print("\n" + "\n".join(log))
    return log


def test_sqlite_import_killed_at_random_moments(big: Path, tmp_path: Path) -> None:
    counter = iter(range(1000))
    log = _trials("sqlite", lambda: str(tmp_path / f"ledger-{next(counter)}.db"), big)
    assert len(log) > TRIALS["sqlite"] >= 10 or "BUDGET_LEDGER_CRASH_TRIALS" in os.environ


def test_postgresql_import_killed_at_random_moments(postgres: str, big: Path) -> None:
    log = _trials("postgresql", lambda: _create_database(postgres), big)
    assert len(log) > TRIALS["postgresql"] >= 10 or "BUDGET_LEDGER_CRASH_TRIALS" in os.environ
