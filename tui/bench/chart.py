"""The online recording chart: throughput and p99 latency against the number of clients,
one line per database, drawn by the benchmark itself (matplotlib, no display needed)."""

from __future__ import annotations

from pathlib import Path
from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from tui.bench.online import OnlineResult

STYLE = {"PostgreSQL": ("#336791", "o"), "SQLite": ("#7a9a01", "s")}


def draw(online: OnlineResult, path: Path) -> None:
    import matplotlib

    matplotlib.use("Agg")
    import matplotlib.pyplot as plt

    figure, (rate, p99) = plt.subplots(1, 2, figsize=(10, 4), constrained_layout=True)
    for database in sorted({r.database for r in online.runs}):
        runs = sorted((r for r in online.runs if r.database == database), key=lambda r: r.clients)
        colour, marker = STYLE.get(database, ("black", "x"))
        n = [r.clients for r in runs]
        rate.plot(n, [r.rate for r in runs], color=colour, marker=marker, label=database)
        p99.plot(n, [r.p99_ms for r in runs], color=colour, marker=marker, label=database)
    rate.axhline(1000, color="grey", linestyle="--", linewidth=1, label="goal (PostgreSQL, N = 16)")
    p99.axhline(50, color="grey", linestyle="--", linewidth=1, label="goal (PostgreSQL, N = 16)")
    for axes, title, unit in (
        (rate, "Throughput", "commands/s"),
        (p99, "p99 latency", "ms"),
    ):
        axes.set_xscale("log", base=2)
        axes.set_xlabel("clients (N)")
        axes.set_ylabel(unit)
        axes.set_title(title)
        axes.grid(True, which="both", alpha=0.3)
        axes.legend()
    p99.set_yscale("log")
    figure.suptitle(f"Online recording on a city's year ({online.events:,} events)")
    path.parent.mkdir(parents=True, exist_ok=True)
    figure.savefig(path, dpi=100)
    plt.close(figure)
