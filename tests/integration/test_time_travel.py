"""As of any business date, as known at any recorded moment."""

from __future__ import annotations

import time
from datetime import UTC, date, datetime
from pathlib import Path

from sqlalchemy.orm import Session

from projections.queries.balances import balances_report
from projections.queries.execution import execution_report
from projections.queries.projects import projects_report
from projections.render import to_json
from projections.scope import Scope
from tests.conftest import EXAMPLE, open_service
from tests.journal_files import payment


def _reports(svc, scope: Scope) -> list[dict]:  # type: ignore[no-untyped-def,type-arg]
    with Session(svc.engine) as s:
        return [
            to_json(execution_report(s, scope, ["function", "economic"])),
            to_json(projects_report(s, scope)),
            to_json(balances_report(s, scope)),
        ]


def test_report_known_at_t_is_what_it_said_at_t(db_url: str, open_year_journal: Path) -> None:
    svc = open_service(db_url)
    svc.import_file(open_year_journal)
    svc.record(
        {
            **payment("X", "1", "ignored"),
            "unit": "105001",
            "line": "P03",
            "economic": "30227",
            "amount": "1000.00",
            "doc": "ZF-LATE-1",
            "date": "2024-06-01",
        }
    )
    time.sleep(0.01)
    moment = datetime.now(UTC)
    as_of = date(2024, 9, 30)
    before = _reports(svc, Scope(2024, unit="105001", as_of=as_of))
    time.sleep(0.01)
    # Back-dated corrections recorded after the moment: a reversal of that payment and a
    # payment dated in the spring.
    svc.record(
        {
            "date": "2024-07-01",
            "kind": "reversal",
            "year": "2024",
            "unit": "105001",
            "line": "P03",
            "amount": "1000.00",
            "doc": "CX-LATE-1",
            "reverses": "ZF-LATE-1",
        }
    )
    svc.record(
        {
            **payment("X", "1", "ignored"),
            "unit": "105001",
            "line": "P03",
            "economic": "30227",
            "amount": "2500.00",
            "doc": "ZF-LATE-2",
            "date": "2024-04-01",
        }
    )
    now = _reports(svc, Scope(2024, unit="105001", as_of=as_of))
    replayed = _reports(svc, Scope(2024, unit="105001", as_of=as_of, known_at=moment))
    for old, new in zip(before, replayed, strict=True):
        old.pop("known_at"), new.pop("known_at")
    assert replayed == before
    assert now[0]["total"]["spent"] != before[0]["total"]["spent"]


def test_payment_after_the_as_of_date_is_not_counted(db_url: str, tmp_path: Path) -> None:
    svc = open_service(db_url)
    svc.import_file(EXAMPLE / "journal.csv")
    with Session(svc.engine) as s:
        june = execution_report(s, Scope(2024, unit="105001", as_of=date(2024, 6, 30)))
        july = execution_report(s, Scope(2024, unit="105001", as_of=date(2024, 7, 31)))
    # Payments of July only: the difference between the two dates.
    assert july.total["spent"] > june.total["spent"]
    assert june.meta["pace"] < july.meta["pace"]
    assert str(june.meta["pace"]) == "49.73"  # 182 of 366 days (2024 is a leap year)
