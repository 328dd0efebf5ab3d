"""How figures look on screen: 万元 with two decimals and percentages right-aligned,
from the same column kinds the reports declare (``projections.report.Column``)."""

from __future__ import annotations

from decimal import Decimal
from typing import Any

from rich.console import JustifyMethod
from rich.text import Text

from ledger.money import wan
from projections.render import people_value
from projections.report import Column

NUMERIC = ("money", "yuan", "percent", "int")
BAR_WIDTH = 20


def cell(column: Column, value: Any, style: str = "") -> Text:
    """A table cell: numbers right-aligned so their decimal points line up."""
    if isinstance(value, Text):  # drawn by the screen (a progress bar)
        return value
    if column.kind == "flag":
        return Text("✓" if value else "", style=style, justify="center")
    text = people_value(column, value)
    justify: JustifyMethod = "right" if column.kind in NUMERIC else "left"
    return Text(text, style=style, justify=justify, no_wrap=True, overflow="ellipsis")


def money(fen: int | None) -> str:
    return "" if fen is None else f"{wan(fen):,.2f}"


def percent(value: Decimal | None) -> str:
    return "—" if value is None else f"{value:.2f}%"


def progress_bar(
    rate: Decimal | None, pace: Decimal, lagging: bool, width: int = BAR_WIDTH
) -> Text:
    """执行率 as a bar with the 序时进度 marked (┃): lagging bars in the warning colour."""
    filled = 0 if rate is None else min(int(rate * width / 100), width)
    mark = min(int(pace * width / 100), width - 1)
    bar = Text(no_wrap=True)
    colour = "bold red" if lagging else "green"
    for i in range(width):
        if i == mark:
            bar.append("┃", style="bold yellow")
        elif i < filled:
            bar.append("█", style=colour)
        else:
            bar.append("░", style="dim")
    return bar


def status(lead: str, style: str, detail: str = "") -> Text:
    """A status line: a coloured lead and the detail as plain text (never markup, so a
    file name or an error with brackets shows as it is)."""
    return Text.assemble((lead, style), detail)


def widths(labels: list[Text], rows: list[list[Text]]) -> list[int]:
    """Each column's width in terminal cells (CJK characters count two): tables are
    given fixed widths so that every row, whenever drawn, lines up with the header."""
    found = [label.cell_len for label in labels]
    for row in rows:
        for i, text in enumerate(row):
            found[i] = max(found[i], text.cell_len)
    return found
