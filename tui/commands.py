"""The command palette (Ctrl+P): every key of the app and of the tab in view, and the
tab's extra commands (a grouping, a form), searchable by their Chinese names."""

from __future__ import annotations

from collections.abc import Iterator
from functools import partial
from typing import TYPE_CHECKING, cast

from textual.command import DiscoveryHit, Hit, Hits, Provider

from tui.screens.help import bindings, key_text

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
        for b in bindings(type(pane).BINDINGS):
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
