"""sealed secret urn: key, tellers' shares, sealed boxes

A secret choice is no longer stored in clear while the vote is open: ``secret_urn_boxes``
holds sealed boxes under random keys (``WITHOUT ROWID`` on SQLite, so no implicit row number
follows the voting order), ``secret_urn_keys`` the urn's public key and ``teller_shares`` the
private key's shares, each locked under a teller's passphrase.

Revision ID: 5e3c1a9b7d21
Revises: a41c9e0d2b7f
Create Date: 2026-12-07 03:30:00

"""
import sqlalchemy as sa
from alembic import op

import scic.core.db

# revision identifiers, used by Alembic.
revision = "5e3c1a9b7d21"
down_revision = "a41c9e0d2b7f"
branch_labels = None
depends_on = None


def upgrade():
    op.create_table(
        "secret_urn_keys",
        sa.Column("resolution_id", sa.Integer(), nullable=False),
        sa.Column("cooperative_id", sa.Integer(), nullable=False),
        sa.Column("public_key", sa.LargeBinary(length=32), nullable=False),
        sa.Column("threshold", sa.Integer(), nullable=False),
        sa.Column("created_at", scic.core.db.UTCDateTime(), nullable=False),
        sa.Column("destroyed_at", scic.core.db.UTCDateTime(), nullable=True),
        sa.ForeignKeyConstraint(
            ["cooperative_id"],
            ["cooperatives.id"],
            name=op.f("fk_secret_urn_keys_cooperative_id_cooperatives"),
        ),
        sa.ForeignKeyConstraint(
            ["resolution_id"],
            ["resolutions.id"],
            name=op.f("fk_secret_urn_keys_resolution_id_resolutions"),
        ),
        sa.PrimaryKeyConstraint("resolution_id", name=op.f("pk_secret_urn_keys")),
    )
    with op.batch_alter_table("secret_urn_keys", schema=None) as batch_op:
        batch_op.create_index(
            batch_op.f("ix_secret_urn_keys_cooperative_id"), ["cooperative_id"], unique=False
        )
    op.create_table(
        "teller_shares",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("resolution_id", sa.Integer(), nullable=False),
        sa.Column("user_id", sa.Integer(), nullable=False),
        sa.Column("share_index", sa.Integer(), nullable=False),
        sa.Column("salt", sa.LargeBinary(length=16), nullable=False),
        sa.Column("opslimit", sa.Integer(), nullable=False),
        sa.Column("memlimit", sa.Integer(), nullable=False),
        sa.Column("locked_share", sa.LargeBinary(length=80), nullable=False),
        sa.ForeignKeyConstraint(
            ["resolution_id"],
            ["resolutions.id"],
            name=op.f("fk_teller_shares_resolution_id_resolutions"),
        ),
        sa.ForeignKeyConstraint(
            ["user_id"], ["users.id"], name=op.f("fk_teller_shares_user_id_users")
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_teller_shares")),
        sa.UniqueConstraint(
            "resolution_id", "share_index", name=op.f("uq_teller_shares_resolution_id_share_index")
        ),
        sa.UniqueConstraint(
            "resolution_id", "user_id", name=op.f("uq_teller_shares_resolution_id_user_id")
        ),
    )
    with op.batch_alter_table("teller_shares", schema=None) as batch_op:
        batch_op.create_index(
            batch_op.f("ix_teller_shares_resolution_id"), ["resolution_id"], unique=False
        )
    op.create_table(
        "secret_urn_boxes",
        sa.Column("id", sa.String(length=32), nullable=False),
        sa.Column("resolution_id", sa.Integer(), nullable=False),
        sa.Column("sealed", sa.LargeBinary(length=256), nullable=False),
        sa.ForeignKeyConstraint(
            ["resolution_id"],
            ["resolutions.id"],
            name=op.f("fk_secret_urn_boxes_resolution_id_resolutions"),
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_secret_urn_boxes")),
        sqlite_with_rowid=False,
    )
    with op.batch_alter_table("secret_urn_boxes", schema=None) as batch_op:
        batch_op.create_index(
            batch_op.f("ix_secret_urn_boxes_resolution_id"), ["resolution_id"], unique=False
        )


def downgrade():
    with op.batch_alter_table("secret_urn_boxes", schema=None) as batch_op:
        batch_op.drop_index(batch_op.f("ix_secret_urn_boxes_resolution_id"))
    op.drop_table("secret_urn_boxes")
    with op.batch_alter_table("teller_shares", schema=None) as batch_op:
        batch_op.drop_index(batch_op.f("ix_teller_shares_resolution_id"))
    op.drop_table("teller_shares")
    with op.batch_alter_table("secret_urn_keys", schema=None) as batch_op:
        batch_op.drop_index(batch_op.f("ix_secret_urn_keys_cooperative_id"))
    op.drop_table("secret_urn_keys")
