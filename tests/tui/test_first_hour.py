"""What a finance officer's first hour in the UI found (issue 11): the view's dates at
any width, a way out of every field by keyboard, totals that follow the filter, what was
entered shown in full, export that asks before overwriting, and Chinese throughout."""

from __future__ import annotations

import errno
from pathlib import Path

from rich.cells import cell_len
from textual.command import CommandList
from textual.widgets import Input, Label

from tests.conftest import open_service
from tests.journal_files import payment, write
from tests.tui.conftest import SIZE, app_on, fill, press, settle
from tests.tui.test_screens import JOURNAL, bar_text, cells, column
from tui.errors import say
from tui.screens.final_accounts import ExportScreen
from tui.screens.help import HelpScreen
from tui.screens.project_detail import ProjectScreen
from tui.widgets.fit import fit_columns
from tui.widgets.report_table import ReportTable
from tui.widgets.tree_table import TreeTable


def table_text(table: ReportTable | TreeTable) -> list[str]:
    """What the table draws, line by line (header first), as a terminal shows it."""
    return [table.render_line(y).text for y in range(table.size.height)]


async def test_the_dates_of_the_view_show_at_100_columns_and_move_with_the_keys(
    example_db: str,
) -> None:
    app = app_on(example_db)
    async with app.run_test(size=(100, 30)) as pilot:
        await settle(pilot)
        bar = bar_text(app).splitlines()
        assert len(bar) == 2 and all(cell_len(line) <= 98 for line in bar)
        assert "截至 2024-12-31" in bar[1] and "记录截至 现在" in bar[1]
        await press(pilot, "left_square_bracket")
        assert "截至 2024-11-30" in bar_text(app).splitlines()[1]
    async with app_on(example_db).run_test(size=(80, 24)) as pilot:
        await settle(pilot)
        bar = bar_text(pilot.app).splitlines()
        assert "截至 2024-12-31" in bar[1] and "记录截至 现在" in bar[1]
        assert "2024 年度" in bar[0]


async def test_key_columns_stay_whole_at_80_columns(example_db: str) -> None:
    app = app_on(example_db)
    async with app.run_test(size=(80, 24)) as pilot:
        await settle(pilot)
        header = table_text(app.query_one("#by-fund", ReportTable))[0]
        assert "执行率%" in header and "进度差" in header
        await press(pilot, "2")
        tree = app.query_one(TreeTable)
        header = table_text(tree)[0]
        assert "执行率%" in header and "进度差" in header and "执行数" in header
        assert cell_len(header.rstrip()) <= tree.size.width
        await press(pilot, "5")
        trail = app.query_one("#history-table", ReportTable)
        header = table_text(trail)[0]
        assert "金额（元）" in header and "文号" in header
        assert cell_len(header.rstrip()) <= trail.size.width


def test_names_shrink_first_then_optional_columns_go_figures_last() -> None:
    natural = {"code": 6, "name": 30, "budget": 8, "spent": 8, "initial": 8}
    least = {"name": 8}
    # Room for all but 10 cells: only the name gives.
    kept, widths = fit_columns(natural, 70 - 10, least, ["initial"])
    assert kept == list(natural) and widths["name"] == 20 and widths["budget"] == 8
    # Less room: the name down to its least is not enough, the optional column goes
    # (and the name grows back into the room it leaves).
    kept, widths = fit_columns(natural, 40, least, ["initial"])
    assert kept == ["code", "name", "budget", "spent"] and widths["name"] == 10
    assert {widths[k] for k in ("code", "budget", "spent")} == {6, 8}
    # Plenty of room: every column at its natural width.
    assert fit_columns(natural, 200, least, ["initial"]) == (list(natural), natural)


async def test_names_are_whole_when_there_is_room(example_db: str) -> None:
    app = app_on(example_db)
    async with app.run_test(size=(220, 60)) as pilot:
        await settle(pilot)
        await press(pilot, "3")
        shown = "\n".join(table_text(app.query_one("#projects-table", ReportTable)))
        assert "全市网络安全态势感知系统年度服务费" in shown and "…" not in shown


