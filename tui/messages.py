"""Messages the screens post to the app. (They live beside ``app.py`` rather than in it
because the screens that post them are imported by ``app.py``.)"""

from __future__ import annotations

from textual.message import Message

from projections.queries.replay import ReplayTarget


class ScopeRequested(Message):
    """Look at another unit, department or year (a choice on the overview or the picker)."""

    def __init__(self, year: int, unit: str | None = None, department: str | None = None) -> None:
        super().__init__()
        self.year = year
        self.unit = unit
        self.department = department


class StoreChanged(Message):
    """Facts were recorded or imported: every screen reloads what it shows."""

    def __init__(self, summary: str) -> None:
        super().__init__()
        self.summary = summary


class ReplayRequested(Message):
    """Step through the facts of a line or a unit."""

    def __init__(self, target: ReplayTarget) -> None:
        super().__init__()
        self.target = target
