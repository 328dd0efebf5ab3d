"""A report as plain values: its columns (declared once, used by every output format and
by the TUI) and its rows, money in integer fen, percentages as Decimal."""

from __future__ import annotations

from dataclasses import dataclass, field
from decimal import Decimal
from typing import Any, Literal

from ledger.money import execution_score, ratio_percent

# A row's key listing the columns a text table shows for it (an outline: the others
# are its parents'); machine formats leave it out and give every key.
OUTLINE = "_outline"

# money: fen shown in 万元 to people; yuan: fen shown in 元 (single facts)
Kind = Literal["text", "money", "yuan", "percent", "flag", "int"]


@dataclass(frozen=True)
class Column:
    key: str
    label: str
    kind: Kind = "text"


@dataclass
class Report:
    name: str
    title: str
    columns: list[Column]
    rows: list[dict[str, Any]]
    total: dict[str, Any] | None = None
    meta: dict[str, Any] = field(default_factory=dict)
    notes: list[str] = field(default_factory=list)


FIGURE_COLUMNS = [
    Column("initial", "年初预算", "money"),
    Column("carried_in", "上年结转", "money"),
    Column("adjustments", "调整", "money"),
    Column("budget", "全年预算", "money"),
    Column("spent", "执行数", "money"),
    Column("available", "可用余额", "money"),
    Column("rate", "执行率%", "percent"),
    Column("pace", "序时进度%", "percent"),
    Column("pace_gap", "进度差", "percent"),
]


def figures(
    initial: int, carried_in: int, adjustments: int, spent: int, pace: Decimal
) -> dict[str, Any]:
    """The execution figures of a group, from its exact fen sums."""
    budget = initial + carried_in + adjustments
    rate = ratio_percent(spent, budget)
    return {
        "initial": initial,
        "carried_in": carried_in,
        "adjustments": adjustments,
        "budget": budget,
        "spent": spent,
        "available": budget - spent,
        "rate": rate,
        "pace": pace,
        "pace_gap": None if rate is None else rate - pace,
    }


def score(spent: int, budget: int) -> Decimal | None:
    return execution_score(spent, budget)
