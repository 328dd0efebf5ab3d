"""What every screen looks at, at once: the scope (units, year) and the two clocks of time
travel, the business date (as of) and the recorded moment (known at); and the store's
generation, bumped whenever the UI records or imports something."""

from __future__ import annotations

import calendar
import re
from dataclasses import dataclass, replace
from datetime import date, datetime
from typing import Any

from projections.scope import Scope


@dataclass(frozen=True)
class View:
    scope: Scope
    generation: int = 0  # the store changed under the screens: reload what they show

    def with_scope(self, **changes: Any) -> View:
        """The view with these fields of its scope changed (``unit=…``, ``as_of=…``)."""
        return replace(self, scope=replace(self.scope, **changes))


@dataclass(frozen=True)
class Position:
    """Which page of a long sequence (audit trail, replay): the first, the last, the one
    after or the one before a fact's id."""

    after_id: int | None = None
    before_id: int | None = None
    last: bool = False


LAST = Position(last=True)


def first_index(position: Position, count: int, shown: int, before: int, previous: int) -> int:
    """The number (1-based) of a new page's first item: ``shown`` items at ``position``
    of ``count``; the page before started at ``before`` and held ``previous`` items."""
    if position.last:
        return max(count - shown + 1, 1)
    if position.before_id is not None:
        return max(before - shown, 1)
    if position.after_id is not None:
        return before + previous
    return 1


def month_end(year: int, month: int) -> date:
    return date(year, month, calendar.monthrange(year, month)[1])


def step_months(day: date, months: int) -> date:
    """The as-of date moved to the end of the next (``months`` > 0) or previous month,
    kept inside ``day``'s year (1 January is the earliest stop)."""
    year, month = day.year, day.month
    if months > 0:
        target = month if day < month_end(year, month) else month + 1
        return month_end(year, min(target + months - 1, 12))
    # From a month's end, back to the end of the month before; from inside a month, back
    # to the end of the month before it too (then further by the remaining steps).
    target = month + months
    if target < 1:
        return date(year, 1, 1)
    return month_end(year, target)


DAY_FORM = re.compile(r"\d{4}-\d{2}-\d{2}")


def parse_day(text: str) -> date:
    """A date a user typed, YYYY-MM-DD; refused saying whether the form is wrong or the
    day does not exist (2024-02-30)."""
    text = text.strip()
    if not DAY_FORM.fullmatch(text):
        raise ValueError(f"日期格式应为 YYYY-MM-DD：{text}")
    try:
        return date.fromisoformat(text)
    except ValueError:
        year, month, day = (int(part) for part in text.split("-"))
        if not 1 <= month <= 12:
            raise ValueError(f"日期不存在：{text}（没有 {month} 月）") from None
        raise ValueError(f"日期不存在：{text}（{year} 年 {month} 月没有 {day} 日）") from None


def parse_as_of(text: str, year: int) -> date | None:
    """The as-of date a user typed (empty: the year's last day)."""
    text = text.strip()
    if not text:
        return None
    day = parse_day(text)
    if day.year != year:
        raise ValueError(f"截至日期应在 {year} 年度内：{text}")
    return day


def parse_known_at(text: str) -> datetime | None:
    """A recorded moment (ISO 8601, local time without a zone; empty: now)."""
    text = text.strip()
    if not text:
        return None
    try:
        value = datetime.fromisoformat(text)
    except ValueError:
        raise ValueError(
            f"时刻格式应为 ISO 8601，如 2024-12-31 18:00 或 2024-12-31T18:00:00+08:00：{text}"
        ) from None
    return value if value.tzinfo else value.astimezone()
