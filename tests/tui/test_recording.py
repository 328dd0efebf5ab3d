"""Recording from the forms and importing a file from the UI: the ledger's own checks,
their Chinese reasons shown where they belong, nothing recorded until valid."""

from __future__ import annotations

from pathlib import Path

from sqlalchemy.orm import Session
from textual.widgets import Input, Label, ProgressBar, Static

from ledger.store import database_url, engine_for
from projections.queries.history import HistoryFilter
from projections.queries.paging import history_count
from tests.journal_files import payment, write
from tests.tui.conftest import SIZE, app_on, fill, press, settle
from tests.tui.test_screens import cells, column
from tui.screens.import_file import ImportScreen
from tui.widgets.report_table import ReportTable
from tui.widgets.tree_table import TreeTable


def facts(db: str, **f: object) -> int:
    with Session(engine_for(database_url(db))) as session:
        return history_count(session, HistoryFilter(**f))  # type: ignore[arg-type]


async def test_an_overspend_is_refused_on_the_form_and_nothing_is_recorded(
    open_year_db: str,
) -> None:
    before = facts(open_year_db)
    app = app_on(open_year_db)
    async with app.run_test(size=SIZE) as pilot:
        await settle(pilot)
        await press(pilot, "6")
        assert app.query_one("#field-date", Input).value == "2024-12-31"
        assert app.query_one("#field-unit", Input).value == "105001"
        await fill(pilot, line="L01", economic="30101", amount="999999.00", doc="ZF-TEST-1")
        await press(pilot, "ctrl+s")
        reason = str(app.query_one("#error-amount", Label).render())
        assert reason.startswith("可用余额不足：指标 L01")
        assert "999,999.00" in reason
        assert app.query_one("#field-amount", Input).has_class("-invalid")
        assert str(app.query_one("#record-status", Static).render()).startswith("未记录：")
    assert facts(open_year_db) == before
    assert facts(open_year_db, doc="ZF-TEST-1") == 0


async def test_a_bad_cell_is_named_by_its_column(open_year_db: str) -> None:
    app = app_on(open_year_db)
    async with app.run_test(size=SIZE) as pilot:
        await settle(pilot)
        await press(pilot, "6")
        await fill(pilot, date="2024-13-01", line="L01", economic="30101", amount="1,000", doc="X")
        await press(pilot, "ctrl+s")
        status = str(app.query_one("#record-status", Static).render())
        assert status.startswith("未记录：")
        # The first problem the importer finds is shown beside its field.
        shown = [
            name
            for name in ("date", "amount")
            if app.query_one(f"#field-{name}", Input).has_class("-invalid")
        ]
        assert len(shown) == 1
        assert str(app.query_one(f"#error-{shown[0]}", Label).render()) in status


async def test_a_valid_payment_is_recorded_and_shows_in_history(open_year_db: str) -> None:
    before = facts(open_year_db)
    app = app_on(open_year_db)
    async with app.run_test(size=SIZE) as pilot:
        await settle(pilot)
        await press(pilot, "6")
        await fill(
            pilot,
            date="2024-12-20",
            line="L01",
            economic="30101",
            amount="1234.56",
            doc="ZF-TEST-2",
            payee="某某",
        )
        await press(pilot, "ctrl+s")
        status = str(app.query_one("#record-status", Static).render())
        assert status == "已记录：支付 105001 L01 ZF-TEST-2 1,234.56 元"
        assert app.query_one("#field-amount", Input).value == ""  # ready for the next
        assert app.query_one("#field-line", Input).value == "L01"
        await press(pilot, "5")
        history = app.query_one("#history-table", ReportTable)
        assert column(history, "文号")[-1] == "ZF-TEST-2"
        assert column(history, "金额（元）")[-1] == "1234.56"
        assert column(history, "经办人")[-1] == "测试员"
        assert column(history, "业务日期")[-1] == "2024-12-20"
    assert facts(open_year_db) == before + 1


