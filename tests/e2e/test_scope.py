"""One rule for every command: a unit, department or year the store does not hold, and an
as-of date outside the year, are refused in words (``report … --unit 105002`` used to
print zeros and exit 0; ``--year 2024 --as-of 2023-05-01`` was accepted)."""

from __future__ import annotations

import pytest

from tests.conftest import EXAMPLE
from tui.cli.main import main

SCOPED = (
    ["report", "execution"],
    ["report", "projects"],
    ["report", "balances"],
    ["final-accounts"],
    ["budget-tables"],
    ["check"],
)


@pytest.fixture
def store(sqlite_url: str, capsys: pytest.CaptureFixture[str]) -> str:
    assert main(["--db", sqlite_url, "import", "--no-progress", str(EXAMPLE / "journal.csv")]) == 0
    capsys.readouterr()
    return sqlite_url


@pytest.mark.parametrize("command", SCOPED, ids=" ".join)
def test_every_scoped_command_refuses_what_the_store_does_not_hold(
    store: str, command: list[str], capsys: pytest.CaptureFixture[str]
) -> None:
    def refused(*scope: str) -> str:
        assert main(["--db", store, *command, *scope]) == 1
        out = capsys.readouterr()
        assert out.out == ""
        return out.err

    assert "没有单位 105002 的任何记录（库中的单位：105001）" in refused(
        "--year", "2024", "--unit", "105002"
    )
    assert "没有主管部门 999（库中的主管部门：105）" in refused(
        "--year", "2024", "--department", "999"
    )
    assert "单位 105001 在 2023 年度没有任何记录（现有年度：2024）" in refused(
        "--year", "2023", "--unit", "105001"
    )
    assert "截至日期 2023-05-01 不在 2024 年度内" in refused(
        "--year", "2024", "--unit", "105001", "--as-of", "2023-05-01"
    )
    assert main(["--db", store, *command, "--year", "2024", "--unit", "105001"]) == 0


def test_history_close_and_the_ui_refuse_them_too(
    store: str, capsys: pytest.CaptureFixture[str]
) -> None:
    for argv in (
        ["history", "--unit", "105002"],
        ["history", "--year", "2023"],
        ["close", "--year", "2024", "--unit", "105002"],
        ["tui", "--year", "2024", "--as-of", "2025-01-01"],
        ["tui", "--unit", "105002"],
    ):
        assert main(["--db", store, *argv]) == 1, argv
        assert capsys.readouterr().err.startswith("错误：")
    assert main(["--db", store, "report", "execution", "--year", "2024"]) == 0
