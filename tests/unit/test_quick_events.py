"""The ledger's quick event construction stores exactly what the library's would, and
refuses an event with a field missing or unknown, as the library's ``__init__`` does."""

from __future__ import annotations

from datetime import UTC, date, datetime
from decimal import Decimal
from typing import Any

import pytest
from eventsourcing.domain import Aggregate
from eventsourcing.persistence import Mapper

from ledger.application import make_mapper
from ledger.domain.book import Book
from ledger.domain.line import Line, Payment

MOMENT = datetime(2024, 5, 6, 7, 8, 9, 123456, tzinfo=UTC)
FACT: dict[str, Any] = {
    "effective_date": date(2024, 3, 1),
    "doc": "ZF-1",
    "actor": "张三",
    "timestamp": MOMENT,
    "memo": "摘要",
    "row_hash": "0123456789abcdef",
}


def _line() -> Line:
    return Line.create(  # type: ignore[no-any-return]
        unit="105001",
        year=2024,
        code="P03",
        fund="一般公共预算",
        function="2013701",
        category="项目支出",
        economic=None,
        project="网信长治",
        project_code=None,
        effective_date=date(2024, 1, 1),
        doc="长财预〔2024〕1号",
        actor="张三",
        timestamp=MOMENT,
    )


def _history(trigger: Any) -> list[Any]:
    """A line's facts, each triggered through ``trigger``."""
    line = _line()
    trigger(line, Line.Appropriated, amount=Decimal("1000.00"), function_name=None,
            economic_name=None, **FACT)  # fmt: skip
    trigger(line, Line.Paid, amount=Decimal("10.50"), economic="30201", economic_name=None,
            spend_type=None, procurement="服务", payee="某公司", **FACT)  # fmt: skip
    payment = Payment("ZF-1", "P03", Decimal("10.50"), date(2024, 3, 1), "30201", None, None, None)
    trigger(line, Line.Reversed, amount=Decimal("0.50"), reverses=payment.doc,
            economic="30201", spend_type=None, procurement=None, **{**FACT, "doc": "CX-1"})  # fmt: skip
    return [line, *line.collect_events()]


def test_stored_events_are_the_librarys_byte_for_byte() -> None:
    """Events made quickly, stored by the ledger's mapper, are what the library's
    ``trigger_event`` and ``Mapper`` make of the same facts; and they read back."""
    ours_mapper = make_mapper()
    library_mapper = Mapper(transcoder=ours_mapper.transcoder)
    ours = _history(lambda line, cls, **kw: line.trigger_event(cls, **kw))
    theirs = _history(lambda line, cls, **kw: Aggregate.trigger_event(line, cls, **kw))
    assert ours[0].__dict__ == theirs[0].__dict__  # the line's state after the facts
    assert ours[0].spent == Decimal("10.00")
    for mine, library in zip(ours[1:], theirs[1:], strict=True):
        assert mine == library
        a, b = ours_mapper.to_stored_event(mine), library_mapper.to_stored_event(library)
        assert a == b
        assert library_mapper.to_domain_event(a) == library


def test_a_field_missing_or_unknown_is_refused() -> None:
    line = _line()
    with pytest.raises(TypeError, match="missing=\\['economic'"):
        line.trigger_event(Line.Paid, amount=Decimal(1), **FACT)
    with pytest.raises(TypeError, match="unknown=\\['colour'\\]"):
        line.trigger_event(Line.Adjusted, amount=Decimal(1), colour="red", **FACT)
    assert line.version == 1 and not line.pending_events[1:]


def test_every_aggregate_of_the_ledger_makes_its_events_so() -> None:
    book = Book.create(
        unit="105001", year=2024, effective_date=date(2024, 1, 1), doc="d", actor="a",
        timestamp=MOMENT,
    )  # fmt: skip
    book.add_line("P03", effective_date=date(2024, 1, 1), doc="d", actor="a", timestamp=MOMENT)
    assert book.lines == ["P03"] and book.version == 2
    assert type(book).trigger_event is Line.trigger_event
