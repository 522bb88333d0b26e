"""College weights stored as exact fractions of 1 (``"1/2"``), no longer in percent (``"50"``).

The code has one unit for weights, the fraction of 1; percent stays at the edges (statutes and
tally files, forms, the results frozen at closing). Each stored ``"n/d"`` string is rewritten
exactly (``"100/3"`` becomes ``"1/3"``).

Revision ID: 4c7e1b9d3a52
Revises: e6f7a8b9c0d1
Create Date: 2026-12-07
"""

from fractions import Fraction

import sqlalchemy as sa
from alembic import op

revision = "4c7e1b9d3a52"
down_revision = "e6f7a8b9c0d1"
branch_labels = None
depends_on = None

weights = sa.table("college_weights", sa.column("id", sa.Integer), sa.column("weight", sa.String))


def _rewrite(factor: Fraction) -> None:
    bind = op.get_bind()
    rows = bind.execute(sa.select(weights.c.id, weights.c.weight)).all()
    for id_, weight in rows:
        if weight is not None:
            new = str(Fraction(weight) * factor)
            bind.execute(weights.update().where(weights.c.id == id_).values(weight=new))


def upgrade():
    _rewrite(Fraction(1, 100))


def downgrade():
    _rewrite(Fraction(100))
