"""representatives' consent to electronic convocation (§8 #30, issue 18 item 2)

A legal person's convocation and voting link go to its acting representatives: each one's
written consent to e-mail is recorded on the designation.

Revision ID: 3c5e7a9b1d24
Revises: b3c4d5e6f7a8
Create Date: 2026-12-07 06:30:00

"""
import sqlalchemy as sa
from alembic import op

# revision identifiers, used by Alembic.
revision = "3c5e7a9b1d24"
down_revision = "b3c4d5e6f7a8"
branch_labels = None
depends_on = None


def upgrade():
    with op.batch_alter_table("mandates", schema=None) as batch_op:
        batch_op.add_column(sa.Column("econvocation_consent_on", sa.Date(), nullable=True))


def downgrade():
    with op.batch_alter_table("mandates", schema=None) as batch_op:
        batch_op.drop_column("econvocation_consent_on")
