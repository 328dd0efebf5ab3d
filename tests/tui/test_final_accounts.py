"""决算表 in the UI: the published tables, the checks, export to XLSX."""

from __future__ import annotations

from pathlib import Path

from openpyxl import load_workbook
from textual.widgets import Label, Static, TabbedContent

from tests.tui.conftest import SIZE, app_on, press, settle
from tui.screens.final_accounts import ExportScreen


def sheet_text(app, n: int) -> str:  # type: ignore[no-untyped-def]
    return str(app.query_one(f"#final-sheet-{n}", Static).render())


async def test_the_published_tables_one_tab_each_with_the_checks(example_db: str) -> None:
    app = app_on(example_db)
    async with app.run_test(size=SIZE) as pilot:
        await settle(pilot)
        await press(pilot, "7")
        tabs = app.query_one("#final-tabs", TabbedContent)
        titles = [str(tab.label) for tab in tabs.query("Tab")]
        assert titles[:10] == [f"公开{n:02d}" for n in range(1, 11)]
        assert titles[-1] == "勾稽检查"
        heading = str(app.query_one("#final-heading", Label).render())
        assert "勾稽检查：" in heading and "全部通过" in heading
        # 公开01 as published: income 465.34, spending 502.98, 年初结转 37.64.
        first = sheet_text(app, 0)
        assert "收入支出决算总表" in first and "465.34" in first and "502.98" in first
        assert "37.64" in first
        # 公开02 keeps the honest 尾数误差: 196.40 and 214.61 under 411.00.
        second = sheet_text(app, 1)
        assert "196.40" in second and "214.61" in second and "411.00" in second


async def test_export_writes_the_workbook(example_db: str, tmp_path: Path) -> None:
    app = app_on(example_db)
    async with app.run_test(size=SIZE) as pilot:
        await settle(pilot)
        await press(pilot, "7", "x")
        assert isinstance(app.screen, ExportScreen)
        target = tmp_path / "决算.xlsx"
        app.screen.query_one("#export-path").value = str(target)
        await press(pilot, "enter")
        await settle(pilot)
        book = load_workbook(target, read_only=True)
        assert book.sheetnames[0].startswith("公开01") or "收入支出" in book.sheetnames[0]
        assert "勾稽检查" in book.sheetnames


async def test_all_units_are_asked_to_choose(example_db: str) -> None:
    app = app_on(example_db)
    async with app.run_test(size=SIZE) as pilot:
        await settle(pilot)
        await press(pilot, "u", "home", "enter")  # 全部单位（汇总）
        await press(pilot, "7")
        heading = str(app.query_one("#final-heading", Label).render())
        assert "按 u 选择单位或主管部门" in heading
        assert not app.query_one("#final-tabs", TabbedContent).display
