"""``budget-ledger bench``: one run, on the same data, of everything issue 5 asks to measure,
written to BENCHMARKS.md with the machine, the date and the sizes."""

from __future__ import annotations

import csv
import platform
import random
import sqlite3
import subprocess
import time
from collections.abc import Callable
from dataclasses import dataclass, field
from datetime import UTC, date, datetime, timedelta
from pathlib import Path
from typing import Any

import psycopg
from sqlalchemy import func, select
from sqlalchemy.orm import Session

from ledger.journal.columns import NAMES
from ledger.store import dispose_engines
from ledger.tables import events
from projections.final_accounts.document import build as final_accounts
from projections.queries.execution import execution_report
from projections.schema import units as unit_table
from projections.scope import Scope
from tui.bench import peers, pgserver
from tui.bench.measure import Latency, Run, command, latency, ledger_cli, reading_worker
from tui.bench.online import (
    OnlineResult,
    measure,
    reset_statements,
    targets,
    top_statements,
    verified,
    without_close,
)
from tui.bench.performance import PerformanceResult
from tui.bench.performance import measure as measure_performance
from tui.bench.synthetic import City, Performance, generate
from tui.bench.tui_paint import Paint, paint_times
from tui.root import OpenLedger

GOAL_CLIENTS = 16  # issue 15: ≥ 1,000 commands/s at N = 16 on PostgreSQL, p99 ≤ 50 ms


@dataclass
class Options:
    payments: int = 1_000_000
    units: int = 300
    lines: int = 12_000
    departments: int = 15  # 20 units each at 300 units
    growth: int | None = 100_000  # a smaller year, to show how cost grows
    workdir: Path = Path("bench-data")
    output: Path = Path("BENCHMARKS.md")
    queries: int = 200
    city_queries: int = 20
    postgres: bool = True
    peer: bool = True
    concurrent: int = 4
    only: str | None = None  # "online" or "performance": only that benchmark
    online_seconds: float = 20.0  # each run of N clients records for this long
    online_postgres: tuple[int, ...] = (1, 4, 16, 64)
    online_sqlite: tuple[int, ...] = (1, 4)
    chart: Path = Path("docs/online-recording.png")
    performance_projects: int = 3_000
    performance_indicators: int = 15


@dataclass
class SizeResult:
    payments: int
    rows: int = 0
    events: int = 0
    import_run: Run | None = None
    reader_run: Run | None = None  # the import's reading worker, on its own
    paints: list[Paint] = field(default_factory=list)  # the terminal UI's, on this store
    rebuild_run: Run | None = None
    unit: Latency | None = None
    unit_known: Latency | None = None
    city: Latency | None = None
    city_known: Latency | None = None
    final_unit: Latency | None = None
    final_department: Latency | None = None
    floor_seconds: float | None = None
    peer: dict[str, Any] = field(default_factory=dict)
    postgres: dict[str, Any] = field(default_factory=dict)
    concurrent: dict[str, Any] = field(default_factory=dict)
    online: OnlineResult | None = None
    performance: PerformanceResult | None = None


def run(options: Options, log: Callable[[str], None] = print) -> list[SizeResult]:
    options.workdir.mkdir(parents=True, exist_ok=True)
    sizes = [options.payments]
    if options.growth and options.growth < options.payments:
        sizes.insert(0, options.growth)
    results = []
    if options.only == "performance":
        return [_only_performance(options, log)]
    server = pgserver.server(statements=True) if options.postgres else None
    pg_url = server.__enter__() if server else None
    try:
        if options.only == "online":
            return [_only_online(options, pg_url, log)]
        for size in sizes:
            full = size == options.payments
            results.append(_measure(options, size, full, pg_url if full else None, log))
    finally:
        if server:
            server.__exit__(None, None, None)
    write_markdown(options, results)
    log(f"结果已写入 {options.output}")
    return results


