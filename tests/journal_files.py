"""Writing small journals for tests, in any of the three formats."""

from __future__ import annotations

import csv
import json
from pathlib import Path

from openpyxl import Workbook

from ledger.journal.columns import NAMES

HEADER = list(NAMES)


def write(path: Path, rows: list[dict[str, str]], header: list[str] | None = None) -> Path:
    header = header or HEADER
    if path.suffix == ".csv":
        with open(path, "w", encoding="utf-8", newline="") as f:
            w = csv.writer(f)
            w.writerow(header)
            for r in rows:
                w.writerow([r.get(k, "") for k in header])
    elif path.suffix == ".jsonl":
        with open(path, "w", encoding="utf-8") as f:
            for r in rows:
                f.write(
                    json.dumps({k: r[k] for k in header if r.get(k)}, ensure_ascii=False) + "\n"
                )
    else:
        book = Workbook()
        sheet = book.active
        sheet.append(header)
        for r in rows:
            sheet.append([r.get(k) or None for k in header])
        book.save(path)
    return path


UNIT = {"year": "2024", "unit": "900001"}


def appropriation(line: str, amount: str, **kw: str) -> dict[str, str]:
    return {
        "date": "2024-01-05",
        "kind": "appropriation",
        **UNIT,
        "line": line,
        "fund": "一般公共预算",
        "function": "2013701",
        "category": "公用经费",
        "amount": amount,
        "doc": "批复-1",
        **kw,
    }


def payment(line: str, amount: str, doc: str, day: str = "2024-03-01", **kw: str) -> dict[str, str]:
    return {
        "date": day,
        "kind": "payment",
        **UNIT,
        "line": line,
        "economic": "30201",
        "amount": amount,
        "doc": doc,
        **kw,
    }
