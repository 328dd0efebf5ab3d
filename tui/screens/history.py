"""审计轨迹: every recorded fact with its business date, recorded time, actor, document,
amount and payee, filtered by unit, line, document (its first characters), actor and
dates, within the view's as-of date and known-at moment. Paged by keyset: one page of a
million facts at a time, pages counted from the first fact whichever way one turns them.
The fact under the cursor is written out in full below the table."""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import date
from typing import Any, ClassVar

from rich.text import Text
from sqlalchemy.orm import Session
from textual.app import ComposeResult
from textual.binding import Binding, BindingType
from textual.containers import Horizontal
from textual.widgets import DataTable, Input, Label, Static

from ledger.domain.values import Kind
from projections.queries.history import COLUMNS, HistoryFilter
from projections.queries.paging import PAGE, Page, history_count, history_page
from projections.queries.replay import ReplayTarget
from projections.render import people_value
from projections.report import Column, Report
from tui.screens.pane import Pane
from tui.state import LAST, Position, View, first_index, parse_day
from tui.widgets.report_table import ReportTable

# The trail's own columns beside the history's: who was paid, what a close took back.
TRAIL_COLUMNS = [
    *COLUMNS,
    Column("payee", "收款人"),
    Column("recovered", "收回（元）", "yuan"),
]
SHOWN = [
    "id",
    "effective_date",
    "recorded_at",
    "actor",
    "kind",
    "unit",
    "line",
    "doc",
    "amount",
    "recovered",
    "economic",
    "counterpart",
    "payee",
    "memo",
]
NAMES = ["memo", "payee", "counterpart", "actor"]  # shrink before anything goes
# Left out first when narrow (the line below the table still shows them all).
OPTIONAL = [
    "recorded_at",
    "economic",
    "unit",
    "actor",
    "counterpart",
    "recovered",
    "memo",
    "payee",
    "id",
]
FILTERS = [
    ("unit", "单位", 10),
    ("line", "指标", 10),
    ("doc", "文号开头", 16),
    ("actor", "经办人", 10),
    ("date_from", "业务日期起", 12),
    ("date_to", "业务日期止", 12),
]


@dataclass
class Trail:
    page: Page
    count: int
    position: Position
    filter: HistoryFilter = field(default_factory=HistoryFilter)
    refused: str = ""  # a filter that cannot be used (an impossible date): nothing shown


