"""Re-designation campaign: letters asking councils to designate their representatives again.

Revision ID: f2a7c9d1e3b5
Revises: e5f1a2b3c4d6
Create Date: 2026-12-07
"""

import sqlalchemy as sa

import scic.core.db
from alembic import op

revision = "f2a7c9d1e3b5"
down_revision = "e5f1a2b3c4d6"
branch_labels = None
depends_on = None


def upgrade():
    op.create_table(
        "designation_requests",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("cooperative_id", sa.Integer(), nullable=False),
        sa.Column("member_id", sa.Integer(), nullable=False),
        sa.Column("sent_on", sa.Date(), nullable=False),
        sa.Column("channel", sa.String(length=20), nullable=False),
        sa.Column("reference", sa.String(length=100), nullable=False),
        sa.Column("created_at", scic.core.db.UTCDateTime(timezone=True), nullable=False),
        sa.ForeignKeyConstraint(
            ["cooperative_id"],
            ["cooperatives.id"],
            name=op.f("fk_designation_requests_cooperative_id_cooperatives"),
        ),
        sa.ForeignKeyConstraint(
            ["member_id"], ["members.id"], name=op.f("fk_designation_requests_member_id_members")
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_designation_requests")),
    )
    with op.batch_alter_table("designation_requests") as batch:
        batch.create_index(
            batch.f("ix_designation_requests_cooperative_id"), ["cooperative_id"], unique=False
        )
        batch.create_index(
            batch.f("ix_designation_requests_member_id"), ["member_id"], unique=False
        )


def downgrade():
    op.drop_table("designation_requests")
