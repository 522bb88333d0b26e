"""exclusion facts and unpaid-call notices (R-EXCL-1, R-EXCL-3)

An exclusion resolution records the day the member was notified and the day it could be heard;
an exit by exclusion names the resolution it rests on, or the unanswered registered-letter
notice of an unpaid call (``unpaid_call_notices``).

Revision ID: c3d8e2a1f5b4
Revises: 5e3c1a9b7d21
Create Date: 2026-12-07 03:30:00

"""
import sqlalchemy as sa
from alembic import op

import scic.core.db

# revision identifiers, used by Alembic.
revision = "c3d8e2a1f5b4"
down_revision = "5e3c1a9b7d21"
branch_labels = None
depends_on = None


def upgrade():
    op.create_table(
        "unpaid_call_notices",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("cooperative_id", sa.Integer(), nullable=False),
        sa.Column("member_id", sa.Integer(), nullable=False),
        sa.Column("sent_on", sa.Date(), nullable=False),
        sa.Column("letter_ref", sa.String(length=120), nullable=False),
        sa.Column("outstanding_cents", sa.Integer(), nullable=False),
        sa.Column("recorded_at", scic.core.db.UTCDateTime(), nullable=False),
        sa.Column("recorded_by_id", sa.Integer(), nullable=True),
        sa.ForeignKeyConstraint(["cooperative_id"], ["cooperatives.id"]),
        sa.ForeignKeyConstraint(["member_id"], ["members.id"]),
        sa.ForeignKeyConstraint(["recorded_by_id"], ["users.id"]),
        sa.PrimaryKeyConstraint("id"),
    )
    with op.batch_alter_table("unpaid_call_notices") as batch_op:
        batch_op.create_index(
            batch_op.f("ix_unpaid_call_notices_cooperative_id"), ["cooperative_id"], unique=False
        )
        batch_op.create_index(
            batch_op.f("ix_unpaid_call_notices_member_id"), ["member_id"], unique=False
        )
    with op.batch_alter_table("resolutions") as batch_op:
        batch_op.add_column(sa.Column("excluded_member_notified_on", sa.Date(), nullable=True))
        batch_op.add_column(sa.Column("excluded_member_heard_on", sa.Date(), nullable=True))
    with op.batch_alter_table("withdrawal_requests") as batch_op:
        batch_op.add_column(sa.Column("resolution_id", sa.Integer(), nullable=True))
        batch_op.add_column(sa.Column("unpaid_notice_id", sa.Integer(), nullable=True))
        batch_op.create_foreign_key(
            batch_op.f("fk_withdrawal_requests_resolution_id_resolutions"),
            "resolutions",
            ["resolution_id"],
            ["id"],
        )
        batch_op.create_foreign_key(
            batch_op.f("fk_withdrawal_requests_unpaid_notice_id_unpaid_call_notices"),
            "unpaid_call_notices",
            ["unpaid_notice_id"],
            ["id"],
        )


def downgrade():
    with op.batch_alter_table("withdrawal_requests") as batch_op:
        batch_op.drop_constraint(
            batch_op.f("fk_withdrawal_requests_unpaid_notice_id_unpaid_call_notices"),
            type_="foreignkey",
        )
        batch_op.drop_constraint(
            batch_op.f("fk_withdrawal_requests_resolution_id_resolutions"), type_="foreignkey"
        )
        batch_op.drop_column("unpaid_notice_id")
        batch_op.drop_column("resolution_id")
    with op.batch_alter_table("resolutions") as batch_op:
        batch_op.drop_column("excluded_member_heard_on")
        batch_op.drop_column("excluded_member_notified_on")
    with op.batch_alter_table("unpaid_call_notices") as batch_op:
        batch_op.drop_index(batch_op.f("ix_unpaid_call_notices_member_id"))
        batch_op.drop_index(batch_op.f("ix_unpaid_call_notices_cooperative_id"))
    op.drop_table("unpaid_call_notices")
