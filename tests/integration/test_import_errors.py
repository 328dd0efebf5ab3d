"""A bad row rejects the whole file; the message names row, column and reason; nothing
is recorded."""

from __future__ import annotations

from pathlib import Path

import pytest
from sqlalchemy import func, select
from sqlalchemy.orm import Session

from ledger.importer import ImportRejected
from ledger.journal.parse import RowError
from ledger.tables import events, vouchers
from projections.schema import movements
from tests.conftest import open_service
from tests.journal_files import appropriation, payment, write


def _counts(svc) -> tuple[int, int, int]:  # type: ignore[no-untyped-def]
    with Session(svc.engine) as s:
        return tuple(  # type: ignore[return-value]
            s.execute(select(func.count()).select_from(t)).scalar()
            for t in (events, vouchers, movements)
        )


def _rejected(svc, path: Path) -> str:  # type: ignore[no-untyped-def]
    with pytest.raises(ImportRejected) as info:
        svc.import_file(path)
    return str(info.value)


@pytest.mark.parametrize("suffix", [".csv", ".xlsx", ".jsonl"])
def test_overspend_in_last_row_rejects_whole_file(db_url: str, tmp_path: Path, suffix: str) -> None:
    svc = open_service(db_url)
    rows = [appropriation("A1", "1000.00")] + [payment("A1", "300.00", f"V{i}") for i in range(4)]
    message = _rejected(svc, write(tmp_path / f"j{suffix}", rows))
    number = 6 if suffix != ".jsonl" else 5  # spreadsheet rows count the header
    assert f"第 {number} 行" in message
    assert "列 amount（金额）" in message
    assert "可用余额不足" in message
    assert _counts(svc) == (0, 0, 0)


def test_several_problems_are_listed_at_once(sqlite_url: str, tmp_path: Path) -> None:
    svc = open_service(sqlite_url)
    rows = [
        appropriation("A1", "1000.00"),
        payment("A1", "12.345", "V1"),
        payment("A1", "10.00", "V2", day="2023-12-31"),
        {**payment("A1", "10.00", "V3"), "economic": "30101"},
        payment("A9", "10.00", "V4"),
    ]
    message = _rejected(svc, write(tmp_path / "j.csv", rows))
    assert "第 3 行，列 amount（金额）：金额最多两位小数" in message
    assert "第 4 行，列 date（业务日期）：业务日期 2023-12-31 不在预算年度 2024 内" in message
    assert "第 5 行，列 economic（经济科目）" in message and "公用经费" in message
    assert "第 6 行，列 line（指标编号）" in message and "没有指标 A9" in message
    assert _counts(svc) == (0, 0, 0)


def test_duplicate_voucher_and_bad_reversal(sqlite_url: str, tmp_path: Path) -> None:
    svc = open_service(sqlite_url)
    rows = [
        appropriation("A1", "1000.00"),
        appropriation("A2", "1000.00"),
        payment("A1", "100.00", "V1"),
        payment("A2", "100.00", "V1"),
        {
            "date": "2024-03-02",
            "kind": "reversal",
            "year": "2024",
            "unit": "900001",
            "line": "A1",
            "amount": "150.00",
            "doc": "C1",
            "reverses": "V1",
        },
    ]
    message = _rejected(svc, write(tmp_path / "j.csv", rows))
    assert "第 5 行，列 doc（文号）：凭证号 V1 已用于" in message
    assert (
        "第 6 行，列 amount（金额）：冲销金额 150.00 元超过原凭证 V1 未冲销的 100.00 元" in message
    )


def test_unknown_and_missing_columns_are_refused(sqlite_url: str, tmp_path: Path) -> None:
    svc = open_service(sqlite_url)
    path = tmp_path / "j.csv"
    path.write_text("date,kind,year,unit,amount,doc,amout\n", encoding="utf-8")
    assert "未知列「amout」" in _rejected(svc, path)
    path.write_text("date,kind,year,unit,doc\n2024-01-01,payment,2024,1,x\n", encoding="utf-8")
    assert "缺少必需的列：amount（金额）" in _rejected(svc, path)


def test_payment_dated_before_its_money_is_refused(sqlite_url: str, tmp_path: Path) -> None:
    """A line never goes below zero as of any date, not only in total."""
    svc = open_service(sqlite_url)
    rows = [
        appropriation("A1", "100.00"),
        appropriation("A1", "100.00", date="2024-12-01", doc="批复-2"),
        payment("A1", "150.00", "V1", day="2024-06-01"),
    ]
    message = _rejected(svc, write(tmp_path / "j.csv", rows))
    assert "第 4 行，列 amount（金额）：可用余额不足" in message


def test_changed_row_with_a_recorded_identity_is_refused(sqlite_url: str, tmp_path: Path) -> None:
    svc = open_service(sqlite_url)
    svc.import_file(
        write(tmp_path / "a.csv", [appropriation("A1", "1000.00"), payment("A1", "5.00", "V1")])
    )
    message = _rejected(svc, write(tmp_path / "b.csv", [payment("A1", "6.00", "V1")]))
    assert "凭证号 V1 已记录于指标 A1，但内容不同" in message


def test_a_form_refusal_names_the_field_not_a_row(sqlite_url: str, tmp_path: Path) -> None:
    """A form has no rows: a refusal from the row's own checks and one from the ledger's
    rules both name only the field, the way the form shows them."""
    svc = open_service(sqlite_url)
    svc.import_file(write(tmp_path / "a.csv", [appropriation("A1", "100.00")]))
    refusals = []
    for cells in (
        {**payment("A1", "10.00", "V1"), "economic": "302"},  # the row itself
        payment("A1", "150.00", "V2"),  # the ledger: overspend
    ):
        with pytest.raises(RowError) as info:
            svc.record(cells)
        refusals.append(str(info.value))
    assert refusals[0].startswith("列 economic（经济科目）：经济科目应为 5 位款级代码")
    assert refusals[1].startswith("列 amount（金额）：可用余额不足")
    assert _counts(svc)[1] == 0  # no voucher recorded


def test_a_malformed_code_on_a_line_is_refused_as_malformed(sqlite_url: str) -> None:
    """The code's own form is checked before whether the line's category could use it."""
    svc = open_service(sqlite_url)
    for economic, refusal in (
        ("3020", "经济科目应为 5 位款级代码"),
        ("30201", "人员经费指标的经济科目须属 301 或 303 类（30201）"),
    ):
        with pytest.raises(RowError) as info:
            svc.record({**appropriation("R1", "10.00", category="人员经费"), "economic": economic})
        assert str(info.value).startswith(f"列 economic（经济科目）：{refusal}")
        assert info.value.column == "economic"
