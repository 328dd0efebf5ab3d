"""Stores outlive releases: a store left at schema revision 0004 (before the read model
kept planned amounts) upgrades to the current head keeping every event, the verify
digest and every figure of its reports, and then takes the new kinds of fact.

The store at 0004 is made as an older release would leave it: the Changzhi journal (its
year still open, so that a new fact can be added after) is recorded (its events are of kinds 0004 already had, and a stored event never changes
shape), then the schema is taken back to 0004 with Alembic's own downgrade."""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

import pytest
from alembic.runtime.migration import MigrationContext
from sqlalchemy import inspect

from ledger.store import migrate
from ledger.verify import verify
from tests.conftest import open_service
from tests.journal_files import write
from tests.tamper import downgrade
from tui.cli.main import main

SCOPE = ["--year", "2024", "--unit", "105001"]


def _reports(db: str, capsys: pytest.CaptureFixture[str]) -> dict[str, Any]:
    out = {}
    for command in ("final-accounts", "budget-tables"):
        assert main(["--db", db, command, *SCOPE, "--format", "json"]) == 0
        out[command] = json.loads(capsys.readouterr().out)
    assert main(["--db", db, "report", "execution", *SCOPE]) == 0
    out["execution"] = capsys.readouterr().out
    return out


def _revision(engine: Any) -> str | None:
    with engine.connect() as connection:
        return MigrationContext.configure(connection).get_current_revision()


def _events(engine: Any) -> int:
    with engine.connect() as connection:
        return int(connection.exec_driver_sql("SELECT count(*) FROM ledger_events").scalar_one())


def test_a_store_at_0004_upgrades_keeping_events_digest_and_figures(
    db_url: str, open_year_journal: Path, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    svc = open_service(db_url)
    svc.import_file(open_year_journal)
    before = verify(svc.engine)
    reports = _reports(db_url, capsys)
    events = _events(svc.engine)

    downgrade(svc.engine, "0004")
    assert _revision(svc.engine) == "0004"
    columns = {c["name"] for c in inspect(svc.engine).get_columns("movement")}
    assert "planned" not in columns  # the read model as 0004 left it
    assert _events(svc.engine) == events

    migrate(svc.engine)
    assert _revision(svc.engine) != "0004"
    assert "planned" in {c["name"] for c in inspect(svc.engine).get_columns("movement")}
    after = verify(svc.engine)
    assert after.intact and after.events == before.events == events
    assert after.digest == before.digest
    assert _reports(db_url, capsys) == reports

    # The upgraded store takes a fact 0004 did not know: a procurement plan.
    plan = {
        "date": "2024-01-10",
        "kind": "procurement_plan",
        "year": "2024",
        "unit": "105001",
        "line": "P02",
        "amount": "10000.00",
        "doc": "采购计划-1",
        "procurement": "服务",
    }
    journal = write(tmp_path / "plan.csv", [plan])
    assert main(["--db", db_url, "import", "--no-progress", str(journal)]) == 0
    capsys.readouterr()
    t10 = _reports(db_url, capsys)["final-accounts"]["t10_部门决算公开相关信息统计表"]
    assert t10["政府采购预算"]["服务"] == "1.00"
    assert (
        t10["政府采购"] == reports["final-accounts"]["t10_部门决算公开相关信息统计表"]["政府采购"]
    )
