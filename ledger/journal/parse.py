"""Check the form of one journal row and type it: each cell's shape, and which columns
its kind requires and allows.

What the cells may say together (a 项目支出 line has a project, income is not fiscal money,
…) is the business's: ``ledger.domain.rules``, asked here once the cells are typed, in the
same pass. Rules that need the ledger's state (available money, closed years, vouchers)
are the aggregates'.
"""

from __future__ import annotations

import re
from datetime import date
from decimal import Decimal
from enum import StrEnum
from functools import cache
from typing import TypeVar, cast

from ledger import codes
from ledger.domain import rules
from ledger.domain.errors import LedgerError
from ledger.domain.values import (
    KIND_LABELS,
    PERFORMANCE_KINDS,
    Category,
    Fund,
    IncomeType,
    Kind,
    Procurement,
    SpendType,
    UnitType,
)
from ledger.journal import performance
from ledger.journal.characters import refuse_characters
from ledger.journal.columns import label
from ledger.journal.lookalikes import Lookalike, refuse_lookalikes
from ledger.journal.row import JournalRow
from ledger.money import AmountError, parse_amount

E = TypeVar("E", bound=StrEnum)
YEARS = range(1990, 2101)  # budget years the ledger takes (a close reaches the next one)


class RowError(ValueError):
    """A row refused: which row, which column, why."""

    def __init__(self, message: str, column: str = "", row: int | None = None) -> None:
        super().__init__(message)
        self.message = message
        self.column = column
        self.row = row

    def __str__(self) -> str:
        where = []
        if self.row is not None:
            where.append(f"第 {self.row} 行")
        if self.column:
            where.append(f"列 {label(self.column)}")
        return f"{'，'.join(where)}：{self.message}" if where else self.message


ALWAYS = frozenset(
    {
        "date",
        "kind",
        "year",
        "unit",
        "unit_name",
        "unit_type",
        "department",
        "amount",
        "doc",
        "actor",
        "memo",
    }
)
# Dimensions a row may repeat for checking; they must then equal the line's.
LINE_CHECKED = frozenset(
    {
        "fund",
        "function",
        "function_name",
        "category",
        "economic",
        "economic_name",
        "project",
        "project_code",
    }
)
_CREATES = frozenset(
    {
        "line",
        "fund",
        "function",
        "function_name",
        "category",
        "economic",
        "economic_name",
        "project",
        "project_code",
    }
)

REQUIRED_BY_KIND: dict[Kind, frozenset[str]] = {
    Kind.APPROPRIATION: frozenset({"line", "fund", "function", "category"}),
    Kind.CARRYOVER: frozenset({"line", "fund", "function", "category"}),
    Kind.ADJUSTMENT: frozenset({"line"}),
    Kind.TRANSFER: frozenset({"line", "to_line"}),
    Kind.PAYMENT: frozenset({"line", "economic"}),
    Kind.REVERSAL: frozenset({"line", "reverses"}),
    Kind.INCOME: frozenset({"fund", "function", "income_type"}),
    Kind.CLOSE: frozenset(),
    Kind.CARRY_PLAN: frozenset({"line"}),
    Kind.PROCUREMENT_PLAN: frozenset({"line", "procurement"}),
}
ALLOWED_BY_KIND: dict[Kind, frozenset[str]] = {
    Kind.APPROPRIATION: ALWAYS | _CREATES,
    Kind.CARRYOVER: ALWAYS | _CREATES,
    Kind.ADJUSTMENT: ALWAYS | LINE_CHECKED | {"line"},
    Kind.TRANSFER: ALWAYS | LINE_CHECKED | {"line", "to_line"},
    Kind.PAYMENT: ALWAYS | LINE_CHECKED | {"line", "spend_type", "procurement", "payee"},
    Kind.REVERSAL: ALWAYS | LINE_CHECKED | {"line", "reverses"},
    Kind.INCOME: ALWAYS | {"fund", "function", "function_name", "income_type"},
    Kind.CLOSE: ALWAYS | LINE_CHECKED | {"line"},
    Kind.CARRY_PLAN: ALWAYS | LINE_CHECKED | {"line"},
    Kind.PROCUREMENT_PLAN: ALWAYS | LINE_CHECKED | {"line", "procurement"},
}

