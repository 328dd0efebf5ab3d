"""The journal parser on its own: good rows are typed as the format says, and each bad cell
is refused with its row, its column and a reason in Chinese. No database."""

from __future__ import annotations

from datetime import date
from decimal import Decimal

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from ledger.domain.values import Category, Fund, IncomeType, Kind, Procurement, UnitType
from ledger.journal.parse import RowError, parse_row

BASE = {"date": "2024-03-01", "year": "2024", "unit": "900001", "amount": "10.00", "doc": "V-1"}
PAYMENT = {**BASE, "kind": "payment", "line": "A1", "economic": "30201"}
OPENING = {
    **BASE,
    "kind": "appropriation",
    "line": "A1",
    "fund": "一般公共预算",
    "function": "2013701",
    "category": "公用经费",
}
INCOME = {**BASE, "kind": "income", "fund": "单位资金", "function": "2013701",
          "income_type": "事业收入"}  # fmt: skip


def refusal(cells: dict[str, str | None], row: int | None = 7) -> RowError:
    with pytest.raises(RowError) as info:
        parse_row(cells, row)
    return info.value


# --- good rows -------------------------------------------------------------------------


def test_a_payment_is_typed() -> None:
    row = parse_row({**PAYMENT, "procurement": "服务", "payee": "某公司", "memo": "办公用品"}, 2)
    assert row.kind is Kind.PAYMENT
    assert row.date == date(2024, 3, 1) and row.year == 2024
    assert row.amount == Decimal("10.00") and isinstance(row.amount, Decimal)
    assert (row.unit, row.line, row.economic, row.doc) == ("900001", "A1", "30201", "V-1")
    assert row.procurement is Procurement.SERVICES
    assert (row.payee, row.memo) == ("某公司", "办公用品")
    assert row.fund is None and row.to_line is None


def test_an_opening_is_typed() -> None:
    cells = {**OPENING, "category": "项目支出", "project": "设备购置", "project_code": "P-1",
             "unit_type": "事业单位", "unit_name": "某中心", "department": "105"}  # fmt: skip
    row = parse_row(cells, 2)
    assert row.kind is Kind.APPROPRIATION
    assert row.fund is Fund.GENERAL and row.category is Category.PROJECT
    assert row.unit_type is UnitType.PUBLIC_INSTITUTION
    assert (row.function, row.project, row.project_code) == ("2013701", "设备购置", "P-1")
    assert (row.unit_name, row.department) == ("某中心", "105")


def test_income_is_typed() -> None:
    row = parse_row(INCOME, 2)
    assert row.kind is Kind.INCOME
    assert row.fund is Fund.UNIT and row.income_type is IncomeType.OPERATING_REVENUE


@pytest.mark.parametrize(
    ("word", "kind"),
    [("支付", Kind.PAYMENT), ("追加", Kind.ADJUSTMENT), ("追减", Kind.ADJUSTMENT),
     ("退回", Kind.REVERSAL), ("结转", Kind.CLOSE), ("调剂", Kind.TRANSFER)],
)  # fmt: skip
def test_chinese_kind_words(word: str, kind: Kind) -> None:
    cells = {**BASE, "kind": word, "line": "A1"}
    extra = {
        Kind.PAYMENT: {"economic": "30201"},
        Kind.ADJUSTMENT: {"amount": "-5.00"},
        Kind.REVERSAL: {"reverses": "V-0"},
        Kind.CLOSE: {"amount": "0"},
        Kind.TRANSFER: {"to_line": "A2"},
    }[kind]
    assert parse_row({**cells, **extra}, 2).kind is kind


def test_signed_and_zero_amounts_where_the_kind_takes_them() -> None:
    adjustment = {**BASE, "kind": "adjustment", "line": "A1"}
    assert parse_row({**adjustment, "amount": "-5.50"}, 2).amount == Decimal("-5.50")
    close = {**BASE, "kind": "close", "line": "A1", "amount": "0"}
    assert parse_row(close, 2).amount == 0
    assert parse_row({**close, "line": None}, 2).line is None  # a unit-wide close


def test_a_code_missing_from_the_table_is_taken_with_its_name() -> None:
    row = parse_row({**PAYMENT, "economic": "30288", "economic_name": "新科目"}, 2)
    assert (row.economic, row.economic_name) == ("30288", "新科目")
    row = parse_row({**OPENING, "function": "2999999", "function_name": "新功能"}, 2)
    assert row.function == "2999999"


