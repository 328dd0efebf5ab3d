"""Monthly sums per line for as-of reports; drop movement indexes with random keys.

Revision ID: 0002
Revises: 0001
Create Date: 2026-11-23
"""

import sqlalchemy as sa
from alembic import op

revision = "0002"
down_revision = "0001"
branch_labels = None
depends_on = None

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
    op.create_table(
        "line_month",
        sa.Column("line_key", sa.BigInteger, primary_key=True, autoincrement=False),
        sa.Column("month", sa.Integer, primary_key=True, autoincrement=False),
        sa.Column("unit", sa.String(64), nullable=False),
        sa.Column("year", sa.Integer, nullable=False),
        *(sa.Column(m, sa.BigInteger, nullable=False, server_default="0") for m in MEASURES),
        sa.Column("closes", sa.Integer, nullable=False, server_default="0"),
    )
    op.create_index("line_month_unit_year_idx", "line_month", ["unit", "year"])
    op.create_index("line_month_year_idx", "line_month", ["year"])
    month = (
        "CAST(strftime('%m', effective_date) AS INTEGER)"
        if op.get_bind().dialect.name == "sqlite"
        else "CAST(EXTRACT(MONTH FROM effective_date) AS INTEGER)"
    )
    sums = ", ".join(f"SUM({m})" for m in MEASURES)
    op.execute(
        f"INSERT INTO line_month (line_key, month, unit, year, {', '.join(MEASURES)}, closes) "
        f"SELECT line_key, {month}, MIN(unit), MIN(year), {sums}, "
        "SUM(CASE WHEN kind = 'close' THEN 1 ELSE 0 END) "
        f"FROM movement WHERE line_key IS NOT NULL GROUP BY line_key, {month}"
    )
    op.drop_index("movement_line_idx", "movement")
    op.drop_index("movement_recorded_idx", "movement")


def downgrade() -> None:
    op.create_index("movement_line_idx", "movement", ["line_key", "effective_date"])
    op.create_index("movement_recorded_idx", "movement", ["recorded_at"])
    op.drop_table("line_month")