async def test_an_empty_table_says_so_in_full(example_db: str) -> None:
    app = app_on(example_db)
    async with app.run_test(size=SIZE) as pilot:
        await settle(pilot)
        await press(pilot, "3")
        table = app.query_one("#projects-table", ReportTable)
        at = column(table, "项目编码").index("105001-2024-03")  # nothing paid yet
        table.move_cursor(row=at)
        await press(pilot, "enter")
        assert isinstance(app.screen, ProjectScreen)
        payments = app.screen.query_one("#project-payments", ReportTable)
        assert "（尚无支付）" in table_text(payments)[1]


async def test_esc_leaves_a_field_and_the_tab_keys_work_again(open_year_db: str) -> None:
    app = app_on(open_year_db)
    async with app.run_test(size=SIZE) as pilot:
        await settle(pilot)
        await press(pilot, "6")
        await fill(pilot, line="L01", economic="30101", amount="999999.00", doc="ZF-ESC-1")
        await press(pilot, "ctrl+s")  # refused: the amount field has the focus
        assert isinstance(app.focused, Input)
        await press(pilot, "escape", "2")
        assert app.active_pane().PANE_ID == "execution"  # type: ignore[union-attr]
        assert app.query_one("#field-amount", Input).value == "999999.00"
        assert app.query_one("#field-date", Input).value == "2024-12-31"
        # The trail's filters too.
        await press(pilot, "5", "slash")
        assert isinstance(app.focused, Input)
        await press(pilot, "escape", "1")
        assert app.active_pane().PANE_ID == "overview"  # type: ignore[union-attr]
        assert app.query_one("#filter-unit", Input).value == ""


async def test_the_trail_shows_the_payee_and_what_a_close_recovered(
    open_year_db: str, tmp_path: Path
) -> None:
    paid = payment(
        "L01", "1234.56", "ZF-PAYEE-1", "2024-12-20", payee="长治市某某公司", unit="105001"
    )
    open_service(open_year_db, actor="李会计").import_file(
        write(tmp_path / "p.csv", [{**paid, "economic": "30101"}])
    )
    app = app_on(open_year_db)
    async with app.run_test(size=(160, 48)) as pilot:
        await settle(pilot)
        await press(pilot, "5")
        trail = app.query_one("#history-table", ReportTable)
        assert column(trail, "收款人")[-1] == "长治市某某公司"
        detail = str(app.query_one("#history-detail").render())
        assert "收款人 长治市某某公司" in detail and "1234.56 元" in detail
    # The closed example: each line's 年终结转 says what it took back.
    close = [r for r in JOURNAL if r["kind"] == "close"]
    assert close


async def test_a_close_shows_the_amount_recovered(example_db: str) -> None:
    app = app_on(example_db)
    async with app.run_test(size=(160, 48)) as pilot:
        await settle(pilot)
        await press(pilot, "5")
        trail = app.query_one("#history-table", ReportTable)
        kinds, recovered = column(trail, "类型"), column(trail, "收回（元）")
        closes = [r for k, r in zip(kinds, recovered, strict=True) if k == "年终结转"]
        assert "15500.00" in closes  # L02's unspent money, taken back at the close
        at = kinds.index("年终结转") + recovered[kinds.index("年终结转") :].index("15500.00")
        trail.move_cursor(row=at)
        await pilot.pause()
        assert "收回 15500.00 元" in str(app.query_one("#history-detail").render())


