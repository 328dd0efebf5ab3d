"""How a line's money splits between last year's carry-over and this year's money.

The rules of domain.md, as one pure function used by the aggregate (to close a line)
and by the read side (to project 结转结余 before a close), so both always agree:

- spending consumes the carry-over (上年结转) first, then the current year's money;
- a reduction that takes the current year's money below zero eats into the carry-over,
  and that part is recovered (收回);
- at close, the carried amount takes what is left of the old carry-over first; the rest
  of the balance is recovered.

Works on ``int`` fen or ``Decimal`` 元 alike.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass
from decimal import Decimal
from typing import Generic, TypeVar

N = TypeVar("N", int, Decimal)


@dataclass(frozen=True)
class Split(Generic[N]):
    carried_in: N  # 年初结转和结余 of the line
    current_budget: N  # 年初预算 + 调整 (this year's money)
    spent: N  # 执行数
    spent_from_carry: N
    spent_from_current: N
    carry_left: N
    current_left: N
    carry_reduced: N  # carry-over taken back by reductions during the year (收回)

    @property
    def available(self) -> N:
        return self.carry_left + self.current_left


def split(carried_in: N, current_budget: N, spent: N) -> Split[N]:
    zero = carried_in - carried_in
    carry_reduced = -current_budget if current_budget < zero else zero
    carry = carried_in - carry_reduced
    current = current_budget + carry_reduced
    from_carry = min(spent, carry) if spent > zero else zero
    from_current = spent - from_carry
    return Split(
        carried_in=carried_in,
        current_budget=current_budget,
        spent=spent,
        spent_from_carry=from_carry,
        spent_from_current=from_current,
        carry_left=carry - from_carry,
        current_left=current - from_current,
        carry_reduced=carry_reduced,
    )


@dataclass(frozen=True)
class Closing(Generic[N]):
    carried: N  # 年末结转和结余 carried into next year
    carried_from_old: N  # part of it that was last year's carry-over
    carried_from_current: N
    recovered_old: N  # 收回的上年结转 (includes reductions during the year)
    recovered_current: N  # unspent current money not carried (not income for 财政拨款)


def close(s: Split[N], amount: N) -> Closing[N]:
    """Split a close carrying ``amount`` (0 ≤ amount ≤ available)."""
    from_old = min(amount, s.carry_left)
    from_current = amount - from_old
    return Closing(
        carried=amount,
        carried_from_old=from_old,
        carried_from_current=from_current,
        recovered_old=s.carry_left - from_old + s.carry_reduced,
        recovered_current=s.current_left - from_current,
    )


def consume_oldest(by_origin: Mapping[int, N], amount: N) -> dict[int, N]:
    """What is left of carry-overs by year of origin after ``amount`` is used, oldest first."""
    left: dict[int, N] = {}
    for origin in sorted(by_origin):
        have = by_origin[origin]
        used = max(min(have, amount), have - have)
        amount = amount - used
        if have - used:
            left[origin] = have - used
    return left


def take_newest(by_origin: Mapping[int, N], amount: N) -> dict[int, N]:
    """Which origins an ``amount`` carried again comes from: newest first, so that the
    oldest money, due for recovery, is what is recovered."""
    taken: dict[int, N] = {}
    for origin in sorted(by_origin, reverse=True):
        have = by_origin[origin]
        take = min(have, amount)
        if take > have - have:
            taken[origin] = take
            amount = amount - take
    return taken
