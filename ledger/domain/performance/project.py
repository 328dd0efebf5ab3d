"""One project's performance in a unit's year (预算绩效): the consistency boundary for its
targets, in-year progress and self-evaluation.

The events are the journal's four performance kinds, one event per row, so that the history
exports back row for row: ``TargetSet`` (target), ``TargetRevised`` (target_revision),
``ProgressObserved`` (progress) and ``Evaluated`` (evaluation). Levels are kept as printed.
On a ``TargetSet``/``TargetRevised`` with all three levels empty, ``target`` is the project's
年度目标; on an ``Evaluated`` with all three empty, ``actual`` is its 实际完成情况, and with
level1 预算执行率, ``weight`` is the 执行率 item's 分值.
"""

from __future__ import annotations

from datetime import date
from decimal import Decimal
from typing import Any
from uuid import UUID

from eventsourcing.domain import Aggregate

from ledger.domain.errors import ConflictingRow, LedgerError
from ledger.domain.facts import Fact, QuickEvents
from ledger.domain.performance import rules
from ledger.domain.performance.evaluation import Scored
from ledger.domain.performance.ids import performance_id, row_key
from ledger.domain.performance.indicator import Indicator
from ledger.domain.performance.levels import EXECUTION_RATE, IndicatorKey, key_of
from ledger.domain.performance.state import ProjectState

TARGET, REVISION, PROGRESS, EVALUATION = "target", "target_revision", "progress", "evaluation"


