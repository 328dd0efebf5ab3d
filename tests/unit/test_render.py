"""Report rendering: the streamed JSON is the JSON of the whole report."""

from __future__ import annotations

import io
import json
from decimal import Decimal

from projections.render import to_json, write_json
from projections.report import Column, Report


def _report(rows: list[dict[str, object]]) -> Report:
    return Report(
        name="x",
        title="测试",
        columns=[
            Column("unit", "单位"),
            Column("spent", "执行数", "money"),
            Column("rate", "执行率", "percent"),
        ],
        rows=rows,
        total={"spent": 123, "rate": Decimal("1.50")},
        meta={"year": 2024, "pace": Decimal("49.73")},
        notes=["注"],
    )


def test_streamed_json_equals_the_whole() -> None:
    for rows in (
        [],
        [
            {"unit": "1", "spent": 100, "rate": None},
            {"unit": "2", "spent": 5, "rate": Decimal("7.1")},
        ],
    ):
        out = io.StringIO()
        write_json(_report(rows), out)
        assert json.loads(out.getvalue()) == to_json(_report(rows))
    assert json.loads(out.getvalue())["rows"][1]["spent"] == "0.05"
