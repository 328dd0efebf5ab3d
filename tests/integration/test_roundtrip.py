"""Export → import into an empty store → export gives the same bytes; a rebuilt read model
equals the one built command by command."""

from __future__ import annotations

from pathlib import Path

import pytest
from sqlalchemy import select
from sqlalchemy.orm import Session

from ledger.export import journal_rows
from ledger.journal.write import write_journal
from ledger.service import LedgerService
from projections.maintain import rebuild
from projections.schema import code_names, lines, movements, units
from tests.conftest import EXAMPLE, kind_of, open_service
from tests.journal_files import appropriation, payment, write


def _export(svc: LedgerService, path: Path, fmt: str) -> bytes:
    with Session(svc.engine) as session:
        write_journal(journal_rows(session, svc.ledger.mapper), path, fmt)
    return path.read_bytes()


@pytest.mark.parametrize("fmt", ["csv", "xlsx", "jsonl"])
def test_export_import_export_is_byte_identical(
    db_url: str, new_db, tmp_path: Path, fmt: str
) -> None:  # type: ignore[no-untyped-def]
    first = open_service(db_url)
    first.import_file(EXAMPLE / "journal.csv")
    first.import_file(
        write(
            tmp_path / "more.csv",
            [
                appropriation(
                    "X1",
                    "500.00",
                    unit_name="测试单位",
                    department="900",
                    function="2990101",
                    function_name="自定科目",
                ),
                payment("X1", "120.50", "XV1", procurement="服务", payee="某公司"),
                {
                    "date": "2024-04-01",
                    "kind": "income",
                    "year": "2024",
                    "unit": "900001",
                    "fund": "单位资金",
                    "function": "2013701",
                    "income_type": "其他收入",
                    "amount": "88.00",
                    "doc": "SR-1",
                    "actor": "另一人",
                },
            ],
        )
    )
    exported = _export(first, tmp_path / f"one.{fmt}", fmt)
    second = open_service(new_db(kind_of(db_url)))
    result = second.import_file(tmp_path / f"one.{fmt}")
    assert result.already == 0 and result.recorded == 200
    assert _export(second, tmp_path / f"two.{fmt}", fmt) == exported
    # The original files are recognised as already recorded in the store built from
    # the export: the export loses nothing that makes a row what it is.
    assert second.import_file(EXAMPLE / "journal.csv").recorded == 0


def _read_model(svc: LedgerService) -> dict[str, list[tuple]]:  # type: ignore[type-arg]
    with Session(svc.engine) as session:
        return {
            t.name: [tuple(r) for r in session.execute(select(t).order_by(*t.primary_key.columns))]
            for t in (units, lines, movements, code_names)
        }


def test_rebuilt_read_model_equals_incremental(db_url: str, tmp_path: Path) -> None:
    svc = open_service(db_url)
    rows = [appropriation("A1", "1000.00", function="2990101", function_name="自定科目")]
    svc.import_file(write(tmp_path / "a.csv", rows))
    for i in range(3):
        svc.record(payment("A1", "10.00", f"V{i}"))
    svc.import_file(EXAMPLE / "journal.csv")
    incremental = _read_model(svc)
    assert len(incremental["movement"]) > 200
    count = svc.maintain(rebuild)
    assert count > 200
    assert _read_model(svc) == incremental
