"""A published table as a grid of cells (header rows with merged cells, body rows), the
one form the XLSX writer and the text renderer both draw, and the text renderer."""

from __future__ import annotations

import itertools
from dataclasses import dataclass, field
from decimal import Decimal
from typing import Literal

from ledger.money import wan
from projections.final_accounts.layouts import NO_DATA, UNIT_LINE, TableMeta
from projections.render import pad, width

# int: money in fen; Decimal: a percentage or a score; str: a label or a code
Value = str | int | Decimal | None
Align = Literal["left", "center", "right"]


@dataclass
class Cell:
    value: Value = None
    span: int = 1  # columns covered
    rows: int = 1  # header rows covered
    indent: int = 0  # level of a code row: 类 0, 款 1, 项 2
    bold: bool = False
    zero: bool = False  # print a zero amount (published tables leave zeros blank)
    align: Align | None = None

    @property
    def numeric(self) -> bool:
        return isinstance(self.value, int | Decimal) and not isinstance(self.value, bool)

    def text(self) -> str:
        v = self.value
        if v is None or isinstance(v, bool):
            return ""
        if isinstance(v, int):
            return f"{wan(v):,.2f}" if v or self.zero else ""
        if isinstance(v, Decimal):
            return f"{v:.2f}"
        return v


Row = list[Cell]


def cells(*values: Value | Cell) -> Row:
    return [v if isinstance(v, Cell) else Cell(v) for v in values]


@dataclass
class Sheet:
    meta: TableMeta
    entity: str  # 部门名称
    year: int
    columns: int
    header: list[Row]
    body: list[Row]
    empty: bool = False
    marks: list[str] = field(default_factory=list)  # preview, failed checks
    appendix: list[Row] = field(default_factory=list)  # a small table under the note
    widths: list[int] | None = None  # XLSX column widths, when not taken from the text
    unit_line: str = UNIT_LINE
    remarks: list[str] = field(default_factory=list)  # this sheet's own notes, after the table's

    @property
    def notes(self) -> list[str]:
        return [self.meta.note, *self.remarks, *([NO_DATA] if self.empty else [])]

    def place(self, rows: list[Row]) -> list[list[tuple[int, Cell]]]:
        """Each cell with its column, skipping columns merged down from the row above."""
        covered: dict[tuple[int, int], bool] = {}
        out = []
        for r, row in enumerate(rows):
            col, placed = 0, []
            for cell in row:
                while covered.get((r, col)):
                    col += 1
                placed.append((col, cell))
                for dr in range(1, cell.rows):
                    for dc in range(cell.span):
                        covered[(r + dr, col + dc)] = True
                col += cell.span
            out.append(placed)
        return out


SEP = "  "


def column_widths(sheet: Sheet, rows: list[list[tuple[int, Cell]]]) -> list[int]:
    widths = [0] * sheet.columns
    for row in rows:
        for col, cell in row:
            if cell.span == 1:
                widths[col] = max(widths[col], width(cell.text()) + 2 * cell.indent)
    for row in rows:
        for col, cell in row:
            if cell.span > 1:
                have = sum(widths[col : col + cell.span]) + len(SEP) * (cell.span - 1)
                widths[col + cell.span - 1] += max(width(cell.text()) - have, 0)
    return widths


def heading(sheet: Sheet) -> list[str]:
    meta = sheet.meta
    lines = [meta.title, *([meta.code] if meta.code else [])]
    lines.append(f"部门名称：{sheet.entity}    {sheet.year}年度    {sheet.unit_line}")
    return [*lines, *sheet.marks]


TEXT_WIDTH = 160  # what the command line prints a table in, at most


def text_lines(sheet: Sheet, max_width: int | None = None) -> list[str]:
    """The sheet as aligned text (CJK characters count two cells); with ``max_width``
    (the command line's TEXT_WIDTH), at most that many cells wide: a sheet of side-by-side blocks (code, name, figure; …) is printed a few
    blocks at a time, a wide one in parts of its columns each repeating the row labels,
    and a text too long for its column goes on to further lines."""
    header = sheet.place(sheet.header)
    body = sheet.place(sheet.body)
    appendix = sheet.place(sheet.appendix)
    widths = column_widths(sheet, header + body + appendix)
    lines = heading(sheet)
    if max_width is None:
        max_width = 1 << 30  # one part, nothing wrapped
    parts = _parts(widths, _numeric_columns(body), max_width)
    for n, part in enumerate(parts, start=1):
        if len(parts) > 1:
            lines.append(f"（第 {n}/{len(parts)} 部分）")
        part_widths = _fit(
            [widths[c] for c in part], [c not in _numeric_columns(body) for c in part], max_width
        )
        rule = "-" * (sum(part_widths) + len(SEP) * (len(part) - 1))
        lines.append(rule)
        if header:
            for r in header:
                lines += _draw(_clip(r, part), part_widths, True)
            lines.append(rule)
        for r in body:
            lines += _draw(_clip(r, part), part_widths, False)
        lines.append(rule)
    lines += [piece for note in sheet.notes for piece in _wrap(note, max_width)]
    for r in appendix:
        lines += _draw(r, widths, False)
    return lines


def _numeric_columns(body: list[list[tuple[int, Cell]]]) -> set[int]:
    return {col for row in body for col, cell in row if cell.numeric}


