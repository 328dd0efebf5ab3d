"""Initial schema: the event store, the voucher index and the read model.

Revision ID: 0001
Revises:
Create Date: 2026-11-23
"""

import sqlalchemy as sa
from alembic import op
from sqlalchemy_utils.types.uuid import UUIDType

revision = "0001"
down_revision = None
branch_labels = None
depends_on = None

Id = sa.BigInteger().with_variant(sa.Integer(), "sqlite")
MEASURES = (
    "initial",
    "carried_in",
    "adjusted",
    "spent",
    "income",
    "carried_out",
    "carried_from_old",
    "recovered_old",
    "recovered_current",
)


def upgrade() -> None:
    # Event store, in the shape eventsourcing-sqlalchemy 1.0 reads and writes.
    op.create_table(
        "ledger_events",
        sa.Column("id", Id, primary_key=True, autoincrement=True),
        sa.Column("originator_id", UUIDType(), nullable=False),
        sa.Column("originator_version", Id, nullable=False),
        sa.Column("topic", sa.Text(), nullable=False),
        sa.Column("state", sa.LargeBinary(), nullable=False),
    )
    op.create_index(
        "ledger_events_aggregate_idx",
        "ledger_events",
        ["originator_id", "originator_version"],
        unique=True,
    )
    op.create_table(
        "ledger_snapshots",
        sa.Column("originator_id", UUIDType(), primary_key=True),
        sa.Column("originator_version", Id, primary_key=True),
        sa.Column("topic", sa.Text(), nullable=False),
        sa.Column("state", sa.LargeBinary(), nullable=False),
    )
    op.create_table(
        "projection_tracking",
        sa.Column("application_name", sa.String(32), primary_key=True),
        sa.Column("notification_id", Id),
    )
    op.create_table(
        "voucher",
        sa.Column("unit", sa.String(64), primary_key=True),
        sa.Column("year", sa.Integer, primary_key=True),
        sa.Column("doc", sa.String(64), primary_key=True),
        sa.Column("line", sa.String(64), nullable=False),
        sa.Column("amount", sa.BigInteger, nullable=False),
        sa.Column("effective_date", sa.Date, nullable=False),
        sa.Column("economic", sa.String(5), nullable=False),
        sa.Column("spend_type", sa.String(16)),
        sa.Column("procurement", sa.String(8)),
        sa.Column("row_hash", sa.String(16)),
    )

    # Read model.
    op.create_table(
        "unit",
        sa.Column("code", sa.String(64), primary_key=True),
        sa.Column("name", sa.Text),
        sa.Column("unit_type", sa.String(16)),
        sa.Column("department", sa.String(64)),
    )
    op.create_table(
        "line",
        sa.Column("key", sa.BigInteger, primary_key=True, autoincrement=False),
        sa.Column("aggregate_id", sa.String(32), nullable=False, unique=True),
        sa.Column("unit", sa.String(64), nullable=False),
        sa.Column("year", sa.Integer, nullable=False),
        sa.Column("code", sa.String(64), nullable=False),
        sa.Column("fund", sa.String(16), nullable=False),
        sa.Column("function", sa.String(7), nullable=False),
        sa.Column("category", sa.String(8), nullable=False),
        sa.Column("economic", sa.String(5)),
        sa.Column("project", sa.Text),
        sa.Column("project_code", sa.String(64)),
    )
    op.create_index("line_unit_year_idx", "line", ["unit", "year"])
    op.create_index("line_year_idx", "line", ["year"])
    op.create_table(
        "code_name",
        sa.Column("scheme", sa.String(8), primary_key=True),
        sa.Column("code", sa.String(7), primary_key=True),
        sa.Column("name", sa.Text, nullable=False),
    )
    op.create_table(
        "movement",
        sa.Column("id", sa.BigInteger, primary_key=True, autoincrement=False),
        sa.Column("line_key", sa.BigInteger),
        sa.Column("unit", sa.String(64), nullable=False),
        sa.Column("year", sa.Integer, nullable=False),
        sa.Column("kind", sa.String(16), nullable=False),
        sa.Column("effective_date", sa.Date, nullable=False),
        sa.Column("recorded_at", sa.BigInteger, nullable=False),
        sa.Column("doc", sa.String(64), nullable=False),
        sa.Column("actor", sa.Text, nullable=False),
        *(sa.Column(m, sa.BigInteger, nullable=False, server_default="0") for m in MEASURES),
        sa.Column("fund", sa.String(16)),
        sa.Column("function", sa.String(7)),
        sa.Column("income_type", sa.String(16)),
        sa.Column("economic", sa.String(5)),
        sa.Column("spend_type", sa.String(16)),
        sa.Column("procurement", sa.String(8)),
        sa.Column("counterpart", sa.String(64)),
        sa.Column("origin_year", sa.Integer),
        sa.Column("derived", sa.Boolean, nullable=False, server_default="0"),
        sa.Column("payee", sa.Text),
        sa.Column("memo", sa.Text),
    )
    op.create_index("movement_unit_year_date_idx", "movement", ["unit", "year", "effective_date"])
    op.create_index("movement_year_date_idx", "movement", ["year", "effective_date"])
    op.create_index("movement_line_idx", "movement", ["line_key", "effective_date"])
    op.create_index("movement_recorded_idx", "movement", ["recorded_at"])


def downgrade() -> None:
    for table in (
        "movement",
        "code_name",
        "line",
        "unit",
        "voucher",
        "projection_tracking",
        "ledger_snapshots",
        "ledger_events",
    ):
        op.drop_table(table)
