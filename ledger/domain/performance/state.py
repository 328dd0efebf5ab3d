"""What a project's performance facts add up to: its 年度目标, indicators (targets,
progress, evaluation), 实际完成情况 and 执行率 weight, and what it answers as of a date.

One fold for both sides: the aggregate's events apply through it, and the read side folds
the same facts from its table through it, so a report and the aggregate cannot disagree.
"""

from __future__ import annotations

from datetime import date
from decimal import Decimal
from typing import Any

from ledger.domain.performance.assessment import overdue
from ledger.domain.performance.evaluation import ProjectMoney, Scored, self_evaluation
from ledger.domain.performance.indicator import Dated, Indicator, latest
from ledger.domain.performance.levels import (
    DEFAULT_EXECUTION_WEIGHT,
    EXECUTION_RATE,
    IndicatorKey,
    key_of,
)


class ProjectState:
    def __init__(self, year: int) -> None:
        self.year = year
        self.goals: list[Dated] = []  # 年度目标: as approved first, then revisions
        self.outcome: str | None = None  # 实际完成情况
        self.execution_weight: Decimal | None = None  # 预算执行率 分值, when set
        self.indicators: dict[IndicatorKey, Indicator] = {}  # in the order first recorded

    # --- the facts, one method per kind ------------------------------------------------

    def target_set(self, level1: str, level2: str, indicator: str, on: date, text: str) -> None:
        if key_of(level1, level2, indicator).is_goal:
            self.goals.append(Dated(on, text))
        else:
            found = self._indicator(level1, level2, indicator)
            found.targeted = True
            found.targets.insert(0, Dated(on, text))

    def target_revised(self, level1: str, level2: str, indicator: str, on: date, text: str) -> None:
        key = key_of(level1, level2, indicator)
        if key.is_goal:
            self.goals.append(Dated(on, text))
        else:
            self.indicators[key].targets.append(Dated(on, text))

    def observed(self, level1: str, level2: str, indicator: str, on: date, text: str) -> None:
        self.indicators[key_of(level1, level2, indicator)].progress.append(Dated(on, text))

    def evaluated(
        self, level1: str, level2: str, indicator: str, on: date, target: str, scored: Scored
    ) -> None:
        key = key_of(level1, level2, indicator)
        if key.is_goal:
            self.outcome = scored.actual
        elif key.level1 == EXECUTION_RATE:
            self.execution_weight = scored.weight
        else:
            found = self._indicator(level1, level2, indicator)
            if not found.targets and target:
                found.targets.append(Dated(on, target))
            found.evaluation = scored

    def _indicator(self, level1: str, level2: str, indicator: str) -> Indicator:
        key = key_of(level1, level2, indicator)
        found = self.indicators.get(key)
        if found is None:
            found = self.indicators[key] = Indicator(level1, level2, indicator)
        return found

    # --- what the project knows, as of a date ------------------------------------------

    @property
    def goal(self) -> str:
        """The 年度目标 in force last ("" when none)."""
        found = latest(self.goals, None)
        return found.text if found else ""

    def goal_at(self, on: date) -> str | None:
        """The 年度目标 in force on ``on``; None before it was set."""
        found = latest(self.goals, on)
        return found.text if found else None

    @property
    def approved_goal(self) -> str:
        return self.goals[0].text if self.goals else ""

    def indicator(self, level1: str, level2: str, indicator: str) -> Indicator | None:
        return self.indicators.get(key_of(level1, level2, indicator))

    def approved(self) -> list[Indicator]:
        """The indicators as approved (targeted, in order), for the budget's 绩效目标表."""
        return [i for i in self.indicators.values() if i.targeted]

    def is_overdue(self, level1: str, level2: str, indicator: str, on: date) -> bool:
        """双监控: the target in force on ``on`` is a passed date no progress meets."""
        found = self.indicator(level1, level2, indicator)
        if found is None or (target := found.target_at(on)) is None:
            return False
        return overdue(target, [p.text for p in found.progress_until(on)], self.year, on)

    def self_evaluation(self, money: ProjectMoney) -> dict[str, Any]:
        """This project's block of the final accounts' 绩效自评, with the ledger's money."""
        weight = self.execution_weight
        return self_evaluation(
            money,
            [i.record() for i in self.indicators.values()],
            year=self.year,
            goal=self.goal,
            outcome=self.outcome or "",
            execution_weight=Decimal(DEFAULT_EXECUTION_WEIGHT) if weight is None else weight,
        )