async def test_a_lines_facts_are_in_yuan_and_in_date_order(
    open_year_db: str, tmp_path: Path
) -> None:
    # Recorded last, dated in January: it belongs between the January facts.
    late = payment("L01", "1234.56", "ZF-LATE-1", "2024-01-15", unit="105001", economic="30101")
    open_service(open_year_db).import_file(write(tmp_path / "late.csv", [late]))
    app = app_on(open_year_db)
    async with app.run_test(size=(160, 48)) as pilot:
        await settle(pilot)
        await press(pilot, "2", "down", "enter", "down", "enter", "down", "down", "enter")
        tree = app.query_one(TreeTable)
        rows = cells(tree)
        labels = [r[0].strip() for r in rows]
        facts = labels.index("▾ L01 人员经费") + 1
        dates = [label[:5] for label in labels[facts:] if label[:2].isdigit()]
        assert dates == sorted(dates)
        late_row = rows[facts + [lb[:5] for lb in labels[facts:]].index("01-15")]
        assert "ZF-LATE-1" in late_row[0]
        assert "1234.56 元" in late_row  # in 元, as entered (not 0.12 万元)
        approved = rows[facts]
        assert approved[0].strip().startswith("01-05 年初批复")
        assert "1600000.00 元" in approved


async def test_export_shows_the_full_path_and_asks_before_overwriting(
    example_db: str, tmp_path: Path
) -> None:
    target = tmp_path / "决算.xlsx"
    target.write_bytes(b"not a workbook yet")
    app = app_on(example_db)
    async with app.run_test(size=SIZE) as pilot:
        await settle(pilot)
        await press(pilot, "7", "x")
        assert isinstance(app.screen, ExportScreen)
        where = str(app.screen.query_one("#export-where", Label).render())
        assert where.startswith("将写入：/") and where.endswith(".xlsx")
        app.screen.query_one("#export-path", Input).value = str(tmp_path / "无此文件夹" / "a.xlsx")
        await press(pilot, "enter")
        error = str(app.screen.query_one("#export-error", Label).render())
        assert error.startswith("文件夹不存在：")
        app.screen.query_one("#export-path", Input).value = str(target)
        await press(pilot, "enter")
        assert isinstance(app.screen, ExportScreen)  # asked, not written
        error = str(app.screen.query_one("#export-error", Label).render())
        assert f"文件已存在：{target}" in error
        assert target.read_bytes() == b"not a workbook yet"
        await press(pilot, "enter")  # yes, overwrite
        await settle(pilot)
        assert not isinstance(app.screen, ExportScreen)
        assert target.read_bytes()[:2] == b"PK"  # a workbook now


def test_errors_are_said_in_chinese() -> None:
    missing = FileNotFoundError(errno.ENOENT, "No such file or directory", "/无/a.xlsx")
    assert say(missing) == "文件或文件夹不存在：/无/a.xlsx"
    assert "Errno" not in say(PermissionError(errno.EACCES, "Permission denied", "/x"))
    refused = ValueError("第 2 行，列 amount（金额）：金额必须为正；列 line（指标编号）缺失")
    assert say(refused) == "第 2 行，金额：金额必须为正；指标编号缺失"


async def test_the_palette_speaks_chinese_and_has_one_export(example_db: str) -> None:
    app = app_on(example_db)
    async with app.run_test(size=SIZE) as pilot:
        await settle(pilot)
        await press(pilot, "7", "ctrl+p")
        await pilot.press(*"导出")
        await pilot.pause(0.8)
        found = app.screen.query_one(CommandList)
        prompts = [str(found.get_option_at_index(i).prompt) for i in range(found.option_count)]
        assert sum("导出" in p for p in prompts) == 1, prompts
        await press(pilot, "escape")
        await press(pilot, "ctrl+p")
        await pilot.press(*"zzzz")
        await pilot.pause(0.8)
        found = app.screen.query_one(CommandList)
        prompts = [str(found.get_option_at_index(i).prompt) for i in range(found.option_count)]
        assert prompts and "没有匹配的操作" in prompts[0] and "No matches" not in prompts[0]


async def test_help_tells_of_the_form_strip_and_esc(example_db: str) -> None:
    app = app_on(example_db)
    async with app.run_test(size=SIZE) as pilot:
        await settle(pilot)
        await press(pilot, "question_mark")
        assert isinstance(app.screen, HelpScreen)
        sections = dict(app.screen.sections)
        strip = {(b.key, b.description) for b in sections["记录：类型条"]}
        assert strip == {("left", "上一种表单"), ("right", "下一种表单")}
        assert [b.key for b in sections["输入框"]] == ["escape"]
