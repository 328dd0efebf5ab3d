"""Every tab and dialog driven with the keyboard, headless, on the example year."""

from __future__ import annotations

import csv
import json
from collections import defaultdict
from decimal import ROUND_HALF_UP, Decimal
from pathlib import Path

from rich.text import Text
from textual.widgets import DataTable, Input, Static

from tests.conftest import EXAMPLE, open_service
from tests.journal_files import appropriation, payment, write
from tests.tui.conftest import SIZE, app_on, fill, press, settle
from tui.screens.help import HelpScreen
from tui.screens.history import FILTERS
from tui.screens.project_detail import ProjectScreen
from tui.screens.scope_picker import ScopePicker
from tui.widgets.report_table import ReportTable
from tui.widgets.scope_bar import ScopeBar
from tui.widgets.tree_table import TreeTable

# The example as journal rows and as its published figures, to check the screens against.
JOURNAL = list(csv.DictReader((EXAMPLE / "journal.csv").open(encoding="utf-8")))
EXPECTED = json.loads((EXAMPLE / "expected.json").read_text(encoding="utf-8"))
# Each journal row is a fact, a transfer two (out, in); the close closes each line too.
FACTS = (
    len(JOURNAL)
    + sum(r["kind"] == "transfer" for r in JOURNAL)
    + len({r["line"] for r in JOURNAL if r["line"]})
)


def wan(yuan: Decimal) -> str:
    """元 as the tables print them: 万元, two decimals, rounded half up once."""
    return str((yuan / 10000).quantize(Decimal("0.01"), ROUND_HALF_UP))


def cells(table: DataTable[Text]) -> list[list[str]]:
    return [
        [str(c.plain if isinstance(c, Text) else c) for c in table.get_row_at(i)]
        for i in range(table.row_count)
    ]


def column(table: DataTable[Text], label: str) -> list[str]:
    labels = [c.label.plain for c in table.ordered_columns]
    i = labels.index(label)
    return [row[i] for row in cells(table)]


def bar_text(app) -> str:  # type: ignore[no-untyped-def]
    return str(app.query_one(ScopeBar).render())


async def test_overview_shows_the_example_and_its_published_spending(example_db: str) -> None:
    app = app_on(example_db)
    async with app.run_test(size=SIZE) as pilot:
        await settle(pilot)
        assert "单位 105001 中共长治市委网络安全和信息化委员会办公室" in bar_text(app)
        assert "截至 2024-12-31" in bar_text(app) and "记录截至 现在" in bar_text(app)
        units = app.query_one("#units", ReportTable)
        assert cells(units)[0][:3] == ["2024", "105001", "中共长治市委网络安全和信息化委员会办公室"]
        assert "502.98" in cells(units)[0]
        by_class = app.query_one("#by-class", ReportTable)
        assert column(by_class, "执行数")[:5] == ["448.64", "0.27", "27.44", "7.76", "18.87"]
        behind = app.query_one("#behind", ReportTable)
        assert column(behind, "项目编码")[0] == "105001-2024-03"


async def test_choosing_a_unit_on_the_overview_sets_the_scope_of_every_tab(
    example_db: str,
) -> None:
    app = app_on(example_db)
    async with app.run_test(size=SIZE) as pilot:
        await settle(pilot)
        await press(pilot, "u")
        assert isinstance(app.screen, ScopePicker)
        await press(pilot, "home", "enter")  # 全部单位（汇总）
        assert "全部单位" in bar_text(app)
        assert app.view.scope.unit is None
        await press(pilot, "enter")  # the unit under the cursor of the units table
        assert app.view.scope.unit == "105001"
        await press(pilot, "u", "home", "down", "enter")  # 主管部门 105（汇总 1 个单位）
        assert (app.view.scope.unit, app.view.scope.department) == (None, "105")
        assert "主管部门 105（汇总）" in bar_text(app)
        by_fund = app.query_one("#by-fund", ReportTable)
        assert column(by_fund, "执行数")[0] == "502.98"


