"""Elections held by assemblies, their candidates, and the officers in office (R-AG-2).

Revision ID: d5e6f7a8b9c0
Revises: a7c3e9f1b2d4
Create Date: 2026-12-07
"""

import sqlalchemy as sa
from alembic import op

from scic.core.db import UTCDateTime

revision = "d5e6f7a8b9c0"
down_revision = "a7c3e9f1b2d4"
branch_labels = None
depends_on = None


def upgrade():
    op.create_table(
        "elections",
        sa.Column("id", sa.Integer(), primary_key=True),
        sa.Column(
            "cooperative_id", sa.Integer(), sa.ForeignKey("cooperatives.id"), nullable=False
        ),
        sa.Column("assembly_id", sa.Integer(), sa.ForeignKey("assemblies.id"), nullable=False),
        sa.Column("body", sa.String(32), nullable=False),
        sa.Column("seats", sa.Integer(), nullable=False),
        sa.Column("term_years", sa.Integer(), nullable=False),
        sa.Column("secret", sa.Boolean(), nullable=False),
        sa.Column("results_recorded_at", UTCDateTime(timezone=True), nullable=True),
        sa.Column("created_at", UTCDateTime(timezone=True), nullable=False),
    )
    op.create_index("ix_elections_cooperative_id", "elections", ["cooperative_id"])
    op.create_index("ix_elections_assembly_id", "elections", ["assembly_id"])
    op.create_table(
        "candidacies",
        sa.Column("id", sa.Integer(), primary_key=True),
        sa.Column("election_id", sa.Integer(), sa.ForeignKey("elections.id"), nullable=False),
        sa.Column("name", sa.String(200), nullable=False),
        sa.Column("member_id", sa.Integer(), sa.ForeignKey("members.id"), nullable=True),
        sa.Column(
            "resolution_id", sa.Integer(), sa.ForeignKey("resolutions.id"), nullable=False
        ),
        sa.Column("elected", sa.Boolean(), nullable=True),
    )
    op.create_index("ix_candidacies_election_id", "candidacies", ["election_id"])
    op.create_table(
        "officers",
        sa.Column("id", sa.Integer(), primary_key=True),
        sa.Column(
            "cooperative_id", sa.Integer(), sa.ForeignKey("cooperatives.id"), nullable=False
        ),
        sa.Column("body", sa.String(32), nullable=False),
        sa.Column("name", sa.String(200), nullable=False),
        sa.Column("member_id", sa.Integer(), sa.ForeignKey("members.id"), nullable=True),
        sa.Column("elected_on", sa.Date(), nullable=False),
        sa.Column("term_end", sa.Date(), nullable=False),
        sa.Column("election_id", sa.Integer(), sa.ForeignKey("elections.id"), nullable=True),
        sa.Column("created_at", UTCDateTime(timezone=True), nullable=False),
    )
    op.create_index("ix_officers_cooperative_id", "officers", ["cooperative_id"])


def downgrade():
    op.drop_table("officers")
    op.drop_table("candidacies")
    op.drop_table("elections")
