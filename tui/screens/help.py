"""帮助: every key of the app, its tabs and dialogs, read from their bindings so that the
list can never disagree with what the keys do."""

from __future__ import annotations

from collections.abc import Iterable
from typing import ClassVar

from rich.table import Table
from textual.app import ComposeResult
from textual.binding import Binding, BindingType
from textual.containers import Vertical, VerticalScroll
from textual.screen import ModalScreen
from textual.widgets import Label, Static

KEY_NAMES = {
    "left_square_bracket": "[",
    "right_square_bracket": "]",
    "question_mark": "?",
    "slash": "/",
    "plus": "+",
    "minus": "-",
    "escape": "Esc",
    "enter": "Enter",
    "space": "空格",
    "right": "→",
    "left": "←",
    "home": "Home",
    "end": "End",
}


def key_text(binding: Binding) -> str:
    keys = [k.strip() for k in binding.key.split(",")]
    shown = [
        KEY_NAMES.get(k, k.replace("ctrl+", "Ctrl+").replace("shift+", "Shift+")) for k in keys
    ]
    return " / ".join(shown)


def bindings(source: Iterable[BindingType]) -> list[Binding]:
    return [b for b in source if isinstance(b, Binding) and b.description]


def own_bindings(cls: type) -> list[Binding]:
    """The bindings a class declares itself (not those it inherits, listed once where
    they are declared)."""
    return bindings(cls.__dict__.get("BINDINGS", []))


class HelpScreen(ModalScreen[None]):
    BINDINGS: ClassVar[list[BindingType]] = [
        Binding("escape,q,question_mark,f1", "dismiss", "关闭")
    ]

    def __init__(self, sections: list[tuple[str, list[Binding]]]) -> None:
        super().__init__(classes="dialog-screen")
        self.sections = sections

    def compose(self) -> ComposeResult:
        table = Table(show_header=True, header_style="bold", box=None, pad_edge=False)
        table.add_column("位置", style="bold cyan", no_wrap=True)
        table.add_column("按键", style="bold", no_wrap=True)
        table.add_column("作用")
        for title, found in self.sections:
            for i, b in enumerate(found):
                table.add_row(title if i == 0 else "", key_text(b), b.tooltip or b.description)
        with Vertical(classes="dialog wide"):
            yield Label("按键一览（Ctrl+P 打开命令面板，可搜索全部操作）", classes="dialog-title")
            with VerticalScroll():
                yield Static(table)
            yield Label("Esc 关闭", classes="note")
