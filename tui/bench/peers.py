"""What the ledger's import is compared with: the floor (raw SQLite inserts of the same
rows into one plain table) and a peer (hledger's budget report over the same year)."""

from __future__ import annotations

import csv
import shutil
import sqlite3
import time
from collections import defaultdict
from decimal import Decimal
from pathlib import Path

from ledger.journal.columns import NAMES
from tui.bench.measure import Run, command

BUDGET_KINDS = {"appropriation": 1, "carryover": 1, "adjustment": 1}


def floor(journal: Path, db: Path) -> float:
    """Seconds to read the CSV and executemany its rows into one plain table, committed."""
    for suffix in ("", "-wal", "-shm"):
        Path(f"{db}{suffix}").unlink(missing_ok=True)
    started = time.perf_counter()
    connection = sqlite3.connect(db, isolation_level=None)
    connection.execute("PRAGMA journal_mode=WAL")
    connection.execute("PRAGMA synchronous=NORMAL")
    connection.execute(f"CREATE TABLE journal ({', '.join(f'{c} TEXT' for c in NAMES)})")
    insert = f"INSERT INTO journal VALUES ({', '.join('?' * len(NAMES))})"
    with open(journal, encoding="utf-8", newline="") as f:
        reader = csv.reader(f)
        next(reader)
        connection.execute("BEGIN")
        batch: list[list[str]] = []
        for record in reader:
            batch.append(record)
            if len(batch) >= 10_000:
                connection.executemany(insert, batch)
                batch = []
        connection.executemany(insert, batch)
        connection.execute("COMMIT")
    connection.close()
    return time.perf_counter() - started


def hledger_available() -> bool:
    return shutil.which("hledger") is not None


def to_hledger(journal: Path, out: Path) -> None:
    """The year as an hledger journal: each line's 全年预算 as a yearly budget goal on an
    account unit:function:line, each payment (less reversals) as a transaction."""
    budgets: dict[str, Decimal] = defaultdict(Decimal)
    accounts: dict[tuple[str, str], str] = {}
    year = 0
    with open(journal, encoding="utf-8", newline="") as f:
        for row in csv.DictReader(f):
            year = year or int(row["year"])
            if row["kind"] in ("appropriation", "carryover"):
                accounts[(row["unit"], row["line"])] = (
                    f"expenses:{row['unit']}:{row['function']}:{row['line']}"
                )
            if row["kind"] in BUDGET_KINDS:
                budgets[accounts[(row["unit"], row["line"])]] += Decimal(row["amount"])
            elif row["kind"] == "transfer":
                amount = Decimal(row["amount"])
                budgets[accounts[(row["unit"], row["line"])]] -= amount
                budgets[accounts[(row["unit"], row["to_line"])]] += amount
    with open(journal, encoding="utf-8", newline="") as f, open(out, "w", encoding="utf-8") as h:
        h.write(f"~ yearly from {year}-01-01 to {year + 1}-01-01\n")
        for account, amount in budgets.items():
            h.write(f"    {account}    {amount:.2f}\n")
        h.write("    budget\n\n")
        for row in csv.DictReader(f):
            if row["kind"] not in ("payment", "reversal"):
                continue
            account = accounts[(row["unit"], row["line"])]
            sign = "" if row["kind"] == "payment" else "-"
            h.write(
                f"{row['date']} {row['doc']}\n    {account}    {sign}{row['amount']}\n"
                f"    funds:{row['unit']}\n\n"
            )


def hledger_budget(ledger_file: Path, year: int) -> Run:
    return command(
        [
            "hledger",
            "-f",
            str(ledger_file),
            "balance",
            "--budget",
            "-Y",
            "-b",
            f"{year}-01-01",
            "-e",
            f"{year + 1}-01-01",
            "expenses",
            "--depth",
            "2",
        ]
    )
