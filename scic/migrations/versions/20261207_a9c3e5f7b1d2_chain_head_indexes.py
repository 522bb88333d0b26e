"""Chain-head indexes: each chained table's scope column and id, so that the chain's head is one
index lookup whatever the other cooperatives wrote since (scic.core.records.chain_index).

Revision ID: a9c3e5f7b1d2
Revises: b8e4d2a6c1f3
Create Date: 2026-12-07
"""

from alembic import op

revision = "a9c3e5f7b1d2"
down_revision = "b8e4d2a6c1f3"
branch_labels = None
depends_on = None

#: table → (scope column, the single-column index it replaces, or None)
CHAINS = {
    "audit_entries": ("cooperative_id", "ix_audit_entries_cooperative_id"),
    "ballots": ("cooperative_id", "ix_ballots_cooperative_id"),
    "hand_counts": ("cooperative_id", "ix_hand_counts_cooperative_id"),
    "hand_count_corrections": ("cooperative_id", "ix_hand_count_corrections_cooperative_id"),
    "outcomes": ("cooperative_id", "ix_outcomes_cooperative_id"),
    "secret_ballots": ("resolution_id", "ix_secret_ballots_resolution_id"),
    "share_movements": ("cooperative_id", None),
    "signed_documents": ("cooperative_id", "ix_signed_documents_cooperative_id"),
}


def upgrade():
    for table, (scope, replaced) in CHAINS.items():
        op.create_index(f"ix_{table}_chain", table, [scope, "id"])
        if replaced:
            op.drop_index(replaced, table_name=table)


def downgrade():
    for table, (scope, replaced) in CHAINS.items():
        if replaced:
            op.create_index(replaced, table, [scope])
        op.drop_index(f"ix_{table}_chain", table_name=table)
