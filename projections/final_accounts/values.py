"""Table values (nested dicts and lists; money in integer fen, percentages as Decimal)
to JSON, and flattened to paths for comparing and adding sets of tables."""

from __future__ import annotations

from decimal import Decimal
from typing import Any

from ledger.money import wan


def jsonable(value: Any) -> Any:
    """Money as 万元 strings with two decimals (rounded once, from exact fen); percentages
    as strings with two decimals; everything else unchanged."""
    if isinstance(value, bool) or value is None or isinstance(value, str):
        return value
    if isinstance(value, int):
        return f"{wan(value):.2f}"
    if isinstance(value, Decimal):
        return f"{value:.2f}"
    if isinstance(value, dict):
        return {k: jsonable(v) for k, v in value.items()}
    if isinstance(value, list | tuple):
        return [jsonable(v) for v in value]
    raise TypeError(f"not a table value: {value!r}")


def money_leaves(value: Any, path: tuple[str, ...] = ()) -> dict[tuple[str, ...], int]:
    """Every money figure by its path (``("t02_收入决算表", "rows", "201", "0")``).

    Percentages and texts are left out: they do not add up across units.
    """
    if isinstance(value, bool):
        return {}
    if isinstance(value, int):
        return {path: value}
    if isinstance(value, dict):
        out: dict[tuple[str, ...], int] = {}
        for k, v in value.items():
            out.update(money_leaves(v, (*path, k)))
        return out
    if isinstance(value, list):
        out = {}
        for i, v in enumerate(value):
            out.update(money_leaves(v, (*path, str(i))))
        return out
    return {}
