"""The carry file of ``close --carry``: which lines carry how much into next year.

A close cannot be undone, so the file is read strictly: its first row must be one of the
headers the README names (``line,amount`` or ``指标编号,金额``), and every bad row is
listed by its row in the file (the header is 第 1 行), as an import lists them.
"""

from __future__ import annotations

import csv
import io
from dataclasses import dataclass, field
from decimal import Decimal
from pathlib import Path

from ledger.journal.encoding import EncodingRefused, sniff
from ledger.journal.parse import RowError
from ledger.money import AmountError, parse_amount

# Each column's two spellings (English, and the journal's Chinese alias).
HEADERS = {"line": ("line", "指标编号"), "amount": ("amount", "金额")}
HEADER_HINT = "line,amount 或 指标编号,金额"


@dataclass
class CarryFile:
    amounts: dict[str, Decimal] = field(default_factory=dict)  # line → amount to carry
    rows: dict[str, int] = field(default_factory=dict)  # line → its row in the file
    refused: list[RowError] = field(default_factory=list)


def _column(cell: str) -> str | None:
    text = cell.strip()
    return next((name for name, spellings in HEADERS.items() if text in spellings), None)


def read_carry(path: Path) -> CarryFile:
    """The file's lines and amounts, or every reason it cannot be used."""
    out = CarryFile()
    if not path.is_file():
        what = "是一个文件夹" if path.is_dir() else "不存在"
        raise ValueError(f"结转文件 {path} {what}，未结账")
    with open(path, "rb") as raw:
        try:  # as a journal is read: UTF-8, or what Excel on Chinese Windows saves
            encoding = sniff(raw)
        except EncodingRefused as err:
            raise ValueError(f"结转文件 {path.name}：{err}，未结账") from None
        f = io.TextIOWrapper(raw, encoding=encoding, newline="")
        rows = csv.reader(f)
        header = next(rows, None)
        columns = [_column(c) for c in header or []]
        if sorted(c for c in columns if c) != ["amount", "line"] or len(columns) != 2:
            shown = ",".join(header) if header else "（空文件）"
            out.refused.append(RowError(f"应为表头 {HEADER_HINT}，实为「{shown}」", row=1))
            return out
        for number, cells in enumerate(rows, start=2):
            if not any(c.strip() for c in cells):
                continue  # a blank row, as the importer skips them
            if len(cells) > len(columns):  # a thousands separator, say
                out.refused.append(RowError("此行的单元格多于表头的列", row=number))
                continue
            record = dict(zip(columns, (c.strip() for c in cells), strict=False))
            line = record.get("line", "")
            if not line:
                out.refused.append(RowError("必须填写指标编号", "line", number))
            elif line in out.amounts:
                first = out.rows[line]
                out.refused.append(
                    RowError(
                        f"指标 {line} 在结转文件中出现两次（另见第 {first} 行）", "line", number
                    )
                )
            else:
                try:
                    out.amounts[line] = parse_amount(record.get("amount", ""))
                    out.rows[line] = number
                except AmountError as err:
                    out.refused.append(RowError(str(err), "amount", number))
    return out
