"""user session version: logout and password changes end every session

Revision ID: b7d2e4f6a813
Revises: d7a4b9c2e6f1
Create Date: 2026-12-07 03:45:00

"""
import sqlalchemy as sa
from alembic import op

# revision identifiers, used by Alembic.
revision = "b7d2e4f6a813"
down_revision = "d7a4b9c2e6f1"
branch_labels = None
depends_on = None


def upgrade():
    # Existing accounts start at 1; sessions signed before this revision carry no version and
    # are refused once (everyone signs in again after the upgrade).
    with op.batch_alter_table("users", schema=None) as batch_op:
        batch_op.add_column(
            sa.Column("session_version", sa.Integer(), nullable=False, server_default="1")
        )


def downgrade():
    with op.batch_alter_table("users", schema=None) as batch_op:
        batch_op.drop_column("session_version")
