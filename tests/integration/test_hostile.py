"""Hostile journals (``tests/hostile/``) imported through the command line on top of a
recorded store: never a traceback, a Chinese message naming row and column, and a
refused file leaves the store exactly as it was."""

from __future__ import annotations

import json
from pathlib import Path

import pytest
from sqlalchemy import func, select
from sqlalchemy.orm import Session

from ledger.journal import chunks
from ledger.store import database_url, dispose_engines, engine_for
from ledger.tables import events, seals, vouchers
from ledger.verify import verify
from projections.schema import movements, units
from tests.conftest import open_service
from tests.hostile.corpus import BASE, CASES, HERE, Case
from tests.journal_files import write
from tui.cli.main import main

SKIP = {"corpus.py", "__init__.py", "__pycache__"}


def _state(url: str) -> tuple[object, ...]:
    """What a refused file must not change: every table's count and the chain's digest."""
    engine = engine_for(database_url(url))
    with engine.connect() as c:
        counts = tuple(
            c.execute(select(func.count()).select_from(t)).scalar()
            for t in (events, vouchers, seals, movements, units)
        )
    return (*counts, verify(engine).digest)


@pytest.fixture(scope="module", params=["read here", "read by a worker"])
def store(request: pytest.FixtureRequest, tmp_path_factory: pytest.TempPathFactory) -> str:
    """One SQLite store with the base line, shared by the whole corpus in order: once with
    files read in the importer's process (as small files are), once read and parsed by a
    worker process (as large files are), which must refuse them in the same words."""
    root = tmp_path_factory.mktemp("hostile")
    url = str(root / "ledger.db")
    open_service(url).import_file(write(root / "base.csv", BASE))
    with pytest.MonkeyPatch.context() as patch:
        if request.param == "read by a worker":
            patch.setattr(chunks, "IN_PROCESS_BELOW", 0)
        yield url
    dispose_engines()


def _import(capsys: pytest.CaptureFixture[str], url: str, path: Path) -> tuple[int, str, str]:
    code = main(["--db", url, "import", "--no-progress", str(path)])
    out = capsys.readouterr()
    return code, out.out, out.err


def test_every_file_of_the_corpus_has_an_expectation() -> None:
    files = {p.name for p in HERE.iterdir() if p.name not in SKIP}
    assert files == {c.name for c in CASES}


def test_the_corpus_is_what_its_generator_writes() -> None:
    for case in CASES:
        assert (HERE / case.name).read_bytes() == case.build(), case.name


@pytest.mark.parametrize("case", CASES, ids=lambda c: c.name)
def test_hostile_file(store: str, case: Case, capsys: pytest.CaptureFixture[str]) -> None:
    before = _state(store)
    code, out, err = _import(capsys, store, HERE / case.name)
    assert "Traceback" not in out + err
    if not case.expect:
        assert code == 0, err
        assert f"新记录 {case.rows:,} 行" in out
        return
    assert code == 1, out
    assert f"{case.name}：文件被拒绝，未记录任何内容。" in err
    for expected in case.expect:
        assert expected in err, f"{case.name}: {expected!r} not in {err!r}"
    assert _state(store) == before


