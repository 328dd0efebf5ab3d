"""Deterministic aggregate ids: the same unit, year and line always name the same aggregate,
so two processes creating one line collide on the event store's unique index."""

from __future__ import annotations

from uuid import UUID, uuid5

_NAMESPACE = UUID("6f6c8a54-3a8e-4d2b-9a51-3f1f0d6a2b10")


def line_id(unit: str, year: int, line: str) -> UUID:
    return uuid5(_NAMESPACE, f"line/{unit}/{year}/{line}")


def book_id(unit: str, year: int) -> UUID:
    return uuid5(_NAMESPACE, f"book/{unit}/{year}")


def unit_id(unit: str) -> UUID:
    return uuid5(_NAMESPACE, f"unit/{unit}")
