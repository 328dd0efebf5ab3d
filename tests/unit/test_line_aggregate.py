"""The budget line (指标) on its own, without a store: what it holds after each fact, and
what it refuses, in the words a user reads. No database."""

from __future__ import annotations

from collections.abc import Callable
from datetime import UTC, date, datetime, timedelta
from decimal import Decimal
from typing import Any

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from ledger.domain import rules
from ledger.domain.errors import (
    ClosedYear,
    ConflictingRow,
    DimensionMismatch,
    DuplicateVoucher,
    EconomicMismatch,
    LedgerError,
    Overspend,
    ReversalExceeds,
    UnknownPayment,
)
from ledger.domain.line import Line, Payment
from ledger.journal.parse import parse_row

MOMENT = datetime(2024, 5, 6, 7, 8, 9, tzinfo=UTC)
Y = Decimal


def on(month: int, day: int = 1, doc: str = "D-1") -> dict[str, Any]:
    """A fact's provenance, dated in 2024."""
    return {"effective_date": date(2024, month, day), "doc": doc, "actor": "张三",
            "timestamp": MOMENT, "memo": None, "row_hash": None}  # fmt: skip


def line(code: str = "A1", category: str = "公用经费", fund: str = "一般公共预算",
         economic: str | None = None, budget: str | None = "100.00") -> Line:  # fmt: skip
    """A line opened on 1 January, with ``budget`` appropriated that day."""
    made: Line = Line.create(
        unit="900001", year=2024, code=code, fund=fund, function="2013701",
        category=category, economic=economic,
        project="培训" if category == "项目支出" else None, project_code=None,
        effective_date=date(2024, 1, 1), doc="批-1", actor="张三", timestamp=MOMENT,
    )  # fmt: skip
    if budget is not None:
        made.appropriate(Y(budget), function_name=None, economic_name=None, **on(1))
    return made


def pay(target: Line, amount: str, month: int, economic: str = "30201", doc: str = "V-1") -> None:
    target.pay(Y(amount), economic=economic, economic_name=None, spend_type=None,
               procurement=None, payee=None, **on(month, doc=doc))  # fmt: skip


def paid(target: Line, amount: str, month: int, doc: str = "V-1") -> Payment:
    """Pay and return the payment as the voucher index would hand it to a reversal."""
    pay(target, amount, month, doc=doc)
    return Payment(doc, target.code, Y(amount), date(2024, month, 1), "30201", None, None, None)


def refused(error: type[LedgerError], act: Callable[[], object]) -> str:
    """The message ``act`` is refused with, as an ``error``."""
    with pytest.raises(error) as info:
        act()
    return info.value.message


# --- what the line holds ---------------------------------------------------------------


def test_an_appropriation_is_the_opening_budget() -> None:
    a1 = line()
    a1.appropriate(Y("50.00"), function_name=None, economic_name=None, **on(2))
    assert (a1.initial, a1.budget, a1.available) == (Y("150.00"), Y("150.00"), Y("150.00"))
    # As of 1 January only the first 100 had arrived.
    assert a1.lowest_available_from(date(2024, 1, 1)) == (Y("100.00"), "2024-01-01")
    assert a1.lowest_available_from(date(2024, 2, 1)) == (Y("150.00"), "2024-02-01")


def test_a_carry_over_is_kept_apart_by_the_year_it_came_from() -> None:
    a1 = line(budget=None)
    a1.carry_over(Y("30.00"), origin_year=2023, from_close=False, function_name=None,
                  economic_name=None, **on(1))  # fmt: skip
    assert (a1.carried_in, a1.initial, a1.budget) == (Y("30.00"), 0, Y("30.00"))
    assert a1.carry_origins == {"2023": Y("30.00")}


def test_a_payment_is_spent_and_a_reversal_gives_it_back() -> None:
    a1 = line()
    payment = paid(a1, "30.00", 3)
    assert (a1.spent, a1.available) == (Y("30.00"), Y("70.00"))
    a1.reverse(Y("10.00"), payment, None, **on(4, doc="CX-1"))
    assert (a1.spent, a1.available) == (Y("20.00"), Y("80.00"))
    assert a1.reversed == {"V-1": Y("10.00")}
    kinds = [type(e).__name__ for e in a1.collect_events()]
    assert kinds == ["Opened", "Appropriated", "Paid", "Reversed"]


