"""The carry-over rules balance for every line, whatever its history."""

from __future__ import annotations

from hypothesis import given
from hypothesis import strategies as st

from ledger.domain import settle

money = st.integers(min_value=0, max_value=10**9)


@st.composite
def lines(draw: st.DrawFn) -> tuple[int, int, int]:
    carried = draw(money)
    current = draw(st.integers(min_value=-carried, max_value=10**9))
    spent = draw(st.integers(min_value=0, max_value=carried + current))
    return carried, current, spent


@given(lines(), st.data())
def test_close_balances_the_identity(line: tuple[int, int, int], data: st.DataObject) -> None:
    carried, current, spent = line
    s = settle.split(carried, current, spent)
    assert s.spent_from_carry + s.spent_from_current == spent
    assert s.spent_from_carry <= carried and s.carry_left >= 0 and s.current_left >= 0
    amount = data.draw(st.integers(min_value=0, max_value=s.available))
    c = settle.close(s, amount)
    income = s.spent_from_current + c.carried_from_current
    assert carried + income == spent + c.carried + c.recovered_old
    assert c.recovered_current >= 0 and c.recovered_old >= 0
    # Projected before the close: the whole balance carries.
    assert carried + s.spent_from_current + s.current_left == spent + s.available + s.carry_reduced


@given(st.dictionaries(st.integers(2015, 2023), money, max_size=4), st.data())
def test_origins_are_used_oldest_first_and_carried_newest_first(
    origins: dict[int, int], data: st.DataObject
) -> None:
    total = sum(origins.values())
    used = data.draw(st.integers(0, total))
    left = settle.consume_oldest(origins, used)
    assert sum(left.values()) == total - used
    if left:
        oldest_left = min(left)
        assert all(y < oldest_left for y in origins if y not in left and origins[y])
    carried = data.draw(st.integers(0, sum(left.values())))
    taken = settle.take_newest(left, carried)
    assert sum(taken.values()) == carried
    assert all(0 < taken[y] <= left[y] for y in taken)
