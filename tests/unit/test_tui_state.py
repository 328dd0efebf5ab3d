"""The UI's view logic that needs no screen: moving the as-of date, reading what users
type for dates and moments, numbering pages."""

from __future__ import annotations

from datetime import date, datetime, timedelta, timezone

import pytest

from tui.state import LAST, Position, first_index, parse_as_of, parse_known_at, step_months


@pytest.mark.parametrize(
    ("day", "months", "expected"),
    [
        (date(2024, 12, 31), -1, date(2024, 11, 30)),
        (date(2024, 6, 15), -1, date(2024, 5, 31)),
        (date(2024, 6, 15), 1, date(2024, 6, 30)),
        (date(2024, 6, 30), 1, date(2024, 7, 31)),
        (date(2024, 2, 10), -1, date(2024, 1, 31)),
        (date(2024, 1, 31), -1, date(2024, 1, 1)),
        (date(2024, 1, 1), 1, date(2024, 1, 31)),
        (date(2024, 12, 31), 1, date(2024, 12, 31)),
        (date(2024, 1, 31), 1, date(2024, 2, 29)),  # a leap year's February
    ],
)
def test_month_steps_stop_at_month_ends_inside_the_year(
    day: date, months: int, expected: date
) -> None:
    assert step_months(day, months) == expected


def test_as_of_dates_must_be_in_the_year() -> None:
    assert parse_as_of(" 2024-06-30 ", 2024) == date(2024, 6, 30)
    assert parse_as_of("", 2024) is None
    with pytest.raises(ValueError, match="截至日期应在 2024 年度内"):
        parse_as_of("2023-12-31", 2024)
    with pytest.raises(ValueError, match="日期格式应为 YYYY-MM-DD"):
        parse_as_of("2024/06/30", 2024)


def test_known_at_moments_are_aware() -> None:
    assert parse_known_at("") is None
    eight = timezone(timedelta(hours=8))
    assert parse_known_at("2024-12-31T18:00:00+08:00") == datetime(2024, 12, 31, 18, tzinfo=eight)
    local = parse_known_at("2024-12-31 18:00")
    assert local is not None and local.tzinfo is not None
    with pytest.raises(ValueError, match="ISO 8601"):
        parse_known_at("yesterday")


def test_pages_are_numbered_from_where_they_start() -> None:
    assert first_index(Position(), count=250, shown=100, before=101, previous=100) == 1
    assert first_index(LAST, count=250, shown=100, before=1, previous=100) == 151
    assert first_index(Position(after_id=9), count=250, shown=50, before=101, previous=100) == 201
    assert first_index(Position(before_id=9), count=250, shown=100, before=151, previous=100) == 51
    assert first_index(Position(before_id=9), count=250, shown=50, before=51, previous=100) == 1
