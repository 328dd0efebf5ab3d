"""勾稽检查: every rule passes on a sound year, a broken read model is caught with both
figures and their sources, and final-accounts refuses to write what fails."""

from __future__ import annotations

import json
import time
from datetime import UTC, date, datetime
from pathlib import Path

import pytest
from openpyxl import load_workbook
from sqlalchemy import select, update
from sqlalchemy.orm import Session

from ledger.money import wan
from projections.final_accounts.document import build
from projections.final_accounts.values import jsonable
from projections.queries.execution import execution_report
from projections.schema import line_months, lines, movements
from projections.scope import Scope
from tests.conftest import EXAMPLE, open_service
from tests.journal_files import payment
from tui.cli.main import main

ARGS = ["--year", "2024", "--unit", "105001"]


def _run(capsys: pytest.CaptureFixture[str], *argv: str) -> tuple[int, str, str]:
    code = main(list(argv))
    out = capsys.readouterr()
    return code, out.out, out.err


def _break_read_model(url: str) -> None:
    """Corrupt the read model as a faulty projection would: one line's close claims more
    was recovered than it had."""
    svc = open_service(url)
    with Session(svc.engine) as s, s.begin():
        key = s.execute(select(lines.c.key).where(lines.c.code == "C01")).scalar_one()
        s.execute(
            update(movements)
            .where(movements.c.line_key == key, movements.c.kind == "close")
            .values(recovered_old=movements.c.recovered_old + 12345)
        )
        # ... and the monthly sums it keeps beside the movements, likewise.
        s.execute(
            update(line_months)
            .where(line_months.c.line_key == key, line_months.c.month == 12)
            .values(recovered_old=line_months.c.recovered_old + 12345)
        )


def test_check_passes_on_the_example(db_url: str, capsys: pytest.CaptureFixture[str]) -> None:
    open_service(db_url).import_file(EXAMPLE / "journal.csv")
    code, out, _ = _run(capsys, "--db", db_url, "check", *ARGS)
    assert code == 0
    assert "[未通过]" not in out
    assert "[通过] 公开05 基本支出合计 = 公开06 人员经费合计 + 公用经费合计" in out
    assert "0 条未通过" in out


def test_a_failed_check_names_both_figures_and_blocks_the_file(
    db_url: str, capsys: pytest.CaptureFixture[str], tmp_path: Path
) -> None:
    open_service(db_url).import_file(EXAMPLE / "journal.csv")
    _break_read_model(db_url)
    code, out, _ = _run(capsys, "--db", db_url, "check", *ARGS)
    assert code == 1
    assert "[未通过] 各资金性质" in out
    assert "一般公共预算 年初结转和结余 + 本年收入：5,029,810.00 元 ≠ " in out
    assert "一般公共预算 本年支出 + 年末结转和结余 + 收回：5,029,933.45 元（差 -123.45 元）" in out

    target = tmp_path / "fa.json"
    code, _, err = _run(
        capsys, "--db", db_url, "final-accounts", *ARGS, "--format", "json", "-o", str(target)
    )
    assert code == 1 and not target.exists()
    assert "--allow-failed-checks" in err

    code, _, _ = _run(
        capsys,
        "--db",
        db_url,
        "final-accounts",
        *ARGS,
        "--format",
        "json",
        "-o",
        str(target),
        "--allow-failed-checks",
    )
    marked = json.loads(target.read_text(encoding="utf-8"))
    assert code == 0
    assert "未通过勾稽检查" in marked["warning"]
    assert marked["checks"]["passed"] is False
    failed = {f["rule"] for f in marked["checks"]["failed"]}
    assert any(rule.startswith("公开01 年初结转和结余") for rule in failed)

    book = tmp_path / "fa.xlsx"
    _run(
        capsys, "--db", db_url, "final-accounts", *ARGS, "--format", "xlsx", "-o", str(book),
        "--allow-failed-checks",
    )  # fmt: skip
    sheet = load_workbook(book)["公开01 收入支出决算总表"]
    texts = [c.value for row in sheet.iter_rows(max_row=6) for c in row if c.value]
    assert any("未通过勾稽检查" in str(t) for t in texts)


def test_preview_before_the_close_projects_the_year_end(
    db_url: str, open_year_journal: Path
) -> None:
    svc = open_service(db_url)
    svc.import_file(open_year_journal)
    scope = Scope(2024, unit="105001", as_of=date(2024, 6, 30))
    with Session(svc.engine) as s:
        document = build(s, scope)
        available = execution_report(s, scope, ["function"]).total["available"]
    assert document.preview and document.passed
    t01 = document.tables["t01_收入支出决算总表"]
    assert t01["年末结转和结余"] == available
    assert t01["收入总计"] == t01["支出总计"]
    assert "预览" in document.marks()[0]


def test_known_at_gives_the_tables_as_they_were(db_url: str, open_year_journal: Path) -> None:
    svc = open_service(db_url)
    svc.import_file(open_year_journal)
    time.sleep(0.01)
    moment = datetime.now(UTC)
    scope = Scope(2024, unit="105001")
    with Session(svc.engine) as s:
        before = jsonable(build(s, scope).tables)
    time.sleep(0.01)
    svc.record(
        {
            **payment("P03", "1000.00", "ZF-LATE-1", day="2024-06-01"),
            "unit": "105001",
            "economic": "30227",
            "procurement": "服务",
        }
    )
    with Session(svc.engine) as s:
        now = jsonable(build(s, scope).tables)
        then = jsonable(build(s, Scope(2024, unit="105001", known_at=moment)).tables)
    assert then == before
    assert now != before
    bought = now["t10_部门决算公开相关信息统计表"]["政府采购"]["服务"]
    assert bought == f"{wan(869910_00 + 1000_00):.2f}"
