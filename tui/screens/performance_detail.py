"""A project opened from the 绩效 tab: its 年度目标, its indicators as of the view's date
(target in force, latest progress, 完成率, status), and the history of its targets,
revisions, progress and evaluations by date."""

from __future__ import annotations

from typing import ClassVar

from sqlalchemy.orm import Session
from textual.app import ComposeResult
from textual.binding import Binding, BindingType
from textual.containers import Vertical
from textual.screen import ModalScreen
from textual.widgets import Footer, Label

from projections.queries.performance_history import (
    PerformanceKey,
    ProjectPerformance,
    project_performance,
)
from tui.screens.loading import LoadsData
from tui.state import View
from tui.widgets.report_table import ReportTable

INDICATOR_SHOWN = [
    "level2",
    "indicator",
    "target",
    "progress",
    "progress_on",
    "completion",
    "status",
]
HISTORY_SHOWN = ["effective_date", "kind", "indicator", "value", "score", "reason", "doc"]
STATUS_STYLES = {"滞后": "red", "逾期": "bold red", "达成": "green"}


class PerformanceScreen(LoadsData, ModalScreen[None]):
    BINDINGS: ClassVar[list[BindingType]] = [Binding("escape,q", "dismiss", "返回")]

    def __init__(self, key: PerformanceKey) -> None:
        super().__init__(classes="dialog-screen")
        self.key = key

    def compose(self) -> ComposeResult:
        with Vertical(classes="dialog wide"):
            title = f"绩效 {self.key.project_code or ''} {self.key.project or ''}".strip()
            yield Label(f"{title}（单位 {self.key.unit}）", classes="dialog-title")
            yield Label(id="performance-goal", classes="note")
            yield Label("指标（截至日期的目标与最近一次监控）", classes="box-title")
            yield ReportTable(id="performance-indicators")
            yield Label("目标、调整与监控记录（按业务日期）", classes="box-title")
            yield ReportTable(id="performance-history")
        yield Footer()

    def on_mount(self) -> None:
        self.reload()

    def load(self, session: Session, view: View) -> ProjectPerformance:
        return project_performance(session, view.scope, self.key)

    def show(self, payload: ProjectPerformance) -> None:
        goal = payload.goal or "（未设定）"
        self.query_one("#performance-goal", Label).update(f"年度目标：{goal}")
        rows = [{**r, "key": str(i)} for i, r in enumerate(payload.indicators.rows)]
        self.query_one("#performance-indicators", ReportTable).show(
            payload.indicators,
            INDICATOR_SHOWN,
            rows=rows,
            row_key="key",
            styles={r["key"]: STATUS_STYLES.get(r["status"], "") for r in rows},
            empty="（截至日期尚无绩效目标）",
            names=["indicator", "target", "progress"],
        )
        self.query_one("#performance-history", ReportTable).show(
            payload.history,
            HISTORY_SHOWN,
            empty="（尚无记录）",
            optional=["doc", "reason", "score"],
            names=["indicator", "value", "reason"],
        )
        self.query_one("#performance-indicators", ReportTable).focus()
