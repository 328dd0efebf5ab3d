"""What every recorded business fact carries, whichever aggregate records it."""

from __future__ import annotations

from dataclasses import fields as dataclass_fields
from datetime import date
from typing import Any

from eventsourcing.domain import Aggregate

from ledger.domain.errors import ConflictingRow
from ledger.domain.ids import row_key
from ledger.domain.values import Kind


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


def already(
    rows: dict[str, str], kind: Kind, doc: str, reverses: str | None, row_hash: str
) -> bool:
    """True if this row was recorded before: ``rows`` are a line's or book's, identity
    (``row_key``) → content hash. Refuses a row that reuses an identity with other content."""
    recorded = rows.get(row_key(kind.value, doc, reverses))
    if recorded is None:
        return False
    if recorded == row_hash:
        return True
    raise ConflictingRow(
        f"同一{kind.label}（文号 {doc}）已记录，但内容不同；更正请另行记录冲销或调整",
        column="doc",
    )


class QuickEvents:
    """Mixed into the ledger's aggregates: ``trigger_event`` as the library's, but the new
    event is made the way the library's mapper makes one from storage (its state set at
    once) instead of through the frozen dataclass ``__init__``, which sets each field
    separately: a fifth of the cost of recording a payment. Every field must be given,
    none unknown (as the ``__init__`` would require); the state keeps the fields' order,
    so the stored event is byte for byte what the library would store.

    ``trigger(event_class, fields)`` takes the fields as a dict; given in the event's
    own order (identity and ``timestamp`` first), they are used as they are."""

    id: Any
    version: int
    _pending_events: list[Any]

    def trigger_event(self, event_class: type[Any], **kwargs: Any) -> None:
        self.trigger(event_class, kwargs)

    def trigger(self, event_class: type[Any], fields: dict[str, Any]) -> None:
        order = _ORDER.get(event_class) or _order(event_class)
        if fields.get("timestamp") is None:
            fields["timestamp"] = event_class.create_timestamp()
        state = {"originator_id": self.id, "originator_version": self.version + 1}
        state.update(fields)
        if tuple(state) != order:
            state = _in_order(event_class, order, state)
        event = object.__new__(event_class)
        object.__setattr__(event, "__dict__", state)
        if event_class.mutate is _MUTATE:
            # What the library's mutate does, less its checks of the identity just given.
            event.apply(self)
            self.version = state["originator_version"]
            self.modified_on = state["timestamp"]
        else:
            event.mutate(self)
        self._pending_events.append(event)


def _order(event_class: type[Any]) -> tuple[str, ...]:
    order = _ORDER[event_class] = tuple(f.name for f in dataclass_fields(event_class))
    return order


def _in_order(
    event_class: type[Any], order: tuple[str, ...], state: dict[str, Any]
) -> dict[str, Any]:
    """``state`` in the event's field order; refused if a field is missing or unknown."""
    if state.keys() != set(order):
        unknown = sorted(set(state) - set(order))
        missing = [n for n in order if n not in state]
        raise TypeError(f"Can't construct event {event_class}: {unknown=} {missing=}")
    return {name: state[name] for name in order}


_MUTATE = Aggregate.Event.mutate
# Each event class's fields, in order (identity first).
_ORDER: dict[type[Any], tuple[str, ...]] = {}
