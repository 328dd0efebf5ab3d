"""Issue 12, sections 2, 3 and 5: outputs a spreadsheet shows as text and that import
back exactly, files written whole and never onto the store, journals that say where they
end, bounded readers, and Chinese refusals where the user gave bad input."""

from __future__ import annotations

import sqlite3
from pathlib import Path

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from sqlalchemy.orm import Session

from ledger.export import journal_rows
from ledger.journal import read
from ledger.journal.characters import text_problem
from ledger.journal.spreadsheet import escape, formula_like, unescape
from ledger.journal.write import write_journal
from ledger.redaction import redact
from ledger.store import dispose_engines
from tests.conftest import open_service
from tests.hostile.corpus import BASE, pay
from tests.journal_files import write
from tui.cli.main import main

texts = (
    st.text(st.characters(codec="utf-8", exclude_categories=("Cs",)), max_size=40)
    .map(str.strip)
    .filter(lambda t: t and text_problem(t) is None and not t.startswith("="))
)


@given(texts)
def test_the_csv_escape_gives_back_every_text(value: str) -> None:
    assert unescape(escape(value)) == value
    assert not formula_like(escape(value))


def _export(url: str, path: Path, fmt: str) -> bytes:
    svc = open_service(url)
    with Session(svc.engine) as session:
        write_journal(journal_rows(session, svc.ledger.mapper), path, fmt)
    return path.read_bytes()


@settings(max_examples=25, deadline=None, suppress_health_check=list(HealthCheck))
@given(memo=texts, payee=texts, fmt=st.sampled_from(["csv", "xlsx", "jsonl"]))
def test_any_text_survives_export_import_export(
    tmp_path_factory: pytest.TempPathFactory, memo: str, payee: str, fmt: str
) -> None:
    root = tmp_path_factory.mktemp("trip")
    first, second = str(root / "a.db"), str(root / "b.db")
    adjust = {**BASE[0], "kind": "adjustment", "amount": "-60.00", "doc": "TZ-1", "memo": memo}
    for k in ("fund", "function", "category"):
        adjust.pop(k)
    rows = [BASE[0], adjust, pay("V-1", memo=memo, payee=payee, actor=payee)]
    header = sorted({k for r in rows for k in r})
    open_service(first).import_file(write(root / "in.csv", rows, header))
    once = _export(first, root / f"one.{fmt}", fmt)
    open_service(second).import_file(root / f"one.{fmt}")
    assert _export(second, root / f"two.{fmt}", fmt) == once
    dispose_engines()


def test_export_refuses_the_store_and_leaves_it_whole(tmp_path: Path, capsys) -> None:  # type: ignore[no-untyped-def]
    db = tmp_path / "ledger.db"
    open_service(str(db)).import_file(write(tmp_path / "base.csv", BASE))
    dispose_engines()
    size = db.stat().st_size
    for target in (db, Path(f"{db}-wal"), Path(f"{db}-shm")):
        assert main(["--db", str(db), "export", "--format", "csv", "-o", str(target)]) == 1
        assert "就是数据库文件" in capsys.readouterr().err
    assert db.stat().st_size == size
    # The WAL was checkpointed: the main file alone is the whole ledger.
    alone = tmp_path / "copy.db"
    alone.write_bytes(db.read_bytes())
    with sqlite3.connect(alone) as c:
        assert c.execute("SELECT count(*) FROM ledger_events").fetchone()[0] > 0


def test_a_failed_export_keeps_the_previous_file(tmp_path: Path, monkeypatch) -> None:  # type: ignore[no-untyped-def]
    target = tmp_path / "backup.csv"
    target.write_text("good")

    def broken(rows, out):  # type: ignore[no-untyped-def]
        out.write("half a row")
        raise OSError(28, "No space left on device")

    monkeypatch.setattr("ledger.journal.write._write_csv", broken)
    with pytest.raises(OSError):
        write_journal([], target, "csv")
    assert target.read_text() == "good"
    assert [p.name for p in tmp_path.iterdir()] == ["backup.csv"]


