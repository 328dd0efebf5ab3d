"""Fuzzing the importer: 11,000 hostile journals (cells, CSV, JSON Lines, XLSX, and full
imports into a store; a quarter of them under ``make check``). Whatever comes in: no exception but a refusal, every refusal in
Chinese naming its row (and its column when one cell is at fault), every accepted value
sane, and a refused file leaves the store as it was."""

from __future__ import annotations

import codecs
import csv
import io
import json
import re
import tempfile
from collections import Counter
from collections.abc import Callable
from datetime import date, datetime
from decimal import Decimal
from pathlib import Path
from random import Random
from typing import Any

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from ledger.importer import ImportRejected
from ledger.journal.columns import ALIAS, NAMES
from ledger.journal.parse import RowError, parse_row
from ledger.journal.read import JournalFileError, JournalReader
from ledger.journal.row import JournalRow
from ledger.store import dispose_engines
from ledger.verify import verify
from tests.conftest import examples, open_service

pytestmark = pytest.mark.slow

CJK = re.compile(r"[\u4e00-\u9fff]")
ROW_PREFIX = re.compile(r"^第 (\d+) 行")

VALID: dict[str, list[str]] = {
    "date": ["2024-03-01", "2024-01-01", "2024-12-31"],
    "kind": ["payment", "appropriation", "adjustment", "支付", "年初批复", "reversal", "close"],
    "year": ["2024"],
    "unit": ["900001", "105001"],
    "unit_name": ["测试单位"],
    "unit_type": ["行政单位", "事业单位"],
    "department": ["105"],
    "line": ["A1", "P03"],
    "fund": ["一般公共预算", "单位资金"],
    "function": ["2013701", "2013702"],
    "function_name": ["行政运行"],
    "category": ["公用经费", "项目支出", "人员经费"],
    "economic": ["30201", "30101", "30227"],
    "economic_name": ["办公费"],
    "project": ["办公设备购置"],
    "project_code": ["105001-2024-01"],
    "amount": ["10.00", "1", "0.01", "-5.00", "999999.99"],
    "doc": ["V-1", "财预〔2024〕1号"],
    "to_line": ["A2"],
    "reverses": ["V-1"],
    "income_type": ["事业收入"],
    "spend_type": ["经营支出"],
    "procurement": ["货物"],
    "payee": ["某某公司"],
    "actor": ["张三"],
    "memo": ["办公用品"],
}
HOSTILE = (
    list("0123456789.,-+eE :/") + list("０１２３４５６７８９．，－＋") + list("年月日元￥¥中国预算")
)
HOSTILE += ["\x00", "\x07", "\t", "\r", "\n", "\u3000", "\ufeff", "\u200b", '"', "'", "=", "@", "#", ";", "\\", "\ud7ff", "𠀀"]  # fmt: skip


def hostile_text(rng: Random) -> str:
    return "".join(rng.choice(HOSTILE) for _ in range(rng.randint(0, 24)))


def any_text(rng: Random) -> str:
    """Any characters at all (surrogates too: a file may decode to anything)."""
    return "".join(chr(rng.randint(0, 0x10FFFF)) for _ in range(rng.randint(0, 30)))


def mutated(rng: Random, value: str) -> str:
    """A valid value with a few characters inserted, removed or replaced."""
    chars = list(value)
    for _ in range(rng.randint(1, 3)):
        at = rng.randint(0, len(chars))
        action = rng.choice(["insert", "delete", "replace"])
        if action == "insert" or not chars:
            chars.insert(at, rng.choice(HOSTILE))
        elif action == "delete":
            del chars[min(at, len(chars) - 1)]
        else:
            chars[min(at, len(chars) - 1)] = rng.choice(HOSTILE)
    return "".join(chars)


def cell(rng: Random, column: str) -> str:
    valid = VALID.get(column, ["x"])
    r = rng.random()
    if r < 0.35:
        return rng.choice(valid)
    if r < 0.6:
        return mutated(rng, rng.choice(valid))
    if r < 0.8:
        return hostile_text(rng)
    if r < 0.95:
        return any_text(rng)
    return "长" * rng.choice([65, 501, 5000])


