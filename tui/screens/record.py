"""记录: forms for a payment, reversal, adjustment, transfer or appropriation, and for the
performance facts (a target, its revision, a progress observation, an evaluation). The form is
checked by the ledger itself (``LedgerService.record``: the importer's rules, in one
transaction): a refusal is shown beside the field it is about, in the ledger's words,
and nothing is recorded until the form is valid."""

from __future__ import annotations

from dataclasses import dataclass
from typing import ClassVar

from sqlalchemy.orm import Session
from textual import work
from textual.app import ComposeResult
from textual.binding import Binding, BindingType
from textual.containers import Horizontal, VerticalScroll
from textual.message import Message
from textual.widget import Widget
from textual.widgets import Button, Input, Label, Select, Static, Tab, Tabs

from ledger.domain.performance.levels import EXECUTION_RATE, LEVEL1
from ledger.domain.values import Category, Fund, Kind, Procurement, SpendType
from ledger.journal.parse import RowError
from ledger.money import AmountError, parse_amount, show
from tui.errors import chinese_columns, say
from tui.format import status as format_status
from tui.messages import StoreChanged
from tui.screens.pane import Pane
from tui.state import View

MONEY_FORMS = [Kind.PAYMENT, Kind.REVERSAL, Kind.ADJUSTMENT, Kind.TRANSFER, Kind.APPROPRIATION]
PERFORMANCE_FORMS = [Kind.TARGET, Kind.TARGET_REVISION, Kind.PROGRESS, Kind.EVALUATION]
FORMS = MONEY_FORMS + PERFORMANCE_FORMS
ALL = frozenset(FORMS)
MONEY = frozenset(MONEY_FORMS)
PERFORMANCE = frozenset(PERFORMANCE_FORMS)
PROJECT_NAMED = PERFORMANCE | {Kind.APPROPRIATION}
TARGETED = frozenset({Kind.TARGET, Kind.TARGET_REVISION, Kind.EVALUATION})
ACTUAL = frozenset({Kind.PROGRESS, Kind.EVALUATION})


LEVEL1_CHOICES = (*LEVEL1, EXECUTION_RATE)


@dataclass(frozen=True)
class Field:
    column: str  # the journal column it fills
    label: str
    kinds: frozenset[Kind] = ALL
    hint: str = ""
    choices: tuple[str, ...] = ()  # a fixed vocabulary: a Select


FIELDS = [
    Field("date", "业务日期", hint="YYYY-MM-DD"),
    Field("year", "预算年度"),
    Field("unit", "单位编码"),
    Field("line", "指标编号", MONEY),
    Field("to_line", "调入指标", frozenset({Kind.TRANSFER}), "同一单位、年度、资金性质"),
    Field("fund", "资金性质", frozenset({Kind.APPROPRIATION}), choices=tuple(Fund)),
    Field("function", "功能科目", frozenset({Kind.APPROPRIATION}), "7 位项级科目，如 2013701"),
    Field("category", "支出类型", frozenset({Kind.APPROPRIATION}), choices=tuple(Category)),
    Field(
        "economic",
        "经济科目",
        frozenset({Kind.PAYMENT, Kind.APPROPRIATION}),
        "5 位，如 30201（批复时填写则限定该指标只能用于此科目）",
    ),
    Field("project", "项目名称", PROJECT_NAMED, "项目支出必填；绩效：无编码的项目按名称"),
    Field("project_code", "项目编码", PROJECT_NAMED),
    Field(
        "level1", "一级指标", PERFORMANCE, "不填三级：项目的年度目标/实际完成情况", LEVEL1_CHOICES
    ),
    Field("level2", "二级指标", PERFORMANCE, "如 数量指标、质量指标、时效指标"),
    Field("indicator", "三级指标", PERFORMANCE),
    Field("target", "指标值", TARGETED, "如 ≥90%、≤350平方米、10月前"),
    Field("actual", "完成值", ACTUAL, "如 154次、100%、9月完成"),
    Field("weight", "分值", frozenset({Kind.EVALUATION})),
    Field("score", "得分", frozenset({Kind.EVALUATION}), "0 至分值"),
    Field(
        "reason",
        "偏差原因",
        frozenset({Kind.TARGET_REVISION, Kind.EVALUATION}),
        "调整绩效目标：调整原因",
    ),
    Field("amount", "金额（元）", MONEY, "最多两位小数，不带千分位；调整：正数追加、负数追减"),
    Field("doc", "文号/凭证号", hint="支付、冲销填凭证号；其余填文号"),
    Field("reverses", "原凭证号", frozenset({Kind.REVERSAL}), "被冲销支付的凭证号"),
    Field("procurement", "采购类型", frozenset({Kind.PAYMENT}), choices=tuple(Procurement)),
    Field(
        "spend_type",
        "支出性质",
        frozenset({Kind.PAYMENT}),
        "默认按指标的支出类型",
        tuple(SpendType),
    ),
    Field("payee", "收款人", frozenset({Kind.PAYMENT})),
    Field("memo", "摘要"),
]
BY_COLUMN = {f.column: f for f in FIELDS}
KEPT_AFTER_RECORDING = {"date", "year", "unit", "line"}
KEPT_AFTER_PERFORMANCE = KEPT_AFTER_RECORDING | {"project", "project_code", "level1", "level2"}


