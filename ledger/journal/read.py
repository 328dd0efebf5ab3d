"""Stream journal files (CSV, XLSX, JSON Lines) as rows of cells, one at a time.

Nothing here holds more than one row: a million-row file is read in constant memory.
Each row comes with its number as the user sees it (the spreadsheet row, the header
being row 1; the line number in JSON Lines) and cells keyed by the English column name.
"""

from __future__ import annotations

import csv
import io
import os
from collections.abc import Iterator
from pathlib import Path
from typing import Any, BinaryIO

from ledger.journal.columns import (
    BY_HEADER,
    PERFORMANCE_COLUMNS,
    REQUIRED,
    REQUIRED_WITH_PERFORMANCE,
    label,
)
from ledger.journal.encoding import EncodingRefused, sniff
from ledger.journal.lookalikes import EQUALS_ALLOWED
from ledger.journal.parse import RowError
from ledger.journal.refusals import (
    CELL_LIMIT,
    csv_problem,
    json_object,
    merged_error,
    refuse_extra_cells,
    shown,
    unknown_header,
    xlsx_cell,
)
from ledger.journal.spreadsheet import unescape
from ledger.journal.write import CSV_MARK, END, JSONL_END, JSONL_MARK
from ledger.journal.xlsx import column_letters, merged_ranges

Cells = dict[str, str | None]
FORMATS = ("csv", "xlsx", "jsonl")

csv.field_size_limit(max(csv.field_size_limit(), CELL_LIMIT))
# The longest line read (characters in CSV, bytes in JSON Lines): a file with no line
# breaks is refused at this length instead of being read whole into memory.
LINE_LIMIT = 2 * CELL_LIMIT


class JournalFileError(Exception):
    """The file as a whole cannot be read as a journal."""


def detect_format(path: Path) -> str:
    suffix = path.suffix.lower().lstrip(".")
    if suffix in ("jsonl", "ndjson"):
        return "jsonl"
    if suffix in ("csv", "xlsx"):
        return suffix
    raise JournalFileError(f"{path.name}：无法识别的文件类型（应为 .csv、.xlsx 或 .jsonl）")


