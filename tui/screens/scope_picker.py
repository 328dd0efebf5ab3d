"""Choosing what to look at: all units, a department (its units consolidated) or one
unit, and the year."""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any, ClassVar

from sqlalchemy.orm import Session
from textual.app import ComposeResult
from textual.binding import Binding, BindingType
from textual.containers import Vertical
from textual.screen import ModalScreen
from textual.widgets import Label, OptionList, Select
from textual.widgets.option_list import Option

from projections.queries.overview import units_and_years
from tui.messages import ScopeRequested
from tui.screens.loading import LoadsData
from tui.state import View


@dataclass
class Choices:
    units: list[dict[str, Any]]
    years: list[int]


class ScopePicker(LoadsData, ModalScreen[None]):
    BINDINGS: ClassVar[list[BindingType]] = [Binding("escape", "dismiss", "取消")]

    def __init__(self) -> None:
        super().__init__(classes="dialog-screen")

    def compose(self) -> ComposeResult:
        with Vertical(classes="dialog"):
            yield Label("选择单位与年度", classes="dialog-title")
            yield Select([], id="scope-year", prompt="年度", allow_blank=True)
            yield OptionList(id="scope-units")
            yield Label("Enter 确定 · Esc 取消", classes="note")

    def on_mount(self) -> None:
        self.reload()

    def load(self, session: Session, view: View) -> Choices:
        units, years = units_and_years(session)
        return Choices(units, years)

    def show(self, payload: Choices) -> None:
        scope = self.ledger.view.scope
        year = self.query_one("#scope-year", Select)
        years = sorted({*payload.years, scope.year}, reverse=True)
        year.set_options([(f"{y} 年度", y) for y in years])
        year.value = scope.year
        options = [Option("全部单位（汇总）", id="all:")]
        departments: dict[str, int] = {}
        for u in payload.units:
            if u["department"]:
                departments[u["department"]] = departments.get(u["department"], 0) + 1
        for code, count in sorted(departments.items()):
            options.append(
                Option(f"主管部门 {code}（汇总 {count} 个单位）", id=f"department:{code}")
            )
        for u in payload.units:
            name = u["unit_name"] or ""
            options.append(Option(f"单位 {u['unit']} {name}", id=f"unit:{u['unit']}"))
        units = self.query_one("#scope-units", OptionList)
        units.clear_options()
        units.add_options(options)
        current = (
            f"unit:{scope.unit}"
            if scope.unit
            else f"department:{scope.department}"
            if scope.department
            else "all:"
        )
        try:
            units.highlighted = units.get_option_index(current)
        except Exception:  # the current choice is not in the store (an empty year)
            units.highlighted = 0
        units.focus()

    def on_option_list_option_selected(self, event: OptionList.OptionSelected) -> None:
        event.stop()
        kind, _, code = (event.option.id or "all:").partition(":")
        value = self.query_one("#scope-year", Select).value
        year = value if isinstance(value, int) else self.ledger.view.scope.year
        self.app.post_message(
            ScopeRequested(
                year,
                unit=code if kind == "unit" else None,
                department=code if kind == "department" else None,
            )
        )
        self.dismiss(None)
