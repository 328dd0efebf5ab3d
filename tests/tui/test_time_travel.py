"""The as-of date and the known-at moment apply to every tab at once, and show."""

from __future__ import annotations

import time
from datetime import UTC, datetime

from tests.conftest import open_service
from tests.tui.conftest import SIZE, app_on, press, settle
from tests.tui.test_screens import bar_text, cells, column
from tui.screens.time_travel import TimeTravelScreen
from tui.widgets.report_table import ReportTable


async def test_a_payment_dated_after_the_as_of_date_disappears(example_db: str) -> None:
    app = app_on(example_db)
    async with app.run_test(size=SIZE) as pilot:
        await settle(pilot)
        by_fund = app.query_one("#by-fund", ReportTable)
        assert column(by_fund, "执行数")[0] == "502.98"
        await press(pilot, "5", "slash", "tab", "tab")
        await pilot.press(*"ZF2024-0166")  # a payment of 2024-12-25
        await press(pilot, "enter")
        history = app.query_one("#history-table", ReportTable)
        assert column(history, "文号") == ["ZF2024-0166"]
        await press(pilot, "left_square_bracket")  # as of the end of November
        assert "截至 2024-11-30" in bar_text(app)
        assert [row[0] for row in cells(history)] == ["（没有符合条件的记录）"]
        await press(pilot, "1")  # the overview follows the same date
        assert column(by_fund, "执行数")[0] != "502.98"
        assert app.query_one("#by-fund", ReportTable).rows_by_key["0"]["spent"] < 5029800_00
        await press(pilot, "right_square_bracket", "5")
        assert "截至 2024-12-31" in bar_text(app)
        assert column(history, "文号") == ["ZF2024-0166"]


async def test_known_at_replays_what_the_books_said_before_a_correction(
    open_year_db: str,
) -> None:
    time.sleep(0.01)
    moment = datetime.now(UTC)
    time.sleep(0.01)
    late = {
        "kind": "payment",
        "date": "2024-03-01",
        "year": "2024",
        "unit": "105001",
        "line": "L01",
        "economic": "30101",
        "amount": "1000.00",
        "doc": "ZF-BACKDATED",
    }
    open_service(open_year_db).record(late)  # back-dated, recorded after the moment
    app = app_on(open_year_db)
    async with app.run_test(size=SIZE) as pilot:
        await settle(pilot)
        await press(pilot, "5", "slash", "tab", "tab")
        await pilot.press(*"ZF-BACKDATED")
        await press(pilot, "enter")
        history = app.query_one("#history-table", ReportTable)
        assert column(history, "文号") == ["ZF-BACKDATED"]
        await press(pilot, "t")
        assert isinstance(app.screen, TimeTravelScreen)
        await press(pilot, "tab")  # from 截至日期 to 记录截至
        await pilot.press(*moment.isoformat())
        await press(pilot, "enter")
        assert "审计回放" in bar_text(app)
        assert app.view.scope.known_at == moment
        assert cells(history)[0][0] == "（没有符合条件的记录）"
        await press(pilot, "T")  # back to now
        assert "记录截至 现在" in bar_text(app)
        assert column(history, "文号") == ["ZF-BACKDATED"]


async def test_the_time_travel_dialog_refuses_a_date_outside_the_year(example_db: str) -> None:
    app = app_on(example_db)
    async with app.run_test(size=SIZE) as pilot:
        await settle(pilot)
        await press(pilot, "t")  # the date is selected: typing replaces it
        await pilot.press(*"2023-06-30")
        await press(pilot, "enter")
        assert isinstance(app.screen, TimeTravelScreen)
        assert "截至日期应在 2024 年度内" in str(app.screen.query_one("#time-error").render())
        await press(pilot, "escape")
        assert "截至 2024-12-31" in bar_text(app)
