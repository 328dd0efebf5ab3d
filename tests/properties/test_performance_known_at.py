"""双监控 as of D, known at T, is unchanged by any facts recorded after T: progress
observations, revisions and evaluations of any date, of any indicator."""

from __future__ import annotations

from datetime import UTC, date, datetime
from pathlib import Path
from typing import Any

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st
from sqlalchemy.orm import Session

from ledger.service import LedgerService
from projections.queries.performance import performance_report
from projections.scope import Scope
from tests.conftest import open_service

CHANGZHI = Path(__file__).resolve().parents[2] / "examples" / "changzhi-cac-2024"
PROJECT = "105001-2024-01"
INDICATORS = [
    ("产出指标", "数量指标", "办公室保洁面积"),
    ("产出指标", "数量指标", "聘用保洁人员数量"),
    ("产出指标", "成本指标", "每日工作时长"),
    ("产出指标", "成本指标", "办公室保洁总成本"),
]
COUNTER = iter(range(10**9))


@pytest.fixture(scope="module")
def store(tmp_path_factory: pytest.TempPathFactory) -> tuple[LedgerService, datetime]:
    svc = open_service(str(tmp_path_factory.mktemp("known") / "ledger.db"))
    svc.import_file(CHANGZHI / "journal.csv")
    svc.import_file(CHANGZHI / "performance.csv")
    svc.record(_row("progress", INDICATORS[0], date(2024, 5, 31), actual="≤900平方米"))
    return svc, datetime.now(UTC)


def _row(kind: str, levels: tuple[str, str, str], on: date, **cells: str) -> dict[str, str]:
    level1, level2, indicator = levels
    return {
        "date": on.isoformat(), "kind": kind, "year": "2024", "unit": "105001",
        "project_code": PROJECT, "level1": level1, "level2": level2, "indicator": indicator,
        "doc": f"后记-{next(COUNTER)}", **cells,
    }  # fmt: skip


later_fact = st.tuples(
    st.sampled_from(["progress", "target_revision"]),
    st.sampled_from(INDICATORS),
    st.dates(date(2024, 7, 1), date(2024, 12, 31)),
    st.integers(1, 2000),
    st.sampled_from(["平方米", "人", "小时", "万元"]),
)


def _reports(svc: LedgerService, known_at: datetime) -> list[Any]:
    out = []
    with Session(svc.engine) as session:
        for as_of in (date(2024, 3, 31), date(2024, 9, 30), None):
            scope = Scope(2024, unit="105001", as_of=as_of, known_at=known_at)
            for by_indicator in (False, True):
                out.append(performance_report(session, scope, by_indicator).rows)
    return out


@settings(max_examples=25, deadline=None)
@given(facts=st.lists(later_fact, min_size=1, max_size=4))
def test_known_at_ignores_what_was_recorded_later(
    store: tuple[LedgerService, datetime], facts: list[Any]
) -> None:
    svc, moment = store
    before = _reports(svc, moment)
    for kind, levels, on, number, unit in facts:
        cell = "actual" if kind == "progress" else "target"
        svc.record(_row(kind, levels, on, **{cell: f"≤{number}{unit}"}))
    assert _reports(svc, moment) == before
