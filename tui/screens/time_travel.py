"""时间旅行: set the as-of business date and the known-at recorded moment that every
screen then uses. Empty fields mean the year's end and "everything recorded"."""

from __future__ import annotations

from datetime import date, datetime
from typing import ClassVar

from textual.app import ComposeResult
from textual.binding import Binding, BindingType
from textual.containers import Horizontal, Vertical
from textual.screen import ModalScreen
from textual.widgets import Button, Input, Label, Static

from projections.scope import Scope
from tui.state import parse_as_of, parse_known_at

Moment = tuple[date | None, datetime | None]


class TimeTravelScreen(ModalScreen[Moment | None]):
    BINDINGS: ClassVar[list[BindingType]] = [Binding("escape", "dismiss", "取消")]

    def __init__(self, scope: Scope) -> None:
        super().__init__(classes="dialog-screen")
        self.scope = scope

    def compose(self) -> ComposeResult:
        scope = self.scope
        known = (
            scope.known_at.astimezone().isoformat(sep=" ", timespec="seconds")
            if scope.known_at
            else ""
        )
        with Vertical(classes="dialog"):
            yield Label("时间旅行", classes="dialog-title")
            yield Static(
                "截至日期：只计入业务日期在此日及以前的事实（留空为年末）。\n"
                "记录截至：只计入此刻及以前记录的事实（留空为现在；不带时区按本地时间）。",
                classes="note",
            )
            with Horizontal(classes="field"):
                yield Label("截至日期", classes="field-label")
                yield Input(
                    scope.as_of_date.isoformat(), id="as-of", placeholder="YYYY-MM-DD", compact=True
                )
            with Horizontal(classes="field"):
                yield Label("记录截至", classes="field-label")
                yield Input(
                    known, id="known-at", placeholder="现在，或如 2024-12-31 18:00", compact=True
                )
            yield Label("", id="time-error", classes="field-error")
            with Horizontal(classes="buttons"):
                yield Button("应用", id="apply", variant="primary")
                yield Button("回到现在", id="now")
                yield Button("取消", id="cancel")

    def on_input_submitted(self, event: Input.Submitted) -> None:
        event.stop()
        self.apply()

    def on_button_pressed(self, event: Button.Pressed) -> None:
        event.stop()
        if event.button.id == "apply":
            self.apply()
        elif event.button.id == "now":
            self.query_one("#as-of", Input).value = ""
            self.query_one("#known-at", Input).value = ""
            self.apply()
        else:
            self.dismiss(None)

    def apply(self) -> None:
        try:
            as_of = parse_as_of(self.query_one("#as-of", Input).value, self.scope.year)
            known_at = parse_known_at(self.query_one("#known-at", Input).value)
        except ValueError as err:
            self.query_one("#time-error", Label).update(str(err))
            return
        self.dismiss((as_of, known_at))