def test_the_fingerprint_is_what_the_ledger_keeps_of_the_row() -> None:
    row = parse_row(PAYMENT, 2)
    assert row.fingerprint == row.row_hash() and len(row.fingerprint) == 16
    assert parse_row({**PAYMENT, "actor": "李四"}, 9).fingerprint == row.fingerprint
    assert parse_row({**PAYMENT, "memo": "另一笔"}, 2).fingerprint != row.fingerprint
    assert parse_row({**PAYMENT, "amount": "10.01"}, 2).fingerprint != row.fingerprint


# --- each form rule refuses with its column --------------------------------------------

FORM_FAULTS = [
    ({**PAYMENT, "kind": None}, "kind", "必须填写类型"),
    ({**PAYMENT, "kind": "refund"}, "kind", "未知类型「refund」，应为 appropriation（年初批复）"),
    ({**PAYMENT, "economic": None}, "economic", "支付（payment）必须填写此列"),
    ({**PAYMENT, "doc": None}, "doc", "支付（payment）必须填写此列"),
    ({**PAYMENT, "to_line": "A2"}, "to_line", "此列不适用于支付（payment）"),
    ({**INCOME, "line": "A1"}, "line", "此列不适用于收入（income）"),
    ({**PAYMENT, "year": "24"}, "year", "预算年度应为四位数字，如 2024：「24」"),
    ({**PAYMENT, "year": "2200", "date": "2200-01-01"}, "year", "预算年度 2200 不在 1990–2100 之间"),
    ({**PAYMENT, "date": "2024/03/01"}, "date", "日期格式应为 YYYY-MM-DD：「2024/03/01」"),
    ({**PAYMENT, "date": "2024-02-30"}, "date", "不存在的日期：「2024-02-30」"),
    ({**PAYMENT, "amount": "12.345"}, "amount", "金额最多两位小数：「12.345」"),
    ({**PAYMENT, "amount": "abc"}, "amount", "金额格式不正确：「abc」"),
    ({**PAYMENT, "amount": "1,000.00"}, "amount", "千分位"),
    ({**PAYMENT, "amount": "1.5E+3"}, "amount", "科学计数法"),
    ({**PAYMENT, "unit": "900 001"}, "unit", "编码中不能有空白：「900 001」"),
    ({**PAYMENT, "line": "A\u30001"}, "line", "编码中不能有空白"),
    ({**OPENING, "fund": "中央财政"}, "fund", "「中央财政」不是有效值，应为 一般公共预算、"),
    ({**OPENING, "category": "基本支出"}, "category", "「基本支出」不是有效值"),
    ({**PAYMENT, "procurement": "租赁"}, "procurement", "「租赁」不是有效值，应为 货物、工程、服务 之一"),
    ({**OPENING, "function": "201"}, "function", "功能科目应为 7 位项级代码，如 2013701：「201」"),
    ({**OPENING, "function": "2999999"}, "function",
     "功能科目 2999999 不在代码表中；如确为有效科目，请在 function_name（功能科目名称）列给出名称"),
    ({**PAYMENT, "economic": "302"}, "economic", "经济科目应为 5 位款级代码，如 30201：「302」"),
    ({**PAYMENT, "economic": "30288"}, "economic",
     "经济科目 30288 不在代码表中；如确为有效科目，请在 economic_name（经济科目名称）列给出名称"),
    ({**PAYMENT, "doc": "凭" * 65}, "doc", "内容过长（65 个字符，最多 64 个）"),
    ({**PAYMENT, "memo": "长" * 501}, "memo", "内容过长（501 个字符，最多 500 个）"),
    ({**PAYMENT, "memo": "办公\x07用品"}, "memo", "含有控制字符"),
    ({**PAYMENT, "memo": "\udb74"}, "memo", "含有无效的 Unicode 字符"),
    ({**PAYMENT, "economic": "３０２０１"}, "economic", "全角"),
    ({**PAYMENT, "memo": "=1+1"}, "memo", "公式"),
]  # fmt: skip


@pytest.mark.parametrize(("cells", "column", "reason"), FORM_FAULTS)
def test_a_bad_cell_is_refused_in_its_column(
    cells: dict[str, str | None], column: str, reason: str
) -> None:
    err = refusal(cells)
    assert (err.row, err.column) == (7, column)
    assert reason in err.message, err.message
    assert str(err).startswith(f"第 7 行，列 {column}（"), str(err)


def test_a_form_names_only_the_column() -> None:
    err = refusal({**PAYMENT, "amount": "-1"}, row=None)
    assert str(err) == "列 amount（金额）：金额必须大于零：「-1」"