async def test_the_other_forms_show_their_own_fields(open_year_db: str) -> None:
    app = app_on(open_year_db)
    async with app.run_test(size=SIZE) as pilot:
        await settle(pilot)
        await press(pilot, "6")
        shown = lambda: {  # noqa: E731
            w.id.removeprefix("row-") for w in app.query(".field") if w.display and w.id
        }
        assert {"economic", "payee", "procurement"} <= shown() and "reverses" not in shown()
        await press(pilot, "right")  # 冲销
        assert "reverses" in shown() and "economic" not in shown()
        await press(pilot, "right")  # 调整
        assert "reverses" not in shown() and "to_line" not in shown()
        await press(pilot, "right")  # 调剂
        assert "to_line" in shown()
        await press(pilot, "right")  # 年初批复
        assert {"fund", "function", "category", "project"} <= shown()
        # A transfer recorded from its form moves budget between two lines.
        await press(pilot, "left")
        await fill(pilot, line="L04", to_line="L05", amount="100.00", doc="调剂-TEST")
        await press(pilot, "ctrl+s")
        assert str(app.query_one("#record-status", Static).render()).startswith("已记录：调剂")


def last_fact(app) -> dict[str, str]:  # type: ignore[no-untyped-def]
    """The audit trail's latest fact, by column label."""
    history = app.query_one("#history-table", ReportTable)
    labels = [c.label.plain for c in history.ordered_columns]
    return {label: column(history, label)[-1] for label in labels}


async def test_a_reversal_recorded_from_its_form_lowers_the_spending(open_year_db: str) -> None:
    before = facts(open_year_db)
    app = app_on(open_year_db)
    async with app.run_test(size=SIZE) as pilot:
        await settle(pilot)
        assert column(app.query_one("#by-fund", ReportTable), "执行数")[0] == "502.98"
        await press(pilot, "6", "right")  # 冲销
        # ZF2024-9001 paid 10,000.00 on L02; 2,000.00 of it was reversed in April.
        await fill(pilot, line="L02", amount="3000.00", doc="CX-TEST-1", reverses="ZF2024-9001")
        await press(pilot, "ctrl+s")
        status = str(app.query_one("#record-status", Static).render())
        assert status == "已记录：冲销 105001 L02 CX-TEST-1 3,000.00 元"
        await press(pilot, "5")
        fact = last_fact(app)
        assert (fact["类型"], fact["指标"], fact["文号"]) == ("冲销", "L02", "CX-TEST-1")
        assert (fact["对方/原凭证"], fact["金额（元）"]) == ("ZF2024-9001", "3000.00")
        await press(pilot, "1")
        # 执行数 falls by 0.30 万元; the budget does not move.
        by_fund = app.query_one("#by-fund", ReportTable)
        assert column(by_fund, "执行数")[0] == "502.68"
        assert column(by_fund, "全年预算")[0] == "655.15"
    assert facts(open_year_db) == before + 1


async def test_adjustments_recorded_from_their_form_move_the_budget(open_year_db: str) -> None:
    app = app_on(open_year_db)
    async with app.run_test(size=SIZE) as pilot:
        await settle(pilot)
        await press(pilot, "6", "right", "right")  # 调整
        await fill(pilot, line="P03", amount="-10000.00", doc="追减-TEST")  # 追减
        await press(pilot, "ctrl+s")
        status = str(app.query_one("#record-status", Static).render())
        assert status == "已记录：调整 105001 P03 追减-TEST -10,000.00 元"
        await press(pilot, "1")
        by_fund = app.query_one("#by-fund", ReportTable)
        assert column(by_fund, "全年预算")[0] == "654.15"  # 655.15 − 1.00
        await press(pilot, "6")
        await fill(pilot, amount="25000.00", doc="追加-TEST")  # 追加 on the line kept
        await press(pilot, "ctrl+s", "5")
        history = app.query_one("#history-table", ReportTable)
        assert column(history, "文号")[-2:] == ["追减-TEST", "追加-TEST"]
        assert column(history, "类型")[-2:] == ["调整", "调整"]
        assert column(history, "金额（元）")[-2:] == ["-10000.00", "25000.00"]
        assert column(history, "指标")[-2:] == ["P03", "P03"]
        await press(pilot, "1")
        assert column(by_fund, "全年预算")[0] == "656.65"  # 655.15 − 1.00 + 2.50
        assert column(by_fund, "执行数")[0] == "502.98"
    assert facts(open_year_db, line="P03") == 1 + 2  # its approval, then the two


