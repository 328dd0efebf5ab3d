"""The classification codes the ledger ships: 支出功能分类 and 部门预算支出经济分类.

The shipped tables hold the codes found in published documents (see ``ledger/data``).
A journal may use a code they lack only by giving its name, which the ledger then keeps.
"""

from __future__ import annotations

import csv
from dataclasses import dataclass
from functools import cache
from importlib import resources

FUNCTION_LEVELS = {3: "类", 5: "款", 7: "项"}
ECONOMIC_LEVELS = {3: "类", 5: "款"}


@dataclass(frozen=True)
class FunctionClass:
    code: str
    name: str
    row: int | None  # row in the fixed order of 公开01/04, None if the tables omit it


def _read(name: str) -> list[dict[str, str]]:
    text = resources.files("ledger.data").joinpath(name).read_text(encoding="utf-8")
    return list(csv.DictReader(text.splitlines()))


@cache
def function_names() -> dict[str, str]:
    return {r["code"]: r["name"] for r in _read("function_codes.csv")}


@cache
def economic_names() -> dict[str, str]:
    return {r["code"]: r["name"] for r in _read("economic_codes.csv")}


@cache
def function_classes() -> tuple[FunctionClass, ...]:
    return tuple(
        FunctionClass(
            r["code"], r["name"], int(r["final_accounts_row"]) if r["final_accounts_row"] else None
        )
        for r in _read("function_classes.csv")
    )
