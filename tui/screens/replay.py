"""回放: the facts of a line (or a unit) one by one in recording order, forward and back,
with the figures as they stood right after each: the budget, the spending, the balance
and the execution rate move as the auditor steps. Pages of facts load in a worker."""

from __future__ import annotations

from dataclasses import dataclass
from typing import ClassVar

from rich.text import Text
from sqlalchemy.orm import Session
from textual.app import ComposeResult
from textual.binding import Binding, BindingType
from textual.containers import Vertical
from textual.screen import ModalScreen
from textual.widgets import DataTable, Footer, Label, Static

from ledger.money import from_fen
from projections.queries.paging import PAGE, history_count
from projections.queries.replay import ReplayPage, ReplayTarget, Step, replay_page
from projections.report import Column
from tui.format import cell, money, percent, progress_bar
from tui.screens.loading import LoadsData
from tui.state import Position, View, first_index
from tui.widgets.step_table import StepTable

COLUMNS = [
    Column("step", "步", "int"),
    Column("effective_date", "业务日期"),
    Column("recorded_at", "记录时间"),
    Column("kind_name", "类型"),
    Column("line", "指标"),
    Column("doc", "文号/凭证号"),
    Column("amount", "金额（元）", "yuan"),
    Column("budget", "全年预算", "money"),
    Column("spent", "执行数", "money"),
    Column("available", "可用余额", "money"),
    Column("rate", "执行率%", "percent"),
]


@dataclass
class Replay:
    page: ReplayPage
    count: int
    position: Position


class ReplayScreen(LoadsData, ModalScreen[None]):
    BINDINGS: ClassVar[list[BindingType]] = [
        # Priority: the table would take ← → for scrolling sideways.
        Binding("right,n", "step(1)", "下一步", key_display="→", priority=True),
        Binding("left,p", "step(-1)", "上一步", key_display="←", priority=True),
        Binding("home", "jump('first')", "第一步", priority=True),
        Binding("end", "jump('last')", "最后一步", priority=True),
        Binding("escape,q", "dismiss", "返回"),
    ]

    def __init__(self, target: ReplayTarget) -> None:
        super().__init__(classes="dialog-screen")
        self.target = target
        self.position = Position()
        self.replay: Replay | None = None
        self.first_index = 1
        self.pending_cursor = 0  # where the cursor goes when a page arrives
        self.columns = COLUMNS

    def compose(self) -> ComposeResult:
        with Vertical(classes="dialog wide"):
            what = f"指标 {self.target.line}" if self.target.line else "全部指标"
            yield Label(
                f"回放：单位 {self.target.unit} · {self.target.year} 年度 · {what}（按记录顺序逐条重演）",
                classes="dialog-title",
            )
            yield Static(id="replay-step")
            yield Static(id="replay-figures")
            yield StepTable(id="replay-table")
        yield Footer()

    def on_mount(self) -> None:
        table = self.query_one(StepTable)
        self.columns = [c for c in COLUMNS if c.key != "line" or not self.target.line]
        for c in self.columns:
            table.add_column(
                Text(c.label, justify="right" if c.kind != "text" else "left"), key=c.key
            )
        table.focus()
        self.reload()

    def load(self, session: Session, view: View) -> Replay:
        p = self.position
        page = replay_page(
            session, self.target, view.scope, p.after_id, p.before_id, p.last, limit=PAGE
        )
        count = history_count(session, self.target.history_filter(view.scope))
        return Replay(page, count, p)

    def show(self, payload: Replay) -> None:
        previous, p = self.replay, payload.position
        steps = payload.page.steps
        held = len(previous.page.steps) if previous else 0
        self.first_index = first_index(p, payload.count, len(steps), self.first_index, held)
        self.replay = payload
        table = self.query_one(StepTable)
        table.clear()
        for i, step in enumerate(steps):
            values = {**step.event, **step.figures, "step": self.first_index + i}
            values["recorded_at"] = local_time(values["recorded_at"])
            table.add_row(*(cell(c, values.get(c.key)) for c in self.columns))
        if not steps:
            self.query_one("#replay-step", Static).update("（在当前截至日期与记录时点内没有记录）")
            self.query_one("#replay-figures", Static).update("")
            return
        row = (
            len(steps) - 1 if self.pending_cursor < 0 else min(self.pending_cursor, len(steps) - 1)
        )
        table.move_cursor(row=row, animate=False)
        self.show_step(row)

    def on_data_table_row_highlighted(self, event: DataTable.RowHighlighted) -> None:
        event.stop()
        self.show_step(event.cursor_row)

    def show_step(self, row: int) -> None:
        if self.replay is None or not 0 <= row < len(self.replay.page.steps):
            return
        step: Step = self.replay.page.steps[row]
        e, f = step.event, step.figures
        number = self.first_index + row
        head = Text()
        head.append(f"第 {number:,} / {self.replay.count:,} 步  ", style="bold")
        head.append(
            f"{e['effective_date']}  {e['kind_name']}  指标 {e['line'] or '—'}  {e['doc']}  "
        )
        head.append(f"{from_fen(e['amount']):,.2f} 元", style="bold")
        head.append(f"  经办人 {e['actor']}")
        if e.get("memo"):
            head.append(f"  摘要：{e['memo']}", style="dim")
        self.query_one("#replay-step", Static).update(head)
        figures = Text()
        for label, key in (("全年预算", "budget"), ("执行数", "spent"), ("可用余额", "available")):
            figures.append(f"{label} ")
            figures.append(money(f[key]), style="bold")
            figures.append(" 万元    ")
        figures.append("执行率 ")
        figures.append(percent(f["rate"]), style="bold")
        figures.append(f"   序时进度（业务日期）{f['pace']:.2f}%\n")
        lagging = f["pace_gap"] is not None and f["pace_gap"] < -10
        figures.append(progress_bar(f["rate"], f["pace"], lagging, width=60))
        self.query_one("#replay-figures", Static).update(figures)

    # --- stepping --------------------------------------------------------------------

    def action_step(self, direction: int) -> None:
        table = self.query_one(StepTable)
        if direction > 0:
            table.action_cursor_down()
        else:
            table.action_cursor_up()

    def on_step_table_edge(self, message: StepTable.Edge) -> None:
        message.stop()
        if self.replay is None or not self.replay.page.steps:
            return
        steps = self.replay.page.steps
        if message.direction > 0 and self.replay.page.has_after:
            self.move_to(Position(after_id=steps[-1].event["id"]), cursor=0)
        elif message.direction < 0 and self.replay.page.has_before:
            self.move_to(Position(before_id=steps[0].event["id"]), cursor=-1)

    def action_jump(self, where: str) -> None:
        if where == "first":
            self.move_to(Position(), cursor=0)
        else:
            self.move_to(Position(last=True), cursor=-1)

    def move_to(self, position: Position, cursor: int) -> None:
        self.position = position
        self.pending_cursor = cursor
        self.reload(self.ledger.view)


def local_time(iso: str) -> str:
    """A recorded moment in local time to the second, without its zone (the table is
    narrow; the audit trail shows the zone)."""
    return iso.replace("T", " ")[:19]
