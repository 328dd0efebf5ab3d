"""What every recorded business fact carries, whichever aggregate records it."""

from __future__ import annotations

from dataclasses import fields
from datetime import date
from typing import Any

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


class QuickEvents:
    """Mixed into the ledger's aggregates: ``trigger_event`` as the library's, but the new
    event is made the way the library's mapper makes one from storage (its state set at
    once) instead of through the frozen dataclass ``__init__``, which sets each field
    separately: a fifth of the cost of recording a payment. Every field must be given,
    none unknown (as the ``__init__`` would require); the state keeps the fields' order,
    so the stored event is byte for byte what the library would store."""

    id: Any
    version: int
    _pending_events: list[Any]

    def trigger_event(self, event_class: type[Any], **kwargs: Any) -> None:
        names = _FIELDS.get(event_class)
        if names is None:
            names = _FIELDS[event_class] = tuple(
                f.name for f in fields(event_class) if f.name not in _IDENTITY
            )
        if kwargs.get("timestamp") is None:
            kwargs["timestamp"] = event_class.create_timestamp()
        state = {"originator_id": self.id, "originator_version": self.version + 1}
        try:
            for name in names:
                state[name] = kwargs[name]
        except KeyError:
            pass
        if len(state) != len(names) + 2 or len(kwargs) != len(names):
            unknown = sorted(set(kwargs) - set(names))
            missing = [n for n in names if n not in kwargs]
            raise TypeError(f"Can't construct event {event_class}: {unknown=} {missing=}")
        event = object.__new__(event_class)
        object.__setattr__(event, "__dict__", state)
        event.mutate(self)
        self._pending_events.append(event)


_IDENTITY = ("originator_id", "originator_version")
# Each event class's fields but its identity, in order.
_FIELDS: dict[type[Any], tuple[str, ...]] = {}
