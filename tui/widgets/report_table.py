"""A DataTable showing a ``Report``: its columns as declared, figures right-aligned in
万元, nested groups indented, the total last. Rows stay few: callers page in SQL."""

from __future__ import annotations

from collections.abc import Sequence
from typing import Any

from rich.text import Text
from textual.widgets import DataTable

from projections.report import Column, Report
from tui.format import NUMERIC, cell, widths

TOTAL = "__total__"


class ReportTable(DataTable[Text]):
    DEFAULT_CSS = """
    ReportTable { height: auto; max-height: 100%; }
    """

    def __init__(
        self, *, id: str | None = None, classes: str | None = None, cursor: bool = True
    ) -> None:
        """``cursor=False``: a table only to read (no cursor, not in the focus chain)."""
        super().__init__(
            id=id, classes=classes, cursor_type="row", zebra_stripes=True, show_cursor=cursor
        )
        self.can_focus = cursor
        self.rows_by_key: dict[str, dict[str, Any]] = {}
        self.columns_shown: list[Column] = []

    def show(
        self,
        report: Report,
        keys: Sequence[str] | None = None,
        rows: Sequence[dict[str, Any]] | None = None,
        row_key: str | None = None,
        styles: dict[str, str] | None = None,
        empty: str = "（无数据）",
        limits: dict[str, int] | None = None,
    ) -> None:
        """Show ``report`` (only the columns ``keys``, the ``rows`` given). Rows are keyed
        by ``row_key``'s value (else their position); ``styles`` maps row keys to styles.
        ``limits`` caps a column's width (long names end in …). The cursor stays on the
        same row key when it is still there."""
        columns = [c for c in report.columns if keys is None or c.key in keys]
        if keys is not None:
            columns.sort(key=lambda c: list(keys).index(c.key))
        kept = self.cursor_key()
        self.clear(columns=True)
        self.columns_shown = columns
        self.rows_by_key = {}
        labels = [Text(c.label, justify="right" if c.kind in NUMERIC else "left") for c in columns]
        indent = next((c.key for c in columns if c.kind == "text"), None)
        body = list(report.rows if rows is None else rows)
        lines: list[tuple[str | None, list[Text]]] = []
        for position, row in enumerate(body):
            key = str(row[row_key]) if row_key else str(position)
            style = (styles or {}).get(key, "")
            cells = []
            for c in columns:
                text = cell(c, row.get(c.key), style)
                if c.key == indent and row.get("depth"):
                    text = Text("  " * row["depth"]) + text
                if limits and c.key in limits and text.cell_len > limits[c.key]:
                    text.truncate(limits[c.key], overflow="ellipsis")
                cells.append(text)
            self.rows_by_key[key] = row
            lines.append((key, cells))
        if not body:
            lines.append(
                (None, [Text(empty if i == 0 else "", style="dim") for i in range(len(columns))])
            )
        if report.total is not None and body:
            total = [
                Text("合计", style="bold")
                if c.key == indent
                else cell(c, report.total.get(c.key), "bold")
                for c in columns
            ]
            lines.append((TOTAL, total))
        shown = [cells for key, cells in lines if key is not None]
        for c, label, width in zip(columns, labels, widths(labels, shown), strict=True):
            self.add_column(label, key=c.key, width=width)
        for line_key, cells in lines:
            self.add_row(*cells, key=line_key)
        if kept is not None and kept in self.rows_by_key:
            self.move_cursor(row=self.get_row_index(kept), animate=False)

    def cursor_key(self) -> str | None:
        if not self.row_count:
            return None
        try:
            key = self.coordinate_to_cell_key(self.cursor_coordinate).row_key.value
        except Exception:  # the table is empty or being rebuilt
            return None
        return key

    def selected(self) -> dict[str, Any] | None:
        """The row under the cursor (None on the total or an empty table)."""
        key = self.cursor_key()
        return None if key is None else self.rows_by_key.get(key)
