"""A line's lowest available balance from a date on, against a plain recomputation."""

from __future__ import annotations

from datetime import date, timedelta
from decimal import Decimal

from hypothesis import given
from hypothesis import strategies as st

from ledger.domain.line import Line

days = st.integers(min_value=0, max_value=365).map(lambda n: date(2024, 1, 1) + timedelta(n))
flows = st.lists(
    st.tuples(days, st.integers(min_value=-10_000, max_value=10_000).map(lambda n: Decimal(n))),
    max_size=40,
)


def _line(history: list[tuple[date, Decimal]]) -> Line:
    line = Line.__new__(Line)
    line.flows, line.dates, line.last_date = {}, [], ""
    line.initial = line.carried_in = line.spent = Decimal(0)
    line.adjusted = sum((a for _, a in history), Decimal(0))
    for day, amount in history:
        line._flow(day, amount)
    return line


@given(flows, days)
def test_lowest_available_from_a_date(history: list[tuple[date, Decimal]], on: date) -> None:
    line = _line(history)
    assert line.dates == sorted(line.flows)
    checkpoints = [on] + [d for d, _ in history if d > on]
    expected = min(sum((a for d, a in history if d <= e), Decimal(0)) for e in checkpoints)
    lowest, when = line.lowest_available_from(on)
    assert lowest == expected
    assert sum((a for d, a in history if d.isoformat() <= when), Decimal(0)) == lowest
