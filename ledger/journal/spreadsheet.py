"""Text written where a spreadsheet will open it: shown as text, never run.

A spreadsheet runs a CSV cell beginning with ``=``, ``+``, ``-``, ``@``, a tab or a carriage
return as a formula (a negative number such as ``-60.00`` is only a number). In XLSX a
cell is what its type says: every text is written as a string cell (type ``s``), which no
spreadsheet evaluates, whatever it begins with.

In CSV there is no type, so such a cell is written behind an apostrophe, which a
spreadsheet shows as text. In a journal export the apostrophe is an escape the importer
reverses: a cell beginning with ``'`` gets one more, and on import one leading ``'`` is
removed from a cell whose rest is such a cell. Every text gives back exactly itself; a
hand-made journal's ``'abc`` stays ``'abc``.
"""

from __future__ import annotations

import re

_STARTS = ("=", "+", "-", "@", "\t", "\r")
_NUMBER = re.compile(r"-?\d+(?:\.\d+)?%?")
_XML_ILLEGAL = re.compile("[\x00-\x08\x0b\x0c\x0e-\x1f\ud800-\udfff\ufffe\uffff]")


def formula_like(text: str) -> bool:
    """A spreadsheet would run ``text`` in a CSV cell."""
    return text.startswith(_STARTS) and not _NUMBER.fullmatch(text)


def escape(text: str) -> str:
    """A journal's CSV cell: formula-like text (and text beginning with ``'``) behind ``'``."""
    return "'" + text if text.startswith("'") or formula_like(text) else text


def unescape(text: str) -> str:
    """What ``escape`` was given (the identity on cells it would not have written)."""
    if text.startswith("'"):
        rest = text[1:]
        if rest.startswith("'") or formula_like(rest):
            return rest
    return text


def shown_as_text(text: str) -> str:
    """A report's CSV cell: formula-like text behind ``'``, shown as it is written."""
    return "'" + text if formula_like(text) else text


def xlsx_illegal(text: str) -> str | None:
    """The first character an XLSX file cannot hold (it would be ill-formed), or None."""
    found = _XML_ILLEGAL.search(text)
    return found.group() if found else None


def xlsx_text(text: str) -> str:
    """A report's text for an XLSX cell: what XML cannot hold shown as U+FFFD."""
    return _XML_ILLEGAL.sub("\ufffd", text)
