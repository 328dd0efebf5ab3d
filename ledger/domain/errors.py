"""Why the ledger refuses a fact, in the words its users read.

Each error names the journal column it is about, so that an importer can say
"row 12, column amount: ..." without knowing the rule that was broken.
"""

from __future__ import annotations


class LedgerError(Exception):
    """A fact the ledger refuses. ``column`` is the journal column at fault."""

    def __init__(self, message: str, column: str = "") -> None:
        super().__init__(message)
        self.message = message
        self.column = column

    def __str__(self) -> str:
        return self.message


class Overspend(LedgerError):
    """The fact would take a line below zero available."""


class ClosedYear(LedgerError):
    """Nothing may be recorded on a closed year, except through the next year."""


class UnknownLine(LedgerError):
    """The line (指标) has not been created by an appropriation or carry-over."""


class DimensionMismatch(LedgerError):
    """An appropriation or carry-over names an existing line with other dimensions."""


class EconomicMismatch(LedgerError):
    """The payment's economic code does not fit the line."""


class DuplicateVoucher(LedgerError):
    """The voucher number of a payment is already used in the unit and year."""


class UnknownPayment(LedgerError):
    """A reversal names a voucher that no payment of the line carries."""


class ReversalExceeds(LedgerError):
    """A reversal larger than what is left unreversed of its payment."""


class ConflictingRow(LedgerError):
    """A row with the identity of a recorded row but different content."""


class RegistrationConflict(LedgerError):
    """A unit's name, type or department given differently from what is registered."""
