"""CJK names never shift a column: figures end on the same terminal cell in every row."""

from __future__ import annotations

from rich.cells import cell_len

from ledger.money import wan
from tests.tui.conftest import SIZE, app_on, settle
from tui.widgets.report_table import ReportTable


async def test_figures_line_up_whatever_the_width_of_the_names(example_db: str) -> None:
    app = app_on(example_db)
    async with app.run_test(size=SIZE) as pilot:
        await settle(pilot)
        table = app.query_one("#by-class", ReportTable)
        rows = [table.rows_by_key[str(i)] for i in range(len(table.rows_by_key))]
        assert len({cell_len(r["function_name"]) for r in rows}) > 1  # names of several widths
        ends: dict[str, set[int]] = {"budget": set(), "spent": set(), "rate": set()}
        for y, row in enumerate(rows, start=1):  # line 0 is the header
            line = table.render_line(y).text
            at = line.index(row["function_name"]) + len(row["function_name"])
            for key in ends:  # in the order of the columns
                value = f"{row[key]:.2f}" if key == "rate" else f"{wan(row[key]):,.2f}"
                at = line.index(value, at) + len(value)
                ends[key].add(cell_len(line[:at]))
        assert all(len(found) == 1 for found in ends.values()), ends
