"""The Jincheng 2025 budget's 13 项目支出绩效目标表: each project's 年度目标 and indicators as
approved, recorded on the aggregate from journal.csv's target rows (read with ``csv``: this
phase has no journal parser for them), match expected.json's ``绩效目标`` leaf for leaf."""

from __future__ import annotations

import csv
import json
from datetime import UTC, date, datetime
from pathlib import Path
from typing import Any

from ledger.domain.performance.project import ProjectPerformance

EXAMPLE = Path(__file__).resolve().parents[2] / "examples" / "jincheng-energy-2025"
MOMENT = datetime(2025, 3, 10, tzinfo=UTC)


def _projects() -> dict[str, ProjectPerformance]:
    projects: dict[str, ProjectPerformance] = {}
    with open(EXAMPLE / "journal.csv", encoding="utf-8-sig", newline="") as f:
        for row in csv.DictReader(f):
            if row["kind"] != "target":
                continue
            on = date.fromisoformat(row["date"])
            fact = {"timestamp": MOMENT, "effective_date": on, "doc": row["doc"], "actor": "测试"}
            name = row["project"]  # no project code is printed: the name is the key
            if name not in projects:
                projects[name] = ProjectPerformance.create(
                    unit=row["unit"], year=int(row["year"]), project=name, **fact
                )
            levels = (row["level1"], row["level2"], row["indicator"])
            assert projects[name].set_target(
                *levels, row["target"], **fact, memo=row["memo"] or None, row_hash=None
            )
    return projects


def test_targets_as_approved() -> None:
    expected: dict[str, Any] = json.loads((EXAMPLE / "expected.json").read_text(encoding="utf-8"))[
        "绩效目标"
    ]
    projects = _projects()
    assert list(projects) == list(expected)
    for name, project in projects.items():
        got = [
            {
                "一级指标": i.level1,
                "二级指标": i.level2,
                "三级指标": i.indicator,
                "指标值": i.approved,
            }
            for i in project.approved()
        ]
        assert project.approved_goal == expected[name]["年度目标"], name
        assert got == expected[name]["指标"], name
