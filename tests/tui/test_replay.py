"""Replay: a line's facts one by one, forward and back, its figures moving."""

from __future__ import annotations

from textual.widgets import Static

from tests.tui.conftest import SIZE, app_on, press, settle
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
