"""The queries behind the TUI's overview, balances and project screens, on the example."""

from __future__ import annotations

import csv
import json
from datetime import UTC, date, datetime, timedelta
from decimal import Decimal

import pytest
from sqlalchemy.orm import Session

from ledger.money import two, wan
from projections.queries.carry_ages import carry_ages
from projections.queries.execution_tree import execution_tree
from projections.queries.overview import monthly_spending, most_behind, unit_years, units_and_years
from projections.queries.project_detail import ProjectKey, project_lines, project_payments
from projections.scope import Scope
from tests.conftest import EXAMPLE

EXPECTED = json.loads((EXAMPLE / "expected.json").read_text(encoding="utf-8"))
YEAR = Scope(2024, unit="105001")


def _journal_spending_by_month() -> list[Decimal]:
    """执行数 per month straight from the journal file: payments less reversals."""
    months = [Decimal(0)] * 12
    with open(EXAMPLE / "journal.csv", encoding="utf-8") as f:
        for row in csv.DictReader(f):
            sign = {"payment": 1, "reversal": -1}.get(row["kind"])
            if sign:
                months[int(row["date"][5:7]) - 1] += sign * Decimal(row["amount"])
    return months


def test_unit_years_lists_the_example_with_its_published_spending(session: Session) -> None:
    report = unit_years(session)
    [row] = report.rows
    assert (row["unit"], row["year"], row["department"]) == ("105001", 2024, "105")
    assert row["unit_name"] == "中共长治市委网络安全和信息化委员会办公室"
    assert f"{wan(row['spent']):.2f}" == EXPECTED["t01_收入支出决算总表"]["本年支出合计"]
    assert row["lines"] == 24


def test_unit_years_keeps_listing_a_year_before_its_facts(session: Session) -> None:
    [row] = unit_years(session, as_of=date(2023, 12, 31)).rows
    assert (row["unit"], row["budget"], row["spent"], row["rate"]) == ("105001", 0, 0, None)


def test_monthly_spending_is_the_journal_month_by_month(session: Session) -> None:
    ours = [Decimal(fen) / 100 for fen in monthly_spending(session, YEAR)]
    assert ours == _journal_spending_by_month()
    assert f"{wan(sum(monthly_spending(session, YEAR))):.2f}" == "502.98"


def test_monthly_spending_stops_at_the_as_of_date(session: Session) -> None:
    june = monthly_spending(session, Scope(2024, unit="105001", as_of=date(2024, 6, 30)))
    assert june[6:] == [0] * 6
    assert [Decimal(f) / 100 for f in june[:6]] == _journal_spending_by_month()[:6]


@pytest.mark.parametrize("day", [date(2024, 1, 20), date(2024, 6, 15), date(2024, 6, 30), None])
def test_monthly_spending_as_known_now_agrees_with_every_movement(
    session: Session, day: date | None
) -> None:
    """The monthly sums (fast) and the movements as known at a later moment (exact)."""
    later = datetime.now(UTC) + timedelta(days=1)
    fast = monthly_spending(session, Scope(2024, unit="105001", as_of=day))
    exact = monthly_spending(session, Scope(2024, unit="105001", as_of=day, known_at=later))
    assert fast == exact


def test_most_behind_ranks_the_unspent_projects_first(session: Session) -> None:
    report = most_behind(session, YEAR, count=3)
    # 03, 08 and 09 spent nothing of their budget (published 执行率 0.00).
    assert {r["project_code"] for r in report.rows} == {
        "105001-2024-03",
        "105001-2024-08",
        "105001-2024-09",
    }
    assert all(two(r["rate"]) == "0.00" for r in report.rows)
    gaps = [r["pace_gap"] for r in most_behind(session, YEAR, count=20).rows]
    assert gaps == sorted(gaps)


def test_carry_ages_show_last_years_money_and_its_use(session: Session) -> None:
    report = carry_ages(session, YEAR)
    [row] = report.rows
    assert (row["fund"], row["origin_year"], row["age"]) == ("一般公共预算", 2023, 1)
    assert f"{wan(row['carried']):.2f}" == EXPECTED["t01_收入支出决算总表"]["年初结转和结余"]
    assert row["used"] + row["left"] == row["carried"]
    [untouched] = carry_ages(session, Scope(2024, unit="105001", as_of=date(2024, 1, 1))).rows
    assert (untouched["used"], untouched["left"]) == (0, untouched["carried"])


def test_project_detail_lines_and_payments(session: Session) -> None:
    key = ProjectKey("105001-2024-01", "105001", "办公场所保洁经费")
    lines = project_lines(session, YEAR, key)
    budget, spent, _balance, rate, _score = EXPECTED["projects"]["rows"][
        "105001-2024-01 办公场所保洁经费"
    ]
    assert [r["line"] for r in lines.rows] == ["P01"]
    assert f"{wan(lines.total['budget']):.2f}" == budget
    assert two(lines.total["rate"]) == rate
    payments = project_payments(session, YEAR, key)
    assert payments and {p["line"] for p in payments} == {"P01"}
    assert f"{wan(sum(p['amount'] for p in payments)):.2f}" == spent
    ids = [p["id"] for p in payments]
    assert ids == sorted(ids)


def test_execution_tree_nests_classes_items_and_lines(session: Session) -> None:
    report = execution_tree(session, YEAR, "function")
    by_key = {r["key"]: r for r in report.rows}
    published = EXPECTED["t03_支出决算表"]["rows"]
    for row in report.rows:
        if row["dimension"] == "function":
            code = row["label"].split(" ", 1)[0]
            assert f"{wan(row['spent']):.2f}" == published[code][0], code
        if row["parent"] is not None:
            parent = by_key[row["parent"]]
            assert parent["depth"] == row["depth"] - 1
            assert report.rows.index(parent) < report.rows.index(row)
    [l02] = [r for r in report.rows if r.get("line") == "L02"]
    assert l02["parent"] == by_key[l02["parent"]]["key"]
    assert by_key[l02["parent"]]["label"].startswith("2013701")
    assert f"{wan(report.total['spent']):.2f}" == "502.98"


def test_execution_tree_shows_units_only_when_several_are_in_scope(session: Session) -> None:
    one = execution_tree(session, YEAR, "fund")
    assert {r["dimension"] for r in one.rows} == {"fund", "line"}
    every = execution_tree(session, Scope(2024), "fund")
    assert {r["dimension"] for r in every.rows} == {"fund", "unit", "line"}
    with pytest.raises(ValueError, match="未知的分组"):
        execution_tree(session, YEAR, "colour")


def test_units_and_years_come_from_the_small_tables(session: Session) -> None:
    found, years = units_and_years(session)
    assert found == [
        {
            "unit": "105001",
            "unit_name": "中共长治市委网络安全和信息化委员会办公室",
            "department": "105",
        }
    ]
    assert years == [2024]