def _measure(
    options: Options, size: int, full: bool, pg_url: str | None, log: Callable[[str], None]
) -> SizeResult:
    city = City(
        units=options.units, lines=options.lines, payments=size, departments=options.departments
    )
    journal = options.workdir / f"city-{size}.csv"
    log(f"生成 {size:,} 笔支付的模拟年度 → {journal}")
    stats = generate(city, journal)
    result = SizeResult(payments=size, rows=stats.rows)
    db = options.workdir / f"city-{size}.db"
    for suffix in ("", "-wal", "-shm"):
        Path(f"{db}{suffix}").unlink(missing_ok=True)

    log("导入（命令行，含读模型）…")
    result.import_run = command(ledger_cli(str(db), "import", "--no-progress", str(journal)))
    result.reader_run = command(reading_worker(journal), discard_output=True)
    engine = OpenLedger(str(db)).engine
    with Session(engine) as session:
        result.events = session.execute(select(func.count()).select_from(events)).scalar() or 0
    log("重建读模型…")
    result.rebuild_run = command(ledger_cli(str(db), "rebuild"))
    log("报表延迟…")
    _latencies(result, engine, city, options)
    dispose_engines()
    if full:
        result.performance = _performance(options, city, str(db), result, log)
    if full:
        log("终端界面首屏…")
        result.paints = paint_times(str(db), starts=7)
    log("基线：SQLite executemany …")
    result.floor_seconds = peers.floor(journal, options.workdir / "floor.db")
    if full and options.peer and peers.hledger_available():
        log("对照：hledger balance --budget …")
        ledger_file = options.workdir / f"city-{size}.journal"
        started = time.perf_counter()
        peers.to_hledger(journal, ledger_file)
        result.peer["convert_seconds"] = time.perf_counter() - started
        peer_run = peers.hledger_budget(ledger_file, city.year)
        result.peer["seconds"] = peer_run.seconds
        result.peer["rss_mb"] = peer_run.peak_rss_mb
    if full:
        log(f"{options.concurrent} 个进程并发导入（SQLite）…")
        result.concurrent["sqlite"] = _concurrent(
            options, journal, str(options.workdir / "conc.db")
        )
    if pg_url:
        log("PostgreSQL：导入与报表…")
        result.postgres = _postgres(options, journal, city, pg_url)
    if full:
        result.online = _online(options, journal, size, pg_url, log)
    return result


def _only_online(options: Options, pg_url: str | None, log: Callable[[str], None]) -> SizeResult:
    """``bench --only online``: the city year, then online recording on it; its section of
    BENCHMARKS.md replaced (the rest of the file kept) and its chart drawn."""
    from tui.bench.chart import draw
    from tui.bench.markdown import online_section, splice

    city = City(
        units=options.units,
        lines=options.lines,
        payments=options.payments,
        departments=options.departments,
    )
    journal = options.workdir / f"city-{options.payments}.csv"
    log(f"生成 {options.payments:,} 笔支付的模拟年度 → {journal}")
    stats = generate(city, journal)
    result = SizeResult(payments=options.payments, rows=stats.rows)
    result.online = _online(options, journal, options.payments, pg_url, log)
    old = options.output.read_text(encoding="utf-8") if options.output.exists() else ""
    section = online_section(options, result.online, machine())
    options.output.write_text(splice(old, section), encoding="utf-8")
    draw(result.online, options.chart)
    log(f"结果已写入 {options.output} 与 {options.chart}")
    return result


def _online(
    options: Options, journal: Path, size: int, pg_url: str | None, log: Callable[[str], None]
) -> OnlineResult:
    """Online recording on a store holding the city's year (its close left out)."""
    result = OnlineResult(payments=size)
    open_year = without_close(journal, options.workdir / f"open-{size}.csv")
    stores: list[tuple[str, str, tuple[int, ...]]] = []
    if options.online_sqlite:
        path = options.workdir / "online.db"
        for suffix in ("", "-wal", "-shm"):
            Path(f"{path}{suffix}").unlink(missing_ok=True)
        stores.append(("SQLite", str(path), options.online_sqlite))
    if pg_url and options.online_postgres:
        stores.append(("PostgreSQL", _database(pg_url, "bench_online"), options.online_postgres))
    for name, db, clients in stores:
        log(f"在线记录（{name}）：导入不含年终结账的全年…")
        command(ledger_cli(db, "import", "--no-progress", str(open_year)))
        url = OpenLedger(db).url
        with OpenLedger(url).read() as session:
            result.events = session.execute(select(func.count()).select_from(events)).scalar() or 0
        lines = targets(url)
        dispose_engines()
        for n in clients:
            log(f"在线记录（{name}）：{n} 个客户端，{options.online_seconds:g} 秒…")
            statements = name == "PostgreSQL" and n == GOAL_CLIENTS and reset_statements(url)
            run = measure(url, name, n, lines, options.online_seconds)
            result.runs.append(run)
            if statements:
                top_statements(url, run.commands, result)
        log(f"在线记录（{name}）：verify…")
        result.verified[name] = verified(url)
    return result


