"""The performance rows (journal-format.md, *Performance facts*): which columns each kind
requires and allows, and the form of their own cells. The parser (``parse.py``) types the
columns every row has; what a row may say about its project's history is the aggregate's
(``ledger.domain.performance.project``)."""

from __future__ import annotations

import re
from datetime import date
from decimal import Decimal
from typing import Any

from ledger.domain.errors import LedgerError
from ledger.domain.performance import rules
from ledger.domain.values import Kind

_COMMON = frozenset(
    {"date", "kind", "year", "unit", "unit_name", "unit_type", "department", "doc", "actor"}
    | {"memo", "project", "project_code", "level1", "level2", "indicator"}
)
ALLOWED_BY_KIND: dict[Kind, frozenset[str]] = {
    Kind.TARGET: _COMMON | {"target"},
    Kind.TARGET_REVISION: _COMMON | {"target", "reason"},
    Kind.PROGRESS: _COMMON | {"actual"},
    Kind.EVALUATION: _COMMON | {"target", "actual", "weight", "score", "reason"},
}
REQUIRED = ("date", "year", "unit", "doc")
# Free text as printed: as long as a memo may be.
TEXT_COLUMNS = frozenset({"level1", "level2", "indicator", "target", "actual", "reason"})
_POINTS = re.compile(r"[0-9]+(\.[0-9]{1,2})?")


def require_columns(kind: Kind, given: dict[str, str]) -> None:
    """The columns a performance row must fill, and may fill."""
    for column in REQUIRED:
        if column not in given:
            raise LedgerError(f"{kind.label}（{kind.value}）必须填写此列", column=column)
    if "project" not in given and "project_code" not in given:
        raise LedgerError(
            f"{kind.label}（{kind.value}）须填写项目编码（没有编码的项目填写项目名称）",
            column="project_code",
        )
    allowed = ALLOWED_BY_KIND[kind]
    for column in given:
        if column not in allowed:
            raise LedgerError(f"此列不适用于{kind.label}（{kind.value}）", column=column)


def require_date(kind: Kind, day: date, year: int) -> None:
    """A self-evaluation may be dated up to the end of the following year, the rest in the
    year (the domain's rules)."""
    if kind is Kind.EVALUATION:
        rules.require_evaluation_date(day, year)
    else:
        rules.require_in_year(day, year)


def performance_cells(cells: dict[str, str | None]) -> dict[str, Any]:
    """The row's performance fields, typed: texts as given, weight and score decimals."""
    get = cells.get
    return {
        "project": get("project"),
        "project_code": get("project_code"),
        "level1": get("level1"),
        "level2": get("level2"),
        "indicator": get("indicator"),
        "target": get("target"),
        "actual": get("actual"),
        "weight": _points(get("weight"), "weight", "分值"),
        "score": _points(get("score"), "score", "得分"),
        "reason": get("reason"),
    }


def _points(value: str | None, column: str, what: str) -> Decimal | None:
    if value is None:
        return None
    if not _POINTS.fullmatch(value):
        raise LedgerError(f"{what}须为不小于 0、最多两位小数的数：「{value}」", column=column)
    return Decimal(value)
