"""Every distinct target and actual printed in the two examples' performance rows, with how
it reads by domain.md's rules (written out by hand), and how pairs of them are judged."""

from __future__ import annotations

import csv
from datetime import date
from decimal import Decimal
from pathlib import Path

import pytest

from ledger.domain.performance.assessment import (
    MET,
    MISSED,
    UNDECIDED,
    assess,
    overdue,
)
from ledger.domain.performance.values import (
    Comparison,
    Deadline,
    Qualitative,
    Reading,
    read_value,
)

EXAMPLES = Path(__file__).resolve().parents[2] / "examples"


def C(op: str, number: str, unit: str = "") -> Comparison:
    return Comparison(op, Decimal(number), unit)


def D(month: int, year: int | None = None, day: int | None = None) -> Deadline:
    return Deadline(month, year, day)


COMPARISONS: dict[str, Comparison] = {
    # No operator: =.
    "0.625万元/矿": C("=", "0.625", "万元/矿"),
    "1%": C("=", "1", "%"),
    "100%": C("=", "100", "%"),
    "1000元/月": C("=", "1000", "元/月"),
    "100元/人/次": C("=", "100", "元/人/次"),
    "10人": C("=", "10", "人"),
    "10台": C("=", "10", "台"),
    "11个": C("=", "11", "个"),
    "13人": C("=", "13", "人"),
    "17人": C("=", "17", "人"),
    "1个": C("=", "1", "个"),
    "1人": C("=", "1", "人"),
    "1套": C("=", "1", "套"),
    "1次": C("=", "1", "次"),
    "1辆": C("=", "1", "辆"),
    "1部": C("=", "1", "部"),
    "21家": C("=", "21", "家"),
    "25座": C("=", "25", "座"),
    "40座": C("=", "40", "座"),
    "4个": C("=", "4", "个"),
    "4台": C("=", "4", "台"),
    "7200元/人/年": C("=", "7200", "元/人/年"),
    "80人": C("=", "80", "人"),
    # =.
    "=100%": C("=", "100", "%"),
    "=1个": C("=", "1", "个"),
    "=1家": C("=", "1", "家"),
    "=3份": C("=", "3", "份"),
    # ≤.
    "≤0.15万元/人": C("≤", "0.15", "万元/人"),
    "≤0.4万元/台": C("≤", "0.4", "万元/台"),
    "≤0.85万元/台": C("≤", "0.85", "万元/台"),
    "≤0万元": C("≤", "0", "万元"),
    "≤100%": C("≤", "100", "%"),
    "≤10万元": C("≤", "10", "万元"),
    "≤12万元": C("≤", "12", "万元"),
    "≤140万元": C("≤", "140", "万元"),
    "≤15万元": C("≤", "15", "万元"),
    "≤18万元": C("≤", "18", "万元"),
    "≤218万元": C("≤", "218", "万元"),
    "≤22.35万元": C("≤", "22.35", "万元"),
    "≤23.79万元": C("≤", "23.79", "万元"),
    "≤240次": C("≤", "240", "次"),
    "≤24小时": C("≤", "24", "小时"),
    "≤2万元": C("≤", "2", "万元"),
    "≤3.43万元": C("≤", "3.43", "万元"),
    "≤3.5万元": C("≤", "3.5", "万元"),
    "≤3.6万元/人/年": C("≤", "3.6", "万元/人/年"),
    "≤3.97万元": C("≤", "3.97", "万元"),
    "≤30万元": C("≤", "30", "万元"),
    "≤350平方米": C("≤", "350", "平方米"),
    "≤39.9万元": C("≤", "39.9", "万元"),
    "≤3万元/人/年": C("≤", "3", "万元/人/年"),
    "≤4.91万元": C("≤", "4.91", "万元"),
    "≤4.97万元/人/年": C("≤", "4.97", "万元/人/年"),
    "≤4000元/月/人": C("≤", "4000", "元/月/人"),
    "≤400人": C("≤", "400", "人"),
    "≤400元/人/天": C("≤", "400", "元/人/天"),
    "≤40万元": C("≤", "40", "万元"),
    "≤42万元": C("≤", "42", "万元"),
    "≤5.37万元": C("≤", "5.37", "万元"),
    "≤59万元": C("≤", "59", "万元"),
    "≤5万元": C("≤", "5", "万元"),
    "≤5人": C("≤", "5", "人"),
    "≤69万元": C("≤", "69", "万元"),
    "≤6万元": C("≤", "6", "万元"),
    "≤7.2万元": C("≤", "7.2", "万元"),
    "≤750平方米": C("≤", "750", "平方米"),
    "≤8.5万元": C("≤", "8.5", "万元"),
    "≤9.77万元": C("≤", "9.77", "万元"),
    "≤9.99万元": C("≤", "9.99", "万元"),
    # ≥.
    "≥1%": C("≥", "1", "%"),
    "≥100%": C("≥", "100", "%"),
    "≥10000个": C("≥", "10000", "个"),
    "≥1000份": C("≥", "1000", "份"),
    "≥100箱": C("≥", "100", "箱"),
    "≥10人/次": C("≥", "10", "人/次"),
    "≥10套": C("≥", "10", "套"),
    "≥10条": C("≥", "10", "条"),
    "≥1个": C("≥", "1", "个"),
    "≥1人": C("≥", "1", "人"),
    "≥1人/次": C("≥", "1", "人/次"),
    "≥1份": C("≥", "1", "份"),
    "≥1册": C("≥", "1", "册"),
    "≥1次": C("≥", "1", "次"),
    "≥1部": C("≥", "1", "部"),
    "≥200人": C("≥", "200", "人"),
    "≥20台": C("≥", "20", "台"),
    "≥25人": C("≥", "25", "人"),
    "≥25条": C("≥", "25", "条"),
    "≥2人": C("≥", "2", "人"),
    "≥2次": C("≥", "2", "次"),
    "≥30人次": C("≥", "30", "人次"),
    "≥350人": C("≥", "350", "人"),
    "≥350平方米": C("≥", "350", "平方米"),
    "≥3份": C("≥", "3", "份"),
    "≥3小时": C("≥", "3", "小时"),
    "≥3次": C("≥", "3", "次"),
    "≥3版": C("≥", "3", "版"),
    "≥4小时": C("≥", "4", "小时"),
    "≥500人": C("≥", "500", "人"),
    "≥50个": C("≥", "50", "个"),
    "≥50人/次": C("≥", "50", "人/次"),
    "≥50人次": C("≥", "50", "人次"),
    "≥5个": C("≥", "5", "个"),
    "≥5批次": C("≥", "5", "批次"),
    "≥5条": C("≥", "5", "条"),
    "≥6人": C("≥", "6", "人"),
    "≥7次": C("≥", "7", "次"),
    "≥80%": C("≥", "80", "%"),
    "≥800人": C("≥", "800", "人"),
    "≥8次": C("≥", "8", "次"),
    "≥90%": C("≥", "90", "%"),
    "≥95%": C("≥", "95", "%"),
    "≥96%": C("≥", "96", "%"),
    "≥98%": C("≥", "98", "%"),
    "≥99%": C("≥", "99", "%"),
}

