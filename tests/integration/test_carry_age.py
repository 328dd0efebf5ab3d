"""Money carried two years or more is 结余, due for recovery: balances and check flag it."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from tests.journal_files import write
from tui.cli.main import main


def _two_years(tmp_path: Path) -> Path:
    base = {"unit": "300001", "fund": "一般公共预算", "function": "2013702", "category": "项目支出"}
    rows = [
        # 2022 money, carried into 2023 ...
        {**base, "date": "2023-01-01", "kind": "carryover", "year": "2023", "line": "K1",
         "project": "老项目", "amount": "10000.00", "doc": "结转-2023"},
        {**base, "date": "2023-01-05", "kind": "appropriation", "year": "2023", "line": "A1",
         "project": "新项目", "amount": "5000.00", "doc": "批复-2023"},
        # ... and carried again into 2024, with some of 2023's own money.
        {"date": "2023-12-31", "kind": "close", "year": "2023", "unit": "300001", "line": "K1",
         "amount": "10000.00", "doc": "年终-2023"},
        {"date": "2023-12-31", "kind": "close", "year": "2023", "unit": "300001", "line": "A1",
         "amount": "3000.00", "doc": "年终-2023"},
        {"date": "2024-04-01", "kind": "payment", "year": "2024", "unit": "300001", "line": "K1",
         "economic": "30227", "amount": "4000.00", "doc": "ZF-1"},
    ]  # fmt: skip
    return write(tmp_path / "ages.csv", rows)


def test_balances_and_check_flag_money_carried_two_years(
    sqlite_url: str, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    db = ["--db", sqlite_url]
    assert main([*db, "import", "--no-progress", str(_two_years(tmp_path))]) == 0
    capsys.readouterr()
    scope = ["--year", "2024", "--unit", "300001"]

    assert main([*db, "report", "balances", *scope, "--format", "json"]) == 0
    report = json.loads(capsys.readouterr().out)
    [general] = report["rows"]
    assert general["opening"] == "13000.00"
    assert general["aged"] == "6000.00"  # 10,000 of 2022 money less 4,000 spent, oldest first
    assert any("2022 年安排的资金尚余 0.60 万元，已结转 2 年" in n for n in report["notes"])

    assert main([*db, "check", *scope]) == 0  # a flag, not a failed rule
    out = capsys.readouterr().out
    assert "[提示] 单位 300001 指标 K1（一般公共预算）：2022 年安排的资金尚余 0.60 万元" in out
    assert "指标 A1" not in out  # 2023 money carried one year is not yet due

    assert main([*db, "final-accounts", *scope, "--format", "json"]) == 0
    due = json.loads(capsys.readouterr().out)["carry_over_due"]
    assert due == [
        {
            "unit": "300001",
            "line": "K1",
            "fund": "一般公共预算",
            "origin_year": 2022,
            "years": 2,
            "amount": "0.60",
        }
    ]
