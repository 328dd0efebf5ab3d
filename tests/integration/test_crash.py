"""kill -9 an import of 200,000 rows at random moments: afterwards the store holds all of
the file or none of it, its seal verifies, the read model kept command by command equals
a full rebuild, and importing again finishes the job.

Each trial runs ``budget-ledger import`` in a subprocess and kills it (SIGKILL) after a
random delay. The delays are spread over the whole span of an import (from start-up to
after the commit), estimated from two short imports on the same machine. A trial that
kills nothing leaves the store empty, and the next trial imports into it again; a trial
that finds the import done starts the next one on a fresh store.
"""

from __future__ import annotations

import hashlib
import os
import random
import signal
import subprocess
import sys
import time
from collections.abc import Callable
from itertools import islice
from pathlib import Path

import pytest
from sqlalchemy import Engine, func, select, text

from ledger.store import database_url, dispose_engines, engine_for
from ledger.tables import events, seals, tracking, vouchers
from ledger.verify import verify
from projections.maintain import rebuild
from projections.schema import code_names, lines, movements, units
from tests.big_journal import write_big_journal
from tests.conftest import _create_database, open_service

pytestmark = pytest.mark.slow

ROWS = 200_000
TRIALS = {"sqlite": int(os.environ.get("BUDGET_LEDGER_CRASH_TRIALS", "10")), "postgresql": 3}
EXECUTABLE = str(Path(sys.executable).parent / "budget-ledger")
READ_MODEL = [(movements, "id"), (lines, "key"), (units, "code"), (code_names, "scheme, code")]


@pytest.fixture(scope="module")
def big(tmp_path_factory: pytest.TempPathFactory) -> Path:
    return write_big_journal(tmp_path_factory.mktemp("crash") / "big.csv", ROWS)


def _import(url: str, path: Path) -> subprocess.Popen[str]:
    return subprocess.Popen(
        [EXECUTABLE, "--db", url, "import", "--no-progress", str(path)],
        stdout=subprocess.PIPE,
        stderr=subprocess.PIPE,
        text=True,
    )


def _finish(url: str, path: Path) -> str:
    done = _import(url, path)
    out, err = done.communicate()
    assert done.returncode == 0, err
    return out


def _estimate_seconds(new_url: Callable[[], str], big: Path, tmp: Path) -> float:
    """How long a full import takes here, from two short ones (a line through them)."""
    times = []
    for rows in (10_000, 30_000):
        prefix = tmp / f"prefix-{rows}.csv"
        with open(big, encoding="utf-8") as src, open(prefix, "w", encoding="utf-8") as out:
            out.writelines(islice(src, rows + 1))
        started = time.perf_counter()
        _finish(new_url(), prefix)
        times.append(time.perf_counter() - started)
    per_row = (times[1] - times[0]) / 20_000
    # Rows cost a little more as the store fills (longer lines to load, bigger indexes).
    return max(1.25 * (times[0] + per_row * (ROWS - 10_000)), 5.0)


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


def _check(url: str, full: tuple[int, int, int] | None) -> str:
    """After a kill: all or nothing, sealed, and the read model equals a rebuild."""
    dispose_engines()
    svc = open_service(url)
    counts = _counts(svc.engine)
    if counts[0] == 0:
        assert counts == (0, 0, 0), counts
        outcome = "none"
    else:
        outcome = "all"
        if full is not None:
            assert counts == full, (counts, full)
    assert verify(svc.engine).intact
    incremental = _read_model_digest(svc.engine)
    svc.maintain(lambda session, app: rebuild(session, app.mapper))
    assert _read_model_digest(svc.engine) == incremental
    return outcome


def _trials(kind: str, new_url: Callable[[], str], big: Path, tmp: Path) -> list[str]:
    estimate = _estimate_seconds(new_url, big, tmp)
    trials = TRIALS[kind]
    rng = random.Random()
    # Stratified over start-up … commit … exit: every part of the span gets its kills.
    delays = [(i + rng.random()) / trials * 1.1 * estimate for i in range(trials)]
    rng.shuffle(delays)
    url, full, log = new_url(), None, []
    for delay in delays:
        process = _import(url, big)
        try:
            process.wait(timeout=delay)
            finished = True
        except subprocess.TimeoutExpired:
            process.send_signal(signal.SIGKILL)
            process.wait()
            finished = False
        outcome = _check(url, full)
        log.append(f"{kind}: killed at {delay:5.1f} s of ~{estimate:.0f} s → {outcome}")
        if finished:
            assert process.returncode == 0 and outcome == "all"
        if outcome == "all":
            # The whole file is there: importing it again finds every row recorded.
            assert f"{ROWS:,} 行均已记录过" in _finish(url, big)
            full = full or _counts(engine_for(database_url(url)))
            url = new_url()
    # Importing again finishes the job, whatever the kills left.
    started = time.perf_counter()
    out = _finish(url, big)
    log.append(f"{kind}: imported again to the end in {time.perf_counter() - started:.0f} s")
    assert f"新记录 {ROWS:,} 行" in out or f"{ROWS:,} 行均已记录过" in out, out
    assert _check(url, full) == "all"
    print("\n" + "\n".join(log))
    return log


def test_sqlite_import_killed_at_random_moments(big: Path, tmp_path: Path) -> None:
    counter = iter(range(1000))
    log = _trials("sqlite", lambda: str(tmp_path / f"ledger-{next(counter)}.db"), big, tmp_path)
    assert len(log) > TRIALS["sqlite"]


def test_postgresql_import_killed_at_random_moments(
    postgres: str, big: Path, tmp_path: Path
) -> None:
    log = _trials("postgresql", lambda: _create_database(postgres), big, tmp_path)
    assert len(log) > TRIALS["postgresql"]