async def test_number_keys_switch_tabs_and_each_tab_shows_its_figures(example_db: str) -> None:
    """Each tab, reached by its number key, shows what its queries found (not merely asked
    for): the tabs other than the overview are built and loaded on first sight."""

    def shown(pane: str) -> str:
        if pane == "overview":
            units = app.query_one("#units", ReportTable)
            return " ".join([*cells(units)[0][1:3], column(units, "执行数")[0]])
        if pane == "execution":
            return cells(app.query_one(TreeTable))[0][0].strip()
        if pane == "projects":
            return cells(app.query_one("#projects-table", ReportTable))[0][0]
        if pane == "balances":
            return str(app.query_one("#identities", Static).render()).splitlines()[0]
        if pane == "history":
            return heading(app).split("，")[0]
        fields = ("date", "year", "unit")
        return " ".join(app.query_one(f"#field-{c}", Input).value for c in fields)

    expected = {
        "overview": "105001 中共长治市委网络安全和信息化委员会办公室 502.98",
        "execution": "▾ 201 一般公共服务支出",
        "projects": "105001-2024-01",
        "balances": "✓ 成立  一般公共预算：年初 37.64 + 收入 465.34 = 支出 502.98 + 年末 0.00 + 收回 0.00",
        "history": "共 222 条记录",
        "record": "2024-12-31 2024 105001",  # the form's defaults from the view
    }
    app = app_on(example_db)
    async with app.run_test(size=SIZE) as pilot:
        await settle(pilot)
        for key, pane in zip("123456", expected, strict=True):
            await press(pilot, key)
            assert pane == app.active_pane().PANE_ID  # type: ignore[union-attr]
            assert shown(pane) == expected[pane]


async def test_execution_tree_drills_down_to_a_lines_facts(example_db: str) -> None:
    app = app_on(example_db)
    async with app.run_test(size=SIZE) as pilot:
        await settle(pilot)
        await press(pilot, "2")
        tree = app.query_one(TreeTable)
        assert [r[0].strip() for r in cells(tree)][:2] == [
            "▾ 201 一般公共服务支出",
            "▸ 20137 网信事务",
        ]
        # 20137 → 2013701 → L01 (its first line after C01) → the facts of L01
        await press(pilot, "down", "enter", "down", "enter", "down", "down", "enter")
        labels = [r[0].strip() for r in cells(tree)]
        assert "▾ L01 人员经费" in labels
        facts = labels[labels.index("▾ L01 人员经费") + 1 :]
        assert facts[0].startswith("01-05 年初批复")
        assert facts[1].startswith("01-10 支付 ZF2024-0001")
        # Folding the line hides its facts again.
        await press(pilot, "left")
        assert not any(
            label.startswith("01-10 支付") for label in (r[0].strip() for r in cells(tree))
        )


async def test_execution_grouping_switches_with_g(example_db: str) -> None:
    app = app_on(example_db)
    async with app.run_test(size=SIZE) as pilot:
        await settle(pilot)
        await press(pilot, "2", "g")  # 功能分类 → 经济分类
        tree = app.query_one(TreeTable)
        assert (
            app.query_one("#execution-heading")
            .render()
            .plain.startswith("预算执行情况（按经济分类）")
        )  # type: ignore[attr-defined]
        # Grouped by the lines' restrictions: 302 holds only 公务接待费 (P11a), budget
        # approved without a code is 未细化, last, with all it spent.
        assert cells(tree)[0][0].strip().startswith("▾ 302 商品和服务支出")
        assert cells(tree)[0][4:6] == ["0.05", "0.05"]
        await press(pilot, "g")  # → 资金性质
        assert cells(tree)[0][0].strip() == "▾ 一般公共预算"
        assert cells(tree)[-1][0] == "合计" and "502.98" in cells(tree)[-1]


def budgets_by_line() -> defaultdict[str, Decimal]:
    """全年预算 of each line from the journal: approvals, carry-overs, adjustments and
    transfers (out of ``line``, into ``to_line``)."""
    budget: defaultdict[str, Decimal] = defaultdict(Decimal)
    for r in JOURNAL:
        if r["kind"] in ("appropriation", "carryover", "adjustment"):
            budget[r["line"]] += Decimal(r["amount"])
        elif r["kind"] == "transfer":
            budget[r["line"]] -= Decimal(r["amount"])
            budget[r["to_line"]] += Decimal(r["amount"])
    return budget


def top_rows(tree: TreeTable) -> dict[str, tuple[str, str]]:
    """The tree's top-level rows (and 合计): label → (全年预算, 执行数)."""
    rows = cells(tree)
    labels = [c.label.plain for c in tree.ordered_columns]
    at = labels.index("全年预算"), labels.index("执行数")
    return {
        row[0].strip().lstrip("▾▸ "): (row[at[0]], row[at[1]])
        for row in rows
        if not row[0].startswith("  ")
    }