class HistoryPane(Pane):
    TITLE = "审计轨迹"
    PANE_ID = "history"
    BINDINGS: ClassVar[list[BindingType]] = [
        Binding("slash", "focus_filter", "筛选", key_display="/"),
        Binding("x", "clear_filter", "清除筛选"),
        Binding("p", "page('previous')", "上一页"),
        Binding("n", "page('next')", "下一页"),
        Binding("b", "page('first')", "第一页"),
        Binding("e", "page('last')", "最后一页"),
    ]

    def __init__(self) -> None:
        super().__init__()
        self.filters: dict[str, str] = {}
        self.position = LAST
        self.trail: Trail | None = None
        self.first_index = 1

    def build(self) -> ComposeResult:
        with Horizontal(id="history-filters"):
            for key, label, width in FILTERS:
                yield Label(label, classes="filter-label")
                field_ = Input(
                    placeholder=PLACEHOLDERS.get(key, "全部"),
                    id=f"filter-{key}",
                    classes="filter",
                    compact=True,
                )
                field_.styles.width = width + 2
                yield field_
        yield Label(id="history-heading", classes="pane-heading")
        yield ReportTable(id="history-table")
        yield Static(id="history-detail", classes="status")

    # --- loading -------------------------------------------------------------------

    def ensure_loaded(self, view: View) -> None:
        if view != self.wanted:
            self.position = LAST  # another view: show its latest facts
        super().ensure_loaded(view)

    def history_filter(self, view: View) -> HistoryFilter:
        scope = view.scope
        given = self.filters
        unit = given.get("unit") or scope.unit
        date_to = _date(given.get("date_to"))
        if scope.as_of is not None:
            date_to = min(date_to, scope.as_of) if date_to else scope.as_of
        return HistoryFilter(
            unit=unit,
            department=None if unit else scope.department,
            year=scope.year,
            line=given.get("line") or None,
            doc=given.get("doc") or None,
            doc_prefix=True,
            actor=given.get("actor") or None,
            date_from=_date(given.get("date_from")),
            date_to=date_to,
            known_at=scope.known_at,
        )

    def load(self, session: Session, view: View) -> Trail:
        f = self.history_filter(view)
        p = self.position
        count = history_count(session, f)
        # Pages are counted from the first fact (1–100, 101–200, …) whichever way one
        # turns them: the last page holds what is left over.
        limit = (count % PAGE or PAGE) if p.last else PAGE
        page = history_page(session, f, p.after_id, p.before_id, p.last, limit=limit)
        return Trail(page, count, p, f)

    def show(self, payload: Trail) -> None:
        previous = self.trail
        page, p = payload.page, payload.position
        held = len(previous.page.rows) if previous else 0
        self.first_index = first_index(p, payload.count, len(page.rows), self.first_index, held)
        self.trail = payload
        rows = [
            {
                **r,
                "kind": r["kind_name"],
                "recorded_at": r["recorded_at"].replace("T", " "),
                "recovered": r["recovered"] if r["kind"] == Kind.CLOSE else None,
            }
            for r in page.rows
        ]
        report = Report("history", "审计轨迹", TRAIL_COLUMNS, rows)
        table = self.query_one(ReportTable)
        table.show(
            report,
            SHOWN,
            row_key="id",
            empty="（没有符合条件的记录）",
            optional=OPTIONAL,
            names=NAMES,
        )
        if rows and (p.last or p.before_id is not None):
            table.move_cursor(row=len(rows) - 1, animate=False)
        elif rows:
            table.move_cursor(row=0, animate=False)
        last = self.first_index + len(rows) - 1
        span = f"第 {self.first_index:,}–{last:,} 条" if rows else "无"
        self.query_one("#history-heading", Label).update(
            f"共 {payload.count:,} 条记录，{span}（按记录顺序）"
            "    n/p 翻页 · b/e 首页/末页 · / 筛选 · Enter 回放该指标"
        )
        self.show_detail()

    def show_detail(self) -> None:
        """The fact under the cursor, every field of it (the table may leave some out)."""
        detail = self.query_one("#history-detail", Static)
        row = self.query_one(ReportTable).selected()
        detail.update("" if row is None else describe(row))

    def on_data_table_row_highlighted(self, event: DataTable.RowHighlighted) -> None:
        event.stop()
        self.show_detail()

    def refuse(self, reason: str) -> None:
        """A filter that cannot be used: say why, and show no facts meanwhile."""
        self.trail = None
        empty = Report("history", "审计轨迹", TRAIL_COLUMNS, [])
        self.query_one(ReportTable).show(empty, SHOWN, empty="（筛选条件有误，未查询）")
        self.query_one("#history-heading", Label).update(
            Text.assemble(("未查询：", "bold red"), reason)
        )
        self.query_one("#history-detail", Static).update("")

    # --- actions -------------------------------------------------------------------

    def action_page(self, where: str) -> None:
        trail = self.trail
        if trail is None:
            return
        rows = trail.page.rows
        if where == "next" and rows and trail.page.has_after:
            self.position = Position(after_id=rows[-1]["id"])
        elif where == "previous" and rows and trail.page.has_before:
            self.position = Position(before_id=rows[0]["id"])
        elif where == "first":
            self.position = Position()
        elif where == "last":
            self.position = LAST
        else:
            return
        self.reload(self.ledger.view)

    def action_focus_filter(self) -> None:
        self.query_one("#filter-unit", Input).focus()

    def action_clear_filter(self) -> None:
        for key, _, _ in FILTERS:
            self.query_one(f"#filter-{key}", Input).value = ""
        self.apply_filter()

    def on_input_submitted(self, event: Input.Submitted) -> None:
        event.stop()
        self.apply_filter()
        self.query_one(ReportTable).focus()

    def apply_filter(self) -> None:
        """Filter by what the inputs say."""
        filters = {k: self.query_one(f"#filter-{k}", Input).value.strip() for k, _, _ in FILTERS}
        for key, label, _ in FILTERS:
            if key.startswith("date_") and filters[key]:
                try:
                    parse_day(filters[key])
                except ValueError as err:
                    self.refuse(f"{label}：{err}")
                    return
        self.filters = filters
        self.position = LAST
        self.reload(self.ledger.view)

    def on_data_table_row_selected(self, event: DataTable.RowSelected) -> None:
        event.stop()
        self.ledger.action_replay()

    def replay_target(self) -> ReplayTarget | None:
        row: dict[str, Any] | None = self.query_one(ReportTable).selected()
        if row is not None and row.get("line"):
            return ReplayTarget(row["unit"], row["year"], row["line"])
        return super().replay_target()


def _date(text: str | None) -> date | None:
    if not text:
        return None
    try:
        return parse_day(text)
    except ValueError:
        return None


PLACEHOLDERS = {"doc": "全部（填开头即可）"}
YUAN = Column("amount", "金额（元）", "yuan")


def describe(row: dict[str, Any]) -> Text:
    """One fact written out: what, where, how much, to whom, recorded when and by whom."""
    text = Text()
    text.append(f"#{row['id']} ", style="dim")
    text.append(f"{row['effective_date']} {row['kind']} ", style="bold")
    text.append(f"{row['unit']} {row['line'] or ''} {row['doc']}  ")
    if row.get("recovered") or row.get("kind_name") == "年终结转":
        text.append(f"结转 {people_value(YUAN, row['amount'])} 元")
        text.append(f"，收回 {people_value(YUAN, row.get('recovered') or 0)} 元")
    else:
        text.append(f"{people_value(YUAN, row['amount'])} 元", style="bold")
    for label, key in (("经济科目", "economic"), ("对方/原凭证", "counterpart")):
        if row.get(key):
            text.append(f"  {label} {row[key]}")
    if row.get("payee"):
        text.append(f"  收款人 {row['payee']}")
    if row.get("memo"):
        text.append(f"  摘要 {row['memo']}")
    text.append(f"\n记录于 {row['recorded_at']}，经办人 {row['actor']}", style="dim")
    return text
