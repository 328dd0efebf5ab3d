"""When a unit's name, type and department were registered, in the read model.

A report "as known at T" scoped to a department must count only the units registered
into it by T. Existing rows are filled from the units' ``Described`` events.

Revision ID: 0004
Revises: 0003
Create Date: 2026-11-24
"""

import json
from datetime import datetime

import sqlalchemy as sa
from alembic import op

revision = "0004"
down_revision = "0003"
branch_labels = None
depends_on = None

FIELDS = ("name", "unit_type", "department")
_EPOCH = datetime.fromisoformat("1970-01-01T00:00:00+00:00")


def upgrade() -> None:
    with op.batch_alter_table("unit") as batch:
        for field in FIELDS:
            batch.add_column(sa.Column(f"{field}_at", sa.BigInteger))
    _fill_from_events()


def downgrade() -> None:
    with op.batch_alter_table("unit") as batch:
        for field in FIELDS:
            batch.drop_column(f"{field}_at")


def _fill_from_events() -> None:
    bind = op.get_bind()
    described = bind.execute(
        sa.text("SELECT state FROM ledger_events WHERE topic = :topic ORDER BY id"),
        {"topic": "ledger.domain.unit:Unit.Described"},
    )
    unit = sa.table("unit", sa.column("code"), *(sa.column(f"{f}_at") for f in FIELDS))
    for (state,) in described:
        event = json.loads(bytes(state))
        at = datetime.fromisoformat(event["timestamp"]["_data_"]) - _EPOCH
        micros = (at.days * 86_400 + at.seconds) * 1_000_000 + at.microseconds
        values = {f"{f}_at": micros for f in FIELDS if event.get(f) is not None}
        if values:
            bind.execute(sa.update(unit).where(unit.c.code == event["code"]).values(**values))
