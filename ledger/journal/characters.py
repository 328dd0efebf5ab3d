"""What characters a cell may hold: one rule for codes, one for free text.

**Codes** (unit, line, department, to_line, doc, reverses, project_code) name things that
the ledger compares, joins and derives ids from, so two codes that print alike must be the
same code. A code may hold only ASCII letters and digits, CJK ideographs (and 〇), and the
punctuation ``- _ . ( ) （ ） 〔 〕 【 】``; it may not begin with ``-`` (a spreadsheet would
read it as a formula or a negative number). Refused, among others: ``/`` and ``|`` (the
separators of derived ids and row keys, see ``ledger.domain.ids``), whitespace, control and
formatting characters (zero-width spaces and joiners, soft hyphens, byte-order marks, bidi
overrides), combining marks, letters of other scripts (a Cyrillic ``А`` beside a Latin
``A``), full-width forms and compatibility ideographs (lookalikes of the unified ones).

**Free text** (memo, names, payee, actor, any other column) may hold any ordinary Unicode
except control characters, noncharacters (U+FFFE, U+FFFF, U+FDD0–U+FDEF, …), lone
surrogates and the bidi controls that reorder what is shown (U+202A–U+202E,
U+2066–U+2069, U+200E, U+200F, U+061C).
"""

from __future__ import annotations

import re
import unicodedata

from ledger.journal.lookalikes import Lookalike

CODES = frozenset({"unit", "line", "department", "to_line", "doc", "reverses", "project_code"})
CODE_PUNCTUATION = "-_.()（）〔〕【】"
_ASCII_CODE = re.compile(r"[A-Za-z0-9_.()][A-Za-z0-9_.()\-]*")
_IDEOGRAPHS = (  # CJK Unified Ideographs and their extensions; not the compatibility block
    (0x3400, 0x4DBF),
    (0x4E00, 0x9FFF),
    (0x20000, 0x2A6DF),
    (0x2A700, 0x2EBEF),
    (0x30000, 0x323AF),
)
_BIDI = frozenset("\u202a\u202b\u202c\u202d\u202e\u2066\u2067\u2068\u2069\u200e\u200f\u061c")


def _code_character(c: str) -> bool:
    if c.isascii():
        return c.isalnum() or c in CODE_PUNCTUATION
    if c in CODE_PUNCTUATION or c == "〇":
        return True
    point = ord(c)
    return any(low <= point <= high for low, high in _IDEOGRAPHS)


def visible(c: str) -> str:
    """A character as a message names it: itself if it prints, else its code point."""
    if c.isascii() and c.isprintable() and c != " ":
        return f"「{c}」"
    name = unicodedata.name(c, "") if not 0xD800 <= ord(c) <= 0xDFFF else "lone surrogate"
    code = f"U+{ord(c):04X}{f' {name}' if name else ''}"
    if c.isprintable() and not unicodedata.combining(c) and c != " ":
        return f"「{c}」（{code}）"  # a letter of another script, a lookalike ideograph
    return code


def shown(value: str, limit: int = 40) -> str:
    """``value`` quoted in a message: shortened, every invisible character spelled out."""
    text = "".join(c if c.isprintable() else visible(c) for c in value[:limit])
    return text + ("…" if len(value) > limit else "")


def code_problem(value: str) -> str | None:
    """Why ``value`` cannot be a code, or None."""
    if value.isascii() and _ASCII_CODE.fullmatch(value):
        return None
    odd = next((c for c in value if not _code_character(c)), None)
    if odd is not None and odd.isspace():
        return f"编码中不能有空白：「{shown(value)}」"
    if odd is not None:
        allowed = " ".join(CODE_PUNCTUATION)
        return (
            f"编码「{shown(value)}」含不允许的字符 {visible(odd)}；"
            f"编码只能由半角字母、数字、汉字和 {allowed} 组成"
        )
    if value.startswith("-"):
        return f"编码「{shown(value)}」不能以「-」开头（电子表格会把它当作公式或负数）"
    return None


def _noncharacter(point: int) -> bool:
    return 0xFDD0 <= point <= 0xFDEF or (point & 0xFFFE) == 0xFFFE


def text_problem(value: str) -> str | None:
    """Why ``value`` cannot be free text, or None."""
    if value.isprintable():  # the usual text: nothing to look for
        return None
    for c in value:
        point = ord(c)
        if unicodedata.category(c) == "Cc":
            return f"含有控制字符 {visible(c)}"
        if 0xD800 <= point <= 0xDFFF:
            return "含有无效的 Unicode 字符（单独的代理码元，常见于非 UTF-8 编码的文字）"
        if _noncharacter(point):
            return f"含有 Unicode 非字符 U+{point:04X}（电子表格文件无法保存它）"
        if c in _BIDI:
            return f"含有改变文字显示方向的控制字符 {visible(c)}（显示的内容会与实际不同）"
    return None


def refuse_characters(cells: dict[str, str]) -> None:
    """Refuse the first cell whose characters break its column's rule (``Lookalike``)."""
    for column, value in cells.items():  # what no cell may hold, first
        problem = text_problem(value)
        if problem is not None:
            raise Lookalike(problem, column)
    for column in CODES.intersection(cells):
        problem = code_problem(cells[column])
        if problem is not None:
            raise Lookalike(problem, column)
