"""The budget ledger's terminal UI: the App, its keys, and the view every screen shares.

The view is the scope (units, year) and the two clocks of time travel (as-of date,
known-at moment), always shown in the bar at the top; changing it reloads the tab in
view (other tabs reload when shown). Tabs are registered in ``tui.screens.PANES``.
"""

from __future__ import annotations

from collections.abc import Iterable
from datetime import date
from typing import ClassVar, cast

from textual import work
from textual.app import App, ComposeResult, SystemCommand
from textual.binding import Binding, BindingType
from textual.command import CommandPalette
from textual.message import Message
from textual.screen import Screen
from textual.widgets import Footer, TabbedContent, TabPane
from textual.worker import WorkerState

from projections.scope import Scope
from tui.commands import LedgerCommands, LedgerPalette
from tui.data import LedgerData, within_year
from tui.errors import say
from tui.messages import ReplayRequested, ScopeRequested, StoreChanged
from tui.screens import PANES
from tui.screens.help import HelpScreen, bindings, own_bindings
from tui.screens.import_file import ImportScreen
from tui.screens.loading import LoadsData
from tui.screens.pane import Pane
from tui.screens.record import KindTabs
from tui.screens.replay import ReplayScreen
from tui.screens.scope_picker import ScopePicker
from tui.screens.time_travel import Moment, TimeTravelScreen
from tui.state import View, step_months
from tui.widgets.scope_bar import ScopeBar
from tui.widgets.tree_table import TreeTable