def test_adjustments_change_the_current_budget() -> None:
    a1 = line()
    a1.adjust(Y("25.00"), **on(2))
    a1.adjust(Y("-5.00"), **on(3, doc="D-2"))
    assert (a1.adjusted, a1.current_budget, a1.available) == (Y("20.00"), Y("120.00"), Y("120.00"))


def test_a_transfer_moves_money_between_lines_of_one_fund() -> None:
    a1, a2 = line("A1"), line("A2")
    a1.transfer_out(Y("40.00"), a2, **on(2))
    a2.transfer_in(Y("40.00"), from_line="A1", **on(2))
    assert (a1.available, a2.available) == (Y("60.00"), Y("140.00"))
    assert a1.pending_events[-1].to_line == "A2"


def test_a_close_carries_the_balance_and_closes_the_line() -> None:
    a1 = line()
    pay(a1, "30.00", 3)
    a1.close(Y("50.00"), by_unit=False, **on(12, 31))
    closed = a1.pending_events[-1]
    assert a1.closed and closed.amount == Y("50.00")
    assert closed.carry_origins == {"2024": Y("50.00")}
    assert closed.recovered_current == Y("20.00")


# --- below zero, as of a date or any later one ----------------------------------------


def test_a_payment_beyond_the_balance_is_refused() -> None:
    a1 = line()
    pay(a1, "60.00", 3)
    with pytest.raises(Overspend) as info:
        pay(a1, "40.01", 4, doc="V-2")
    assert info.value.column == "amount"
    assert info.value.message == "可用余额不足：指标 A1 可用 40.00 元，支付 40.01 元将使其低于零"
    pay(a1, "40.00", 4, doc="V-2")  # to the fen: allowed
    assert a1.available == 0


def test_a_payment_before_the_money_arrives_is_refused() -> None:
    a1 = line(budget=None)
    a1.appropriate(Y("100.00"), function_name=None, economic_name=None, **on(6))
    assert refused(Overspend, lambda: pay(a1, "10.00", 3)) == (
        "可用余额不足：指标 A1 于 2024-03-01 尚无资金（可用 0.00 元，最早的资金于 2024-06-01 到位），"
        "支付 10.00 元将使其低于零"
    )
    pay(a1, "10.00", 6)


def test_a_payment_that_would_leave_a_later_date_below_zero_is_refused() -> None:
    """The balance as of 1 March is 100, but a reduction on 1 September leaves 40 from then
    on: paying 50 dated 1 March would take 1 September below zero."""
    a1 = line()
    a1.adjust(Y("-60.00"), **on(9))
    with pytest.raises(Overspend) as info:
        pay(a1, "50.00", 3)
    assert info.value.message == (
        "可用余额不足：指标 A1 于 2024-09-01 可用 40.00 元（2024-03-01 之后的支出或追减），"
        "2024-03-01 的支付 50.00 元将使 2024-09-01 的可用余额为负"
    )
    assert a1.spent == 0 and len(a1.pending_events) == 3  # nothing recorded


def test_a_reduction_or_transfer_beyond_the_balance_is_refused() -> None:
    a1, a2 = line("A1"), line("A2")
    pay(a1, "70.00", 3)
    assert "追减 40.00 元将使其低于零" in refused(
        Overspend, lambda: a1.adjust(Y("-40.00"), **on(4))
    )
    assert "调出 31.00 元将使其低于零" in refused(
        Overspend, lambda: a1.transfer_out(Y("31.00"), a2, **on(4))
    )
    assert (
        refused(Overspend, lambda: a1.close(Y("30.01"), by_unit=False, **on(12)))
        == "结转金额 30.01 元超过指标 A1 的余额 30.00 元"
    )


@settings(max_examples=60, deadline=None)
@given(
    st.lists(
        st.tuples(
            st.sampled_from(["pay", "adjust", "appropriate"]),
            st.integers(min_value=0, max_value=365),
            st.integers(min_value=-5_000, max_value=5_000),
        ),
        max_size=25,
    )
)
def test_no_date_is_ever_below_zero(commands: list[tuple[str, int, int]]) -> None:
    """Whatever is asked, in whatever date order: what the line accepts never leaves any
    business date below zero, and what it refuses changes nothing."""
    a1 = line()
    for n, (command, day, fen) in enumerate(commands):
        fact = {**on(1), "effective_date": date(2024, 1, 1) + timedelta(day), "doc": f"D-{n}"}
        amount = Y(fen) / 100
        before = (a1.budget, a1.spent, dict(a1.flows), a1.version)
        try:
            if command == "pay":
                a1.pay(amount, economic="30201", economic_name=None, spend_type=None,
                       procurement=None, payee=None, **fact)  # fmt: skip
            elif command == "adjust":
                a1.adjust(amount, **fact)
            else:
                a1.appropriate(amount, function_name=None, economic_name=None, **fact)
        except LedgerError:
            assert (a1.budget, a1.spent, dict(a1.flows), a1.version) == before
        running = Y(0)
        for day_text in a1.dates:
            running += a1.flows[day_text]
            assert running >= 0, (day_text, running)
        assert running == a1.available