_KIND_WORDS: dict[str, Kind] = {
    **{k.value: k for k in Kind},
    **{v: k for k, v in KIND_LABELS.items()},
    "追加": Kind.ADJUSTMENT,
    "追减": Kind.ADJUSTMENT,
    "退回": Kind.REVERSAL,
    "结转": Kind.CLOSE,
}
_DATE = re.compile(r"\d{4}-\d{2}-\d{2}")
_YEAR = re.compile(r"\d{4}")
_SPACE = re.compile(r"\s")
_TEXT_COLUMNS = frozenset({"memo", "project", "payee", "unit_name", *performance.TEXT_COLUMNS})
_DATES: dict[str, date] = {}  # a year has few dates: parse each once
_YEAR_TEXTS = {str(y): y for y in YEARS}
_MEMBERS: dict[type[StrEnum], dict[str, StrEnum]] = {
    enum: {m.value: m for m in enum}
    for enum in (Category, Fund, IncomeType, Procurement, SpendType, UnitType)
}
CODE_MAX = 64
TEXT_MAX = 500


def parse_row(cells: dict[str, str | None], row: int | None) -> JournalRow:
    """Type one row of cells (column name → stripped text, None when empty); ``row`` is
    its number in the file, for the refusals (None for a form)."""
    given: dict[str, str] = {c: v for c, v in cells.items() if v is not None}
    joined = "".join(given.values())
    try:
        # Only a "=" or a character beyond ASCII can make a lookalike: the usual row has none.
        if "=" in joined or not joined.isascii():
            refuse_lookalikes(given)
        return _parse(cells, given, joined).fingerprinted()
    except Lookalike as err:
        raise RowError(str(err), err.column, row) from None
    except LedgerError as err:
        raise RowError(err.message, err.column, row) from None
    except RowError as err:
        err.row = row
        raise


def check_cell(column: str, value: str) -> None:
    """One cell given outside any row (``--actor``, the system's user name): the rules
    every cell of a row meets."""
    try:
        refuse_lookalikes({column: value})
        refuse_characters({column: value})
    except Lookalike as err:
        raise RowError(str(err), err.column) from None


# Checked in this order, so that a row with several faults is refused for the first.
_REQUIRED_IN_ORDER = {
    kind: ("date", "year", "unit", "amount", "doc", *sorted(required))
    for kind, required in REQUIRED_BY_KIND.items()
}
_REQUIRED = {kind: frozenset(columns) for kind, columns in _REQUIRED_IN_ORDER.items()}


def _parse(cells: dict[str, str | None], given: dict[str, str], joined: str) -> JournalRow:
    """``given`` are the cells that are not empty, ``joined`` their text run together."""
    if max(map(len, given.values()), default=0) > CODE_MAX:
        for column, value in given.items():
            limit = TEXT_MAX if column in _TEXT_COLUMNS else CODE_MAX
            if len(value) > limit:
                raise RowError(f"内容过长（{len(value)} 个字符，最多 {limit} 个）", column)
    refuse_characters(given)  # codes and free text (ledger.journal.characters)

    get = cells.get
    kind = _kind(get("kind"))
    if kind in PERFORMANCE_KINDS:
        return _performance(kind, cells, given)
    if not given.keys() >= _REQUIRED[kind]:
        for column in _REQUIRED_IN_ORDER[kind]:
            if not get(column):
                raise RowError(f"{kind.label}（{kind.value}）必须填写此列", column)
    if not given.keys() <= ALLOWED_BY_KIND[kind]:
        column = next(c for c in given if c not in ALLOWED_BY_KIND[kind])
        raise RowError(f"此列不适用于{kind.label}（{kind.value}）", column)

    year = _year(given["year"])  # required, so given
    day = _date(given["date"], year)
    amount = _amount(given["amount"], kind)
    category = _enum(Category, cells, "category")
    # Positionally, in JournalRow's order; each cell is checked in the order written.
    row = JournalRow(
        kind,
        day,
        year,
        _code(given["unit"], "unit"),
        amount,
        given["doc"],
        get("unit_name"),
        _enum(UnitType, cells, "unit_type"),
        _opt_code(cells, "department"),
        _opt_code(cells, "line"),
        _enum(Fund, cells, "fund"),
        _classification(cells, "function"),
        get("function_name"),
        category,
        _classification(cells, "economic"),
        get("economic_name"),
        get("project"),
        get("project_code"),
        _opt_code(cells, "to_line"),
        get("reverses"),
        _enum(IncomeType, cells, "income_type"),
        _enum(SpendType, cells, "spend_type"),
        _enum(Procurement, cells, "procurement"),
        get("payee"),
        get("actor"),
        get("memo"),
    )
    rules.require_consistent(row)  # the form of every cell first, then the business
    return row


