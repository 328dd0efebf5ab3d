"""Reports out: JSON and CSV for machines (元, two decimals, as strings), a text table and
XLSX for people (万元). One function per format, all driven by the report's columns."""

from __future__ import annotations

import csv
import json
import sys
import unicodedata
from collections.abc import Callable
from decimal import Decimal
from pathlib import Path
from typing import IO, Any

from ledger.atomic import replacing
from ledger.journal.spreadsheet import shown_as_text, xlsx_text
from ledger.money import from_fen, two, wan, yuan
from projections.report import OUTLINE, Column, Report

FORMATS = ("table", "json", "csv", "xlsx")


def machine_value(column: Column, value: Any) -> Any:
    if value is None:
        return None
    if column.kind in ("money", "yuan"):
        return yuan(value)
    if column.kind == "percent":
        return two(value)
    if isinstance(value, Decimal):
        return str(value)
    return value


def people_value(column: Column, value: Any) -> str:
    if value is None:
        return ""
    if column.kind == "money":
        return f"{wan(value):,.2f}"
    if column.kind == "yuan":
        return yuan(value)
    if column.kind == "percent":
        return f"{value:.2f}"
    if column.kind == "flag":
        return flag_word(value)
    return str(value)


def flag_word(value: Any) -> str:
    """A yes/no column in words, the same in a table, CSV and XLSX."""
    return "是" if value else "否"


def _jsonable(value: Any) -> Any:
    if isinstance(value, Decimal):
        return str(value)
    return value


def _converter(report: Report) -> Callable[[dict[str, Any]], dict[str, Any]]:
    keys = {c.key: c for c in report.columns}
    extra = Column("", "", "text")
    return lambda row: {
        k: machine_value(keys.get(k, extra), v) for k, v in row.items() if k != OUTLINE
    }


def _head(report: Report) -> dict[str, Any]:
    out: dict[str, Any] = {"report": report.name, "title": report.title}
    out.update({k: _jsonable(v) for k, v in report.meta.items()})
    out["columns"] = [c.key for c in report.columns]
    return out


def _tail(report: Report) -> dict[str, Any]:
    out: dict[str, Any] = {}
    if report.total is not None:
        out["total"] = _converter(report)(report.total)
    if report.notes:
        out["notes"] = report.notes
    return out


def to_json(report: Report) -> dict[str, Any]:
    convert = _converter(report)
    return {**_head(report), "rows": [convert(r) for r in report.rows], **_tail(report)}


def write_json(report: Report, out: IO[str]) -> None:
    """The JSON of ``to_json``, written row by row: a long audit trail is never held whole."""
    convert = _converter(report)

    def dump(value: Any, indent: int) -> str:
        text = json.dumps(value, ensure_ascii=False, indent=2)
        return text.replace("\n", "\n" + " " * indent)

    out.write("{\n")
    for key, value in _head(report).items():
        out.write(f"  {json.dumps(key)}: {dump(value, 2)},\n")
    out.write('  "rows": [')
    for n, row in enumerate(report.rows):
        out.write(("," if n else "") + "\n    " + dump(convert(row), 4))
    out.write("\n  ]" if report.rows else "]")
    for key, value in _tail(report).items():
        out.write(f",\n  {json.dumps(key)}: {dump(value, 2)}")
    out.write("\n}\n")


def write_csv(report: Report, out: IO[str]) -> None:
    writer = csv.writer(out, lineterminator="\n")
    writer.writerow([c.key for c in report.columns])
    for row in report.rows:
        writer.writerow([_csv_cell(c, row.get(c.key)) for c in report.columns])


def _csv_cell(column: Column, value: Any) -> Any:
    if value is None:
        return ""
    value = flag_word(value) if column.kind == "flag" else machine_value(column, value)
    return shown_as_text(value) if isinstance(value, str) else value  # never a formula


def width(text: str) -> int:
    """Display width in a terminal: CJK characters take two cells."""
    return sum(2 if unicodedata.east_asian_width(ch) in "WF" else 1 for ch in text)


def pad(text: str, cells: int, right: bool = False) -> str:
    gap = " " * max(cells - width(text), 0)
    return gap + text if right else text + gap


