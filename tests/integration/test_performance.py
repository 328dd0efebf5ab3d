"""Performance (预算绩效) end to end, on SQLite and PostgreSQL: the Changzhi final accounts'
绩效自评 and the Jincheng budget's 绩效目标 rebuilt leaf for leaf from their journals; the
rows exported back losslessly and recognised on re-import; the read model rebuilt equal;
双监控 as of a date and known at a moment."""

from __future__ import annotations

import json
from datetime import UTC, datetime
from pathlib import Path
from typing import Any

import pytest
from sqlalchemy import select
from sqlalchemy.orm import Session

from ledger.export import journal_rows
from ledger.journal.write import write_journal
from ledger.service import LedgerService
from projections.maintain import rebuild
from projections.queries.performance import performance_report
from projections.schema import performance_facts, performance_projects
from projections.scope import Scope
from tests.conftest import kind_of, open_service
from tui.cli.main import main

EXAMPLES = Path(__file__).resolve().parents[2] / "examples"
CHANGZHI = EXAMPLES / "changzhi-cac-2024"
JINCHENG = EXAMPLES / "jincheng-energy-2025"


def _json(path: Path) -> dict[str, Any]:
    return json.loads(path.read_text(encoding="utf-8"))  # type: ignore[no-any-return]


def _run(capsys: pytest.CaptureFixture[str], *argv: str) -> str:
    assert main(list(argv)) == 0, capsys.readouterr().err
    return capsys.readouterr().out


def _changzhi(db_url: str, capsys: pytest.CaptureFixture[str]) -> None:
    journals = (str(CHANGZHI / "journal.csv"), str(CHANGZHI / "performance.csv"))
    _run(capsys, "--db", db_url, "import", "--no-progress", *journals)


def test_changzhi_self_evaluations_leaf_for_leaf(
    db_url: str, capsys: pytest.CaptureFixture[str]
) -> None:
    _changzhi(db_url, capsys)
    scope = ("--year", "2024", "--unit", "105001")
    out = _run(capsys, "--db", db_url, "final-accounts", *scope, "--format", "json")
    expected = _json(CHANGZHI / "performance-expected.json")["绩效自评"]
    got = json.loads(out)["绩效自评"]
    assert list(got) == list(expected)
    for name, block in expected.items():
        assert got[name] == block, name
    # The flags the print deserves appear in check as 提示, and fail no rule.
    checked = _run(capsys, "--db", db_url, "check", *scope)
    assert "[提示] 绩效自评 105001-2024-05 网信长治：权重合计不为100" in checked
    assert "105001-2024-07 应急指挥和举报中心应急值守人员项目：未达成但满分" in checked
    narrative = _run(capsys, "--db", db_url, "final-accounts", *scope, "--format", "md")
    assert "绩效自评等级优5个、良3个、中3个" in narrative
    assert "| 105001-2024-05 网信长治 | 10.00 | 10.00 | 100.00% | 10.00 | 90.00 | 优 |" in narrative


def test_jincheng_targets_leaf_for_leaf(db_url: str, capsys: pytest.CaptureFixture[str]) -> None:
    _run(capsys, "--db", db_url, "import", "--no-progress", str(JINCHENG / "journal.csv"))
    scope = ("--year", "2025", "--department", "223")
    out = _run(capsys, "--db", db_url, "budget-tables", *scope, "--format", "json")
    expected = _json(JINCHENG / "expected.json")["绩效目标"]
    got = json.loads(out)["绩效目标"]
    assert list(got) == list(expected)
    for name, block in expected.items():
        assert got[name] == block, name