TEMPLATES: list[dict[str, str]] = [
    {"kind": "payment", "line": "A1", "economic": "30201"},
    {"kind": "payment", "line": "A1", "economic": "30201", "payee": "某某公司", "procurement": "货物", "memo": "办公用品"},
    {"kind": "appropriation", "line": "A1", "fund": "一般公共预算", "function": "2013701", "category": "公用经费"},
    {"kind": "appropriation", "line": "X1", "fund": "单位资金", "function": "2013702", "category": "项目支出", "project": "设备购置"},
    {"kind": "carryover", "line": "C1", "fund": "一般公共预算", "function": "2013701", "category": "人员经费"},
    {"kind": "adjustment", "line": "A1"},
    {"kind": "transfer", "line": "A1", "to_line": "A2"},
    {"kind": "reversal", "line": "A1", "reverses": "V-1"},
    {"kind": "income", "fund": "单位资金", "function": "2013701", "income_type": "事业收入"},
    {"kind": "close", "line": "A1"},
]  # fmt: skip


def cells(rng: Random) -> dict[str, str | None]:
    """A row of some kind, well-formed, then 0 to 3 of its cells made hostile (and now
    and then a column added or dropped)."""
    row: dict[str, str | None] = {
        "date": "2024-03-01",
        "year": "2024",
        "unit": "900001",
        "amount": rng.choice(["10.00", "1", "0.01", "999999.99", "-5.00"]),
        "doc": f"V-{rng.randint(1, 99)}",
        **rng.choice(TEMPLATES),
    }
    if rng.random() < 0.1:
        row[rng.choice(NAMES)] = cell(rng, rng.choice(NAMES))
    if rng.random() < 0.1:
        del row[rng.choice(list(row))]
    for column in rng.sample(list(row), min(len(row), rng.choice([0, 0, 0, 1, 1, 1, 1, 2, 2, 3]))):
        row[column] = None if rng.random() < 0.15 else cell(rng, column)
    return row


def _check_refusal(err: Exception, row: int | None = None) -> None:
    """A refusal is Chinese, and names its row (the given one, if known)."""
    text = str(err)
    assert CJK.search(text), text
    if isinstance(err, RowError):
        assert err.row is not None and err.row >= 1, text
        assert text.startswith(f"第 {err.row} 行"), text
        if row is not None:
            assert err.row == row, text


def _check_accepted(row: JournalRow) -> None:
    """What the parser lets through is what the format allows."""
    assert row.amount == row.amount.quantize(Decimal("0.01"))
    assert abs(row.amount) < Decimal(10) ** 12
    assert row.date.year == row.year and 1990 <= row.year <= 2100
    for code in (row.function, row.economic):
        assert code is None or (code.isascii() and code.isdigit())
    for value in (row.unit, row.line, row.to_line, row.doc, row.memo, row.payee):
        assert value is None or (not value.startswith("=") and "\x00" not in value)


def _read_all(path: Path, outcomes: Counter[str]) -> None:
    """Read and parse a journal file as the importer does, counting what came of it:
    rows accepted, rows refused, and files the reader stopped at (unreadable, a bad
    header, a spreadsheet cell of the wrong type)."""
    try:
        for number, row_cells in JournalReader(path).rows():
            try:
                _check_accepted(parse_row(row_cells, number))
                outcomes["accepted rows"] += 1
            except RowError as err:
                _check_refusal(err, number)
                outcomes["refused rows"] += 1
    except (RowError, JournalFileError) as err:
        _check_refusal(err)
        outcomes["stopped files"] += 1


def _exercised(outcomes: Counter[str], share: float, least: dict[str, int]) -> None:
    """Hostile input still reached every outcome: a generator whose files were all
    refused at the door would test nothing of the rows. ``least`` is for the full run;
    ``share`` the part of it that ran (the ``check`` profile runs fewer)."""
    assert all(outcomes[name] >= n * share for name, n in least.items()), outcomes


