"""The id of a project's performance aggregate.

Derived from a JSON array of the key's parts, not a joined string, so that no two
different keys can meet (issue 12: ``105001/2024`` + ``01`` met ``105001`` + ``2024/01``).
"""

from __future__ import annotations

import json
from uuid import UUID, uuid5

_NAMESPACE = UUID("b3a1f6a2-5c0e-4f7d-8e39-2d41c9f0a7e4")


def performance_id(unit: str, year: int, project: str) -> UUID:
    """``project`` is the project code, or the name of a project without one."""
    return uuid5(_NAMESPACE, _parts("performance", unit, year, project))


def row_key(kind: str, key: tuple[str, str, str], doc: str, on: str = "") -> str:
    """A performance row's identity within its project: kind, indicator key and doc (and
    the date, ISO, for a ``progress``), unambiguous whatever the parts hold."""
    return _parts(kind, *key, doc, on)


def _parts(*parts: str | int) -> str:
    return json.dumps(parts, ensure_ascii=False, separators=(",", ":"))