def test_gbk_far_down_a_file_is_still_read_as_gbk(
    store: str, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    """The first 100 KiB are plain ASCII; the Chinese memo comes after."""
    rows = [f"2024-03-02,payment,2024,900001,A1,30201,0.01,V-g{n},\r\n" for n in range(2000)]
    rows.append("2024-03-02,payment,2024,900001,A1,30201,0.01,V-gbk,购买打印纸\r\n")
    path = tmp_path / "late_gbk.csv"
    path.write_bytes(
        ("date,kind,year,unit,line,economic,amount,doc,memo\r\n" + "".join(rows)).encode("gbk")
    )
    assert path.stat().st_size > 65536
    code, out, err = _import(capsys, store, path)
    assert code == 0 and "新记录 2,001 行" in out and "按 gb18030 编码读取" in out, err
    assert main(["--db", store, "history", "--doc", "V-gbk", "--format", "json"]) == 0
    [row] = json.loads(capsys.readouterr().out)["rows"]
    assert row["memo"] == "购买打印纸"


def test_gbk_csv_from_excel_is_read_as_written(
    store: str, capsys: pytest.CaptureFixture[str]
) -> None:
    """Excel on Chinese Windows saves CSV in code page 936: the names and memos arrive
    as typed, and the import says which encoding it read."""
    code, out, err = _import(capsys, store, HERE / "gbk_excel_chinese_windows.csv")
    assert code == 0, err
    assert "按 gb18030 编码读取" in out
    with Session(engine_for(database_url(store))) as s:
        name = s.execute(select(units.c.name).where(units.c.code == "900003")).scalar()
    assert name == "中共测试市委网络安全和信息化委员会办公室"
    assert main(["--db", store, "history", "--unit", "900003", "--format", "json"]) == 0
    memos = {r["memo"] for r in json.loads(capsys.readouterr().out)["rows"]}
    assert {"购买办公用品（打印纸、硒鼓）", "差旅费——赴省厅汇报·二季度"} <= memos


def _big_cases(tmp: Path) -> list[tuple[Path, tuple[str, ...]]]:
    """Files too big to keep in the repository, made here."""
    header = "date,kind,year,unit,line,economic,amount,doc,memo\n"
    good = "2024-03-01,payment,2024,900001,A1,30201,10.00,V-big-1,\n"
    cases = []
    path = tmp / "huge_cell.csv"
    path.write_text(header + good + f"2024-03-01,payment,2024,900001,A1,30201,1.00,V-2,{'长' * 200_000}\n")  # fmt: skip
    cases.append((path, ("第 3 行，列 memo（摘要）：内容过长（200000 个字符，最多 500 个）",)))
    path = tmp / "gigantic_cell.csv"
    path.write_text(header + good + f'2024-03-01,payment,2024,900001,A1,30201,1.00,V-2,"{"x" * (17 * 2**20)}"\n')  # fmt: skip
    cases.append((path, ("第 3 行", "单元格过大")))
    path = tmp / "damaged_utf8.csv"
    lines = [
        f"2024-03-01,payment,2024,900001,A1,30201,0.01,V-u{n},办公用品第{n}批\n"
        for n in range(3000)
    ]
    data = (header + "".join(lines)).encode()
    path.write_bytes(data.replace("第2500批".encode(), "第2500批".encode()[:-1]))
    cases.append((path, ("第 2502 行，列 memo（摘要）：有不是 UTF-8 编码的字节",)))
    path = tmp / "huge_line.jsonl"
    path.write_text(json.dumps({**BASE[0], "kind": "payment", "memo": "长" * 3_000_000}, ensure_ascii=False) + "\n")  # fmt: skip
    cases.append((path, ("第 1 行，列 memo（摘要）：内容过长",)))
    path = tmp / "huge_cell.xlsx"
    write(path, [{"date": "2024-03-01", "kind": "payment", "year": "2024", "unit": "900001", "line": "A1", "economic": "30201", "amount": "1.00", "doc": "V-x", "memo": "长" * 32_767}])  # fmt: skip
    cases.append((path, ("第 2 行，列 memo（摘要）：内容过长（32767 个字符",)))
    return cases


def test_files_too_big_to_keep(
    store: str, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    for path, expected in _big_cases(tmp_path):
        before = _state(store)
        code, _, err = _import(capsys, store, path)
        assert code == 1 and "Traceback" not in err, (path.name, err)
        for text in expected:
            assert text in err, (path.name, err[:500])
        assert _state(store) == before


@pytest.mark.parametrize(
    "name", ["three_decimals.csv", "merged_cells.xlsx", "duplicate_key.jsonl", "overspend.csv"]
)
def test_nothing_half_written_on_postgresql(
    postgres: str, name: str, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    from tests.conftest import _create_database

    url = _create_database(postgres)
    open_service(url).import_file(write(tmp_path / "base.csv", BASE))
    before = _state(url)
    code, _, err = _import(capsys, url, HERE / name)
    assert code == 1 and "文件被拒绝" in err and "Traceback" not in err
    assert _state(url) == before
    dispose_engines()
