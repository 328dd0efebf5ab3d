"""The journal written back from the events: one row per recorded fact, in the order
they were recorded, the performance rows (绩效) after the money rows, so that every
project they name exists by the time they are imported again. Facts the ledger derived itself (the receiving side of a transfer,
the carry-over a close makes, the lines a unit-wide close closes) are not written: the
row that caused them makes them again on import."""

from __future__ import annotations

from collections.abc import Iterator
from decimal import Decimal
from typing import Any, cast
from uuid import UUID

from eventsourcing.persistence import Mapper, StoredEvent
from sqlalchemy.orm import Session

from ledger.domain.book import Book
from ledger.domain.line import Line
from ledger.domain.performance.project import ProjectPerformance
from ledger.domain.unit import Unit
from ledger.journal.write import Row
from ledger.store import stored_events

BATCH = 2000


def _money(amount: Decimal) -> str:
    return f"{amount:.2f}"


_PERFORMANCE_TOPIC = ProjectPerformance.__module__ + ":"


def _stored(session: Session, mapper: Mapper[UUID], performance: bool = False) -> Iterator[Any]:
    """The money events (or, with ``performance``, the performance events), in order."""
    last = 0
    while rows := stored_events(session, last, limit=BATCH):
        for stored in rows:
            if stored.topic.startswith(_PERFORMANCE_TOPIC) is performance:
                # A StoredRow has every field of a StoredEvent that the mapper reads.
                yield mapper.to_domain_event(cast("StoredEvent", stored))
        last = rows[-1].id


def journal_rows(session: Session, mapper: Mapper[UUID]) -> Iterator[Row]:
    lines: dict[UUID, Line.Opened] = {}
    registered: dict[str, dict[str, str]] = {}  # unit → registration to put on its next row

    def row(event: Any, kind: str, unit: str, year: int, **values: Any) -> Row:
        out: Row = {
            "date": event.effective_date.isoformat(),
            "kind": kind,
            "year": str(year),
            "unit": unit,
            **registered.pop(unit, {}),
            "doc": event.doc,
            "actor": event.actor,
            "memo": event.memo,
        }
        out.update({k: v for k, v in values.items() if v is not None})
        return out

    def line_row(event: Any, kind: str, **values: Any) -> Row:
        opened = lines[event.originator_id]
        return row(event, kind, opened.unit, opened.year, line=opened.code, **values)

    def dims(event: Any) -> dict[str, Any]:
        o = lines[event.originator_id]
        return {
            "fund": o.fund,
            "function": o.function,
            "function_name": event.function_name,
            "category": o.category,
            "economic": o.economic,
            "economic_name": event.economic_name,
            "project": o.project,
            "project_code": o.project_code,
        }

    for event in _stored(session, mapper):
        match event:
            case Line.Opened():
                lines[event.originator_id] = event
            case Unit.Described():
                given = {
                    "unit_name": event.name,
                    "unit_type": event.unit_type,
                    "department": event.department,
                }
                registered.setdefault(event.code, {}).update(
                    {k: v for k, v in given.items() if v is not None}
                )
            case Line.Appropriated():
                yield line_row(event, "appropriation", amount=_money(event.amount), **dims(event))
            case Line.CarriedOver() if not event.from_close:
                yield line_row(event, "carryover", amount=_money(event.amount), **dims(event))
            case Line.CarryPlanned():
                yield line_row(event, "carry_plan", amount=_money(event.amount))
            case Line.ProcurementPlanned():
                yield line_row(
                    event,
                    "procurement_plan",
                    amount=_money(event.amount),
                    procurement=event.procurement,
                )
            case Line.Adjusted():
                yield line_row(event, "adjustment", amount=_money(event.amount))
            case Line.TransferredOut():
                yield line_row(
                    event, "transfer", amount=_money(event.amount), to_line=event.to_line
                )
            case Line.Paid():
                yield line_row(
                    event,
                    "payment",
                    amount=_money(event.amount),
                    economic=event.economic,
                    economic_name=event.economic_name,
                    spend_type=event.spend_type,
                    procurement=event.procurement,
                    payee=event.payee,
                )
            case Line.Reversed():
                yield line_row(
                    event, "reversal", amount=_money(event.amount), reverses=event.reverses
                )
            case Line.Closed() if not event.by_unit:
                yield line_row(event, "close", amount=_money(event.amount))
            case Book.IncomeRecorded():
                yield row(
                    event,
                    "income",
                    event.unit,
                    event.year,
                    amount=_money(event.amount),
                    fund=event.fund,
                    function=event.function,
                    function_name=event.function_name,
                    income_type=event.income_type,
                )
            case Book.Closed():
                yield row(event, "close", event.unit, event.year, amount="0.00")

    # The projects' names, by (unit, year, code), for the performance rows.
    names = {(o.unit, o.year, o.project_code): o.project for o in lines.values() if o.project_code}
    projects: dict[UUID, ProjectPerformance.Opened] = {}

    def performance_row(event: Any, kind: str, **values: Any) -> Row:
        opened = projects[event.originator_id]
        key = (opened.unit, opened.year, opened.project)
        named = (
            {"project_code": opened.project, "project": names[key]}
            if key in names
            else {"project": opened.project}
        )
        levels = {"level1": event.level1, "level2": event.level2, "indicator": event.indicator}
        given = {k: v for k, v in {**named, **levels, **values}.items() if v not in ("", None)}
        return row(event, kind, opened.unit, opened.year, **given)

    for event in _stored(session, mapper, performance=True):
        match event:
            case ProjectPerformance.Opened():
                projects[event.originator_id] = event
            case ProjectPerformance.TargetSet():
                yield performance_row(event, "target", target=event.target)
            case ProjectPerformance.TargetRevised():
                yield performance_row(
                    event, "target_revision", target=event.target, reason=event.reason
                )
            case ProjectPerformance.ProgressObserved():
                yield performance_row(event, "progress", actual=event.actual)
            case ProjectPerformance.Evaluated():
                yield performance_row(
                    event,
                    "evaluation",
                    target=event.target,
                    actual=event.actual,
                    weight=_points(event.weight),
                    score=_points(event.score),
                    reason=event.reason,
                )


def _points(value: Decimal | None) -> str | None:
    return None if value is None else str(value)
