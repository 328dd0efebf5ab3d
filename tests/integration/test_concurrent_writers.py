"""Eight processes each record 1,000 payments at random against ten lines whose budgets
cover only part of them. No line ever goes below zero, every accepted payment is stored
exactly once, every refusal says why (and what it says was true when it was said),
totals are exact to the fen, and nobody waits forever."""

from __future__ import annotations

import multiprocessing
import random
import re
import time
from collections import defaultdict
from datetime import date, timedelta
from decimal import Decimal
from pathlib import Path

import pytest
from sqlalchemy import select
from sqlalchemy.orm import Session

from ledger.journal.parse import RowError
from ledger.money import to_fen
from ledger.seal import Busy
from ledger.tables import vouchers
from ledger.verify import verify
from projections.schema import lines, movements
from tests.conftest import open_service
from tests.journal_files import appropriation, write

pytestmark = pytest.mark.slow

PROCESSES = 8
PAYMENTS = 1000
LINES = [f"L{n}" for n in range(10)]
# Budgets (元) covering 25% to 90% of what the workers will try to pay from each line:
# about 800 payments of 50.50 on average, some 40,000 元 a line.
BUDGETS = {line: Decimal(10_000 + 3_000 * n) for n, line in enumerate(LINES)}
DEADLINE = 1200  # seconds: a deadlock fails the test instead of hanging it
REFUSAL = re.compile(r"可用余额不足：指标 (L\d) .*?可用 ([\d,]+\.\d\d) 元.*?支付 ([\d,]+\.\d\d) 元将使")  # fmt: skip

Attempt = tuple[str, str, int]  # doc, line, fen


def _worker(args: tuple[str, int]) -> tuple[list[Attempt], list[tuple[Attempt, str]], list[str]]:
    url, worker = args
    rng = random.Random(worker)
    svc = open_service(url, actor=f"进程{worker}")
    accepted: list[Attempt] = []
    refused: list[tuple[Attempt, str]] = []
    busy: list[str] = []
    for i in range(PAYMENTS):
        line, fen = rng.choice(LINES), rng.randint(100, 10_000)
        day = date(2024, 1, 2) + timedelta(days=rng.randrange(364))
        doc = f"W{worker}-{i:04d}"
        attempt = (doc, line, fen)
        try:
            svc.record(
                {
                    "date": day.isoformat(),
                    "kind": "payment",
                    "year": "2024",
                    "unit": "900001",
                    "line": line,
                    "economic": "30201",
                    "amount": f"{fen // 100}.{fen % 100:02d}",
                    "doc": doc,
                }
            )
            accepted.append(attempt)
        except RowError as err:
            refused.append((attempt, str(err)))
        except Busy as err:
            busy.append(f"{doc}: {err}")
    return accepted, refused, busy


def test_eight_processes_thousand_payments_each(db_url: str, tmp_path: Path) -> None:
    svc = open_service(db_url)
    openings = [
        appropriation(line, f"{amount:.2f}", date="2024-01-01", doc=f"批复-{line}")
        for line, amount in BUDGETS.items()
    ]
    svc.import_file(write(tmp_path / "budgets.csv", openings))

    started = time.perf_counter()
    with multiprocessing.get_context("spawn").Pool(PROCESSES) as pool:
        outcome = pool.map_async(_worker, [(db_url, w) for w in range(PROCESSES)])
        results = outcome.get(timeout=DEADLINE)
    seconds = time.perf_counter() - started
    accepted = [a for r in results for a in r[0]]
    refused = [f for r in results for f in r[1]]
    busy = [b for r in results for b in r[2]]
    print(
        f"\n{PROCESSES} × {PAYMENTS} payments on {kind(db_url)}: {len(accepted)} accepted, "
        f"{len(refused)} refused, {len(busy)} busy, {seconds:.1f} s "
        f"({PROCESSES * PAYMENTS / seconds:.0f} commands/s)"
    )

    # Every attempt is accounted for: accepted, or refused for a reason; none lost.
    assert busy == []
    assert len(accepted) + len(refused) == PROCESSES * PAYMENTS
    assert len(accepted) > 1000 and len(refused) > 1000  # the budgets really ran out

    spent_by_line = defaultdict(int)
    for _doc, line, fen in accepted:
        spent_by_line[line] += fen
    with Session(svc.engine) as s:
        stored = {r.doc: (r.line, r.amount) for r in s.execute(select(vouchers)).all()}
        key_of = dict(s.execute(select(lines.c.code, lines.c.key)).all())
        paid = s.execute(
            select(movements.c.line_key, movements.c.doc, movements.c.spent)
            .where(movements.c.kind == "payment")
            .order_by(movements.c.id)
        ).all()
    # Stored exactly once, with its line and amount, in the voucher index and the read model.
    assert stored == {doc: (line, fen) for doc, line, fen in accepted}
    assert sorted(r.doc for r in paid) == sorted(doc for doc, _, _ in accepted)
    # No line below zero at any point of the order the payments were recorded in, and
    # each line's total exact to the fen.
    running: dict[int, int] = defaultdict(int)
    for line_key, _doc, fen in paid:
        running[line_key] += fen
        code = next(c for c, k in key_of.items() if k == line_key)
        assert running[line_key] <= to_fen(BUDGETS[code])
    for line in LINES:
        assert running[key_of[line]] == spent_by_line[line]

    # Every refusal gives the reason, and the reason was true: the available amount it
    # quotes is one the line really had (its budget less a prefix of its payments), and
    # the payment did not fit.
    possible = _available_amounts(paid, key_of)
    for (_doc, line, fen), message in refused:
        match = REFUSAL.search(message)
        assert match and match[1] == line, message
        available = to_fen(Decimal(match[2].replace(",", "")))
        assert to_fen(Decimal(match[3].replace(",", ""))) == fen
        assert available < fen and available in possible[line], message
        assert _doc not in stored

    assert verify(svc.engine).intact


def _available_amounts(paid: list, key_of: dict[str, int]) -> dict[str, set[int]]:  # type: ignore[type-arg]
    """For each line, every available amount it had between two of its payments."""
    code_of = {k: c for c, k in key_of.items()}
    left = {line: to_fen(budget) for line, budget in BUDGETS.items()}
    possible = {line: {amount} for line, amount in left.items()}
    for line_key, _doc, fen in paid:
        line = code_of[line_key]
        left[line] -= fen
        possible[line].add(left[line])
    return possible


def kind(url: str) -> str:
    return "PostgreSQL" if url.startswith("postgres") else "SQLite"
