"""Snapshots of every tab and dialog at 130×40 on the example year, as of 2024-12-31, and
of the main tabs at 80×24, 100×30, 160×48 and 220×60 (the view's dates always in the top
bar; names shrink before figures do).

Recorded times change with every run: the snapshots of the audit trail and the replay
show them as （记录时间）. ``pytest --snapshot-update`` rewrites the SVGs after a change
that is meant; look at them (``tests/tui/__snapshots__``) before committing.
"""

from __future__ import annotations

import re
import tempfile
from collections.abc import Callable, Coroutine
from datetime import date
from pathlib import Path
from typing import Any

import pytest
from rich.text import Text
from textual.pilot import Pilot
from textual.widgets import DataTable, Input, Static

from tests.journal_files import payment, write
from tests.tui.conftest import SIZE, app_on, fill, press, settle
from tui.app import LedgerApp

Before = Callable[[Pilot[None]], Coroutine[Any, Any, None]]
Compare = Callable[..., bool]


def keys(*pressed: str, normalise: bool = False) -> Before:
    """Press ``pressed``, wait for every query, hide what changes between runs."""

    async def before(pilot: Pilot[None]) -> None:
        await settle(pilot)
        await press(pilot, *pressed)
        await settle(pilot, still=True)
        if normalise:
            hide_recorded_times(pilot.app)
        for field in pilot.app.screen.query(Input):
            field.cursor_blink = False
        await pilot.pause()

    return before


RECORDED = re.compile(r"记录于 [^，]+，")


def hide_recorded_times(app: LedgerApp) -> None:
    for detail in app.query("#history-detail").results(Static):
        shown = str(detail.render())
        detail.update(Text(RECORDED.sub("记录于 （记录时间），", shown)))
    tables = [table for screen in app.screen_stack for table in screen.query(DataTable)]
    for table in tables:
        if "recorded_at" not in table.columns:
            continue
        for row in list(table.rows):
            if table.get_cell(row, "recorded_at").plain:
                table.update_cell(row, "recorded_at", Text("（记录时间）"))


SIZES = [(80, 24), (100, 30), (160, 48), (220, 60)]
BY_SIZE = pytest.mark.parametrize("size", SIZES, ids=[f"{w}x{h}" for w, h in SIZES])


class TestSizes:
    """The main tabs at four terminal sizes: the bar keeps 截至 and 记录截至, names shrink
    (…) before any figure is cut, optional columns go last of all."""

    @BY_SIZE
    def test_overview(self, snap_compare: Compare, example_db: str, size: tuple[int, int]) -> None:
        assert snap_compare(app_on(example_db), terminal_size=size, run_before=keys())

    @BY_SIZE
    def test_execution(self, snap_compare: Compare, example_db: str, size: tuple[int, int]) -> None:
        assert snap_compare(app_on(example_db), terminal_size=size, run_before=keys("2"))

    @BY_SIZE
    def test_projects(self, snap_compare: Compare, example_db: str, size: tuple[int, int]) -> None:
        assert snap_compare(app_on(example_db), terminal_size=size, run_before=keys("3"))

    @BY_SIZE
    def test_audit_trail(
        self, snap_compare: Compare, example_db: str, size: tuple[int, int]
    ) -> None:
        before = keys("5", normalise=True)
        assert snap_compare(app_on(example_db), terminal_size=size, run_before=before)


class TestOverview:
    def test_overview(self, snap_compare: Compare, example_db: str) -> None:
        """The README's screenshot: the example year at its end."""
        assert snap_compare(app_on(example_db), terminal_size=SIZE, run_before=keys())

    def test_overview_as_of_june(self, snap_compare: Compare, example_db: str) -> None:
        app = app_on(example_db, as_of=date(2024, 6, 30))
        assert snap_compare(app, terminal_size=SIZE, run_before=keys())


class TestExecution:
    def test_tree_down_to_a_lines_facts(self, snap_compare: Compare, example_db: str) -> None:
        drill = ("2", "down", "enter", "down", "enter", "down", "down", "down", "enter")
        assert snap_compare(app_on(example_db), terminal_size=SIZE, run_before=keys(*drill))

    def test_grouped_by_fund(self, snap_compare: Compare, example_db: str) -> None:
        assert snap_compare(app_on(example_db), terminal_size=SIZE, run_before=keys("2", "g", "g"))