class JournalReader:
    """Rows of one journal file. ``progress()`` says how far the reading has got (0–1)."""

    def __init__(self, path: Path) -> None:
        self.path = path
        self.format = detect_format(path)
        self.encoding = "utf-8"
        self.size = os.path.getsize(path)
        self._stream: BinaryIO | None = None
        self._row_progress: tuple[int, int] = (0, 0)

    def progress(self) -> float:
        if self.format == "xlsx":
            done, total = self._row_progress
            return done / total if total else 0.0
        if self._stream is None or self.size == 0 or self._stream.closed:
            return 0.0
        return min(self._stream.tell() / self.size, 1.0)

    def rows(self) -> Iterator[tuple[int, Cells]]:
        if self.size == 0:
            raise JournalFileError("文件为空")
        if self.format == "csv":
            yield from self._csv_rows()
        elif self.format == "jsonl":
            yield from self._jsonl_rows()
        else:
            yield from self._xlsx_rows()

    # --- CSV -----------------------------------------------------------------------

    def _csv_rows(self) -> Iterator[tuple[int, Cells]]:
        with open(self.path, "rb") as raw:
            self._stream = raw
            try:
                self.encoding = sniff(raw)
            except EncodingRefused as err:
                raise JournalFileError(str(err)) from None
            text = io.TextIOWrapper(raw, encoding=self.encoding, newline="")
            reader = csv.reader(_bounded_lines(text), strict=True)
            number = 0
            end = _End()
            try:
                header: list[str] | None = None
                for number, record in enumerate(reader, start=1):
                    if end.check_after(number, record):
                        continue
                    if header is None:
                        if number == 1 and _first(record) == CSV_MARK:
                            end.promised = True
                            continue
                        header = record
                        columns = _columns(header, number)
                        continue
                    if record and record[0] == END:
                        end.reached(number, record[1] if len(record) > 1 else "")
                        continue
                    if len(record) > len(columns):
                        refuse_extra_cells(columns, record, number)
                    record = [unescape(v) if v.startswith("'") else v for v in record]
                    cells = _record_cells(columns, record, number)
                    if cells is not None:
                        end.rows += 1
                        yield number, cells
                if header is None:
                    raise JournalFileError("文件为空")
                end.check_present()
            except UnicodeDecodeError:
                raise JournalFileError(
                    f"第 {number + 1} 行附近的文字不是有效的 {self.encoding} 编码；"
                    "请将文件另存为 UTF-8 编码的 CSV"
                ) from None
            except csv.Error as err:
                raise JournalFileError(f"第 {number + 1} 行：{csv_problem(err)}") from None

    # --- JSON Lines ----------------------------------------------------------------

    def _jsonl_rows(self) -> Iterator[tuple[int, Cells]]:
        with open(self.path, "rb") as raw:
            self._stream = raw
            end = _End()
            number = 0
            while line := raw.readline(LINE_LIMIT + 1):
                number += 1
                if len(line) > LINE_LIMIT:
                    raise JournalFileError(_too_long(number))
                try:
                    text = line.decode("utf-8-sig" if number == 1 else "utf-8").strip()
                except UnicodeDecodeError:
                    raise JournalFileError(f"第 {number} 行不是有效的 UTF-8 文本") from None
                if not text:
                    continue
                obj = json_object(text, number)
                if end.check_after(number, [text]):
                    continue
                if obj == JSONL_MARK and not end.promised and end.rows == 0:
                    end.promised = True
                    continue
                if list(obj) == [JSONL_END]:
                    end.reached(number, str(obj[JSONL_END]))
                    continue
                try:
                    columns = _columns(list(obj), number)  # a JSON line is its own header
                except RowError as err:
                    err.row = number
                    raise
                cells: Cells = {}
                for key, column in zip(obj, columns, strict=True):
                    cells[column] = _json_cell(obj[key], column, number)
                end.rows += 1
                yield number, cells
            end.check_present()

    # --- XLSX ----------------------------------------------------------------------

    def _xlsx_rows(self) -> Iterator[tuple[int, Cells]]:
        from openpyxl import load_workbook

        try:
            book = load_workbook(self.path, read_only=True, data_only=False)
        except Exception as err:  # openpyxl raises many kinds on a damaged file
            raise JournalFileError(f"无法作为 XLSX 打开（{type(err).__name__}）") from None
        try:
            sheet = book.worksheets[0]
            total = sheet.max_row or 0
            merged = _damaged_sheet_refused(lambda: merged_ranges(book, sheet), 0)
            columns: list[str] | None = None
            end = _End()
            for number, values in enumerate(_sheet_rows(sheet), start=1):
                self._row_progress = (number, total)
                if columns is None:
                    if all(v is None for v in values):
                        continue
                    columns = _xlsx_header(values, merged)
                    width = len(columns)
                    continue
                if end.check_after(number, [str(v) for v in values if v is not None]):
                    continue
                if values and values[0] == END:
                    end.reached(number, "" if len(values) < 2 else str(values[1] or ""))
                    continue
                record = [_xlsx_text(v, number, columns, i) for i, v in enumerate(values)]
                extra = [(i, v) for i, v in enumerate(record) if i >= width and v]
                if extra:
                    position, value = extra[0]
                    raise RowError(
                        f"{column_letters(position + 1)} 列在表头之外，却有内容「{shown(value)}」",
                        row=number,
                    )
                cells = _record_cells(columns, record[:width], number)
                if cells is not None:
                    end.rows += 1
                    yield number, cells
            if columns is None:
                raise JournalFileError("工作表为空")
            end.check_present()
        finally:
            book.close()


def _columns(header: list[str], number: int = 1) -> list[str]:
    """The columns a header names (``number``: its row in the file)."""
    columns: list[str] = []
    for position, raw in enumerate(header, start=1):
        text = (raw or "").strip().lstrip("\ufeff")
        if not text:
            raise RowError(f"表头第 {position} 列为空", row=number)
        column = BY_HEADER.get(text)
        if column is None:
            raise RowError(unknown_header(text, position), row=number)
        if column in columns:
            raise RowError(f"表头重复：「{shown(text)}」与另一列同为 {label(column)}", row=number)
        columns.append(column)
    performance = any(c in PERFORMANCE_COLUMNS for c in columns)
    required = REQUIRED_WITH_PERFORMANCE if performance else REQUIRED
    missing = [c for c in required if c not in columns]
    if missing:
        raise RowError(f"缺少必需的列：{'、'.join(label(c) for c in missing)}", row=number)
    return columns