def table_lines(report: Report) -> list[str]:
    columns = report.columns
    first_text = next((c.key for c in columns if c.kind == "text"), None)
    body: list[list[str]] = []
    for row in report.rows:
        shown = row.get(OUTLINE)
        indented = first_text
        if shown is not None:
            indented = next((c.key for c in columns if c.kind == "text" and c.key in shown), None)
        cells = []
        for c in columns:
            text = people_value(c, row.get(c.key))
            if shown is not None and c.kind == "text" and c.key not in shown:
                text = ""
            if c.key == indented and row.get("depth"):
                text = "  " * row["depth"] + text
            cells.append(text)
        body.append(cells)
    if report.total is not None:
        body.append(
            [
                "合计" if c.key == first_text else people_value(c, report.total.get(c.key))
                for c in columns
            ]
        )
    labels = [c.label for c in columns]
    widths = [max([width(labels[i]), *(width(r[i]) for r in body)]) for i in range(len(columns))]
    numeric = [c.kind in ("money", "yuan", "percent", "int") for c in columns]

    def line(cells: list[str]) -> str:
        return "  ".join(pad(t, w, n) for t, w, n in zip(cells, widths, numeric, strict=True))

    head = [report.title, _meta_line(report)]
    rule = "-" * width(line(labels))
    return [*head, line(labels), rule, *(line(r) for r in body), *report.notes]


def _meta_line(report: Report) -> str:
    m = report.meta
    parts = []
    if m.get("unit"):
        parts.append(f"单位：{m['unit']}")
    if m.get("department"):
        parts.append(f"主管部门：{m['department']}")
    if m.get("year"):
        parts.append(f"年度：{m['year']}")
    if m.get("as_of"):
        parts.append(f"截至：{m['as_of']}")
    if m.get("known_at"):
        parts.append(f"记录截至：{m['known_at']}")
    if "pace" in m:
        parts.append(f"序时进度：{m['pace']:.2f}%")
    if any(c.kind == "money" for c in report.columns):
        parts.append("金额单位：万元")
    return "  ".join(parts)


def write_xlsx(report: Report, path: Path) -> None:
    from openpyxl import Workbook
    from openpyxl.styles import Alignment, Font
    from openpyxl.utils import get_column_letter

    book = Workbook()
    sheet = book.worksheets[0]  # the one a new workbook starts with
    sheet.title = report.title[:31]
    sheet.append([report.title])
    sheet["A1"].font = Font(bold=True, size=14)
    sheet.append([_meta_line(report)])
    sheet.append([c.label for c in report.columns])
    for cell in sheet[3]:
        cell.font = Font(bold=True)
    first_text = next((c.key for c in report.columns if c.kind == "text"), None)
    rows = list(report.rows)
    if report.total is not None:
        rows.append({**report.total, first_text: "合计"} if first_text else report.total)
    for row in rows:
        values: list[Any] = []
        for c in report.columns:
            v = row.get(c.key)
            if v is None:
                values.append(None)
            elif c.kind == "money":
                values.append(wan(v))
            elif c.kind == "yuan":
                values.append(from_fen(v))
            elif c.kind == "percent":
                values.append(Decimal(v))
            elif c.kind == "flag":
                values.append(flag_word(v))
            else:
                values.append(xlsx_text(v) if isinstance(v, str) else v)
        sheet.append(values)
        current = sheet.max_row
        for i, c in enumerate(report.columns, start=1):
            cell = sheet.cell(current, i)
            if isinstance(cell.value, str):
                cell.data_type = "s"  # text, never a formula, whatever it begins with
            if c.kind in ("money", "yuan", "percent"):
                cell.number_format = "#,##0.00"
            if c.key == first_text and row.get("depth"):
                cell.alignment = Alignment(indent=row["depth"])
    for note in report.notes:
        sheet.append([note])
    for i, c in enumerate(report.columns, start=1):
        sheet.column_dimensions[get_column_letter(i)].width = max(10, width(c.label) + 4)
    book.save(path)


def render(report: Report, fmt: str, output: Path | None = None) -> None:
    """Write ``report`` in ``fmt`` to ``output`` (or standard output)."""
    if fmt == "xlsx":
        if output is None:
            raise ValueError("XLSX 格式须用 --output 指定文件")
        with replacing(output) as temporary:
            write_xlsx(report, temporary)
        return
    if output is None:
        _write_text(report, fmt, sys.stdout)
        return
    with (
        replacing(output) as temporary,
        open(temporary, "w", encoding="utf-8", newline="") as stream,
    ):
        _write_text(report, fmt, stream)


def _write_text(report: Report, fmt: str, stream: IO[str]) -> None:
    if fmt == "json":
        write_json(report, stream)
    elif fmt == "csv":
        write_csv(report, stream)
    else:
        stream.write("\n".join(table_lines(report)) + "\n")