@pytest.mark.parametrize("fmt", ["csv", "jsonl"])
def test_a_journal_cut_short_is_refused(db_url: str, tmp_path: Path, capsys, fmt: str) -> None:  # type: ignore[no-untyped-def]
    rows = [BASE[0], *(pay(f"V-{n}", amount="1.00") for n in range(50))]
    header = sorted({k for r in rows for k in r})
    source = str(tmp_path / "source.db")
    open_service(source).import_file(write(tmp_path / "in.csv", rows, header))
    whole = _export(source, tmp_path / f"whole.{fmt}", fmt)
    lines = whole.splitlines(keepends=True)
    cut = tmp_path / f"cut.{fmt}"
    cut.write_bytes(b"".join(lines[:-5]))  # cut at a line break: every row well-formed
    assert main(["--db", db_url, "import", "--no-progress", str(cut)]) == 1
    assert "文件没有结束标记" in capsys.readouterr().err
    miscounted = tmp_path / f"miscounted.{fmt}"
    miscounted.write_bytes(b"".join(lines[:-3] + lines[-1:]))
    assert main(["--db", db_url, "import", "--no-progress", str(miscounted)]) == 1
    assert "结束标记说此前有 51 行，实有 49 行" in capsys.readouterr().err
    assert main(["--db", db_url, "import", "--no-progress", str(tmp_path / f"whole.{fmt}")]) == 0


def test_a_line_without_end_is_refused_at_the_limit(tmp_path: Path, monkeypatch, capsys) -> None:  # type: ignore[no-untyped-def]
    monkeypatch.setattr(read, "LINE_LIMIT", 1000)
    for name, data in (("long.jsonl", "{" + "x" * 5000), ("long.csv", "date," + "x" * 5000)):
        path = tmp_path / name
        path.write_text(data)
        assert main(["--db", str(tmp_path / "l.db"), "import", "--no-progress", str(path)]) == 1
        assert "第 1 行过长" in capsys.readouterr().err


@pytest.mark.parametrize("password", ["pa ss", "pa'ss", 'pa"ss', "pa<ss", "pa>ss", "p@ss w"])
def test_no_password_is_shown_whatever_it_holds(password: str) -> None:
    shown = redact(f"无法连接 postgresql://ledger:{password}@db.example:5432/x：超时")
    assert "ss" not in shown.replace("db.example", "") and "***" in shown


@pytest.mark.parametrize(
    ("argv", "says"),
    [
        (["report", "execution", "--year", "99999999999999999999"], "数值过大"),
        (["history", "--known-at", "0001-01-01"], "时刻超出可用范围"),
        (["close", "--year", "2024", "--unit", "900001", "--carry", "无此文件.csv"], "不存在"),
        (["close", "--year", "2024", "--unit", "900001", "--carry", "."], "是一个文件夹"),
        (["record", "amount=1.00", "金额=900.00"], "给了两次"),
        (["--actor", "\udcff\udcfe", "record", "kind=payment"], "无效的 Unicode"),
        (["--actor", "\x1b[31m", "record", "kind=payment"], "控制字符"),
    ],
)
def test_bad_input_is_refused_in_chinese(
    tmp_path: Path, capsys, argv: list[str], says: str
) -> None:  # type: ignore[no-untyped-def]
    db = str(tmp_path / "l.db")
    open_service(db).import_file(write(tmp_path / "base.csv", BASE))
    try:
        code = main(["--db", db, *argv])
    except SystemExit as exit_:
        code = exit_.code  # type: ignore[assignment]
    err = capsys.readouterr().err
    assert code in (1, 2) and says in err and "内部错误" not in err, err


def test_a_gbk_carry_file_is_read(tmp_path: Path, capsys) -> None:  # type: ignore[no-untyped-def]
    db = str(tmp_path / "l.db")
    open_service(db).import_file(write(tmp_path / "base.csv", BASE))
    carry = tmp_path / "carry.csv"
    carry.write_bytes("指标编号,金额\nA1,100.00\n".encode("gbk"))
    assert (
        main(["--db", db, "close", "--year", "2024", "--unit", "900001", "--carry", str(carry)])
        == 0
    )


def test_backup_copies_the_whole_store(tmp_path: Path, capsys) -> None:  # type: ignore[no-untyped-def]
    db = str(tmp_path / "l.db")
    open_service(db).import_file(write(tmp_path / "base.csv", BASE))
    assert main(["--db", db, "backup", "-o", str(tmp_path / "copy.db")]) == 0
    assert main(["--db", str(tmp_path / "copy.db"), "verify"]) == 0
    assert main(["--db", db, "backup", "-o", db]) == 1
