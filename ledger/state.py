"""An event's fields as the read model takes them, without building a domain event.

The read model is projected from a dict of an event's fields: decoded from the stored
state (``fields``) when events are replayed or followed, or the live event's own
``vars()`` when a command has just recorded it. Values then come in two forms: as stored
in the library's JSON format (``FastJSONTranscoder`` writes it: an amount is
``{"_type_": "decimal_str", "_data_": "12.34"}``, a business date ``{"_type_":
"date_iso", "_data_": "2024-03-01"}``, a moment ``{"_type_": "datetime_iso", …}``), or as
the objects themselves. These functions take either and give what the read model keeps.
"""

from __future__ import annotations

from datetime import date, datetime
from decimal import Decimal
from typing import Any

import orjson

from ledger.money import to_fen

fields = orjson.loads  # stored state → dict of fields, values as stored


def fen(value: Decimal | dict[str, str]) -> int:
    """An amount as integer fen, exactly."""
    if not isinstance(value, dict):
        return to_fen(value)
    text = value["_data_"]
    whole, _, cents = text.partition(".")
    if len(cents) == 2 and (whole.lstrip("-") + cents).isdigit():
        return int(whole + cents)  # "-0.50" → int("-050")
    return to_fen(Decimal(text))  # any other exact decimal, checked there


def day(value: date | dict[str, str]) -> str:
    """A business date as ISO text (``YYYY-MM-DD``)."""
    return value["_data_"] if isinstance(value, dict) else value.isoformat()


def moment(value: datetime | dict[str, Any]) -> datetime:
    """A recorded moment."""
    return datetime.fromisoformat(value["_data_"]) if isinstance(value, dict) else value
