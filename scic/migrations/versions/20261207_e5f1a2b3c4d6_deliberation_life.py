"""Deliberation life: prefecture acknowledgement, cancellation (withdrawal or annulment).

Revision ID: e5f1a2b3c4d6
Revises: 68d3de4355dd
Create Date: 2026-12-07
"""

import sqlalchemy as sa
from alembic import op

revision = "e5f1a2b3c4d6"
down_revision = "68d3de4355dd"
branch_labels = None
depends_on = None


def upgrade():
    with op.batch_alter_table("deliberations") as batch:
        batch.add_column(
            sa.Column("acknowledgement_ref", sa.String(200), nullable=False, server_default="")
        )
        batch.add_column(sa.Column("cancelled_on", sa.Date(), nullable=True))
        batch.add_column(
            sa.Column("cancellation_kind", sa.String(20), nullable=False, server_default="")
        )
        batch.add_column(
            sa.Column("cancellation_ref", sa.String(300), nullable=False, server_default="")
        )


def downgrade():
    with op.batch_alter_table("deliberations") as batch:
        batch.drop_column("cancellation_ref")
        batch.drop_column("cancellation_kind")
        batch.drop_column("cancelled_on")
        batch.drop_column("acknowledgement_ref")
