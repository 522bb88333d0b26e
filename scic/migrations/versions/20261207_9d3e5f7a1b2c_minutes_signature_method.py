"""Minutes signatures say how they were given: own account or wet ink with its scan.

Revision ID: 9d3e5f7a1b2c
Revises: 4c7e1b9d3a52
Create Date: 2026-12-07
"""

import sqlalchemy as sa

from alembic import op

revision = "9d3e5f7a1b2c"
down_revision = "4c7e1b9d3a52"
branch_labels = None
depends_on = None


def upgrade():
    with op.batch_alter_table("minutes_signatures") as batch:
        batch.add_column(
            sa.Column("method", sa.String(length=16), nullable=False, server_default="account")
        )
        batch.add_column(sa.Column("scan_file_id", sa.Integer(), nullable=True))
        batch.create_foreign_key(
            batch.f("fk_minutes_signatures_scan_file_id_generated_files"),
            "generated_files",
            ["scan_file_id"],
            ["id"],
        )


def downgrade():
    with op.batch_alter_table("minutes_signatures") as batch:
        batch.drop_constraint(
            batch.f("fk_minutes_signatures_scan_file_id_generated_files"), type_="foreignkey"
        )
        batch.drop_column("scan_file_id")
        batch.drop_column("method")
