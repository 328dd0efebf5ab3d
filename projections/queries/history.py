"""The audit trail: every recorded fact with its business date, recorded time, actor,
document and amounts, in the order it was recorded."""

from __future__ import annotations

from collections.abc import Iterator
from dataclasses import dataclass
from datetime import date, datetime
from typing import Any, Protocol

from sqlalchemy import ColumnElement, Select, func, select
from sqlalchemy.orm import Session

from ledger.domain.values import KIND_LABELS, Kind
from projections.moments import micros, recorded_time
from projections.report import Column
from projections.schema import lines, movements, units

# A transfer is recorded once, as a fact on each of its two lines: out of one, into the other.
KIND_NAMES = {
    **{k.value: v for k, v in KIND_LABELS.items()},
    Kind.TRANSFER.value: "调出",
    "transfer_in": "调入",
}

COLUMNS = [
    Column("id", "序号", "int"),
    Column("effective_date", "业务日期"),
    Column("recorded_at", "记录时间"),
    Column("actor", "经办人"),
    Column("kind", "类型"),
    Column("unit", "单位"),
    Column("year", "年度", "int"),
    Column("line", "指标"),
    Column("doc", "文号"),
    Column("amount", "金额（元）", "yuan"),
    Column("economic", "经济科目"),
    Column("counterpart", "对方/原凭证"),
    Column("memo", "摘要"),
]


@dataclass(frozen=True)
class HistoryFilter:
    unit: str | None = None
    department: str | None = None  # the units reporting to it
    year: int | None = None
    line: str | None = None
    doc: str | None = None
    doc_prefix: bool = False  # ``doc`` is the start of a document number (any letter case)
    actor: str | None = None
    date_from: date | None = None
    date_to: date | None = None
    known_at: datetime | None = None
    include_derived: bool = True


class _Amounts(Protocol):
    """A movement row's kind and amount columns."""

    kind: str
    initial: int
    carried_in: int
    adjusted: int
    spent: int
    income: int
    carried_out: int


def _amount(r: _Amounts) -> int:
    """The fact's own amount (a transfer or reversal as the positive sum it moves)."""
    kind = r.kind
    if kind == Kind.APPROPRIATION:
        return r.initial
    if kind == Kind.CARRYOVER:
        return r.carried_in
    if kind in (Kind.ADJUSTMENT, "transfer_in"):
        return r.adjusted
    if kind == Kind.TRANSFER:
        return -r.adjusted
    if kind == Kind.PAYMENT:
        return r.spent
    if kind == Kind.REVERSAL:
        return -r.spent
    if kind == Kind.INCOME:
        return r.income
    return r.carried_out


def signed_amount(row: dict[str, Any]) -> int:
    """A fact's amount as it changes its line: a reversal, a transfer out and a
    reduction (追减) are negative. (``amount`` is the positive sum a fact moves.)"""
    if row["kind"] in (Kind.REVERSAL, Kind.TRANSFER):
        return -int(row["amount"])
    return int(row["amount"])


def history_filters(f: HistoryFilter, in_id_order: bool = False) -> list[ColumnElement[bool]]:
    """WHERE clauses on ``movement`` for ``f`` (the line by a subquery, so that a count
    needs no join). ``in_id_order``: for a page in recording order, the year is not
    looked up by index, so that the database walks the ids (and stops after a page)
    rather than sorting a whole year of facts by id."""
    m = movements.c
    clauses: list[ColumnElement[bool]] = []
    if f.unit is not None:
        clauses.append(m.unit == f.unit)
    if f.department is not None:
        clauses.append(m.unit.in_(select(units.c.code).where(units.c.department == f.department)))
    if f.year is not None:
        clauses.append(m.year + 0 == f.year if in_id_order else m.year == f.year)
    if f.line is not None:
        clauses.append(m.line_key.in_(select(lines.c.key).where(lines.c.code == f.line)))
    if f.doc is not None and f.doc_prefix:
        # LIKE 'ZF2024-01%' (with % and _ in the text escaped), on both databases alike.
        starts = f.doc.lower()
        clauses.append(
            func.lower(m.doc).startswith(starts, autoescape=True)
            | func.lower(m.counterpart).startswith(starts, autoescape=True)
        )
    elif f.doc is not None:
        clauses.append((m.doc == f.doc) | (m.counterpart == f.doc))
    if f.actor is not None:
        clauses.append(m.actor == f.actor)
    if f.date_from is not None:
        clauses.append(m.effective_date >= f.date_from)
    if f.date_to is not None:
        clauses.append(m.effective_date <= f.date_to)
    if f.known_at is not None:
        clauses.append(m.recorded_at <= micros(f.known_at))
    if not f.include_derived:
        clauses.append(m.derived.is_(False))
    return clauses


def select_history(f: HistoryFilter, in_id_order: bool = False) -> Select[Any]:
    """The facts ``f`` asks for, with their line codes (not ordered; see
    ``history_filters`` for ``in_id_order``)."""
    query = select(movements, lines.c.code.label("line")).outerjoin(
        lines, lines.c.key == movements.c.line_key
    )
    return query.where(*history_filters(f, in_id_order))


def history_row(r: Any) -> dict[str, Any]:
    """One fact as plain values, as the audit trail shows it."""
    return {
        "id": r.id,
        "effective_date": r.effective_date.isoformat(),
        "recorded_at": recorded_time(r.recorded_at).astimezone().isoformat(timespec="seconds"),
        "actor": r.actor,
        "kind": r.kind,
        "kind_name": KIND_NAMES.get(r.kind, r.kind),
        "unit": r.unit,
        "year": r.year,
        "line": r.line,
        "doc": r.doc,
        "amount": _amount(r),
        "economic": r.economic,
        "counterpart": r.counterpart,
        "memo": r.memo,
        "derived": bool(r.derived),
        "payee": r.payee,
        "recovered": r.recovered_old + r.recovered_current,  # a close: what was taken back
    }


def history(
    session: Session, f: HistoryFilter, limit: int | None = None
) -> Iterator[dict[str, Any]]:
    query = select_history(f, in_id_order=True).order_by(movements.c.id)
    if limit is not None:
        query = query.limit(limit)
    for r in session.execute(query.execution_options(yield_per=2000)):
        yield history_row(r)
