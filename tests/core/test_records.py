"""Append-only records and hash chains."""

import pytest
from sqlalchemy import select, text

from scic.core import audit
from scic.core.audit import AuditEntry
from scic.core.chain import GENESIS, entry_hash, verify_chain
from scic.core.checkpoints import chain_key
from scic.core.db import db
from scic.core.records import AppendOnlyError
from tests.conftest import statements_during

KEY = b"a chain key"


def test_chain_detects_a_changed_payload():
    first = entry_hash(GENESIS, {"id": 1, "amount": 100}, KEY)
    second = entry_hash(first, {"id": 2, "amount": 50}, KEY)
    good = [
        (1, GENESIS, first, {"id": 1, "amount": 100}),
        (2, first, second, {"id": 2, "amount": 50}),
    ]
    assert verify_chain(good, KEY) is None
    tampered = [good[0], (2, first, second, {"id": 2, "amount": 5000})]
    broken = verify_chain(tampered, KEY)
    assert (broken.position, broken.entry_id, broken.reason) == (2, 2, "content_hash_mismatch")


def test_audit_entries_are_chained_per_cooperative(app, make_cooperative):
    cooperative = make_cooperative()
    audit.record("test.one", cooperative, data={"x": 1})
    audit.record("test.two", cooperative, data={"x": 2})
    entries = db.session.scalars(
        select(AuditEntry)
        .where(AuditEntry.cooperative_id == cooperative.id)
        .order_by(AuditEntry.id)
    ).all()
    assert entries[0].prev_hash == GENESIS
    assert [e.prev_hash for e in entries[1:]] == [e.hash for e in entries[:-1]]
    entries = ((e.id, e.prev_hash, e.hash, e.chain_payload()) for e in entries)
    assert verify_chain(entries, chain_key()) is None


def test_audit_entries_cannot_be_edited_or_deleted(app, make_cooperative):
    cooperative = make_cooperative()
    entry = audit.record("test.one", cooperative)
    db.session.commit()
    entry.action = "test.changed"
    with pytest.raises(AppendOnlyError):
        db.session.flush()
    db.session.rollback()
    db.session.delete(db.session.get(AuditEntry, entry.id))
    with pytest.raises(AppendOnlyError):
        db.session.flush()
    db.session.rollback()


def test_personal_data_is_outside_the_chain(app, make_cooperative):
    cooperative = make_cooperative()
    entry = audit.record("member.update", cooperative, data={"name": "Dupont", "shares": 3})
    db.session.commit()
    db.session.execute(
        text("UPDATE audit_entries SET data = :d WHERE id = :i"),
        {"d": '{"name": "pseudonym-1", "shares": 3}', "i": entry.id},
    )
    db.session.expire_all()
    reloaded = db.session.get(AuditEntry, entry.id)
    assert reloaded.data["name"] == "pseudonym-1"
    assert entry_hash(reloaded.prev_hash, reloaded.chain_payload(), chain_key()) == reloaded.hash


def test_chain_hash_does_not_depend_on_the_time_zone_of_a_timestamp():
    from datetime import UTC, datetime
    from zoneinfo import ZoneInfo

    paris = datetime(2026, 6, 20, 15, 0, tzinfo=ZoneInfo("Europe/Paris"))
    utc = datetime(2026, 6, 20, 13, 0, tzinfo=UTC)
    assert entry_hash(GENESIS, {"at": paris}, KEY) == entry_hash(GENESIS, {"at": utc}, KEY)


def test_sealed_rows_are_stored_once_with_their_defaults_hashed(app, make_cooperative):
    """seal() inserts itself (not the session's flush): defaults are applied before hashing,
    the row is in the session as persistent, and the platform chain (no cooperative) and a
    cooperative's chain stay apart."""
    cooperative = make_cooperative()
    platform = AuditEntry(action="test.platform", target_type="User")  # data, created_at unset
    platform.seal()
    first = audit.record("test.one", cooperative)
    second = audit.record("test.two", cooperative, data={"x": 1})
    assert platform.data == {}
    assert platform.created_at is not None
    assert db.inspect(second).persistent
    assert second.id > first.id
    db.session.commit()  # a second INSERT of a sealed row would fail here
    db.session.expire_all()
    stored = db.session.scalars(
        select(AuditEntry).where(AuditEntry.id.in_([platform.id, first.id, second.id]))
    ).all()
    assert len(stored) == 3
    for entry in stored:
        assert entry_hash(entry.prev_hash, entry.chain_payload(), chain_key()) == entry.hash
    by_id = {e.id: e for e in stored}
    assert by_id[second.id].prev_hash == by_id[first.id].hash
    assert by_id[first.id].prev_hash != by_id[platform.id].hash


def test_a_cooperative_row_is_locked_once_per_transaction(app, make_cooperative):
    """Every chained row locks its cooperative (PostgreSQL): a vote seals two rows after the
    service's own lock_row, so one FOR UPDATE per transaction, and again after a commit."""
    from sqlalchemy import event

    from scic.cooperatives.models import Cooperative
    from scic.core.db import lock_row

    cooperative = make_cooperative()
    db.session.commit()
    locks: list[str] = []

    def count(conn, cursor, statement, *args):
        if "FOR UPDATE" in statement:
            locks.append(statement)

    event.listen(db.engine, "before_cursor_execute", count)
    try:
        lock_row(Cooperative, cooperative.id)
        audit.record("test.one", cooperative)
        audit.record("test.two", cooperative)
        db.session.commit()
        in_one = len(locks)
        audit.record("test.three", cooperative)
        db.session.commit()
    finally:
        event.remove(db.engine, "before_cursor_execute", count)
    # SQLite serialises whole transactions instead of locking rows.
    expected = 0 if db.engine.dialect.name == "sqlite" else 1
    assert (in_one, len(locks) - in_one) == (expected, expected)


