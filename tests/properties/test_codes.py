"""What a code may hold, and that ids derived from codes never meet: every key the parser
can accept names its own aggregate and its own row."""

from __future__ import annotations

import pytest
from hypothesis import assume, given
from hypothesis import strategies as st

from ledger.domain.ids import book_id, line_id, row_key, unit_id
from ledger.journal.characters import CODE_PUNCTUATION, code_problem, text_problem
from ledger.journal.parse import RowError, parse_row

_FIRST = st.sampled_from("AZaz09_.(（〔【") | st.characters(
    min_codepoint=0x4E00, max_codepoint=0x9FFF
)
_REST = (
    st.sampled_from("ABCXYZabcxyz0123456789" + CODE_PUNCTUATION)
    | st.characters(min_codepoint=0x4E00, max_codepoint=0x9FFF)
    | st.characters(min_codepoint=0x20000, max_codepoint=0x2A6DF)
)
codes = st.builds(lambda a, b: a + b, _FIRST, st.text(_REST, max_size=8))
years = st.integers(1990, 2100)
kinds = st.sampled_from(["payment", "reversal", "adjustment", "close"])


@given(codes)
def test_every_generated_code_is_a_code(code: str) -> None:
    assert code_problem(code) is None


@given(codes, years, codes, codes, years, codes)
def test_two_distinct_line_keys_never_share_an_id(
    u1: str, y1: int, l1: str, u2: str, y2: int, l2: str
) -> None:
    assume((u1, y1, l1) != (u2, y2, l2))
    assert line_id(u1, y1, l1) != line_id(u2, y2, l2)
    # The reason, not just the hash: the name splits back into its parts.
    assert f"line/{u1}/{y1}/{l1}".split("/") == ["line", u1, str(y1), l1]


@given(codes, years, codes, years)
def test_books_and_units_never_meet(u1: str, y1: int, u2: str, y2: int) -> None:
    assume((u1, y1) != (u2, y2))
    assert book_id(u1, y1) != book_id(u2, y2)
    assert unit_id(u1) != book_id(u2, y2) and unit_id(u1) != line_id(u2, y2, u1)
    if u1 != u2:
        assert unit_id(u1) != unit_id(u2)


@given(kinds, codes, st.none() | codes, kinds, codes, st.none() | codes)
def test_two_distinct_row_keys_never_meet(
    k1: str, d1: str, r1: str | None, k2: str, d2: str, r2: str | None
) -> None:
    assume((k1, d1, r1 or "") != (k2, d2, r2 or ""))
    assert row_key(k1, d1, r1) != row_key(k2, d2, r2)


PAY = {
    "date": "2024-03-01",
    "kind": "payment",
    "year": "2024",
    "unit": "900001",
    "line": "A1",
    "economic": "30201",
    "amount": "10.00",
    "doc": "ZF-1",
}


@pytest.mark.parametrize(
    ("column", "value", "says"),
    [
        ("unit", "105001/2024", "「/」"),
        ("line", "2024/01", "「/」"),
        ("doc", "ZF|1", "「|」"),
        *[
            ("doc", f"ZF-{c}1", f"U+{ord(c):04X}")
            for c in "\u200b\u200d\u2060\u00ad\ufeff\u034f\u202e"
        ],
        ("line", "\u0410" + "1", "U+0410"),  # Cyrillic А
        ("line", "Ａ1", "全角"),
        ("department", "\uf9001", "U+F900"),  # a compatibility ideograph, lookalike of 豈
        ("unit", "9\u0663", "U+0663"),  # an Arabic-Indic digit
        ("project_code", "-1", "不能以「-」开头"),
        ("reverses", "ZF 1", "空白"),
    ],
)
def test_a_code_that_is_not_what_it_looks_like_is_refused(
    column: str, value: str, says: str
) -> None:
    with pytest.raises(RowError) as refused:
        parse_row(
            {**PAY, column: value}
            if column != "reverses"
            else {**PAY, "kind": "reversal", "economic": None, column: value},
            3,
        )
    assert refused.value.column == column
    assert says in str(refused.value), str(refused.value)


@pytest.mark.parametrize(
    ("value", "says"),
    [
        ("办公\x07", "控制字符"),
        ("办公\x85", "控制字符"),
        ("a\uffffb", "U+FFFF"),
        ("a\ufdd0", "U+FDD0"),
        ("a\U0010fffe", "U+10FFFE"),
        ("\udb74x", "无效的 Unicode"),
        ("付款\u202e人", "显示方向"),
        ("x\u2066y", "显示方向"),
    ],
)
def test_free_text_refuses_what_cannot_be_shown_or_saved(value: str, says: str) -> None:
    with pytest.raises(RowError) as refused:
        parse_row({**PAY, "memo": value}, 3)
    assert refused.value.column == "memo" and says in str(refused.value)


@given(st.text(st.characters(blacklist_categories=("Cc", "Cs", "Cn")), max_size=30))
def test_ordinary_unicode_is_free_text(value: str) -> None:
    assume(
        not any(
            c in value
            for c in "\u202a\u202b\u202c\u202d\u202e\u2066\u2067\u2068\u2069\u200e\u200f\u061c"
        )
    )
    assert text_problem(value) is None
