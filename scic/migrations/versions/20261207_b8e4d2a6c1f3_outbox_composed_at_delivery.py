"""Outbox messages written at delivery: the composer, the locale and the facts.

Revision ID: b8e4d2a6c1f3
Revises: 9d3e5f7a1b2c
Create Date: 2026-12-07
"""

import sqlalchemy as sa

from alembic import op

revision = "b8e4d2a6c1f3"
down_revision = "9d3e5f7a1b2c"
branch_labels = None
depends_on = None


def upgrade():
    with op.batch_alter_table("outbox_messages") as batch:
        batch.add_column(sa.Column("composer", sa.String(length=64), nullable=True))
        batch.add_column(sa.Column("locale", sa.String(length=16), nullable=True))
        batch.add_column(sa.Column("facts", sa.JSON(none_as_null=True), nullable=True))


def downgrade():
    # Messages still to be written would be lost: write them (let the worker run) first.
    with op.batch_alter_table("outbox_messages") as batch:
        batch.drop_column("facts")
        batch.drop_column("locale")
        batch.drop_column("composer")