async def test_execution_grouped_by_spending_type(example_db: str) -> None:
    category = {r["line"]: r["category"] for r in JOURNAL if r["category"]}
    budget: defaultdict[str, Decimal] = defaultdict(Decimal)
    for line, amount in budgets_by_line().items():
        budget["项目支出" if category[line] == "项目支出" else "基本支出"] += amount
    spent = EXPECTED["t03_支出决算表"]["rows"]["合计"]  # 本年支出合计, 基本支出, 项目支出
    app = app_on(example_db)
    async with app.run_test(size=SIZE) as pilot:
        await settle(pilot)
        await press(pilot, "2", "g", "g", "g")  # 功能分类 → 经济分类 → 资金性质 → 支出类型
        heading = app.query_one("#execution-heading").render().plain  # type: ignore[attr-defined]
        assert heading.startswith("预算执行情况（按支出类型）")
        tree = app.query_one(TreeTable)
        assert top_rows(tree) == {
            "基本支出": (wan(budget["基本支出"]), spent[1]),
            "项目支出": (wan(budget["项目支出"]), spent[2]),
            "合计": (wan(sum(budget.values(), Decimal(0))), spent[0]),
        }
        # 基本支出 unfolded: 人员经费 and 公用经费, spent as 公开06 prints them.
        labels = [row[0].strip() for row in cells(tree)]
        t06 = EXPECTED["t06_一般公共预算财政拨款基本支出决算明细表"]
        assert labels[1:3] == ["▸ 人员经费", "▸ 公用经费"]
        assert column(tree, "执行数")[1:3] == [t06["人员经费合计"], t06["公用经费合计"]]


async def test_execution_grouped_by_project(example_db: str) -> None:
    project = {r["line"]: r["project_code"] or "（非项目）" for r in JOURNAL if r["category"]}
    budget: defaultdict[str, Decimal] = defaultdict(Decimal)
    for line, amount in budgets_by_line().items():
        budget[project[line]] += amount
    spent: defaultdict[str, Decimal] = defaultdict(Decimal)
    for r in JOURNAL:
        if r["kind"] in ("payment", "reversal"):
            sign = 1 if r["kind"] == "payment" else -1
            spent[project[r["line"]]] += sign * Decimal(r["amount"])
    expected = {code: (wan(budget[code]), wan(spent[code])) for code in budget}
    # The published self-evaluations, where there is one (the others are reconstructed).
    for name, figures in EXPECTED["projects"]["rows"].items():
        expected[name.split(" ", 1)[0]] = (figures[0], figures[1])
    basic = EXPECTED["t03_支出决算表"]["rows"]["合计"][1]
    assert expected["（非项目）"][1] == basic
    app = app_on(example_db)
    async with app.run_test(size=SIZE) as pilot:
        await settle(pilot)
        await press(pilot, "2", "g", "g", "g", "g")  # … → 项目
        tree = app.query_one(TreeTable)
        rows = top_rows(tree)
        assert list(rows)[:-2] == sorted(code for code in expected if code != "（非项目）")
        assert list(rows)[-2:] == ["（非项目）", "合计"]
        assert {code: rows[code] for code in expected} == expected
        assert rows["合计"][1] == EXPECTED["t01_收入支出决算总表"]["本年支出合计"]
        # Two lines of one project (P11a, restricted to 公务接待费, and P11b) under it.
        labels = [row[0].strip() for row in cells(tree)]
        at = labels.index("▾ 105001-2024-11")
        assert labels[at + 1 : at + 3] == ["▸ P11a 专项业务费", "▸ P11b 专项业务费"]


async def test_projects_show_bars_lagging_projects_and_open_one(example_db: str) -> None:
    app = app_on(example_db)
    async with app.run_test(size=SIZE) as pilot:
        await settle(pilot)
        await press(pilot, "3")
        table = app.query_one("#projects-table", ReportTable)
        rows = {r[0]: r for r in cells(table)}
        first = rows["105001-2024-01"]
        assert "68.60" in first and "6.86" in first  # 执行率, 得分
        # 滞后 in words, not the ✓ that says "holds" on 结转结余.
        assert column(table, "滞后")[0] == "▼ 滞后"
        assert not any("✓" in c for row in cells(table) for c in row)
        assert "┃" in first[2]  # the 序时进度 marker on the bar
        assert column(table, "滞后")[4] == ""  # 105001-2024-05, spent in full
        assert cells(table)[-1][0] == "合计"
        await press(pilot, "l")  # only the lagging ones
        assert len(cells(table)) - 1 == 6
        # The total follows the filter, and says what it totals.
        budgets = [Decimal(b) for b in column(table, "全年预算")]
        assert cells(table)[-1][0] == "合计（滞后 6 个）"
        assert budgets[-1] == sum(budgets[:-1]) == Decimal("169.37")
        await press(pilot, "l")
        assert cells(table)[-1][0] == "合计" and column(table, "全年预算")[-1] == "363.09"
        await press(pilot, "home", "enter")
        assert isinstance(app.screen, ProjectScreen)
        lines = app.screen.query_one("#project-lines", ReportTable)
        assert column(lines, "指标")[0] == "P01"
        payments = app.screen.query_one("#project-payments", ReportTable)
        assert all(kind == "支付" for kind in column(payments, "类型"))
        await press(pilot, "escape")
        assert not isinstance(app.screen, ProjectScreen)


