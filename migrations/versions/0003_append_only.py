"""Append-only facts: the seal (hash chain) table, and triggers refusing UPDATE and DELETE.

The event store, its seal and the voucher index are append-only: the database itself
refuses to update or delete their rows (SQLite: BEFORE UPDATE/DELETE triggers raising
ABORT; PostgreSQL: a statement trigger on UPDATE, DELETE and TRUNCATE). Events recorded
before this revision are sealed here, so that ``budget-ledger verify`` covers them too.

Revision ID: 0003
Revises: 0001 (revision 0002 is taken by a branch developed alongside; the merge
re-parents this one onto it)
Create Date: 2026-11-24
"""

import sqlalchemy as sa
from alembic import op

from ledger.seal import ENTRY, GENESIS, link

revision = "0003"
down_revision = "0002"
branch_labels = None
depends_on = None

Id = sa.BigInteger().with_variant(sa.Integer(), "sqlite")
APPEND_ONLY = {"ledger_events": "账簿事件", "ledger_seal": "事件封存记录", "voucher": "凭证索引"}
BATCH = 5000


def upgrade() -> None:
    op.create_table(
        "ledger_seal",
        sa.Column("last_id", Id, primary_key=True, autoincrement=False),
        sa.Column("first_id", Id, nullable=False),
        sa.Column("events", sa.Integer, nullable=False),
        sa.Column("entries", sa.LargeBinary(), nullable=False),
        sa.Column("head", sa.LargeBinary(), nullable=False),
    )
    _seal_existing_events()
    if op.get_bind().dialect.name == "postgresql":
        _postgresql_triggers()
    else:
        _sqlite_triggers()


def downgrade() -> None:
    if op.get_bind().dialect.name == "postgresql":
        for table in APPEND_ONLY:
            op.execute(f"DROP TRIGGER {table}_append_only ON {table}")
        op.execute("DROP FUNCTION ledger_refuse_change()")
    else:
        for table in APPEND_ONLY:
            op.execute(f"DROP TRIGGER {table}_no_update")
            op.execute(f"DROP TRIGGER {table}_no_delete")
    op.drop_table("ledger_seal")


def _message(table: str, what: str) -> str:
    return f"{APPEND_ONLY[table]}只可追加，不可{what}（{table} is append-only）"


def _sqlite_triggers() -> None:
    for table in APPEND_ONLY:
        for action, what in (("update", "修改"), ("delete", "删除")):
            op.execute(
                f"CREATE TRIGGER {table}_no_{action} BEFORE {action.upper()} ON {table} "
                f"BEGIN SELECT RAISE(ABORT, '{_message(table, what)}'); END"
            )


def _postgresql_triggers() -> None:
    op.execute(
        """
        CREATE FUNCTION ledger_refuse_change() RETURNS trigger LANGUAGE plpgsql AS $$
        BEGIN
            RAISE EXCEPTION '%', TG_ARGV[0];
        END
        $$
        """
    )
    for table in APPEND_ONLY:
        op.execute(
            f"CREATE TRIGGER {table}_append_only "
            f"BEFORE UPDATE OR DELETE OR TRUNCATE ON {table} FOR EACH STATEMENT "
            f"EXECUTE FUNCTION ledger_refuse_change('{_message(table, '修改或删除')}')"
        )


def _seal_existing_events() -> None:
    """Seal, in batches, the events a store held before it had a seal."""
    bind = op.get_bind()
    events = sa.table(
        "ledger_events",
        sa.column("id"),
        sa.column("originator_id"),
        sa.column("originator_version"),
        sa.column("topic"),
        sa.column("state"),
    )
    seals = sa.table(
        "ledger_seal",
        sa.column("last_id"),
        sa.column("first_id"),
        sa.column("events"),
        sa.column("entries"),
        sa.column("head"),
    )
    previous, after = GENESIS, 0
    while True:
        rows = bind.execute(
            sa.select(events).where(events.c.id > after).order_by(events.c.id).limit(BATCH)
        ).all()
        if not rows:
            return
        entries = bytearray()
        for nid, originator, version, topic, state in rows:
            raw = originator if isinstance(originator, bytes) else originator.bytes
            previous = link(previous, nid, raw, version, topic.encode(), bytes(state))
            entries += ENTRY.pack(nid, raw, version, previous)
        bind.execute(
            sa.insert(seals).values(
                last_id=rows[-1][0],
                first_id=rows[0][0],
                events=len(rows),
                entries=bytes(entries),
                head=previous,
            )
        )
        after = rows[-1][0]
