"""Random coherent journals, recorded fact by fact: whatever is accepted keeps the books sound,
and the ledger takes exactly the rows its rules allow."""

from __future__ import annotations

import itertools
import shutil
from collections import Counter
from datetime import UTC, date, datetime, timedelta
from pathlib import Path

import pytest
from hypothesis import HealthCheck, Phase, event, given, settings
from hypothesis import strategies as st
from sqlalchemy.orm import Session

from ledger.journal.parse import RowError
from ledger.service import LedgerService
from ledger.store import dispose_engines
from projections.queries.balances import fund_balances
from projections.queries.execution import execution_report
from projections.queries.lines import line_totals
from projections.scope import Scope
from tests.conftest import examples, open_service
from tests.properties.journals import UNIT, YEAR, Journal, days, journal

HARD = ("reversal", "transfer", "income", "carry")  # what a careless generator never reaches


@pytest.fixture(scope="module")
def template(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """A migrated empty store, copied for every example (migrating each time is slow)."""
    path = tmp_path_factory.mktemp("template") / "empty.db"
    open_service(str(path))
    dispose_engines()
    return path


def _label(row: dict[str, str]) -> str:
    """The row's kind; a close of a line carrying more than nothing is a ``carry``."""
    if row["kind"] == "close" and row.get("line") and row["amount"] != "0.00":
        return "carry"
    return row["kind"]


def _replay(svc: LedgerService, rows: list[dict[str, str]]) -> list[bool]:
    """Record the rows one by one: whether each was accepted."""
    outcome = []
    for row in rows:
        try:
            svc.record(row)
            outcome.append(True)
        except RowError:
            outcome.append(False)
    return outcome


def _record(template: Path, tmp: Path, rows: list[dict[str, str]]):  # type: ignore[no-untyped-def]
    dispose_engines()
    db = tmp / "ledger.db"
    for suffix in ("", "-wal", "-shm"):
        Path(f"{db}{suffix}").unlink(missing_ok=True)
    shutil.copy(template, db)
    svc = open_service(str(db))
    outcome = _replay(svc, rows)
    accepted = [row for row, ok in zip(rows, outcome, strict=True) if ok]
    taken = Counter(map(_label, accepted))
    for label in HARD:  # shown by --hypothesis-show-statistics
        event(f"{label}: {'none' if not taken[label] else 'some'} accepted")
    return svc, accepted


SETTINGS = settings(
    max_examples=examples(40),
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


@SETTINGS
@given(rows=journal())
def test_the_ledger_takes_exactly_the_rows_its_rules_allow(
    template: Path, tmp_path: Path, rows
) -> None:  # type: ignore[no-untyped-def]
    """The generator's model of the rules (available as of every later date, what is left
    of a payment, same fund, closed lines) and the ledger agree on every row."""
    _, accepted = _record(template, tmp_path, rows)
    taken = {id(row) for row in accepted}
    for row, expected in zip(rows, rows.expected, strict=True):
        assert (id(row) in taken) == expected, row


# --- the generator itself --------------------------------------------------------------

STATS_JOURNALS = 60  # under every profile: fewer are too few rows for the rates below
# Lowest share of the rows of a kind the ledger accepts over the fixed journals, and the
# lowest share it refuses: rows against the rules must still come.
ACCEPTED_AT_LEAST = {"payment": 0.6, "reversal": 0.5, "transfer": 0.5, "adjustment": 0.45}
REFUSED_AT_LEAST = {"payment": 0.08, "reversal": 0.08, "transfer": 0.08, "adjustment": 0.08}
# Lowest share of the journals with at least one accepted row of a kind.
JOURNALS_WITH_AT_LEAST = {
    "reversal": 0.55,
    "transfer": 0.5,
    "income": 0.5,
    "close": 0.65,  # a close carrying nothing: the unit's, at least
    "carry": 0.65,  # a line's close carrying more than nothing
}


def test_the_generator_reaches_the_hard_cases(template: Path, tmp_path: Path) -> None:
    """Over a fixed set of journals (derandomized: the same ones every run, for a given
    generator and hypothesis version) the ledger accepts most payments, reversals,
    transfers and adjustments, refuses some of each, and records income and closes
    carrying money in many journals."""
    offered: Counter[str] = Counter()
    accepted: Counter[str] = Counter()
    journals_with: Counter[str] = Counter()
    journals = itertools.count()

    @settings(
        SETTINGS,
        max_examples=STATS_JOURNALS,
        derandomize=True,
        database=None,
        phases=[Phase.generate],
    )
    @given(rows=journal())
    def tally(rows: Journal) -> None:
        next(journals)
        _, taken = _record(template, tmp_path, rows)
        offered.update(map(_label, rows))
        accepted.update(map(_label, taken))
        journals_with.update(set(map(_label, taken)))

    tally()
    assert next(journals) == STATS_JOURNALS
    rates = {kind: accepted[kind] / offered[kind] for kind in offered}
    for kind, least in ACCEPTED_AT_LEAST.items():
        assert offered[kind] >= 100, (kind, offered)  # enough rows for a rate
        assert rates[kind] >= least, (kind, rates)
    for kind, least in REFUSED_AT_LEAST.items():
        assert 1 - rates[kind] >= least, (kind, rates)
    assert rates["income"] == 1, rates
    assert rates["carry"] >= 0.6, rates  # a close carrying more than the balance is refused
    for kind, share in JOURNALS_WITH_AT_LEAST.items():
        assert journals_with[kind] >= STATS_JOURNALS * share, (kind, journals_with)


# --- on PostgreSQL ---------------------------------------------------------------------

_pg_units = itertools.count()


@pytest.mark.parametrize("db_url", ["postgresql"], indirect=True)
@settings(SETTINGS, max_examples=examples(10))
@given(rows=journal())
def test_the_books_stay_sound_on_postgresql(db_url: str, rows: Journal) -> None:
    """One store for every example, each journal under a unit of its own."""
    unit = f"pg{next(_pg_units)}"
    svc = open_service(db_url)
    outcome = _replay(svc, [{**row, "unit": unit} for row in rows])
    assert outcome == rows.expected
    accepted = [row for row, ok in zip(rows, outcome, strict=True) if ok]
    with Session(svc.engine) as s:
        for balance in fund_balances(s, Scope(YEAR, unit=unit)):
            assert balance.holds, balance
        for day in sorted({date.fromisoformat(r["date"]) for r in accepted}):
            for t in line_totals(s, Scope(YEAR, unit=unit, as_of=day)):
                assert t.available >= 0, (day, t)


# --- transfers, directly ---------------------------------------------------------------


def _row(kind: str, day: str, amount: str, doc: str, **cells: str) -> dict[str, str]:
    return {
        "kind": kind,
        "date": day,
        "year": str(YEAR),
        "unit": UNIT,
        **cells,
        "amount": amount,
        "doc": doc,
    }


def _opening(code: str, fund: str, day: str, amount: str) -> dict[str, str]:
    dims = {"fund": fund, "function": "2013702", "category": "公用经费"}
    return _row("appropriation", day, amount, f"PF-{code}", line=code, **dims)


def _state(svc: LedgerService, as_of: date | None = None) -> tuple[int | None, dict[str, tuple]]:
    """The last event's notification id, and each line's totals."""
    with Session(svc.engine) as s:
        totals = line_totals(s, Scope(YEAR, unit=UNIT, as_of=as_of))
    last = svc.ledger.recorder.max_notification_id()  # type: ignore[attr-defined]
    return last, {t.code: (t.budget, t.adjusted, t.spent, t.available) for t in totals}


def test_a_transfer_moves_money_between_both_lines_or_neither(db_url: str) -> None:
    svc = open_service(db_url)
    svc.record(_opening("A", "一般公共预算", "2024-03-01", "1000.00"))
    svc.record(_opening("B", "一般公共预算", "2024-01-10", "200.00"))
    svc.record(_opening("U", "单位资金", "2024-01-10", "500.00"))
    svc.record(_row("payment", "2024-06-01", "600.00", "ZF-1", line="A", economic="30201"))
    transfer = {"line": "A", "to_line": "B"}
    before, lines = _state(svc)
    assert lines["A"] == (100000, 0, 60000, 40000)

    # Accepted: the source loses what the target gains, from the transfer's date on.
    svc.record(_row("transfer", "2024-07-01", "300.00", "TJ-1", **transfer))
    after, moved = _state(svc)
    assert after == (before or 0) + 2  # 调出 and 调入
    assert moved["A"] == (70000, -30000, 60000, 10000)
    assert moved["B"] == (50000, 30000, 0, 50000)
    assert moved["U"] == lines["U"]
    assert _state(svc, date(2024, 6, 30))[1] == lines

    refusals = [
        # more than the source has
        _row("transfer", "2024-07-02", "100.01", "TJ-2", **transfer),
        # back-dated: A held 1000.00 on 2 March, but 150.00 moved then would leave it
        # at -50.00 from 1 July
        _row("transfer", "2024-03-02", "150.00", "TJ-3", **transfer),
        # before the source had any money
        _row("transfer", "2024-02-01", "50.00", "TJ-4", **transfer),
        # to another fund
        _row("transfer", "2024-07-02", "50.00", "TJ-5", line="A", to_line="U"),
        # to a line that does not exist
        _row("transfer", "2024-07-02", "50.00", "TJ-6", line="A", to_line="Z"),
    ]
    for row in refusals:
        with pytest.raises(RowError):
            svc.record(row)
        assert _state(svc) == (after, moved), row

    # A closed target refuses, and the source is left as it was.
    svc.record(_row("close", "2024-12-31", "0.00", "CL-B", line="B"))
    closed, lines = _state(svc)
    with pytest.raises(RowError, match="已结账"):
        svc.record(_row("transfer", "2024-07-03", "50.00", "TJ-7", **transfer))
    assert _state(svc) == (closed, lines)


def test_income_under_a_fiscal_fund_is_refused(tmp_path: Path) -> None:
    """Income is non-fiscal (收入 of 单位资金 and 财政专户): a 财政拨款 fund's income is what
    its lines spent and carried, and counting an income row on top breaks its identity."""
    svc = open_service(str(tmp_path / "ledger.db"))
    svc.record(_opening("G1", "一般公共预算", "2024-01-05", "100.00"))
    try:
        svc.record(
            _row(
                "income",
                "2024-02-05",
                "10.00",
                "SR-1",
                fund="一般公共预算",
                function="2013702",
                income_type="其他收入",
            )
        )
    except RowError as err:
        assert err.column == "fund"
    else:
        pytest.fail("income under 一般公共预算 was recorded")
    with Session(svc.engine) as s:
        for balance in fund_balances(s, Scope(YEAR, unit=UNIT)):
            assert balance.holds, balance
