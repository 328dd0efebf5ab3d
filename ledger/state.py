"""Stored event state read as plain JSON, without reviving events.

The read model is projected from stored events (``topic`` and ``state`` bytes) the same
way whether they were just recorded, are being replayed by a rebuild or are followed
live: no domain event objects are built for it. State is in the library's JSON format
(``FastJSONTranscoder`` writes it): an amount is ``{"_type_": "decimal_str", "_data_":
"12.34"}``, a business date ``{"_type_": "date_iso", "_data_": "2024-03-01"}``, a
recorded moment ``{"_type_": "datetime_iso", "_data_": "…+00:00"}``. These functions
take such a value and give what the read model stores.
"""

from __future__ import annotations

from datetime import datetime
from decimal import Decimal
from typing import Any

import orjson

from ledger.money import to_fen

fields = orjson.loads  # state bytes → dict of fields, values as stored


def fen(value: dict[str, str]) -> int:
    """An amount as integer fen, exactly (amounts are stored with two decimals)."""
    text = value["_data_"]
    whole, _, cents = text.partition(".")
    if len(cents) == 2 and (whole.lstrip("-") + cents).isdigit():
        return int(whole + cents)  # "-0.50" → int("-050")
    return to_fen(Decimal(text))  # any other exact decimal, checked there


def day(value: dict[str, str]) -> str:
    """A business date as ISO text (``YYYY-MM-DD``)."""
    return value["_data_"]


def moment(value: dict[str, str]) -> datetime:
    return datetime.fromisoformat(value["_data_"])


def text(value: Any) -> str:
    """The ``_data_`` of a transcoded value (a timestamp's text, say)."""
    return value["_data_"]  # type: ignore[no-any-return]
