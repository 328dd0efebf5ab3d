"""How the journal readers word what they refuse: every message names the row and, where
one cell is at fault, its column; what is quoted from the file is shortened and made
visible, so that a hostile file cannot flood or garble the message."""

from __future__ import annotations

import csv
import json
from typing import Any

from ledger.journal.columns import BY_HEADER
from ledger.journal.parse import RowError
from ledger.journal.xlsx import CellError, cell_text, column_letters

# A cell longer than any column allows is refused by the parser, naming its row and
# column; the csv module's own limit (128 KiB) would refuse it without saying which.
CELL_LIMIT = 16 * 1024 * 1024


def xlsx_cell(value: Any, number: int, columns: list[str], position: int) -> str | None:
    try:
        return cell_text(value)
    except CellError as err:
        column = columns[position] if position < len(columns) else ""
        where = "" if column else f"{column_letters(position + 1)} 列："
        raise RowError(f"{where}{err}", column=column, row=number) from None


def refuse_extra_cells(columns: list[str], record: list[str], number: int) -> None:
    """A CSV record with text beyond the header's last column: say which cell."""
    extra = [i for i, v in enumerate(record) if i >= len(columns) and v.strip()]
    if extra:
        raise RowError(
            f"第 {extra[0] + 1} 个单元格「{shown(record[extra[0]])}」在表头之外"
            f"（此行有 {len(record)} 个单元格，表头只有 {len(columns)} 列）",
            row=number,
        )


def merged_error(merge: tuple[str, int, int], columns: list[str]) -> RowError:
    ref, row, position = merge
    column = columns[position - 1] if position <= len(columns) else ""
    return RowError(
        f"合并单元格 {ref}：合并后只有左上角的单元格有内容，其余会被当作空白；"
        "请取消合并，并在每一行填写完整的内容",
        column=column,
        row=row,
    )


def json_object(text: str, number: int) -> dict[str, Any]:
    def pairs(items: list[tuple[str, Any]]) -> dict[str, Any]:
        obj: dict[str, Any] = {}
        for key, value in items:
            if key in obj:
                raise RowError(f"键「{shown(key)}」重复出现", row=number)
            obj[key] = value
        return obj

    def constant(name: str) -> None:
        raise RowError(f"不接受 {name}（金额须为十进制数）", row=number)

    try:
        obj = json.loads(
            text, parse_float=str, parse_int=str, parse_constant=constant, object_pairs_hook=pairs
        )
    except json.JSONDecodeError as err:
        raise RowError(f"不是有效的 JSON（{err.msg}，第 {err.colno} 个字符）", row=number) from None
    except RecursionError:
        raise RowError("JSON 嵌套过深", row=number) from None
    if not isinstance(obj, dict):
        raise RowError("每行应为一个 JSON 对象（{…}）", row=number)
    return obj


def unknown_header(text: str, position: int) -> str:
    for separator, name in (
        ("\t", "制表符"),
        (";", "分号"),
        ("；", "中文分号"),
        ("，", "中文逗号"),
    ):
        parts = [p.strip() for p in text.split(separator)]
        if len(parts) > 1 and sum(p in BY_HEADER for p in parts) >= 2:
            return (
                f"表头第 {position} 列「{shown(text)}」：分隔符应为英文逗号，此文件似乎用了{name}"
            )
    return f"未知列「{shown(text)}」（表头第 {position} 列；列名须与格式说明完全一致）"


def csv_problem(err: csv.Error) -> str:
    text = str(err)
    if "NUL" in text:
        return "含有 NUL 字符：文件似乎不是 CSV 文本"
    if "field larger than field limit" in text:
        return f"单元格过大（超过 {CELL_LIMIT // (1024 * 1024)} MB）"
    if "unexpected end of data" in text or "EOF" in text:
        return "引号没有闭合：以英文双引号开头的单元格须以双引号结束"
    if "expected after" in text:
        return '引号用法不正确：单元格中的英文双引号须写成两个（""），且引号后应紧接逗号'
    return f"CSV 格式错误（{text}）"


def shown(value: Any, limit: int = 40) -> str:
    """A cell or header as quoted in a message: shortened, control characters visible."""
    text = str(value)
    text = "".join(c if c.isprintable() else repr(c)[1:-1] for c in text[: limit + 1])
    return text if len(text) <= limit else text[:limit] + "…"