def _performance(
    options: Options, city: City, db: str, money: SizeResult, log: Callable[[str], None]
) -> PerformanceResult:
    """The performance line on the store of the city's money year (imported just before)."""
    run = money.import_run
    money_rate = money.events / run.seconds if run else 0.0
    shape = Performance(options.performance_projects, options.performance_indicators)
    return measure_performance(
        city, shape, db, options.workdir, money_rate, options.city_queries, log
    )


def _only_performance(options: Options, log: Callable[[str], None]) -> SizeResult:
    """``bench --only performance``: the city's money year imported, then the performance
    line; its section of BENCHMARKS.md replaced (the rest of the file kept)."""
    from tui.bench.markdown import PERFORMANCE_HEADING, performance_section, splice_section

    city = City(
        units=options.units,
        lines=options.lines,
        payments=options.payments,
        departments=options.departments,
    )
    journal = options.workdir / f"city-{options.payments}.csv"
    log(f"生成 {options.payments:,} 笔支付的模拟年度 → {journal}")
    result = SizeResult(payments=options.payments, rows=generate(city, journal).rows)
    db = options.workdir / f"city-{options.payments}.db"
    for suffix in ("", "-wal", "-shm"):
        Path(f"{db}{suffix}").unlink(missing_ok=True)
    log("导入（命令行，含读模型）…")
    result.import_run = command(ledger_cli(str(db), "import", "--no-progress", str(journal)))
    with Session(OpenLedger(str(db)).engine) as session:
        result.events = session.execute(select(func.count()).select_from(events)).scalar() or 0
    dispose_engines()
    result.performance = _performance(options, city, str(db), result, log)
    how = (
        f"Run {datetime.now().astimezone():%Y-%m-%d %H:%M %Z} with `budget-ledger bench --only"
        f" performance --payments {options.payments}` on the city year of"
        f" {result.events:,} events"
    )
    old = options.output.read_text(encoding="utf-8") if options.output.exists() else ""
    options.output.write_text(
        splice_section(
            old,
            PERFORMANCE_HEADING,
            performance_section(result.performance, PERFORMANCE_HEADING, how),
        ),
        encoding="utf-8",
    )
    log(f"结果已写入 {options.output}")
    return result


def _latencies(result: SizeResult, engine: Any, city: City, options: Options) -> None:
    rnd = random.Random(7)
    with Session(engine) as session:
        units = [u for (u,) in session.execute(select(unit_table.c.code))]
        departments = sorted({u[:3] for u in units})
        moment = datetime.now(UTC) + timedelta(days=1)

        def day() -> date:
            return date(city.year, 1, 1) + timedelta(rnd.randrange(365))

        unit_scopes = [
            Scope(city.year, unit=rnd.choice(units), as_of=day()) for _ in range(options.queries)
        ]
        city_scopes = [Scope(city.year, as_of=day()) for _ in range(options.city_queries)]

        def report(scope: Scope, by: list[str]) -> Callable[[], object]:
            return lambda: execution_report(session, scope, by)

        result.unit = latency([report(s, ["function"]) for s in unit_scopes])
        result.unit_known = latency([report(_known(s, moment), ["function"]) for s in unit_scopes])
        result.city = latency([report(s, ["function"]) for s in city_scopes])
        result.city_known = latency([report(_known(s, moment), ["function"]) for s in city_scopes])
        year_end = [Scope(city.year, unit=rnd.choice(units)) for _ in range(20)]

        def finals(scope: Scope) -> Callable[[], object]:
            return lambda: final_accounts(session, scope)

        result.final_unit = latency([finals(s) for s in year_end])
        result.final_department = latency(
            [finals(Scope(city.year, department=d)) for d in departments[:5]]
        )


def _known(scope: Scope, moment: datetime) -> Scope:
    return Scope(
        scope.year, unit=scope.unit, department=scope.department, as_of=scope.as_of, known_at=moment
    )