class TestProjects:
    def test_projects(self, snap_compare: Compare, example_db: str) -> None:
        assert snap_compare(app_on(example_db), terminal_size=SIZE, run_before=keys("3"))

    def test_only_lagging(self, snap_compare: Compare, example_db: str) -> None:
        """``l``: the lagging projects, and a total of them alone that says so."""
        assert snap_compare(app_on(example_db), terminal_size=SIZE, run_before=keys("3", "l"))

    def test_a_project_opened(self, snap_compare: Compare, example_db: str) -> None:
        before = keys("3", "down", "enter")
        assert snap_compare(app_on(example_db), terminal_size=SIZE, run_before=before)


class TestBalances:
    def test_balances(self, snap_compare: Compare, example_db: str) -> None:
        assert snap_compare(app_on(example_db), terminal_size=SIZE, run_before=keys("4"))


class TestHistory:
    def test_latest_facts(self, snap_compare: Compare, example_db: str) -> None:
        before = keys("5", normalise=True)
        assert snap_compare(app_on(example_db), terminal_size=SIZE, run_before=before)

    def test_replay_of_a_line(self, snap_compare: Compare, example_db: str) -> None:
        before = keys("5", "p", "enter", "right", "right", "right", normalise=True)
        assert snap_compare(app_on(example_db), terminal_size=SIZE, run_before=before)


class TestRecord:
    def test_an_overspend_refused(self, snap_compare: Compare, open_year_db: str) -> None:
        async def before(pilot: Pilot[None]) -> None:
            await settle(pilot)
            await press(pilot, "6")
            await fill(pilot, line="L01", economic="30101", amount="999999.00", doc="ZF-TEST-1")
            await press(pilot, "ctrl+s")
            await keys()(pilot)

        assert snap_compare(app_on(open_year_db), terminal_size=SIZE, run_before=before)


class TestPerformance:
    """绩效: 双监控 of the example's projects with their performance facts."""

    def test_performance(self, snap_compare: Compare, performance_db: str) -> None:
        assert snap_compare(app_on(performance_db), terminal_size=SIZE, run_before=keys("8"))

    def test_a_project_opened(self, snap_compare: Compare, performance_db: str) -> None:
        """Its indicators as of 30 June (the revised targets in force) and their history."""
        app = app_on(performance_db, as_of=date(2024, 6, 30))
        assert snap_compare(app, terminal_size=SIZE, run_before=keys("8", "enter"))

    def test_progress_form(self, snap_compare: Compare, performance_db: str) -> None:
        """The record tab's 绩效监控 form: project and indicator, no line and no amount."""
        before = keys("6", "right", "right", "right", "right", "right", "right", "right")
        assert snap_compare(app_on(performance_db), terminal_size=SIZE, run_before=before)


class TestDialogs:
    def test_time_travel(self, snap_compare: Compare, example_db: str) -> None:
        assert snap_compare(app_on(example_db), terminal_size=SIZE, run_before=keys("t"))

    def test_scope_picker(self, snap_compare: Compare, example_db: str) -> None:
        assert snap_compare(app_on(example_db), terminal_size=SIZE, run_before=keys("u"))

    def test_help(self, snap_compare: Compare, example_db: str) -> None:
        assert snap_compare(app_on(example_db), terminal_size=SIZE, run_before=keys("f1"))

    def test_import(
        self,
        snap_compare: Compare,
        example_db: str,
        tmp_path: Path,
        monkeypatch: pytest.MonkeyPatch,
    ) -> None:
        monkeypatch.chdir(tmp_path)
        write(Path("payments.csv"), [payment("L01", "10.00", "ZF-1")])
        assert snap_compare(app_on(example_db), terminal_size=SIZE, run_before=keys("i"))


class TestFinalAccounts:
    def test_final_accounts_table_01(self, snap_compare: Compare, example_db: str) -> None:
        assert snap_compare(app_on(example_db), terminal_size=SIZE, run_before=keys("7"))

    def test_final_accounts_checks(self, snap_compare: Compare, example_db: str) -> None:
        """The last table tab: every 勾稽 rule and whether it holds."""
        assert snap_compare(app_on(example_db), terminal_size=SIZE, run_before=keys("7", "left"))

    def test_export_dialog(
        self, snap_compare: Compare, example_db: str, monkeypatch: pytest.MonkeyPatch
    ) -> None:
        """``x``: where to write the workbook, the unit and year in the file's name, and the
        full path it resolves to (from a folder whose name is the same on every machine)."""
        folder = Path(tempfile.gettempdir()) / "budget-ledger-export-snapshot"
        folder.mkdir(exist_ok=True)
        monkeypatch.chdir(folder)
        assert snap_compare(app_on(example_db), terminal_size=SIZE, run_before=keys("7", "x"))
