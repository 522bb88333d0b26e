"""Statutes proposed to an extraordinary resolution and applied on its adoption (issue 20).

Revision ID: e6f7a8b9c0d1
Revises: d5e6f7a8b9c0
Create Date: 2026-12-07
"""

import sqlalchemy as sa
from alembic import op

from scic.core.db import UTCDateTime

revision = "e6f7a8b9c0d1"
down_revision = "d5e6f7a8b9c0"
branch_labels = None
depends_on = None


def upgrade():
    op.create_table(
        "statutes_amendments",
        sa.Column("id", sa.Integer(), primary_key=True),
        sa.Column(
            "cooperative_id", sa.Integer(), sa.ForeignKey("cooperatives.id"), nullable=False
        ),
        sa.Column(
            "resolution_id", sa.Integer(), sa.ForeignKey("resolutions.id"), nullable=False
        ),
        sa.Column("document", sa.JSON(), nullable=False),
        sa.Column("effective_on", sa.Date(), nullable=True),
        sa.Column("applied_at", UTCDateTime(timezone=True), nullable=True),
        sa.Column("decided_on", sa.Date(), nullable=True),
        sa.Column("created_at", UTCDateTime(timezone=True), nullable=False),
        sa.UniqueConstraint("resolution_id"),
    )
    op.create_index(
        "ix_statutes_amendments_cooperative_id", "statutes_amendments", ["cooperative_id"]
    )


def downgrade():
    op.drop_table("statutes_amendments")
