"""The tabs of the main screen, registered in one list, and the dialogs they open.

To add a tab (e.g. the 决算 tables), write a ``Pane`` subclass in its own module and add
it to ``PANES``: the app makes the tab, its key (1, 2, …), its palette command and its
entry in the help screen from that list.
"""

from __future__ import annotations

from tui.screens.balances import BalancesPane
from tui.screens.execution import ExecutionPane
from tui.screens.final_accounts import FinalAccountsPane
from tui.screens.history import HistoryPane
from tui.screens.overview import OverviewPane
from tui.screens.pane import Pane
from tui.screens.performance import PerformancePane
from tui.screens.projects import ProjectsPane
from tui.screens.record import RecordPane

PANES: list[type[Pane]] = [
    OverviewPane,
    ExecutionPane,
    ProjectsPane,
    BalancesPane,
    HistoryPane,
    RecordPane,
    FinalAccountsPane,
    PerformancePane,
]
