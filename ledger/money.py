"""Exact money: Decimal 元 in events, integer 分 (fen) in tables, 万元 for people.

Every displayed figure is computed from exact fen and rounded half-up once, at the end.
"""

from __future__ import annotations

import re
from decimal import ROUND_HALF_UP, Decimal, InvalidOperation

CENT = Decimal("0.01")
_PLAIN = re.compile(r"[+-]?[0-9]+(?:\.[0-9]{1,2})?")
_FEN_PER_WAN = 1_000_000


class AmountError(ValueError):
    """An amount cell that is not an exact decimal of at most two places."""


# The largest amount one row may carry: 1 万亿元 (10^12 元). Larger is a typo or an attack,
# and sums of many such rows must still fit the read model's 64-bit integer fen.
MAX_AMOUNT = Decimal(10) ** 12
# The most one line's 全年预算 may reach: 10 万亿元. Rows under MAX_AMOUNT could otherwise
# add up on one line past what 64-bit fen hold; this leaves room for ~900 such lines in
# any sum the read model takes.
MAX_LINE_BUDGET = Decimal(10) ** 13


def parse_amount(text: str) -> Decimal:
    """Parse a journal amount: plain decimal 元, optional sign, at most two decimals.

    Thousands separators, exponents, full-width digits and currency signs are refused
    rather than guessed at: a ledger must not silently reinterpret money.
    """
    s = text.strip()
    if _PLAIN.fullmatch(s):  # the common case, checked in full below otherwise
        value = Decimal(s)
        if value and abs(value) < MAX_AMOUNT:
            return value.quantize(CENT)
    if not s:
        raise AmountError("金额为空")
    body = s[1:] if s[0] in "+-" else s
    if not body or any(c not in "0123456789." for c in body) or body.count(".") > 1:
        raise AmountError(f"金额格式不正确：「{text}」（{_why_not_plain(body or s)}）")
    if body.startswith(".") or body.endswith("."):
        raise AmountError(f"金额格式不正确：「{text}」（小数点前后都应有数字，如 0.50）")
    try:
        value = Decimal(s)
    except InvalidOperation as exc:  # pragma: no cover - guarded above
        raise AmountError(f"金额格式不正确：「{text}」") from exc
    if "." in body and len(body.split(".")[1]) > 2:
        raise AmountError(f"金额最多两位小数：「{text}」")
    if abs(value) >= MAX_AMOUNT:
        raise AmountError(f"金额过大：「{text}」（单行金额须小于 1 万亿元）")
    return abs(value).quantize(CENT) if value == 0 else value.quantize(CENT)


def _why_not_plain(body: str) -> str:
    """What is wrong with an amount that is not plain digits, in the user's terms."""
    if any("\uff0b" <= c <= "\uff5e" or c == "\u3000" for c in body):
        return "含全角字符，请改为半角数字和小数点"
    if any(c in ",，'_ \u00a0" for c in body):
        return "不应含千分位分隔符或空格，如 1234567.89"
    if any(c in "eE" for c in body) and any(c.isdigit() for c in body):
        return "不接受科学计数法，请写出全部数字"
    if any(c in "¥￥$元" for c in body):
        return "只填数字，不带货币符号或单位"
    if body.count(".") > 1:
        return "小数点只能有一个"
    return "应为不带千分位的十进制数，如 1234.56"


def to_fen(amount: Decimal) -> int:
    """Exact conversion of a 元 amount with at most two decimals to integer fen."""
    fen = amount * 100
    if fen != fen.to_integral_value():
        raise AmountError(f"金额最多两位小数：{amount}")
    return int(fen)


def from_fen(fen: int) -> Decimal:
    return (Decimal(fen) / 100).quantize(CENT)


def yuan(fen: int) -> str:
    """JSON form: 元 with two decimals, e.g. ``"5029800.00"``."""
    return str(from_fen(fen))


def wan(fen: int) -> Decimal:
    """万元, rounded half-up to two decimals from the exact fen figure."""
    return (Decimal(fen) / _FEN_PER_WAN).quantize(CENT, rounding=ROUND_HALF_UP)


def ratio_percent(numerator: int, denominator: int) -> Decimal | None:
    """Percentage rounded half-up to two decimals; None when the base is zero."""
    if denominator == 0:
        return None
    return (Decimal(numerator) * 100 / Decimal(denominator)).quantize(CENT, rounding=ROUND_HALF_UP)


def execution_score(spent: int, budget: int) -> Decimal | None:
    """项目执行率得分: 10 × min(执行率, 100%), from the exact ratio."""
    if budget == 0:
        return None
    ratio = min(Decimal(spent) / Decimal(budget), Decimal(1))
    return (ratio * 10).quantize(CENT, rounding=ROUND_HALF_UP)


def two(value: Decimal | None) -> str | None:
    """A percentage or score as the JSON string ``"68.60"`` (None stays None)."""
    return None if value is None else f"{value:.2f}"


def show(amount: Decimal) -> str:
    """An amount in 元 for a message: ``1,234.56``."""
    return f"{amount:,.2f}"