async def test_balances_show_the_identity_and_carry_over_ages(example_db: str) -> None:
    app = app_on(example_db)
    async with app.run_test(size=SIZE) as pilot:
        await settle(pilot)
        await press(pilot, "4")
        identities = str(app.query_one("#identities", Static).render())
        assert (
            "✓ 成立  一般公共预算：年初 37.64 + 收入 465.34 = 支出 502.98 + 年末 0.00" in identities
        )
        ages = app.query_one("#ages-table", ReportTable)
        assert cells(ages)[0][:3] == ["一般公共预算", "2023", "1"]


async def test_history_pages_and_filters(example_db: str) -> None:
    app = app_on(example_db)
    async with app.run_test(size=SIZE) as pilot:
        await settle(pilot)
        await press(pilot, "5")
        table = app.query_one("#history-table", ReportTable)
        # Pages counted from the first fact, whichever way they are turned.
        assert heading(app).startswith("共 222 条记录，第 201–222 条")
        assert column(table, "类型")[-1] == "年终结转"
        await press(pilot, "p")
        assert "第 101–200 条" in heading(app)
        await press(pilot, "b")
        assert "第 1–100 条" in heading(app)
        assert column(table, "序号")[0] == cells(table)[0][0]
        assert column(table, "类型")[0] == "上年结转"
        await press(pilot, "n")
        assert "第 101–200 条" in heading(app)
        await press(pilot, "n")
        assert "第 201–222 条" in heading(app)
        # Filter by voucher: / focuses the filters; the third is 文号/凭证号.
        await press(pilot, "slash", "tab", "tab")
        await pilot.press(*"ZF2024-9002")
        await press(pilot, "enter")
        assert column(table, "类型") == ["支付", "冲销"]
        assert column(table, "对方/原凭证") == ["", "ZF2024-9002"]
        await press(pilot, "x")
        assert heading(app).startswith("共 222 条记录")


async def test_history_finds_documents_by_their_start(example_db: str) -> None:
    starts = [r["doc"] for r in JOURNAL if r["doc"].lower().startswith("zf2024-01")]
    assert len(starts) > 1
    app = app_on(example_db)
    async with app.run_test(size=SIZE) as pilot:
        await settle(pilot)
        await press(pilot, "5")
        table = app.query_one("#history-table", ReportTable)
        await filter_history(pilot, doc="zf2024-01")  # any letter case
        assert heading(app).startswith(f"共 {len(starts)} 条记录")
        assert column(table, "文号") == starts
        await filter_history(pilot, doc="ZF2024-0%")  # % is a character, not a wildcard
        assert heading(app).startswith("共 0 条记录")


async def test_history_says_a_date_is_impossible_and_clears_the_results(
    example_db: str,
) -> None:
    app = app_on(example_db)
    async with app.run_test(size=SIZE) as pilot:
        await settle(pilot)
        await press(pilot, "5")
        table = app.query_one("#history-table", ReportTable)
        assert len(cells(table)) == 22
        await filter_history(pilot, date_from="2024-02-30")
        assert "日期不存在：2024-02-30" in heading(app) and "格式" not in heading(app)
        assert column(table, "类型") == [""]  # no facts left on screen under the error
        await filter_history(pilot, date_from="2024/02/01")
        assert "日期格式应为 YYYY-MM-DD：2024/02/01" in heading(app)
        await filter_history(pilot, date_from="2024-02-01")
        assert heading(app).startswith("共 ")


def heading(app) -> str:  # type: ignore[no-untyped-def]
    return app.query_one("#history-heading").render().plain  # type: ignore[no-any-return]