FUZZ = settings(deadline=None, database=None, suppress_health_check=[HealthCheck.too_slow])
WORK = Path(tempfile.mkdtemp(prefix="budget-ledger-fuzz-"))


def fuzz(wanted: int, check: Callable[[Random], None]) -> int:
    """Run ``check`` on ``wanted`` journals (fewer under the ``check`` profile: see
    ``examples``) made from Hypothesis-chosen seeds (building them with plain ``random``
    is a hundred times faster than composite strategies, and a failure still reproduces
    from the seed Hypothesis reports). Returns how many ran."""
    ran: list[int] = []
    count = examples(wanted)

    @settings(FUZZ, max_examples=count)
    @given(rng=st.randoms(use_true_random=True))
    def run(rng: Random) -> None:
        ran.append(1)
        check(rng)

    run()
    assert len(ran) >= count
    return len(ran)


# --- one row of cells: 5,000 cases -----------------------------------------------------


def test_fuzz_rows() -> None:
    outcomes = {"accepted": 0, "refused": 0}

    def check(rng: Random) -> None:
        number = rng.randint(2, 10**6)
        try:
            _check_accepted(parse_row(cells(rng), number))
            outcomes["accepted"] += 1
        except RowError as err:
            _check_refusal(err, number)
            assert err.column in NAMES, str(err)  # one cell is at fault: it is named
            outcomes["refused"] += 1

    ran = fuzz(5000, check)
    assert outcomes["accepted"] > ran // 10 and outcomes["refused"] > ran * 2 // 5, outcomes


# --- CSV files: 3,000 cases ------------------------------------------------------------


def csv_file(rng: Random) -> bytes:
    records = [cells(rng) for _ in range(rng.randint(0, 6))]
    header = list(dict.fromkeys(c for r in records for c in r)) or list(cells(rng))
    rows = [["" if r.get(h) is None else r[h] for h in header] for r in records]  # type: ignore[misc]
    if rng.random() < 0.2:
        header = [ALIAS.get(h, h) if rng.random() < 0.5 else h for h in header]
    if rng.random() < 0.1:
        header.append(rng.choice([rng.choice(header), hostile_text(rng)]))
    if rows and rng.random() < 0.15:
        rows[-1].append(hostile_text(rng))
    out = io.StringIO()
    quoting = rng.choice([csv.QUOTE_MINIMAL, csv.QUOTE_ALL])
    writer = csv.writer(out, lineterminator=rng.choice(["\n", "\r\n"]), quoting=quoting)
    writer.writerow(header)
    writer.writerows(rows)
    encoding = rng.choice(["utf-8", "utf-8", "utf-8-sig", "gbk", "utf-16"])
    data = out.getvalue().encode(encoding, errors="replace")
    return damaged(rng, data, rng.randint(0, 2))


def damaged(rng: Random, data: bytes, times: int) -> bytes:
    for _ in range(times):
        if data:
            at = rng.randint(0, len(data) - 1)
            data = data[:at] + rng.randbytes(rng.randint(0, 3)) + data[at + 1 :]
    return data


def test_fuzz_csv() -> None:
    outcomes: Counter[str] = Counter()

    def check(rng: Random) -> None:
        path = WORK / "fuzz.csv"
        path.write_bytes(csv_file(rng))
        _read_all(path, outcomes)

    ran = fuzz(3000, check)  # typically 850 rows accepted, 1,650 refused, 2,300 files stopped
    _exercised(
        outcomes, ran / 3000, {"accepted rows": 300, "refused rows": 500, "stopped files": 800}
    )


# --- JSON Lines: 1,500 cases -----------------------------------------------------------


def json_value(rng: Random) -> Any:
    return rng.choice(
        [
            None,
            rng.random() < 0.5,
            rng.randint(-(10**20), 10**20),
            rng.choice([float("nan"), float("inf"), 1e-7, 1e16, 0.1 + 0.2, -0.0]),
            any_text(rng),
            [1, 2],
            {"v": 1},
        ]
    )


