"""The smaller things a first hour with the command line found (issue 11, item 8)."""

from __future__ import annotations

import csv
import io
import json
import re
from pathlib import Path

import pytest

from projections.render import width
from tests.conftest import EXAMPLE
from tui.cli.args import business_date
from tui.cli.main import main


def run(capsys: pytest.CaptureFixture[str], *argv: str) -> tuple[int, str, str]:
    code = main(list(argv))
    out = capsys.readouterr()
    return code, out.out, out.err


@pytest.fixture
def store(sqlite_url: str, capsys: pytest.CaptureFixture[str]) -> str:
    assert main(["--db", sqlite_url, "import", "--no-progress", str(EXAMPLE / "journal.csv")]) == 0
    capsys.readouterr()
    return sqlite_url


def journal() -> list[dict[str, str]]:
    with open(EXAMPLE / "journal.csv", encoding="utf-8") as f:
        return list(csv.DictReader(f))


def test_history_signs_reversals_and_transfers_out_and_names_both_sides(
    store: str, capsys: pytest.CaptureFixture[str]
) -> None:
    _, out, _ = run(capsys, "--db", store, "history", "--format", "json")
    rows = json.loads(out)["rows"]
    [reversal] = [r for r in rows if r["doc"] == "CX2024-0001"]
    assert reversal["amount"] == "-2000.00"
    [transfer] = [r for r in journal() if r["kind"] == "transfer"]
    out_of, into = (
        next(r for r in rows if r["kind"] == kind and r["doc"] == transfer["doc"])
        for kind in ("transfer", "transfer_in")
    )
    assert (out_of["line"], out_of["amount"]) == (transfer["line"], f"-{transfer['amount']}")
    assert (into["line"], into["amount"]) == (transfer["to_line"], transfer["amount"])
    _, out, _ = run(capsys, "--db", store, "history", "--doc", transfer["doc"])
    kinds = [line.split()[4] for line in out.splitlines()[4:] if line.strip()]
    assert sorted(kinds) == ["调入", "调出"]


def test_yes_and_no_in_words_in_tables_and_csv(
    sqlite_url: str, open_year_journal: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    assert main(["--db", sqlite_url, "import", "--no-progress", str(open_year_journal)]) == 0
    capsys.readouterr()
    scope = ["--year", "2024", "--unit", "105001"]
    _, out, _ = run(capsys, "--db", sqlite_url, "report", "balances", *scope, "--format", "csv")
    [general] = list(csv.DictReader(io.StringIO(out)))
    assert (general["closed"], general["identity_holds"]) == ("否", "是")
    _, out, _ = run(capsys, "--db", sqlite_url, "report", "balances", *scope)
    assert re.search(r"^一般公共预算 .* 否 +是 *$", out, re.M), out


def test_projects_are_named_and_a_nested_grouping_is_an_outline(
    store: str, capsys: pytest.CaptureFixture[str]
) -> None:
    scope = ["--year", "2024", "--unit", "105001"]
    _, out, _ = run(capsys, "--db", store, "report", "execution", *scope, "--by", "project")
    names = {r["project_code"]: r["project"] for r in journal() if r["project_code"]}
    for code, name in names.items():
        assert re.search(rf"^{code} +{name} ", out, re.M), code
    _, out, _ = run(capsys, "--db", store, "report", "execution", *scope, "--by", "fund,function")
    body = out.splitlines()[4:-1]
    assert sum("一般公共预算" in line for line in body) == 1  # once, above its functions
    assert body[1].lstrip().startswith("201 ")


def test_final_accounts_fit_160_columns(store: str, capsys: pytest.CaptureFixture[str]) -> None:
    _, out, _ = run(capsys, "--db", store, "final-accounts", "--year", "2024", "--unit", "105001")
    assert max(width(line) for line in out.splitlines()) <= 160
    assert "（第 2/2 部分）" in out  # 公开06's blocks, two parts
    assert "30217       公务接待费" in out  # the block is whole: code, name and figure


def test_import_errors_are_listed_by_row(
    sqlite_url: str, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    bad = tmp_path / "bad.csv"
    # Row 2 refused by the ledger (no line ZZ9), row 3 malformed: found in the other order.
    bad.write_text(
        "date,kind,year,unit,line,economic,amount,doc\n"
        "2024-03-01,payment,2024,105001,ZZ9,30201,1.00,V-1\n"
        "2024/03/01,payment,2024,105001,ZZ9,30201,1.00,V-2\n",
        encoding="utf-8",
    )
    code, _, err = run(capsys, "--db", sqlite_url, "import", str(bad))
    assert code == 1
    assert re.findall(r"第 (\d+) 行", err) == ["2", "3"], err


def test_one_message_for_an_impossible_date(store: str, capsys: pytest.CaptureFixture[str]) -> None:
    for typed in ("2024-02-30", "2024/02/03"):
        with pytest.raises(Exception) as option:
            business_date(typed)
        code, _, err = run(capsys, "--db", store, "record", "kind=payment", f"date={typed}",
                           "year=2024", "unit=105001", "line=L01", "economic=30101",
                           "amount=1.00", "doc=X")  # fmt: skip
        assert code == 1 and str(option.value) in err
