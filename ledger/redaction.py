"""Passwords out of everything we print: database URLs, error messages, tracebacks.

A password may hold any character (``@``, ``/``, ``#``, ``:``), percent-encoded or not,
and may reach us inside a library's message, so this works on free text, not on parsed
URLs: in every ``scheme://user:password@host`` it hides what lies between the first ``:``
after the user name and the last ``@`` of the address.
"""

from __future__ import annotations

import re

HIDDEN = "***"

# scheme://user:password@ — the password greedy up to the address's last "@" (an address
# ends at whitespace or a quote), so that an unencoded "@" in it is hidden too.
_URL_PASSWORD = re.compile(
    r"(?P<head>\b[A-Za-z][A-Za-z0-9+.\-]*://[^\s:/@'\"<>]*:)(?P<password>[^\s'\"<>]*)@"
    r"(?=[^\s'\"<>@]*(?:[\s'\"<>]|$))"
)
# key=value connection strings (libpq's "password=…").
_KEYWORD_PASSWORD = re.compile(r"(?i)\b(password\s*=\s*)('(?:[^'\\]|\\.)*'|[^\s'\"]+)")


def redact(text: str) -> str:
    """``text`` with the password of every database URL or connection string in it hidden."""
    text = _URL_PASSWORD.sub(lambda m: f"{m['head']}{HIDDEN}@", text)
    return _KEYWORD_PASSWORD.sub(lambda m: f"{m[1]}{HIDDEN}", text)
