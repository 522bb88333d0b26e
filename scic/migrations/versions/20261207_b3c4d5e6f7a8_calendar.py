"""Calendar: personal feed addresses and the reminders sent (issue 20).

Revision ID: b3c4d5e6f7a8
Revises: 9b1f4e7c2a60
Create Date: 2026-12-07
"""

import sqlalchemy as sa
from alembic import op

from scic.core.db import UTCDateTime

revision = "b3c4d5e6f7a8"
down_revision = "9b1f4e7c2a60"
branch_labels = None
depends_on = None


def upgrade():
    op.create_table(
        "calendar_feeds",
        sa.Column("id", sa.Integer(), primary_key=True),
        sa.Column("user_id", sa.Integer(), sa.ForeignKey("users.id"), nullable=False),
        sa.Column(
            "cooperative_id", sa.Integer(), sa.ForeignKey("cooperatives.id"), nullable=False
        ),
        sa.Column("token_sha256", sa.String(64), nullable=False, unique=True),
        sa.Column("created_at", UTCDateTime(timezone=True), nullable=False),
        sa.UniqueConstraint("user_id", "cooperative_id"),
    )
    op.create_index("ix_calendar_feeds_user_id", "calendar_feeds", ["user_id"])
    op.create_index("ix_calendar_feeds_cooperative_id", "calendar_feeds", ["cooperative_id"])
    op.create_table(
        "calendar_reminders",
        sa.Column("id", sa.Integer(), primary_key=True),
        sa.Column(
            "cooperative_id", sa.Integer(), sa.ForeignKey("cooperatives.id"), nullable=False
        ),
        sa.Column("deadline_key", sa.String(200), nullable=False),
        sa.Column("lead_days", sa.Integer(), nullable=False),
        sa.Column("deadline_on", sa.Date(), nullable=False),
        sa.Column("recipients", sa.Integer(), nullable=False),
        sa.Column("sent_at", UTCDateTime(timezone=True), nullable=False),
        sa.UniqueConstraint("cooperative_id", "deadline_key", "lead_days"),
    )
    op.create_index(
        "ix_calendar_reminders_cooperative_id", "calendar_reminders", ["cooperative_id"]
    )


def downgrade():
    op.drop_table("calendar_reminders")
    op.drop_table("calendar_feeds")
