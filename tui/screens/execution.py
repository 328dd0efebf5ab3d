"""预算执行: a tree of groups (功能分类 类 → 款 → 项, or 经济分类, 资金性质, 支出类型, 项目)
down to the lines and, unfolded, each line's facts, with the execution figures as
columns. ``g`` switches the grouping; the unit or department comes from the scope."""

from __future__ import annotations

from typing import Any, ClassVar

from rich.text import Text
from sqlalchemy.orm import Session
from textual import work
from textual.app import ComposeResult
from textual.binding import Binding, BindingType
from textual.message import Message
from textual.widgets import Label

from ledger.domain.values import Kind
from projections.queries.execution_tree import GROUPINGS, execution_tree
from projections.queries.history import HistoryFilter, history
from projections.queries.replay import ReplayTarget
from projections.render import people_value
from projections.report import Column, Report
from tui.screens.pane import Pane
from tui.state import View
from tui.widgets.tree_table import TreeTable

SHOWN = ["initial", "carried_in", "adjustments", "budget", "spent", "available", "rate", "pace_gap"]
# Left out first when the tab is narrow: the parts of 全年预算, then 可用余额.
OPTIONAL = ["carried_in", "adjustments", "initial", "available"]
EVENTS_SHOWN = 50
YUAN = Column("amount", "金额（元）", "yuan")
# Which figure column a fact's own amount moves.
MOVES = {
    Kind.APPROPRIATION: "initial",
    Kind.CARRYOVER: "carried_in",
    Kind.ADJUSTMENT: "adjustments",
    Kind.TRANSFER: "adjustments",
    "transfer_in": "adjustments",
    Kind.PAYMENT: "spent",
    Kind.REVERSAL: "spent",
}


class ExecutionPane(Pane):
    TITLE = "预算执行"
    PANE_ID = "execution"
    BINDINGS: ClassVar[list[BindingType]] = [
        Binding("g", "next_grouping", "切换分组"),
        Binding("plus", "unfold_all", "全部展开", key_display="+"),
        Binding("minus", "fold_all", "全部折叠", key_display="-"),
    ]

    class LineFacts(Message):
        def __init__(self, view: View, key: str, rows: list[dict[str, Any]], more: bool) -> None:
            super().__init__()
            self.view = view
            self.key = key
            self.rows = rows
            self.more = more

    def __init__(self) -> None:
        super().__init__()
        self.grouping = "function"
        self.shown_grouping = "function"

    def build(self) -> ComposeResult:
        yield Label(id="execution-heading", classes="pane-heading")
        yield TreeTable(id="execution-tree")

    def load(self, session: Session, view: View) -> Report:
        return execution_tree(session, view.scope, self.grouping)

    def show(self, payload: Report) -> None:
        heading = f"{payload.title}    g 切换分组 · Enter 展开/折叠 · r 回放所选指标"
        self.query_one("#execution-heading", Label).update(heading)
        rows = [{**r, "lazy": r["dimension"] == "line"} for r in payload.rows]
        columns = [c for c in payload.columns if c.key in SHOWN]
        grouping = payload.meta["grouping"]
        fresh, self.shown_grouping = grouping != self.shown_grouping, grouping
        tree = self.query_one(TreeTable)
        tree.show(rows, columns, payload.total, fresh=fresh, optional=OPTIONAL)

    # --- a line's facts, loaded when it is unfolded ----------------------------------

    def on_tree_table_children_wanted(self, message: TreeTable.ChildrenWanted) -> None:
        message.stop()
        self._load_facts(self.ledger.view, message.row)

    @work(thread=True, group="facts")
    def _load_facts(self, view: View, row: dict[str, Any]) -> None:
        scope = view.scope
        f = HistoryFilter(
            unit=row["unit"],
            year=scope.year,
            line=row["line"],
            date_to=scope.as_of,
            known_at=scope.known_at,
        )
        with self.ledger.data.read() as session:
            # A line's facts by business date (the trail's order is the recording's):
            # a line holds few enough to sort them all and show the first.
            facts = sorted(history(session, f), key=lambda r: (r["effective_date"], r["id"]))
        more = len(facts) > EVENTS_SHOWN
        self.post_message(self.LineFacts(view, row["key"], facts[:EVENTS_SHOWN], more))

    def on_execution_pane_line_facts(self, message: LineFacts) -> None:
        message.stop()
        if message.view != self.ledger.view:
            return
        parent = self.query_one(TreeTable).nodes.get(message.key)
        if parent is None:
            return
        rows = [fact_row(parent, fact) for fact in message.rows]
        if message.more:
            rows.append(
                {
                    "key": f"{message.key}|more",
                    "parent": message.key,
                    "depth": parent["depth"] + 1,
                    "label": f"……仅列出业务日期最早的 {EVENTS_SHOWN} 条；r 回放或到审计轨迹查看全部",
                    "style": "dim",
                }
            )
        self.query_one(TreeTable).set_children(message.key, rows)

    # --- actions -------------------------------------------------------------------

    def main_widget(self) -> TreeTable:
        return self.query_one(TreeTable)

    def action_next_grouping(self) -> None:
        keys = list(GROUPINGS)
        self.set_grouping(keys[(keys.index(self.grouping) + 1) % len(keys)])

    def set_grouping(self, grouping: str) -> None:
        self.grouping = grouping
        self.reload()

    def action_unfold_all(self) -> None:
        self.query_one(TreeTable).action_unfold_all()

    def action_fold_all(self) -> None:
        self.query_one(TreeTable).action_fold_all()

    def replay_target(self) -> ReplayTarget | None:
        row = self.query_one(TreeTable).selected()
        scope = self.ledger.view.scope
        if row is not None and row.get("line"):
            return ReplayTarget(row["unit"], scope.year, row["line"])
        return super().replay_target()

    def commands(self) -> list[tuple[str, str, str]]:
        return [
            (f"按{label}分组", f"预算执行树按{label}分组", f"set_grouping('{key}')")
            for key, label in GROUPINGS.items()
        ]


def fact_row(parent: dict[str, Any], fact: dict[str, Any]) -> dict[str, Any]:
    """One fact under its line: its own amount in the column it moves, in 元 as entered
    (as the audit trail shows it), not rounded to 万元 like the figures around it."""
    column = MOVES.get(fact["kind"])
    amount = fact["amount"]
    if fact["kind"] in (Kind.TRANSFER, Kind.REVERSAL):
        amount = -amount
    label = f"{fact['effective_date'][5:]} {fact['kind_name']} {fact['doc']}"
    row: dict[str, Any] = {
        "key": f"{parent['key']}|{fact['id']}",
        "parent": parent["key"],
        "depth": parent["depth"] + 1,
        "label": label,
        "style": "italic",
    }
    if column:
        shown = people_value(YUAN, amount)
        row[column] = Text(f"{shown} 元", style="italic", justify="right", no_wrap=True)
    return row
