"""The forms people file and read: the XLSX workbook, the 情况说明 in Markdown, the text
tables, and the budget tables at the start of the year."""

from __future__ import annotations

import csv
import json
import re
from collections import defaultdict
from collections.abc import Iterator
from decimal import ROUND_HALF_UP, Decimal
from pathlib import Path

import pytest
from openpyxl import load_workbook

from tests.conftest import EXAMPLE
from tests.integration.test_department import second_unit
from tui.cli.main import main

EXPECTED = json.loads((EXAMPLE / "expected.json").read_text(encoding="utf-8"))


@pytest.fixture
def example_db(sqlite_url: str, capsys: pytest.CaptureFixture[str]) -> str:
    assert main(["--db", sqlite_url, "import", "--no-progress", str(EXAMPLE / "journal.csv")]) == 0
    capsys.readouterr()
    return sqlite_url


def _amount(value: object) -> Decimal:
    """A figure as read back from the workbook (openpyxl reads numbers as float)."""
    return Decimal(str(value)).quantize(Decimal("0.01"))


def _run(db: str, *argv: str) -> int:
    return main(["--db", db, *argv, "--year", "2024", "--unit", "105001"])


def test_workbook_is_laid_out_like_the_published_tables(example_db: str, tmp_path: Path) -> None:
    path = tmp_path / "决算.xlsx"
    assert _run(example_db, "final-accounts", "--format", "xlsx", "-o", str(path)) == 0
    book = load_workbook(path)
    assert book.sheetnames[:3] == [
        "公开01 收入支出决算总表",
        "公开02 收入决算表",
        "公开03 支出决算表",
    ]
    assert book.sheetnames[-2:] == ["项目支出绩效自评", "勾稽检查"]
    t01 = book["公开01 收入支出决算总表"]
    assert t01["A1"].value == "收入支出决算总表"
    assert t01["F2"].value == "公开01表"
    assert t01["A3"].value == "部门名称：中共长治市委网络安全和信息化委员会办公室　　2024年度"
    assert t01["F3"].value == "金额单位：万元"
    merged = {str(r) for r in t01.merged_cells.ranges}
    assert {"A4:C4", "D4:F4"} <= merged  # 收入 | 支出
    first = next(
        r for r in t01.iter_rows(min_row=5) if r[0].value == "一、一般公共预算财政拨款收入"
    )
    assert first[1].value == "1" and _amount(first[2].value) == Decimal("465.34")
    assert first[2].number_format.startswith("#,##0.00")
    assert _amount(first[5].value) == Decimal("448.64")
    blank = next(r for r in t01.iter_rows(min_row=5) if r[3].value == "二、外交支出")
    assert blank[5].value is None  # zero figures are left blank, as published

    t02 = book["公开02 收入决算表"]
    names = {r[0].value: r[1] for r in t02.iter_rows(min_row=5) if r[0].value}
    assert names["2013701"].value == "行政运行" and names["2013701"].alignment.indent == 2
    assert names["201"].alignment.indent == 0

    t07 = book["公开07 政府性基金"]
    notes = [c.value for row in t07.iter_rows() for c in row if isinstance(c.value, str)]
    assert "说明：本表无数据" in notes


def test_narrative_fills_every_figure_and_marks_the_blanks(example_db: str, tmp_path: Path) -> None:
    path = tmp_path / "说明.md"
    assert _run(example_db, "final-accounts", "--format", "md", "-o", str(path)) == 0
    text = path.read_text(encoding="utf-8")
    # The published 情况说明's own figures.
    for phrase in (
        "2024年度收入总计502.98万元，支出总计502.98万元",
        "财政拨款收入465.34万元，占比100.00%",
        "基本支出278.49万元，占比55.37%",
        "项目支出224.50万元，占比44.63%",
        "一般公共服务支出(类)448.64万元，占比89.20%",
        "年初预算591.48万元，支出决算502.98万元，完成年初预算的85.04%",
        "社会保障和就业支出年初预算30.01万元，支出决算27.44万元，完成年初预算的91.44%",
        "人员经费207.29万元，主要包括基本工资59.81万元、津贴补贴36.74万元",
        "公用经费71.20万元，主要包括办公费3.68万元",
        "全年预算0.05万元，支出决算0.05万元，完成全年预算的100.00%",
        "机关运行经费支出71.20万元",
        "政府采购支出总额93.24万元，其中：政府采购货物支出6.25万元、政府采购工程支出0.00万元、"
        "政府采购服务支出86.99万元",
        "本年度无此项收支。",
    ):
        assert phrase in text, phrase
    assert "【请填写：主要原因】" in text
    assert "| 105001-2024-01 办公场所保洁经费 | 5.00 | 3.43 | 1.57 | 68.60% | 6.86 |" in text
    assert "### 收入支出决算总表（公开01表）" in text


