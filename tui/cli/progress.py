"""A progress bar on the terminal (standard error), silent when not on a terminal."""

from __future__ import annotations

import sys
import time


class ProgressBar:
    def __init__(self, label: str, enabled: bool | None = None) -> None:
        self.label = label
        self.enabled = sys.stderr.isatty() if enabled is None else enabled
        self._last = 0.0
        self._start = time.monotonic()

    def __call__(self, fraction: float, rows: int) -> None:
        now = time.monotonic()
        if not self.enabled or now - self._last < 0.2:
            return
        self._last = now
        filled = int(fraction * 30)
        rate = rows / max(now - self._start, 1e-6)
        sys.stderr.write(
            f"\r{self.label} [{'#' * filled}{'.' * (30 - filled)}] {fraction:6.1%}"
            f"  {rows:,} 行  {rate:,.0f} 行/秒"
        )
        sys.stderr.flush()

    def done(self) -> None:
        if self.enabled and self._last:
            sys.stderr.write("\r" + " " * 100 + "\r")
            sys.stderr.flush()