def _performance(kind: Kind, cells: dict[str, str | None], given: dict[str, str]) -> JournalRow:
    """A performance row: no amount, no line; a project and its indicator's cells."""
    performance.require_columns(kind, given)
    year = _year(cells["year"])  # type: ignore[arg-type]
    day = _day(cells["date"])  # type: ignore[arg-type]
    performance.require_date(kind, day, year)
    get = cells.get
    return JournalRow(
        kind,
        day,
        year,
        _code(cells["unit"], "unit"),  # type: ignore[arg-type]
        None,  # type: ignore[arg-type]
        cells["doc"],  # type: ignore[arg-type]
        unit_name=get("unit_name"),
        unit_type=_enum(UnitType, cells, "unit_type"),
        department=_opt_code(cells, "department"),
        actor=get("actor"),
        memo=get("memo"),
        **performance.performance_cells(cells),
    )


def _kind(value: str | None) -> Kind:
    if not value:
        raise RowError("必须填写类型", "kind")
    try:
        return _KIND_WORDS[value]
    except KeyError:
        known = "、".join(f"{k.value}（{k.label}）" for k in Kind)
        raise RowError(f"未知类型「{value}」，应为 {known} 之一", "kind") from None


def _year(value: str) -> int:
    year = _YEAR_TEXTS.get(value)
    if year is not None:
        return year
    if not _YEAR.fullmatch(value):
        raise RowError(f"预算年度应为四位数字，如 2024：「{value}」", "year")
    if int(value) not in YEARS:
        raise RowError(f"预算年度 {value} 不在 {YEARS[0]}–{YEARS[-1]} 之间", "year")
    return int(value)


def _date(value: str, year: int) -> date:
    day = _day(value)
    rules.require_in_year(day, year, value)
    return day


def _day(value: str) -> date:
    """A date's form: ``YYYY-MM-DD``, and a day that exists."""
    day = _DATES.get(value)
    if day is None:
        if not _DATE.fullmatch(value):
            raise RowError(f"日期格式应为 YYYY-MM-DD：「{value}」", "date")
        try:
            day = date.fromisoformat(value)
        except ValueError:
            raise RowError(f"不存在的日期：「{value}」", "date") from None
        if len(_DATES) < 10_000:
            _DATES[value] = day
    return day


def _amount(value: str, kind: Kind) -> Decimal:
    try:
        amount = parse_amount(value)
    except AmountError as err:
        raise RowError(str(err), "amount") from None
    rules.require_amount_sign(kind, amount, value)
    return amount


def _code(value: str, column: str) -> str:
    # Control characters are refused before this: in ASCII only a space is left to find.
    if value.isascii() and " " not in value:
        return value
    if _SPACE.search(value):
        raise RowError(f"编码中不能有空白：「{value}」", column)
    return value


def _opt_code(cells: dict[str, str | None], column: str) -> str | None:
    value = cells.get(column)
    return None if value is None else _code(value, column)


def _enum(enum: type[E], cells: dict[str, str | None], column: str) -> E | None:
    value = cells.get(column)
    if value is None:
        return None
    member = _MEMBERS[enum].get(value)
    if member is None:
        known = "、".join(m.value for m in enum)
        raise RowError(f"「{value}」不是有效值，应为 {known} 之一", column)
    return cast(E, member)  # a member of _MEMBERS[enum] is one of enum's


# A classification column: its code's digits, the level they name, an example; the column
# that names a code the shipped table lacks.
_CLASSIFICATIONS = {
    "function": (7, re.compile(r"\d{7}"), "功能科目", "项级", "2013701", "function_name"),
    "economic": (5, re.compile(r"\d{5}"), "经济科目", "款级", "30201", "economic_name"),
}


def _classification(cells: dict[str, str | None], column: str) -> str | None:
    """A function or economic code: a shipped one, or one of the right digits named in its
    name column."""
    value = cells.get(column)
    digits, shape, what, level, example, name_column = _CLASSIFICATIONS[column]
    if value is None or value in _known_codes(digits):
        return value
    if not shape.fullmatch(value):
        raise RowError(f"{what}应为 {digits} 位{level}代码，如 {example}：「{value}」", column)
    if not cells.get(name_column):
        raise RowError(
            f"{what} {value} 不在代码表中；如确为有效科目，请在 {label(name_column)}列给出名称",
            column,
        )
    return value


@cache
def _known_codes(digits: int) -> frozenset[str]:
    """The shipped 项 function codes (7 digits) or 款 economic codes (5): valid as they are."""
    names = codes.function_names() if digits == 7 else codes.economic_names()
    return frozenset(c for c in names if len(c) == digits and c.isascii() and c.isdigit())
