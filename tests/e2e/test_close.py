"""``close --carry``: a close cannot be undone, so its carry file is read strictly and the
close says, line by line, what it carried and what it recovered."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from tui.cli.main import main


def run(capsys: pytest.CaptureFixture[str], *argv: str) -> tuple[int, str, str]:
    code = main(list(argv))
    out = capsys.readouterr()
    return code, out.out, out.err


def close(capsys: pytest.CaptureFixture[str], db: str, carry: Path) -> tuple[int, str, str]:
    return run(capsys, "--db", db, "close", "--year", "2024", "--unit", "105001",
               "--carry", str(carry))  # fmt: skip


def balances(capsys: pytest.CaptureFixture[str], db: str) -> dict[str, object]:
    _, out, _ = run(capsys, "--db", db, "report", "balances", "--year", "2024",
                    "--unit", "105001", "--format", "json")  # fmt: skip
    [general] = json.loads(out)["rows"]
    return general


def test_a_carry_file_without_its_header_is_refused_and_the_year_stays_open(
    sqlite_url: str, open_year_journal: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    """The one line ``P01,6000.00`` used to be read as a header: nothing carried, the
    year closed, 6,000 元 recovered that should have been carried."""
    assert main(["--db", sqlite_url, "import", "--no-progress", str(open_year_journal)]) == 0
    capsys.readouterr()
    headless = open_year_journal.parent / "carry.csv"
    headless.write_text("P01,6000.00\n", encoding="utf-8")
    code, out, err = close(capsys, sqlite_url, headless)
    assert code == 1 and out == ""
    assert "第 1 行：应为表头 line,amount 或 指标编号,金额，实为「P01,6000.00」" in err
    assert balances(capsys, sqlite_url)["closed"] is False
    assert close(capsys, sqlite_url, open_year_journal)[0] == 1  # a journal, not a carry file
    headless.write_text("line,amount,memo\nP01,6000.00,x\n", encoding="utf-8")
    code, _, err = close(capsys, sqlite_url, headless)
    assert code == 1 and "实为「line,amount,memo」" in err


def test_the_close_prints_what_each_line_carried_and_recovered(
    sqlite_url: str, open_year_journal: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    assert main(["--db", sqlite_url, "import", "--no-progress", str(open_year_journal)]) == 0
    capsys.readouterr()
    carry = open_year_journal.parent / "carry.csv"
    carry.write_text("指标编号,金额\nP01,6000.00\n", encoding="utf-8")
    code, out, err = close(capsys, sqlite_url, carry)
    assert code == 0, err
    rows = {r.split()[0]: r.split()[1:] for r in out.splitlines() if r[:1] in "CLP合"}
    # P01 had 15,700.00 元 left (the journal's budget less its payments).
    assert rows["P01"] == ["15700.00", "6000.00", "9700.00"]
    assert rows["L01"] == ["70540.00", "0.00", "70540.00"]
    assert rows["合计"][1] == "6000.00"
    assert balances(capsys, sqlite_url)["closed"] is True


def test_refusals_name_the_row_of_the_carry_file(
    sqlite_url: str, open_year_journal: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    assert main(["--db", sqlite_url, "import", "--no-progress", str(open_year_journal)]) == 0
    capsys.readouterr()
    carry = open_year_journal.parent / "carry.csv"
    # Sorted by code, ZZ9 would be the second line carried; in the file it is on row 4.
    carry.write_text("line,amount\nP01,6000.00\n\nZZ9,1.00\n", encoding="utf-8")
    code, _, err = close(capsys, sqlite_url, carry)
    assert code == 1 and "第 4 行，列 line（指标编号）：单位 105001 的 2024 年度没有指标 ZZ9" in err
    carry.write_text("line,amount\nP02,1.00\nP01,60000.00\n", encoding="utf-8")
    code, _, err = close(capsys, sqlite_url, carry)
    assert code == 1 and "第 3 行，列 amount（金额）：结转金额 60,000.00 元超过指标 P01" in err
    assert balances(capsys, sqlite_url)["closed"] is False
