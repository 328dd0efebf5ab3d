"""Replay: the facts of a line (or of a whole unit) one by one in the order they were
recorded, each with the figures as they stood right after it, so an auditor can step
forward and back and watch the budget, the spending and the balance move.

Pages come from the audit trail's keyset; the figures before a page are one SUM.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from sqlalchemy import func, select
from sqlalchemy.orm import Session

from projections.queries.history import HistoryFilter, history_row, select_history
from projections.queries.paging import PAGE, keyset
from projections.report import figures
from projections.schema import movements
from projections.scope import Scope

MEASURED = ("initial", "carried_in", "adjusted", "spent")


@dataclass(frozen=True)
class ReplayTarget:
    unit: str
    year: int
    line: str | None = None  # None: every line of the unit

    def history_filter(self, scope: Scope) -> HistoryFilter:
        """The target's facts within the scope's as-of date and known-at moment."""
        return HistoryFilter(
            unit=self.unit,
            year=self.year,
            line=self.line,
            date_to=scope.as_of,
            known_at=scope.known_at,
        )


@dataclass
class Step:
    event: dict[str, Any]  # the fact, as the audit trail shows it
    figures: dict[str, Any]  # the target's figures right after it (see report.figures)


@dataclass
class ReplayPage:
    steps: list[Step]
    has_before: bool
    has_after: bool


def replay_page(
    session: Session,
    target: ReplayTarget,
    scope: Scope,
    after_id: int | None = None,
    before_id: int | None = None,
    last: bool = False,
    limit: int = PAGE,
) -> ReplayPage:
    query = select_history(target.history_filter(scope), in_id_order=True)
    rows, has_before, has_after = keyset(session, query, after_id, before_id, last, limit)
    if not rows:
        return ReplayPage([], has_before, has_after)
    running = sums_before(session, target, scope, rows[0].id)
    steps = []
    for r in rows:
        for name in MEASURED:
            running[name] += getattr(r, name)
        pace = Scope(target.year, as_of=r.effective_date).pace
        steps.append(
            Step(
                history_row(r),
                figures(
                    running["initial"],
                    running["carried_in"],
                    running["adjusted"],
                    running["spent"],
                    pace,
                ),
            )
        )
    return ReplayPage(steps, has_before, has_after)


def sums_before(
    session: Session, target: ReplayTarget, scope: Scope, before_id: int
) -> dict[str, int]:
    """The target's measures summed over its facts recorded before ``before_id``."""
    inner = (
        select_history(target.history_filter(scope)).where(movements.c.id < before_id).subquery()
    )
    sums = [func.coalesce(func.sum(inner.c[name]), 0) for name in MEASURED]
    found = session.execute(select(*sums)).one()
    return {name: int(value) for name, value in zip(MEASURED, found, strict=True)}