DATES: dict[str, Deadline] = {
    "10月份": D(10),
    "10月前": D(10),
    "11月份": D(11),
    "11月前": D(11),
    "12月": D(12),
    "12月前": D(12),
    "1至12月": D(12),  # a period reads as its end
    "2024年12月": D(12, 2024),
    "2024年12月12日": D(12, 2024, 12),
    "2024年1至10月": D(10, 2024),
    "2024年1至12月": D(12, 2024),
    "2024年5月之前": D(5, 2024),
    "2024年9月10日至12日": D(9, 2024, 12),
    "2024年9月11日": D(9, 2024, 11),
    "2至3季度": D(9),  # the third quarter ends in September
    "3月份": D(3),
    "3月至6月底前": D(6),
    "6月": D(6),
    "6月份": D(6),
    "7月份": D(7),
    "8月份": D(8),
    "8月初前": D(8, day=1),
    "9月份": D(9),
}

# Qualitative: words; numbers in Chinese (一个); placeholders with no number (≤平方米, =份);
# a value behind a dash (—1人: not a comparison, see performance-expected.json's about);
# a recurring month (每年九月) is not a date of the year.
QUALITATIVE = [
    "=%", "=个", "=份", "=家",
    "—%", "—100%", "—1人", "—1次", "—2家", "—7天", "—95%", "—96%", "—人", "—天", "—家", "—次",
    "≤%", "≤万元", "≤元/月/人", "≤小时", "≤平方米",
    "≥%", "≥个", "≥人", "≥人次", "≥份", "≥台", "≥小时", "≥次", "≥箱",
    "一个", "一家", "一批", "便捷", "促进", "保障", "全年", "加强", "加快", "及时", "合理", "增强",
    "完善", "推进", "提升", "提高", "每年九月", "每月", "确保", "符合", "良好", "落实", "规范",
    "解决", "达成预期", "达成预期指标", "部分达成预期指标",
]  # fmt: skip

TABLE: dict[str, Reading] = {
    **COMPARISONS,
    **DATES,
    **{text: Qualitative(text) for text in QUALITATIVE},
}


def _printed_values() -> set[str]:
    """Every distinct target and actual of an indicator row in the two examples."""
    found: set[str] = set()
    sources = (
        ("changzhi-cac-2024/performance.csv", ("target", "actual")),
        ("jincheng-energy-2025/journal.csv", ("target",)),
    )
    for name, columns in sources:
        with open(EXAMPLES / name, encoding="utf-8-sig", newline="") as f:
            for row in csv.DictReader(f):
                if not (row["level1"] or row["level2"] or row["indicator"]):
                    continue  # money rows, 年度目标 and 实际完成情况
                if row["level1"] == "预算执行率":
                    continue
                found.update(row[c] for c in columns if row[c])
    return found


