"""Loading what a screen shows off the UI thread: the query runs in a thread worker for
the app's current view, and its plain-value result comes back as a message. A result for
an older view (the user moved on meanwhile) is dropped."""

from __future__ import annotations

from collections.abc import Callable
from functools import partial
from typing import TYPE_CHECKING, Any, cast

from sqlalchemy.orm import Session
from textual import work
from textual.dom import DOMNode
from textual.message import Message
from textual.worker import get_current_worker

from tui.errors import say
from tui.state import View

if TYPE_CHECKING:
    from tui.app import LedgerApp


class LoadsData(DOMNode):
    """Mixed into panes and dialogs: implement ``load`` (worker thread) and ``show``."""

    wanted: View | None = None

    class Loaded(Message):
        def __init__(self, view: View, payload: Any, part: str = "") -> None:
            super().__init__()
            self.view = view
            self.payload = payload
            self.part = part  # "" for what ``load`` returned, else the name of a part

    @property
    def ledger(self) -> LedgerApp:
        return cast("LedgerApp", self.app)

    def ensure_loaded(self, view: View) -> None:
        """Load for ``view`` unless that is what is shown (or coming) already."""
        if view != self.wanted:
            self.reload(view)

    def reload(self, view: View | None = None) -> None:
        self.wanted = view or self.ledger.view
        self._load(self.wanted)

    def _load_parts(self, view: View) -> None:
        for name, query in self.parts(view).items():
            # Each part in its own worker, side by side, each shown as soon as it is ready.
            work = partial(self._load_part, view, name, query)
            self.run_worker(work, thread=True, exclusive=True, group=f"part-{name}")

    @work(thread=True, exclusive=True, group="load")
    def _load(self, view: View) -> None:
        try:
            with self.ledger.data.read() as session:
                payload = self.load(session, view)
        except Exception as err:  # shown to the user; the app keeps running
            payload = err
        if not get_current_worker().is_cancelled:
            self.post_message(self.Loaded(view, payload))

    def _load_part(self, view: View, name: str, query: Callable[[Session], Any]) -> None:
        try:
            with self.ledger.data.read() as session:
                payload = query(session)
        except Exception as err:
            payload = err
        if not get_current_worker().is_cancelled:
            self.post_message(self.Loaded(view, payload, name))

    def on_loads_data_loaded(self, message: Loaded) -> None:
        message.stop()
        if message.view != self.wanted:
            return
        if isinstance(message.payload, Exception):
            self.app.notify(f"查询失败：{say(message.payload)}", severity="error", timeout=10)
        elif message.part:
            self.show_part(message.part, message.payload)
        else:
            self.show(message.payload)
            self._load_parts(message.view)

    def load(self, session: Session, view: View) -> Any:
        """Run the queries (in a worker thread): plain values only."""
        raise NotImplementedError

    def show(self, payload: Any) -> None:
        """Put what ``load`` returned on screen (in the UI thread)."""
        raise NotImplementedError

    def parts(self, view: View) -> dict[str, Callable[[Session], Any]]:
        """Further queries, run once ``load``'s result is on screen (the main figures
        first, on a busy machine), each shown by ``show_part``."""
        return {}

    def show_part(self, name: str, payload: Any) -> None:
        raise NotImplementedError