def _record_cells(columns: list[str], record: list[Any], number: int) -> Cells | None:
    """Cells of one record, or None for a blank line."""
    if len(record) > len(columns) and any(str(v).strip() for v in record[len(columns) :]):
        raise RowError(f"此行有 {len(record)} 个单元格，多于表头的 {len(columns)} 列", row=number)
    cells: Cells = {
        c: (v.strip() or None) if v else None for c, v in zip(columns, record, strict=False)
    }
    return cells if any(cells.values()) else None


def _json_cell(value: Any, column: str, number: int) -> str | None:
    if value is None:
        return None
    if isinstance(value, str):
        return value.strip() or None
    raise RowError("值应为字符串、数字或 null", column=column, row=number)


class _Text(str):
    """A text cell beginning with "=": typed text, not a formula (a performance target
    ``=1套``, written so by the export)."""


def _xlsx_text(value: Any, number: int, columns: list[str], position: int) -> str | None:
    if type(value) is _Text and position < len(columns) and columns[position] in EQUALS_ALLOWED:
        return str(value).strip() or None
    return xlsx_cell(value, number, columns, position)


def _sheet_rows(sheet: Any) -> Iterator[tuple[Any, ...]]:
    """The sheet's rows of values; a damaged sheet is refused, not a traceback."""
    rows = sheet.iter_rows()
    number = 0
    while True:
        cells = _damaged_sheet_refused(lambda: next(rows, None), number)
        if cells is None:
            return
        number += 1
        yield tuple(_cell_value(c) for c in cells)


def _cell_value(cell: Any) -> Any:
    value = cell.value
    if type(value) is str and value[:1] == "=" and cell.data_type == "s":
        return _Text(value)
    return value


def _damaged_sheet_refused(read: Any, number: int) -> Any:
    try:
        return read()
    except Exception as err:  # openpyxl, expat and zipfile raise many kinds on damage
        where = f"第 {number + 1} 行附近：" if number else ""
        raise JournalFileError(
            f"{where}XLSX 文件内容已损坏，无法读取（{type(err).__name__}）；请用 Excel 打开后另存一份再导入"
        ) from None


def _xlsx_header(values: tuple[Any, ...], merged: list[tuple[str, int, int]]) -> list[str]:
    """The header's columns; any merged range in the sheet refuses it (a merged title
    above the header included). Empty cells after the last heading are no columns: a
    sheet's width counts formatted cells and the widest row."""
    texts = [_header_text(v) for v in values]
    while texts and not texts[-1].strip():
        texts.pop()
    try:
        columns = _columns(texts)
    except RowError:
        if merged:
            raise merged_error(merged[0], []) from None
        raise
    if merged:
        raise merged_error(merged[0], columns)
    return columns


def _header_text(value: Any) -> str:
    return "" if value is None else str(value)


def _first(record: list[str]) -> str:
    return record[0].strip().lstrip("\ufeff") if record else ""


def _too_long(number: int) -> str:
    return (
        f"第 {number} 行过长（超过 {LINE_LIMIT:,} 个字符仍未换行）：文件似乎不是日记账，"
        "或被损坏；未读入"
    )


def _bounded_lines(text: io.TextIOWrapper) -> Iterator[str]:
    """The file's lines, each refused past ``LINE_LIMIT`` characters (not read whole)."""
    number = 0
    while line := text.readline(LINE_LIMIT + 1):
        number += 1
        if len(line) > LINE_LIMIT:
            raise JournalFileError(_too_long(number))
        yield line


class _End:
    """The trailer of a written journal: the rows it counts, where it was, whether the
    file's first line promised one (a file without the promise is an ordinary journal)."""

    def __init__(self) -> None:
        self.promised = False
        self.rows = 0
        self.at: int | None = None

    def reached(self, number: int, count: str) -> None:
        if count.strip() != str(self.rows):
            raise JournalFileError(
                f"第 {number} 行：文件的结束标记说此前有 {count.strip() or '？'} 行，"
                f"实有 {self.rows} 行：文件不完整或被改动过，未导入"
            )
        self.at = number

    def check_after(self, number: int, record: list[str]) -> bool:
        """True past the trailer (for blank lines); content there is refused."""
        if self.at is None:
            return False
        if any(c.strip() for c in record):
            raise JournalFileError(f"第 {number} 行：文件的结束标记（第 {self.at} 行）之后还有内容")
        return True

    def check_present(self) -> None:
        if self.promised and self.at is None:
            raise JournalFileError(
                f"文件没有结束标记（{END} 行），读到的 {self.rows} 行之后就结束了："
                "文件不完整（可能在写出或复制时被截断），未导入"
            )
