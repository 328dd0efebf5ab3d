"""A published table as a grid of cells (header rows with merged cells, body rows), the
one form the XLSX writer and the text renderer both draw, and the text renderer."""

from __future__ import annotations

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


def text_lines(sheet: Sheet) -> list[str]:
    """The sheet as aligned text (CJK characters count two cells)."""
    header = sheet.place(sheet.header)
    body = sheet.place(sheet.body)
    appendix = sheet.place(sheet.appendix)
    widths = column_widths(sheet, header + body + appendix)

    def draw(row: list[tuple[int, Cell]], centre: bool) -> str:
        parts, col = [], 0
        for start, cell in row:
            while col < start:
                parts.append(" " * widths[col])
                col += 1
            span = sum(widths[start : start + cell.span]) + len(SEP) * (cell.span - 1)
            text = "  " * cell.indent + cell.text()
            if centre:
                gap = span - width(text)
                parts.append(" " * (gap // 2) + text + " " * (gap - gap // 2))
            else:
                parts.append(pad(text, span, right=cell.numeric))
            col = start + cell.span
        return SEP.join(parts).rstrip()

    rule = "-" * (sum(widths) + len(SEP) * (len(widths) - 1))
    lines = [*heading(sheet), rule]
    if header:
        lines += [draw(r, True) for r in header] + [rule]
    lines += [draw(r, False) for r in body]
    lines += [rule, *sheet.notes]
    lines += [draw(r, False) for r in appendix]
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
