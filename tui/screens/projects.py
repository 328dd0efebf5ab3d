"""项目: every project with a bar of its 执行率 against the 序时进度 marker, its 结余 and
得分; lagging projects in red. Enter opens a project's lines and payments."""

from __future__ import annotations

from decimal import Decimal
from typing import Any, ClassVar

from rich.text import Text
from sqlalchemy.orm import Session
from textual.app import ComposeResult
from textual.binding import Binding, BindingType
from textual.widgets import DataTable, Label

from projections.queries.project_detail import ProjectKey
from projections.queries.projects import projects_report
from projections.report import Column, Report, figures, score
from tui.format import progress_bar
from tui.screens.pane import Pane
from tui.screens.project_detail import ProjectScreen
from tui.state import View
from tui.widgets.report_table import ReportTable

SHOWN = [
    "project_code",
    "project",
    "bar",
    "rate",
    "budget",
    "spent",
    "balance",
    "score",
    "pace_gap",
    "lagging",
]


# Left out first when the tab is narrow (进度差 shows on the bar, 得分 follows 执行率).
OPTIONAL = ["score", "balance", "bar", "budget"]
# 滞后 in words and in red, unlike the ✓ of a flag that holds (结转结余).
LAGGING = Text("▼ 滞后", style="bold red", no_wrap=True)


def total_of(rows: list[dict[str, Any]], pace: Decimal) -> dict[str, Any]:
    """The total row of ``rows`` alone, figured as the report figures its own."""
    sums = {k: sum(r[k] for r in rows) for k in ("initial", "carried_in", "adjustments", "spent")}
    found = figures(**sums, pace=pace)
    return {**found, "balance": found["available"], "score": score(found["spent"], found["budget"])}


class ProjectsPane(Pane):
    TITLE = "项目"
    PANE_ID = "projects"
    BINDINGS: ClassVar[list[BindingType]] = [
        Binding("l", "toggle_lagging", "只看滞后"),
        Binding("s", "toggle_sort", "按进度差排序"),
    ]

    def __init__(self) -> None:
        super().__init__()
        self.only_lagging = False
        self.by_gap = False
        self.report: Report | None = None

    def build(self) -> ComposeResult:
        yield Label(id="projects-heading", classes="pane-heading")
        yield ReportTable(id="projects-table")

    def load(self, session: Session, view: View) -> Report:
        return projects_report(session, view.scope)

    def show(self, payload: Report) -> None:
        self.report = payload
        self.redraw()

    def redraw(self) -> None:
        report = self.report
        if report is None:
            return
        pace = report.meta["pace"]
        rows = [r for r in report.rows if r["lagging"] or not self.only_lagging]
        if self.by_gap:
            rows.sort(key=lambda r: (r["pace_gap"] is None, r["pace_gap"] or 0))
        total, total_label = report.total, "合计"
        if self.only_lagging:  # the total of the projects shown, and it says so
            total, total_label = total_of(rows, pace), f"合计（滞后 {len(rows)} 个）"
        rows = [
            {
                **r,
                "bar": progress_bar(r["rate"], pace, r["lagging"]),
                "lagging": LAGGING if r["lagging"] else None,
            }
            for r in rows
        ]
        columns = [*report.columns, Column("bar", "执行进度（┃ 序时进度）")]
        shown = Report(report.name, report.title, columns, rows, total, report.meta)
        lagging = sum(1 for r in report.rows if r["lagging"])
        shown_how = "，只看滞后" if self.only_lagging else ""
        shown_how += "，按进度差排序" if self.by_gap else ""
        self.query_one("#projects-heading", Label).update(
            f"{len(report.rows)} 个项目，{lagging} 个滞后（{report.notes[0]}）{shown_how}"
            "    Enter 查看项目 · l 只看滞后 · s 排序"
        )
        styles = {self._key(r): "red" for r in rows if r["lagging"]}
        self.query_one(ReportTable).show(
            shown,
            SHOWN,
            rows=[{**r, "key": self._key(r)} for r in rows],
            row_key="key",
            styles=styles,
            empty="（没有项目支出）" if not self.only_lagging else "（没有滞后的项目）",
            optional=OPTIONAL,
            total_label=total_label,
        )

    @staticmethod
    def _key(row: dict[str, object]) -> str:
        return f"{row['project_code'] or ''}|{row['unit']}|{row['project'] or ''}"

    def action_toggle_lagging(self) -> None:
        self.only_lagging = not self.only_lagging
        self.redraw()

    def action_toggle_sort(self) -> None:
        self.by_gap = not self.by_gap
        self.redraw()

    def action_open_project(self) -> None:
        row = self.query_one(ReportTable).selected()
        if row is not None:
            self.app.push_screen(ProjectScreen(ProjectKey.of(row)))

    def on_data_table_row_selected(self, event: DataTable.RowSelected) -> None:
        event.stop()
        self.action_open_project()

    def commands(self) -> list[tuple[str, str, str]]:
        return [("查看所选项目", "所选项目的指标与支付明细", "open_project")]
