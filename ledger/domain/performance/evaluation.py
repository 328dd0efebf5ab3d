"""A project's self-evaluation (项目支出绩效自评), from plain values (domain.md, *Performance*).

Money comes in as integer fen (the ledger's fold of the project's lines: 年初预算数 = their
appropriations, 全年预算数 = their 全年预算, 全年执行数 = their 执行数), and leaves as 万元
strings rounded half-up once. Scores are the evaluator's: recorded, never invented; the
arithmetic around them is the ledger's, and what the print deserves is flagged (提示),
never refused.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from decimal import ROUND_HALF_UP, Decimal
from typing import Any

from ledger.domain.performance.assessment import MET, MISSED, assess
from ledger.domain.performance.levels import DEFAULT_EXECUTION_WEIGHT, label
from ledger.money import ratio_percent, two, wan

HUNDRED = Decimal(100)
ZERO = Decimal(0)
_CENT = Decimal("0.01")

# 提示 types, exactly as the reports print them.
WEIGHTS_NOT_100 = "权重合计不为100"
EXECUTION_WEIGHT_NOT_10 = "执行率分值不为10"
MISSED_FULL_SCORE = "未达成但满分"
MET_ZERO_SCORE = "已达成但零分"
NOT_EVALUATED = "未评价"
ZERO_BUDGET = "全年预算为零"

# 等级 bands, highest first: 优 ≥ 90, 良 ≥ 80, 中 ≥ 60, 差 below.
GRADES = ((Decimal(90), "优"), (Decimal(80), "良"), (Decimal(60), "中"))
LOWEST_GRADE = "差"


@dataclass(frozen=True)
class ProjectMoney:
    """The project's money, in fen."""

    initial: int  # 年初预算数
    budget: int  # 全年预算数
    spent: int  # 全年执行数


@dataclass(frozen=True)
class Scored:
    """An indicator's self-evaluation as recorded (``score`` None: not scored, counts 0)."""

    actual: str
    weight: Decimal | None
    score: Decimal | None
    reason: str


@dataclass(frozen=True)
class IndicatorRecord:
    """An indicator as the evaluation sees it: its targets and its evaluation, if any."""

    level1: str
    level2: str  # as printed
    indicator: str
    initial_target: str  # 年初指标值, as approved ("" when blank)
    target: str  # 年度指标值, as revised
    evaluation: Scored | None  # None: never evaluated


def execution_rate(money: ProjectMoney) -> Decimal | None:
    """执行率 in percent, half-up to two places; None when 全年预算数 is 0."""
    return ratio_percent(money.spent, money.budget)


def execution_score(weight: Decimal, rate: Decimal | None) -> Decimal | None:
    """执行率得分 = 分值 × min(执行率, 100) / 100, from the rounded rate, half-up."""
    if rate is None:
        return None
    return (weight * min(rate, HUNDRED) / HUNDRED).quantize(_CENT, rounding=ROUND_HALF_UP)


def grade(total: Decimal) -> str:
    """等级 of a 总分: 优 ≥ 90, 良 ≥ 80, 中 ≥ 60, 差 below."""
    return next((name for floor, name in GRADES if total >= floor), LOWEST_GRADE)


def self_evaluation(
    money: ProjectMoney,
    indicators: Sequence[IndicatorRecord],
    *,
    year: int,
    goal: str = "",
    outcome: str = "",
    execution_weight: Decimal = Decimal(DEFAULT_EXECUTION_WEIGHT),
) -> dict[str, Any]:
    """One project of the final accounts' ``绩效自评`` block. ``year`` is the budget year
    (for targets that are dates without one); ``goal`` the 年度目标, ``outcome`` the
    实际完成情况."""
    rate = execution_rate(money)
    rate_score = execution_score(execution_weight, rate)
    rows = [_indicator(record, year) for record in indicators]
    total = (rate_score or ZERO) + sum(
        (r.evaluation.score or ZERO for r in indicators if r.evaluation), ZERO
    )
    return {
        "年初预算数": _wan(money.initial),
        "全年预算数": _wan(money.budget),
        "全年执行数": _wan(money.spent),
        "执行率": two(rate),
        "执行率分值": two(execution_weight),
        "执行率得分": two(rate_score),
        "年度目标": goal,
        "实际完成情况": outcome,
        "指标": rows,
        "总分": two(total),
        "等级": grade(total),
        "提示": _flags(money, indicators, rows, execution_weight),
    }


def _wan(fen: int) -> str:
    return f"{wan(fen):.2f}"


def _indicator(record: IndicatorRecord, year: int) -> dict[str, Any]:
    scored = record.evaluation
    actual = scored.actual if scored else ""
    return {
        "一级指标": record.level1,
        "二级指标": record.level2,
        "三级指标": record.indicator,
        "年初指标值": record.initial_target,
        "年度指标值": record.target,
        "实际完成值": actual,
        "分值": two(scored.weight) if scored else None,
        "得分": two(scored.score) if scored else None,
        "偏差原因": scored.reason if scored else "",
        "完成情况": assess(record.target, actual, year).status,
    }


def _flags(
    money: ProjectMoney,
    indicators: Sequence[IndicatorRecord],
    rows: list[dict[str, Any]],
    execution_weight: Decimal,
) -> list[dict[str, str]]:
    flags: list[dict[str, str]] = []

    def flag(kind: str, text: str) -> None:
        flags.append({"类型": kind, "说明": text})

    if money.budget == 0:
        flag(ZERO_BUDGET, "全年预算数为 0，执行率无法计算，执行率得分按 0 计")
    if execution_weight != DEFAULT_EXECUTION_WEIGHT:
        flag(EXECUTION_WEIGHT_NOT_10, f"预算执行率分值为 {execution_weight:.2f}，不为 10.00")
    weights = sum((r.evaluation.weight or ZERO for r in indicators if r.evaluation), ZERO)
    if weights + execution_weight != HUNDRED:
        flag(
            WEIGHTS_NOT_100,
            f"指标分值合计 {weights:.2f}，加预算执行率分值 {execution_weight:.2f}，"
            f"共 {weights + execution_weight:.2f}",
        )
    for record, row in zip(indicators, rows, strict=True):
        name = label(record.level2, record.indicator)
        scored = record.evaluation
        if scored is None:
            flag(NOT_EVALUATED, f"{name}：已设绩效目标（{record.target or '指标值空白'}），未自评")
            continue
        if scored.score is None or not scored.weight:
            continue  # not scored, or worth nothing: neither full nor zero says anything
        values = f"{name}：年度指标值 {record.target}，实际完成值 {scored.actual}"
        if row["完成情况"] == MISSED and scored.score == scored.weight:
            flag(MISSED_FULL_SCORE, f"{values}，未达成，得分 {scored.score:.2f} = 分值")
        elif row["完成情况"] == MET and scored.score == 0:
            flag(MET_ZERO_SCORE, f"{values}，已达成，得分 0.00")
    return flags