def jsonl_file(rng: Random) -> bytes:
    lines = []
    for _ in range(rng.randint(0, 5)):
        choice = rng.randint(0, 9)
        if choice == 0:
            lines.append(any_text(rng).replace("\n", " "))
        elif choice == 1:
            lines.append(json.dumps(json_value(rng)))
        else:
            obj: dict[str, Any] = dict(cells(rng))
            for key in rng.sample(list(obj), min(len(obj), rng.randint(0, 2))):
                obj[key] = json_value(rng)
            if rng.random() < 0.1:
                obj[rng.choice([*ALIAS.values(), "amout"])] = "1"
            lines.append(json.dumps(obj, ensure_ascii=rng.random() < 0.5))
    data = ("\n".join(lines) + "\n").encode("utf-8", errors="replace")
    if rng.random() < 0.2:
        data = codecs.BOM_UTF8 + data
    return damaged(rng, data, 1 if rng.random() < 0.2 else 0)


def test_fuzz_jsonl() -> None:
    outcomes: Counter[str] = Counter()

    def check(rng: Random) -> None:
        path = WORK / "fuzz.jsonl"
        path.write_bytes(jsonl_file(rng))
        _read_all(path, outcomes)

    ran = fuzz(1500, check)  # typically 170 rows accepted, 560 refused, 1,150 files stopped
    _exercised(
        outcomes, ran / 1500, {"accepted rows": 50, "refused rows": 180, "stopped files": 400}
    )


# --- XLSX: 500 cases -------------------------------------------------------------------


XLSX_ILLEGAL = re.compile(r"[\x00-\x08\x0b\x0c\x0e-\x1f\ud800-\udfff]")


def _storable(text: str | None) -> str | None:
    """Text less the characters a worksheet cannot hold (openpyxl refuses them)."""
    return None if text is None else XLSX_ILLEGAL.sub("", text)


def xlsx_value(rng: Random, column: str) -> Any:
    return rng.choice(
        [
            None,
            rng.random() < 0.5,
            rng.randint(-(10**15), 10**15),
            rng.choice([1234.5, 0.1 + 0.2, 1e-7, 1.5e16, 12.345]),
            datetime(2024, 3, 1, rng.randint(0, 1) * 12),
            date(2024, rng.randint(1, 12), 1),
            rng.choice(["=1+1", "=SUM(A1:A2)", "#DIV/0!", "#N/A", "１０.００"]),
            _storable(cell(rng, column)),
        ]
    )


def _xlsx(rng: Random, outcomes: Counter[str]) -> None:
    from openpyxl import Workbook

    model = cells(rng)
    header = list(model)
    book = Workbook()
    sheet = book.active
    sheet.append(header)
    for _ in range(rng.randint(0, 4)):
        # The model row's cells, some of them typed as a spreadsheet may type them: with
        # every cell hostile, nearly every file stops at its first cell and no row is read.
        row = {**model, "doc": f"V-{rng.randint(1, 99)}"}
        values = [xlsx_value(rng, h) if rng.random() < 0.1 else _storable(row[h]) for h in header]
        extra = (
            [xlsx_value(rng, "memo") for _ in range(rng.randint(0, 2))]
            if rng.random() < 0.1
            else []
        )
        sheet.append(values + extra)
    if rng.random() < 0.15:
        top = rng.randint(1, sheet.max_row)
        sheet.merge_cells(f"A{top}:B{top + rng.randint(0, 2)}")
    path = WORK / "fuzz.xlsx"
    book.save(path)
    _read_all(path, outcomes)


def test_fuzz_xlsx() -> None:
    outcomes: Counter[str] = Counter()
    ran = fuzz(
        500, lambda rng: _xlsx(rng, outcomes)
    )  # typically 105 accepted, 290 refused, 285 stopped
    _exercised(outcomes, ran / 500, {"accepted rows": 30, "refused rows": 90, "stopped files": 90})


