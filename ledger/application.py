"""The event-sourced application: aggregates in, events out, through eventsourcing."""

from __future__ import annotations

from datetime import date, datetime
from typing import Any, ClassVar
from uuid import UUID

import orjson
from eventsourcing.application import Application
from eventsourcing.persistence import (
    DatetimeAsISO,
    DecimalAsStr,
    JSONTranscoder,
    Mapper,
    StoredEvent,
    Transcoder,
    Transcoding,
    UUIDAsHex,
)
from eventsourcing.utils import get_topic

from ledger.store import database_url


class DateAsISO(Transcoding):
    """``datetime.date`` (business dates) as ``YYYY-MM-DD``; a year has few of them, so
    each is converted once."""

    type = date
    name = "date_iso"

    def __init__(self) -> None:
        self._text: dict[date, str] = {}
        self._dates: dict[str, date] = {}

    def encode(self, obj: date) -> str:
        text = self._text.get(obj)
        if text is None:
            text = self._text[obj] = obj.isoformat()
        return text

    def decode(self, data: str) -> date:
        day = self._dates.get(data)
        if day is None:
            day = self._dates[data] = date.fromisoformat(data)
        return day


class MomentAsISO(DatetimeAsISO):
    """Recorded moments as ISO text. The events of one command share one moment, so the
    last one converted is remembered."""

    def __init__(self) -> None:
        self._last: tuple[object, str] = (None, "")
        self._last_text = (datetime.min.isoformat(), datetime.min)

    def encode(self, obj: datetime) -> str:
        if obj is not self._last[0]:
            self._last = (obj, obj.isoformat())
        return self._last[1]

    def decode(self, data: str) -> datetime:
        if data != self._last_text[0]:
            self._last_text = (data, datetime.fromisoformat(data))
        return self._last_text[1]


class Ledger(Application[UUID]):
    """Configured by ``SQLALCHEMY_URL`` in its env (as ``ProjectionRunner`` passes it),
    else by ``$BUDGET_LEDGER_DB`` or the default SQLite file."""

    name = "Ledger"  # names the tables ledger_events and ledger_snapshots
    env: ClassVar[dict[str, str]] = {
        "PERSISTENCE_MODULE": "ledger.store:LedgerFactory",
        "MAPPER_TOPIC": "ledger.application:LedgerMapper",
        "IS_SNAPSHOTTING_ENABLED": "y",
    }

    @classmethod
    def at(cls, url: str | None = None) -> Ledger:
        return cls({"SQLALCHEMY_URL": database_url(url)})

    def construct_transcoder(self) -> Transcoder:
        transcoder = FastJSONTranscoder()
        register_transcodings(transcoder)
        return transcoder


class FastJSONTranscoder(JSONTranscoder):
    """The library's JSON format, byte for byte, written and read with orjson.

    orjson would write UUIDs as plain strings, so snapshots (whose state holds the
    aggregate id) take the library's own path; events hold no UUIDs.
    """

    def encode(self, obj: Any) -> bytes:
        if "state" in obj and "topic" in obj:  # a snapshot
            return super().encode(obj)
        return orjson.dumps(obj, default=self._encode_obj, option=orjson.OPT_PASSTHROUGH_DATETIME)

    def decode(self, data: bytes) -> Any:
        return self._revive(orjson.loads(data))

    def _revive(self, value: Any) -> Any:
        if type(value) is dict:
            if len(value) == 2 and "_type_" in value and "_data_" in value:
                return self.names[value["_type_"]].decode(self._revive(value["_data_"]))
            for key, item in value.items():
                if type(item) is dict:
                    # An event's fields are mostly amounts and dates: revive those here,
                    # without a call per field (a fifth of a rebuild's time otherwise).
                    data = item.get("_data_")
                    if len(item) == 2 and type(data) is str and "_type_" in item:
                        value[key] = self.names[item["_type_"]].decode(data)
                    else:
                        value[key] = self._revive(item)
                elif type(item) is list:
                    value[key] = self._revive(item)
            return value
        if type(value) is list:
            return [self._revive(item) for item in value]
        return value


def register_transcodings(transcoder: JSONTranscoder) -> None:
    for transcoding in (UUIDAsHex(), DecimalAsStr(), MomentAsISO(), DateAsISO()):
        transcoder.register(transcoding)


def make_mapper() -> Mapper[UUID]:
    """The ledger's mapper without an application: for readers of the event store."""
    transcoder = FastJSONTranscoder()
    register_transcodings(transcoder)
    return LedgerMapper(transcoder=transcoder)


class LedgerMapper(Mapper[UUID]):
    """The library's mapper; a stored event is made the way the library makes a domain
    event from storage (its fields set at once, not through the frozen dataclass's
    ``__init__``). The ledger's events have no class versions, and the store no cipher
    or compressor; anything else takes the library's own way."""

    def to_stored_event(self, domain_event: Any) -> StoredEvent:
        cls = type(domain_event)
        if self.cipher or self.compressor or getattr(cls, "class_version", 1) != 1:
            return super().to_stored_event(domain_event)
        state = dict(vars(domain_event))
        stored = object.__new__(StoredEvent)
        object.__setattr__(
            stored,
            "__dict__",
            {
                "originator_id": state.pop("originator_id"),
                "originator_version": state.pop("originator_version"),
                "topic": get_topic(cls),
                "state": self.transcoder.encode(state),
            },
        )
        return stored
