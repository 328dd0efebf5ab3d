"""``report execution --by economic``: budget and spending under the same key, the line's
economic restriction; budget approved without one is 未细化, with what it spent beneath
it by the payments' codes. (Spending used to be grouped by the payment's code and
budget by the restriction: 302 showed 全年预算 0.05, 执行数 263.03, 执行率 526,059 %.)"""

from __future__ import annotations

import csv
import json
from collections import defaultdict
from decimal import Decimal

import pytest

from tests.conftest import EXAMPLE
from tui.cli.main import main

UNRESTRICTED = "未细化"


def journal_figures() -> tuple[dict[str, Decimal], dict[str, Decimal], dict[str, Decimal]]:
    """From the example journal: budget and spending per restriction (未细化 for lines
    approved without one), and the spending of unrestricted lines per payment code."""
    with open(EXAMPLE / "journal.csv", encoding="utf-8") as f:
        rows = list(csv.DictReader(f))
    restriction: dict[str, str] = {}
    for r in rows:
        if r["kind"] in ("appropriation", "carryover") and r["line"] not in restriction:
            restriction[r["line"]] = r["economic"] or UNRESTRICTED
    budget: defaultdict[str, Decimal] = defaultdict(Decimal)
    spent: defaultdict[str, Decimal] = defaultdict(Decimal)
    by_code: defaultdict[str, Decimal] = defaultdict(Decimal)
    code_of = {r["doc"]: r["economic"] for r in rows if r["kind"] == "payment"}
    for r in rows:
        amount = Decimal(r["amount"] or 0)
        key = restriction.get(r["line"], UNRESTRICTED)
        if r["kind"] in ("appropriation", "carryover", "adjustment"):
            budget[key] += amount
        elif r["kind"] == "transfer":
            budget[key] -= amount
            budget[restriction[r["to_line"]]] += amount
        elif r["kind"] in ("payment", "reversal"):
            signed = amount if r["kind"] == "payment" else -amount
            spent[key] += signed
            if key == UNRESTRICTED:  # a reversal has its payment's code
                by_code[r["economic"] or code_of[r["reverses"]]] += signed
    return budget, spent, by_code


def test_budget_and_spending_are_grouped_by_the_lines_restriction(
    sqlite_url: str, capsys: pytest.CaptureFixture[str]
) -> None:
    assert main(["--db", sqlite_url, "import", "--no-progress", str(EXAMPLE / "journal.csv")]) == 0
    capsys.readouterr()
    assert main(["--db", sqlite_url, "report", "execution", "--year", "2024", "--unit", "105001",
                 "--by", "economic", "--format", "json"]) == 0  # fmt: skip
    rows = json.loads(capsys.readouterr().out)["rows"]
    budget, spent, by_code = journal_figures()
    restricted = [r for r in rows if r["level"] == "款" and not r.get("unrestricted")]
    assert {r["economic"] for r in restricted} == set(budget) - {UNRESTRICTED}
    for r in restricted:
        assert (Decimal(r["budget"]), Decimal(r["spent"])) == (
            budget[r["economic"]],
            spent[r["economic"]],
        )
        assert Decimal(r["rate"]) <= 100
    [top] = [r for r in rows if r["economic"] == UNRESTRICTED]
    assert top["depth"] == 0 and top["economic_name"] == "批复时未细化到经济科目"
    assert Decimal(top["budget"]) == budget[UNRESTRICTED]
    assert Decimal(top["spent"]) == spent[UNRESTRICTED]
    beneath = rows[rows.index(top) + 1 :]
    assert all(r.get("unrestricted") and r["budget"] == "0.00" for r in beneath)
    assert {r["economic"]: Decimal(r["spent"]) for r in beneath if r["level"] == "款"} == {
        code: amount for code, amount in by_code.items() if amount
    }
