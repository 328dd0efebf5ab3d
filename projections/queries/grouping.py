"""Grouping line totals by dimensions, with the code hierarchies rolled up
(功能分类 类 → 款 → 项, 经济分类 类 → 款), in the order the published tables use."""

from __future__ import annotations

from collections.abc import Callable, Iterable, Sequence
from dataclasses import dataclass
from typing import Any

from ledger import codes
from ledger.domain.values import Category, Fund
from projections.queries.lines import LineTotals

DIMENSIONS = ("function", "economic", "fund", "category", "project", "line", "unit")
NO_PROJECT = "（非项目）"
# Budget approved without an economic code: its spending is broken down by the
# payments' codes beneath it, its budget is not (there is none per code to show).
UNRESTRICTED = "未细化"
UNRESTRICTED_NAME = "批复时未细化到经济科目"

# A level of a dimension: (dimension, value, level label)
Level = tuple[str, str, str]


def _function(t: LineTotals) -> list[Level]:
    return [
        ("function", t.function[:3], "类"),
        ("function", t.function[:5], "款"),
        ("function", t.function, "项"),
    ]


def _economic(t: LineTotals) -> list[Level]:
    """A line's economic group is its restriction, for budget and spending alike (a
    payment from a restricted line has the line's code)."""
    if not t.economic:
        return [("economic", UNRESTRICTED, "")]
    return [("economic", t.economic[:3], "类"), ("economic", t.economic, "款")]


def _spent_by_code(t: LineTotals) -> list[Level]:
    """Under 未细化, the payments' own codes (类 → 款): the innermost levels of a path,
    beneath whatever dimensions follow ``economic``. Only for totals split by the
    payments' code (``spent_economic``); a line's budget has no code to go under."""
    code = t.spent_economic
    if t.economic or not code:
        return []
    return [("economic", code[:3], "类"), ("economic", code, "款")]


def _category(t: LineTotals) -> list[Level]:
    if Category(t.category).is_basic:
        return [("category", "基本支出", ""), ("category", t.category, "")]
    return [("category", t.category, "")]


def _project(t: LineTotals) -> list[Level]:
    return [("project", t.project_code or t.project or NO_PROJECT, "")]


LEVELS: dict[str, Callable[[LineTotals], list[Level]]] = {
    "function": _function,
    "economic": _economic,
    "fund": lambda t: [("fund", t.fund, "")],
    "category": _category,
    "project": _project,
    "line": lambda t: [("unit", t.unit, ""), ("line", t.code, "")],
    "unit": lambda t: [("unit", t.unit, "")],
}

_FUND_ORDER = {f.value: i for i, f in enumerate(Fund)}
_CATEGORY_ORDER = {"基本支出": 0, "人员经费": 1, "公用经费": 2, "项目支出": 3}


def _sort_key(level: Level) -> tuple[Any, ...]:
    dim, value, _ = level
    if dim == "fund":
        return (_FUND_ORDER.get(value, 99), value)
    if dim == "category":
        return (_CATEGORY_ORDER.get(value, 99), value)
    if value in (NO_PROJECT, UNRESTRICTED):
        return (1, value)
    return (0, value)


@dataclass
class Group:
    path: tuple[Level, ...]
    members: list[LineTotals]

    @property
    def depth(self) -> int:
        return len(self.path) - 1

    def keys(self, names: Names) -> dict[str, Any]:
        """The row's group, named after its dimensions (``function``, ``fund``, …)."""
        out: dict[str, Any] = {}
        for dim, value, level in self.path:
            out[dim] = value
            if dim in ("function", "economic") and level:
                out[f"{dim}_name"] = names.name(dim, value)
            elif dim == "project" and self.members[0].project_code:
                out["project_name"] = self.members[0].project
            elif value == UNRESTRICTED:
                out["economic_name"] = UNRESTRICTED_NAME
                out["unrestricted"] = True  # so are the payments' codes beneath it
        if self.path:
            out["level"] = self.path[-1][2] or None
        return out


def rollup(totals: Iterable[LineTotals], by: Sequence[str]) -> list[Group]:
    """Groups at every level of ``by``, parents before children, in published order.
    With ``economic`` in ``by``, spending of 未细化 budget is grouped by the payments'
    codes at the end of its path (when the totals are split by them)."""
    groups: dict[tuple[Level, ...], list[LineTotals]] = {}
    for t in totals:
        path: list[Level] = []
        tail = _spent_by_code(t) if "economic" in by else []
        for level in [*(level for dim in by for level in LEVELS[dim](t)), *tail]:
            path.append(level)
            groups.setdefault(tuple(path), []).append(t)
    ordered = sorted(groups, key=lambda p: tuple(_sort_key(level) for level in p))
    return [Group(path, groups[path]) for path in ordered]


class Names:
    """Code names: the shipped tables, then names the journals gave for other codes."""

    def __init__(self, given: dict[tuple[str, str], str] | None = None) -> None:
        self._given = given or {}

    def name(self, scheme: str, code: str) -> str | None:
        table = codes.function_names() if scheme == "function" else codes.economic_names()
        return table.get(code) or self._given.get((scheme, code))
