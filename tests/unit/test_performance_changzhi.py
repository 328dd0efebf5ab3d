"""The 11 published self-evaluations of the Changzhi 2024 final accounts, rebuilt from the
performance rows and the ledger's money, leaf for leaf as performance-expected.json holds
them (the figures are the rules' arithmetic; its "about" says where the print differs).

This phase has no journal parser for performance rows: the rows are read with ``csv``,
and the money (fen) is folded from journal.csv's rows the way the ledger folds a project's
lines (年初 = appropriations; 全年预算 = + carry-overs, adjustments, transfers; 执行数 =
payments − reversals)."""

from __future__ import annotations

import csv
import json
from collections import defaultdict
from datetime import UTC, date, datetime
from decimal import Decimal
from pathlib import Path
from typing import Any

import pytest

from ledger.domain.performance.evaluation import (
    IndicatorRecord,
    ProjectMoney,
    Scored,
    self_evaluation,
)
from ledger.domain.performance.project import ProjectPerformance

EXAMPLE = Path(__file__).resolve().parents[2] / "examples" / "changzhi-cac-2024"
EXPECTED: dict[str, Any] = json.loads(
    (EXAMPLE / "performance-expected.json").read_text(encoding="utf-8")
)["绩效自评"]
MOMENT = datetime(2025, 4, 1, tzinfo=UTC)


def _rows(name: str) -> list[dict[str, str]]:
    with open(EXAMPLE / name, encoding="utf-8-sig", newline="") as f:
        return list(csv.DictReader(f))


PERFORMANCE = _rows("performance.csv")


def _fen(text: str) -> int:
    return int(Decimal(text) * 100)


def _money() -> dict[str, ProjectMoney]:
    project_of: dict[str, str] = {}
    initial: dict[str, int] = defaultdict(int)
    budget: dict[str, int] = defaultdict(int)
    spent: dict[str, int] = defaultdict(int)
    for row in _rows("journal.csv"):
        kind, line, amount = row["kind"], row["line"], row["amount"]
        if kind in ("appropriation", "carryover") and row["project_code"]:
            project_of[line] = row["project_code"]
        if kind == "appropriation":
            initial[line] += _fen(amount)
        if kind in ("appropriation", "carryover", "adjustment"):
            budget[line] += _fen(amount)
        elif kind == "transfer":
            budget[line] -= _fen(amount)
            budget[row["to_line"]] += _fen(amount)
        elif kind == "payment":
            spent[line] += _fen(amount)
        elif kind == "reversal":
            spent[line] -= _fen(amount)
    totals: dict[str, list[int]] = defaultdict(lambda: [0, 0, 0])
    for line, code in project_of.items():
        for i, figures in enumerate((initial, budget, spent)):
            totals[code][i] += figures[line]
    return {code: ProjectMoney(*figures) for code, figures in totals.items()}


MONEY = _money()


def _projects() -> dict[str, list[dict[str, str]]]:
    """performance.csv's rows by the expected block's key: code and name."""
    by_project: dict[str, list[dict[str, str]]] = defaultdict(list)
    for row in PERFORMANCE:
        by_project[f"{row['project_code']} {row['project']}"].append(row)
    return by_project


PROJECTS = _projects()


def _decimal(text: str) -> Decimal | None:
    return Decimal(text) if text else None


def test_every_published_project_is_in_the_rows() -> None:
    assert list(PROJECTS) == list(EXPECTED)


def _plain_values(rows: list[dict[str, str]]) -> dict[str, Any]:
    """The self-evaluation's inputs, straight from the rows (no aggregate)."""
    goal = outcome = ""
    weight = Decimal(10)
    initial: dict[tuple[str, str, str], str] = {}
    target: dict[tuple[str, str, str], str] = {}
    scored: dict[tuple[str, str, str], Scored] = {}
    for row in rows:
        key = (row["level1"], row["level2"], row["indicator"])
        if row["level1"] == "预算执行率":
            weight = Decimal(row["weight"])
        elif not any(key):
            if row["kind"] == "target":
                goal = row["target"]
            else:
                outcome = row["actual"]
        elif row["kind"] == "target":
            initial[key] = target[key] = row["target"]
        elif row["kind"] == "target_revision":
            target[key] = row["target"]
        elif row["kind"] == "evaluation":
            scored[key] = Scored(
                row["actual"], _decimal(row["weight"]), _decimal(row["score"]), row["reason"]
            )
    records = [IndicatorRecord(*key, initial[key], target[key], scored.get(key)) for key in initial]
    return {"indicators": records, "goal": goal, "outcome": outcome, "execution_weight": weight}


@pytest.mark.parametrize("project", list(EXPECTED))
def test_self_evaluation_from_plain_values(project: str) -> None:
    code = project.split()[0]
    got = self_evaluation(MONEY[code], year=2024, **_plain_values(PROJECTS[project]))
    assert got == EXPECTED[project]


@pytest.mark.parametrize("project", list(EXPECTED))
def test_self_evaluation_from_the_recorded_history(project: str) -> None:
    """The same block, from the aggregate the rows are recorded on."""
    code = project.split()[0]
    performance = ProjectPerformance.create(
        unit="105001", year=2024, project=code, effective_date=date(2024, 1, 5),
        doc="示例批复-2024-001", actor="测试", timestamp=MOMENT,
    )  # fmt: skip
    for row in PROJECTS[project]:
        _record(performance, row)
    assert performance.self_evaluation(MONEY[code]) == EXPECTED[project]


def _record(performance: ProjectPerformance, row: dict[str, str]) -> bool:
    fact = {
        "timestamp": MOMENT,
        "effective_date": date.fromisoformat(row["date"]),
        "doc": row["doc"],
        "actor": "测试",
        "memo": row["memo"] or None,
        "row_hash": None,
    }
    levels = (row["level1"], row["level2"], row["indicator"])
    kind = row["kind"]
    if kind == "target":
        return performance.set_target(*levels, row["target"], **fact)
    if kind == "target_revision":
        return performance.revise_target(*levels, row["target"], row["reason"], **fact)
    assert kind == "evaluation"
    return performance.evaluate(
        *levels, row["target"], row["actual"], _decimal(row["weight"]),
        _decimal(row["score"]), row["reason"], **fact,
    )  # fmt: skip
