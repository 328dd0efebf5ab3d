"""A DataTable whose columns fit the width it has (``fit``), fitted anew whenever that
width changes: the base of the report tables and the execution tree."""

from __future__ import annotations

from rich.text import Text
from textual import events
from textual.widgets import DataTable


class FittedTable(DataTable[Text]):
    fitted_to = 0  # the width the columns were last fitted to (0: not laid out yet)

    def redraw(self) -> None:
        """Rebuild the columns and rows for the width there is (``room``)."""
        raise NotImplementedError

    def drawn(self) -> bool:
        """Whether there is anything to fit yet."""
        raise NotImplementedError

    def room(self, rows: int) -> int:
        """The cells the columns may take with ``rows`` rows, remembered as what they
        were fitted to."""
        self.fitted_to = self._room(rows)
        return self.fitted_to

    def _room(self, rows: int) -> int:
        """The table's width, less a vertical scrollbar when the rows overflow (0 while
        it has no size yet)."""
        width, height = self.size
        if not width or not height:
            return 0
        scrolls = rows + 1 > height  # rows and the header
        return width - (self.styles.scrollbar_size_vertical if scrolls else 0)

    def on_resize(self, event: events.Resize) -> None:
        if self.drawn() and self._room(self.row_count) != self.fitted_to:
            self.redraw()
            self.call_after_refresh(self.settle_scrollbars)

    def settle_scrollbars(self) -> None:
        """Columns fitted anew leave the table's size as it was, so Textual does not look
        again at whether it still needs a scrollbar: ask it to."""
        self._refresh_scrollbars()
        self.refresh(layout=True)

    def cursor_key(self) -> str | None:
        if not self.row_count:
            return None
        try:
            return self.coordinate_to_cell_key(self.cursor_coordinate).row_key.value
        except Exception:  # the table is empty or being rebuilt
            return None
