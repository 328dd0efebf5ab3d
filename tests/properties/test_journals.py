"""Random journals, recorded fact by fact: whatever is accepted keeps the books sound."""

from __future__ import annotations

import shutil
from datetime import UTC, date, datetime, timedelta
from pathlib import Path

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from sqlalchemy.orm import Session

from ledger.journal.parse import RowError
from ledger.store import dispose_engines
from projections.queries.balances import fund_balances
from projections.queries.execution import execution_report
from projections.queries.lines import line_totals
from projections.scope import Scope
from tests.conftest import open_service

YEAR = 2024
LINES = {
    "P1": ("一般公共预算", "2013701", "人员经费"),
    "G1": ("一般公共预算", "2013702", "公用经费"),
    "X1": ("一般公共预算", "2080505", "项目支出"),
    "F1": ("政府性基金预算", "2101101", "项目支出"),
    "U1": ("单位资金", "2013701", "公用经费"),
}
ECONOMIC = {"人员经费": "30101", "公用经费": "30201", "项目支出": "30227"}

days = st.integers(min_value=0, max_value=364).map(lambda n: date(YEAR, 1, 1) + timedelta(n))
amounts = st.integers(min_value=1, max_value=500_000).map(lambda f: f"{f / 100:.2f}")


@st.composite
def journal(draw: st.DrawFn, reversals: bool = True, close: bool = True) -> list[dict[str, str]]:
    rows: list[dict[str, str]] = []
    kinds = [
        "appropriation",
        "carryover",
        "payment",
        "payment",
        "payment",
        "adjustment",
        "transfer",
    ]
    if reversals:
        kinds.append("reversal")
    for n in range(draw(st.integers(min_value=3, max_value=25))):
        kind = draw(st.sampled_from(kinds))
        line = draw(st.sampled_from(sorted(LINES)))
        fund, function, category = LINES[line]
        row = {
            "date": draw(days).isoformat(),
            "kind": kind,
            "year": str(YEAR),
            "unit": "1",
            "line": line,
            "amount": draw(amounts),
            "doc": f"D{n}",
        }
        if kind in ("appropriation", "carryover"):
            row.update(fund=fund, function=function, category=category)
            if category == "项目支出":
                row["project"] = f"项目{line}"
        elif kind == "payment":
            row["economic"] = ECONOMIC[category]
        elif kind == "adjustment" and draw(st.booleans()):
            row["amount"] = "-" + row["amount"]
        elif kind == "transfer":
            row["to_line"] = draw(st.sampled_from(sorted(set(LINES) - {line})))
        elif kind == "reversal":
            row["reverses"] = f"D{draw(st.integers(0, max(n - 1, 0)))}"
        rows.append(row)
    if close and draw(st.booleans()):
        rows.append(
            {
                "date": f"{YEAR}-12-31",
                "kind": "close",
                "year": str(YEAR),
                "unit": "1",
                "line": draw(st.sampled_from(sorted(LINES))),
                "amount": "0.00",
                "doc": "CL",
            }
        )
        rows.append(
            {
                "date": f"{YEAR}-12-31",
                "kind": "close",
                "year": str(YEAR),
                "unit": "1",
                "amount": "0.00",
                "doc": "CL-ALL",
            }
        )
    return rows


@pytest.fixture(scope="module")
def template(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """A migrated empty store, copied for every example (migrating each time is slow)."""
    path = tmp_path_factory.mktemp("template") / "empty.db"
    open_service(str(path))
    dispose_engines()
    return path


def _record(template: Path, tmp: Path, rows: list[dict[str, str]]):  # type: ignore[no-untyped-def]
    dispose_engines()
    db = tmp / "ledger.db"
    for suffix in ("", "-wal", "-shm"):
        Path(f"{db}{suffix}").unlink(missing_ok=True)
    shutil.copy(template, db)
    svc = open_service(str(db))
    accepted = []
    for row in rows:
        try:
            svc.record(row)
            accepted.append(row)
        except RowError:
            pass
    return svc, accepted


SETTINGS = settings(
    max_examples=40,
    deadline=None,
    suppress_health_check=[HealthCheck.function_scoped_fixture, HealthCheck.too_slow],
)


@SETTINGS
@given(rows=journal(), day=days)
def test_identity_holds_per_fund(template: Path, tmp_path: Path, rows, day) -> None:  # type: ignore[no-untyped-def]
    svc, _ = _record(template, tmp_path, rows)
    with Session(svc.engine) as s:
        for scope in (Scope(YEAR, unit="1"), Scope(YEAR, unit="1", as_of=day)):
            for balance in fund_balances(s, scope):
                assert balance.holds, balance


@SETTINGS
@given(rows=journal(), day=days)
def test_rollups_equal_the_sum_of_their_children(template: Path, tmp_path: Path, rows, day) -> None:  # type: ignore[no-untyped-def]
    svc, _ = _record(template, tmp_path, rows)
    with Session(svc.engine) as s:
        report = execution_report(s, Scope(YEAR, unit="1", as_of=day), ["function"])
    measures = ("initial", "carried_in", "adjustments", "budget", "spent", "available")
    rows_by_code = {r["function"]: r for r in report.rows}
    for code, row in rows_by_code.items():
        children = [
            r for c, r in rows_by_code.items() if len(c) == len(code) + 2 and c.startswith(code)
        ]
        if len(code) < 7:
            for m in measures:
                assert row[m] == sum(c[m] for c in children), (code, m)
    classes = [r for r in report.rows if r["level"] == "类"]
    for m in measures:
        assert report.total[m] == sum(r[m] for r in classes)


@SETTINGS
@given(rows=journal(reversals=False), d1=days, d2=days)
def test_spending_as_of_grows_with_the_date(template: Path, tmp_path: Path, rows, d1, d2) -> None:  # type: ignore[no-untyped-def]
    svc, _ = _record(template, tmp_path, rows)
    early, late = sorted((d1, d2))
    with Session(svc.engine) as s:
        before = {t.key: t.spent for t in line_totals(s, Scope(YEAR, unit="1", as_of=early))}
        after = {t.key: t.spent for t in line_totals(s, Scope(YEAR, unit="1", as_of=late))}
    for key, spent in before.items():
        assert spent <= after[key]


@SETTINGS
@given(rows=journal())
def test_no_line_is_ever_below_zero(template: Path, tmp_path: Path, rows) -> None:  # type: ignore[no-untyped-def]
    svc, accepted = _record(template, tmp_path, rows)
    dates = sorted({date.fromisoformat(r["date"]) for r in accepted})
    with Session(svc.engine) as s:
        for day in dates:
            for t in line_totals(s, Scope(YEAR, unit="1", as_of=day)):
                assert t.available >= 0, (day, t)


@SETTINGS
@given(rows=journal(), day=st.one_of(st.none(), days))
def test_monthly_sums_agree_with_every_movement(template: Path, tmp_path: Path, rows, day) -> None:  # type: ignore[no-untyped-def]
    """The fast path (monthly sums) and the exact path (all movements) give one answer."""
    svc, _ = _record(template, tmp_path, rows)
    later = datetime.now(UTC) + timedelta(days=1)
    with Session(svc.engine) as s:
        fast = line_totals(s, Scope(YEAR, unit="1", as_of=day))
        exact = line_totals(s, Scope(YEAR, unit="1", as_of=day, known_at=later))
    assert fast == exact
