"""Correcting entries of the attendance sheet and of show-of-hands counts (R-AG-13).

Revision ID: a7c3e9f1b2d4
Revises: c4d5e6f7a8b9
Create Date: 2026-12-07
"""

import sqlalchemy as sa

import scic.core.db
from alembic import op

revision = "a7c3e9f1b2d4"
down_revision = "c4d5e6f7a8b9"
branch_labels = None
depends_on = None


def upgrade():
    op.create_table(
        "attendance_corrections",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("assembly_id", sa.Integer(), nullable=False),
        sa.Column("member_id", sa.Integer(), nullable=False),
        sa.Column("entry_id", sa.Integer(), nullable=False),
        sa.Column("previous_mode", sa.String(length=20), nullable=False),
        sa.Column("mode", sa.String(length=20), nullable=False),
        sa.Column("reason", sa.String(length=16), nullable=False),
        sa.Column("proxy_id", sa.Integer(), nullable=True),
        sa.Column("recorded_at", scic.core.db.UTCDateTime(timezone=True), nullable=False),
        sa.Column("recorded_by_id", sa.Integer(), nullable=True),
        sa.ForeignKeyConstraint(
            ["assembly_id"],
            ["assemblies.id"],
            name=op.f("fk_attendance_corrections_assembly_id_assemblies"),
        ),
        sa.ForeignKeyConstraint(
            ["entry_id"],
            ["attendance_entries.id"],
            name=op.f("fk_attendance_corrections_entry_id_attendance_entries"),
        ),
        sa.ForeignKeyConstraint(
            ["member_id"], ["members.id"], name=op.f("fk_attendance_corrections_member_id_members")
        ),
        sa.ForeignKeyConstraint(
            ["proxy_id"], ["proxies.id"], name=op.f("fk_attendance_corrections_proxy_id_proxies")
        ),
        sa.ForeignKeyConstraint(
            ["recorded_by_id"],
            ["users.id"],
            name=op.f("fk_attendance_corrections_recorded_by_id_users"),
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_attendance_corrections")),
    )
    with op.batch_alter_table("attendance_corrections") as batch:
        for column in ("assembly_id", "entry_id", "member_id"):
            batch.create_index(batch.f(f"ix_attendance_corrections_{column}"), [column])

    op.create_table(
        "hand_count_corrections",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("cooperative_id", sa.Integer(), nullable=False),
        sa.Column("resolution_id", sa.Integer(), nullable=False),
        sa.Column("hand_count_id", sa.Integer(), nullable=False),
        sa.Column("college_id", sa.Integer(), nullable=True),
        sa.Column("votes_for", sa.Integer(), nullable=False),
        sa.Column("votes_against", sa.Integer(), nullable=False),
        sa.Column("votes_abstain", sa.Integer(), nullable=False),
        sa.Column("recorded_by_id", sa.Integer(), nullable=True),
        sa.Column("recorded_at", scic.core.db.UTCDateTime(timezone=True), nullable=False),
        sa.Column("prev_hash", sa.String(length=64), nullable=False),
        sa.Column("hash", sa.String(length=64), nullable=False),
        sa.ForeignKeyConstraint(
            ["college_id"],
            ["colleges.id"],
            name=op.f("fk_hand_count_corrections_college_id_colleges"),
        ),
        sa.ForeignKeyConstraint(
            ["cooperative_id"],
            ["cooperatives.id"],
            name=op.f("fk_hand_count_corrections_cooperative_id_cooperatives"),
        ),
        sa.ForeignKeyConstraint(
            ["hand_count_id"],
            ["hand_counts.id"],
            name=op.f("fk_hand_count_corrections_hand_count_id_hand_counts"),
        ),
        sa.ForeignKeyConstraint(
            ["recorded_by_id"],
            ["users.id"],
            name=op.f("fk_hand_count_corrections_recorded_by_id_users"),
        ),
        sa.ForeignKeyConstraint(
            ["resolution_id"],
            ["resolutions.id"],
            name=op.f("fk_hand_count_corrections_resolution_id_resolutions"),
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_hand_count_corrections")),
    )
    with op.batch_alter_table("hand_count_corrections") as batch:
        for column in ("cooperative_id", "hand_count_id", "resolution_id"):
            batch.create_index(batch.f(f"ix_hand_count_corrections_{column}"), [column])


def downgrade():
    op.drop_table("hand_count_corrections")
    op.drop_table("attendance_corrections")
