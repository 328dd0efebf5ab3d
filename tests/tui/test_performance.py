"""The 绩效 tab on the Changzhi example with its performance facts: 双监控 per project, the
lagging ones first; a progress observation recorded from the form changes what it shows;
time travel moves it like every tab."""

from __future__ import annotations

from datetime import date

from textual.widgets import Label, Static

from tests.tui.conftest import SIZE, app_on, fill, press, settle
from tests.tui.test_screens import cells, column
from tui.screens.performance_detail import PerformanceScreen
from tui.widgets.report_table import ReportTable

CLEANING = "105001-2024-01"  # 办公场所保洁经费: target ≤750平方米 from 2024-06-30 on


def _row(app: object, code: str) -> list[str]:
    table = app.query_one("#performance-table", ReportTable)  # type: ignore[attr-defined]
    return next(r for r in cells(table) if r[0] == code)


async def test_the_lagging_projects_come_first_with_both_bars(performance_db: str) -> None:
    app = app_on(performance_db)
    async with app.run_test(size=(200, 40)) as pilot:
        await settle(pilot)
        await press(pilot, "8")
        table = app.query_one("#performance-table", ReportTable)
        flags = column(table, "项目滞后")
        assert flags[0] == "▼ 滞后"
        assert flags == sorted(flags, key=lambda f: f != "▼ 滞后")  # lagging ones first
        heading = str(app.query_one("#performance-heading", Label).render())
        assert heading.startswith("13 个项目，7 个滞后（序时进度 100.00%）")
        row = _row(app, CLEANING)
        assert "┃" in row[3] and "┃" in row[6]  # both bars, each with the pace marker
        assert row[4] == "68.60"  # 执行率 from the ledger, as `report projects` gives it


async def test_a_progress_observation_from_the_form_shows_on_the_tab(performance_db: str) -> None:
    app = app_on(performance_db)
    async with app.run_test(size=(200, 40)) as pilot:
        await settle(pilot)
        await press(pilot, "8")
        labels = [c.label.plain for c in app.query_one(ReportTable).ordered_columns]
        met, completion = labels.index("达成"), labels.index("指标完成率%")
        before = _row(app, CLEANING)
        assert (before[met], before[completion]) == ("0", "")
        await press(pilot, "6")
        app.query_one("#record-kinds").active = "kind-progress"  # type: ignore[attr-defined]
        await settle(pilot)
        assert not app.query_one("#row-amount").display  # no money on a performance form
        assert not app.query_one("#row-line").display
        await fill(
            pilot,
            date="2024-09-30",
            project_code=CLEANING,
            level1="产出指标",
            level2="数量指标",
            indicator="办公室保洁面积",
            actual="≤700平方米",
            doc="JK-2024-09",
        )
        await press(pilot, "ctrl+s")
        status = str(app.query_one("#record-status", Static).render())
        assert status.startswith("已记录：绩效监控 105001 105001-2024-01 办公室保洁面积")
        await press(pilot, "8")
        after = _row(app, CLEANING)
        assert (after[met], after[completion]) == ("1", "100.00")

        # Opened: the indicator met, its observation in the history.
        await press(pilot, "enter")
        dialog = app.screen
        assert isinstance(dialog, PerformanceScreen)
        indicators = dialog.query_one("#performance-indicators", ReportTable)
        found = next(r for r in cells(indicators) if r[1] == "办公室保洁面积")
        assert found[2:] == ["≤750平方米", "≤700平方米", "2024-09-30", "100.00", "达成"]
        history = cells(dialog.query_one("#performance-history", ReportTable))
        assert ["2024-09-30", "绩效监控", "办公室保洁面积", "≤700平方米"] in [
            r[:4] for r in history
        ]

        # As of the end of August the observation had not happened yet.
        app.set_view(app.view.with_scope(as_of=date(2024, 8, 31)))
        await settle(pilot)
        found = next(r for r in cells(indicators) if r[1] == "办公室保洁面积")
        assert found[3:] == ["", "", "", "未监控"]


async def test_a_refused_performance_row_names_its_field(performance_db: str) -> None:
    app = app_on(performance_db)
    async with app.run_test(size=SIZE) as pilot:
        await settle(pilot)
        await press(pilot, "6")
        app.query_one("#record-kinds").active = "kind-target_revision"  # type: ignore[attr-defined]
        await settle(pilot)
        await fill(
            pilot,
            project_code=CLEANING,
            level1="产出指标",
            level2="数量指标",
            indicator="没有设定过的指标",
            target="≥1个",
            doc="TZ-1",
        )
        await press(pilot, "ctrl+s")
        assert str(app.query_one("#record-status", Static).render()).startswith("未记录：")
