"""Deterministic ids: the same unit, year and line always name the same aggregate, so two
processes creating one line collide on the event store's unique index; and a row's identity
within its line or book, by which importing it again is recognised.

Why these derivations never let two different keys meet: the name hashed is the key's
parts joined with ``/`` (``|`` in a row key), and no code may hold ``/`` or ``|``
(``ledger.journal.characters``; a year is digits). So the name splits back into exactly
the parts it was made of: two names are equal only if their keys are, and the prefixes
(``line/``, ``book/``, ``unit/``) keep the three kinds of aggregate apart. The derivation is
deliberately left as it was when codes were less strictly checked: stores outlive
releases, and a new derivation would orphan every aggregate already stored. A store
recorded before the rule may hold a code with ``/``; its ids stay what they were, and its
export names that code, which import then refuses, saying why.
"""

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
