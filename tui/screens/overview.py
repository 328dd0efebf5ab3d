"""总览: the units and years in the store; for the scope in view, budget against
spending per fund and per function class, monthly spending, and the projects most
behind the time-elapsed pace.

The figures come from one fold of the scope's line totals; the monthly chart and the
figures of every unit and year load beside it, each shown as soon as it is ready."""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from sqlalchemy.orm import Session
from textual.app import ComposeResult
from textual.containers import Horizontal, Vertical
from textual.widgets import DataTable, Label

from projections.queries.overview import (
    Overview,
    monthly_spending,
    overview,
    unit_year_list,
    unit_years,
)
from projections.queries.project_detail import ProjectKey
from projections.report import Report
from tui.messages import ScopeRequested
from tui.screens.pane import Pane
from tui.screens.project_detail import ProjectScreen
from tui.state import View
from tui.widgets.month_chart import MonthChart
from tui.widgets.report_table import ReportTable

FIGURES = ["budget", "spent", "rate", "pace_gap"]
UNIT_COLUMNS = ["year", "unit", "unit_name", "department", "lines", "budget", "spent", "rate"]


class OverviewPane(Pane):
    TITLE = "总览"
    PANE_ID = "overview"
    EAGER = True

    def __init__(self) -> None:
        super().__init__()
        self.unit_figures_for: View | None = None  # the view whose unit figures are shown

    def build(self) -> ComposeResult:
        with Vertical(classes="box", id="units-box"):
            yield Label("单位与年度（Enter 查看所选单位）", classes="box-title")
            yield ReportTable(id="units")
        with Horizontal(classes="row"):
            with Vertical(classes="box"):
                yield Label("按资金性质", classes="box-title")
                yield ReportTable(id="by-fund", cursor=False)
                yield Label("按功能分类（类）", classes="box-title")
                yield ReportTable(id="by-class", cursor=False)
            with Vertical(classes="box", id="monthly-box"):
                yield Label("每月执行数（万元）", classes="box-title")
                yield MonthChart(id="monthly")
        with Vertical(classes="box"):
            yield Label(
                "进度最滞后的项目（执行率 − 序时进度；Enter 查看项目）", classes="box-title"
            )
            yield ReportTable(id="behind")

    # --- loading -------------------------------------------------------------------

    def load(self, session: Session, view: View) -> tuple[Overview, Report]:
        return overview(session, view.scope, behind=5), unit_year_list(session)

    def parts(self, view: View) -> dict[str, Callable[[Session], Any]]:
        scope = view.scope
        return {
            "monthly": lambda session: monthly_spending(session, scope),
            "unit_figures": lambda session: unit_years(session, scope.as_of, scope.known_at),
        }

    # --- showing -------------------------------------------------------------------

    def show(self, payload: tuple[Overview, Report]) -> None:
        figures, units = payload
        if self.unit_figures_for != self.wanted:
            self.show_units(units)
        self.show_figures(figures)

    def show_figures(self, payload: Overview) -> None:
        self.query_one("#by-fund", ReportTable).show(payload.by_fund, ["fund", *FIGURES])
        self.query_one("#by-class", ReportTable).show(
            payload.by_class, ["function", "function_name", *FIGURES]
        )
        behind = payload.behind
        lagging = {str(i): "red" for i, r in enumerate(behind.rows) if r.get("lagging")}
        self.query_one("#behind", ReportTable).show(
            behind,
            ["project_code", "project", "budget", "spent", "rate", "pace_gap", "score"],
            styles=lagging,
            empty="（没有项目支出）",
        )

    def main_widget(self) -> ReportTable:
        return self.query_one("#units", ReportTable)

    def show_part(self, name: str, payload: Any) -> None:
        if name == "monthly":
            self.query_one("#monthly", MonthChart).show(payload, self.ledger.view.scope.as_of_date)
        elif name == "unit_figures":
            self.unit_figures_for = self.wanted
            self.show_units(payload)

    def show_units(self, report: Report) -> None:
        """The unit and year list: at once from the small tables, then with figures."""
        scope = self.ledger.view.scope
        current = {
            f"{r['year']}|{r['unit']}": "bold"
            for r in report.rows
            if r["year"] == scope.year and r["unit"] == scope.unit
        }
        rows = [{**r, "key": f"{r['year']}|{r['unit']}"} for r in report.rows]
        table = self.query_one("#units", ReportTable)
        table.show(report, UNIT_COLUMNS, rows=rows, row_key="key", styles=current)

    # --- actions -------------------------------------------------------------------

    def commands(self) -> list[tuple[str, str, str]]:
        return [("查看所选单位", "在单位与年度表中选中的单位和年度", "choose_unit")]

    def action_choose_unit(self) -> None:
        row: dict[str, Any] | None = self.query_one("#units", ReportTable).selected()
        if row is not None:
            self.post_message(ScopeRequested(row["year"], unit=row["unit"]))

    def on_data_table_row_selected(self, event: DataTable.RowSelected) -> None:
        event.stop()
        if event.data_table.id == "units":
            self.action_choose_unit()
        elif event.data_table.id == "behind":
            row = self.query_one("#behind", ReportTable).selected()
            if row is not None:
                self.app.push_screen(ProjectScreen(ProjectKey.of(row)))
