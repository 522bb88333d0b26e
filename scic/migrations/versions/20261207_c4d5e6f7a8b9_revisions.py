"""Révisions coopératives and the requests for one (R-REV-1…R-REV-4, issue 20 item 3).

Revision ID: c4d5e6f7a8b9
Revises: 3c5e7a9b1d24
Create Date: 2026-12-07
"""

import sqlalchemy as sa
from alembic import op

from scic.core.db import UTCDateTime

revision = "c4d5e6f7a8b9"
down_revision = "3c5e7a9b1d24"
branch_labels = None
depends_on = None


def upgrade():
    op.create_table(
        "revisions",
        sa.Column("id", sa.Integer(), primary_key=True),
        sa.Column(
            "cooperative_id", sa.Integer(), sa.ForeignKey("cooperatives.id"), nullable=False
        ),
        sa.Column("kind", sa.String(16), nullable=False),
        sa.Column("reviser_name", sa.String(200), nullable=False),
        sa.Column("reviser_approval", sa.String(120), nullable=False),
        sa.Column("independence_declared", sa.Boolean(), nullable=False),
        sa.Column("started_on", sa.Date(), nullable=False),
        sa.Column("report_on", sa.Date(), nullable=True),
        sa.Column("report_filename", sa.String(255), nullable=False),
        sa.Column("report_sha256", sa.String(64), nullable=False),
        sa.Column("report_content", sa.LargeBinary(), nullable=True),
        sa.Column(
            "presented_assembly_id", sa.Integer(), sa.ForeignKey("assemblies.id"), nullable=True
        ),
        sa.Column("created_at", UTCDateTime(timezone=True), nullable=False),
    )
    op.create_index("ix_revisions_cooperative_id", "revisions", ["cooperative_id"])
    op.create_table(
        "revision_requests",
        sa.Column("id", sa.Integer(), primary_key=True),
        sa.Column(
            "cooperative_id", sa.Integer(), sa.ForeignKey("cooperatives.id"), nullable=False
        ),
        sa.Column("requested_by", sa.String(16), nullable=False),
        sa.Column("requested_on", sa.Date(), nullable=False),
        sa.Column("signatories", sa.Integer(), nullable=False),
        sa.Column("out_of", sa.Integer(), nullable=False),
        sa.Column("reference", sa.String(300), nullable=False),
        sa.Column("revision_id", sa.Integer(), sa.ForeignKey("revisions.id"), nullable=True),
        sa.Column("created_at", UTCDateTime(timezone=True), nullable=False),
    )
    op.create_index(
        "ix_revision_requests_cooperative_id", "revision_requests", ["cooperative_id"]
    )


def downgrade():
    op.drop_table("revision_requests")
    op.drop_table("revisions")
