"""What someone with the database owner's rights could do behind the ledger's back."""

from __future__ import annotations

import json
from collections.abc import Iterator
from contextlib import contextmanager

from sqlalchemy import Connection, Engine

from ledger.store import writing

TABLES = ("ledger_events", "ledger_seal", "voucher")


@contextmanager
def behind_the_triggers(engine: Engine, tables: tuple[str, ...] = TABLES) -> Iterator[Connection]:
    """A transaction with the append-only triggers off, put back as they were after."""
    with writing(), engine.begin() as connection:
        if engine.dialect.name == "postgresql":
            for table in tables:
                connection.exec_driver_sql(f"ALTER TABLE {table} DISABLE TRIGGER USER")
            yield connection
            for table in tables:
                connection.exec_driver_sql(f"ALTER TABLE {table} ENABLE TRIGGER USER")
        else:
            names = ", ".join(f"'{t}'" for t in tables)
            triggers = connection.exec_driver_sql(
                f"SELECT name, sql FROM sqlite_master WHERE type = 'trigger' AND tbl_name IN ({names})"
            ).all()
            for name, _sql in triggers:
                connection.exec_driver_sql(f"DROP TRIGGER {name}")
            yield connection
            for _name, sql in triggers:
                connection.exec_driver_sql(sql)


def downgrade(engine: Engine, revision: str) -> None:
    """Take the schema back to an older revision, as a store made by an older release."""
    from alembic import command
    from alembic.config import Config

    from ledger.store import migrations_dir

    config = Config()
    config.set_main_option("script_location", str(migrations_dir()))
    with writing(), engine.begin() as connection:
        config.attributes["connection"] = connection
        command.downgrade(config, revision)


def mark(connection: Connection) -> str:
    return "?" if connection.dialect.paramstyle == "qmark" else "%s"


def events_of(connection: Connection, topic: str) -> list[tuple[int, bytes, int]]:
    """(notification id, aggregate id bytes, version) of the events of a topic, in order."""
    rows = connection.exec_driver_sql(
        "SELECT id, originator_id, originator_version FROM ledger_events "
        f"WHERE topic LIKE {mark(connection)} ORDER BY id",
        (f"%{topic}",),
    ).all()
    return [(r[0], r[1] if isinstance(r[1], bytes) else r[1].bytes, r[2]) for r in rows]


def change_amount(connection: Connection, notification_id: int, amount: str) -> None:
    """Rewrite the amount of a stored event, as a forger would."""
    m = mark(connection)
    (state,) = connection.exec_driver_sql(
        f"SELECT state FROM ledger_events WHERE id = {m}", (notification_id,)
    ).one()
    data = json.loads(bytes(state))
    data["amount"]["_data_"] = amount
    connection.exec_driver_sql(
        f"UPDATE ledger_events SET state = {m} WHERE id = {m}",
        (json.dumps(data, ensure_ascii=False, separators=(",", ":")).encode(), notification_id),
    )


def delete_event(connection: Connection, notification_id: int) -> None:
    connection.exec_driver_sql(
        f"DELETE FROM ledger_events WHERE id = {mark(connection)}", (notification_id,)
    )
