"""A unit's book for one year (账套): which lines it has, its non-fiscal income, its close.

The book is touched only when a line is opened, income is recorded or the year is closed,
so payments on different lines of one unit never contend for it.
"""

from __future__ import annotations

from datetime import date
from decimal import Decimal
from typing import Any
from uuid import UUID

from eventsourcing.domain import Aggregate

from ledger.domain import rules
from ledger.domain.errors import ClosedYear
from ledger.domain.facts import Fact, QuickEvents, Recorded
from ledger.domain.ids import book_id, row_key
from ledger.domain.values import Kind


class Book(QuickEvents, Aggregate):
    class Opened(Aggregate.Created):
        unit: str
        year: int
        effective_date: date
        doc: str
        actor: str

    @classmethod
    def create(cls, **fields: Any) -> Any:
        """Create with the fields of the Opened event (``timestamp`` included)."""
        return cls._create(cls.Opened, **fields)

    @staticmethod
    def create_id(unit: str, year: int) -> UUID:
        return book_id(unit, year)

    def __init__(self, unit: str, year: int, effective_date: date, doc: str, actor: str) -> None:
        self.unit = unit
        self.year = year
        self.lines: list[str] = []
        self.closed = False
        self.rows: dict[str, str] = {}

    def require_open(self) -> None:
        if self.closed:
            raise ClosedYear(
                f"单位 {self.unit} 的 {self.year} 年度已结账，不能再记录", column="year"
            )

    def add_line(self, code: str, **provenance: object) -> None:
        self.require_open()
        self.trigger_event(self.LineAdded, code=code, **provenance)

    def record_income(
        self,
        amount: Decimal,
        fund: str,
        function: str,
        function_name: str | None,
        income_type: str,
        **fact: object,
    ) -> None:
        self.require_open()
        rules.require_amount_sign(Kind.INCOME, amount)
        self.trigger_event(
            self.IncomeRecorded,
            unit=self.unit,
            year=self.year,
            amount=amount,
            fund=fund,
            function=function,
            function_name=function_name,
            income_type=income_type,
            **fact,
        )

    def close(self, **fact: object) -> None:
        """Close the unit's year: after it nothing more is recorded on it."""
        self.require_open()
        self.trigger_event(self.Closed, unit=self.unit, year=self.year, **fact)

    class LineAdded(Recorded):
        code: str

        def apply(self, book: Book) -> None:
            book.lines.append(self.code)

    class IncomeRecorded(Fact):
        unit: str
        year: int
        amount: Decimal
        fund: str
        function: str
        function_name: str | None
        income_type: str

        def apply(self, book: Book) -> None:
            if self.row_hash is not None:
                book.rows[row_key("income", self.doc)] = self.row_hash

    class Closed(Fact):
        unit: str
        year: int

        def apply(self, book: Book) -> None:
            book.closed = True
            if self.row_hash is not None:
                book.rows[row_key("close", self.doc)] = self.row_hash
