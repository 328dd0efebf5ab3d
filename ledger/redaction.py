"""Passwords out of everything we print: database URLs, error messages, tracebacks.

A password may hold any character (``@``, ``/``, ``#``, ``:``), percent-encoded or not,
and may reach us inside a library's message, so this works on free text, not on parsed
URLs: in every ``scheme://user:password@host`` it hides what lies between the first ``:``
after the user name and the last ``@`` on the line before any next address.
"""

from __future__ import annotations

import re

HIDDEN = "***"

# scheme://user:password@host — the password runs to the last "@" on the line, so that
# "@", a space, a quote, "<" or ">" in it are hidden too, but not into the next address:
# hiding too much of a message is safe, showing a password is not.
_URL_PASSWORD = re.compile(
    r"(?P<head>\b[A-Za-z][A-Za-z0-9+.\-]*://[^\s:/@'\"<>]*:)(?P<password>(?:(?!://)[^\n])*)@"
)
# key=value connection strings (libpq's "password=…").
_KEYWORD_PASSWORD = re.compile(r"(?i)\b(password\s*=\s*)('(?:[^'\\]|\\.)*'|[^\s'\"]+)")


def redact(text: str) -> str:
    """``text`` with the password of every database URL or connection string in it hidden."""
    text = _URL_PASSWORD.sub(lambda m: f"{m['head']}{HIDDEN}@", text)
    return _KEYWORD_PASSWORD.sub(lambda m: f"{m[1]}{HIDDEN}", text)
