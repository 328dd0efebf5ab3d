"""The performance (绩效) line of the benchmark: a city's projects with their targets and
monthly progress imported after the money year, at the events/s of the payments' import,
and ``report performance`` for the whole city as of random dates."""

from __future__ import annotations

import random
from collections.abc import Callable
from dataclasses import dataclass
from datetime import date, timedelta
from pathlib import Path

from sqlalchemy import func, select

from ledger.store import dispose_engines
from ledger.tables import events
from projections.queries.performance import performance_report
from projections.scope import Scope
from tui.bench.measure import Latency, Run, command, latency, ledger_cli
from tui.bench.synthetic import City, Performance, city_projects, generate_performance
from tui.root import OpenLedger

GOAL_P95_MS = 500.0  # issue 13: `report performance` for the city


@dataclass
class PerformanceResult:
    projects: int
    indicators: int
    rows: int = 0
    events: int = 0
    import_run: Run | None = None
    money_rate: float = 0.0  # events/s of the money year's import on the same store
    city: Latency | None = None

    @property
    def rate(self) -> float:
        return self.events / self.import_run.seconds if self.import_run else 0.0


def count_events(db: str) -> int:
    with OpenLedger(db).read() as session:
        return session.execute(select(func.count()).select_from(events)).scalar() or 0


def measure(
    city: City,
    performance: Performance,
    db: str,
    workdir: Path,
    money_rate: float,
    queries: int,
    log: Callable[[str], None],
) -> PerformanceResult:
    """On ``db`` holding the city's money year: import its performance journal, then time
    ``report performance`` for the city as of ``queries`` random dates."""
    journal = workdir / f"performance-{performance.projects}x{performance.indicators}.csv"
    log(f"生成 {performance.projects:,} 个项目 × {performance.indicators} 个绩效指标 → {journal}")
    stats = generate_performance(city, performance, journal)
    shown = min(performance.projects, len(city_projects(city)))
    result = PerformanceResult(shown, performance.indicators, rows=stats.rows)
    result.money_rate = money_rate
    before = count_events(db)
    dispose_engines()
    log("导入绩效目标与每月监控（命令行，含读模型）…")
    result.import_run = command(ledger_cli(db, "import", "--no-progress", str(journal)))
    result.events = count_events(db) - before
    log("全市双监控报表延迟…")
    rnd = random.Random(13)
    scopes = [
        Scope(city.year, as_of=date(city.year, 1, 31) + timedelta(rnd.randrange(335)))
        for _ in range(queries)
    ]
    with OpenLedger(db).read() as session:

        def report(scope: Scope) -> Callable[[], object]:
            return lambda: performance_report(session, scope)

        result.city = latency([report(s) for s in scopes])
    dispose_engines()
    return result
