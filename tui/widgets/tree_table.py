"""A table whose rows nest: a DataTable showing only the unfolded part of a tree, so the
figures stay in aligned columns while the user folds and unfolds groups. Children may
be loaded on demand (a line's facts): unfolding such a row asks the screen for them.

The label column takes the room the figures leave (up to its longest label); when the
table is too narrow, the labels shrink first, then the optional figures are left out."""

from __future__ import annotations

from collections.abc import Sequence
from typing import Any, ClassVar

from rich.text import Text
from textual.binding import Binding, BindingType
from textual.message import Message

from projections.report import Column
from tui.format import NUMERIC, cell, widths
from tui.widgets.fit import fit_columns
from tui.widgets.fitted_table import FittedTable

LABEL_LEAST = 16  # eight CJK characters of a group's or a line's name


class TreeTable(FittedTable):
    BINDINGS: ClassVar[list[BindingType]] = [
        Binding("enter,space", "toggle_fold", "展开/折叠"),
        Binding("right", "unfold", "展开", show=False),
        Binding("left", "fold", "折叠", show=False),
    ]

    class ChildrenWanted(Message):
        """A row whose children load on demand was unfolded."""

        def __init__(self, row: dict[str, Any]) -> None:
            super().__init__()
            self.row = row

    def __init__(self, *, id: str | None = None) -> None:
        super().__init__(id=id, cursor_type="row", zebra_stripes=True)
        self.nodes: dict[str, dict[str, Any]] = {}
        self.children_of: dict[str | None, list[str]] = {}
        self.unfolded: set[str] = set()
        self.figure_columns: list[Column] = []
        self.total: dict[str, Any] | None = None
        self.optional: list[str] = []  # figure columns left out first when narrow

    # --- content -------------------------------------------------------------------

    def show(
        self,
        rows: Sequence[dict[str, Any]],
        columns: Sequence[Column],
        total: dict[str, Any] | None,
        unfold_depth: int = 1,
        fresh: bool = False,
        optional: Sequence[str] = (),
    ) -> None:
        """Replace the tree. Rows have ``key``, ``parent``, ``depth``, ``label``; rows
        with ``lazy`` set get their children through ``ChildrenWanted``. Unfolded rows
        stay unfolded when the tree is reloaded for another date; a ``fresh`` tree (another
        grouping) unfolds its first ``unfold_depth`` levels like a new one. ``optional``:
        figure columns left out (the first first) when the table is too narrow for them."""
        first = fresh or not self.nodes
        self.nodes = {}
        self.children_of = {}
        self.add_nodes(rows)
        if first:
            self.unfolded = {r["key"] for r in rows if r["depth"] < unfold_depth}
        else:
            self.unfolded &= set(self.nodes)
            for key in [k for k in self.unfolded if self.nodes[k].get("lazy")]:
                # Children loaded on demand are reloaded for the new figures.
                self.unfolded.discard(key)
                self.post_message(self.ChildrenWanted(self.nodes[key]))
        self.figure_columns = list(columns)
        self.optional = list(optional)
        self.total = total
        self.redraw()

    def add_nodes(self, rows: Sequence[dict[str, Any]]) -> None:
        for row in rows:
            self.nodes[row["key"]] = row
            self.children_of.setdefault(row["parent"], []).append(row["key"])

    def set_children(self, parent: str, rows: Sequence[dict[str, Any]]) -> None:
        """Children loaded on demand for ``parent``."""
        if parent not in self.nodes:
            return
        self.nodes[parent]["lazy"] = False
        self.add_nodes(rows)
        self.unfolded.add(parent)
        self.redraw()

    def redraw(self) -> None:
        kept = self.cursor_key()
        self.clear(columns=True)
        lines = [(key, self._cells(self.nodes[key])) for key in self.visible_keys()]
        if self.total is not None and self.nodes:
            total = [Text("合计", style="bold")]
            total += [cell(c, self.total.get(c.key), "bold") for c in self.figure_columns]
            lines.append(("__total__", total))
        # Widths from every row, folded or not, so columns keep still while unfolding.
        every = [self._cells(row) for row in self.nodes.values()] + [cells for _, cells in lines]
        labels = [Text("科目 / 指标")] + [
            Text(c.label, justify="right" if c.kind in NUMERIC else "left")
            for c in self.figure_columns
        ]
        keys = ["label", *(c.key for c in self.figure_columns)]
        natural = dict(zip(keys, widths(labels, every), strict=True))
        least = {"label": min(natural["label"], LABEL_LEAST)}
        available = self.room(len(lines))
        if available:
            kept_keys, fitted = fit_columns(natural, available, least, self.optional)
        else:  # not laid out yet: natural widths until the table knows its width
            kept_keys, fitted = keys, natural
        at = [i for i, k in enumerate(keys) if k in kept_keys]
        for i in at:
            self.add_column(labels[i], key=keys[i], width=fitted[keys[i]])
        lines = [(key, [cells[i] for i in at]) for key, cells in lines]
        for key, cells in lines:
            self.add_row(*cells, key=key)
        if not self.nodes:
            self.add_row(Text("（无数据）", style="dim"), *[Text("")] * (len(at) - 1))
        if kept is not None and kept in self.nodes and kept in set(self.visible_keys()):
            self.move_cursor(row=self.get_row_index(kept), animate=False)

    def drawn(self) -> bool:
        return bool(self.nodes)

    def visible_keys(self) -> list[str]:
        shown: list[str] = []

        def walk(parent: str | None) -> None:
            for key in self.children_of.get(parent, []):
                shown.append(key)
                if key in self.unfolded:
                    walk(key)

        walk(None)
        return shown

    def _has_children(self, key: str) -> bool:
        return bool(self.children_of.get(key)) or bool(self.nodes[key].get("lazy"))

    def _cells(self, row: dict[str, Any]) -> list[Text]:
        key = row["key"]
        marker = "▾ " if key in self.unfolded else "▸ "
        if not self._has_children(key):
            marker = "  "
        style = row.get("style", "")
        label = Text("  " * row["depth"] + marker, no_wrap=True, overflow="ellipsis")
        label.append(row["label"], style=style)
        return [label, *(cell(c, row.get(c.key), style) for c in self.figure_columns)]

    # --- the cursor ----------------------------------------------------------------

    def selected(self) -> dict[str, Any] | None:
        key = self.cursor_key()
        return None if key is None else self.nodes.get(key)

    # --- actions -------------------------------------------------------------------

    def action_toggle_fold(self) -> None:
        key = self.cursor_key()
        if key is None or key not in self.nodes:
            return
        if key in self.unfolded:
            self.unfolded.discard(key)
            self.redraw()
        else:
            self.action_unfold()

    def action_unfold(self) -> None:
        key = self.cursor_key()
        if key is None or key not in self.nodes or not self._has_children(key):
            return
        if self.nodes[key].get("lazy"):
            self.post_message(self.ChildrenWanted(self.nodes[key]))
            return
        self.unfolded.add(key)
        self.redraw()

    def action_fold(self) -> None:
        key = self.cursor_key()
        if key is None or key not in self.nodes:
            return
        if key in self.unfolded:
            self.unfolded.discard(key)
        else:
            parent = self.nodes[key]["parent"]
            if parent is None:
                return
            self.unfolded.discard(parent)
            key = parent
        self.redraw()
        self.move_cursor(row=self.get_row_index(key), animate=False)

    def action_unfold_all(self) -> None:
        self.unfolded = {k for k in self.nodes if self.children_of.get(k)}
        self.redraw()

    def action_fold_all(self) -> None:
        self.unfolded = set()
        self.redraw()
