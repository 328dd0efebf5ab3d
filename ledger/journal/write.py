"""Write journal rows as CSV, XLSX or JSON Lines, streaming, in the column order of
journal-format.md. The output is deterministic: the same rows give the same bytes.

A written journal says where it ends: its last row is a trailer holding the number of
rows before it (``#end,N`` in CSV and XLSX, ``{"end": N}`` in JSON Lines), and a CSV or
JSON Lines file announces the trailer on its first line (``#budget-ledger-journal``,
``{"journal": "budget-ledger"}``), so that a file cut short, which has no trailer, is
refused on import (``ledger.journal.read``). Texts are written so that a spreadsheet
shows them as text (``ledger.journal.spreadsheet``). The file is written atomically
(``ledger.atomic``): the previous file stays in place until the new one is complete.
"""

from __future__ import annotations

import csv
import json
import zipfile
from collections.abc import Iterable
from pathlib import Path
from typing import IO, Any

from ledger.atomic import replacing
from ledger.journal.columns import NAMES
from ledger.journal.spreadsheet import escape, xlsx_illegal

Row = dict[str, str | None]
CSV_MARK = "#budget-ledger-journal"  # a CSV's first line: a trailer follows the rows
JSONL_MARK = {"journal": "budget-ledger"}
END = "#end"  # the trailer's first cell (CSV, XLSX)
JSONL_END = "end"
_FIXED_TIME = (2000, 1, 1, 0, 0, 0)  # zip entry times, so equal journals are equal files


def write_journal(rows: Iterable[Row], path: Path, fmt: str) -> int:
    """Write ``rows`` to ``path``; returns how many rows were written."""
    if fmt not in ("csv", "jsonl", "xlsx"):
        raise ValueError(f"未知的导出格式：{fmt}（应为 csv、xlsx 或 jsonl）")
    with replacing(path) as temporary:
        if fmt == "xlsx":
            return _write_xlsx(rows, temporary)
        with open(temporary, "w", encoding="utf-8", newline="\n") as out:
            return _write_csv(rows, out) if fmt == "csv" else _write_jsonl(rows, out)


def _write_jsonl(rows: Iterable[Row], out: IO[str]) -> int:
    out.write(json.dumps(JSONL_MARK) + "\n")
    count = 0
    for row in rows:
        out.write(json.dumps({k: row.get(k) for k in NAMES}, ensure_ascii=False) + "\n")
        count += 1
    out.write(json.dumps({JSONL_END: count}) + "\n")
    return count


def _write_csv(rows: Iterable[Row], out: IO[str]) -> int:
    writer = csv.writer(out, lineterminator="\n")
    writer.writerow([CSV_MARK])
    writer.writerow(NAMES)
    count = 0
    for row in rows:
        # Amounts are numbers (``-60.00`` too): ``escape`` leaves them as they are.
        writer.writerow(["" if row.get(k) is None else escape(row[k]) for k in NAMES])  # type: ignore[arg-type]
        count += 1
    writer.writerow([END, str(count)])
    return count


def _write_xlsx(rows: Iterable[Row], path: Path) -> int:
    from openpyxl import Workbook

    book = Workbook(write_only=True)
    sheet = book.create_sheet("journal")
    sheet.append(list(NAMES))
    count = 0
    for row in rows:
        count += 1
        # Text cells throughout: codes keep their leading zeros, amounts their exact digits.
        sheet.append([_xlsx_cell(sheet, row.get(k), k, count) for k in NAMES])
    sheet.append([END, str(count)])
    book.save(path)
    _normalise_zip(path)
    return count


def _xlsx_cell(sheet: Any, value: str | None, column: str, number: int) -> Any:
    if value is None or (value.isprintable() and not value.startswith("=")):
        return value
    odd = xlsx_illegal(value)
    if odd is not None:  # recorded before the character rules: XLSX cannot hold it
        raise ValueError(
            f"第 {number} 条记录的 {column} 含有 XLSX 文件无法保存的字符 U+{ord(odd):04X}；"
            "请改用 CSV 或 JSON Lines 导出"
        )
    if value.startswith("="):  # a string cell, never a formula (openpyxl would make one)
        from openpyxl.cell import WriteOnlyCell

        cell = WriteOnlyCell(sheet, value)
        cell.data_type = "s"
        return cell
    return value


def _normalise_zip(path: Path) -> None:
    """Rewrite the XLSX with fixed entry times and no creation timestamp, so that the
    same journal always gives the same bytes."""
    with zipfile.ZipFile(path) as src:
        entries = [(info, src.read(info.filename)) for info in src.infolist()]
    with zipfile.ZipFile(path, "w", zipfile.ZIP_DEFLATED) as dst:
        for info, data in entries:
            if info.filename == "docProps/core.xml":
                data = _strip_dates(data)
            fixed = zipfile.ZipInfo(info.filename, date_time=_FIXED_TIME)
            fixed.compress_type = zipfile.ZIP_DEFLATED
            fixed.external_attr = info.external_attr
            dst.writestr(fixed, data)


def _strip_dates(core: bytes) -> bytes:
    import re

    return re.sub(
        rb"<dcterms:(created|modified)[^>]*>[^<]*</dcterms:\1>",
        rb'<dcterms:\1 xsi:type="dcterms:W3CDTF">2000-01-01T00:00:00Z</dcterms:\1>',
        core,
    )
