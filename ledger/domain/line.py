"""The budget indicator line (指标): the consistency boundary for spending.

A line belongs to one unit and year. It holds its money (年初预算, 上年结转, 调整) and what
was spent from it, and refuses any fact that would leave it below zero available, as of
the fact's own business date or any later one. Two processes paying from one line at once
both load the same version; the second to save collides on the event store's unique
(originator_id, originator_version) index and retries on fresh state.
"""

from __future__ import annotations

from bisect import bisect_right, insort
from datetime import date
from decimal import Decimal
from typing import Any, Protocol
from uuid import UUID

from eventsourcing.domain import Aggregate

from ledger.domain import rules, settle
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
from ledger.domain.facts import Fact, QuickEvents
from ledger.domain.ids import line_id, row_key
from ledger.domain.values import Kind
from ledger.money import MAX_LINE_BUDGET, show

ZERO = Decimal("0.00")
DIMENSIONS = ("fund", "function", "category", "economic", "project", "project_code")
# Dimensions a row acting on a line may restate; they must then equal the line's.
_RESTATED = ("fund", "function", "category", "project", "project_code")
_RESTATED_WITH_ECONOMIC = (*_RESTATED, "economic")
_LABELS = {
    "fund": "资金性质",
    "function": "功能科目",
    "category": "支出类型",
    "economic": "经济科目",
    "project": "项目名称",
    "project_code": "项目编码",
}


class Restating(Protocol):
    """A row that may restate a line's dimensions (a ``JournalRow`` is one)."""

    @property
    def fund(self) -> str | None: ...
    @property
    def function(self) -> str | None: ...
    @property
    def category(self) -> str | None: ...
    @property
    def economic(self) -> str | None: ...
    @property
    def project(self) -> str | None: ...
    @property
    def project_code(self) -> str | None: ...


