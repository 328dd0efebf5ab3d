"""A tab of the main screen: it loads (see ``loading``) for the app's current view when it
is shown, and says what ``r`` replays and which extra commands the palette offers.

Only the first tab is built with the app; the others build their widgets the first time
they are shown, so that the first screen appears without waiting for forms and tables
nobody has looked at yet."""

from __future__ import annotations

from typing import ClassVar

from textual import work
from textual.app import ComposeResult
from textual.binding import Binding, BindingType
from textual.containers import Vertical
from textual.widget import Widget
from textual.widgets import DataTable

from projections.queries.replay import ReplayTarget
from tui.screens.loading import LoadsData
from tui.state import View


class Pane(LoadsData, Vertical):
    # Every tab's fields (the record form, the trail's filters): Esc leaves the field, so
    # that the keys of the app (1–8, q, …) work again.
    BINDINGS: ClassVar[list[BindingType]] = [
        Binding(
            "escape",
            "leave_field",
            "离开输入框",
            show=False,
            tooltip="离开输入框，回到本页的表格（记录页：表单类型条）；之后数字键切换标签页",
        ),
    ]
    TITLE: ClassVar[str] = ""
    PANE_ID: ClassVar[str] = ""
    EAGER: ClassVar[bool] = False  # built with the app rather than when first shown

    def __init__(self) -> None:
        super().__init__(id=self.PANE_ID, classes="pane")
        self.built = self.EAGER
        self.ready = self.EAGER
        self.pending: View | None = None

    def compose(self) -> ComposeResult:
        if self.built:
            yield from self.build()

    def build(self) -> ComposeResult:
        """The tab's widgets (compose-style)."""
        raise NotImplementedError

    def ensure_loaded(self, view: View) -> None:
        if self.ready:
            super().ensure_loaded(view)
            return
        self.pending = view
        if not self.built:
            self.built = True
            self._build()

    @work(group="build")
    async def _build(self) -> None:
        await self.recompose()
        self.ready = True
        self.on_built()
        self.focus_main()
        view, self.pending = self.pending, None
        if view is not None:
            self.ensure_loaded(view)

    def on_built(self) -> None:
        """Called once the tab's widgets are mounted."""

    def main_widget(self) -> Widget | None:
        """What gets the focus when the tab is shown: its last table by default."""
        tables = self.query(DataTable)
        return tables.last() if tables else None

    def focus_main(self) -> None:
        if self.ready and (main := self.main_widget()) is not None:
            main.focus()

    def action_leave_field(self) -> None:
        self.focus_main()

    def replay_target(self) -> ReplayTarget | None:
        """What ``r`` replays here: the line under the cursor, else the unit in scope."""
        scope = self.ledger.view.scope
        return ReplayTarget(scope.unit, scope.year) if scope.unit else None

    def commands(self) -> list[tuple[str, str, str]]:
        """Extra palette commands of this tab: (title, help, action on the pane)."""
        return []
