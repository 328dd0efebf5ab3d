"""The synthetic city year is a valid journal: every close carries no more than its line holds."""

from __future__ import annotations

import csv
from collections import defaultdict
from decimal import Decimal
from pathlib import Path

import pytest

from tui.bench.synthetic import City, generate


@pytest.mark.parametrize("seed", [2, 3])
def test_closes_carry_no_more_than_the_balance(tmp_path: Path, seed: int) -> None:
    path = tmp_path / "city.csv"
    generate(City(units=20, lines=800, payments=60_000, departments=4, seed=seed), path)
    balance: dict[tuple[str, str], Decimal] = defaultdict(Decimal)
    sign = {"appropriation": 1, "carryover": 1, "adjustment": 1, "payment": -1, "reversal": 1}
    closes = []
    with open(path, encoding="utf-8") as f:
        for r in csv.DictReader(f):
            key, amount = (r["unit"], r["line"]), Decimal(r["amount"])
            if r["kind"] in sign:
                balance[key] += sign[r["kind"]] * amount
            elif r["kind"] == "transfer":
                balance[key] -= amount
                balance[(r["unit"], r["to_line"])] += amount
            elif r["kind"] == "close" and r["line"]:
                closes.append((key, amount))
    assert closes
    assert [(k, a) for k, a in closes if a > balance[k]] == []
