"""What the streaming XLSX reader must refuse that openpyxl's read-only mode does not show.

Merged cells: a merged range keeps its value in the top-left cell only, so the rows it
spans below would silently read as "not given". Read-only worksheets do not expose
merges, so the sheet's XML is scanned for ``<mergeCell ref="…">`` (they follow the
cell data; the scan decompresses the sheet once, at a few hundred MB a second).

Cell values: formulas (plain, array or data-table), error values (``#DIV/0!``) and
booleans are refused; dates become ``YYYY-MM-DD``; numbers their shortest decimal text.
"""

from __future__ import annotations

import re
from datetime import date, datetime
from typing import Any

_MERGE = re.compile(
    rb'<(?:[A-Za-z_][\w.-]*:)?mergeCell\b[^>]*?\bref="([A-Za-z]{1,3})([0-9]+)(?::([A-Za-z]{1,3})([0-9]+))?"'
)
_CHUNK = 1 << 20
ERROR_VALUES = frozenset({"#NULL!", "#DIV/0!", "#VALUE!", "#REF!", "#NAME?", "#NUM!", "#N/A"})


class CellError(ValueError):
    """A cell the journal cannot take; the reader adds the row and column."""


def merged_ranges(book: Any, sheet: Any) -> list[tuple[str, int, int]]:
    """Merged ranges of a read-only sheet: (range as written, first row, first column),
    in the order of the sheet's XML."""
    found: dict[str, tuple[str, int, int]] = {}
    with book._archive.open(sheet._worksheet_path) as source:
        tail = b""
        while chunk := source.read(_CHUNK):
            data = tail + chunk
            for m in _MERGE.finditer(data):
                first, row, last, last_row = (g.decode() if g else "" for g in m.groups())
                ref = f"{first}{row}:{last}{last_row}" if last else f"{first}{row}"
                found.setdefault(ref.upper(), (ref.upper(), int(row), column_number(first)))
            tail = data[-512:]  # a tag cut by the chunk boundary is matched next time
    return list(found.values())


def column_number(letters: str) -> int:
    """``A`` → 1, ``AA`` → 27."""
    number = 0
    for c in letters.upper():
        number = number * 26 + ord(c) - ord("A") + 1
    return number


def column_letters(number: int) -> str:
    letters = ""
    while number:
        number, rest = divmod(number - 1, 26)
        letters = chr(ord("A") + rest) + letters
    return letters


def cell_text(value: Any) -> str | None:
    """A cell's value as journal text; raises CellError for what a journal cannot hold."""
    if value is None:
        return None
    if isinstance(value, str):
        if value.startswith("="):
            raise CellError(f"单元格含公式「{value[:40]}」，请先复制并“粘贴为数值”")
        if value.strip() in ERROR_VALUES:
            raise CellError(f"单元格为错误值 {value.strip()}，请先修正")
        return value
    if isinstance(value, bool):
        raise CellError(f"单元格为逻辑值 {'TRUE' if value else 'FALSE'}")
    if isinstance(value, datetime):
        if value.time() != datetime.min.time():
            raise CellError(f"日期单元格带有时间：{value}")
        return value.date().isoformat()
    if isinstance(value, date):
        return value.isoformat()
    if isinstance(value, int):
        return str(value)
    if isinstance(value, float):
        # The shortest text that gives the same float: what the user typed into Excel.
        text = repr(value)
        return text[:-2] if text.endswith(".0") else text
    formula = getattr(value, "text", None)  # ArrayFormula, DataTableFormula
    if formula is not None or type(value).__name__.endswith("Formula"):
        raise CellError(f"单元格含数组公式「{str(formula or '')[:40]}」，请先复制并“粘贴为数值”")
    return str(value)
