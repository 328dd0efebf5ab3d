"""The command line, as a finance officer uses it."""

from __future__ import annotations

import csv
import json
import subprocess
import sys
from decimal import ROUND_HALF_UP, Decimal
from pathlib import Path

import pytest

from tests.conftest import EXAMPLE
from tui.cli.main import main


def run(capsys: pytest.CaptureFixture[str], *argv: str) -> tuple[int, str, str]:
    code = main(list(argv))
    out = capsys.readouterr()
    return code, out.out, out.err


def test_import_then_execution_report_as_json(
    db_url: str, capsys: pytest.CaptureFixture[str]
) -> None:
    code, out, _ = run(
        capsys, "--db", db_url, "import", "--no-progress", str(EXAMPLE / "journal.csv")
    )
    assert code == 0 and "新记录 197 行" in out
    code, out, _ = run(
        capsys, "--db", db_url, "import", "--no-progress", str(EXAMPLE / "journal.csv")
    )
    assert code == 0 and "197 行均已记录过，本次未新增任何内容" in out
    code, out, _ = run(
        capsys,
        "--db",
        db_url,
        "report",
        "execution",
        "--year",
        "2024",
        "--unit",
        "105001",
        "--as-of",
        "2024-12-31",
        "--format",
        "json",
    )
    report = json.loads(out)
    assert report["total"]["spent"] == f"{_journal_spending():.2f}"
    row = next(r for r in report["rows"] if r.get("function") == "2013701")
    assert row["function_name"] == "行政运行"
    assert (Decimal(row["spent"]) / 10000).quantize(Decimal("0.01")) == Decimal("224.15")
    assert row["rate"] == "96.30" and row["pace"] == "100.00"


def _journal_spending() -> Decimal:
    """Payments less reversals, summed straight from the example file."""
    with open(EXAMPLE / "journal.csv", encoding="utf-8") as f:
        rows = list(csv.DictReader(f))
    sign = {"payment": 1, "reversal": -1}
    return sum((sign.get(r["kind"], 0) * Decimal(r["amount"]) for r in rows), Decimal(0))


def test_projects_json_names_rates_and_scores(
    sqlite_url: str, capsys: pytest.CaptureFixture[str]
) -> None:
    run(capsys, "--db", sqlite_url, "import", str(EXAMPLE / "journal.csv"))
    _code, out, _ = run(
        capsys,
        "--db",
        sqlite_url,
        "report",
        "projects",
        "--year",
        "2024",
        "--unit",
        "105001",
        "--format",
        "json",
    )
    rows = {r["project_code"]: r for r in json.loads(out)["rows"]}
    assert rows["105001-2024-01"]["rate"] == "68.60"
    assert rows["105001-2024-01"]["score"] == "6.86"
    assert rows["105001-2024-01"]["lagging"] is True


