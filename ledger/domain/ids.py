"""Deterministic ids: the same unit, year and line always name the same aggregate, so two
processes creating one line collide on the event store's unique index; and a row's identity
within its line or book, by which importing it again is recognised."""

from __future__ import annotations

from uuid import UUID, uuid5

_NAMESPACE = UUID("6f6c8a54-3a8e-4d2b-9a51-3f1f0d6a2b10")


def line_id(unit: str, year: int, line: str) -> UUID:
    return uuid5(_NAMESPACE, f"line/{unit}/{year}/{line}")


def book_id(unit: str, year: int) -> UUID:
    return uuid5(_NAMESPACE, f"book/{unit}/{year}")


def unit_id(unit: str) -> UUID:
    return uuid5(_NAMESPACE, f"unit/{unit}")


def row_key(kind: str, doc: str, reverses: str | None = None) -> str:
    """A row's identity within its line or book: kind, doc and ``reverses`` (with unit, year
    and line, the full identity of journal-format.md)."""
    return f"{kind}|{doc}|{reverses or ''}"