class LedgerApp(App[None]):
    CSS_PATH = "app.tcss"
    TITLE = "预算指标账"
    COMMANDS = App.COMMANDS | {LedgerCommands}
    # Below 100 columns side-by-side boxes stack, below 140 the trail's filters take two
    # rows (app.tcss: .-narrow, .-medium).
    # Annotated as textual's App declares it (an instance variable there).
    HORIZONTAL_BREAKPOINTS: list[tuple[int, str]] | None = [  # noqa: RUF012
        (0, "-narrow"),
        (100, "-medium"),
        (140, "-wide"),
    ]
    BINDINGS: ClassVar[list[BindingType]] = [
        *(
            Binding(
                str(n),
                f"show_tab('{pane.PANE_ID}')",
                pane.TITLE,
                show=False,
                tooltip=f"切换到「{pane.TITLE}」标签页",
            )
            for n, pane in enumerate(PANES, start=1)
        ),
        Binding(
            "t",
            "time_travel",
            "时间旅行",
            tooltip="设置截至日期（业务日期）与记录截至时刻（审计回放）",
        ),
        Binding(
            "left_square_bracket",
            "as_of_step(-1)",
            "前一月",
            key_display="[",
            tooltip="截至日期移到上月末",
        ),
        Binding(
            "right_square_bracket",
            "as_of_step(1)",
            "后一月",
            key_display="]",
            tooltip="截至日期移到下月末",
        ),
        Binding(
            "T", "back_to_now", "回到现在", show=False, tooltip="截至今天（年度内），记录截至现在"
        ),
        Binding(
            "u",
            "choose_scope",
            "单位/年度",
            tooltip="选择单位、主管部门（汇总）或全部单位，以及年度",
        ),
        Binding("r", "replay", "回放", tooltip="逐条回放所选指标（或单位）的记录，观察数字变化"),
        Binding("i", "import_file", "导入", tooltip="导入日记账文件（带进度条）"),
        Binding("question_mark,f1", "help", "帮助", key_display="?", tooltip="按键一览"),
        Binding(
            "ctrl+p",
            "command_palette",
            "命令面板",
            show=False,
            priority=True,
            tooltip="按名称搜索并执行任何操作",
        ),
        Binding("q", "quit", "退出"),
    ]

    class Opened(Message):
        """The store is open (or could not be opened: ``error``)."""

        def __init__(
            self, data: LedgerData | None, scope: Scope | None, error: Exception | None = None
        ) -> None:
            super().__init__()
            self.data = data
            self.scope = scope
            self.error = error

    def __init__(
        self,
        db: str | None = None,
        actor: str | None = None,
        year: int | None = None,
        unit: str | None = None,
        as_of: date | None = None,
    ) -> None:
        super().__init__()
        self._opening = (db, actor, year, unit, as_of)
        self.data: LedgerData  # set once the store is open (``opened``)
        self.opened = False
        self.busy = False  # queries running (shown in the top bar)
        self.view = View(Scope(date.today().year))  # replaced once the store is open
        self._unit_names: dict[str, str | None] = {}

    def compose(self) -> ComposeResult:
        yield ScopeBar(id="scope-bar")
        with TabbedContent(id="tabs"):
            for n, pane in enumerate(PANES, start=1):
                with TabPane(f"{n} {pane.TITLE}", id=f"tab-{pane.PANE_ID}"):
                    yield pane()
        yield Footer()

    def on_mount(self) -> None:
        self.query_one(ScopeBar).opening(self._opening[0])
        # Workers report their states only to the widget that started them: look.
        self.set_interval(0.25, self._watch_busy)
        self._open()

    def _watch_busy(self) -> None:
        busy = any(
            w.state in (WorkerState.PENDING, WorkerState.RUNNING)
            and w.group != "_loader"  # a DirectoryTree's loader waits as long as it lives
            for w in self.workers
        )
        if busy != self.busy:
            self.busy = busy
            self._show_bar()

    @work(thread=True, exclusive=True, group="open")
    def _open(self) -> None:
        """Open the store off the UI thread (migrations, first queries): the screen is
        drawn meanwhile."""
        db, actor, year, unit, as_of = self._opening
        try:
            data = LedgerData(db, actor)
            scope = data.starting_scope(year, as_of)
            if unit is not None:
                scope = View(scope).with_scope(unit=unit).scope
                self._unit_names[unit] = data.unit_name(unit)
            elif scope.unit is not None:
                self._unit_names[scope.unit] = data.unit_name(scope.unit)
        except Exception as err:
            self.post_message(self.Opened(None, None, err))
            return
        self.post_message(self.Opened(data, scope))

    def on_ledger_app_opened(self, message: Opened) -> None:
        if message.data is None or message.scope is None:
            reason = say(message.error) if message.error else ""
            self.query_one(ScopeBar).failed(reason)
            self.notify(f"无法打开数据库：{reason}", severity="error", timeout=30)
            return
        self.data = message.data
        self.opened = True
        self.set_view(View(message.scope))
        pane = self.active_pane()
        if pane is not None:
            pane.focus_main()

    def check_action(self, action: str, parameters: tuple[object, ...]) -> bool | None:
        """Until the store is open only help and quit do anything."""
        return self.opened or action in ("quit", "help", "command_palette")

    # --- the view ------------------------------------------------------------------

    def set_view(self, view: View) -> None:
        """Show ``view`` everywhere: the bar, the tab in view, open dialogs."""
        self.view = view
        self._show_bar()
        pane = self.active_pane()
        if pane is not None:
            pane.ensure_loaded(view)
        for screen in self.screen_stack:
            if isinstance(screen, LoadsData):
                screen.ensure_loaded(view)

    def _show_bar(self) -> None:
        if not self.opened:
            return
        unit = self.view.scope.unit
        if unit is not None and unit not in self._unit_names:
            self._unit_names[unit] = self.data.unit_name(unit)
        name = self._unit_names.get(unit) if unit else None
        for bar in self.query(ScopeBar):  # none while the app is closing
            bar.show(self.view, name, self.busy)

    def active_pane(self) -> Pane | None:
        tabs = self.query_one(TabbedContent)
        if not tabs.active:
            return None
        return self.query_one(f"#{tabs.active} Pane", Pane)

    def on_tabbed_content_tab_activated(self, event: TabbedContent.TabActivated) -> None:
        pane = self.active_pane()
        if pane is not None and self.opened:
            pane.ensure_loaded(self.view)
            pane.focus_main()

    # --- messages from the screens -------------------------------------------------

    def on_scope_requested(self, message: ScopeRequested) -> None:
        scope = self.view.scope
        as_of = (
            scope.as_of if message.year == scope.year else within_year(date.today(), message.year)
        )
        self.set_view(
            self.view.with_scope(
                year=message.year, unit=message.unit, department=message.department, as_of=as_of
            )
        )

    def on_store_changed(self, message: StoreChanged) -> None:
        self.set_view(View(self.view.scope, self.view.generation + 1))
        self.notify(message.summary, title="已记录")

    def on_replay_requested(self, message: ReplayRequested) -> None:
        self.push_screen(ReplayScreen(message.target))

    # --- actions -------------------------------------------------------------------

    def action_command_palette(self) -> None:
        # textual types it for App[object], and an App[None] is not one (App is invariant)
        if not CommandPalette.is_open(cast("App[object]", self)):
            self.push_screen(LedgerPalette(placeholder="搜索操作……", id="--command-palette"))

    def get_system_commands(self, screen: Screen[object]) -> Iterable[SystemCommand]:
        """Textual's own commands the palette keeps, in Chinese (the rest are ours)."""
        yield SystemCommand("更换配色主题", "选择界面的配色主题", self.action_change_theme)
        yield SystemCommand(
            "保存截图",
            "把当前画面存为 SVG 文件",
            lambda: self.set_timer(0.1, self.deliver_screenshot),
        )

    def action_show_tab(self, pane_id: str) -> None:
        self.query_one(TabbedContent).active = f"tab-{pane_id}"

    def action_time_travel(self) -> None:
        def chosen(moment: Moment | None) -> None:
            if moment is not None:
                as_of, known_at = moment
                self.set_view(self.view.with_scope(as_of=as_of, known_at=known_at))

        self.push_screen(TimeTravelScreen(self.view.scope), chosen)

    def action_as_of_step(self, months: int) -> None:
        scope = self.view.scope
        self.set_view(self.view.with_scope(as_of=step_months(scope.as_of_date, months)))

    def action_back_to_now(self) -> None:
        year = self.view.scope.year
        self.set_view(self.view.with_scope(as_of=within_year(date.today(), year), known_at=None))

    def action_choose_scope(self) -> None:
        self.push_screen(ScopePicker())

    def action_replay(self) -> None:
        pane = self.active_pane()
        target = pane.replay_target() if pane is not None else None
        if target is None:
            self.notify("请先选择一个指标，或用 u 选择一个单位", severity="warning")
            return
        self.push_screen(ReplayScreen(target))

    def action_import_file(self) -> None:
        self.push_screen(ImportScreen())

    def action_help(self) -> None:
        sections = [("全局", bindings(self.BINDINGS)), ("输入框", own_bindings(Pane))]
        sections += [(pane.TITLE, own_bindings(pane)) for pane in PANES]
        sections += [
            ("预算执行树", bindings(TreeTable.BINDINGS)),
            ("记录：类型条", bindings(KindTabs.BINDINGS)),
            ("回放", bindings(ReplayScreen.BINDINGS)),
        ]
        self.push_screen(HelpScreen([(title, found) for title, found in sections if found]))
