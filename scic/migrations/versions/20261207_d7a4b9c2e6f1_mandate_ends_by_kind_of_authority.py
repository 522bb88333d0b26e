"""mandate ends by kind of authority (§8 #24): data only

Until now a local authority's designation without an end date was given the next *municipal*
election as its end, whatever the authority: a département's or a région's representative
lapsed in March 2026. This revision gives each such designation the end of its own council's
term (departmental or regional elections; none known for ``other``). Only ends that the old
default wrote are touched: a municipal election day with no successor starting the next day.
The election dates are frozen here as they stood when this revision was written.

Revision ID: d7a4b9c2e6f1
Revises: c3d8e2a1f5b4
Create Date: 2026-12-07 03:35:00

"""
from datetime import date, timedelta

import sqlalchemy as sa
from alembic import op

# revision identifiers, used by Alembic.
revision = "d7a4b9c2e6f1"
down_revision = "c3d8e2a1f5b4"
branch_labels = None
depends_on = None

#: Ends the old default could write: municipal first rounds, then six-year steps.
OLD_DEFAULT_ENDS = frozenset(
    {date(2014, 3, 23), date(2020, 3, 15), date(2026, 3, 15), date(2032, 3, 14)}
    | {date(2032 + 6 * k, 3, 14) for k in range(1, 12)}
)
#: The councils' own elections (scic/membership/data/elections.csv at this revision).
ELECTIONS = {
    "departement": (date(2015, 3, 22), date(2021, 6, 20)),
    "region": (date(2015, 12, 6), date(2021, 6, 20)),
    "other": (),
}


def fixed_end(authority_type, valid_from, valid_to, has_successor):
    """Return the corrected end of one designation, or ``valid_to`` when it must stay."""
    if authority_type not in ELECTIONS or valid_to not in OLD_DEFAULT_ENDS or has_successor:
        return valid_to
    return next((day for day in ELECTIONS[authority_type] if day > valid_from), None)


def upgrade():
    bind = op.get_bind()
    rows = bind.execute(
        sa.text(
            "SELECT m.id, m.member_id, m.role, m.valid_from, m.valid_to, mb.authority_type "
            "FROM mandates m JOIN members mb ON mb.id = m.member_id "
            "WHERE mb.kind = 'local_authority' AND m.valid_to IS NOT NULL"
        )
    ).all()
    starts = {
        (r.member_id, r.role, _day(r.valid_from))
        for r in bind.execute(sa.text("SELECT member_id, role, valid_from FROM mandates"))
    }
    for row in rows:
        valid_from, valid_to = _day(row.valid_from), _day(row.valid_to)
        successor = (row.member_id, row.role, valid_to + timedelta(days=1)) in starts
        end = fixed_end(row.authority_type, valid_from, valid_to, successor)
        if end != valid_to:
            bind.execute(
                sa.text("UPDATE mandates SET valid_to = :end WHERE id = :id"),
                {"end": end, "id": row.id},
            )


def _day(value):
    """SQLite returns dates as text through a raw statement; PostgreSQL as dates."""
    return value if isinstance(value, date) else date.fromisoformat(str(value))


def downgrade():
    """The old ends were wrong; nothing to restore."""
