"""Performance (绩效) facts in the read model: the projects' performance aggregates and
one row per target, revision, progress observation and evaluation.

No store held performance events before this revision: the tables start empty.

Revision ID: 0006
Revises: 0005
Create Date: 2026-12-09
"""

import sqlalchemy as sa
from alembic import op

revision = "0006"
down_revision = "0005"
branch_labels = None
depends_on = None


def upgrade() -> None:
    op.create_table(
        "performance_project",
        sa.Column("aggregate_id", sa.String(32), primary_key=True),
        sa.Column("unit", sa.String(64), nullable=False),
        sa.Column("year", sa.Integer, nullable=False),
        sa.Column("project", sa.Text, nullable=False),
    )
    op.create_table(
        "performance_fact",
        sa.Column("id", sa.BigInteger, primary_key=True, autoincrement=False),
        sa.Column("unit", sa.String(64), nullable=False),
        sa.Column("year", sa.Integer, nullable=False),
        sa.Column("project", sa.Text, nullable=False),
        sa.Column("kind", sa.String(16), nullable=False),
        sa.Column("effective_date", sa.Date, nullable=False),
        sa.Column("recorded_at", sa.BigInteger, nullable=False),
        sa.Column("doc", sa.String(64), nullable=False),
        sa.Column("actor", sa.Text, nullable=False),
        sa.Column("memo", sa.Text),
        sa.Column("level1", sa.Text, nullable=False),
        sa.Column("level2", sa.Text, nullable=False),
        sa.Column("indicator", sa.Text, nullable=False),
        sa.Column("target", sa.Text, nullable=False),
        sa.Column("actual", sa.Text, nullable=False),
        sa.Column("weight", sa.BigInteger),
        sa.Column("score", sa.BigInteger),
        sa.Column("reason", sa.Text, nullable=False),
    )
    op.create_index(
        "performance_fact_unit_year_date_idx",
        "performance_fact",
        ["unit", "year", "effective_date"],
    )
    op.create_index(
        "performance_fact_year_date_idx", "performance_fact", ["year", "effective_date"]
    )


def downgrade() -> None:
    op.drop_table("performance_fact")
    op.drop_table("performance_project")