def test_text_tables(example_db: str, capsys: pytest.CaptureFixture[str]) -> None:
    assert _run(example_db, "final-accounts") == 0
    out = capsys.readouterr().out
    assert "公开06表" in out and "人员经费合计" in out
    line = next(row for row in out.splitlines() if row.startswith("2013701"))
    assert line.split()[-2:] == ["196.40", "196.40"]  # 公开02 comes first


def test_budget_tables_rebuild_the_published_initial_budget(
    example_db: str, capsys: pytest.CaptureFixture[str]
) -> None:
    assert _run(example_db, "budget-tables", "--format", "json") == 0
    tables = json.loads(capsys.readouterr().out)
    published = EXPECTED["t05_一般公共预算财政拨款支出决算表"]["年初预算_by_class"]
    b05 = tables["b05_一般公共预算支出表"]["rows"]
    assert {c: v[0] for c, v in b05.items() if len(c) == 3 or c == "合计"} == published
    b01 = tables["b01_收支总表"]
    assert b01["income"]["一般公共预算"] == "591.48"
    assert b01["上年结转"] == EXPECTED["t01_收入支出决算总表"]["年初结转和结余"]
    assert b01["收入总计"] == b01["支出总计"][0] == "629.12"
    assert len(b01["expenditure_by_class"]) == 30
    assert tables["b07_政府性基金预算支出表"] == "empty"
    # 三公: the line restricted to 30217 (公务接待费); the rest were approved unrestricted.
    assert tables["b09_三公经费支出表"]["rows"]["公务接待费"][0] == "0.05"
    assert tables["b06_一般公共预算基本支出表"]["rows"]["（未细化到经济科目）"] == [
        "264.31",
        "219.31",
        "45.00",
    ]
    projects = tables["b12_项目支出表_上年结转"]
    assert projects["合计"][:4] == ["9.89", "9.89", "0.00", "0.00"]  # then by economic class


def test_budget_workbook(example_db: str, tmp_path: Path) -> None:
    path = tmp_path / "预算.xlsx"
    assert _run(example_db, "budget-tables", "--format", "xlsx", "-o", str(path)) == 0
    book = load_workbook(path)
    assert len(book.sheetnames) == 13
    assert book["表1 收支总表"]["A1"].value == "部门收支总表"
    assert book["表1 收支总表"]["F2"].value == "预算公开表1"


def _tables(text: str) -> dict[str, list[str]]:
    """The text output cut into its tables, keyed by the number under each title."""
    blocks = [block.splitlines() for block in text.split("\n\n")]
    return {b[1]: b for b in blocks if len(b) > 1 and b[1].startswith("预算公开表")}


def _row(table: list[str], first: str) -> list[str]:
    return next(line.split() for line in table if line.split()[:1] == [first])


def test_budget_tables_as_text(example_db: str, capsys: pytest.CaptureFixture[str]) -> None:
    assert _run(example_db, "budget-tables", "--format", "table") == 0
    tables = _tables(capsys.readouterr().out)
    assert list(tables) == [f"预算公开表{n}" for n in range(1, 14)]
    initial = EXPECTED["t05_一般公共预算财政拨款支出决算表"]["年初预算_by_class"]
    carried = EXPECTED["t01_收入支出决算总表"]["年初结转和结余"]
    total = f"{Decimal(initial['合计']) + Decimal(carried):.2f}"
    assert tables["预算公开表1"][2].startswith("部门名称：中共长治市委网络安全和信息化委员会办公室")
    assert _row(tables["预算公开表1"], "收入总计") == [
        "收入总计", total, "支出总计", total, initial["合计"], carried
    ]  # fmt: skip
    # 预算公开表5 (一般公共预算, 不含上年结转): the published 年初预算 of each class.
    for code, value in initial.items():
        assert _row(tables["预算公开表5"], code)[1 if code == "合计" else 2] == value, code
    # 预算公开表11/12: each project's approvals and its carry-over, from the journal.
    journal = list(csv.DictReader((EXAMPLE / "journal.csv").open(encoding="utf-8")))
    for kind, table in (("appropriation", "预算公开表11"), ("carryover", "预算公开表12")):
        approved: defaultdict[str, Decimal] = defaultdict(Decimal)
        for r in journal:
            if r["kind"] == kind and r["project_code"]:
                approved[r["project_code"]] += Decimal(r["amount"])
        for code, amount in approved.items():
            assert _row(tables[table], code)[2] == _wan(amount), (table, code)