def _split(journal: Path, parts: int, workdir: Path) -> list[Path]:
    """The journal split by unit into ``parts`` files, each importable on its own."""
    paths = [workdir / f"part-{i}.csv" for i in range(parts)]
    files = [open(p, "w", encoding="utf-8", newline="") for p in paths]  # noqa: SIM115
    try:
        writers = [csv.writer(f, lineterminator="\n") for f in files]
        for w in writers:
            w.writerow(NAMES)
        owner: dict[str, int] = {}
        with open(journal, encoding="utf-8", newline="") as f:
            reader = csv.reader(f)
            next(reader)
            unit_at = NAMES.index("unit")
            for record in reader:
                part = owner.setdefault(record[unit_at], len(owner) % parts)
                writers[part].writerow(record)
    finally:
        for f in files:
            f.close()
    return paths


def _concurrent(options: Options, journal: Path, db: str) -> dict[str, Any]:
    for suffix in ("", "-wal", "-shm"):
        Path(f"{db}{suffix}").unlink(missing_ok=True)
    parts = _split(journal, options.concurrent, options.workdir)
    OpenLedger(db)  # the importers start on an existing schema
    dispose_engines()
    started = time.perf_counter()
    processes = [
        subprocess.Popen(
            ledger_cli(db, "import", "--no-progress", str(p)),
            stdout=subprocess.PIPE,
            stderr=subprocess.STDOUT,
        )
        for p in parts
    ]
    failures = [p.communicate()[0].decode() for p in processes if p.wait() != 0]
    seconds = time.perf_counter() - started
    engine = OpenLedger(db).engine
    with Session(engine) as session:
        count = session.execute(select(func.count()).select_from(events)).scalar() or 0
    dispose_engines()
    return {"seconds": seconds, "events": count, "failures": failures}


def _database(server_url: str, name: str) -> str:
    """A new, empty database ``name`` on the server; its URL."""
    with psycopg.connect(server_url, autocommit=True) as conn:
        conn.execute(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)')
        conn.execute(f'CREATE DATABASE "{name}"')
    return server_url.rsplit("/", 1)[0] + f"/{name}"


def _postgres(options: Options, journal: Path, city: City, server_url: str) -> dict[str, Any]:
    def database(name: str) -> str:
        return _database(server_url, name)

    url = database("bench")
    out: dict[str, Any] = {}
    out["import"] = command(ledger_cli(url, "import", "--no-progress", str(journal)))
    engine = OpenLedger(url).engine
    with Session(engine) as session:
        out["events"] = session.execute(select(func.count()).select_from(events)).scalar() or 0
    out["rebuild"] = command(ledger_cli(url, "rebuild"))
    partial = SizeResult(payments=0)
    _latencies(partial, engine, city, Options(queries=50, city_queries=5))
    out["unit"], out["city"] = partial.unit, partial.city
    dispose_engines()
    out["concurrent"] = _concurrent(options, journal, database("bench_concurrent"))
    return out


def machine() -> dict[str, str]:
    cpu = "unknown"
    for line in Path("/proc/cpuinfo").read_text().splitlines():
        if line.startswith("model name"):
            cpu = line.split(":", 1)[1].strip()
            break
    memory = next(
        (
            line.split()[1]
            for line in Path("/proc/meminfo").read_text().splitlines()
            if line.startswith("MemTotal")
        ),
        "0",
    )
    pg_version = subprocess.run(
        [str((pgserver.binaries() or Path("/usr/bin")) / "postgres"), "--version"],
        capture_output=True,
        text=True,
        check=False,
    ).stdout.strip()
    return {
        "CPU": cpu,
        "cores": str(
            len(
                [
                    ln
                    for ln in Path("/proc/cpuinfo").read_text().splitlines()
                    if ln.startswith("processor")
                ]
            )
        ),
        "memory": f"{int(memory) / 1024 / 1024:.0f} GiB",
        "Python": platform.python_version(),
        "SQLite": sqlite3.sqlite_version,
        "PostgreSQL": pg_version or "n/a",
        "OS": platform.platform(),
    }


def write_markdown(options: Options, results: list[SizeResult]) -> None:
    from tui.bench.chart import draw
    from tui.bench.markdown import online_section, render

    text = render(options, results, machine())
    online = results[-1].online
    if online is not None:
        text += "\n" + online_section(options, online, None)
        draw(online, options.chart)
    options.output.write_text(text, encoding="utf-8")
