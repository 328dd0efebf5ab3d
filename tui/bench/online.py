"""Online recording (issue 15): N long-running clients, each opening the store once and
recording single payments, transfers and reversals through ``LedgerService.record``, as a
feed would, on a store that already holds a city's year.

Each client is a process of its own (spawned: nothing inherited but its arguments). All
open the store, then wait at a barrier and record for the same number of seconds. Each
command's latency is taken in the client, around ``record``; so are the retries (the
service's collision count), refusals (by the rules: overspend, anything else) and the
commands given up as busy. After every run the store is checked as the concurrency test
checks it: each line's spent and adjusted moved by exactly what its clients were told was
accepted, no line's available balance is below zero, every accepted payment has its
voucher, and every event is sealed; ``verify`` runs once per database at the end.
"""

from __future__ import annotations

import csv
import multiprocessing
import os
import random
import statistics
import time
from collections import defaultdict
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from sqlalchemy import text

from ledger.journal.columns import NAMES
from ledger.journal.parse import RowError
from ledger.seal import Busy
from ledger.store import dispose_engines
from ledger.verify import verify
from tui.root import OpenLedger

DAY = "2024-12-31"  # after every row of the synthetic year (its close is left out)
OVERSPEND = "可用余额不足"
TIMEOUT = 900.0  # seconds a client may take to start and finish


@dataclass(frozen=True)
class Target:
    """A line the clients may record on: its read-model key, and what a row names."""

    key: int
    unit: str
    code: str
    economic: str
    peers: tuple[tuple[int, str], ...]  # lines of the same unit and fund (key, code)


@dataclass
class ClientResult:
    latencies_ms: list[float] = field(default_factory=list)
    accepted: int = 0
    overspend: int = 0
    other_refusals: list[str] = field(default_factory=list)
    busy: int = 0
    collisions: int = 0
    started: float = 0.0
    ended: float = 0.0
    spent: dict[int, int] = field(default_factory=dict)  # line key → fen accepted
    adjusted: dict[int, int] = field(default_factory=dict)
    payments: int = 0


@dataclass
class OnlineRun:
    database: str  # "PostgreSQL" | "SQLite"
    clients: int
    commands: int
    seconds: float
    p50_ms: float
    p99_ms: float
    accepted: int
    collisions: int
    overspend: int
    other_refusals: int
    busy: int
    load: float  # the machine's 1-minute load average when the run ended
    problems: list[str] = field(default_factory=list)  # what the totals check found

    @property
    def rate(self) -> float:
        return self.commands / self.seconds if self.seconds else 0.0


def without_close(journal: Path, out: Path) -> Path:
    """The journal less its year-end close: online commands come while the year is open."""
    kind = NAMES.index("kind")
    with (
        open(journal, encoding="utf-8", newline="") as f,
        open(out, "w", encoding="utf-8", newline="") as g,
    ):
        writer = csv.writer(g, lineterminator="\n")
        for record in csv.reader(f):
            if record[kind] != "close":
                writer.writerow(record)
    return out


def targets(url: str) -> list[Target]:
    """Every line that has been paid from, with an economic code it was paid with."""
    with OpenLedger(url).read() as session:
        rows = session.execute(
            text(
                "SELECT l.key, l.unit, l.code, l.fund, p.economic FROM line l JOIN"
                " (SELECT line_key, MIN(economic) AS economic FROM movement"
                "  WHERE kind = 'payment' GROUP BY line_key) p ON p.line_key = l.key"
                " ORDER BY l.key"
            )
        ).all()
    by_fund: dict[tuple[str, str], list[tuple[int, str]]] = defaultdict(list)
    for key, unit, code, fund, _ in rows:
        by_fund[(unit, fund)].append((key, code))
    return [
        Target(key, unit, code, economic, tuple(p for p in by_fund[(unit, fund)] if p[0] != key))
        for key, unit, code, fund, economic in rows
    ]


def _client(
    url: str,
    index: int,
    run_tag: str,
    lines: list[Target],
    seconds: float,
    barrier: Any,
    results: Any,
) -> None:
    """One client: open the store once, wait for the others, record until time is up.
    Its result is always handed back: an unexpected error is counted as a problem."""
    out = ClientResult()
    try:
        _record(url, index, run_tag, lines, seconds, barrier, out)
    except Exception as err:  # reported by the totals check, not a hung benchmark
        out.other_refusals.append(f"客户端 {index}: {type(err).__name__}: {err}")
        out.ended = out.ended or time.perf_counter()
        if not out.started:
            barrier.abort()  # the others, and the benchmark, stop waiting for this one
    results.put((index, out))


