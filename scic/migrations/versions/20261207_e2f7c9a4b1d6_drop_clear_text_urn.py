"""drop the clear-text secret urn

``secret_urn_entries`` held a secret choice in clear while its vote was open; choices now go
into ``secret_urn_boxes`` sealed to the urn's key. The upgrade is refused while the old table
still holds a ballot: close the secret votes under way with the previous version first.

Revision ID: e2f7c9a4b1d6
Revises: f2a7c9d1e3b5
Create Date: 2026-12-07 04:00:00

"""
import sqlalchemy as sa
from alembic import op

# revision identifiers, used by Alembic.
revision = "e2f7c9a4b1d6"
down_revision = "f2a7c9d1e3b5"
branch_labels = None
depends_on = None


def upgrade():
    waiting = op.get_bind().execute(sa.text("SELECT count(*) FROM secret_urn_entries")).scalar()
    if waiting:
        raise RuntimeError(
            f"{waiting} secret ballot(s) of an open vote are still in the clear-text urn: close "
            "those votes with the previous version of scic, then upgrade."
        )
    with op.batch_alter_table("secret_urn_entries", schema=None) as batch_op:
        batch_op.drop_index(batch_op.f("ix_secret_urn_entries_resolution_id"))
    op.drop_table("secret_urn_entries")


def downgrade():
    op.create_table(
        "secret_urn_entries",
        sa.Column("id", sa.String(length=32), nullable=False),
        sa.Column("resolution_id", sa.Integer(), nullable=False),
        sa.Column("college_id", sa.Integer(), nullable=True),
        sa.Column("choice", sa.String(length=10), nullable=False),
        sa.Column("receipt_code", sa.String(length=32), nullable=False),
        sa.ForeignKeyConstraint(
            ["college_id"], ["colleges.id"], name=op.f("fk_secret_urn_entries_college_id_colleges")
        ),
        sa.ForeignKeyConstraint(
            ["resolution_id"],
            ["resolutions.id"],
            name=op.f("fk_secret_urn_entries_resolution_id_resolutions"),
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_secret_urn_entries")),
    )
    with op.batch_alter_table("secret_urn_entries", schema=None) as batch_op:
        batch_op.create_index(
            batch_op.f("ix_secret_urn_entries_resolution_id"), ["resolution_id"], unique=False
        )
