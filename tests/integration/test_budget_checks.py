"""The budget tables' code hierarchies add up (合计 = Σ 类, 类 = Σ 款, 款 = Σ 项) on the
Shanxi 2026 budget, and a figure that does not is caught with both sides named."""

from __future__ import annotations

from pathlib import Path

from sqlalchemy.orm import Session

from projections.final_accounts import layouts as L
from projections.final_accounts.budget import BudgetTables, build_budget
from projections.final_accounts.budget_checks import budget_rules
from projections.scope import Scope
from tests.conftest import open_service

JOURNAL = Path(__file__).parents[1] / "budgets" / "shanxi-2026" / "journal.csv"


def _budget(db_url: str) -> BudgetTables:
    svc = open_service(db_url)
    svc.import_file(JOURNAL)
    with Session(svc.engine) as session:
        return build_budget(session, Scope(2026, unit="149030"))


def test_every_printed_hierarchy_adds_up(db_url: str) -> None:
    rules = budget_rules(_budget(db_url))
    names = {r.name for r in rules}
    for table in ("预算表2", "预算表3", "预算表5", "预算表5 比上年"):
        assert f"{table} 合计 = 各类之和，类 = 所属款之和，款 = 所属项之和" in names
    assert "预算表6 合计 = 各类之和 + 未细化到经济科目，类 = 所属款之和" in names
    assert all(r.ok for r in rules), [c for r in rules for c in r.failures]


def test_a_class_that_is_not_the_sum_of_its_items_fails(db_url: str) -> None:
    """One 款 of 表5 made 0.01 元 larger than its 项 (as a faulty builder would): the 款 =
    Σ 项 comparison fails, naming both figures; nothing else of the table is blamed."""
    budget = _budget(db_url)
    rows = budget.tables[L.B05.key]["rows"]
    rows["20805"] = [rows["20805"][0] + 1, *rows["20805"][1:]]
    failed = [(r.name, c) for r in budget_rules(budget) for c in r.failures]
    assert len(failed) == 2  # 208 = Σ 款 and 20805 = Σ 项, in the 合计 column
    sources = {(c.left_from, c.right_from, c.left - c.right) for _, c in failed}
    assert sources == {
        ("预算表5 208 合计", "预算表5 20805 合计之和", -1),
        ("预算表5 20805 合计", "预算表5 2080501、2080505、2080506 合计之和", 1),
    }
    assert {name for name, _ in failed} == {
        "预算表5 合计 = 各类之和，类 = 所属款之和，款 = 所属项之和"
    }


def test_an_economic_class_that_is_not_the_sum_of_its_items_fails(db_url: str) -> None:
    budget = _budget(db_url)
    rows = budget.tables[L.B06.key]["rows"]
    rows["302"] = [v + 100 for v in rows["302"]]
    failed = [c for r in budget_rules(budget) for c in r.failures]
    assert {c.left_from for c in failed} >= {"预算表6 302 合计", "预算表6 302 公用经费"}
    assert all(c.left - c.right in (100, -100) for c in failed)