class ProjectPerformance(QuickEvents, ProjectState, Aggregate):
    class Opened(Aggregate.Created):
        unit: str
        year: int
        project: str  # the project code, or the name of a project without one
        effective_date: date
        doc: str
        actor: str

    @classmethod
    def create(cls, **fields: Any) -> Any:
        """Create with the fields of the Opened event (``timestamp`` included)."""
        return cls._create(cls.Opened, **fields)

    @staticmethod
    def create_id(unit: str, year: int, project: str) -> UUID:
        return performance_id(unit, year, project)

    def __init__(self, unit: str, year: int, project: str, **provenance: Any) -> None:
        ProjectState.__init__(self, year)
        self.unit = unit
        self.project = project
        self.rows: dict[str, str] = {}  # row identity → content hash

    # --- commands: one per journal kind; False when the same fact is already recorded ---

    def set_target(
        self, level1: str, level2: str, indicator: str, target: str, **fact: Any
    ) -> bool:
        """A ``target`` row: an indicator's target, or (levels empty) the 年度目标."""
        key = rules.key(level1, level2, indicator)
        if self._already(TARGET, key, fact):
            return False
        rules.require_in_year(fact["effective_date"], self.year)
        if key.is_goal:
            rules.require_text(target, "target", "年度目标")
            if self.goals:
                return self._same_or_refuse(self.goals[0].text, target, "年度目标")
        elif (known := self.indicators.get(key)) is not None and known.targeted:
            return self._same_or_refuse(known.approved, target, f"指标「{_name(key)}」的目标")
        self.trigger_event(
            self.TargetSet, level1=level1, level2=level2, indicator=indicator, target=target,
            **fact,
        )  # fmt: skip
        return True

    def revise_target(
        self, level1: str, level2: str, indicator: str, target: str, reason: str, **fact: Any
    ) -> bool:
        """A ``target_revision`` row: the target from the row's date on."""
        key = rules.key(level1, level2, indicator)
        if self._already(REVISION, key, fact):
            return False
        on = fact["effective_date"]
        rules.require_in_year(on, self.year)
        rules.require_text(target, "target", "调整后的指标值")
        history = self.goals if key.is_goal else self._targeted(key, "调整绩效目标").targets
        if not history:
            raise LedgerError("尚未设定年度目标，不能调整", column="target")
        if on < history[0].on:
            raise LedgerError(f"调整日期 {on} 早于目标设定日期 {history[0].on}", column="date")
        self.trigger_event(
            self.TargetRevised, level1=level1, level2=level2, indicator=indicator, target=target,
            reason=reason, **fact,
        )  # fmt: skip
        return True

    def observe(self, level1: str, level2: str, indicator: str, actual: str, **fact: Any) -> bool:
        """A ``progress`` row: the indicator's actual as observed on the row's date."""
        key = rules.key(level1, level2, indicator)
        if self._already(PROGRESS, key, fact):
            return False
        if key.is_goal:
            raise LedgerError("绩效监控须指明指标（一级、二级指标）", column="level1")
        rules.require_in_year(fact["effective_date"], self.year)
        rules.require_text(actual, "actual", "实际完成值")
        self._targeted(key, "绩效监控")
        self.trigger_event(
            self.ProgressObserved, level1=level1, level2=level2, indicator=indicator,
            actual=actual, **fact,
        )  # fmt: skip
        return True

    def evaluate(
        self,
        level1: str,
        level2: str,
        indicator: str,
        target: str,
        actual: str,
        weight: Decimal | None,
        score: Decimal | None,
        reason: str,
        **fact: Any,
    ) -> bool:
        """An ``evaluation`` row. A key is evaluated once: the same evaluation again is
        already recorded, a different one refused."""
        key = rules.key(level1, level2, indicator, evaluation=True)
        if self._already(EVALUATION, key, fact):
            return False
        rules.require_evaluation_date(fact["effective_date"], self.year)
        rules.require_evaluation_cells(key, target, actual, weight, score)
        if (known := self._evaluated(key)) is not None:
            self._same_evaluation(known, (target, actual, weight, score, reason))
            return False
        if not key.is_goal and key.level1 != EXECUTION_RATE:
            current = self.indicators.get(key)
            rules.require_evaluable(current.target if current else None, target)
        self.trigger_event(
            self.Evaluated, level1=level1, level2=level2, indicator=indicator, target=target,
            actual=actual, weight=weight, score=score, reason=reason, **fact,
        )  # fmt: skip
        return True

    # --- rules that need the history ----------------------------------------------------

    def _already(self, kind: str, key: IndicatorKey, fact: dict[str, Any]) -> bool:
        """The row was recorded before (same identity, same content); refuses a row that
        reuses an identity with other content."""
        row_hash = fact.get("row_hash")
        if row_hash is None:
            return False
        recorded = self.rows.get(_row_key(kind, key, fact))
        if recorded is None:
            return False
        if recorded == row_hash:
            return True
        raise ConflictingRow(
            f"同一绩效记录（{kind}，{_name(key) or '年度目标'}，文号 {fact['doc']}）已记录，"
            "但内容不同",
            column="doc",
        )

    def _targeted(self, key: IndicatorKey, what: str) -> Indicator:
        found = self.indicators.get(key)
        if found is None or not found.targets:
            raise LedgerError(
                f"指标「{_name(key)}」尚未设定绩效目标，不能{what}", column="indicator"
            )
        return found

    def _evaluated(self, key: IndicatorKey) -> tuple[Any, ...] | None:
        """What an earlier evaluation of ``key`` recorded, in ``_same_evaluation``'s order."""
        if key.is_goal:
            return None if self.outcome is None else ("", self.outcome, None, None, "")
        if key.level1 == EXECUTION_RATE:
            weight = self.execution_weight
            return None if weight is None else ("", "", weight, None, "")
        found = self.indicators.get(key)
        scored = found.evaluation if found else None
        if scored is None:
            return None
        return (
            found.target if found else "",
            scored.actual,
            scored.weight,
            scored.score,
            scored.reason,
        )

    @staticmethod
    def _same_evaluation(known: tuple[Any, ...], given: tuple[Any, ...]) -> None:
        columns = ("target", "actual", "weight", "score", "reason")
        for column, was, now in zip(columns, known, given, strict=True):
            if column == "target" and not now:
                continue  # restated without a target: the one in force stands
            if was != now:
                raise ConflictingRow(
                    f"该项已自评，{column} 为「{_show(was)}」，本行为「{_show(now)}」；"
                    "一项只自评一次",
                    column=column,
                )

    @staticmethod
    def _same_or_refuse(known: str | None, given: str, what: str) -> bool:
        if known == given:
            return False
        raise LedgerError(
            f"{what}已设定为「{known}」，本行为「{given}」；修改请用调整绩效目标（target_revision）",
            column="target",
        )

    # --- events --------------------------------------------------------------------------

    class TargetSet(Fact):
        level1: str
        level2: str
        indicator: str
        target: str

        def apply(self, project: ProjectPerformance) -> None:
            levels = (self.level1, self.level2, self.indicator)
            project.target_set(*levels, self.effective_date, self.target)
            project._remember(TARGET, key_of(*levels), self)

    class TargetRevised(Fact):
        level1: str
        level2: str
        indicator: str
        target: str
        reason: str

        def apply(self, project: ProjectPerformance) -> None:
            levels = (self.level1, self.level2, self.indicator)
            project.target_revised(*levels, self.effective_date, self.target)
            project._remember(REVISION, key_of(*levels), self)

    class ProgressObserved(Fact):
        level1: str
        level2: str
        indicator: str
        actual: str

        def apply(self, project: ProjectPerformance) -> None:
            levels = (self.level1, self.level2, self.indicator)
            project.observed(*levels, self.effective_date, self.actual)
            project._remember(PROGRESS, key_of(*levels), self)

    class Evaluated(Fact):
        level1: str
        level2: str
        indicator: str
        target: str  # given on the row: the target of an indicator never targeted
        actual: str
        weight: Decimal | None
        score: Decimal | None
        reason: str

        def apply(self, project: ProjectPerformance) -> None:
            levels = (self.level1, self.level2, self.indicator)
            scored = Scored(self.actual, self.weight, self.score, self.reason)
            project.evaluated(*levels, self.effective_date, self.target, scored)
            project._remember(EVALUATION, key_of(*levels), self)

    def _remember(self, kind: str, key: IndicatorKey, event: Fact) -> None:
        if event.row_hash is not None:
            identity = {"doc": event.doc, "effective_date": event.effective_date}
            self.rows[_row_key(kind, key, identity)] = event.row_hash


def _row_key(kind: str, key: IndicatorKey, fact: dict[str, Any]) -> str:
    on = fact["effective_date"].isoformat() if kind == PROGRESS else ""
    return row_key(kind, key, fact["doc"], on)


def _name(key: IndicatorKey) -> str:
    return key.indicator or key.level2


def _show(value: object) -> str:
    return "" if value is None else str(value)
