"""Monthly spending (执行数) as a bar chart: one line per month, bars scaled to the
largest month, figures in 万元; months after the as-of date are dimmed."""

from __future__ import annotations

from datetime import date

from rich.text import Text
from textual.widgets import Static

from tui.format import money

WIDTH = 20


class MonthChart(Static):
    def show(self, spent: list[int], as_of: date) -> None:
        top = max([*spent, 1])
        label_width = max(len(money(v)) for v in spent)
        text = Text(no_wrap=True)
        for month, fen in enumerate(spent, start=1):
            later = month > as_of.month
            cells = max(int(fen * WIDTH / top), 1 if fen > 0 else 0)
            text.append(f"{month:>2}月 ", style="dim" if later else "")
            text.append("█" * cells, style="dim" if later else "cyan")
            text.append(" " * (WIDTH - cells + 1))
            text.append(money(fen).rjust(label_width), style="dim" if later else "")
            if month < 12:
                text.append("\n")
        self.update(text)