def _wan(yuan: Decimal) -> str:
    return str((yuan / 10000).quantize(Decimal("0.01"), ROUND_HALF_UP))


def test_budget_tables_of_a_department_add_up_its_units(
    example_db: str, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    second = second_unit(tmp_path)
    assert main(["--db", example_db, "import", "--no-progress", str(second)]) == 0
    capsys.readouterr()

    def figures(*scope: str) -> dict[tuple[object, ...], Decimal]:
        """Every figure of the budget tables of ``scope`` (万元), by where it is."""
        argv = ["--db", example_db, "budget-tables", "--year", "2024", *scope, "--format", "json"]
        assert main(argv) == 0
        tables = json.loads(capsys.readouterr().out)
        return {
            path: Decimal(value)
            for path, value in _leaves({k: v for k, v in tables.items() if k.startswith("b")})
            if isinstance(value, str) and re.fullmatch(r"-?\d+\.\d\d", value)
        }

    whole = figures("--department", "105")
    alone = figures("--unit", "105001")
    added: defaultdict[tuple[object, ...], Decimal] = defaultdict(Decimal)
    for part in (alone, figures("--unit", "105002")):
        for where, value in part.items():
            added[where] += value
    # The second unit's amounts are whole hundreds of 元: its 万元 add up without rounding.
    assert {k: v for k, v in whole.items() if v} == {k: v for k, v in added.items() if v}
    income = ("b01_收支总表", "收入总计")
    assert whole[income] > alone[income] > 0
    argv = ["--db", example_db, "budget-tables", "--year", "2024", "--department", "105"]
    assert main([*argv, "--format", "table"]) == 0
    text = _tables(capsys.readouterr().out)
    assert all(t[2].startswith("部门名称：主管部门 105（汇总）") for t in text.values())
    running = text["预算公开表10"]
    parts = [_row(running, unit)[2] for unit in ("105001", "105002")]
    assert _row(running, "部门合计")[1] == f"{sum(map(Decimal, parts)):.2f}"


def _leaves(
    value: object, path: tuple[object, ...] = ()
) -> Iterator[tuple[tuple[object, ...], object]]:
    if isinstance(value, dict):
        for key, inner in value.items():
            yield from _leaves(inner, (*path, key))
    elif isinstance(value, list):
        for n, inner in enumerate(value):
            yield from _leaves(inner, (*path, n))
    else:
        yield path, value


def test_workbook_project_self_evaluations(example_db: str, tmp_path: Path) -> None:
    path = tmp_path / "决算.xlsx"
    assert _run(example_db, "final-accounts", "--format", "xlsx", "-o", str(path)) == 0
    sheet = load_workbook(path)["项目支出绩效自评"]
    rows = list(sheet.iter_rows(values_only=True))
    header = list(rows[2])
    assert header == [
        "项目编码", "项目名称", "年初预算数", "全年预算数", "全年执行数", "资金结（转）余", "执行率（%）", "得分"
    ]  # fmt: skip
    shown = {f"{r[0]} {r[1]}": [_amount(v) for v in r[3:8]] for r in rows[3:] if r[1]}
    published = EXPECTED["projects"]["rows"]  # 全年预算数, 全年执行数, 结余, 执行率, 得分
    for name, figures in published.items():
        assert shown[name] == [Decimal(v) for v in figures], name
    total = next(r for r in rows if r[0] == "合计")
    assert _amount(total[4]) == Decimal(EXPECTED["t03_支出决算表"]["rows"]["合计"][2])


def test_xlsx_needs_an_output_file(example_db: str, capsys: pytest.CaptureFixture[str]) -> None:
    assert _run(example_db, "final-accounts", "--format", "xlsx") == 1
    assert "--output" in capsys.readouterr().err


def test_a_scope_without_records_is_refused(
    example_db: str, capsys: pytest.CaptureFixture[str]
) -> None:
    code = main(["--db", example_db, "check", "--year", "2023", "--unit", "105001"])
    assert code == 1
    assert "没有任何记录" in capsys.readouterr().err
