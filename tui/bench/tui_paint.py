"""How soon the terminal UI shows something: ``budget-ledger tui`` started on a
pseudo-terminal, as a user starts it, and its screen read as the terminal receives it.

Two moments per start, from the process's start: the first frame (the tab bar's 总览
drawn) and the overview's figures (a fund's name in the 按资金性质 table, which appears
only once the figures are loaded). Each start is a fresh process: Python's imports are
part of what a user waits for.
"""

from __future__ import annotations

import codecs
import fcntl
import os
import pty
import select
import signal
import struct
import subprocess
import termios
import time
from collections.abc import Sequence
from dataclasses import dataclass

from tui.bench.measure import ledger_cli

FIRST_FRAME = "总览"
FIGURES = "一般公共预算"


@dataclass(frozen=True)
class Paint:
    first_frame: float  # seconds
    figures: float


def paint_times(db: str, starts: int = 7, size: tuple[int, int] = (160, 50)) -> list[Paint]:
    return [_one(ledger_cli(db, "tui"), size) for _ in range(starts)]


def _one(argv: Sequence[str], size: tuple[int, int], timeout: float = 60.0) -> Paint:
    master, slave = pty.openpty()
    columns, rows = size
    fcntl.ioctl(slave, termios.TIOCSWINSZ, struct.pack("HHHH", rows, columns, 0, 0))
    env = {**os.environ, "TERM": "xterm-256color", "COLORTERM": "truecolor"}
    env.pop("NO_COLOR", None)
    started = time.perf_counter()
    process = subprocess.Popen(
        list(argv), stdin=slave, stdout=slave, stderr=slave, env=env, start_new_session=True
    )
    os.close(slave)
    decoder = codecs.getincrementaldecoder("utf-8")("replace")
    seen = ""
    first: float | None = None
    try:
        while time.perf_counter() - started < timeout:
            ready, _, _ = select.select([master], [], [], 0.5)
            if not ready:
                continue
            try:
                seen += decoder.decode(os.read(master, 65536))
            except OSError:  # the UI has gone
                break
            if first is None and FIRST_FRAME in seen:
                first = time.perf_counter() - started
            if first is not None and FIGURES in seen:
                return Paint(first, time.perf_counter() - started)
            seen = seen[-4096:]  # the markers are short
        raise RuntimeError(f"界面在 {timeout:.0f} 秒内未显示{FIGURES if first else FIRST_FRAME}")
    finally:
        os.killpg(process.pid, signal.SIGKILL)
        process.wait()
        os.close(master)
