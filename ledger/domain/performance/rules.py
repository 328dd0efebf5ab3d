"""The rules a performance row must meet on its own (its levels, dates and cells), with
the journal column at fault. The rules that need the project's history are the
aggregate's (``project.py``)."""

from __future__ import annotations

from datetime import date
from decimal import Decimal

from ledger.domain.errors import LedgerError
from ledger.domain.performance.levels import EXECUTION_RATE, LEVEL1, IndicatorKey, key_of

_CENT = Decimal("0.01")


def key(level1: str, level2: str, indicator: str, *, evaluation: bool = False) -> IndicatorKey:
    """The indicator a row names. 预算执行率 is a level1 only on an evaluation."""
    found = key_of(level1, level2, indicator)
    if found.is_goal:
        return found
    if found.level1 == EXECUTION_RATE and evaluation:
        if found.level2 or found.indicator:
            column = "level2" if found.level2 else "indicator"
            raise LedgerError("预算执行率一项不填二级、三级指标", column=column)
        return found
    if not found.level1:
        raise LedgerError("须填写一级指标", column="level1")
    if found.level1 not in LEVEL1:
        where = "；预算执行率只用于绩效自评" if found.level1 == EXECUTION_RATE else ""
        raise LedgerError(
            f"一级指标须为 {'、'.join(LEVEL1)} 之一，不能是「{found.level1}」{where}",
            column="level1",
        )
    if not found.level2:
        raise LedgerError("须填写二级指标", column="level2")
    return found


def require_in_year(on: date, year: int) -> None:
    if on.year != year:
        raise LedgerError(f"业务日期 {on} 不在预算年度 {year} 内", column="date")


def require_evaluation_date(on: date, year: int) -> None:
    """A self-evaluation may be dated up to the end of the following year."""
    if not year <= on.year <= year + 1:
        raise LedgerError(f"绩效自评日期 {on} 须在 {year} 年或 {year + 1} 年内", column="date")


def require_text(text: str, column: str, what: str) -> None:
    if not text.strip():
        raise LedgerError(f"须填写{what}", column=column)


def require_evaluation_cells(
    found: IndicatorKey,
    target: str,
    actual: str,
    weight: Decimal | None,
    score: Decimal | None,
) -> None:
    """What an evaluation row of each sort may hold."""
    if found.is_goal:  # the 实际完成情况
        _require_blank(target=target, weight=weight, score=score, why="实际完成情况一行")
        require_text(actual, "actual", "实际完成情况")
        return
    if found.level1 == EXECUTION_RATE:
        _require_blank(target=target, actual=actual, why="预算执行率一项")
        if score is not None:
            raise LedgerError("预算执行率的得分由执行率计算，不填写", column="score")
        if weight is None:
            raise LedgerError("预算执行率一项须填写分值", column="weight")
        _require_points(weight, "weight", "分值")
        return
    if weight is not None:
        _require_points(weight, "weight", "分值")
    if score is not None:
        _require_points(score, "score", "得分")
        if weight is None:
            raise LedgerError("有得分须有分值", column="weight")
        if score > weight:
            raise LedgerError(f"得分 {score} 超过分值 {weight}", column="score")


def require_evaluable(current: str | None, target: str) -> None:
    """An indicator is evaluated against its target: one set before, or given on the row
    (and then, if one was set, the same)."""
    if current is None:
        if not target.strip():
            raise LedgerError("该指标尚未设定绩效目标，自评须在本行填写指标值", column="target")
    elif target and target != current:
        raise LedgerError(
            f"本行指标值「{target}」与该指标现行目标「{current}」不同；调整目标请用调整绩效目标",
            column="target",
        )


def _require_points(value: Decimal, column: str, what: str) -> None:
    if not value.is_finite() or value < 0 or value != value.quantize(_CENT):
        raise LedgerError(f"{what}须为不小于 0、最多两位小数的数：{value}", column=column)


def _require_blank(why: str, **cells: object) -> None:
    for column, value in cells.items():
        if value not in (None, ""):
            raise LedgerError(f"{why}不填{_LABELS[column]}", column=column)


_LABELS = {"target": "指标值", "actual": "实际完成值", "weight": "分值", "score": "得分"}
