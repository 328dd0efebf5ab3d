"""The final accounts show the 政府采购预算 beside what was bought, per type, for the
department and each unit: the Jincheng 2025 budget (政府采购预算总额 130.60 万元, 货物 11.72,
工程 0, 服务 118.88, split between the units as tests/budgets/README.md notes) and a few
payments tagged with procurement, made up here."""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

import pytest
from openpyxl import load_workbook

from tests.journal_files import payment, write
from tui.cli.main import main

BUDGETS = Path(__file__).parents[1] / "budgets"
DEPARTMENT = ["--year", "2025", "--department", "223"]
BUREAU, CENTRE = "223001 晋城市能源局", "223002 晋城市能源发展中心"


def _paid(unit: str, line: str, amount: str, economic: str, kind: str, doc: str) -> dict[str, str]:
    return payment(
        line, amount, doc, "2025-06-30", year="2025", unit=unit, economic=economic, procurement=kind
    )


@pytest.fixture
def store(db_url: str, tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> str:
    payments = write(
        tmp_path / "payments.csv",
        [
            _paid("223001", "X10", "68000.00", "31002", "货物", "PZ-1"),  # 资产购置
            _paid("223002", "X13", "40000.00", "31002", "货物", "PZ-2"),
            _paid("223001", "X02", "950000.00", "30227", "服务", "PZ-3"),  # 规划编制
            _paid("223001", "X08", "20000.00", "30299", "工程", "PZ-4"),  # not planned
            _paid("223001", "X08", "5000.00", "30299", "", "PZ-5"),  # not procurement
        ],
    )
    for journal in (BUDGETS / "jincheng-2025" / "journal.csv", payments):
        assert main(["--db", db_url, "import", "--no-progress", str(journal)]) == 0
    capsys.readouterr()
    return db_url


def _json(db: str, capsys: pytest.CaptureFixture[str], *scope: str) -> Any:
    assert main(["--db", db, "final-accounts", *scope, "--format", "json"]) == 0
    return json.loads(capsys.readouterr().out)["t10_部门决算公开相关信息统计表"]


def _types(total: str, goods: str, works: str, services: str) -> dict[str, str]:
    return {"合计": total, "货物": goods, "工程": works, "服务": services}


def test_department_and_units_planned_beside_bought(
    store: str, capsys: pytest.CaptureFixture[str]
) -> None:
    t = _json(store, capsys, *DEPARTMENT)
    assert t["政府采购预算"] == _types("130.60", "11.72", "0.00", "118.88")  # as printed
    assert t["政府采购"] == _types("107.80", "10.80", "2.00", "95.00")
    assert t["政府采购_by_unit"] == {
        BUREAU: {
            "预算数": _types("126.28", "7.40", "0.00", "118.88"),
            "决算数": _types("103.80", "6.80", "2.00", "95.00"),
        },
        CENTRE: {
            "预算数": _types("4.32", "4.32", "0.00", "0.00"),
            "决算数": _types("4.00", "4.00", "0.00", "0.00"),
        },
    }


def test_one_unit_planned_beside_bought(store: str, capsys: pytest.CaptureFixture[str]) -> None:
    t = _json(store, capsys, "--year", "2025", "--unit", "223002")
    assert t["政府采购预算"] == _types("4.32", "4.32", "0.00", "0.00")
    assert t["政府采购"] == _types("4.00", "4.00", "0.00", "0.00")
    assert list(t["政府采购_by_unit"]) == [CENTRE]


def test_sheet_and_text_print_planned_beside_bought(
    store: str, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    out = tmp_path / "决算.xlsx"
    argv = ["--db", store, "final-accounts", *DEPARTMENT]
    assert main([*argv, "--format", "xlsx", "-o", str(out)]) == 0
    rows = list(load_workbook(out)["公开10 相关信息统计"].iter_rows(values_only=True))
    start = next(i for i, r in enumerate(rows) if r[0] == "政府采购（预算与决算）")
    assert rows[start][1:] == ("预算数", "决算数")
    figures = {r[0].strip(): r[1:] for r in rows[start + 1 : start + 5]}
    assert figures["合计"] == (130.6, 107.8) and figures["工程"] == (0, 2)
    assert [r[0] for r in rows if r[0] in (BUREAU, CENTRE)] == [BUREAU, CENTRE]

    assert main([*argv, "--format", "table"]) == 0
    text = capsys.readouterr().out.split("公开10表")[1]
    lines = [line.split() for line in text.splitlines()]
    assert ["政府采购（预算与决算）", "预算数", "决算数"] in lines
    assert ["货物", "11.72", "10.80"] in lines and ["服务", "118.88", "95.00"] in lines

    assert main([*argv, "--format", "md"]) == 0
    text = capsys.readouterr().out
    assert "政府采购预算130.60万元（货物11.72万元、工程0.00万元、服务118.88万元）" in text
    assert (
        f"{CENTRE}预算4.32万元（货物4.32万元、工程0.00万元、服务0.00万元），实际采购4.00万元"
        in text
    )