def test_rejected_file_exits_1_and_names_row_and_column(
    sqlite_url: str, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    bad = tmp_path / "bad.csv"
    lines = (EXAMPLE / "journal.csv").read_text(encoding="utf-8").splitlines()
    lines[30] = lines[30].replace("2024-01-", "2024-13-")
    bad.write_text("\n".join(lines) + "\n", encoding="utf-8")
    code, _, err = run(capsys, "--db", sqlite_url, "import", str(bad))
    assert code == 1
    assert "bad.csv：文件被拒绝，未记录任何内容" in err
    assert "第 31 行，列 date（业务日期）" in err
    code, out, _ = run(capsys, "--db", sqlite_url, "history", "--format", "json")
    assert json.loads(out)["rows"] == []


def test_record_close_and_balances(
    sqlite_url: str, capsys: pytest.CaptureFixture[str], open_year_journal: Path
) -> None:
    run(capsys, "--db", sqlite_url, "import", str(open_year_journal))
    code, out, err = run(
        capsys,
        "--db",
        sqlite_url,
        "record",
        "kind=payment",
        "date=2024-12-30",
        "year=2024",
        "unit=105001",
        "line=P03",
        "economic=30227",
        "amount=100000.00",
        "doc=ZF-CLI-1",
    )
    assert code == 0, err
    bad = open_year_journal.parent / "bad-carry.csv"
    bad.write_text(
        "指标编号,金额\n,1.00\nP03,1,000.00\nP01,1.00\nP01,2.00\nP02,1.005\n", encoding="utf-8"
    )
    code, _, err = run(capsys, "--db", sqlite_url, "close", "--year", "2024", "--unit", "105001",
                       "--carry", str(bad))  # fmt: skip
    assert code == 1
    for refusal in ("第 2 行，列 line（指标编号）：必须填写指标编号", "第 3 行：此行的单元格多于表头的列",
                    "第 5 行，列 line（指标编号）：指标 P01 在结转文件中出现两次",
                    "第 6 行，列 amount（金额）：金额最多两位小数"):  # fmt: skip
        assert refusal in err, err
    carry = open_year_journal.parent / "carry.csv"
    carry.write_text("指标编号,金额\nP03,300000.00\n", encoding="utf-8")
    code, out, err = run(
        capsys,
        "--db",
        sqlite_url,
        "close",
        "--year",
        "2024",
        "--unit",
        "105001",
        "--carry",
        str(carry),
    )
    assert code == 0, err
    code, out, _ = run(
        capsys,
        "--db",
        sqlite_url,
        "report",
        "balances",
        "--year",
        "2024",
        "--unit",
        "105001",
        "--format",
        "json",
    )
    [general] = json.loads(out)["rows"]
    assert general["closing"] == "300000.00" and general["identity_holds"] is True
    code, _, err = run(
        capsys,
        "--db",
        sqlite_url,
        "record",
        "kind=payment",
        "date=2024-12-31",
        "year=2024",
        "unit=105001",
        "line=L01",
        "economic=30101",
        "amount=1.00",
        "doc=ZF-CLI-2",
    )
    assert code == 1 and "已结账" in err
    code, out, _ = run(
        capsys,
        "--db",
        sqlite_url,
        "report",
        "execution",
        "--year",
        "2025",
        "--unit",
        "105001",
        "--by",
        "line",
        "--format",
        "json",
    )
    p03 = next(r for r in json.loads(out)["rows"] if r.get("line") == "P03")
    assert p03["carried_in"] == "300000.00"


def test_console_script_runs(sqlite_url: str) -> None:
    assert main(["--db", sqlite_url, "import", "--no-progress", str(EXAMPLE / "journal.csv")]) == 0
    done = subprocess.run(
        [
            Path(sys.executable).parent / "budget-ledger",
            "--db",
            sqlite_url,
            "report",
            "execution",
            "--year",
            "2024",
            "--format",
            "csv",
        ],
        capture_output=True,
        text=True,
        check=True,
    )
    assert done.stdout.startswith("function,function_name,level,initial")
    rows = {r["function"]: r for r in csv.DictReader(done.stdout.splitlines())}
    published = json.loads((EXAMPLE / "expected.json").read_text(encoding="utf-8"))
    spent_wan = (Decimal(rows["201"]["spent"]) / 10_000).quantize(Decimal("0.01"), ROUND_HALF_UP)
    assert str(spent_wan) == published["t03_支出决算表"]["rows"]["201"][0]  # 448.64


def test_a_command_that_only_reads_refuses_a_store_that_is_not_there(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    """A mistyped --db must not create an empty store and report on nothing as if all
    were well (verify would say 核验通过 of 0 events)."""
    missing = tmp_path / "mistyped.db"
    for command in (["verify"], ["report", "execution", "--year", "2024"], ["history"]):
        assert main(["--db", str(missing), *command]) == 1
        assert f"数据库文件 {missing} 不存在" in capsys.readouterr().err
    assert not missing.exists()


def test_balances_say_the_year_end_is_projected_only_while_the_year_is_open(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    lines = (EXAMPLE / "journal.csv").read_text(encoding="utf-8").splitlines(keepends=True)
    still_open = tmp_path / "open.csv"
    still_open.write_text("".join(ln for ln in lines if ",close," not in ln), encoding="utf-8")
    note = "年末结转和结余为按可用余额预计的数字"
    for journal, projected in ((still_open, True), (EXAMPLE / "journal.csv", False)):
        db = str(tmp_path / f"{journal.stem}.db")
        assert main(["--db", db, "import", "--no-progress", str(journal)]) == 0
        capsys.readouterr()
        assert main(["--db", db, "report", "balances", "--year", "2024", "--unit", "105001"]) == 0
        assert (note in capsys.readouterr().out) is projected
