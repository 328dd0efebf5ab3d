"""绩效: 双监控 of every project, two bars each (执行率 and its targets' 完成率, both against
the 序时进度 marker), the lagging ones first. Enter opens a project's indicators with the
history of their targets and progress. The forms to record them are on the 记录 tab."""

from __future__ import annotations

from typing import Any, ClassVar

from rich.text import Text
from sqlalchemy.orm import Session
from textual.app import ComposeResult
from textual.binding import Binding, BindingType
from textual.widgets import DataTable, Label

from projections.queries.performance import performance_report
from projections.queries.performance_history import PerformanceKey
from projections.report import Column, Report
from tui.format import progress_bar
from tui.screens.pane import Pane
from tui.screens.performance_detail import PerformanceScreen
from tui.state import View
from tui.widgets.report_table import ReportTable

BAR_WIDTH = 12
SHOWN = [
    "project_code",
    "project",
    "unit",
    "bar",
    "rate",
    "pace_gap",
    "target_bar",
    "completion",
    "completion_gap",
    "indicators",
    "met",
    "lagging_indicators",
    "overdue",
    "lagging",
]
# Left out first when the tab is narrow: the counts, the unit, then the bars (the figures
# they draw stay).
OPTIONAL = [
    "unit",
    "met",
    "overdue",
    "lagging_indicators",
    "indicators",
    "completion_gap",
    "target_bar",
    "bar",
]
LAGGING = Text("▼ 滞后", style="bold red", no_wrap=True)


class PerformancePane(Pane):
    TITLE = "绩效"
    PANE_ID = "performance"
    BINDINGS: ClassVar[list[BindingType]] = [
        Binding("l", "toggle_lagging", "只看滞后"),
    ]

    def __init__(self) -> None:
        super().__init__()
        self.only_lagging = False
        self.report: Report | None = None

    def build(self) -> ComposeResult:
        yield Label(id="performance-heading", classes="pane-heading")
        yield ReportTable(id="performance-table")

    def load(self, session: Session, view: View) -> Report:
        return performance_report(session, view.scope)

    def show(self, payload: Report) -> None:
        self.report = payload
        self.redraw()

    def redraw(self) -> None:
        report = self.report
        if report is None:
            return
        pace = report.meta["pace"]
        rows = [
            {
                **r,
                "key": _key(r),
                "bar": progress_bar(r["rate"], pace, r["lagging"], BAR_WIDTH),
                "target_bar": progress_bar(r["completion"], pace, _targets_lag(r), BAR_WIDTH)
                if r["indicators"]
                else Text("（无绩效目标）", style="dim", no_wrap=True),
                "lagging": LAGGING if r["lagging"] else None,
            }
            for r in report.rows
            if r["lagging"] or not self.only_lagging
        ]
        columns = [
            *report.columns,
            Column("bar", "执行进度（┃ 序时）"),
            Column("target_bar", "目标完成（┃ 序时）"),
        ]
        shown = Report(report.name, report.title, columns, rows, None, report.meta)
        lagging = sum(1 for r in report.rows if r["lagging"])
        how = "，只看滞后" if self.only_lagging else ""
        self.query_one("#performance-heading", Label).update(
            f"{len(report.rows)} 个项目，{lagging} 个滞后（序时进度 {pace:.2f}%）{how}"
            "    Enter 查看指标 · l 只看滞后"
        )
        self.query_one(ReportTable).show(
            shown,
            SHOWN,
            rows=rows,
            row_key="key",
            styles={r["key"]: "red" for r in rows if r["lagging"]},
            empty="（没有滞后的项目）" if self.only_lagging else "（没有项目支出）",
            optional=OPTIONAL,
        )

    def action_toggle_lagging(self) -> None:
        self.only_lagging = not self.only_lagging
        self.redraw()

    def action_open_project(self) -> None:
        row = self.query_one(ReportTable).selected()
        if row is not None:
            self.app.push_screen(PerformanceScreen(PerformanceKey.of(row)))

    def on_data_table_row_selected(self, event: DataTable.RowSelected) -> None:
        event.stop()
        self.action_open_project()

    def commands(self) -> list[tuple[str, str, str]]:
        return [("查看所选项目的绩效指标", "指标、目标调整与监控记录", "open_project")]


def _key(row: dict[str, Any]) -> str:
    return f"{row['project_code'] or ''}|{row['unit']}|{row['project'] or ''}"


def _targets_lag(row: dict[str, Any]) -> bool:
    return bool(row["lagging_indicators"] or row["overdue"])
