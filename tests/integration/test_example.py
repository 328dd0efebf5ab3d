"""The Changzhi example year: its published final accounts are the golden figures."""

from __future__ import annotations

import json
from datetime import date

from sqlalchemy import func, select
from sqlalchemy.orm import Session

from ledger.money import two, wan
from ledger.tables import events
from projections.queries.balances import fund_balances
from projections.queries.execution import execution_report
from projections.queries.projects import projects_report
from projections.scope import Scope
from tests.conftest import EXAMPLE, open_service

EXPECTED = json.loads((EXAMPLE / "expected.json").read_text(encoding="utf-8"))
YEAR_END = Scope(2024, unit="105001", as_of=date(2024, 12, 31))


def _imported(db_url: str):  # type: ignore[no-untyped-def]
    svc = open_service(db_url)
    svc.import_file(EXAMPLE / "journal.csv")
    return svc


def test_execution_by_function_matches_published_expenditure(db_url: str) -> None:
    svc = _imported(db_url)
    with Session(svc.engine) as session:
        report = execution_report(session, YEAR_END, ["function"])
    assert f"{wan(report.total['spent']):.2f}" == "502.98"
    published = EXPECTED["t03_支出决算表"]["rows"]
    ours = {row["function"]: f"{wan(row['spent']):.2f}" for row in report.rows}
    for code, figures in published.items():
        if code == "合计":
            assert f"{wan(report.total['spent']):.2f}" == figures[0]
        else:
            assert ours[code] == figures[0], code
    assert set(ours) == set(published) - {"合计"}


def test_initial_budget_by_class_matches_published(db_url: str) -> None:
    svc = _imported(db_url)
    with Session(svc.engine) as session:
        report = execution_report(session, YEAR_END, ["function"])
    published = EXPECTED["t05_一般公共预算财政拨款支出决算表"]["年初预算_by_class"]
    ours = {r["function"]: f"{wan(r['initial']):.2f}" for r in report.rows if r["level"] == "类"}
    ours["合计"] = f"{wan(report.total['initial']):.2f}"
    assert ours == published


def test_published_projects_execution_rate_and_score(db_url: str) -> None:
    svc = _imported(db_url)
    with Session(svc.engine) as session:
        report = projects_report(session, YEAR_END)
    ours = {r["project_code"]: r for r in report.rows}
    for key, (budget, spent, balance, rate, score) in EXPECTED["projects"]["rows"].items():
        row = ours[key.split(" ", 1)[0]]
        assert f"{wan(row['budget']):.2f}" == budget, key
        assert f"{wan(row['spent']):.2f}" == spent, key
        assert f"{wan(row['balance']):.2f}" == balance, key
        assert two(row["rate"]) == rate, key
        assert two(row["score"]) == score, key


def test_carry_over_identity_after_close(db_url: str) -> None:
    svc = _imported(db_url)
    t01 = EXPECTED["t01_收入支出决算总表"]
    with Session(svc.engine) as session:
        [general] = fund_balances(session, YEAR_END)
    assert general.fund == "一般公共预算"
    assert general.closed
    assert general.holds
    assert f"{wan(general.opening):.2f}" == t01["年初结转和结余"]
    assert f"{wan(general.income):.2f}" == t01["本年收入合计"]
    assert f"{wan(general.spent):.2f}" == t01["本年支出合计"]
    assert f"{wan(general.closing):.2f}" == t01["年末结转和结余"]


def test_reimport_records_nothing_and_says_so(db_url: str) -> None:
    svc = _imported(db_url)
    with Session(svc.engine) as session:
        before = session.execute(select(func.count()).select_from(events)).scalar()
    again = svc.import_file(EXAMPLE / "journal.csv")
    assert (again.recorded, again.already) == (0, 197)
    with Session(svc.engine) as session:
        assert session.execute(select(func.count()).select_from(events)).scalar() == before
