"""决算表: the public tables 公开01–10, the project figures and the 勾稽 checks, one tab
each, drawn from the same layouts as the XLSX; ``x`` exports them to a workbook.

The tables need one unit or one department (汇总); for all units the tab says so.
"""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path
from typing import ClassVar

from rich.text import Text
from sqlalchemy.orm import Session
from textual import work
from textual.app import ComposeResult
from textual.binding import Binding, BindingType
from textual.containers import Horizontal, Vertical, VerticalScroll
from textual.screen import ModalScreen
from textual.widget import Widget
from textual.widgets import Button, Input, Label, Static, TabbedContent, TabPane

from projections.final_accounts.document import NoData, build
from projections.final_accounts.grid import Sheet, text_lines
from projections.scope import Scope
from tui.errors import say
from tui.screens.pane import Pane
from tui.state import View


@dataclass
class Tables:
    sheets: list[Sheet]
    lines: list[list[str]]  # each sheet drawn as text, columns aligned for CJK
    checks: list[str]  # each rule and whether it holds, failures with both figures
    passed: bool
    failed: int
    rules: int
    marks: list[str]


def tab_title(sheet: Sheet) -> str:
    return (sheet.meta.code or sheet.meta.sheet).removesuffix("表")


class FinalAccountsPane(Pane):
    TITLE = "决算表"
    PANE_ID = "final"
    BINDINGS: ClassVar[list[BindingType]] = [
        Binding(
            "x",
            "export",
            "导出 XLSX",
            tooltip="把全部决算表（公开01–10、项目）与勾稽检查导出为 XLSX 工作簿，一表一页",
        ),
    ]

    def __init__(self) -> None:
        super().__init__()
        self.tables: Tables | None = None
        self.scope: Scope | None = None

    def build(self) -> ComposeResult:
        yield Label(id="final-heading", classes="pane-heading")
        yield TabbedContent(id="final-tabs")

    def main_widget(self) -> Widget | None:
        # The row of table tabs: ← → moves between tables, and the tab's keys work.
        tabs = self.query("#final-tabs Tabs")
        return tabs.first() if tabs else None

    def load(self, session: Session, view: View) -> Tables | str:
        scope = view.scope
        if scope.unit is None and scope.department is None:
            return "决算表按单位或主管部门（汇总）编制：按 u 选择单位或主管部门。"
        try:
            document = build(session, scope)
        except NoData as err:
            return str(err)
        sheets = document.sheets()
        return Tables(
            sheets=sheets,
            lines=[text_lines(s) for s in sheets],
            checks=document.check_lines(),
            passed=document.passed,
            failed=sum(not r.ok for r in document.rules),
            rules=len(document.rules),
            marks=document.marks(),
        )

    def show(self, payload: Tables | str) -> None:
        self.scope = self.ledger.view.scope
        heading = self.query_one("#final-heading", Label)
        tabs = self.query_one("#final-tabs", TabbedContent)
        if isinstance(payload, str):
            self.tables = None
            heading.update(payload)
            tabs.display = False
            return
        self.tables = payload
        tabs.display = True
        verdict = (
            Text(f"勾稽检查：{payload.rules} 条全部通过", style="bold green")
            if payload.passed
            else Text(f"勾稽检查：{payload.failed} 条未通过（见「勾稽检查」页）", style="bold red")
        )
        heading.update(Text.assemble(verdict, "    ", "；".join(payload.marks), "    x 导出 XLSX"))
        self._fill(tabs, payload)

    @work(group="final-tabs", exclusive=True)
    async def _fill(self, tabs: TabbedContent, payload: Tables) -> None:
        if tabs.tab_count != len(payload.sheets):
            await tabs.clear_panes()
            for n, sheet in enumerate(payload.sheets):
                scroll = VerticalScroll(Static(id=f"final-sheet-{n}", classes="sheet"))
                await tabs.add_pane(TabPane(tab_title(sheet), scroll, id=f"final-{n}"))
        for n, (sheet, lines) in enumerate(zip(payload.sheets, payload.lines, strict=True)):
            text = (
                checks_text(payload.checks)
                if sheet.meta.key == "checks"
                else Text("\n".join(lines))
            )
            self.query_one(f"#final-sheet-{n}", Static).update(text)
        if self.app.focused is None:
            self.focus_main()

    def action_export(self) -> None:
        if self.tables is None or self.scope is None:
            self.notify("没有可导出的决算表：请先选择单位或主管部门", severity="warning")
            return
        scope = self.scope
        who = scope.unit or f"{scope.department}汇总"
        default = Path(f"决算-{who}-{scope.year}.xlsx")
        self.app.push_screen(ExportScreen(default), self._export)

    def _export(self, path: Path | None) -> None:
        if path is not None and self.tables is not None:
            self._write(self.tables.sheets, path)

    @work(thread=True, group="final-export")
    def _write(self, sheets: list[Sheet], path: Path) -> None:
        try:
            # openpyxl loads only when a workbook is written (it slows the UI's start).
            from projections.final_accounts.xlsx import write_workbook

            write_workbook(sheets, path)
        except (OSError, ValueError) as err:  # ValueError: a folder, not a file
            self.app.call_from_thread(self.notify, f"导出失败：{say(err)}", severity="error")
            return
        self.app.call_from_thread(self.notify, f"已导出到 {path.resolve()}")


