"""The bar at the top of every screen: which units and year, and where in time
(as of which business date, as known at which recorded moment). Always visible, at any
width: the unit's name shrinks and the hints go before the dates do."""

from __future__ import annotations

from rich.text import Text
from textual.widgets import Static

from tui.state import View

SEP = "  │  "


class ScopeBar(Static):
    DEFAULT_CSS = """
    ScopeBar { dock: top; height: 2; background: $panel; color: $text; padding: 0 1; }
    """

    def __init__(self, *, id: str | None = None) -> None:
        super().__init__(id=id)
        self.view: tuple[View, str | None, bool] | None = None

    def opening(self, db: str | None) -> None:
        self.update(
            Text.assemble(("预算指标账", "bold"), f"  │  正在打开数据库 {db or '（默认）'} ⋯")
        )

    def failed(self, reason: str) -> None:
        self.update(
            Text.assemble(("预算指标账", "bold"), "  │  ", ("无法打开数据库：", "bold red"), reason)
        )

    def show(self, view: View, unit_name: str | None, busy: bool) -> None:
        self.view = (view, unit_name, busy)
        self._draw()

    def on_resize(self) -> None:
        if self.view is not None:
            self._draw()

    def _draw(self) -> None:
        assert self.view is not None
        view, unit_name, busy = self.view
        width = self.content_region.width or 10_000  # not laid out yet: all of it
        lines = [scope_line(view, unit_name, busy, width), time_line(view, width)]
        text = Text("\n").join(lines)
        text.no_wrap, text.overflow = True, "ellipsis"  # one line each, never wrapped
        self.update(text)


def scope_line(view: View, unit_name: str | None, busy: bool, width: int) -> Text:
    """预算指标账 │ the units │ the year │ 金额单位: the unit's name gives way first."""
    scope = view.scope
    tail = Text(f"{SEP}{scope.year} 年度{SEP}金额单位：万元")
    if busy:
        tail.append("  ⋯ 查询中", style="italic")
    line = Text(no_wrap=True, overflow="ellipsis")
    line.append("预算指标账", style="bold")
    line.append(SEP)
    if scope.unit:
        line.append(f"单位 {scope.unit}", style="bold")
        if unit_name:
            room = width - line.cell_len - tail.cell_len - 1
            name = Text(unit_name, no_wrap=True, overflow="ellipsis")
            if room >= 4:
                name.truncate(room, overflow="ellipsis")
                line.append(" ")
                line.append(name)
    elif scope.department:
        line.append(f"主管部门 {scope.department}（汇总）", style="bold")
    else:
        line.append("全部单位", style="bold")
    if line.cell_len + tail.cell_len > width:
        tail = Text(f" {scope.year} 年度 万元")  # the year before the words around it
    line.append_text(tail)
    return line


def time_line(view: View, width: int) -> Text:
    """截至 the as-of date │ 记录截至 the known-at moment │ the keys that move them: the
    keys go first, then the explanations; the two clocks always show."""
    scope = view.scope
    as_of = scope.as_of_date.isoformat()
    if scope.known_at is None:
        moment, moment_style, note = "现在", "bold", "（全部已记录的事实）"
    else:
        moment = scope.known_at.astimezone().isoformat(sep=" ", timespec="seconds")
        moment, moment_style, note = f" {moment} 审计回放 ", "bold reverse", ""
    pace = f"（序时进度 {scope.pace:.2f}%）"
    keys = f"{SEP}t 时间旅行  [ ] 按月移动  T 回到现在"
    for with_pace, with_note, with_keys, sep in (
        (True, True, True, SEP),
        (True, True, False, SEP),
        (True, False, False, SEP),
        (False, False, False, SEP),
        (False, False, False, " │ "),
    ):
        line = Text(no_wrap=True, overflow="ellipsis")
        line.append("截至 ")
        line.append(as_of, style="bold")
        if with_pace:
            line.append(pace)
        line.append(f"{sep}记录截至 ")
        line.append(moment, style=moment_style)
        if with_note:
            line.append(note)
        if with_keys:
            line.append(keys, style="dim")
        if line.cell_len <= width:
            break
    return line
