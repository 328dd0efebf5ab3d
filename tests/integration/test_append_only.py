"""The database itself refuses to change or remove a recorded fact (triggers), whoever asks."""

from __future__ import annotations

import pytest
import sqlalchemy.exc
from sqlalchemy import func, select

from ledger.store import dispose_engines, writing
from ledger.tables import events, seals, vouchers
from ledger.verify import verify
from tests.conftest import EXAMPLE, _create_database, open_service

STATEMENTS = [
    "UPDATE ledger_events SET topic = topic",
    "UPDATE ledger_events SET state = state WHERE id = 7",
    "DELETE FROM ledger_events WHERE id = 7",
    "DELETE FROM ledger_events",
    "UPDATE voucher SET amount = amount + 1",
    "DELETE FROM voucher",
    "UPDATE ledger_seal SET head = head",
    "DELETE FROM ledger_seal",
]


def _counts(engine) -> tuple[int, int, int]:  # type: ignore[no-untyped-def]
    with engine.connect() as c:
        return tuple(  # type: ignore[return-value]
            c.execute(select(func.count()).select_from(t)).scalar()
            for t in (events, vouchers, seals)
        )


@pytest.mark.parametrize("statement", STATEMENTS)
def test_update_and_delete_of_facts_are_refused(db_url: str, statement: str) -> None:
    svc = open_service(db_url)
    svc.import_file(EXAMPLE / "journal.csv")
    before = _counts(svc.engine)
    digest = verify(svc.engine).digest
    with (
        pytest.raises(sqlalchemy.exc.DatabaseError) as info,
        writing(),
        svc.engine.begin() as connection,
    ):
        connection.exec_driver_sql(statement)
    assert "append-only" in str(info.value) and "只可追加" in str(info.value)
    assert _counts(svc.engine) == before
    after = verify(svc.engine)
    assert after.intact and after.digest == digest


def test_truncate_is_refused_on_postgresql(postgres: str) -> None:
    """SQLite has no TRUNCATE (its DELETE without WHERE is refused above)."""
    svc = open_service(_create_database(postgres))
    svc.import_file(EXAMPLE / "journal.csv")
    for table in ("ledger_events", "voucher", "ledger_seal"):
        with (
            pytest.raises(sqlalchemy.exc.DatabaseError, match="append-only"),
            svc.engine.begin() as connection,
        ):
            connection.exec_driver_sql(f"TRUNCATE {table} CASCADE")
    assert _counts(svc.engine)[0] > 0
    dispose_engines()


def test_the_read_model_stays_rewritable(db_url: str) -> None:
    """Only facts are append-only: rebuild empties and refills the read model."""
    from projections.maintain import rebuild

    svc = open_service(db_url)
    svc.import_file(EXAMPLE / "journal.csv")
    count = svc.maintain(rebuild)
    assert count == _counts(svc.engine)[0]
