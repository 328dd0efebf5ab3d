"""On PostgreSQL the read model can follow the event store live with ProjectionRunner."""

from __future__ import annotations

from pathlib import Path

import pytest
from sqlalchemy import func, select
from sqlalchemy.orm import Session

from ledger.service import ENV_PROJECTIONS
from ledger.store import database_url, engine_for
from ledger.tables import events
from projections.follow import runner
from projections.maintain import position
from projections.schema import movements
from tests.conftest import _create_database, open_service
from tests.journal_files import payment


def test_projection_runner_follows_live(
    postgres: str, monkeypatch: pytest.MonkeyPatch, open_year_journal: Path
) -> None:
    url = _create_database(postgres)
    monkeypatch.setenv(ENV_PROJECTIONS, "follow")
    svc = open_service(url)
    svc.import_file(open_year_journal)
    engine = engine_for(database_url(url))
    with Session(engine) as s:
        assert s.execute(select(func.count()).select_from(movements)).scalar() == 0
    with runner(url) as follower:
        with Session(engine) as s:
            last = s.execute(select(func.max(events.c.id))).scalar()
        follower.wait(last, timeout=20)
        svc.record(
            {
                **payment("A", "1", "x"),
                "unit": "105001",
                "line": "P03",
                "economic": "30227",
                "amount": "10.00",
                "doc": "ZF-LIVE",
            }
        )
        with Session(engine) as s:
            last = s.execute(select(func.max(events.c.id))).scalar()
        follower.wait(last, timeout=20)
    with Session(engine) as s:
        assert position(s) == last
        projected = s.execute(select(func.count()).select_from(movements)).scalar()
        assert projected == 196 + 1 + 1  # rows, the transfer's receiving side, the live payment
        assert (
            s.execute(select(movements.c.doc).where(movements.c.id == last)).scalar() == "ZF-LIVE"
        )


def test_follow_refuses_sqlite_where_each_command_projects_its_own_events(
    sqlite_url: str, open_year_journal: Path
) -> None:
    from projections.follow import follow_forever

    with pytest.raises(ValueError, match="PostgreSQL"):
        follow_forever(sqlite_url)
    assert not Path(sqlite_url).exists()  # refused before any store was opened or made
    # What the refusal says: on SQLite the read model is current when a command ends.
    svc = open_service(sqlite_url)
    svc.import_file(open_year_journal)
    with Session(engine_for(database_url(sqlite_url))) as s:
        assert position(s) == s.execute(select(func.max(events.c.id))).scalar()
        projected = s.execute(select(func.count()).select_from(movements)).scalar()
        assert projected == 196 + 1  # rows, the transfer's receiving side
