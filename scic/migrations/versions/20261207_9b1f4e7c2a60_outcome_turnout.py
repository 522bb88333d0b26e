"""outcome turnout: how the assembly part was held when a vote closed (R-AG-11, R-AG-12)

Each frozen result keeps the quorum and the members taking part (per college) it was decided
with, so that the export's ``assembly`` block re-tallies to exactly the recorded result.

Revision ID: 9b1f4e7c2a60
Revises: a9b8c7d6e5f4
Create Date: 2026-12-07 03:40:00

"""
import sqlalchemy as sa
from alembic import op

# revision identifiers, used by Alembic.
revision = "9b1f4e7c2a60"
down_revision = "a9b8c7d6e5f4"
branch_labels = None
depends_on = None


def upgrade():
    with op.batch_alter_table("outcomes", schema=None) as batch_op:
        batch_op.add_column(sa.Column("turnout", sa.JSON(), nullable=True))


def downgrade():
    with op.batch_alter_table("outcomes", schema=None) as batch_op:
        batch_op.drop_column("turnout")
