"""One journal row, typed and checked on its own (before the ledger looks at it)."""

from __future__ import annotations

import hashlib
from datetime import date
from decimal import Decimal
from operator import itemgetter
from typing import NamedTuple

from ledger.domain.values import PERFORMANCE_KINDS, Kind


class JournalRow(NamedTuple):
    """Immutable; a tuple so that a million of them are cheap to make."""

    kind: Kind
    date: date
    year: int
    unit: str
    amount: Decimal  # None on a performance row (they have no amount)
    doc: str
    unit_name: str | None = None
    unit_type: str | None = None
    department: str | None = None
    line: str | None = None
    fund: str | None = None
    function: str | None = None
    function_name: str | None = None
    category: str | None = None
    economic: str | None = None
    economic_name: str | None = None
    project: str | None = None
    project_code: str | None = None
    to_line: str | None = None
    reverses: str | None = None
    income_type: str | None = None
    spend_type: str | None = None
    procurement: str | None = None
    payee: str | None = None
    actor: str | None = None
    memo: str | None = None
    # Performance rows (Kind.TARGET … Kind.EVALUATION) only.
    level1: str | None = None
    level2: str | None = None
    indicator: str | None = None
    target: str | None = None
    actual: str | None = None
    weight: Decimal | None = None
    score: Decimal | None = None
    reason: str | None = None
    # row_hash(), worked out when the row is parsed (by the worker that reads a large file).
    fingerprint: str = ""

    def fingerprinted(self) -> JournalRow:
        """This row with its ``fingerprint``."""
        return JournalRow._make((*self[:-1], self.row_hash()))

    def row_hash(self, **completed: str | None) -> str:
        """Fingerprint of what the ledger keeps of this row.

        Only the fields the recorded fact holds count, so that the row written back by an
        export and the row first imported are the same row: not who recorded it, not what
        it registers or restates in passing. ``completed`` supplies the line's dimensions
        an appropriation or carry-over left out when adding to an existing line.
        """
        if self.fingerprint and not completed:
            return self.fingerprint
        names = _HASHED[self.kind]
        values = _GETTERS[self.kind](self)
        if completed:
            values = tuple(completed.get(n, v) for n, v in zip(names, values, strict=True))
        text = "\x1f".join(["" if v is None else str(v) for v in values])
        return hashlib.blake2b(("v1\x1f" + text).encode(), digest_size=8).hexdigest()


_COMMON = ("kind", "date", "year", "unit", "amount", "doc", "memo")
_DIMENSIONS = ("line", "fund", "function", "category", "economic", "project", "project_code")
_KEPT: dict[Kind, tuple[str, ...]] = {
    Kind.APPROPRIATION: _DIMENSIONS,
    Kind.CARRYOVER: _DIMENSIONS,
    Kind.ADJUSTMENT: ("line",),
    Kind.TRANSFER: ("line", "to_line"),
    Kind.PAYMENT: ("line", "economic", "spend_type", "procurement", "payee"),
    Kind.REVERSAL: ("line", "reverses"),
    Kind.INCOME: ("fund", "function", "income_type"),
    Kind.CLOSE: ("line",),
    Kind.CARRY_PLAN: ("line",),
    Kind.PROCUREMENT_PLAN: ("line", "procurement"),
    # The project as the ledger resolves it (``project_code``: the code, or the name of a
    # project without one), so that a row naming it either way is the same row.
    **dict.fromkeys(
        PERFORMANCE_KINDS,
        (
            "project",
            "project_code",
            "level1",
            "level2",
            "indicator",
            "target",
            "actual",
            "weight",
            "score",
            "reason",
        ),
    ),
}
_HASHED = {kind: _COMMON + kept for kind, kept in _KEPT.items()}
_GETTERS = {
    kind: itemgetter(*(JournalRow._fields.index(n) for n in names))
    for kind, names in _HASHED.items()
}