# --- the business of one row, asked in the same pass -----------------------------------

BUSINESS_FAULTS = [
    ({**PAYMENT, "amount": "0"}, "amount", "金额必须大于零：「0」"),
    ({**PAYMENT, "amount": "-10.00"}, "amount", "金额必须大于零：「-10.00」"),
    ({**BASE, "kind": "adjustment", "line": "A1", "amount": "0.00"}, "amount",
     "调整金额不能为零（追加为正，追减为负）"),
    ({**BASE, "kind": "close", "line": "A1", "amount": "-1"}, "amount", "结转金额不能为负数"),
    ({**BASE, "kind": "close", "amount": "5"}, "amount",
     "全单位年终结转（指标编号为空）不结转金额，金额须为 0"),
    ({**PAYMENT, "date": "2025-01-02"}, "date", "业务日期 2025-01-02 不在预算年度 2024 内"),
    ({**BASE, "kind": "transfer", "line": "A1", "to_line": "A1"}, "to_line", "调入指标与调出指标相同"),
    ({**OPENING, "category": "项目支出"}, "project", "项目支出指标必须填写项目名称"),
    ({**OPENING, "project": "设备购置"}, "project", "公用经费指标不应填写项目（项目仅属项目支出）"),
    ({**OPENING, "project_code": "P-1"}, "project", "公用经费指标不应填写项目（项目仅属项目支出）"),
    ({**OPENING, "category": "人员经费", "economic": "30201"}, "economic",
     "人员经费指标的经济科目须属 301 或 303 类（30201）"),
    ({**OPENING, "economic": "30101"}, "economic", "公用经费指标的经济科目不能属 301 或 303 类（30101）"),
    ({**INCOME, "fund": "政府性基金预算"}, "fund",
     "收入只记录非财政拨款资金（单位资金、财政专户管理资金）；政府性基金预算的收入由支出和结转计算，不单独记录"),
]  # fmt: skip


@pytest.mark.parametrize(("cells", "column", "reason"), BUSINESS_FAULTS)
def test_a_row_the_business_refuses(cells: dict[str, str | None], column: str, reason: str) -> None:
    err = refusal(cells)
    assert (err.row, err.column, err.message) == (7, column, reason)


def test_a_restricted_line_of_the_right_class_is_taken() -> None:
    assert (
        parse_row({**OPENING, "category": "人员经费", "economic": "30101"}, 2).economic == "30101"
    )
    assert parse_row({**OPENING, "economic": "30201"}, 2).economic == "30201"
    project = {**OPENING, "category": "项目支出", "project": "培训", "economic": "30301"}
    assert parse_row(project, 2).economic == "30301"


def test_the_form_of_every_cell_before_the_business() -> None:
    # A 人员经费 line restricted to a malformed code: refused as malformed.
    err = refusal({**OPENING, "category": "人员经费", "economic": "3020"})
    assert err.column == "economic" and "5 位款级代码" in err.message
    # Income on fiscal money from a malformed unit code: the code first.
    assert refusal({**INCOME, "fund": "一般公共预算", "unit": "9 1"}).column == "unit"


# --- properties ------------------------------------------------------------------------

FAST = settings(max_examples=150, deadline=None)


@FAST
@given(fen=st.integers(min_value=1, max_value=10**14 - 1))
def test_any_positive_amount_of_fen_reads_back_exactly(fen: int) -> None:
    text = f"{fen // 100}.{fen % 100:02d}"
    assert parse_row({**PAYMENT, "amount": text}, 2).amount == Decimal(fen) / 100


@FAST
@given(
    whole=st.integers(min_value=0, max_value=10**6),
    decimals=st.text(alphabet="0123456789", min_size=3, max_size=6),
)
def test_three_decimals_or_more_are_refused(whole: int, decimals: str) -> None:
    err = refusal({**PAYMENT, "amount": f"{whole}.{decimals}"})
    assert err.column == "amount" and "最多两位小数" in err.message


@FAST
@given(code=st.text(min_size=1, max_size=8).map(str.strip).filter(bool))
def test_an_economic_code_is_taken_only_in_its_shape(code: str) -> None:
    try:
        row = parse_row({**PAYMENT, "economic": code, "economic_name": "名称"}, 2)
    except RowError as err:
        assert err.column == "economic", str(err)
        return
    assert row.economic == code and len(code) == 5 and code.isascii() and code.isdigit()
