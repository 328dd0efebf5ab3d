"""The command palette (Ctrl+P): every key of the app and of the tab in view, and the
tab's extra commands (a grouping, a form), searchable by their Chinese names."""

from __future__ import annotations

from collections.abc import Iterator
from functools import partial
from typing import TYPE_CHECKING, cast

from rich.align import Align
from rich.text import Text
from textual.command import CommandList, CommandPalette, DiscoveryHit, Hit, Hits, Provider
from textual.widgets.option_list import Option

from tui.screens.help import bindings, key_text, own_bindings

if TYPE_CHECKING:
    from textual.dom import DOMNode

    from tui.app import LedgerApp


class LedgerCommands(Provider):
    def entries(self) -> Iterator[tuple[str, str, DOMNode, str]]:
        """(title, help, where the action runs, action): the keys of the dialog in view,
        or those of the app and of the tab in view with the tab's extra commands."""
        app = cast("LedgerApp", self.app)
        if self.screen is not app.screen_stack[0]:
            for b in bindings(type(self.screen).BINDINGS):
                yield (
                    b.description,
                    f"{b.tooltip or b.description}（{key_text(b)}）",
                    self.screen,
                    b.action,
                )
            return
        for b in bindings(app.BINDINGS):
            if b.action == "command_palette":
                continue
            yield b.description, f"{b.tooltip or b.description}（{key_text(b)}）", app, b.action
        pane = app.active_pane()
        if pane is None:
            return
        for b in own_bindings(type(pane)):
            help_text = f"{pane.TITLE}：{b.tooltip or b.description}（{key_text(b)}）"
            yield b.description, help_text, pane, b.action
        for title, help_text, action in pane.commands():
            yield title, f"{pane.TITLE}：{help_text}", pane, action

    def _run(self, node: DOMNode, action: str) -> None:
        self.app.call_later(self.app.run_action, action, node)

    async def discover(self) -> Hits:
        for title, help_text, node, action in self.entries():
            yield DiscoveryHit(title, partial(self._run, node, action), help=help_text)

    async def search(self, query: str) -> Hits:
        matcher = self.matcher(query)
        for title, help_text, node, action in self.entries():
            score = max(matcher.match(title), matcher.match(help_text) * 0.8)
            if score > 0:
                yield Hit(
                    score,
                    matcher.highlight(title),
                    partial(self._run, node, action),
                    help=help_text,
                )


class LedgerPalette(CommandPalette):
    """Textual's palette, saying in Chinese that nothing matched."""

    NO_MATCHES = "没有匹配的操作"

    def _start_no_matches_countdown(self, search_value: str) -> None:
        # As Textual's own (textual is pinned exactly), with the words changed.
        self._stop_no_matches_countdown()

        def show() -> None:
            if search_value:
                self.query_one(CommandList).add_option(
                    Option(
                        Align.center(Text(self.NO_MATCHES, style="not bold")),
                        disabled=True,
                        id=self._NO_MATCHES,
                    )
                )
                self._list_visible = True
            else:
                self._list_visible = False

        self._no_matches_timer = self.set_timer(self._NO_MATCHES_COUNTDOWN, show)