# --- the economic code a line may pay under ------------------------------------------------


@pytest.mark.parametrize(
    ("category", "economic", "message"),
    [
        ("人员经费", "30201", "指标 A1 为人员经费，经济科目须属 301 或 303 类，不能列支 30201"),
        ("公用经费", "30101", "指标 A1 为公用经费，经济科目不能属 301 或 303 类（30101）"),
        ("公用经费", "30301", "指标 A1 为公用经费，经济科目不能属 301 或 303 类（30301）"),
    ],
)
def test_a_basic_line_pays_only_under_its_class(category: str, economic: str, message: str) -> None:
    a1 = line(category=category)
    with pytest.raises(EconomicMismatch) as info:
        pay(a1, "1.00", 3, economic=economic)
    assert (info.value.column, info.value.message) == ("economic", message)


def test_codes_each_category_may_pay_under() -> None:
    for category, codes in (("人员经费", ["30101", "30301"]), ("公用经费", ["30201", "31002"]),
                            ("项目支出", ["30101", "30201", "31002"])):  # fmt: skip
        a1 = line(category=category)
        for n, code in enumerate(codes):
            pay(a1, "1.00", 3, economic=code, doc=f"V-{n}")
        assert a1.spent == len(codes)


def test_a_restricted_line_pays_only_under_its_code() -> None:
    a1 = line(economic="30201")
    assert (
        refused(EconomicMismatch, lambda: pay(a1, "1.00", 3, economic="30202"))
        == "指标 A1 限定经济科目 30201，不能列支 30202"
    )


@given(
    category=st.sampled_from(["人员经费", "公用经费", "项目支出"]),
    economic=st.from_regex(r"3[0-9]{4}", fullmatch=True),
)
def test_the_class_rule_is_one_rule(category: str, economic: str) -> None:
    """Paying from a line and opening a line restricted to a code ask the same question."""
    allowed = category == "项目支出" or (economic[:3] in ("301", "303")) == (category == "人员经费")
    for paid_from in (None, "A1"):
        try:
            rules.require_economic_class(category, economic, paid_from)
            assert allowed
        except EconomicMismatch:
            assert not allowed


# --- other refusals --------------------------------------------------------------------


def test_a_reversal_is_refused_beyond_its_payment_or_before_it() -> None:
    a1 = line()
    payment = paid(a1, "30.00", 3)
    a1.reverse(Y("20.00"), payment, None, **on(4, doc="CX-1"))
    assert (
        refused(ReversalExceeds, lambda: a1.reverse(Y("10.01"), payment, None, **on(4, doc="CX-2")))
        == "冲销金额 10.01 元超过原凭证 V-1 未冲销的 10.00 元"
    )
    assert (
        refused(LedgerError, lambda: a1.reverse(Y("1.00"), payment, None, **on(2, doc="CX-3")))
        == "冲销日期 2024-02-01 早于原支付日期 2024-03-01"
    )
    assert (
        refused(LedgerError, lambda: a1.reverse(Y("1.00"), payment, "30202", **on(4, doc="CX-4")))
        == "原支付的经济科目为 30201，与本行 30202 不一致"
    )
    other = Payment("V-9", "A2", Y("5.00"), date(2024, 3, 1), "30201", None, None, None)
    assert (
        refused(UnknownPayment, lambda: a1.reverse(Y("1.00"), other, None, **on(4, doc="CX-5")))
        == "原凭证号 V-9 是指标 A2 的支付，不属于指标 A1"
    )


def test_a_transfer_stays_in_one_fund_between_open_lines() -> None:
    a1, b1 = line("A1"), line("B1", fund="单位资金")
    with pytest.raises(LedgerError) as info:
        a1.transfer_out(Y("1.00"), b1, **on(2))
    assert info.value.column == "to_line"
    assert info.value.message == "调剂须在同一资金性质内：A1 为一般公共预算，B1 为单位资金"
    a2 = line("A2")
    a2.close(Y("0"), by_unit=False, **on(12))
    assert (
        refused(ClosedYear, lambda: a1.transfer_out(Y("1.00"), a2, **on(2)))
        == "单位 900001 指标 A2 的 2024 年度已结账，不能再记录"
    )


