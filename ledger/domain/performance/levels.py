"""The indicator tree's vocabulary (journal-format.md, *Performance facts*) and an indicator's key."""

from __future__ import annotations

from typing import NamedTuple

OUTPUT = "产出指标"
BENEFIT = "效益指标"
SATISFACTION = "满意度指标"
COST = "成本指标"
# On an ``evaluation`` only: the 预算执行率 item, whose weight the row sets.
EXECUTION_RATE = "预算执行率"

LEVEL1 = (OUTPUT, BENEFIT, SATISFACTION, COST)
DEFAULT_EXECUTION_WEIGHT = 10


class IndicatorKey(NamedTuple):
    """What tells one indicator of a project from another: level1, level2 (normalised:
    经济效益 = 经济效益指标) and the indicator's name (may be empty). All three empty: the
    project's 年度目标 (on a target) or 实际完成情况 (on an evaluation)."""

    level1: str
    level2: str
    indicator: str

    @property
    def is_goal(self) -> bool:
        return not (self.level1 or self.level2 or self.indicator)


def normalise_level2(level2: str) -> str:
    """经济效益 and 经济效益指标 are one level2; the trailing 指标 is added when missing."""
    level2 = level2.strip()
    return level2 if not level2 or level2.endswith("指标") else f"{level2}指标"


def key_of(level1: str, level2: str, indicator: str) -> IndicatorKey:
    return IndicatorKey(level1.strip(), normalise_level2(level2), indicator.strip())


def label(level2: str, indicator: str) -> str:
    """An indicator as a message names it: its own name, or its level2 when it has none."""
    return indicator or level2
