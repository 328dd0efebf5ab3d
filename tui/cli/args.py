"""Parsing the values users type: dates, moments, dimension lists."""

from __future__ import annotations

import argparse
import re
from datetime import date, datetime

from projections.queries.grouping import DIMENSIONS

_DATE = re.compile(r"\d{4}-\d{2}-\d{2}")


def business_date(text: str) -> date:
    """A date typed as an option, refused in the words the journal's parser uses for a
    date cell (a test keeps the two the same)."""
    if not _DATE.fullmatch(text):
        raise argparse.ArgumentTypeError(f"日期格式应为 YYYY-MM-DD：「{text}」")
    try:
        return date.fromisoformat(text)
    except ValueError:
        raise argparse.ArgumentTypeError(f"不存在的日期：「{text}」") from None


def whole_number(text: str) -> int:
    try:
        value = int(text)
    except ValueError:
        raise argparse.ArgumentTypeError(f"应为整数：{text}") from None
    if not -(2**63) <= value < 2**63:  # no database column holds it
        raise argparse.ArgumentTypeError(f"数值过大：{text}")
    return value


def moment(text: str) -> datetime:
    """A recorded moment, ISO 8601; without a time zone it is local time."""
    try:
        value = datetime.fromisoformat(text)
    except ValueError:
        raise argparse.ArgumentTypeError(
            f"时刻格式应为 ISO 8601，如 2024-12-31T18:00:00 或 2024-12-31T18:00:00+08:00：{text}"
        ) from None
    try:
        return value if value.tzinfo else value.astimezone()
    except (OverflowError, ValueError, OSError):  # 0001-01-01 has no local offset
        raise argparse.ArgumentTypeError(f"时刻超出可用范围：{text}") from None


def dimensions(text: str) -> list[str]:
    dims = [d.strip() for d in text.split(",") if d.strip()]
    for d in dims:
        if d not in DIMENSIONS:
            raise argparse.ArgumentTypeError(f"未知的分组维度「{d}」，应为 {','.join(DIMENSIONS)}")
    return dims
