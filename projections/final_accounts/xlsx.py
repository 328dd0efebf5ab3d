"""Sheets to an XLSX workbook laid out like the published tables: title, table number,
部门名称 / 年度 / 金额单位, heading rows with merged cells, bordered body with amounts
right-aligned to two decimals and code rows indented by level, the note under the table,
and "本表无数据" for an empty table."""

from __future__ import annotations

from decimal import Decimal
from pathlib import Path

from openpyxl import Workbook
from openpyxl.styles import Alignment, Border, Font, PatternFill, Side
from openpyxl.utils import get_column_letter
from openpyxl.worksheet.properties import PageSetupProperties
from openpyxl.worksheet.worksheet import Worksheet

from ledger.atomic import replacing
from ledger.journal.spreadsheet import xlsx_text
from ledger.money import wan
from projections.final_accounts.grid import Cell, Row, Sheet, column_widths
from projections.render import width as text_width

_THIN = Side(style="thin", color="000000")
_BOX = Border(left=_THIN, right=_THIN, top=_THIN, bottom=_THIN)
_HEAD_FILL = PatternFill("solid", fgColor="F2F2F2")
_FONT = "SimSun"  # the published tables' 宋体; LibreOffice substitutes a CJK font
MONEY = "#,##0.00_ "  # the trailing space keeps figures off the border
PERCENT = "0.00_ "
NUMERIC_WIDTH = 12


def write_workbook(sheets: list[Sheet], path: Path) -> None:
    book = Workbook()
    book.remove(book.worksheets[0])  # the empty sheet a new workbook starts with
    for sheet in sheets:
        _write(book.create_sheet(sheet.meta.sheet[:31]), sheet)
    with replacing(path) as temporary:  # the previous file stays until this one is whole
        book.save(temporary)


def _value(cell: Cell) -> Decimal | str | None:
    v = cell.value
    if isinstance(v, bool) or v is None:
        return None
    if isinstance(v, int):
        return wan(v) if v or cell.zero else None
    return v


def _banner(
    ws: Worksheet,
    row: int,
    columns: int,
    text: str,
    bold: bool | None = None,
    size: float | None = None,
    color: str | None = None,
) -> None:
    ws.cell(row, 1, text).font = Font(name=_FONT, bold=bold, size=size, color=color)
    if columns > 1:
        ws.merge_cells(start_row=row, start_column=1, end_row=row, end_column=columns)


def _write(ws: Worksheet, sheet: Sheet) -> None:
    n = sheet.columns
    total = sum(_widths(ws, sheet))
    _banner(ws, 1, n, sheet.meta.title, bold=True, size=16)
    ws.cell(1, 1).alignment = Alignment(horizontal="center", vertical="center")
    ws.row_dimensions[1].height = 30
    row = 2
    if sheet.meta.code:
        code = ws.cell(row, n, sheet.meta.code)
        code.alignment = Alignment(horizontal="right")
        code.font = Font(name=_FONT)
        row += 1
    row = _entity_line(ws, row, n, sheet, total)
    for mark in sheet.marks:
        _banner(ws, row, n, mark, bold=True, color="C00000")
        row += 1
    first_body = row + len(sheet.header)
    if sheet.header:  # repeated on every printed page
        ws.print_title_rows = f"{row}:{first_body - 1}"
    row = _grid(ws, row, sheet, sheet.header, heading=True)
    row = _grid(ws, row, sheet, sheet.body, heading=False)
    for note in sheet.notes:
        _banner(ws, row, n, note, size=10)
        ws.cell(row, 1).alignment = Alignment(wrap_text=True, vertical="top")
        ws.row_dimensions[row].height = 15 * (1 + text_width(note) // max(total - 2, 1))
        row += 1
    if sheet.appendix:
        _grid(ws, row + 1, sheet, sheet.appendix, heading=False)
    ws.freeze_panes = f"A{first_body}"
    ws.page_setup.orientation = "landscape"
    ws.page_setup.paperSize = ws.PAPERSIZE_A4
    ws.page_setup.fitToWidth = 1
    ws.page_setup.fitToHeight = 0
    ws.sheet_properties.pageSetUpPr = PageSetupProperties(fitToPage=True)
    ws.print_options.horizontalCentered = True


def _widths(ws: Worksheet, sheet: Sheet) -> list[int]:
    """Set the column widths (in characters, a CJK character counting two) and return them."""
    if sheet.widths:
        widths = sheet.widths
    else:
        placed = sheet.place(sheet.header) + sheet.place(sheet.body) + sheet.place(sheet.appendix)
        numeric = {col for row in sheet.place(sheet.body) for col, cell in row if cell.numeric}
        widths = [
            min(max(w + 2, NUMERIC_WIDTH if i in numeric else 8), 44)
            for i, w in enumerate(column_widths(sheet, placed))
        ]
    for i, w in enumerate(widths):
        ws.column_dimensions[get_column_letter(i + 1)].width = w
    return widths


def _entity_line(ws: Worksheet, row: int, n: int, sheet: Sheet, total: int) -> int:
    """部门名称 and 年度 on the left, 金额单位 on the right, on one line as published; a
    narrow table puts 年度 beside 金额单位 on a second line, so a long name is never cut.
    Returns the next free row."""
    entity, year = f"部门名称：{sheet.entity}", f"{sheet.year}年度"
    one_line = text_width(entity) + text_width(year) + text_width(sheet.unit_line) + 12 <= total
    left = f"{entity}　　{year}" if one_line else entity
    ws.cell(row, 1, left).font = Font(name=_FONT)
    last = n - 1 if one_line else n
    if last > 1:
        ws.merge_cells(start_row=row, start_column=1, end_row=row, end_column=last)
    if not one_line:
        row += 1
    unit = ws.cell(row, n, sheet.unit_line if one_line else f"{year}　{sheet.unit_line}")
    unit.font = Font(name=_FONT)
    unit.alignment = Alignment(horizontal="right")
    return row + 1


def _grid(ws: Worksheet, top: int, sheet: Sheet, rows: list[Row], heading: bool) -> int:
    placed = sheet.place(rows)
    extent = max((col + cell.span for row in placed for col, cell in row), default=0)
    for r in range(len(rows)):
        for c in range(1, extent + 1):
            ws.cell(top + r, c).border = _BOX
            if heading:
                ws.cell(top + r, c).fill = _HEAD_FILL
    for r, row in enumerate(placed):
        for col, cell in row:
            target = ws.cell(top + r, col + 1, _value(cell))
            if isinstance(target.value, str):
                target.value = xlsx_text(target.value)
                target.data_type = "s"  # text, never a formula
            target.font = Font(name=_FONT, bold=cell.bold or heading)
            target.alignment = _alignment(cell, heading)
            if cell.numeric:
                target.number_format = MONEY if isinstance(cell.value, int) else PERCENT
            if cell.span > 1 or cell.rows > 1:
                ws.merge_cells(
                    start_row=top + r,
                    start_column=col + 1,
                    end_row=top + r + cell.rows - 1,
                    end_column=col + cell.span,
                )
    return top + len(rows)


def _alignment(cell: Cell, heading: bool) -> Alignment:
    if heading:
        return Alignment(horizontal="center", vertical="center", wrap_text=True)
    if cell.align:
        return Alignment(horizontal=cell.align, vertical="center")
    if cell.numeric or isinstance(cell.value, Decimal):
        return Alignment(horizontal="right", vertical="center")
    return Alignment(horizontal="left", vertical="center", indent=cell.indent)
