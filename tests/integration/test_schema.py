"""The Alembic migrations and the table definitions the code queries with agree."""

from __future__ import annotations

from alembic.autogenerate import compare_metadata
from alembic.runtime.migration import MigrationContext
from sqlalchemy import MetaData
from sqlalchemy_utils.types.uuid import UUIDType

from ledger import tables
from ledger.store import database_url, engine_for, migrate
from projections import schema


def test_migrated_schema_matches_the_code(db_url: str) -> None:
    engine = engine_for(database_url(db_url))
    migrate(engine)
    combined = MetaData()
    for table in (*tables.metadata.tables.values(), *schema.metadata.tables.values()):
        table.to_metadata(combined)
    with engine.connect() as connection:
        diff = compare_metadata(MigrationContext.configure(connection), combined)
    assert [d for d in diff if not _expected(d, engine.dialect.name)] == []


def _expected(d: object, dialect: str) -> bool:
    # alembic_version is Alembic's own bookkeeping.
    if isinstance(d, tuple) and d[0] == "remove_table":
        return d[1].name == "alembic_version"
    # SQLite reflects the BINARY(16) of a UUID column as NUMERIC(16).
    if isinstance(d, list) and dialect == "sqlite":
        return all(x[0] == "modify_type" and isinstance(x[6], UUIDType) for x in d)
    return False
