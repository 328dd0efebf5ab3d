"""Replay: a line's (or a whole unit's) facts one by one, forward and back, its
figures moving."""

from __future__ import annotations

from decimal import Decimal

from textual.widgets import Label, Static

from projections.queries.replay import ReplayTarget
from tests.tui.conftest import SIZE, app_on, press, settle
from tests.tui.test_screens import EXPECTED, FACTS, JOURNAL, wan
from tui.screens.replay import ReplayScreen


def step(app) -> str:  # type: ignore[no-untyped-def]
    return str(app.screen.query_one("#replay-step", Static).render())


def figures(app) -> str:  # type: ignore[no-untyped-def]
    return str(app.screen.query_one("#replay-figures", Static).render())


async def test_stepping_through_a_line_moves_its_figures(example_db: str) -> None:
    app = app_on(example_db)
    async with app.run_test(size=SIZE) as pilot:
        await settle(pilot)
        # 预算执行: 201 → 20137 → 2013701 → C01, L01, L02
        await press(pilot, "2", "down", "enter", "down", "enter", "down", "down", "down")
        await press(pilot, "r")
        assert isinstance(app.screen, ReplayScreen)
        assert app.screen.target.line == "L02"
        assert step(app).startswith("第 1 / ")
        assert "年初批复" in step(app)
        assert figures(app).startswith(
            "全年预算 45.00 万元    执行数 0.00 万元    可用余额 45.00 万元"
        )
        await press(pilot, "right")
        assert step(app).startswith("第 2 / ")
        assert "支付" in step(app)
        after_first_payment = figures(app)
        assert "执行数 0.00 万元" not in after_first_payment
        await press(pilot, "left")
        assert step(app).startswith("第 1 / ") and "执行数 0.00 万元" in figures(app)
        await press(pilot, "end")
        total = step(app).split(" / ", 1)[1].split(" ", 1)[0]
        assert step(app).startswith(f"第 {total} / {total} 步")
        assert "年终结转" in step(app)
        await press(pilot, "home")
        assert step(app).startswith("第 1 / ")
        # The palette over the dialog offers the dialog's own keys.
        await press(pilot, "ctrl+p")
        await pilot.press(*"下一步")
        await press(pilot, "enter")
        assert step(app).startswith("第 2 / ")
        await press(pilot, "escape")
        assert not isinstance(app.screen, ReplayScreen)


async def test_replay_from_the_audit_trail_and_within_the_as_of_date(example_db: str) -> None:
    app = app_on(example_db)
    async with app.run_test(size=SIZE) as pilot:
        await settle(pilot)
        await press(pilot, "left_square_bracket", "left_square_bracket")  # as of 31 October
        await press(pilot, "5", "enter")  # replay the line of the latest fact shown
        assert isinstance(app.screen, ReplayScreen)
        await press(pilot, "end")
        shown = step(app)
        date = shown.split("步  ", 1)[1][:10]
        assert date <= "2024-10-31"


async def test_stepping_through_a_whole_unit_moves_its_figures(example_db: str) -> None:
    budget = sum(
        Decimal(r["amount"])
        for r in JOURNAL
        if r["kind"] in ("appropriation", "carryover", "adjustment")
    )
    carried = sum(Decimal(r["amount"]) for r in JOURNAL if r["kind"] == "carryover")
    spent = sum(Decimal(r["amount"]) for r in JOURNAL if r["kind"] == "payment") - sum(
        Decimal(r["amount"]) for r in JOURNAL if r["kind"] == "reversal"
    )
    first = next(n for n, r in enumerate(JOURNAL) if r["kind"] == "payment")  # recording order
    published = EXPECTED["t01_收入支出决算总表"]
    app = app_on(example_db)
    async with app.run_test(size=SIZE) as pilot:
        await settle(pilot)
        await press(pilot, "r")  # on the overview no line is under the cursor: the unit
        assert isinstance(app.screen, ReplayScreen)
        assert app.screen.target == ReplayTarget("105001", 2024)
        assert "全部指标" in str(app.screen.query_one(".dialog-title", Label).render())
        assert step(app).startswith(f"第 1 / {FACTS} 步  2024-01-01  上年结转  指标 C01")
        assert figures(app).startswith(f"全年预算 {wan(Decimal(JOURNAL[0]['amount']))} 万元")
        await press(pilot, "right")  # the second carry-over, on another line
        assert "指标 C02" in step(app)
        assert published["年初结转和结余"] == wan(carried)
        assert figures(app).startswith(f"全年预算 {wan(carried)} 万元    执行数 0.00 万元")
        await press(pilot, *["right"] * (first - 1))  # through the approvals to the first payment
        assert step(app).startswith(f"第 {first + 1} / {FACTS} 步")
        assert f"支付  指标 {JOURNAL[first]['line']}  {JOURNAL[first]['doc']}" in step(app)
        assert f"执行数 {wan(Decimal(JOURNAL[first]['amount']))} 万元" in figures(app)
        await press(pilot, "left")  # back: the approvals only
        initial = EXPECTED["t05_一般公共预算财政拨款支出决算表"]["年初预算_by_class"]["合计"]
        assert figures(app).startswith(
            f"全年预算 {Decimal(initial) + Decimal(published['年初结转和结余'])} 万元    "
            "执行数 0.00 万元"
        )
        await press(pilot, "end")  # the year-end close: the figures the year ended with
        assert step(app).startswith(f"第 {FACTS} / {FACTS} 步") and "年终结转" in step(app)
        assert published["本年支出合计"] == wan(spent)
        assert figures(app).startswith(
            f"全年预算 {wan(budget)} 万元    执行数 {wan(spent)} 万元    "
            f"可用余额 {wan(budget - spent)} 万元"
        )
        await press(pilot, "home")
        assert step(app).startswith(f"第 1 / {FACTS} 步")