class KindTabs(Tabs):
    """The strip of forms (支付, 冲销, …): ← → choose one."""

    BINDINGS: ClassVar[list[BindingType]] = [
        Binding("left", "previous_tab", "上一种表单", tooltip="表单类型条上：← 换到左边一种表单"),
        Binding("right", "next_tab", "下一种表单", tooltip="表单类型条上：→ 换到右边一种表单"),
    ]


class RecordPane(Pane):
    TITLE = "记录"
    PANE_ID = "record"
    BINDINGS: ClassVar[list[BindingType]] = [
        Binding("ctrl+s", "submit", "记录", priority=True),
        Binding("ctrl+l", "clear_form", "清空"),
    ]

    class Done(Message):
        def __init__(self, cells: dict[str, str | None], outcome: object) -> None:
            super().__init__()
            self.cells = cells
            self.outcome = outcome  # RecordResult, or the exception that refused the row

    def __init__(self) -> None:
        super().__init__()
        self.kind = Kind.PAYMENT

    def build(self) -> ComposeResult:
        yield KindTabs(*[Tab(k.label, id=f"kind-{k.value}") for k in FORMS], id="record-kinds")
        yield Static(id="record-status", classes="status")
        with VerticalScroll(id="record-form"):
            for f in FIELDS:
                with Horizontal(classes="field", id=f"row-{f.column}"):
                    yield Label(f.label, classes="field-label")
                    if f.choices:
                        options = [(c, c) for c in f.choices]
                        yield Select(
                            options, id=f"field-{f.column}", prompt="（不填）", compact=True
                        )
                    else:
                        yield Input(id=f"field-{f.column}", compact=True)
                    yield Label(f.hint, id=f"error-{f.column}", classes="field-hint")
            with Horizontal(id="record-buttons"):
                yield Button("记录（Ctrl+S）", id="submit", variant="primary")
                yield Button("清空（Ctrl+L）", id="clear")
                yield Button("导入文件（i）", id="import")

    def on_built(self) -> None:
        self.show_kind(self.kind)

    def main_widget(self) -> Widget:
        return self.query_one(Tabs)

    # --- the view: nothing to load, only defaults to fill in --------------------------

    def load(self, session: Session, view: View) -> View:
        return view

    def show(self, payload: View) -> None:
        scope = payload.scope
        defaults = {
            "date": scope.as_of_date.isoformat(),
            "year": str(scope.year),
            "unit": scope.unit or "",
        }
        for column, value in defaults.items():
            field = self.query_one(f"#field-{column}", Input)
            if not field.value:
                field.value = value

    # --- the form ------------------------------------------------------------------

    def on_tabs_tab_activated(self, event: Tabs.TabActivated) -> None:
        event.stop()
        if event.tab.id:
            self.show_kind(Kind(event.tab.id.removeprefix("kind-")))

    def show_kind(self, kind: Kind) -> None:
        self.kind = kind
        for f in FIELDS:
            self.query_one(f"#row-{f.column}").display = kind in f.kinds
        label = "凭证号" if kind in (Kind.PAYMENT, Kind.REVERSAL) else "文号"
        if kind in PERFORMANCE:
            label = "评价文号" if kind == Kind.EVALUATION else "文号"
        self.query_one("#row-doc Label.field-label", Label).update(label)
        self.clear_errors()

    def cells(self) -> dict[str, str | None]:
        """The journal row the form says (only the fields of its kind)."""
        cells: dict[str, str | None] = {"kind": self.kind.value}
        for f in FIELDS:
            if self.kind not in f.kinds:
                continue
            widget = self.query_one(f"#field-{f.column}")
            if isinstance(widget, Select):
                value = widget.selection
                cells[f.column] = None if value is None else str(value)
            else:
                assert isinstance(widget, Input)
                cells[f.column] = widget.value.strip() or None
        return cells

    def clear_errors(self) -> None:
        for f in FIELDS:
            hint = self.query_one(f"#error-{f.column}", Label)
            hint.update(f.hint)
            hint.remove_class("-error")
            self.query_one(f"#field-{f.column}").remove_class("-invalid")
        self.query_one("#record-status", Static).update("")

    def action_submit(self) -> None:
        self.clear_errors()
        self.query_one("#record-status", Static).update("正在校验并记录……")
        self._record(self.cells())

    @work(thread=True, exclusive=True, group="record")
    def _record(self, cells: dict[str, str | None]) -> None:
        try:
            outcome: object = self.ledger.data.service.record(cells)
        except Exception as err:  # RowError, Busy, or the database went away: say so
            outcome = err
        self.post_message(self.Done(cells, outcome))

    def on_record_pane_done(self, message: Done) -> None:
        message.stop()
        status = self.query_one("#record-status", Static)
        outcome = message.outcome
        if isinstance(outcome, RowError):
            where = BY_COLUMN.get(outcome.column)
            if where is not None and self.kind in where.kinds:
                hint = self.query_one(f"#error-{outcome.column}", Label)
                hint.update(chinese_columns(outcome.message))
                hint.add_class("-error")
                field = self.query_one(f"#field-{outcome.column}")
                field.add_class("-invalid")
                field.focus()
            status.update(format_status("未记录：", "bold red", say(outcome)))
            return
        if isinstance(outcome, Exception):
            status.update(format_status("未记录：", "bold red", say(outcome)))
            return
        if not getattr(outcome, "recorded", False):
            status.update(format_status("此行此前已记录，未新增任何内容。", "bold yellow"))
            return
        summary = describe(message.cells)
        status.update(format_status("已记录：", "bold green", summary))
        kept = KEPT_AFTER_PERFORMANCE if self.kind in PERFORMANCE else KEPT_AFTER_RECORDING
        for f in FIELDS:
            if f.column not in kept:
                widget = self.query_one(f"#field-{f.column}")
                if isinstance(widget, Input):
                    widget.value = ""
        self.post_message(StoreChanged(summary))

    def action_clear_form(self) -> None:
        for f in FIELDS:
            widget = self.query_one(f"#field-{f.column}")
            if isinstance(widget, Input):
                widget.value = ""
            else:
                assert isinstance(widget, Select)
                widget.clear()
        self.clear_errors()
        self.show(self.ledger.view)

    def on_button_pressed(self, event: Button.Pressed) -> None:
        event.stop()
        if event.button.id == "submit":
            self.action_submit()
        elif event.button.id == "clear":
            self.action_clear_form()
        elif event.button.id == "import":
            self.ledger.action_import_file()

    def on_input_submitted(self, event: Input.Submitted) -> None:
        event.stop()
        self.action_submit()

    def commands(self) -> list[tuple[str, str, str]]:
        return [
            (f"记录{k.label}", f"打开{k.label}表单", f"choose_kind('{k.value}')") for k in FORMS
        ]

    def action_choose_kind(self, kind: str) -> None:
        self.query_one(Tabs).active = f"kind-{kind}"


def describe(cells: dict[str, str | None]) -> str:
    kind = Kind(cells["kind"] or "")  # recorded, so it has one
    if kind in PERFORMANCE:
        project = cells.get("project_code") or cells.get("project") or ""
        what = cells.get("indicator") or cells.get("level2") or cells.get("level1") or "年度目标"
        value = cells.get("actual") if kind in ACTUAL else cells.get("target")
        return f"{kind.label} {cells.get('unit')} {project} {what} {value or ''}".rstrip()
    try:
        amount = f"{show(parse_amount(cells.get('amount') or ''))} 元"
    except AmountError:
        amount = cells.get("amount") or ""
    return f"{kind.label} {cells.get('unit')} {cells.get('line')} {cells.get('doc')} {amount}"
