"""导入: import a journal file (CSV, XLSX, JSON Lines) with a progress bar. The file is
recorded whole or not at all; a refused file lists its problems with row and column."""

from __future__ import annotations

from collections.abc import Iterable
from pathlib import Path
from typing import TYPE_CHECKING, ClassVar, cast

from textual import work
from textual.app import ComposeResult
from textual.binding import Binding, BindingType
from textual.containers import Vertical
from textual.message import Message
from textual.screen import ModalScreen
from textual.widgets import DirectoryTree, Input, Label, ProgressBar, Static

from ledger.importer import ImportResult
from ledger.journal.read import JournalFileError
from tui.errors import say
from tui.format import status
from tui.messages import StoreChanged

if TYPE_CHECKING:
    from tui.app import LedgerApp

SUFFIXES = {".csv", ".xlsx", ".jsonl"}


class JournalTree(DirectoryTree):
    """Folders and journal files only."""

    def filter_paths(self, paths: Iterable[Path]) -> Iterable[Path]:
        return [p for p in paths if p.is_dir() or p.suffix.lower() in SUFFIXES]


class ImportScreen(ModalScreen[None]):
    BINDINGS: ClassVar[list[BindingType]] = [Binding("escape", "dismiss", "关闭")]

    class Progress(Message):
        def __init__(self, fraction: float, rows: int) -> None:
            super().__init__()
            self.fraction = fraction
            self.rows = rows

    class Finished(Message):
        def __init__(self, path: Path, outcome: ImportResult | Exception) -> None:
            super().__init__()
            self.path = path
            self.outcome = outcome

    def __init__(self, start: Path | None = None) -> None:
        super().__init__(classes="dialog-screen")
        self.start = start or Path(".")
        self.running = False

    def compose(self) -> ComposeResult:
        with Vertical(classes="dialog wide"):
            yield Label("导入日记账文件（CSV、XLSX、JSON Lines）", classes="dialog-title")
            yield Input(id="import-path", placeholder="文件路径，Enter 开始导入")
            yield JournalTree(self.start, id="import-tree")
            yield ProgressBar(total=100, show_eta=False, id="import-progress")
            yield Static(id="import-result", classes="status")

    def on_mount(self) -> None:
        self.query_one("#import-path", Input).focus()

    def on_directory_tree_file_selected(self, event: DirectoryTree.FileSelected) -> None:
        event.stop()
        field = self.query_one("#import-path", Input)
        field.value = str(event.path)
        field.focus()

    def on_input_submitted(self, event: Input.Submitted) -> None:
        event.stop()
        self.start_import(event.value.strip())

    def start_import(self, name: str) -> None:
        if self.running:
            return
        result = self.query_one("#import-result", Static)
        path = Path(name).expanduser()
        if not name or not path.is_file():
            result.update(status("文件不存在：", "bold red", name))
            return
        self.running = True
        self.query_one("#import-progress", ProgressBar).update(progress=0)
        result.update(f"正在导入 {path.name}……（整个文件在一个事务中记录，完成前不会部分写入）")
        self._import(path)

    @work(thread=True, exclusive=True, group="import")
    def _import(self, path: Path) -> None:
        def progress(fraction: float, rows: int) -> None:
            self.post_message(self.Progress(fraction, rows))

        try:
            app = cast("LedgerApp", self.app)
            outcome: ImportResult | Exception = app.data.service.import_file(
                path, progress=progress
            )
        except Exception as err:  # ImportRejected, JournalFileError, Busy, no database
            outcome = err
        self.post_message(self.Finished(path, outcome))

    def on_import_screen_progress(self, message: Progress) -> None:
        message.stop()
        self.query_one("#import-progress", ProgressBar).update(progress=message.fraction * 100)

    def on_import_screen_finished(self, message: Finished) -> None:
        message.stop()
        self.running = False
        result = self.query_one("#import-result", Static)
        outcome = message.outcome
        if not isinstance(outcome, Exception):  # an ImportResult
            self.query_one("#import-progress", ProgressBar).update(progress=100)
            if outcome.recorded == 0:
                result.update(
                    f"{message.path.name}：{outcome.already:,} 行均已记录过，本次未新增任何内容。"
                )
                return
            summary = (
                f"{message.path.name}：新记录 {outcome.recorded:,} 行（{outcome.events:,} 个事件）"
            )
            if outcome.already:
                summary += f"，{outcome.already:,} 行此前已记录（跳过）"
            result.update(status("已导入。", "bold green", summary))
            self.app.post_message(StoreChanged(summary))
        elif isinstance(outcome, JournalFileError):
            result.update(
                status(
                    f"{message.path.name}：文件被拒绝，未记录任何内容。\n",
                    "bold red",
                    f"  {say(outcome)}",
                )
            )
        else:
            result.update(status("未导入：", "bold red", say(outcome)))
