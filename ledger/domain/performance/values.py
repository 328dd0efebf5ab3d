"""Reading a performance target or actual as printed (domain.md, *Performance*).

A value is kept as printed and read, spaces ignored, as one of:

- a comparison: an optional operator (``≥ ≤ > < =``, full-width ``＞＜＝``, ``≧ ≦ ⩾ ⩽``,
  ``>= <=``), a decimal number, then an optional unit (``%``, ``万元``, ``个``, ``人/次`` …).
  No operator means ``=``: ``1个`` is ``=1个``;
- a date (a deadline as a target, the day it was done as an actual): ``10月前``, ``6月份``,
  ``12月31日前``, ``2025年6月底前``, ``9月完成``, ``3季度``; a period (``1至12月``,
  ``2024年9月10日至12日``, ``3月至6月底前``) reads as its end;
- anything else is qualitative (``提高``, ``有效保障``), and so are the placeholders the
  documents print with no number (``≤平方米``, ``—人``) and a value behind a dash (``—1人``).

Reading never fails: a text that is none of the first two is qualitative.
"""

from __future__ import annotations

import calendar
import re
from dataclasses import dataclass
from datetime import date
from decimal import Decimal

# Canonical operators: how a comparison is shown and matched.
GE, LE, GT, LT, EQ = "≥", "≤", ">", "<", "="
OPERATORS = (GE, LE, GT, LT, EQ)


@dataclass(frozen=True)
class Comparison:
    """``op number unit``: ``≥90%`` is (``≥``, 90, ``%``); ``unit`` is ``""`` for a bare number."""

    op: str
    number: Decimal
    unit: str


@dataclass(frozen=True)
class Deadline:
    """A month (and maybe a day) of a year. ``year`` None means the budget year; ``day``
    None means the whole month (its end, for a deadline)."""

    month: int
    year: int | None = None
    day: int | None = None

    def last_day(self, budget_year: int) -> date:
        """The last day the deadline still allows."""
        year = self.year or budget_year
        days = calendar.monthrange(year, self.month)[1]
        # 29 February of a year with no such day: the month's end.
        return date(year, self.month, min(self.day or days, days))


@dataclass(frozen=True)
class Qualitative:
    """A text that is neither a comparison nor a date (``""`` when blank)."""

    text: str


Reading = Comparison | Deadline | Qualitative


def read_value(text: str) -> Reading:
    """How a target or actual printed as ``text`` reads."""
    compact = normalise(text)
    return _date(compact) or _comparison(compact) or Qualitative(compact)


def normalise(text: str) -> str:
    """Full-width ASCII to half-width, operators to their canonical form, spaces removed."""
    half = text.translate(_HALF_WIDTH)
    compact = "".join(half.split())
    for variant, op in _OPERATOR_VARIANTS:
        compact = compact.replace(variant, op)
    return compact


_HALF_WIDTH = {c: c - 0xFEE0 for c in range(0xFF01, 0xFF5F)} | {0x3000: 0x20}
# Longest first: ">=" must become "≥" before ">" is looked at.
_OPERATOR_VARIANTS = (
    (">=", GE),
    ("≧", GE),
    ("⩾", GE),
    ("<=", LE),
    ("≦", LE),
    ("⩽", LE),
)

_COMPARISON = re.compile(r"([≥≤><=])?([0-9]+(?:\.[0-9]+)?)([^0-9.≥≤><=]*)")


def _comparison(text: str) -> Comparison | None:
    match = _COMPARISON.fullmatch(text)
    if match is None:
        return None
    op, number, unit = match.groups()
    return Comparison(op or EQ, Decimal(number), unit)


# One point in time: [YYYY年][M月[份][D日|初|上旬|中旬|下旬|底|末]] or [第]Q季度.
_POINT = re.compile(
    r"(?:(?P<year>[12][0-9]{3})年)?"
    r"(?:(?P<month>[0-9]{1,2})月份?(?:(?P<day>[0-9]{1,2})日|(?P<part>初|上旬|中旬|下旬|底|末))?"
    r"|第?(?P<quarter>[1-4])季度)"
)
# The end of a period whose month (and year) is the start's: ``10日至12日``.
_DAY_ONLY = re.compile(r"(?P<day>[0-9]{1,2})日")
# The start of a period: as a point, or a bare number whose unit is the end's (``1至12月``).
_START = re.compile(
    r"(?:(?P<year>[12][0-9]{3})年)?(?:第?(?P<month>[0-9]{1,2})(?P<unit>月份?|季度)?)?"
    r"(?:(?P<day>[0-9]{1,2})日)?"
)
_PREFIX = re.compile(r"^(?:截至|截止|于)")
_SUFFIX = re.compile(r"(?:之前|以前|前)?(?:完成)?$")
_PART_DAY = {"初": 1, "上旬": 10, "中旬": 20, "下旬": None, "底": None, "末": None}


def _date(text: str) -> Deadline | None:
    body = _SUFFIX.sub("", _PREFIX.sub("", text), count=1)
    if not body:
        return None
    if "至" not in body:
        point = _POINT.fullmatch(body)
        return _deadline(point.groupdict()) if point else None
    start_text, _, end_text = body.partition("至")
    start = _START.fullmatch(start_text)
    if not start_text or start is None:
        return None
    end = _POINT.fullmatch(end_text)
    if end is not None:
        fields = end.groupdict()
    else:
        day_only = _DAY_ONLY.fullmatch(end_text)
        if day_only is None or start["month"] is None or start["unit"] not in ("月", "月份"):
            return None
        fields = {"month": start["month"], "day": day_only["day"]}
    fields["year"] = fields.get("year") or start["year"]
    return _deadline(fields)


def _deadline(fields: dict[str, str | None]) -> Deadline | None:
    """A valid month and day, or None (``13月``, ``2月30日`` are not dates)."""
    given_year = fields.get("year")
    year = int(given_year) if given_year else None
    if fields.get("quarter"):
        return Deadline(3 * int(fields["quarter"] or 0), year)
    month = int(fields["month"] or 0)
    if not 1 <= month <= 12:
        return None
    part = fields.get("part")
    day: int | None = int(fields["day"] or 0) if fields.get("day") else None
    if part:
        day = _PART_DAY[part]
    # Without a year, 29 February is allowed (it exists in some budget year).
    if day is not None and not 1 <= day <= calendar.monthrange(year or 2000, month)[1]:
        return None
    return Deadline(month, year, day)