def test_nothing_is_recorded_on_a_closed_line() -> None:
    a1 = line()
    a1.close(Y("0"), by_unit=False, **on(12))
    for act in (lambda: pay(a1, "1.00", 3), lambda: a1.adjust(Y("1.00"), **on(3)),
                lambda: a1.appropriate(Y("1.00"), function_name=None, economic_name=None, **on(3))):  # fmt: skip
        with pytest.raises(ClosedYear):
            act()


def test_amount_signs_are_the_parsers() -> None:
    a1 = line()
    assert refused(LedgerError, lambda: pay(a1, "0", 3)) == "金额必须大于零"
    assert (
        refused(LedgerError, lambda: a1.adjust(Y("0"), **on(3)))
        == "调整金额不能为零（追加为正，追减为负）"
    )
    assert (
        refused(LedgerError, lambda: a1.close(Y("-1"), by_unit=False, **on(12)))
        == "结转金额不能为负数"
    )


def test_restated_dimensions_must_be_the_lines() -> None:
    a1 = line()
    row = parse_row({"date": "2024-03-01", "year": "2024", "unit": "900001", "amount": "1.00",
                     "doc": "D-9", "kind": "adjustment", "line": "A1", "fund": "单位资金"}, 2)  # fmt: skip
    with pytest.raises(DimensionMismatch) as info:
        a1.require_restated(row, with_economic=True)
    assert info.value.column == "fund"
    assert info.value.message == "指标 A1 的资金性质为「一般公共预算」，与本行「单位资金」不同"
    a1.require_restated(row._replace(fund=None), with_economic=True)
    restricted = row._replace(fund=None, economic="30202")
    a1.require_restated(restricted, with_economic=False)  # a payment's own code
    assert "经济科目为「空」，与本行「30202」不同" in refused(
        DimensionMismatch, lambda: a1.require_restated(restricted, with_economic=True)
    )


def test_an_opening_adding_to_a_line_names_its_dimensions() -> None:
    a1 = line()
    same = a1.dimensions()
    a1.require_dimensions(same)
    with pytest.raises(DimensionMismatch) as info:
        a1.require_dimensions({**same, "function": "2013702"})
    assert info.value.column == "function"
    assert info.value.message == ("指标 A1 已存在，其功能科目为「2013701」，与本行「2013702」不同")
    with pytest.raises(DimensionMismatch) as info:
        a1.require_dimensions({**same, "fund": None})
    assert info.value.column == "line"  # a dimension left out: the line is at fault


def test_a_voucher_is_used_once_in_a_unit_and_year() -> None:
    a1 = line()
    known = Payment("V-1", "A1", Y("5.00"), date(2024, 3, 1), "30201", None, None, "abc")
    assert not a1.paid_before(None, "V-1", "abc")
    assert a1.paid_before(known, "V-1", "abc")  # the same row again
    assert refused(ConflictingRow, lambda: a1.paid_before(known, "V-1", "abd")).startswith(
        "凭证号 V-1 已记录于指标 A1，但内容不同"
    )
    with pytest.raises(DuplicateVoucher) as info:
        line("A2").paid_before(known, "V-1", "abc")
    assert info.value.message == (
        "凭证号 V-1 已用于 2024-03-01 指标 A1 的支付，同一单位年度内不能重复"
    )


def test_a_line_cannot_grow_past_what_its_sums_can_hold() -> None:
    """Each row stays under 1 万亿元, but many on one line could add up past 64-bit fen:
    a line's 全年预算 stops short of 10 万亿元, naming the amount it would reach."""
    a1 = line(budget=None)
    most = Y("999999999999.99")
    a1.appropriate(most, function_name=None, economic_name=None, **on(1))
    for month in range(2, 11):
        a1.adjust(most, **on(month, doc=f"D-{month}"))
    assert a1.budget == most * 10
    message = refused(LedgerError, lambda: a1.adjust(Y("0.10"), **on(11, doc="D-11")))
    assert message == (
        "指标 A1 的全年预算将达 10,000,000,000,000.00 元，超过单个指标的上限（须小于 10 万亿元）"
    )
    a1.adjust(Y("0.09"), **on(11, doc="D-11"))  # to the fen below the limit: allowed
