"""What no journal cell may hold, whatever the row's kind, checked before the row is typed.

- Text beginning with ``=``: a spreadsheet runs it as a formula when the journal is
  exported and opened (and XLSX formulas are refused on import anyway).
- Digits that only look like digits: full-width ``２０２４`` or other scripts' digits in a
  date, year, amount or code column would be read by ``\\d`` or ``int()`` as the same
  number, or stored beside ``2024`` as a different code. They are refused, saying so,
  rather than normalised: a ledger does not reinterpret what it is given.
"""

from __future__ import annotations

import re
from collections.abc import Mapping

# Columns that hold numbers or codes: ASCII only where digits are concerned.
NUMERIC = frozenset({"date", "year", "amount", "function", "economic"})
CODES = frozenset({"unit", "line", "department", "to_line"})
# A performance target or actual may begin with "=" (``=1套``: journal-format.md); it is
# text, never run as a formula (the exports write it as text).
EQUALS_ALLOWED = frozenset({"target", "actual"})
_FULL_WIDTH = re.compile(r"[\uff01-\uff5e]")  # full-width ASCII forms: １, Ａ, －, ．


class Lookalike(ValueError):
    """A cell refused here; ``column`` names it."""

    def __init__(self, message: str, column: str) -> None:
        super().__init__(message)
        self.column = column


def refuse_lookalikes(cells: Mapping[str, str | None]) -> None:
    for column, value in cells.items():
        if not value:
            continue
        if value.startswith("=") and column not in EQUALS_ALLOWED:
            raise Lookalike(f"内容以「=」开头，会被电子表格当作公式：「{value[:40]}」", column)
        if column in NUMERIC or column in CODES:
            odd = _FULL_WIDTH.search(value)
            if odd:
                raise Lookalike(f"「{value}」含全角字符「{odd.group()}」，请改为半角", column)
        if column in NUMERIC:
            odd_digit = next((c for c in value if c.isdigit() and not c.isascii()), None)
            if odd_digit:
                raise Lookalike(f"「{value}」含非半角数字「{odd_digit}」，请改为 0–9", column)
