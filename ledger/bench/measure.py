"""Timing whole commands (wall time, peak memory) and repeated queries (percentiles)."""

from __future__ import annotations

import os
import statistics
import subprocess
import sys
import time
from collections.abc import Callable, Sequence
from dataclasses import dataclass
from pathlib import Path


@dataclass(frozen=True)
class Run:
    seconds: float
    peak_rss_mb: float
    output: str


def command(argv: Sequence[str], env: dict[str, str] | None = None) -> Run:
    """Run a command to completion; its wall time and peak resident memory."""
    started = time.perf_counter()
    process = subprocess.Popen(
        list(argv),
        stdout=subprocess.PIPE,
        stderr=subprocess.STDOUT,
        env={**os.environ, **(env or {})},
    )
    assert process.stdout is not None
    output = process.stdout.read().decode("utf-8", "replace")
    _, status, usage = os.wait4(process.pid, 0)
    seconds = time.perf_counter() - started
    process.returncode = os.waitstatus_to_exitcode(status)
    if process.returncode != 0:
        raise RuntimeError(f"{' '.join(argv)} failed ({process.returncode}):\n{output[-2000:]}")
    return Run(seconds, usage.ru_maxrss / 1024, output)


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
