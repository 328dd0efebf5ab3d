"""One indicator of a project as its history leaves it: targets, progress, evaluation.

Kept in recording order; every "as of" question sorts by business date, recording order
breaking ties, so a fact recorded late but dated early counts from its own date.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date

from ledger.domain.performance.evaluation import IndicatorRecord, Scored


@dataclass(frozen=True)
class Dated:
    """A target or an observed actual, from its business date on."""

    on: date
    text: str


class Indicator:
    """An indicator's history. ``level2`` is as first printed; the key holds it normalised."""

    __slots__ = ("evaluation", "indicator", "level1", "level2", "progress", "targeted", "targets")

    def __init__(self, level1: str, level2: str, indicator: str) -> None:
        self.level1 = level1
        self.level2 = level2
        self.indicator = indicator
        self.targeted = False  # set by a ``target`` row (not only given on an evaluation)
        self.targets: list[Dated] = []  # the approval first, then revisions
        self.progress: list[Dated] = []
        self.evaluation: Scored | None = None

    @property
    def approved(self) -> str | None:
        """The target as approved, before any revision (None: never targeted)."""
        return self.targets[0].text if self.targeted else None

    @property
    def target(self) -> str:
        """The target as revised: the one in force last ("" when none)."""
        found = latest(self.targets, None)
        return found.text if found else ""

    def target_at(self, on: date) -> str | None:
        """The target in force on ``on``; None before the indicator was targeted."""
        found = latest(self.targets, on)
        return found.text if found else None

    def progress_at(self, on: date) -> Dated | None:
        """The latest progress observed on or before ``on``."""
        return latest(self.progress, on)

    def progress_until(self, on: date) -> list[Dated]:
        return [p for p in self.progress if p.on <= on]

    def record(self) -> IndicatorRecord:
        """The plain values the self-evaluation takes."""
        return IndicatorRecord(
            level1=self.level1,
            level2=self.level2,
            indicator=self.indicator,
            initial_target=self.approved or "",
            target=self.target,
            evaluation=self.evaluation,
        )


def latest(history: list[Dated], on: date | None) -> Dated | None:
    """The last of ``history`` dated on or before ``on`` (any date when None); of several on
    one date, the one recorded last."""
    best: Dated | None = None
    for item in history:
        if (on is None or item.on <= on) and (best is None or item.on >= best.on):
            best = item
    return best
