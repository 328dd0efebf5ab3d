"""结转结余: per fund, 年初结转和结余 + 本年收入 = 本年支出 + 年末结转和结余 + 收回, each
identity shown with its figures and whether it holds; and the ages of carried money."""

from __future__ import annotations

from dataclasses import dataclass

from rich.text import Text
from sqlalchemy.orm import Session
from textual.app import ComposeResult
from textual.containers import Vertical
from textual.widgets import Label, Static

from projections.queries.balances import balances_report
from projections.queries.carry_ages import carry_ages
from projections.report import Report
from tui.format import money
from tui.screens.pane import Pane
from tui.state import View
from tui.widgets.report_table import ReportTable


@dataclass
class Balances:
    balances: Report
    ages: Report


class BalancesPane(Pane):
    TITLE = "结转结余"
    PANE_ID = "balances"

    def build(self) -> ComposeResult:
        with Vertical(classes="box"):
            yield Label("结转结余情况（按资金性质）", classes="box-title")
            yield ReportTable(id="balances-table", cursor=False)
            yield Static(id="identities")
        with Vertical(classes="box"):
            yield Label("结转资金账龄", classes="box-title")
            yield ReportTable(id="ages-table", cursor=False)
            yield Static(id="ages-note", classes="note")

    def load(self, session: Session, view: View) -> Balances:
        return Balances(balances_report(session, view.scope), carry_ages(session, view.scope))

    def show(self, payload: Balances) -> None:
        report = payload.balances
        broken = {str(i): "red" for i, r in enumerate(report.rows) if not r["identity_holds"]}
        self.query_one("#balances-table", ReportTable).show(report, styles=broken)
        self.query_one("#identities", Static).update(identities(report))
        self.query_one("#ages-table", ReportTable).show(
            payload.ages, empty="（本年度没有上年结转资金）"
        )
        self.query_one("#ages-note", Static).update("；".join(payload.ages.notes))


def identities(report: Report) -> Text:
    """Each fund's identity written out with its figures, and whether it holds."""
    text = Text()
    for row in report.rows:
        holds = row["identity_holds"]
        text.append(
            "✓ 成立  " if holds else "✗ 不成立  ", style="bold green" if holds else "bold red"
        )
        text.append(f"{row['fund']}：")
        text.append(
            f"年初 {money(row['opening'])} + 收入 {money(row['income'])} = "
            f"支出 {money(row['spent'])} + 年末 {money(row['closing'])} + 收回 {money(row['recovered'])}"
        )
        if not row["closed"]:
            text.append("（未结账：年末为按可用余额预计的数字）", style="dim")
        text.append("\n")
    if not report.rows:
        text.append("（无数据）", style="dim")
    text.append("恒等式：" + report.notes[0], style="dim")
    return text
