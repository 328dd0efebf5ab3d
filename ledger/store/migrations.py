"""The schema: Alembic's migrations, found beside the package or in the repository, run
to the latest revision. Alembic owns every table, the event store's included."""

from __future__ import annotations

from pathlib import Path

from sqlalchemy import Engine

from ledger.store.engine import writing


def migrations_dir() -> Path:
    """Alembic's script directory: beside the package when installed, else the repo's."""
    ledger = Path(__file__).resolve().parent.parent
    packaged = ledger / "_migrations"
    if packaged.is_dir():
        return packaged
    return ledger.parent / "migrations"


def migrate(engine: Engine) -> None:
    """Bring the schema to the latest revision (a no-op when it is there already)."""
    from alembic import command
    from alembic.config import Config
    from alembic.runtime.migration import MigrationContext
    from alembic.script import ScriptDirectory

    config = Config()
    config.set_main_option("script_location", str(migrations_dir()))
    head = ScriptDirectory.from_config(config).get_current_head()
    with engine.connect() as connection:
        if MigrationContext.configure(connection).get_current_revision() == head:
            return
    with writing(), engine.begin() as connection:
        if engine.dialect.name == "postgresql":
            # Two processes opening a new database at once: one migrates, the other waits.
            connection.exec_driver_sql("SELECT pg_advisory_xact_lock(2024052301)")
        config.attributes["connection"] = connection
        command.upgrade(config, "head")
