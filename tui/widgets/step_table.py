"""A DataTable that says when the cursor tries to go past its first or last row, so a
screen showing one page of a long sequence can fetch the page before or after."""

from __future__ import annotations

from rich.text import Text
from textual.message import Message
from textual.widgets import DataTable


class StepTable(DataTable[Text]):
    class Edge(Message):
        def __init__(self, direction: int) -> None:
            super().__init__()
            self.direction = direction  # +1: past the last row, -1: before the first

    def __init__(self, *, id: str | None = None) -> None:
        super().__init__(id=id, cursor_type="row", zebra_stripes=True)

    def action_cursor_down(self) -> None:
        if self.row_count and self.cursor_row >= self.row_count - 1:
            self.post_message(self.Edge(+1))
        else:
            super().action_cursor_down()

    def action_cursor_up(self) -> None:
        if self.row_count and self.cursor_row <= 0:
            self.post_message(self.Edge(-1))
        else:
            super().action_cursor_up()
