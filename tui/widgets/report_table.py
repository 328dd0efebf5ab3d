"""A DataTable showing a ``Report``: its columns as declared, figures right-aligned in
万元, nested groups indented, the total last. Rows stay few: callers page in SQL.

The columns fit the width the table has, and fit again when it changes: names shrink
first (ending in …), then the columns a screen calls optional are left out, and figures
are kept whole (``fit``)."""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass, field
from typing import Any

from rich.text import Text

from projections.report import Column, Report
from tui.format import NUMERIC, cell, widths
from tui.widgets.fit import fit_columns
from tui.widgets.fitted_table import FittedTable

TOTAL = "__total__"
NAME_LEAST = 8  # a name is not cut below four CJK characters (or its column's label)
# Columns holding names, which shrink when the table is narrow (codes and figures do not).
NAMES = frozenset(
    {"project", "unit_name", "function_name", "economic_name", "fund", "label", "memo", "payee"}
)


@dataclass
class Shown:
    """What ``show`` was asked to show: drawn again, fitted anew, when the width changes."""

    report: Report
    keys: Sequence[str] | None = None
    rows: Sequence[dict[str, Any]] | None = None
    row_key: str | None = None
    styles: dict[str, str] = field(default_factory=dict)
    empty: str = "（无数据）"
    optional: Sequence[str] = ()
    total_label: str = "合计"
    names: Sequence[str] | None = None


class ReportTable(FittedTable):
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
        self.shown: Shown | None = None

    def show(
        self,
        report: Report,
        keys: Sequence[str] | None = None,
        rows: Sequence[dict[str, Any]] | None = None,
        row_key: str | None = None,
        styles: dict[str, str] | None = None,
        empty: str = "（无数据）",
        optional: Sequence[str] = (),
        total_label: str = "合计",
        names: Sequence[str] | None = None,
    ) -> None:
        """Show ``report`` (only the columns ``keys``, the ``rows`` given). Rows are keyed
        by ``row_key``'s value (else their position); ``styles`` maps row keys to styles.
        ``optional``: columns left out, the first first, when the table is too narrow for
        them once its names have shrunk; ``names``: the columns that may shrink (if not
        given, those of ``NAMES``). ``total_label`` names the total row. The cursor stays
        on the same row key when it is still there."""
        self.shown = Shown(
            report, keys, rows, row_key, styles or {}, empty, optional, total_label, names
        )
        self.redraw()

    def drawn(self) -> bool:
        return self.shown is not None

    def redraw(self) -> None:
        shown = self.shown
        assert shown is not None
        report, keys = shown.report, shown.keys
        columns = [c for c in report.columns if keys is None or c.key in keys]
        if keys is not None:
            columns.sort(key=lambda c: list(keys).index(c.key))
        kept = self.cursor_key()
        labels = [Text(c.label, justify="right" if c.kind in NUMERIC else "left") for c in columns]
        indent = next((c.key for c in columns if c.kind == "text"), None)
        body = list(report.rows if shown.rows is None else shown.rows)
        lines: list[tuple[str | None, list[Text]]] = []
        rows_by_key: dict[str, dict[str, Any]] = {}
        for position, row in enumerate(body):
            key = str(row[shown.row_key]) if shown.row_key else str(position)
            style = shown.styles.get(key, "")
            cells = []
            for c in columns:
                text = cell(c, row.get(c.key), style)
                if c.key == indent and row.get("depth"):
                    text = Text("  " * row["depth"]) + text
                cells.append(text)
            rows_by_key[key] = row
            lines.append((key, cells))
        if not body:
            # The empty table says so in its first column, as wide as the words.
            lines.append(
                (
                    "",
                    [Text(shown.empty if i == 0 else "", style="dim") for i in range(len(columns))],
                )
            )
        if report.total is not None and body:
            total = [
                Text(shown.total_label, style="bold")
                if c.key == indent
                else cell(c, report.total.get(c.key), "bold")
                for c in columns
            ]
            lines.append((TOTAL, total))
        natural = dict(
            zip((c.key for c in columns), widths(labels, [c for _, c in lines]), strict=True)
        )
        least = {
            c.key: min(natural[c.key], max(label.cell_len, NAME_LEAST))
            for c, label in zip(columns, labels, strict=True)
            if c.key in (NAMES if shown.names is None else shown.names)
        }
        available = self.room(len(lines))
        if available:
            keys_kept, fitted = fit_columns(natural, available, least, shown.optional)
        else:  # not laid out yet: natural widths until the table knows its width
            keys_kept, fitted = list(natural), natural
        self.clear(columns=True)
        self.columns_shown = [c for c in columns if c.key in keys_kept]
        self.rows_by_key = rows_by_key
        at = [i for i, c in enumerate(columns) if c.key in keys_kept]
        for i in at:
            self.add_column(labels[i], key=columns[i].key, width=fitted[columns[i].key])
        for row_key, cells in lines:
            self.add_row(*(cells[i] for i in at), key=row_key or None)
        if kept is not None and kept in self.rows_by_key:
            self.move_cursor(row=self.get_row_index(kept), animate=False)

    def selected(self) -> dict[str, Any] | None:
        """The row under the cursor (None on the total or an empty table)."""
        key = self.cursor_key()
        return None if key is None else self.rows_by_key.get(key)
