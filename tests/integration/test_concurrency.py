"""Several processes paying from one line at once: none overspends, none is lost."""

from __future__ import annotations

import multiprocessing
from decimal import Decimal
from pathlib import Path

from sqlalchemy import func, select
from sqlalchemy.orm import Session

from ledger.journal.parse import RowError
from ledger.tables import vouchers
from projections.queries.execution import execution_report
from projections.scope import Scope
from tests.conftest import open_service
from tests.journal_files import appropriation, payment, write

PROCESSES = 4
PAYMENTS = 30
AFFORDABLE = 70  # the line's budget covers this many payments of 10.00


def _pay(args: tuple[str, int]) -> tuple[int, list[str]]:
    url, worker = args
    svc = open_service(url, actor=f"进程{worker}")
    accepted, refusals = 0, []
    for i in range(PAYMENTS):
        try:
            svc.record(payment("A1", "10.00", f"W{worker}-{i}", day=f"2024-03-{1 + i % 28:02d}"))
            accepted += 1
        except RowError as err:
            refusals.append(str(err))
    return accepted, refusals


def test_processes_paying_from_one_line_never_overspend(db_url: str, tmp_path: Path) -> None:
    svc = open_service(db_url)
    svc.import_file(write(tmp_path / "a.csv", [appropriation("A1", f"{AFFORDABLE * 10}.00")]))
    with multiprocessing.get_context("spawn").Pool(PROCESSES) as pool:
        results = pool.map(_pay, [(db_url, w) for w in range(PROCESSES)])
    accepted = sum(a for a, _ in results)
    refusals = [r for _, rs in results for r in rs]
    assert accepted == AFFORDABLE
    assert len(refusals) == PROCESSES * PAYMENTS - AFFORDABLE
    assert all("可用余额不足" in r for r in refusals)
    with Session(svc.engine) as s:
        assert s.execute(select(func.count()).select_from(vouchers)).scalar() == AFFORDABLE
        report = execution_report(s, Scope(2024, unit="900001"), ["line"])
    assert report.total["spent"] == AFFORDABLE * 1000
    assert report.total["available"] == 0
    assert Decimal(report.total["rate"]) == 100