def _parts(widths: list[int], numeric: set[int], max_width: int) -> list[list[int]]:
    """The columns of each part. A block starts at a label column after a figure column;
    blocks side by side (公开06) are kept whole, otherwise the leading label columns are
    repeated before as many of the others as fit."""
    total = sum(widths) + len(SEP) * (len(widths) - 1)
    if total <= max_width or not numeric:
        return [list(range(len(widths)))]
    starts = [c for c in range(1, len(widths)) if c not in numeric and c - 1 in numeric]
    if starts:
        bounds = [0, *starts, len(widths)]
        blocks = [list(range(a, b)) for a, b in itertools.pairwise(bounds)]
        return _pack(blocks, [], widths, max_width)
    labels = min(numeric)
    return _pack([[c] for c in range(labels, len(widths))], list(range(labels)), widths, max_width)


def _pack(
    blocks: list[list[int]], keys: list[int], widths: list[int], max_width: int
) -> list[list[int]]:
    def size(cols: list[int]) -> int:
        return sum(widths[c] + len(SEP) for c in cols)

    parts: list[list[int]] = []
    current: list[int] = []
    for block in blocks:
        if current and size(keys + current + block) > max_width:
            parts.append(keys + current)
            current = []
        current += block
    return [*parts, keys + current]


def _fit(widths: list[int], text: list[bool], max_width: int) -> list[int]:
    """Narrow the widest text column so the part fits (its texts wrap)."""
    excess = sum(widths) + len(SEP) * (len(widths) - 1) - max_width
    candidates = [i for i, t in enumerate(text) if t]
    if excess <= 0 or not candidates:
        return widths
    widest = max(candidates, key=lambda i: widths[i])
    return [max(w - excess, 12) if i == widest else w for i, w in enumerate(widths)]


def _clip(row: list[tuple[int, Cell]], part: list[int]) -> list[tuple[int, Cell]]:
    """A placed row's cells over the part's columns, renumbered (a merged cell over
    columns of several parts shows in each)."""
    out = []
    for start, cell in row:
        inside = [i for i, c in enumerate(part) if start <= c < start + cell.span]
        if inside:
            out.append((inside[0], Cell(**{**cell.__dict__, "span": len(inside)})))
    return out


def _wrap(text: str, cells: int) -> list[str]:
    """``text`` in pieces at most ``cells`` wide (CJK characters count two)."""
    pieces, piece = [], ""
    for ch in text:
        if piece and width(piece + ch) > cells:
            pieces.append(piece)
            piece = ""
        piece += ch
    return [*pieces, piece]


def _draw(row: list[tuple[int, Cell]], widths: list[int], centre: bool) -> list[str]:
    """A row as one line, or more when a text is wider than its column."""
    placed = []
    for start, cell in row:
        span = sum(widths[start : start + cell.span]) + len(SEP) * (cell.span - 1)
        text = "  " * cell.indent + cell.text()
        placed.append((start, cell, span, _wrap(text, span) if not cell.numeric else [text]))
    lines = []
    for n in range(max((len(p[3]) for p in placed), default=1)):
        parts, col = [], 0
        for start, cell, span, pieces in placed:
            while col < start:
                parts.append(" " * widths[col])
                col += 1
            text = pieces[n] if n < len(pieces) else ""
            if centre:
                gap = span - width(text)
                parts.append(" " * (gap // 2) + text + " " * (gap - gap // 2))
            else:
                parts.append(pad(text, span, right=cell.numeric))
            col = start + cell.span
        lines.append(SEP.join(parts).rstrip())
    return lines


def _column_labels(sheet: Sheet) -> list[str]:
    """One label per column for a flat table: the headings over it, joined by ·."""
    labels: list[list[str]] = [[] for _ in range(sheet.columns)]
    for row in sheet.place(sheet.header):
        texts = [cell.text() for _, cell in row]
        if all(t.isdigit() or t in ("", "栏次") for t in texts):
            continue  # the 栏次 row
        for col, cell in row:
            for c in range(col, col + cell.span):
                if cell.text() and cell.text() not in labels[c]:
                    labels[c].append(cell.text())
    return ["·".join(parts) for parts in labels]


def markdown_lines(sheet: Sheet) -> list[str]:
    """The sheet as a Markdown table (merged cells flattened), with its title and notes."""
    meta = sheet.meta
    code = f"（{meta.code}）" if meta.code else ""
    lines = [f"### {meta.title}{code}", "", f"{sheet.unit_line}", ""]
    lines += [f"**{m}**" for m in sheet.marks]

    def row_text(row: list[tuple[int, Cell]]) -> str:
        texts = [""] * sheet.columns
        for col, cell in row:
            texts[col] = ("　" * cell.indent + cell.text()).replace("|", "\\|")
        return "| " + " | ".join(texts) + " |"

    lines.append("| " + " | ".join(_column_labels(sheet)) + " |")
    lines.append("|" + "---|" * sheet.columns)
    lines += [row_text(r) for r in sheet.place(sheet.body)]
    lines += ["", *sheet.notes]
    if sheet.appendix:
        appendix = sheet.place(sheet.appendix)
        lines += ["", row_text(appendix[0]), "|" + "---|" * sheet.columns]
        lines += [row_text(r) for r in appendix[1:]]
    return [*lines, ""]