class Line(QuickEvents, Aggregate):
    class Opened(Aggregate.Created):
        unit: str
        year: int
        code: str
        fund: str
        function: str
        category: str
        economic: str | None
        project: str | None
        project_code: str | None
        effective_date: date
        doc: str
        actor: str

    @classmethod
    def create(cls, **fields: Any) -> Any:
        """Create with the fields of the Opened event (``timestamp`` included)."""
        return cls._create(cls.Opened, **fields)

    @staticmethod
    def create_id(unit: str, year: int, code: str) -> UUID:
        return line_id(unit, year, code)

    def __init__(
        self,
        unit: str,
        year: int,
        code: str,
        fund: str,
        function: str,
        category: str,
        economic: str | None,
        project: str | None,
        project_code: str | None,
        effective_date: date,
        doc: str,
        actor: str,
    ) -> None:
        # The provenance of the opening row stays on the Opened event.
        self.unit = unit
        self.year = year
        self.code = code
        self.fund = fund
        self.function = function
        self.category = category
        self.economic = economic
        self.project = project
        self.project_code = project_code
        self.initial = ZERO  # 年初预算
        self.carried_in = ZERO  # 上年结转
        self.adjusted = ZERO  # 调整: adjustments and transfers
        self.spent = ZERO  # 执行数
        self.closed = False
        # Net change of the available amount per business date (ISO), to keep the line
        # at or above zero as of every date, not only in total.
        self.flows: dict[str, Decimal] = {}
        self.dates: list[str] = []  # the keys of ``flows``, sorted
        self.last_date = ""
        # Identity → content hash of recorded rows (payments are indexed per unit-year).
        self.rows: dict[str, str] = {}
        self.reversed: dict[str, Decimal] = {}  # voucher → reversed so far
        self.carry_origins: dict[str, Decimal] = {}  # year first appropriated → carried in
        self.carry_planned = ZERO  # 结转下年 planned in the budget
        self.procurement_planned = ZERO  # 政府采购预算

    # --- what the line knows -------------------------------------------------------

    @property
    def current_budget(self) -> Decimal:
        return self.initial + self.adjusted

    @property
    def budget(self) -> Decimal:
        """全年预算 = 年初预算 + 上年结转 + 调整."""
        return self.initial + self.carried_in + self.adjusted

    @property
    def available(self) -> Decimal:
        return self.budget - self.spent

    def dimensions(self) -> dict[str, Any]:
        return {name: getattr(self, name) for name in DIMENSIONS}

    def lowest_available_from(self, on: date) -> tuple[Decimal, str]:
        """The lowest available amount as of ``on`` or any later business date, and when.

        Walks back from the latest date over only the dates after ``on``: the balance as
        of a date is the total less what flows in or out after it.
        """
        day = on.isoformat()
        total = self.available
        if day >= self.last_date:
            return total, day
        dates = self.dates
        later = ZERO  # net flow after the date being looked at
        lowest, when = total, dates[-1]
        for i in range(len(dates) - 1, bisect_right(dates, day) - 1, -1):
            if total - later < lowest:
                lowest, when = total - later, dates[i]
            later += self.flows[dates[i]]
        if total - later < lowest:
            lowest, when = total - later, day
        return lowest, when

    # --- commands ------------------------------------------------------------------

    def appropriate(self, amount: Decimal, **fact: Any) -> None:
        self.require_open()
        rules.require_amount_sign(Kind.APPROPRIATION, amount)
        self._require_within_limit(amount)
        self.trigger_event(self.Appropriated, amount=amount, **fact)

    def carry_over(self, amount: Decimal, origin_year: int, from_close: bool, **fact: Any) -> None:
        self.require_open()
        rules.require_amount_sign(Kind.CARRYOVER, amount)
        self._require_within_limit(amount)
        self.trigger_event(
            self.CarriedOver, amount=amount, origin_year=origin_year, from_close=from_close, **fact
        )

    def adjust(self, amount: Decimal, **fact: Any) -> None:
        self.require_open()
        rules.require_amount_sign(Kind.ADJUSTMENT, amount)
        if amount < 0:
            self._require_available(-amount, fact["effective_date"], "追减")
        else:
            self._require_within_limit(amount)
        self.trigger_event(self.Adjusted, amount=amount, **fact)

    def transfer_out(self, amount: Decimal, target: Line, **fact: Any) -> None:
        """Move ``amount`` to ``target``, a line of the same unit and year (which is then
        to record its ``transfer_in``)."""
        if target.fund != self.fund:
            raise LedgerError(
                f"调剂须在同一资金性质内：{self.code} 为{self.fund}，{target.code} 为{target.fund}",
                column="to_line",
            )
        target.require_open()
        self.require_open()
        rules.require_amount_sign(Kind.TRANSFER, amount)
        self._require_available(amount, fact["effective_date"], "调出")
        self.trigger_event(self.TransferredOut, amount=amount, to_line=target.code, **fact)

    def transfer_in(self, amount: Decimal, from_line: str, **fact: Any) -> None:
        self.require_open()
        self._require_within_limit(amount)
        self.trigger_event(self.TransferredIn, amount=amount, from_line=from_line, **fact)

    def pay(
        self,
        amount: Decimal,
        economic: str,
        economic_name: str | None,
        spend_type: str | None,
        procurement: str | None,
        payee: str | None,
        **fact: Any,
    ) -> None:
        self.require_open()
        rules.require_amount_sign(Kind.PAYMENT, amount)
        self._require_economic(economic)
        self._require_available(amount, fact["effective_date"], "支付")
        self.trigger(
            self.Paid,
            {
                **fact,
                "amount": amount,
                "economic": economic,
                "economic_name": economic_name,
                "spend_type": spend_type,
                "procurement": procurement,
                "payee": payee,
            },
        )

    def reverse(self, amount: Decimal, payment: Payment, economic: str | None, **fact: Any) -> None:
        """Reverse part or all of ``payment``, a payment of this line; ``economic`` is the
        code the row restates, if it does."""
        if economic is not None and economic != payment.economic:
            raise LedgerError(
                f"原支付的经济科目为 {payment.economic}，与本行 {economic} 不一致",
                column="economic",
            )
        self.require_open()
        rules.require_amount_sign(Kind.REVERSAL, amount)
        if payment.line != self.code:
            raise UnknownPayment(
                f"原凭证号 {payment.doc} 是指标 {payment.line} 的支付，不属于指标 {self.code}",
                column="reverses",
            )
        if fact["effective_date"] < payment.effective_date:
            raise LedgerError(
                f"冲销日期 {fact['effective_date']} 早于原支付日期 {payment.effective_date}",
                column="date",
            )
        left = payment.amount - self.reversed.get(payment.doc, ZERO)
        if amount > left:
            raise ReversalExceeds(
                f"冲销金额 {show(amount)} 元超过原凭证 {payment.doc} 未冲销的 {show(left)} 元",
                column="amount",
            )
        self.trigger_event(
            self.Reversed,
            amount=amount,
            reverses=payment.doc,
            economic=payment.economic,
            spend_type=payment.spend_type,
            procurement=payment.procurement,
            **fact,
        )

    def plan_carry(self, amount: Decimal, **fact: Any) -> None:
        """结转下年 in the budget: ``amount`` of the line's money is planned not to be
        spent this year (it changes no balance: the money stays on the line)."""
        self.require_open()
        rules.require_amount_sign(Kind.CARRY_PLAN, amount)
        planned = getattr(self, "carry_planned", ZERO)  # a snapshot from before 0.5 has none
        if planned + amount > self.initial + self.carried_in:
            raise LedgerError(
                f"结转下年计划超过指标 {self.code} 的年初预算与上年结转之和"
                f"（{show(self.initial + self.carried_in)} 元，已计划 {show(planned)} 元）",
                column="amount",
            )
        self.trigger_event(self.CarryPlanned, amount=amount, **fact)

    def plan_procurement(self, amount: Decimal, procurement: str, **fact: Any) -> None:
        """政府采购预算: ``amount`` of the line's money is planned for procurement."""
        self.require_open()
        rules.require_amount_sign(Kind.PROCUREMENT_PLAN, amount)
        planned = getattr(self, "procurement_planned", ZERO)
        if planned + amount > self.budget:
            raise LedgerError(
                f"政府采购预算超过指标 {self.code} 的预算（{show(self.budget)} 元，"
                f"已计划 {show(planned)} 元）",
                column="amount",
            )
        self.trigger_event(self.ProcurementPlanned, amount=amount, procurement=procurement, **fact)

    def close(self, amount: Decimal, by_unit: bool, **fact: Any) -> None:
        """Year-end close: ``amount`` of the balance carries over, the rest is recovered."""
        self.require_open()
        rules.require_amount_sign(Kind.CLOSE, amount)
        if amount > self.available:
            raise Overspend(
                f"结转金额 {show(amount)} 元超过指标 {self.code} 的余额 {show(self.available)} 元",
                column="amount",
            )
        split = settle.split(self.carried_in, self.current_budget, self.spent)
        closing = settle.close(split, amount)
        old_left = settle.consume_oldest(
            {int(k): v for k, v in self.carry_origins.items()},
            split.spent_from_carry + split.carry_reduced,
        )
        origins = settle.take_newest(old_left, closing.carried_from_old)
        if closing.carried_from_current:
            origins[self.year] = closing.carried_from_current
        self.trigger_event(
            self.Closed,
            amount=amount,
            carried_from_old=closing.carried_from_old,
            recovered_old=closing.recovered_old,
            recovered_current=closing.recovered_current,
            carry_origins={str(k): v for k, v in sorted(origins.items())},
            by_unit=by_unit,
            **fact,
        )

    # --- rules ---------------------------------------------------------------------

    def require_open(self) -> None:
        if self.closed:
            raise ClosedYear(
                f"单位 {self.unit} 指标 {self.code} 的 {self.year} 年度已结账，不能再记录",
                column="line",
            )

    def require_dimensions(self, dims: dict[str, Any], column: str = "line") -> None:
        """A row adding to this line, or a close carrying into it, names its dimensions
        (``DIMENSIONS``) as they are; one it leaves out is refused in ``column``."""
        for name, value in dims.items():
            have = getattr(self, name)
            if value != have:
                raise DimensionMismatch(
                    f"指标 {self.code} 已存在，其{_LABELS[name]}为「{have or '空'}」，与本行「{value or '空'}」不同",
                    column=name if value is not None else column,
                )

    def require_restated(self, row: Restating, with_economic: bool) -> None:
        """What a row acting on this line restates of its dimensions is the line's (the
        economic code too, unless the row pays or reverses under a code of its own)."""
        for name in _RESTATED_WITH_ECONOMIC if with_economic else _RESTATED:
            value = getattr(row, name)
            if value is not None and value != getattr(self, name):
                raise DimensionMismatch(
                    f"指标 {self.code} 的{_LABELS[name]}为「{getattr(self, name) or '空'}」，与本行「{value}」不同",
                    column=name,
                )

    def paid_before(self, known: Payment | None, doc: str, row_hash: str | None) -> bool:
        """Whether a payment of voucher ``doc`` is this very row recorded before; ``known``
        is the unit-year's payment of that voucher, if any. A voucher is used once in a
        unit and year: any other use of it is refused."""
        if known is None:
            return False
        if known.line == self.code and known.row_hash == row_hash:
            return True
        if known.line == self.code:
            raise ConflictingRow(
                f"凭证号 {doc} 已记录于指标 {self.code}，但内容不同；更正请记录冲销后重新支付",
                column="doc",
            )
        raise DuplicateVoucher(
            f"凭证号 {doc} 已用于 {known.effective_date} 指标 {known.line} 的支付，"
            f"同一单位年度内不能重复",
            column="doc",
        )

    def _require_available(self, amount: Decimal, on: date, what: str) -> None:
        lowest, when = self.lowest_available_from(on)
        if amount <= lowest:
            return
        # Say why: no money yet on that date, too little on it, or too little on a later
        # date (after what was spent in between), naming that date.
        day, spend = on.isoformat(), f"{what} {show(amount)} 元"
        if not self.dates or self.dates[0] > day:
            first = f"，最早的资金于 {self.dates[0]} 到位" if self.dates else ""
            why = f"于 {day} 尚无资金（可用 0.00 元{first}），{spend}将使其低于零"
        elif when == day:
            why = f"可用 {show(lowest)} 元，{spend}将使其低于零"
        else:
            why = (
                f"于 {when} 可用 {show(lowest)} 元（{day} 之后的支出或追减），"
                f"{day} 的{spend}将使 {when} 的可用余额为负"
            )
        raise Overspend(f"可用余额不足：指标 {self.code} {why}", column="amount")

    def _require_within_limit(self, amount: Decimal) -> None:
        if self.budget + amount >= MAX_LINE_BUDGET:
            raise LedgerError(
                f"指标 {self.code} 的全年预算将达 {show(self.budget + amount)} 元，"
                "超过单个指标的上限（须小于 10 万亿元）",
                column="amount",
            )

    def _require_economic(self, economic: str) -> None:
        if self.economic and economic != self.economic:
            raise EconomicMismatch(
                f"指标 {self.code} 限定经济科目 {self.economic}，不能列支 {economic}",
                column="economic",
            )
        rules.require_economic_class(self.category, economic, paid_from=self.code)

    def _flow(self, on: date, amount: Decimal) -> None:
        day = on.isoformat()
        if day in self.flows:
            self.flows[day] += amount
            return
        self.flows[day] = amount
        if day > self.last_date:
            self.last_date = day
            self.dates.append(day)
        else:
            insort(self.dates, day)

    def _remember(self, key: str, row_hash: str | None) -> None:
        if row_hash is not None:
            self.rows[key] = row_hash

    # --- events --------------------------------------------------------------------

    class Appropriated(Fact):
        amount: Decimal
        function_name: str | None
        economic_name: str | None

        def apply(self, line: Line) -> None:
            line.initial += self.amount
            line._flow(self.effective_date, self.amount)
            line._remember(row_key("appropriation", self.doc), self.row_hash)

    class CarriedOver(Fact):
        amount: Decimal
        origin_year: int
        from_close: bool
        function_name: str | None
        economic_name: str | None

        def apply(self, line: Line) -> None:
            line.carried_in += self.amount
            origin = str(self.origin_year)
            line.carry_origins[origin] = line.carry_origins.get(origin, ZERO) + self.amount
            line._flow(self.effective_date, self.amount)
            line._remember(row_key("carryover", self.doc), self.row_hash)

    class CarryPlanned(Fact):
        amount: Decimal

        def apply(self, line: Line) -> None:
            line.carry_planned = getattr(line, "carry_planned", ZERO) + self.amount
            line._remember(row_key("carry_plan", self.doc), self.row_hash)

    class ProcurementPlanned(Fact):
        amount: Decimal
        procurement: str

        def apply(self, line: Line) -> None:
            line.procurement_planned = getattr(line, "procurement_planned", ZERO) + self.amount
            line._remember(row_key("procurement_plan", self.doc), self.row_hash)

    class Adjusted(Fact):
        amount: Decimal

        def apply(self, line: Line) -> None:
            line.adjusted += self.amount
            line._flow(self.effective_date, self.amount)
            line._remember(row_key("adjustment", self.doc), self.row_hash)

    class TransferredOut(Fact):
        amount: Decimal
        to_line: str

        def apply(self, line: Line) -> None:
            line.adjusted -= self.amount
            line._flow(self.effective_date, -self.amount)
            line._remember(row_key("transfer", self.doc), self.row_hash)

    class TransferredIn(Fact):
        amount: Decimal
        from_line: str

        def apply(self, line: Line) -> None:
            line.adjusted += self.amount
            line._flow(self.effective_date, self.amount)

    class Paid(Fact):
        amount: Decimal
        economic: str
        economic_name: str | None
        spend_type: str | None
        procurement: str | None
        payee: str | None

        def apply(self, line: Line) -> None:
            line.spent += self.amount
            line._flow(self.effective_date, -self.amount)

    class Reversed(Fact):
        amount: Decimal
        reverses: str
        economic: str
        spend_type: str | None
        procurement: str | None

        def apply(self, line: Line) -> None:
            line.spent -= self.amount
            line.reversed[self.reverses] = line.reversed.get(self.reverses, ZERO) + self.amount
            line._flow(self.effective_date, self.amount)
            line._remember(row_key("reversal", self.doc, self.reverses), self.row_hash)

    class Closed(Fact):
        amount: Decimal  # carried into next year
        carried_from_old: Decimal
        recovered_old: Decimal
        recovered_current: Decimal
        carry_origins: dict[str, Decimal]  # year first appropriated → amount carried
        by_unit: bool  # closed by a unit-wide close, not a row of its own

        def apply(self, line: Line) -> None:
            line.closed = True
            line._remember(row_key("close", self.doc), self.row_hash)


class Payment:
    """What a reversal needs to know of the payment it reverses (from the voucher index)."""

    __slots__ = (
        "amount",
        "doc",
        "economic",
        "effective_date",
        "line",
        "procurement",
        "row_hash",
        "spend_type",
    )

    def __init__(
        self,
        doc: str,
        line: str,
        amount: Decimal,
        effective_date: date,
        economic: str,
        spend_type: str | None,
        procurement: str | None,
        row_hash: str | None,
    ) -> None:
        self.doc = doc
        self.line = line
        self.amount = amount
        self.effective_date = effective_date
        self.economic = economic
        self.spend_type = spend_type
        self.procurement = procurement
        self.row_hash = row_hash