def _record(
    url: str,
    index: int,
    run_tag: str,
    lines: list[Target],
    seconds: float,
    barrier: Any,
    out: ClientResult,
) -> None:
    rnd = random.Random(f"{run_tag}-{index}")
    service = OpenLedger(url, actor=f"客户端{index}").service
    paid: list[tuple[Target, str, int]] = []  # payments this client may still reverse
    barrier.wait()
    out.started = time.perf_counter()
    deadline = out.started + seconds
    n = 0
    while time.perf_counter() < deadline:
        n += 1
        doc = f"OL{run_tag}-{index}-{n}"
        line = rnd.choice(lines)
        draw = rnd.random()
        cells: dict[str, str | None] = {"date": DAY, "year": "2024", "unit": line.unit}
        effect: list[tuple[str, int, int]] = []  # (measure, line key, fen) if accepted
        if draw < 0.05 and line.peers:
            peer_key, peer_code = rnd.choice(line.peers)
            fen = rnd.randrange(1, 100) * 100
            cells |= {"kind": "transfer", "line": line.code, "to_line": peer_code}
            effect = [("adjusted", line.key, -fen), ("adjusted", peer_key, fen)]
        elif draw < 0.10 and paid:
            target, voucher, fen = paid.pop(rnd.randrange(len(paid)))
            fen = fen if rnd.random() < 0.5 else max(1, fen // 2)
            cells |= {"kind": "reversal", "unit": target.unit, "line": target.code}
            cells["reverses"] = voucher
            effect = [("spent", target.key, -fen)]
        else:
            # Mostly everyday amounts; one in fifty large enough to overspend many lines.
            large = rnd.random() < 0.02
            fen = rnd.randrange(10**7, 10**9) if large else int(rnd.lognormvariate(9.5, 1.0))
            fen = max(fen, 100)
            cells |= {"kind": "payment", "line": line.code, "economic": line.economic}
            effect = [("spent", line.key, fen)]
        cells |= {"amount": f"{fen // 100}.{fen % 100:02d}", "doc": doc}
        before = service.collisions
        began = time.perf_counter()
        try:
            service.record(cells)
        except RowError as err:
            if OVERSPEND in err.message:
                out.overspend += 1
            else:
                out.other_refusals.append(f"{cells}: {err}")
            effect = []
        except Busy:
            out.busy += 1
            effect = []
        except Exception:
            out.ended = time.perf_counter()
            raise
        out.latencies_ms.append((time.perf_counter() - began) * 1000)
        out.collisions += service.collisions - before
        if effect:
            out.accepted += 1
            for measure, key, amount in effect:
                totals = out.spent if measure == "spent" else out.adjusted
                totals[key] = totals.get(key, 0) + amount
            if cells["kind"] == "payment":
                out.payments += 1
                paid.append((line, doc, fen))
    out.ended = time.perf_counter()


def _totals(url: str) -> dict[str, Any]:
    """What the totals check compares: per line, spent, adjusted and available; the
    vouchers, the events and the sealed events."""
    with OpenLedger(url).read() as session:
        sums = session.execute(
            text(
                "SELECT line_key, SUM(spent), SUM(adjusted),"
                " SUM(initial + carried_in + adjusted - spent) FROM line_month GROUP BY line_key"
            )
        ).all()

        def count(sql: str) -> int:
            return int(session.execute(text(sql)).scalar() or 0)

        return {
            "lines": {k: (int(s), int(a), int(av)) for k, s, a, av in sums},
            "vouchers": count("SELECT COUNT(*) FROM voucher"),
            "events": count("SELECT COUNT(*) FROM ledger_events"),
            "sealed": count("SELECT COALESCE(SUM(events), 0) FROM ledger_seal"),
        }


def _check(before: dict[str, Any], after: dict[str, Any], outs: list[ClientResult]) -> list[str]:
    problems = []
    spent: dict[int, int] = defaultdict(int)
    adjusted: dict[int, int] = defaultdict(int)
    for out in outs:
        for key, fen in out.spent.items():
            spent[key] += fen
        for key, fen in out.adjusted.items():
            adjusted[key] += fen
    old, new = before["lines"], after["lines"]
    for key in set(spent) | set(adjusted):
        moved = (new[key][0] - old[key][0], new[key][1] - old[key][1])
        if moved != (spent[key], adjusted[key]):
            problems.append(
                f"指标 {key}: 读模型变动 {moved}，客户端确认 {spent[key], adjusted[key]}"
            )
    below = [key for key, (_, _, available) in new.items() if available < 0]
    if below:
        problems.append(f"{len(below)} 个指标可用余额为负：{below[:5]}")
    payments = sum(o.payments for o in outs)
    if after["vouchers"] - before["vouchers"] != payments:
        problems.append(f"凭证 {after['vouchers'] - before['vouchers']} 条，确认支付 {payments} 笔")
    if after["events"] != after["sealed"]:
        problems.append(f"事件 {after['events']} 个，已封存 {after['sealed']} 个")
    problems += [r for o in outs for r in o.other_refusals][:5]
    return problems


def measure(
    url: str, database: str, clients: int, lines: list[Target], seconds: float
) -> OnlineRun:
    """One run of ``clients`` clients for ``seconds`` seconds, checked."""
    dispose_engines()  # nothing of this process's pool is handed to the clients
    before = _totals(url)
    dispose_engines()
    context = multiprocessing.get_context("spawn")
    barrier = context.Barrier(clients + 1)
    results = context.Queue()
    tag = f"{database[0]}{clients}-{os.getpid()}-{time.time_ns() % 10**8}"
    processes = [
        context.Process(
            target=_client, args=(url, i, tag, lines, seconds, barrier, results), daemon=True
        )
        for i in range(clients)
    ]
    for p in processes:
        p.start()
    barrier.wait(timeout=TIMEOUT)
    outs = [results.get(timeout=TIMEOUT)[1] for _ in processes]
    for p in processes:
        p.join(timeout=TIMEOUT)
    samples = sorted(ms for o in outs for ms in o.latencies_ms)
    after = _totals(url)
    dispose_engines()
    return OnlineRun(
        database=database,
        clients=clients,
        commands=len(samples),
        seconds=max(o.ended for o in outs) - min(o.started for o in outs),
        p50_ms=statistics.median(samples) if samples else 0.0,
        p99_ms=samples[min(len(samples) - 1, round(0.99 * (len(samples) - 1)))] if samples else 0,
        accepted=sum(o.accepted for o in outs),
        collisions=sum(o.collisions for o in outs),
        overspend=sum(o.overspend for o in outs),
        other_refusals=sum(len(o.other_refusals) for o in outs),
        busy=sum(o.busy for o in outs),
        load=os.getloadavg()[0],
        problems=_check(before, after, outs),
    )


def verified(url: str) -> bool:
    """``verify`` over the whole store: every event unchanged and in its seal's chain."""
    intact = verify(OpenLedger(url).engine).intact
    dispose_engines()
    return bool(intact)


@dataclass
class OnlineResult:
    payments: int  # the city year's, the store's before the clients start
    events: int = 0
    runs: list[OnlineRun] = field(default_factory=list)
    verified: dict[str, bool] = field(default_factory=dict)  # database → verify intact
    # pg_stat_statements at the goal's N: (statement, calls, total ms, share of time)
    statements: list[tuple[str, int, float, float]] = field(default_factory=list)
    statements_per_command: float = 0.0


def reset_statements(url: str) -> bool:
    """Empty ``pg_stat_statements`` (creating the extension); False if it is not loaded."""
    try:
        with OpenLedger(url).engine.begin() as connection:
            connection.execute(text("CREATE EXTENSION IF NOT EXISTS pg_stat_statements"))
            connection.execute(text("SELECT pg_stat_statements_reset()"))
        return True
    except Exception:  # not in shared_preload_libraries, or not installed
        return False
    finally:
        dispose_engines()


def top_statements(url: str, commands: int, result: OnlineResult, limit: int = 12) -> None:
    """The statements the server spent most time executing since the reset."""
    own = "SELECT oid FROM pg_database WHERE datname = current_database()"
    with OpenLedger(url).engine.begin() as connection:
        rows = connection.execute(
            text(
                "SELECT query, calls, total_exec_time FROM pg_stat_statements"
                f" WHERE dbid = ({own}) ORDER BY total_exec_time DESC"
            )
        ).all()
    dispose_engines()
    total = sum(r[2] for r in rows) or 1.0
    calls = sum(r[1] for r in rows if not r[0].startswith(("BEGIN", "COMMIT", "ROLLBACK")))
    result.statements_per_command = calls / commands if commands else 0.0
    result.statements = [
        (" ".join(q.split())[:110], int(c), float(t), float(t) / total) for q, c, t in rows[:limit]
    ]
