"""A department's consolidated (汇总) tables are its units' tables added together, and
every check passes on the consolidation."""

from __future__ import annotations

import json
from collections import Counter
from pathlib import Path

import pytest
from sqlalchemy.orm import Session

from ledger.money import wan
from projections.final_accounts.document import build
from projections.final_accounts.values import money_leaves
from projections.scope import Scope
from tests.conftest import EXAMPLE, open_service
from tests.journal_files import write
from tui.cli.main import main

UNIT = {"year": "2024", "unit": "105002"}


def _opening(kind: str, line: str, fund: str, function: str, category: str, amount: str, **kw: str):  # type: ignore[no-untyped-def]
    row = {"date": "2024-01-05", "kind": kind, **UNIT, "line": line, "fund": fund}
    row.update(function=function, category=category, amount=amount, doc="批复-B", **kw)
    if kind == "carryover":
        row.update(date="2024-01-01", doc="结转-B")
    return row


def _pay(line: str, economic: str, amount: str, doc: str, **kw: str) -> dict[str, str]:
    row = {"date": "2024-05-10", "kind": "payment", **UNIT, "line": line, "economic": economic}
    return {**row, "amount": amount, "doc": doc, **kw}


def second_unit(tmp_path: Path) -> Path:
    """A 参公事业单位 of the same department, with every kind of money the tables show."""
    rows = [
        _opening(
            "appropriation", "L1", "一般公共预算", "2013701", "人员经费", "200000.00",
            unit_name="长治市网络安全应急指挥中心（示例）", unit_type="参公事业单位", department="105",
        ),
        _opening("appropriation", "L2", "一般公共预算", "2013701", "公用经费", "100000.00"),
        _opening("appropriation", "V1", "一般公共预算", "2013701", "公用经费", "8000.00", economic="30231"),
        _opening("carryover", "C1", "一般公共预算", "2013702", "项目支出", "50000.00", project="旧项目", project_code="105002-2023-01"),
        _opening("appropriation", "F1", "政府性基金预算", "2101101", "项目支出", "80000.00", project="基金项目", project_code="105002-2024-01"),
        _opening("appropriation", "S1", "国有资本经营预算", "2013702", "项目支出", "30000.00", project="国资项目", project_code="105002-2024-02"),
        _opening("appropriation", "U1", "单位资金", "2013701", "公用经费", "30000.00"),
        {"date": "2024-03-01", "kind": "income", **UNIT, "fund": "单位资金", "function": "2013701",
         "income_type": "事业收入", "amount": "40000.00", "doc": "SR-1"},
        _pay("L1", "30101", "150000.00", "B-1"),
        _pay("L2", "30201", "20000.00", "B-2", procurement="货物"),
        _pay("L2", "30228", "10000.00", "B-3", spend_type="上缴上级支出"),
        _pay("L2", "31002", "12000.00", "B-4", procurement="工程"),
        _pay("V1", "30231", "6500.00", "B-5"),
        _pay("C1", "30227", "30000.00", "B-6", procurement="服务"),
        _pay("F1", "30227", "60000.00", "B-7", spend_type="对附属单位补助支出"),
        _pay("S1", "30299", "25000.00", "B-8"),
        _pay("U1", "30201", "15000.00", "B-9"),
        {"date": "2024-12-31", "kind": "close", **UNIT, "line": "L2", "amount": "10000.00", "doc": "JZ"},
        {"date": "2024-12-31", "kind": "close", **UNIT, "amount": "0.00", "doc": "JZ-ALL"},
    ]  # fmt: skip
    return write(tmp_path / "second.csv", rows)


@pytest.fixture
def department(db_url: str, tmp_path: Path) -> str:
    svc = open_service(db_url)
    svc.import_file(EXAMPLE / "journal.csv")
    svc.import_file(second_unit(tmp_path))
    return db_url


def test_consolidation_is_the_sum_of_the_units(department: str) -> None:
    svc = open_service(department)
    with Session(svc.engine) as s:
        whole = build(s, Scope(2024, department="105"))
        parts = [build(s, Scope(2024, unit=u)) for u in ("105001", "105002")]
    assert whole.passed, [r.name for r in whole.rules if not r.ok]
    assert all(p.passed for p in parts)
    added: Counter[tuple[str, ...]] = Counter()
    for p in parts:
        added.update(money_leaves(p.tables))
    consolidated = money_leaves(whole.tables)
    assert {k: v for k, v in consolidated.items() if v} == {k: v for k, v in added.items() if v}
    # Every kind of money reached its table.
    t = whole.tables
    assert t["t01_收入支出决算总表"]["income"]["事业收入"] == 40000_00
    assert t["t01_收入支出决算总表"]["收回上年结转"] == 20000_00
    assert t["t03_支出决算表"]["rows"]["合计"][3:6] == [10000_00, 0, 60000_00]
    assert t["t07_政府性基金预算财政拨款收入支出决算表"]["rows"]["合计"][2] == 60000_00
    assert t["t08_国有资本经营预算财政拨款支出决算表"]["rows"]["合计"][0] == 25000_00
    assert t["t09_财政拨款三公经费支出决算表"]["决算数"]["公务用车运行维护费"] == 6500_00
    assert t["t09_财政拨款三公经费支出决算表"]["预算数"]["公务用车运行维护费"] == 8000_00
    procurement = t["t10_部门决算公开相关信息统计表"]["政府采购"]
    assert procurement["工程"] == 12000_00 and procurement["货物"] == 62500_00 + 20000_00
    running = t["t10_部门决算公开相关信息统计表"]["机关运行经费"]
    assert running["参照公务员法管理事业单位"] == (20000 + 10000 + 12000 + 6500) * 100
    assert running["行政单位"] == 712000_00  # 71.20 万元, as published


def test_department_from_the_command_line(
    department: str, capsys: pytest.CaptureFixture[str]
) -> None:
    argv = ["--db", department, "final-accounts", "--year", "2024", "--department", "105"]
    assert main([*argv, "--format", "json"]) == 0
    out = json.loads(capsys.readouterr().out)
    assert out["name"] == "主管部门 105（汇总）" and out["department"] == "105"
    assert out["checks"]["passed"] is True
    spent = out["t01_收入支出决算总表"]["本年支出合计"]
    assert spent == f"{wan(5_029_810_00 + 328_500_00):.2f}"
    assert main(["--db", department, "check", "--year", "2024", "--department", "105"]) == 0
