"""Whether an indicator met its target, and how far (domain.md, *Performance*: met or not).

Comparable are a comparison and a comparison of the same unit (or both bare numbers), and
a date and a date; anything else is 无法判断 and the evaluator's score decides. An actual
written with an operator is read by its number, a strict one just past it: ``>80%`` is a
little more than 80, so it meets ``>80%`` and misses ``≥85%``.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass
from datetime import date
from decimal import ROUND_HALF_UP, Decimal

from ledger.domain.performance.values import (
    EQ,
    GE,
    GT,
    LE,
    LT,
    Comparison,
    Deadline,
    Reading,
    read_value,
)

MET = "达成"
MISSED = "未达成"
UNDECIDED = "无法判断"
OVERDUE = "逾期"  # 双监控: a deadline passed with no progress meeting it

HUNDRED = Decimal(100)
_CENT = Decimal("0.01")
# An actual's operator as a nudge: ``>80`` is just above 80, ``<80`` just below.
_NUDGE = {GT: 1, LT: -1}


@dataclass(frozen=True)
class Assessment:
    """``status``: 达成, 未达成 or 无法判断; ``rate``: 完成率 in percent (two places, at most
    100), None unless target and actual are comparable numbers."""

    status: str
    rate: Decimal | None


def assess(target: str | Reading, actual: str | Reading, year: int) -> Assessment:
    """Judge ``actual`` against ``target``; ``year`` is the budget year of dates without one."""
    t = read_value(target) if isinstance(target, str) else target
    a = read_value(actual) if isinstance(actual, str) else actual
    if isinstance(t, Comparison) and isinstance(a, Comparison) and t.unit == a.unit:
        met = _meets(t, a)
        return Assessment(MET if met else MISSED, _rate(t, a.number, met))
    if isinstance(t, Deadline) and isinstance(a, Deadline):
        return Assessment(MET if not_later(a, t, year) else MISSED, None)
    return Assessment(UNDECIDED, None)


def not_later(actual: Deadline, deadline: Deadline, year: int) -> bool:
    """The actual's month (or date, when both have a day) is not after the deadline's."""
    a = (actual.year or year, actual.month)
    d = (deadline.year or year, deadline.month)
    if actual.day is None or deadline.day is None:
        return a <= d
    return (*a, actual.day) <= (*d, deadline.day)


def overdue(
    target: str | Reading, progress: Iterable[str | Reading], year: int, as_of: date
) -> bool:
    """双监控 as of ``as_of``: the target is a date that has passed, and no progress observed
    (on or before ``as_of``) meets it."""
    t = read_value(target) if isinstance(target, str) else target
    if not isinstance(t, Deadline) or as_of <= t.last_day(year):
        return False
    return not any(assess(t, p, year).status == MET for p in progress)


def _meets(target: Comparison, actual: Comparison) -> bool:
    # (number, nudge) pairs compare as the numbers would, a nudged one just off its number.
    a = (actual.number, _NUDGE.get(actual.op, 0))
    t = (target.number, 0)
    if target.op == GE:
        return a >= t
    if target.op == GT:
        return a > t
    if target.op == LE:
        return a <= t
    if target.op == LT:
        return a < t
    return a == t  # EQ


def _rate(target: Comparison, actual: Decimal, met: bool) -> Decimal | None:
    """完成率: actual / target for ≥ > =, target / actual for ≤ <, capped at 100%.
    A zero base gives 100% when the target is met and nothing otherwise."""
    if target.op in (LE, LT):
        numerator, base = target.number, actual
    else:
        assert target.op in (GE, GT, EQ)
        numerator, base = actual, target.number
    if base == 0:
        return HUNDRED if met else None
    percent = min(numerator * HUNDRED / base, HUNDRED)
    return percent.quantize(_CENT, rounding=ROUND_HALF_UP)
