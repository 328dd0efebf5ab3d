"""Properties of reading values and of the self-evaluation's arithmetic, over random input."""

from __future__ import annotations

from datetime import date
from decimal import Decimal

from hypothesis import given, settings
from hypothesis import strategies as st

from ledger.domain.performance.assessment import MET, MISSED, UNDECIDED, assess, overdue
from ledger.domain.performance.evaluation import (
    IndicatorRecord,
    ProjectMoney,
    Scored,
    self_evaluation,
)
from ledger.domain.performance.values import Comparison, read_value

FAST = settings(max_examples=300, deadline=None)

# Units as documents print them; none looks like a date part (月, 季度, 日).
UNITS = ["", "%", "万元", "元", "个", "次", "人", "人/次", "平方米", "元/月/人", "小时", "套"]
OPERATORS = {"": "=", "≥": "≥", "≤": "≤", ">": ">", "<": "<", "=": "="}
# Each operator as it may be written: full-width and the ≥ variants.
SPELLINGS = {
    "≥": ["≥", "≧", "⩾", ">=", "＞＝"],
    "≤": ["≤", "≦", "⩽", "<=", "＜＝"],
    ">": [">", "＞"],
    "<": ["<", "＜"],
    "=": ["=", "＝"],
    "": [""],
}

numbers = st.decimals(min_value=0, max_value=Decimal(10) ** 12, allow_nan=False, places=4)


def _full_width(text: str) -> str:
    return "".join(chr(ord(c) + 0xFEE0) if "!" <= c <= "~" else c for c in text)


@FAST
@given(st.text())
def test_reading_never_fails(text: str) -> None:
    read_value(text)


@FAST
@given(st.text(max_size=12), st.text(max_size=12), st.integers(1900, 2100), st.dates())
def test_judging_never_fails(target: str, actual: str, year: int, on: date) -> None:
    result = assess(target, actual, year)
    assert result.status in (MET, MISSED, UNDECIDED)
    assert result.rate is None or 0 <= result.rate <= 100
    overdue(target, [actual], year, on)


@FAST
@given(st.sampled_from(list(OPERATORS)), numbers, st.sampled_from(UNITS), st.data())
def test_a_comparison_round_trips(op: str, number: Decimal, unit: str, data: st.DataObject) -> None:
    spelling = data.draw(st.sampled_from(SPELLINGS[op]))
    spaced = data.draw(st.sampled_from(["", " ", "\u3000"]))
    text = f"{spelling}{spaced}{number:f}{spaced}{unit}"
    reading = read_value(text)
    assert reading == Comparison(OPERATORS[op], number, unit)
    assert reading.number == number and str(reading.number) == f"{number:f}"


@FAST
@given(st.sampled_from(list(OPERATORS)), numbers, st.sampled_from(UNITS))
def test_full_width_reads_like_half_width(op: str, number: Decimal, unit: str) -> None:
    text = f"{op}{number:f}{unit}"
    assert read_value(_full_width(text)) == read_value(text)


@FAST
@given(st.text(alphabet=st.characters(codec="ascii") | st.sampled_from("年月日前至季度份底初")))
def test_any_text_in_full_width_reads_as_in_half_width(text: str) -> None:
    assert read_value(_full_width(text)) == read_value(text)


points = st.decimals(min_value=0, max_value=100, places=2)


@st.composite
def evaluations(draw: st.DrawFn) -> tuple[ProjectMoney, list[IndicatorRecord], Decimal]:
    budget = draw(st.integers(0, 10**12))
    money = ProjectMoney(draw(st.integers(0, 10**12)), budget, draw(st.integers(0, 10**12)))
    records = []
    for _ in range(draw(st.integers(0, 20))):
        scored = None
        if draw(st.booleans()):
            weight = draw(points | st.none())
            score = None if weight is None else draw(st.none() | st.decimals(0, weight, places=2))
            scored = Scored(draw(st.sampled_from(["≥3次", "2次", "达成预期"])), weight, score, "")
        target = draw(st.sampled_from(["≥3次", "≤5万元", "提高", ""]))
        records.append(IndicatorRecord("产出指标", "数量指标", "某指标", target, target, scored))
    return money, records, draw(points)


@FAST
@given(evaluations())
def test_total_is_execution_score_plus_scores_and_grades_follow_the_bands(
    case: tuple[ProjectMoney, list[IndicatorRecord], Decimal],
) -> None:
    money, records, weight = case
    got = self_evaluation(money, records, year=2024, execution_weight=weight)
    scores = [Decimal(i["得分"]) for i in got["指标"] if i["得分"] is not None]
    rate_score = Decimal(got["执行率得分"] or 0)
    total = Decimal(got["总分"])
    assert total == rate_score + sum(scores, Decimal(0))
    assert rate_score <= weight
    band = "优" if total >= 90 else "良" if total >= 80 else "中" if total >= 60 else "差"
    assert got["等级"] == band
    assert (got["执行率"] is None) == (money.budget == 0)
    kinds = [f["类型"] for f in got["提示"]]
    weights = sum((r.evaluation.weight or 0 for r in records if r.evaluation), Decimal(0))
    assert ("权重合计不为100" in kinds) == (weights + weight != 100)
    assert kinds.count("未评价") == sum(r.evaluation is None for r in records)
