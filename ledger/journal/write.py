"""Write journal rows as CSV, XLSX or JSON Lines, streaming, in the column order of
journal-format.md. The output is deterministic: the same rows give the same bytes."""

from __future__ import annotations

import csv
import json
import zipfile
from collections.abc import Iterable
from pathlib import Path
from typing import IO, Any

from ledger.journal.columns import NAMES

Row = dict[str, str | None]
_FIXED_TIME = (2000, 1, 1, 0, 0, 0)  # zip entry times, so equal journals are equal files


def write_journal(rows: Iterable[Row], path: Path, fmt: str) -> int:
    """Write ``rows`` to ``path``; returns how many rows were written."""
    if fmt == "csv":
        with open(path, "w", encoding="utf-8", newline="") as out:
            return _write_csv(rows, out)
    if fmt == "jsonl":
        with open(path, "w", encoding="utf-8", newline="\n") as out:
            count = 0
            for row in rows:
                out.write(json.dumps({k: row.get(k) for k in NAMES}, ensure_ascii=False) + "\n")
                count += 1
            return count
    if fmt == "xlsx":
        return _write_xlsx(rows, path)
    raise ValueError(f"未知的导出格式：{fmt}（应为 csv、xlsx 或 jsonl）")


def _write_csv(rows: Iterable[Row], out: IO[str]) -> int:
    writer = csv.writer(out, lineterminator="\n")
    writer.writerow(NAMES)
    count = 0
    for row in rows:
        writer.writerow(["" if row.get(k) is None else row[k] for k in NAMES])
        count += 1
    return count


def _write_xlsx(rows: Iterable[Row], path: Path) -> int:
    from openpyxl import Workbook

    book = Workbook(write_only=True)
    sheet = book.create_sheet("journal")
    sheet.append(list(NAMES))
    count = 0
    for row in rows:
        # Text cells throughout: codes keep their leading zeros, amounts their exact digits.
        sheet.append([_text_cell(sheet, row.get(k)) for k in NAMES])
        count += 1
    book.save(path)
    _normalise_zip(path)
    return count


def _text_cell(sheet: Any, value: str | None) -> Any:
    """A text beginning with "=" (a performance target ``=1套``) as a typed text cell:
    openpyxl would write it as a formula."""
    if value is None or value[:1] != "=":
        return value
    from openpyxl.cell import WriteOnlyCell

    cell = WriteOnlyCell(sheet, value=value)
    cell.data_type = "s"
    return cell


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