def test_the_table_holds_every_value_the_examples_print() -> None:
    assert len(TABLE) == len(COMPARISONS) + len(DATES) + len(QUALITATIVE)  # no text twice
    assert set(TABLE) == _printed_values()


@pytest.mark.parametrize(("text", "reading"), list(TABLE.items()))
def test_each_printed_value_reads_as_the_rules_say(text: str, reading: Reading) -> None:
    assert read_value(text) == reading


@pytest.mark.parametrize(
    ("text", "reading"),
    [
        ("≥ 90 %", C("≥", "90", "%")),  # spaces ignored
        ("＞＝８０．５％", C("≥", "80.5", "%")),  # full-width
        ("≧5次", C("≥", "5", "次")),
        ("≦5次", C("≤", "5", "次")),
        ("⩾5次", C("≥", "5", "次")),
        ("<=18万元", C("≤", "18", "万元")),
        ("＜3天", C("<", "3", "天")),
        ("＝1套", C("=", "1", "套")),
        ("12", C("=", "12")),
        ("12月31日前", D(12, day=31)),
        ("2025年6月底前", D(6, 2025)),
        ("9月完成", D(9)),
        ("2024年3月15日完成", D(3, 2024, 15)),
        ("第4季度", D(12)),
        ("有效保障", Qualitative("有效保障")),
        ("", Qualitative("")),
        ("2月30日", Qualitative("2月30日")),  # not a date
        ("1.2.3个", Qualitative("1.2.3个")),
    ],
)
def test_forms_beyond_the_examples(text: str, reading: Reading) -> None:
    assert read_value(text) == reading


@pytest.mark.parametrize(
    ("target", "actual", "status", "rate"),
    [
        ("≥90%", "95%", MET, "100.00"),  # capped
        ("≥90%", "81%", MISSED, "90.00"),
        ("≥7次", "≥2次", MISSED, "28.57"),  # an actual's operator is dropped
        (">80%", ">80%", MET, "100.00"),  # a strict actual is just past its number
        ("≥85%", ">80%", MISSED, "94.12"),
        (">80%", "80%", MISSED, "100.00"),
        ("<5天", "<5天", MET, "100.00"),
        ("≤5天", "<5天", MET, "100.00"),
        ("<5天", "5天", MISSED, "100.00"),
        ("≤30万元", "≤39.9万元", MISSED, "75.19"),  # target / actual
        ("≤30万元", "≤0万元", MET, "100.00"),  # nothing spent: met, in full
        ("=3份", "=3份", MET, "100.00"),
        ("=3份", "2份", MISSED, "66.67"),
        ("=100%", ">100%", MISSED, "100.00"),  # just past is not equal
        ("1%", "100%", MISSED, "100.00"),
        ("≥0个", "0个", MET, "100.00"),
        ("≥90%", "95", UNDECIDED, None),  # units differ
        ("≤5万元", "≤30000元", UNDECIDED, None),  # no conversion between units
        ("—100%", "—96%", UNDECIDED, None),
        ("提高", "达成预期指标", UNDECIDED, None),
        ("10月前", "9月完成", MET, None),
        ("10月前", "10月完成", MET, None),  # not later
        ("10月前", "11月完成", MISSED, None),
        ("12月31日前", "2024年12月31日", MET, None),
        ("2024年9月11日", "2024年9月12日", MISSED, None),
        ("8月初前", "8月完成", MET, None),  # a month against a day: by the month
        ("6月", "2025年1月", MISSED, None),  # the next year is later
        ("2024年12月", "达成预期", UNDECIDED, None),
        ("≥3次", "", UNDECIDED, None),
    ],
)
def test_met_or_not(target: str, actual: str, status: str, rate: str | None) -> None:
    result = assess(target, actual, 2024)
    assert result.status == status
    assert result.rate == (None if rate is None else Decimal(rate))


def test_a_deadline_is_overdue_once_passed_with_no_progress_meeting_it() -> None:
    assert not overdue("6月底前", [], 2024, date(2024, 6, 30))
    assert overdue("6月底前", [], 2024, date(2024, 7, 1))
    assert overdue("6月底前", ["推进中", "7月完成"], 2024, date(2024, 7, 15))
    assert not overdue("6月底前", ["推进中", "5月完成"], 2024, date(2024, 7, 1))
    assert not overdue("2024年9月11日", [], 2024, date(2024, 9, 11))
    assert overdue("2024年9月11日", [], 2024, date(2024, 9, 12))
    assert overdue("8月初前", [], 2024, date(2024, 8, 2))
    assert not overdue("≥3次", [], 2024, date(2025, 1, 1))  # only dates fall due
    assert not overdue("提高", [], 2024, date(2025, 1, 1))
