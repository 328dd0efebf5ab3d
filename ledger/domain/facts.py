"""What every recorded business fact carries, whichever aggregate records it."""

from __future__ import annotations

from datetime import date

from eventsourcing.domain import Aggregate


class Recorded(Aggregate.Event):
    """Every event says when it took effect, on which document and who recorded it.

    ``effective_date`` is the business date (业务日期); the event's ``timestamp`` is when it
    was recorded.
    """

    effective_date: date
    doc: str
    actor: str


class Fact(Recorded):
    """A fact from a journal row or a form.

    ``row_hash`` fingerprints the row's content, so that importing the same
    row again is recognised; it is None on facts the ledger derives itself (the receiving
    side of a transfer, the carry-over made by a close).
    """

    memo: str | None
    row_hash: str | None


def row_key(kind: str, doc: str, reverses: str | None = None) -> str:
    """A row's identity within its line or book (with unit, year and line, the full
    identity of journal-format.md)."""
    return f"{kind}|{doc}|{reverses or ''}"