def test_a_lock_that_reuses_plans_does_so_until_the_commit(app, make_cooperative):
    """lock_row(reuse_plans=True) sets PostgreSQL's plan_cache_mode for its transaction only
    (a vote's statements run on their generic plans); the next transaction plans as before."""
    from scic.cooperatives.models import Cooperative
    from scic.core.db import lock_row

    cooperative_id = make_cooperative().id
    db.session.commit()
    if db.engine.dialect.name == "sqlite":  # serialised already (BEGIN IMMEDIATE): no SQL
        db.session.connection()  # the transaction's BEGIN
        assert (
            statements_during(lambda: lock_row(Cooperative, cooperative_id, reuse_plans=True)) == []
        )
        return
    before = db.session.scalar(text("SHOW plan_cache_mode"))
    lock_row(Cooperative, cooperative_id, reuse_plans=True)
    during = db.session.scalar(text("SHOW plan_cache_mode"))
    db.session.commit()
    after = db.session.scalar(text("SHOW plan_cache_mode"))
    assert (before, during, after) == ("auto", "force_generic_plan", "auto")


def _read_ahead(cooperative_id: int):
    """What a vote does under its lock: read the audit chain's head and next id, hand them on."""
    from scic.cooperatives.models import Cooperative
    from scic.core import records
    from scic.core.db import lock_row

    lock_row(Cooperative, cooperative_id)
    head, next_id = records.head_columns(AuditEntry, db.engine.dialect.name)
    row = db.session.execute(select(head, next_id), {"cooperative_id": cooperative_id}).one()
    records.use_heads(AuditEntry, cooperative_id, row[0], row[1])


def test_a_head_read_ahead_under_the_lock_saves_its_statement_once(app, make_cooperative):
    """The vote reads its chains' heads with its voting state: the next seal of that chain is
    its INSERT alone; the seal after it reads its head again. The chain is intact."""
    cooperative = make_cooperative()
    audit.record("test.before", cooperative)
    db.session.commit()
    _read_ahead(cooperative.id)
    first = statements_during(lambda: audit.record("test.one", cooperative))
    second = statements_during(lambda: audit.record("test.two", cooperative))
    db.session.commit()
    assert [s.split()[0] for s in first] == ["INSERT"]
    assert [s.split()[0] for s in second] == ["SELECT", "INSERT"]
    entries = db.session.scalars(
        select(AuditEntry)
        .where(AuditEntry.cooperative_id == cooperative.id)
        .order_by(AuditEntry.id)
    ).all()
    assert [e.action for e in entries[-3:]] == ["test.before", "test.one", "test.two"]
    rows = ((e.id, e.prev_hash, e.hash, e.chain_payload()) for e in entries)
    assert verify_chain(rows, chain_key()) is None


def test_a_head_read_ahead_is_not_used_after_its_transaction(app, make_cooperative):
    """Read under a lock that a commit or a rolled-back savepoint released, a head may be stale
    by the next seal (another vote may have extended the chain): it is read again."""
    cooperative = make_cooperative()
    db.session.commit()
    _read_ahead(cooperative.id)
    db.session.commit()
    after_commit = statements_during(lambda: audit.record("test.one", cooperative))
    db.session.commit()
    savepoint = db.session.begin_nested()
    _read_ahead(cooperative.id)
    savepoint.rollback()
    after_savepoint = statements_during(lambda: audit.record("test.two", cooperative))
    db.session.commit()
    assert "SELECT" in [s.split()[0] for s in after_commit]
    assert "SELECT" in [s.split()[0] for s in after_savepoint]
    two = db.session.scalars(
        select(AuditEntry)
        .where(AuditEntry.cooperative_id == cooperative.id)
        .order_by(AuditEntry.id)
    ).all()
    assert two[-1].prev_hash == two[-2].hash


def test_every_chain_finds_its_head_in_one_index_lookup(app):
    """Each chained table has an index on its chain's scope then its id (records.chain_index):
    without it PostgreSQL finds a cooperative's head by walking the primary key backwards past
    every other cooperative's newer rows, under the lock of a vote."""
    from scic.core.records import Chained

    def chained(cls):
        for sub in cls.__subclasses__():
            if hasattr(sub, "__table__"):
                yield sub
            yield from chained(sub)

    models = set(chained(Chained))
    assert {m.__tablename__ for m in models} >= {"ballots", "audit_entries", "share_movements"}
    for model in models:
        scope = list(model().chain_scope())
        indexed = [[c.name for c in index.columns] for index in model.__table__.indexes]
        assert [*scope, "id"] in indexed, model.__tablename__


@pytest.mark.parametrize(
    ("limit", "offset", "expected"),
    [(1, None, "LIMIT 1"), (50, 100, "LIMIT 50 OFFSET 100"), (None, 20, "LIMIT ALL OFFSET 20")],
)
def test_limit_and_offset_are_written_into_postgresql_sql(limit, offset, expected):
    """A bound LIMIT kept PostgreSQL from reusing a prepared statement's generic plan: each
    vote planned its state statement again (docs/performance.md). SQLite keeps its binds."""
    from sqlalchemy import column, table
    from sqlalchemy.dialects import postgresql, sqlite

    rows = table("rows", column("id"))
    statement = select(rows.c.id).order_by(rows.c.id).limit(limit).offset(offset)
    compiled = statement.compile(
        dialect=postgresql.psycopg.dialect(), compile_kwargs={"render_postcompile": True}
    )
    assert str(compiled).split("\n")[-1].strip() == expected
    assert "?" in str(statement.compile(dialect=sqlite.dialect()))
