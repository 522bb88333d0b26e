"""Operating revenue stated by an advance's deliberation (R-LA-2, CGCT L1522-5 5 % limit).

Revision ID: a9b8c7d6e5f4
Revises: e2f7c9a4b1d6
Create Date: 2026-12-07
"""

import sqlalchemy as sa
from alembic import op

revision = "a9b8c7d6e5f4"
down_revision = "e2f7c9a4b1d6"
branch_labels = None
depends_on = None


def upgrade():
    with op.batch_alter_table("deliberations") as batch:
        batch.add_column(sa.Column("operating_revenue_cents", sa.Integer(), nullable=True))


def downgrade():
    with op.batch_alter_table("deliberations") as batch:
        batch.drop_column("operating_revenue_cents")
