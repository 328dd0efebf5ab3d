"""Alembic environment: migrate the connection the ledger hands over, or $BUDGET_LEDGER_DB."""

from alembic import context
from sqlalchemy import Connection

from ledger.store import database_url, engine_for, writing

connection = context.config.attributes.get("connection")


def run(conn: Connection) -> None:
    context.configure(connection=conn, render_as_batch=conn.dialect.name == "sqlite")
    with context.begin_transaction():
        context.run_migrations()


if connection is not None:
    run(connection)
else:
    with writing(), engine_for(database_url()).begin() as conn:
        run(conn)
