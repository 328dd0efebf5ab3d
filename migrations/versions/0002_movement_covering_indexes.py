"""Covering indexes for year-wide reads of the movements (the TUI's overview of a
department or of every unit, the reports of a whole year).

A year-wide fold over a million movements read them through ``(year, effective_date)``
and then each row from the table: seconds. With every column the folds read in the
index, they scan the index alone:

- ``movement_year_line_idx`` (year, unit, line_key, …): the per-line totals of a year,
  of a unit or of a department's units, grouped in index order (no sort);
- ``movement_year_date_idx`` widened to (year, effective_date, kind, unit, recorded_at,
  spent): spending by day and month, in date order.

Revision ID: 0002
Revises: 0001
Create Date: 2026-11-23
"""

from alembic import op

revision = "0002"
down_revision = "0001"
branch_labels = None
depends_on = None

LINE_FOLD = [
    "year",
    "unit",
    "line_key",
    "effective_date",
    "recorded_at",
    "kind",
    "economic",
    "initial",
    "carried_in",
    "adjusted",
    "spent",
    "carried_out",
    "carried_from_old",
    "recovered_old",
    "recovered_current",
]
BY_DATE = ["year", "effective_date", "kind", "unit", "recorded_at", "spent"]


def upgrade() -> None:
    op.create_index("movement_year_line_idx", "movement", LINE_FOLD)
    op.drop_index("movement_year_date_idx", "movement")
    op.create_index("movement_year_date_idx", "movement", BY_DATE)


def downgrade() -> None:
    op.drop_index("movement_year_date_idx", "movement")
    op.create_index("movement_year_date_idx", "movement", ["year", "effective_date"])
    op.drop_index("movement_year_line_idx", "movement")