async def filter_history(pilot, **given: str) -> None:  # type: ignore[no-untyped-def]
    """Fill the audit trail's filters (named as in ``history.FILTERS``; the others
    emptied), as ``fill`` does the record form, and press Enter in them."""
    await press(pilot, "slash")
    for key, _, _ in FILTERS:
        pilot.app.query_one(f"#filter-{key}", Input).value = given.get(key, "")
    await press(pilot, "enter")


async def test_history_filters_by_unit_line_actor_and_dates(
    example_db: str, tmp_path: Path
) -> None:
    # A second unit, recorded by someone else: the store then opens on all units.
    other = [appropriation("X1", "50000.00"), payment("X1", "100.00", "ZF-X-1")]
    other.append(payment("X1", "200.00", "ZF-X-2", "2024-05-06"))
    open_service(example_db, actor="李会计").import_file(write(tmp_path / "x.csv", other))
    close = next(r for r in JOURNAL if r["kind"] == "close")
    app = app_on(example_db)
    async with app.run_test(size=SIZE) as pilot:
        await settle(pilot)
        await press(pilot, "5")
        table = app.query_one("#history-table", ReportTable)
        assert heading(app).startswith(f"共 {FACTS + 3} 条记录")
        await filter_history(pilot, unit="900001")
        assert heading(app).startswith("共 3 条记录，第 1–3 条")
        assert column(table, "文号") == ["批复-1", "ZF-X-1", "ZF-X-2"]
        assert column(table, "经办人") == ["李会计"] * 3
        await filter_history(pilot, actor="测试员")  # who imported the example
        assert heading(app).startswith(f"共 {FACTS} 条记录")
        assert set(column(table, "单位")) == {"105001"}
        # A line: its rows of the journal in order, then its share of the year-end close.
        await filter_history(pilot, line="L02")
        on_line = [r["doc"] for r in JOURNAL if r["line"] == "L02"] + [close["doc"]]
        assert heading(app).startswith(f"共 {len(on_line)} 条记录，第 1–{len(on_line)} 条")
        assert column(table, "文号") == on_line
        assert set(column(table, "指标")) == {"L02"}
        # Business dates: May, both units.
        await filter_history(pilot, date_from="2024-05-01", date_to="2024-05-31")
        in_may = [r["doc"] for r in JOURNAL if r["date"].startswith("2024-05")] + ["ZF-X-2"]
        assert heading(app).startswith(f"共 {len(in_may)} 条记录")
        assert column(table, "文号") == in_may
        assert all(day.startswith("2024-05") for day in column(table, "业务日期"))
        # Filters add up: one line of one unit within the dates.
        await filter_history(pilot, unit="105001", line="L02", date_to="2024-05-31")
        until_may = [r["doc"] for r in JOURNAL if r["line"] == "L02" and r["date"] <= "2024-05-31"]
        assert column(table, "文号") == until_may
        await press(pilot, "x")
        assert heading(app).startswith(f"共 {FACTS + 3} 条记录")


async def test_help_lists_the_keys_and_the_palette_runs_commands(example_db: str) -> None:
    app = app_on(example_db)
    async with app.run_test(size=SIZE) as pilot:
        await settle(pilot)
        await press(pilot, "question_mark")
        assert isinstance(app.screen, HelpScreen)
        listed = {b.description for _, found in app.screen.sections for b in found}
        assert {
            "时间旅行",
            "前一月",
            "回放",
            "导入",
            "切换分组",
            "只看滞后",
            "下一页",
            "下一步",
        } <= listed
        await press(pilot, "escape")
        await press(pilot, "ctrl+p")
        await pilot.press(*"预算执行")
        await press(pilot, "enter")
        assert app.active_pane().PANE_ID == "execution"  # type: ignore[union-attr]


async def test_the_ui_runs_on_sqlite_and_postgresql(db_url: str, open_year_journal) -> None:  # type: ignore[no-untyped-def]
    open_service(db_url).import_file(open_year_journal)
    app = app_on(db_url)
    async with app.run_test(size=SIZE) as pilot:
        await settle(pilot)
        assert column(app.query_one("#by-fund", ReportTable), "全年预算")[0] == "655.15"
        await press(pilot, "6")
        await fill(pilot, line="L01", economic="30101", amount="1.00", doc="ZF-PG-1")
        await press(pilot, "ctrl+s", "5")
        assert column(app.query_one("#history-table", ReportTable), "文号")[-1] == "ZF-PG-1"
