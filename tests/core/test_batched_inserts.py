"""db.batched_inserts: a vote's INSERTs sent as one statement on PostgreSQL, nothing on error."""

import pytest
from sqlalchemy import select

from scic.core import audit, outbox
from scic.core.audit import AuditEntry
from scic.core.chain import verify_chain
from scic.core.checkpoints import chain_key
from scic.core.db import batched_inserts, db
from scic.core.outbox import OutboxMessage
from tests.conftest import statements_during


def _inserts_of(action) -> list[str]:
    return [s for s in statements_during(action) if "INSERT INTO" in s[:40]]


def _entries(cooperative_id: int) -> list[AuditEntry]:
    return db.session.scalars(
        select(AuditEntry)
        .where(AuditEntry.cooperative_id == cooperative_id)
        .order_by(AuditEntry.id)
    ).all()


@pytest.fixture
def cooperative(app, make_cooperative):
    cooperative = make_cooperative()
    audit.record("test.before", cooperative)
    db.session.commit()
    return cooperative


def _read_ahead(cooperative_id: int) -> None:
    """What a vote does under its lock: read the audit chain's head, hand it to the seal."""
    from scic.cooperatives.models import Cooperative
    from scic.core import records
    from scic.core.db import lock_row

    lock_row(Cooperative, cooperative_id)
    head, next_id = records.head_columns(AuditEntry, db.engine.dialect.name)
    row = db.session.execute(select(head, next_id), {"cooperative_id": cooperative_id}).one()
    records.use_heads(AuditEntry, cooperative_id, row[0], row[1])


def test_the_rows_of_a_batch_are_one_statement_on_postgresql(cooperative):
    """A chained row whose head was read ahead, and an outbox row (a vote's audit entry and
    receipt): one INSERT with a data-modifying CTE on PostgreSQL, one INSERT each on SQLite (no
    round trip to save). Every value is stored as a lone INSERT stores it, JSON included."""

    def write():
        _read_ahead(cooperative.id)
        with batched_inserts():
            audit.record("test.one", cooperative, data={"member_id": 7, "channel": "remote"})
            outbox.queue_composed(
                "ballot_receipt", "a@example.org", {"code": "X-1"}, cooperative_id=cooperative.id
            )

    statements = _inserts_of(write)
    if db.engine.dialect.name == "postgresql":
        (statement,) = statements
        assert statement.startswith("WITH batch_0 AS (INSERT INTO audit_entries")
        assert ") INSERT INTO outbox_messages" in statement
    else:
        assert [s.split()[2] for s in statements] == ["audit_entries", "outbox_messages"]
    # Read before the commit: delivered after it, the message no longer keeps its facts.
    message = db.session.scalars(select(OutboxMessage)).one()
    assert (message.recipient, message.facts, message.message) == (
        "a@example.org",
        {"code": "X-1"},
        b"",
    )
    db.session.commit()
    cooperative_id = cooperative.id
    db.session.expunge_all()  # read back from the database, not from the session
    entries = _entries(cooperative_id)
    assert [e.action for e in entries[-2:]] == ["test.before", "test.one"]
    assert entries[-1].data == {"member_id": 7, "channel": "remote"}
    rows = ((e.id, e.prev_hash, e.hash, e.chain_payload()) for e in entries)
    assert verify_chain(rows, chain_key()) is None


def test_a_chain_head_read_inside_a_batch_sees_the_held_rows(cooperative):
    """Two rows of one chain in a batch: the second reads its head from the database, so the
    first is sent before that read (otherwise both would follow the same head: a fork)."""

    def write():
        with batched_inserts():
            audit.record("test.one", cooperative)
            audit.record("test.two", cooperative)

    statements = _inserts_of(write)
    db.session.commit()
    assert len(statements) == 2
    entries = _entries(cooperative.id)
    assert [e.action for e in entries[-3:]] == ["test.before", "test.one", "test.two"]
    rows = ((e.id, e.prev_hash, e.hash, e.chain_payload()) for e in entries)
    assert verify_chain(rows, chain_key()) is None


def test_nothing_of_a_batch_is_written_when_its_block_raises(cooperative):
    """An error inside the block (a rule refusing the vote): on PostgreSQL nothing is sent;
    everywhere, nothing remains once the caller has rolled back, and the next batch works."""

    def refuse():
        with batched_inserts():
            audit.record("test.refused", cooperative)
            raise LookupError("a rule refuses")

    def refused():
        with pytest.raises(LookupError, match="a rule refuses"):
            refuse()

    statements = _inserts_of(refused)
    db.session.rollback()
    if db.engine.dialect.name == "postgresql":
        assert statements == []
    with batched_inserts():
        audit.record("test.after", cooperative)
    db.session.commit()
    assert [e.action for e in _entries(cooperative.id)][-2:] == ["test.before", "test.after"]


def test_a_row_whose_key_is_wanted_is_sent_at_once_after_the_held_ones(cooperative):
    """A row without its key (an outbox message) needs it back now: the held rows go first,
    in their order, then it; the row is usable inside the block."""
    from email.message import EmailMessage

    message = EmailMessage()
    message["To"], message["Subject"] = "b@example.org", "Test"
    message.set_content("Bonjour")
    with batched_inserts():
        audit.record("test.held", cooperative)
        row = outbox.queue_mail(message, cooperative_id=cooperative.id)
        assert row.id is not None
        audit.record("test.after", cooperative)
    db.session.commit()
    assert [e.action for e in _entries(cooperative.id)][-2:] == ["test.held", "test.after"]
    assert db.session.get(OutboxMessage, row.id).recipient == "b@example.org"


def test_a_flush_inside_a_batch_sends_the_held_rows_first(cooperative):
    """An ORM row flushed inside the block may refer to a held one: the held rows go first,
    in the order they came, as they would without a batch."""
    from scic.core import clock

    def write():
        _read_ahead(cooperative.id)
        with batched_inserts():
            audit.record("test.held", cooperative)
            now = clock.now()
            db.session.add(
                OutboxMessage(
                    cooperative_id=cooperative.id,
                    recipient="c@example.org",
                    subject="Test",
                    message=b"",
                    status="failed",
                    attempts=0,
                    created_at=now,
                    next_attempt_at=now,
                )
            )
            db.session.flush()

    statements = _inserts_of(write)
    db.session.commit()
    assert [s.split()[2] for s in statements] == ["audit_entries", "outbox_messages"]
    assert _entries(cooperative.id)[-1].action == "test.held"
