"""A project opened from the projects tab: its lines with their figures, and its latest
payments and reversals."""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any, ClassVar

from sqlalchemy.orm import Session
from textual.app import ComposeResult
from textual.binding import Binding, BindingType
from textual.containers import Vertical
from textual.screen import ModalScreen
from textual.widgets import Footer, Label

from projections.queries.project_detail import ProjectKey, project_lines, project_payments
from projections.queries.replay import ReplayTarget
from projections.report import Report
from tui.messages import ReplayRequested
from tui.screens.history import TRAIL_COLUMNS
from tui.screens.loading import LoadsData
from tui.state import View
from tui.widgets.report_table import ReportTable

LINE_FIGURES = ["unit", "line", "function", "budget", "spent", "available", "rate", "pace_gap"]
PAYMENT_COLUMNS = [
    "effective_date",
    "kind",
    "line",
    "doc",
    "amount",
    "economic",
    "counterpart",
    "payee",
    "memo",
]


@dataclass
class ProjectDetail:
    lines: Report
    payments: list[dict[str, Any]]


class ProjectScreen(LoadsData, ModalScreen[None]):
    BINDINGS: ClassVar[list[BindingType]] = [
        Binding("escape,q", "dismiss", "返回"),
        Binding("r", "replay", "回放所选指标"),
    ]

    def __init__(self, key: ProjectKey) -> None:
        super().__init__(classes="dialog-screen")
        self.key = key

    def compose(self) -> ComposeResult:
        with Vertical(classes="dialog wide"):
            title = f"项目 {self.key.project_code or ''} {self.key.project or ''}".strip()
            yield Label(title, classes="dialog-title")
            yield Label("指标", classes="box-title")
            yield ReportTable(id="project-lines")
            yield Label("最近的支付与冲销（元）", classes="box-title")
            yield ReportTable(id="project-payments")
        yield Footer()

    def on_mount(self) -> None:
        self.reload()

    def load(self, session: Session, view: View) -> ProjectDetail:
        return ProjectDetail(
            project_lines(session, view.scope, self.key),
            project_payments(session, view.scope, self.key),
        )

    def show(self, payload: ProjectDetail) -> None:
        self.query_one("#project-lines", ReportTable).show(payload.lines, LINE_FIGURES)
        payments = Report("payments", "支付", TRAIL_COLUMNS, [])
        rows = [{**r, "kind": r["kind_name"]} for r in payload.payments]
        self.query_one("#project-payments", ReportTable).show(
            payments, PAYMENT_COLUMNS, rows=rows, empty="（尚无支付）"
        )
        self.query_one("#project-lines", ReportTable).focus()

    def action_replay(self) -> None:
        row = self.query_one("#project-lines", ReportTable).selected()
        if row is not None:
            year = self.ledger.view.scope.year
            self.app.post_message(ReplayRequested(ReplayTarget(row["unit"], year, row["line"])))
