"""The synthetic city year is a valid journal: every close carries no more than its line holds."""

from __future__ import annotations

import csv
from collections import defaultdict
from decimal import Decimal
from pathlib import Path

import pytest

from tui.bench.synthetic import City, Performance, generate, generate_performance


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


def test_the_performance_journal_names_the_city_s_projects(tmp_path: Path) -> None:
    """Separate from the money journal (which it leaves as it was): every row names a
    project of the city's lines, every indicator is targeted before it is observed, and
    every indicator is observed at each month's end."""
    city = City(units=20, lines=800, payments=20_000, departments=4)
    generate(city, tmp_path / "city.csv")
    with open(tmp_path / "city.csv", encoding="utf-8") as f:
        projects = {(r["unit"], r["project_code"]) for r in csv.DictReader(f) if r["project_code"]}
    shape = Performance(projects=50, indicators=15)
    stats = generate_performance(city, shape, tmp_path / "performance.csv")
    targeted: set[tuple[str, ...]] = set()
    observed: dict[tuple[str, ...], int] = defaultdict(int)
    with open(tmp_path / "performance.csv", encoding="utf-8") as f:
        rows = list(csv.DictReader(f))
    for r in rows:
        assert (r["unit"], r["project_code"]) in projects
        key = (r["unit"], r["project_code"], r["indicator"])
        if r["kind"] == "target":
            targeted.add(key)
        elif r["kind"] == "progress":
            assert key in targeted
            observed[key] += 1
    assert stats.rows == len(rows)
    assert len({(r["unit"], r["project_code"]) for r in rows}) == 50
    assert len(observed) == 50 * 15 and set(observed.values()) == {12}
    assert [r["date"] for r in rows] == sorted(r["date"] for r in rows)