async def test_an_appropriation_recorded_from_its_form_opens_a_new_line(
    open_year_db: str,
) -> None:
    app = app_on(open_year_db)
    async with app.run_test(size=SIZE) as pilot:
        await settle(pilot)
        await press(pilot, "6", "right", "right", "right", "right")  # 年初批复
        await fill(
            pilot,
            line="N01",
            fund="一般公共预算",
            function="2013701",
            category="公用经费",
            amount="20000.00",
            doc="批复-TEST",
        )
        await press(pilot, "ctrl+s")
        status = str(app.query_one("#record-status", Static).render())
        assert status == "已记录：年初批复 105001 N01 批复-TEST 20,000.00 元"
        await press(pilot, "5")
        fact = last_fact(app)
        assert (fact["类型"], fact["指标"], fact["文号"]) == ("年初批复", "N01", "批复-TEST")
        assert fact["金额（元）"] == "20000.00"
        await press(pilot, "1")
        by_fund = app.query_one("#by-fund", ReportTable)
        assert column(by_fund, "全年预算")[0] == "657.15"  # 655.15 + 2.00
        await press(pilot, "2", "plus")  # the new line under 2013701 行政运行
        tree = app.query_one(TreeTable)
        labels = [row[0].strip() for row in cells(tree)]
        at = labels.index("▸ N01 公用经费")
        assert [label for label in labels[:at] if "2013" in label][-1] == "▾ 2013701 行政运行"
        figures = [column(tree, label)[at] for label in ("年初预算", "全年预算", "执行数")]
        assert figures == ["2.00", "2.00", "0.00"]


async def test_importing_a_file_from_the_ui(open_year_db: str, tmp_path: Path) -> None:
    def row(doc: str, amount: str) -> dict[str, str]:
        return payment("L01", amount, doc, "2024-12-30", unit="105001", economic="30101")

    good = write(tmp_path / "more.csv", [row(f"ZF-IMP-{n}", "10.00") for n in range(3)])
    bad = write(tmp_path / "bad.csv", [row("ZF-IMP-BAD", "99999999.00")])
    before = facts(open_year_db)
    app = app_on(open_year_db)
    async with app.run_test(size=SIZE) as pilot:
        await settle(pilot)
        await press(pilot, "i")
        assert isinstance(app.screen, ImportScreen)
        await pilot.press(*str(bad))
        await press(pilot, "enter")
        result = str(app.screen.query_one("#import-result", Static).render())
        assert "bad.csv：文件被拒绝，未记录任何内容。" in result
        assert "第 2 行，金额：可用余额不足" in result  # the column by its Chinese name
        assert "amount" not in result
        assert facts(open_year_db) == before
        app.screen.query_one("#import-path", Input).value = str(good)
        await press(pilot, "enter")
        result = str(app.screen.query_one("#import-result", Static).render())
        assert result.startswith("已导入。more.csv：新记录 3 行")
        assert app.screen.query_one(ProgressBar).percentage == 1.0
        await press(pilot, "escape", "5")
        history = app.query_one("#history-table", ReportTable)
        assert column(history, "文号")[-3:] == ["ZF-IMP-0", "ZF-IMP-1", "ZF-IMP-2"]
    assert facts(open_year_db) == before + 3
