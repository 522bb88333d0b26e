"""signed documents: the electronic registers' signed sheets (décret 2019-1118)

``signed_documents`` keeps every signed revision of each numbered sheet of a cooperative's
electronic registers (minutes, share movements), append-only and hash-chained.

Revision ID: c81f2d6a9e47
Revises: b7d2e4f6a813
Create Date: 2026-12-07 04:00:00

"""
import sqlalchemy as sa
from alembic import op

import scic.core.db

# revision identifiers, used by Alembic.
revision = "c81f2d6a9e47"
down_revision = "b7d2e4f6a813"
branch_labels = None
depends_on = None


def upgrade():
    op.create_table(
        "signed_documents",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("cooperative_id", sa.Integer(), nullable=False),
        sa.Column("series", sa.String(length=32), nullable=False),
        sa.Column("number", sa.Integer(), nullable=False),
        sa.Column("revision", sa.Integer(), nullable=False),
        sa.Column("document_id", sa.String(length=120), nullable=False),
        sa.Column("subject_id", sa.Integer(), nullable=True),
        sa.Column("title", sa.String(length=300), nullable=False),
        sa.Column("entries", sa.Integer(), nullable=False),
        sa.Column("last_entry_id", sa.Integer(), nullable=True),
        sa.Column("chain_head", sa.String(length=64), nullable=False),
        sa.Column("sha256", sa.String(length=64), nullable=False),
        sa.Column("previous_sha256", sa.String(length=64), nullable=False),
        sa.Column("content", sa.LargeBinary(), nullable=False),
        sa.Column("expected", sa.Integer(), nullable=False),
        sa.Column("timestamped", sa.Boolean(), nullable=False),
        sa.Column("signer_name", sa.String(length=200), nullable=False),
        sa.Column("signed_by_id", sa.Integer(), nullable=True),
        sa.Column("created_at", scic.core.db.UTCDateTime(), nullable=False),
        sa.Column("prev_hash", sa.String(length=64), nullable=False),
        sa.Column("hash", sa.String(length=64), nullable=False),
        sa.ForeignKeyConstraint(
            ["cooperative_id"],
            ["cooperatives.id"],
            name=op.f("fk_signed_documents_cooperative_id_cooperatives"),
        ),
        sa.ForeignKeyConstraint(
            ["signed_by_id"], ["users.id"], name=op.f("fk_signed_documents_signed_by_id_users")
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_signed_documents")),
        sa.UniqueConstraint(
            "cooperative_id",
            "series",
            "number",
            "revision",
            name=op.f("uq_signed_documents_cooperative_id_series_number_revision"),
        ),
    )
    with op.batch_alter_table("signed_documents", schema=None) as batch_op:
        batch_op.create_index(
            batch_op.f("ix_signed_documents_cooperative_id"), ["cooperative_id"], unique=False
        )


def downgrade():
    with op.batch_alter_table("signed_documents", schema=None) as batch_op:
        batch_op.drop_index(batch_op.f("ix_signed_documents_cooperative_id"))
    op.drop_table("signed_documents")
