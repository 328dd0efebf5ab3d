"""A budget's planned amounts in the read model: 结转下年 planned and 政府采购预算.

Existing movements planned nothing: the new column defaults to 0, no event is read.

Revision ID: 0005
Revises: 0004
Create Date: 2026-12-02
"""

import sqlalchemy as sa
from alembic import op

revision = "0005"
down_revision = "0004"
branch_labels = None
depends_on = None


def upgrade() -> None:
    with op.batch_alter_table("movement") as batch:
        batch.add_column(sa.Column("planned", sa.BigInteger, nullable=False, server_default="0"))


def downgrade() -> None:
    with op.batch_alter_table("movement") as batch:
        batch.drop_column("planned")
