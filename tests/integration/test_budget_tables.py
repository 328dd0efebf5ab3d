"""Two published budgets rebuilt from journals written from their documents: every figure
their tables and 情况说明 print (tests/budgets/*/expected.json, typed from the documents)."""

from __future__ import annotations

import json
import re
from decimal import Decimal
from pathlib import Path
from typing import Any

import pytest

from tui.cli.main import main

BUDGETS = Path(__file__).parents[1] / "budgets"
DOCUMENTS = ("jincheng-2025", "shanxi-2026")


def _expected(name: str) -> dict[str, Any]:
    return json.loads((BUDGETS / name / "expected.json").read_text(encoding="utf-8"))


def _scope(expected: dict[str, Any]) -> list[str]:
    who = (
        ["--unit", expected["unit"]]
        if "unit" in expected
        else ["--department", expected["department"]]
    )
    return ["--year", str(expected["year"]), *who]


@pytest.fixture
def imported(db_url: str, capsys: pytest.CaptureFixture[str]) -> Any:
    def load(name: str) -> tuple[str, dict[str, Any]]:
        journal = BUDGETS / name / "journal.csv"
        assert main(["--db", db_url, "import", "--no-progress", str(journal)]) == 0
        capsys.readouterr()
        return db_url, _expected(name)

    return load


def _run(db: str, expected: dict[str, Any], *argv: str, capsys: Any) -> str:
    assert main(["--db", db, *argv, *_scope(expected)]) == 0
    return str(capsys.readouterr().out)


def _figure(value: str) -> Decimal:
    """A printed figure: blank is zero; a percentage is read without its sign."""
    return Decimal(value.rstrip("%") or "0")


def _compare(expected: Any, actual: Any, where: str, failures: list[str]) -> None:
    """Every figure of ``expected`` against ``actual`` at the same place."""
    if isinstance(expected, str) and not isinstance(actual, (dict, list)):
        if expected == "empty" or actual == "empty" or (expected.isdigit() and len(expected) == 4):
            if expected != actual:
                failures.append(f"{where}: {actual!r} ≠ {expected!r}")
        elif actual is None or _figure(expected) != _figure(str(actual)):
            failures.append(f"{where}: {actual} ≠ {expected}")
    elif isinstance(expected, list):
        for n, value in enumerate(expected):
            _compare(value, actual[n], f"{where}[{n}]", failures)
    elif isinstance(expected, dict) and isinstance(actual, dict):
        for key, value in expected.items():
            if key == "rows" and "columns" in actual:
                _compare_rows(value, actual, f"{where}.rows", failures)
            elif key == "by_name":
                _compare(value, _by_name(actual), f"{where}.by_name", failures)
            elif key not in actual:
                failures.append(f"{where}.{key}: missing")
            else:
                _compare(value, actual[key], f"{where}.{key}", failures)
    else:
        failures.append(f"{where}: {actual!r} is not like {expected!r}")


def _compare_rows(
    expected: dict[str, dict[str, str]], actual: dict[str, Any], where: str, failures: list[str]
) -> None:
    columns = actual["columns"]
    for code, figures in expected.items():
        row = actual["rows"].get(code)
        if row is None:
            failures.append(f"{where}.{code}: missing")
            continue
        if isinstance(figures, list):  # printed in the table's own column order
            _compare(figures, row, f"{where}.{code}", failures)
            continue
        for column, value in figures.items():
            _compare(value, row[columns.index(column)], f"{where}.{code}.{column}", failures)


def _by_name(table: dict[str, Any]) -> dict[str, str]:
    """A project table's 合计 by unit name and by project name."""
    out = {}
    for unit, block in table["units"].items():
        out[unit.split(" ", 1)[-1]] = block["合计"][0]
        out.update({name: values[0] for name, values in block["projects"].items()})
    return out


@pytest.mark.parametrize("name", DOCUMENTS)
def test_budget_tables_print_the_published_figures(
    name: str, imported: Any, capsys: pytest.CaptureFixture[str]
) -> None:
    db, expected = imported(name)
    tables = json.loads(_run(db, expected, "budget-tables", "--format", "json", capsys=capsys))
    failures: list[str] = []
    for key, value in expected["tables"].items():
        _compare(value, tables.get(key), key, failures)
    assert not failures, "\n".join(failures)


def test_basic_spending_by_economic_code_adds_the_printed_rows(
    imported: Any, capsys: pytest.CaptureFixture[str]
) -> None:
    """Jincheng prints most economic codes twice (one row per 政府预算经济分类); the ledger
    keeps the 部门预算 code, whose figure is the sum of its printed rows."""
    db, expected = imported("jincheng-2025")
    tables = json.loads(_run(db, expected, "budget-tables", "--format", "json", capsys=capsys))
    rows = tables["b06_一般公共预算基本支出表"]["rows"]
    for code, printed in expected["b06_printed_rows"].items():
        sums = [sum((_figure(r[i]) for r in printed), Decimal(0)) for i in range(3)]
        assert [Decimal(v) for v in rows[code]] == sums, code


def _plain(text: str) -> str:
    """Text as compared: punctuation, spaces and 占比/占 aside, figures as numbers
    (0 = 0.00, 3.5 = 3.50)."""
    text = re.sub(r"[,，:：。\s]", "", text).replace("占比", "占")
    return re.sub(r"-?\d+(?:\.\d+)?", lambda m: f"{Decimal(m.group()).normalize():f}", text)


@pytest.mark.parametrize("name", DOCUMENTS)
def test_budget_narrative_quotes_the_tables(
    name: str, imported: Any, capsys: pytest.CaptureFixture[str]
) -> None:
    db, expected = imported(name)
    text = _run(db, expected, "budget-tables", "--format", "md", capsys=capsys)
    plain = _plain(text)
    missing = [phrase for phrase in expected["narrative"] if _plain(phrase) not in plain]
    assert not missing, "\n".join(missing)
    assert "【请填写：" in text


@pytest.mark.parametrize("name", DOCUMENTS)
def test_budget_checks_pass(name: str, imported: Any, capsys: pytest.CaptureFixture[str]) -> None:
    db, expected = imported(name)
    out = _run(db, expected, "check", capsys=capsys)
    assert "预算表勾稽检查" in out and "[未通过]" not in out