def test_sheets_one_per_project(
    sqlite_url: str, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    from openpyxl import load_workbook

    _changzhi(sqlite_url, capsys)
    path = tmp_path / "final.xlsx"
    scope = ("--year", "2024", "--unit", "105001")
    _run(capsys, "--db", sqlite_url, "final-accounts", *scope, "--format", "xlsx", "-o", str(path))
    book = load_workbook(path, read_only=True)
    evaluations = [n for n in book.sheetnames if n.startswith("绩效自评")]
    assert len(evaluations) == 11
    rows = [
        [c for c in r if c is not None] for r in book[evaluations[0]].iter_rows(values_only=True)
    ]
    assert rows[0] == ["办公场所保洁经费项目支出绩效自评表"]
    assert ["总分", "79.86", "等级", "中"] in rows


def _export(svc: LedgerService, path: Path, fmt: str) -> bytes:
    with Session(svc.engine) as session:
        write_journal(journal_rows(session, svc.ledger.mapper), path, fmt)
    return path.read_bytes()


@pytest.mark.parametrize("fmt", ["csv", "xlsx", "jsonl"])
def test_performance_rows_export_losslessly(
    db_url: str,
    new_db: Any,
    tmp_path: Path,
    fmt: str,
) -> None:
    first = open_service(db_url)
    first.import_file(CHANGZHI / "journal.csv")
    first.import_file(CHANGZHI / "performance.csv")
    exported = _export(first, tmp_path / f"one.{fmt}", fmt)
    second = open_service(new_db(kind_of(db_url)))
    result = second.import_file(tmp_path / f"one.{fmt}")
    assert result.already == 0
    assert _export(second, tmp_path / f"two.{fmt}", fmt) == exported
    # The original rows (named by code and name) are the rows the export wrote.
    assert second.import_file(CHANGZHI / "performance.csv").recorded == 0


def _performance_model(svc: LedgerService) -> list[list[tuple[Any, ...]]]:
    with Session(svc.engine) as session:
        return [
            [tuple(r) for r in session.execute(select(t).order_by(*t.primary_key.columns))]
            for t in (performance_projects, performance_facts)
        ]


def test_rebuilt_performance_model_equals_incremental(db_url: str) -> None:
    svc = open_service(db_url)
    svc.import_file(CHANGZHI / "journal.csv")
    svc.import_file(CHANGZHI / "performance.csv")
    svc.record(_progress("办公室保洁面积", "≤700平方米", "2024-09-30"))
    incremental = _performance_model(svc)
    assert len(incremental[1]) > 400
    svc.maintain(rebuild)
    assert _performance_model(svc) == incremental


def _progress(indicator: str, actual: str, on: str, doc: str = "监控-1") -> dict[str, str]:
    return {
        "date": on, "kind": "progress", "year": "2024", "unit": "105001",
        "project_code": "105001-2024-01", "level1": "产出指标", "level2": "数量指标",
        "indicator": indicator, "actual": actual, "doc": doc,
    }  # fmt: skip


def test_double_monitoring_as_of_and_known_at(sqlite_url: str) -> None:
    svc = open_service(sqlite_url)
    svc.import_file(CHANGZHI / "journal.csv")
    svc.import_file(CHANGZHI / "performance.csv")
    before = datetime.now(UTC)
    svc.record(_progress("聘用保洁人员数量", "1人", "2024-08-31"))
    svc.record(_progress("办公室保洁面积", "≤1500平方米", "2024-09-30"))

    def row(**scope: Any) -> dict[str, Any]:
        with Session(svc.engine) as session:
            report = performance_report(session, Scope(2024, unit="105001", **scope), True)
        return next(r for r in report.rows if r["indicator"] == "办公室保洁面积")

    now = row(as_of=datetime(2024, 10, 31).date())
    assert (now["target"], now["progress"], now["status"]) == ("≤750平方米", "≤1500平方米", "滞后")
    assert now["completion"] == 50  # ≤: target ÷ actual, 83.33 points of pace
    earlier = row(as_of=datetime(2024, 9, 29).date())
    assert earlier["progress"] is None and earlier["status"] == "未监控"
    replayed = row(as_of=datetime(2024, 10, 31).date(), known_at=before)
    assert replayed["progress"] is None
