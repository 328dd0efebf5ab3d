"""The bar at the top of every screen: which units and year, and where in time
(as of which business date, as known at which recorded moment). Always visible."""

from __future__ import annotations

from rich.text import Text
from textual.widgets import Static

from tui.state import View


class ScopeBar(Static):
    DEFAULT_CSS = """
    ScopeBar { dock: top; height: 2; background: $panel; color: $text; padding: 0 1; }
    """

    def opening(self, db: str | None) -> None:
        self.update(
            Text.assemble(("预算指标账", "bold"), f"  │  正在打开数据库 {db or '（默认）'} ⋯")
        )

    def failed(self, reason: str) -> None:
        self.update(
            Text.assemble(("预算指标账", "bold"), "  │  ", ("无法打开数据库：", "bold red"), reason)
        )

    def show(self, view: View, unit_name: str | None, busy: bool) -> None:
        scope = view.scope
        first = Text(no_wrap=True, overflow="ellipsis")
        first.append("预算指标账", style="bold")
        first.append("  │  ")
        if scope.unit:
            first.append(f"单位 {scope.unit}", style="bold")
            if unit_name:
                first.append(f" {unit_name}")
        elif scope.department:
            first.append(f"主管部门 {scope.department}（汇总）", style="bold")
        else:
            first.append("全部单位", style="bold")
        first.append(f"  │  {scope.year} 年度  │  金额单位：万元")
        if busy:
            first.append("  ⋯ 查询中", style="italic")
        second = Text(no_wrap=True, overflow="ellipsis")
        second.append("截至 ")
        second.append(scope.as_of_date.isoformat(), style="bold")
        second.append(f"（序时进度 {scope.pace:.2f}%）")
        second.append("  │  记录截至 ")
        if scope.known_at is None:
            second.append("现在（全部已记录的事实）", style="bold")
        else:
            moment = scope.known_at.astimezone().isoformat(sep=" ", timespec="seconds")
            second.append(f" {moment} 审计回放 ", style="bold reverse")
        second.append("  │  t 时间旅行  [ ] 按月移动  T 回到现在", style="dim")
        self.update(Text("\n").join([first, second]))