def checks_text(lines: list[str]) -> Text:
    """The rules one a line (the workbook's check sheet is too wide for a terminal)."""
    text = Text()
    for line in lines:
        style = "red" if line.startswith(("[未通过]", "    ")) else ""
        style = "green" if line.startswith("[通过]") else style
        text.append(line + "\n", style=style or ("yellow" if line.startswith("[提示]") else ""))
    return text


class ExportScreen(ModalScreen[Path | None]):
    """Where to write the workbook: the full path shown as it is typed, and a file that
    is there already overwritten only once the user has said so."""

    BINDINGS: ClassVar[list[BindingType]] = [Binding("escape", "dismiss", "取消")]

    def __init__(self, default: Path) -> None:
        super().__init__(classes="dialog-screen")
        self.default = default
        self.confirmed: Path | None = None  # the existing file the user agreed to replace

    def compose(self) -> ComposeResult:
        with Vertical(classes="dialog"):
            yield Label("导出决算表（XLSX）", classes="dialog-title")
            yield Input(str(self.default), id="export-path", placeholder="文件路径，以 .xlsx 结尾")
            yield Label("", id="export-where", classes="note")
            yield Label("", id="export-error", classes="field-error")
            with Horizontal(classes="buttons"):
                yield Button("导出", id="export", variant="primary")
                yield Button("取消", id="cancel")

    def on_mount(self) -> None:
        self.show_where(self.default)

    def target(self) -> Path:
        return Path(self.query_one("#export-path", Input).value.strip()).expanduser()

    def show_where(self, path: Path) -> None:
        self.query_one("#export-where", Label).update(f"将写入：{path.resolve()}")

    def on_input_changed(self, event: Input.Changed) -> None:
        event.stop()
        self.confirmed = None
        self.query_one("#export-error", Label).update("")
        self.query_one("#export", Button).label = "导出"
        self.show_where(self.target())

    def on_input_submitted(self, event: Input.Submitted) -> None:
        event.stop()
        self._done()

    def on_button_pressed(self, event: Button.Pressed) -> None:
        event.stop()
        if event.button.id == "export":
            self._done()
        else:
            self.dismiss(None)

    def _done(self) -> None:
        text = self.query_one("#export-path", Input).value.strip()
        error = self.query_one("#export-error", Label)
        if not text.lower().endswith(".xlsx"):
            error.update("文件名须以 .xlsx 结尾")
            return
        path = self.target().resolve()
        if not path.parent.is_dir():
            error.update(f"文件夹不存在：{path.parent}")
            return
        if path.is_dir():
            error.update(f"这是一个文件夹：{path}")
            return
        if path.exists() and self.confirmed != path:
            self.confirmed = path
            error.update(f"文件已存在：{path}\n再按 Enter（或「覆盖」）覆盖它，或改个文件名")
            self.query_one("#export", Button).label = "覆盖"
            return
        self.dismiss(path)
