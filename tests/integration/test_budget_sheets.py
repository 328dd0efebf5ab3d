"""The budget tables as a finance officer opens them: the 一般公共预算支出表 laid out as the
Shanxi 2026 budget prints it (2025 执行数, 2026 预算数, 增减额, 增减%), in the XLSX and the
text table, with the reason when last year is not in the store; and the 说明 naming codes
as the journal names them. Figures typed from examples/seeds/shanxi-nea-office-2026-budget.txt."""

from __future__ import annotations

from decimal import Decimal
from pathlib import Path
from typing import Any

import pytest
from openpyxl import load_workbook

from tui.cli.main import main

BUDGETS = Path(__file__).parents[1] / "budgets"
SHANXI = ["--year", "2026", "--unit", "149030"]
JINCHENG = ["--year", "2025", "--department", "223"]
TOTAL = "合计"

# 一般公共预算支出表 as printed: 执行数, 小计, 基本支出, 项目支出, 增减额, 增减(%)
PRINTED = {
    TOTAL: ("651.48", "639.01", "472.88", "166.13", "-12.47", "-1.91"),
    "2080501": ("3.47", "10.09", "10.09", "0", "6.62", "190.78"),
    "2111402": ("84.36", "54.81", "0", "54.81", "-29.55", "-35.03"),
    "211": ("530.94", "505.49", "339.36", "166.13", "-25.45", "-4.79"),
}


def _import(db: str, name: str, capsys: pytest.CaptureFixture[str]) -> None:
    assert main(["--db", db, "import", "--no-progress", str(BUDGETS / name / "journal.csv")]) == 0
    capsys.readouterr()


def _figure(value: Any) -> Decimal:
    return Decimal(str(value or 0).replace(",", "")).quantize(Decimal("0.01"))


def test_general_budget_table_xlsx_has_the_printed_comparison(
    db_url: str, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    _import(db_url, "shanxi-2026", capsys)
    out = tmp_path / "预算.xlsx"
    argv = ["--db", db_url, "budget-tables", *SHANXI, "--format", "xlsx", "-o", str(out)]
    assert main(argv) == 0
    sheet = load_workbook(out)["表5 一般公共预算支出"]
    values = [[c for c in row] for row in sheet.iter_rows(values_only=True)]
    headings = {v for row in values for v in row if isinstance(v, str)}
    for label in ("2025年执行数", "执行数", "2026年预算数", "小计", "基本支出", "项目支出"):
        assert label in headings
    assert {"2026年预算数比2025年执行数", "增减额", "增减(%)"} <= headings
    by_code = {row[0]: row[2:8] for row in values if row[0] in PRINTED}
    for code, printed in PRINTED.items():
        assert [_figure(v) for v in by_code[code]] == [Decimal(p) for p in printed], code


def test_general_budget_table_text_has_the_printed_comparison(
    db_url: str, capsys: pytest.CaptureFixture[str]
) -> None:
    _import(db_url, "shanxi-2026", capsys)
    assert main(["--db", db_url, "budget-tables", *SHANXI, "--format", "table"]) == 0
    text = capsys.readouterr().out
    table = text.split("一般公共预算支出表")[1].split("注：")[0]
    assert "2025年执行数" in table and "增减额" in table and "增减(%)" in table
    rows = {line.split()[0]: line.split() for line in table.splitlines() if line.strip()}
    # 项目支出 of 2080501 is zero, printed blank
    assert rows["2080501"][1:] == ["行政单位离退休", "3.47", "10.09", "10.09", "6.62", "190.78"]
    assert rows[TOTAL][1:] == ["651.48", "639.01", "472.88", "166.13", "-12.47", "-1.91"]


def test_without_last_year_the_columns_are_blank_and_say_why(
    db_url: str, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    """Jincheng's store holds 2025 only: 2024 执行数 and the 增减 columns are blank."""
    _import(db_url, "jincheng-2025", capsys)
    assert main(["--db", db_url, "budget-tables", *JINCHENG, "--format", "table"]) == 0
    text = capsys.readouterr().out
    table = text.split("一般公共预算支出表")[1].split("基本支出表")[0]
    assert "说明：本账没有2024年度的数据，上年执行数和增减列空白。" in table
    total = next(line for line in table.splitlines() if line.startswith("合计"))
    assert total.split()[1:] == ["2,268.41", "1,132.09", "1,136.32"]  # 预算数 only

    out = tmp_path / "预算.xlsx"
    argv = ["--db", db_url, "budget-tables", *JINCHENG, "--format", "xlsx", "-o", str(out)]
    assert main(argv) == 0
    values = list(load_workbook(out)["表5 一般公共预算支出"].iter_rows(values_only=True))
    total_row = next(row for row in values if row[0] == TOTAL)
    assert total_row[2] is None and total_row[6] is None and total_row[7] is None
    assert _figure(total_row[3]) == Decimal("2268.41")
    assert any(row[0] and "本账没有2024年度的数据" in str(row[0]) for row in values)


def test_basic_spending_paragraph_names_codes_as_the_journal_does(
    db_url: str, capsys: pytest.CaptureFixture[str]
) -> None:
    """30119 is not in the shipped table; the journal names it 其他工资福利支出, as the
    document's 说明 does (人员经费…主要包括：…住房公积金、其他工资福利支出、退休费…)."""
    _import(db_url, "shanxi-2026", capsys)
    assert main(["--db", db_url, "budget-tables", *SHANXI, "--format", "md"]) == 0
    text = capsys.readouterr().out
    personnel = next(line for line in text.splitlines() if line.startswith("人员经费"))
    assert "住房公积金、其他工资福利支出" in personnel
    assert "30119" not in personnel
