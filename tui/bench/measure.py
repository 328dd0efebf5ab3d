"""Timing whole commands (wall time, peak memory) and repeated queries (percentiles)."""

from __future__ import annotations

import os
import statistics
import subprocess
import sys
import tempfile
import time
from collections.abc import Callable, Sequence
from dataclasses import dataclass
from pathlib import Path


@dataclass(frozen=True)
class Run:
    seconds: float
    peak_rss_mb: float
    output: str


# Starts the command from a small process and writes its peak RSS (KiB) to a file: a
# process's ru_maxrss also counts the memory of the process it was forked from, until it
# execs (this one is a few MB; the benchmark's own is a hundred).
_LAUNCHER = """
import os, sys
pid = os.fork()
if pid == 0:
    os.execvp(sys.argv[2], sys.argv[2:])
_, status, usage = os.wait4(pid, 0)
with open(sys.argv[1], "w") as f:
    f.write(str(usage.ru_maxrss))
sys.exit(os.waitstatus_to_exitcode(status))
"""


def command(
    argv: Sequence[str], env: dict[str, str] | None = None, discard_output: bool = False
) -> Run:
    """Run a command to completion; its wall time and peak resident memory (of that
    process: a child it starts is counted only if it is the larger)."""
    with tempfile.NamedTemporaryFile("r", suffix=".rss") as rss:
        started = time.perf_counter()
        process = subprocess.Popen(
            [sys.executable, "-S", "-c", _LAUNCHER, rss.name, *argv],
            stdout=subprocess.DEVNULL if discard_output else subprocess.PIPE,
            stderr=subprocess.STDOUT,
            env={**os.environ, **(env or {})},
        )
        out = "" if process.stdout is None else process.stdout.read().decode("utf-8", "replace")
        process.wait()
        seconds = time.perf_counter() - started
        if process.returncode != 0:
            raise RuntimeError(f"{' '.join(argv)} failed ({process.returncode}):\n{out[-2000:]}")
        return Run(seconds, int(rss.read()) / 1024, out)


def reading_worker(journal: Path) -> list[str]:
    """The process that reads and parses a large journal for an import, run on its own
    (its output, the parsed rows, is thrown away)."""
    return [sys.executable, "-m", "ledger.journal.chunks", str(journal)]


def ledger_cli(db: str, *args: str) -> list[str]:
    return [str(Path(sys.executable).parent / "budget-ledger"), "--db", db, *args]


@dataclass(frozen=True)
class Latency:
    p50_ms: float
    p95_ms: float
    count: int


def latency(calls: Sequence[Callable[[], object]]) -> Latency:
    """Run each call once; the median and 95th percentile of their times."""
    samples = []
    for call in calls:
        started = time.perf_counter()
        call()
        samples.append((time.perf_counter() - started) * 1000)
    samples.sort()
    return Latency(
        p50_ms=statistics.median(samples),
        p95_ms=samples[min(len(samples) - 1, round(0.95 * (len(samples) - 1)))],
        count=len(samples),
    )