# --- whole imports into a store: 1,000 cases -------------------------------------------

BASE = (
    "date,kind,year,unit,line,fund,function,category,economic,amount,doc\n"
    "2024-01-05,appropriation,2024,900001,A1,一般公共预算,2013701,公用经费,,5000.00,批复-1\n"
)
IMPORT_HEADER = ["date", "kind", "year", "unit", "line", "economic", "amount", "doc", "memo"]


def import_file(rng: Random) -> bytes:
    """Mostly payments against the base line, some broken: accepted files must record
    every row, refused ones nothing."""
    out = io.StringIO()
    writer = csv.writer(out, lineterminator="\n")
    writer.writerow(IMPORT_HEADER)
    for n in range(rng.randint(1, 8)):
        cents = rng.randint(1, 300)
        values = ["2024-03-01", "payment", "2024", "900001", "A1", "30201"]
        values += [f"{cents // 100}.{cents % 100:02d}", f"F{n}-{rng.randint(0, 10**12)}", ""]
        if rng.random() < 0.25:
            at = rng.randrange(len(values))
            values[at] = rng.choice([cell(rng, IMPORT_HEADER[at]), hostile_text(rng)])
        writer.writerow(values)
    return out.getvalue().encode("utf-8", errors="replace")


@pytest.fixture(scope="module")
def fuzz_store(tmp_path_factory: pytest.TempPathFactory) -> Any:
    root = tmp_path_factory.mktemp("fuzz-store")
    (root / "base.csv").write_text(BASE, encoding="utf-8")
    svc = open_service(str(root / "ledger.db"))
    svc.import_file(root / "base.csv")
    yield svc
    dispose_engines()


def _events(svc: Any) -> int:
    with svc.engine.connect() as c:
        return c.exec_driver_sql("SELECT count(*) FROM ledger_events").scalar()


def test_fuzz_imports(fuzz_store: Any) -> None:
    outcomes = {"accepted": 0, "refused": 0}
    base, recorded = _events(fuzz_store), 0

    def check(rng: Random) -> None:
        path = WORK / "import.csv"
        path.write_bytes(import_file(rng))
        before = _events(fuzz_store)
        try:
            result = fuzz_store.import_file(path)
        except ImportRejected as err:
            for problem in err.errors:
                _check_refusal(problem)
            assert _events(fuzz_store) == before  # nothing half-written
            outcomes["refused"] += 1
            return
        assert _events(fuzz_store) == before + result.events
        nonlocal recorded
        recorded += result.events
        outcomes["accepted"] += 1

    ran = fuzz(1000, check)
    assert outcomes["accepted"] > ran // 10 and outcomes["refused"] > ran // 10, outcomes
    # Over the whole run, the store holds the accepted files' events and nothing more.
    assert _events(fuzz_store) == base + recorded
    assert verify(fuzz_store.engine).intact


_CODE_COLUMNS = ("unit", "line", "doc", "department", "project_code")


@settings(max_examples=300, deadline=None)
@given(column=st.sampled_from(_CODE_COLUMNS), value=st.text(min_size=1, max_size=12))
def test_fuzz_codes(column: str, value: str) -> None:
    """Any text in a code column is refused in that column, or is a code by the rule (no
    separator of a derived id, nothing invisible)."""
    from ledger.journal.characters import code_problem
    from ledger.journal.parse import RowError, parse_row

    cells: dict[str, str | None] = {
        "date": "2024-03-01",
        "kind": "appropriation",
        "year": "2024",
        "unit": "900001",
        "line": "A1",
        "fund": "一般公共预算",
        "function": "2013701",
        "category": "项目支出",
        "project": "项目",
        "amount": "1.00",
        "doc": "P-1",
        column: value.strip() or None,
    }
    try:
        parse_row(cells, 2)
    except RowError as err:
        assert err.column in (column, "project_code", "department", "category"), err
        return
    if cells[column] is not None:
        assert code_problem(cells[column]) is None and "/" not in cells[column]
