"""公开01–10 of the Changzhi example against the figures its published final accounts
print (``expected.json``), value by value, through the command a finance officer runs."""

from __future__ import annotations

import json
from typing import Any

import pytest

from tests.conftest import EXAMPLE
from tui.cli.main import main

EXPECTED = json.loads((EXAMPLE / "expected.json").read_text(encoding="utf-8"))
NOT_FIGURES = {"about", "reconstructed", "note"}


def _final_accounts(db_url: str, capsys: pytest.CaptureFixture[str], *extra: str) -> Any:
    assert main(["--db", db_url, "import", "--no-progress", str(EXAMPLE / "journal.csv")]) == 0
    capsys.readouterr()
    argv = ["--db", db_url, "final-accounts", "--year", "2024", "--unit", "105001"]
    assert main([*argv, "--format", "json", *extra]) == 0
    return json.loads(capsys.readouterr().out)


def _compare(published: Any, ours: Any, path: str, problems: list[str]) -> None:
    """Every published key and value is in ours; arrays keep the published columns first."""
    if isinstance(published, dict):
        for key, value in published.items():
            if key in NOT_FIGURES:
                continue
            if not isinstance(ours, dict) or key not in ours:
                problems.append(f"{path}/{key}: missing")
            else:
                _compare(value, ours[key], f"{path}/{key}", problems)
    elif isinstance(published, list):
        if not isinstance(ours, list) or ours[: len(published)] != published:
            problems.append(f"{path}: published {published}, ours {ours}")
    elif published != ours:
        problems.append(f"{path}: published {published!r}, ours {ours!r}")


def test_every_published_figure(db_url: str, capsys: pytest.CaptureFixture[str]) -> None:
    ours = _final_accounts(db_url, capsys)
    problems: list[str] = []
    _compare(EXPECTED, ours, "", problems)
    assert problems == []
    assert ours["checks"] == {"passed": True, "rules": ours["checks"]["rules"], "failed": []}
    assert ours["preview"] is False


def test_rows_the_published_tables_leave_blank_are_zero_or_absent(
    db_url: str, capsys: pytest.CaptureFixture[str]
) -> None:
    ours = _final_accounts(db_url, capsys)
    # 01 and 04 print all 26 function classes; those left blank are zero.
    for table, key in (
        ("t01_收入支出决算总表", "expenditure_by_class"),
        ("t04_财政拨款收入支出决算总表", "expenditure_by_class_一般公共预算"),
    ):
        classes = ours[table][key]
        assert len(classes) == 26
        published = EXPECTED[table][key]
        assert {c for c, v in classes.items() if v != "0.00"} == set(published)
    # 02, 03 and 06 list exactly the codes with figures.
    for table in ("t02_收入决算表", "t03_支出决算表", "t06_一般公共预算财政拨款基本支出决算明细表"):
        assert list(ours[table]["rows"]) == list(EXPECTED[table]["rows"]), table
    assert ours["t02_收入决算表"]["columns"] == [
        "本年收入合计",
        "财政拨款收入",
        "上级补助收入",
        "事业收入",
        "经营收入",
        "附属单位上缴收入",
        "其他收入",
    ]
    # 09 carries 会议费 and 培训费 beside the 三公 items: 培训费 paid from project P02.
    assert ours["t09_财政拨款三公经费支出决算表"]["决算数"]["培训费"] == "3.97"
    assert ours["t09_财政拨款三公经费支出决算表"]["决算数"]["会议费"] == "0.00"


def test_rounding_difference_is_honest(db_url: str, capsys: pytest.CaptureFixture[str]) -> None:
    """Each figure is exact 元 rounded once: 196.40 + 214.61 = 411.01, printed 411.00."""
    rows = _final_accounts(db_url, capsys)["t02_收入决算表"]["rows"]
    assert rows["2013701"][0] == "196.40"
    assert rows["2013702"][0] == "214.61"
    assert rows["20137"][0] == "411.00"
    assert rows["201"][0] == "411.00"


def test_project_self_evaluation_figures(db_url: str, capsys: pytest.CaptureFixture[str]) -> None:
    projects = _final_accounts(db_url, capsys)["projects"]
    assert projects["columns"][-1] == "年初预算数"
    # Project 13 (示例) had 42.80 appropriated, 9.89 carried in and 26.03 added.
    assert projects["rows"]["105001-2024-13 网络舆情监测服务（示例）"] == [
        "78.72",
        "78.72",
        "0.00",
        "100.00",
        "10.00",
        "42.80",
    ]
