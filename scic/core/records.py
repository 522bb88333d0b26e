"""Append-only, hash-chained records: the ledger, ballots and the audit log use these."""

from __future__ import annotations

import functools
from collections.abc import Mapping
from dataclasses import dataclass

from sqlalchemy import (
    ColumnElement,
    Engine,
    Index,
    Insert,
    Select,
    String,
    bindparam,
    column,
    event,
    func,
    insert,
    select,
    table,
    text,
    update,
)
from sqlalchemy import inspect as sa_inspect
from sqlalchemy.orm import Mapped, Session, mapped_column

from scic.core import checkpoints
from scic.core.chain import GENESIS, entry_hash
from scic.core.db import apply_column_defaults, db, insert_row, lock_row, send_held_inserts


class AppendOnlyError(RuntimeError):
    """Raised when code tries to update or delete an append-only row."""


class AppendOnly:
    """Marker: rows of this model are never updated or deleted once flushed.

    A mistake is corrected by a new entry (a reversal, an addendum), never by an edit.
    Columns listed in ``__mutable_columns__`` (e.g. pseudonymised personal fields) are exempt.
    """

    __mutable_columns__: frozenset[str] = frozenset()


class Chained(AppendOnly):
    """An append-only row that carries the hash of its predecessor in its chain."""

    #: Hash of the previous entry of the same chain (GENESIS for the first).
    prev_hash: Mapped[str] = mapped_column(String(64))
    #: HMAC-SHA256 (key: CHAIN_KEY of the instance configuration) over prev_hash and
    #: chain_payload().
    hash: Mapped[str] = mapped_column(String(64))

    def chain_scope(self) -> Mapping[str, object]:
        """Columns that identify this row's chain (usually the cooperative)."""
        return {"cooperative_id": self.cooperative_id}

    def chain_payload(self) -> Mapping[str, object]:
        """Identifiers, amounts, choices and dates covered by the hash; never personal data."""
        raise NotImplementedError

    def seal(self) -> None:
        """Insert this new row linked to the last row of its chain, and attach it to the session.

        Two statements: the chain's head (the last hash, and the next id for an autoincrement
        key), then one INSERT of the finished row; one when the head was read ahead with the
        caller's lock (:func:`head_columns`). Not through the session's flush: it walks
        every object in the session and would insert before the hash over the id is known.
        The chain's lock is taken here (the cooperative row), so two writers cannot read the
        same head.
        """
        if sa_inspect(self).pending:  # cascaded into the session by a relationship
            db.session.expunge(self)
        db.session.flush()  # rows it refers to first, as a flush would order them
        _lock_chain(self)
        apply_column_defaults(self)  # they are hashed
        connection = db.session.connection()
        scope = self.chain_scope()
        heads = _chain_heads(
            type(self), connection.dialect.name, tuple((k, v is None) for k, v in scope.items())
        )
        read_ahead = _take_read_heads(connection, type(self), scope)
        if read_ahead is not None and self.id is None:
            previous, self.id = read_ahead
        else:
            send_held_inserts()  # the head may be a row held by batched_inserts
            if self.id is None:
                previous, self.id = connection.execute(heads.head_and_next_id, dict(scope)).one()
            else:  # a given key (secret ballots): the head is the last key below it
                previous = connection.scalar(heads.head_below, {**scope, "id": self.id})
        self.prev_hash = previous or GENESIS
        self.hash = entry_hash(self.prev_hash, self.chain_payload(), checkpoints.chain_key())
        insert_row(self, heads.insert)
        checkpoints.note_sealed(db.session(), self)


def chain_index(table_name: str, scope: str = "cooperative_id") -> Index:
    """The index that finds a chain's head in one lookup: its scope column, then the id.

    A chained table's ``__table_args__`` carries it. With an index on the scope column alone,
    PostgreSQL walks the primary key backwards past every other cooperative's newer rows
    (one cooperative's vote after another's busy day read them all, under the lock).
    """
    return Index(f"ix_{table_name}_chain", scope, "id")


@dataclass(frozen=True)
class _Heads:
    """A chained table's statements, built once per model and dialect."""

    head: Select
    next_id: ColumnElement
    head_and_next_id: Select
    head_below: Select
    insert: Insert


@functools.cache
def _chain_heads(cls, dialect: str, scope: tuple[tuple[str, bool], ...]) -> _Heads:
    """``scope``: the chain_scope() columns, each with whether it is NULL (platform entries)."""
    table = cls.__table__
    conditions = [
        table.c[name].is_(None) if is_null else table.c[name] == bindparam(name)
        for name, is_null in scope
    ]

    def head(*extra):
        return select(table.c.hash).where(*conditions, *extra).order_by(table.c.id.desc()).limit(1)

    if dialect == "postgresql":
        sequence = func.pg_get_serial_sequence(table.name, "id")
        next_id = func.nextval(sequence)
    else:  # SQLite: the rowid after the largest, under the write lock every writer holds
        next_id = select(func.coalesce(func.max(table.c.id), 0) + 1).scalar_subquery()
    return _Heads(
        head=head(),
        next_id=next_id,
        head_and_next_id=select(head().scalar_subquery(), next_id),
        head_below=head(table.c.id < bindparam("id")),
        insert=insert(table),
    )


#: connection.info key: chain heads read ahead in this transaction, each for one seal().
_READ_AHEAD = "scic_chain_heads_read_ahead"


def head_columns(model, dialect: str) -> tuple[ColumnElement, ColumnElement]:
    """The head of ``model``'s chain in a cooperative (its last hash) and the id its next row
    takes, as two columns of a statement that runs under the cooperative's lock, with the
    cooperative's id bound as ``cooperative_id``; hand what it read to :func:`use_heads`.

    A vote reads them with its voting state and lock in one statement (docs/performance.md):
    its ballot and audit entry are then one INSERT each instead of two statements.
    """
    heads = _chain_heads(model, dialect, (("cooperative_id", False),))
    return heads.head.scalar_subquery(), heads.next_id


def use_heads(model, cooperative_id: int, head: str | None, next_id: int) -> None:
    """Let the next :meth:`Chained.seal` of ``model``'s chain in this transaction start from the
    head read by :func:`head_columns` (once: a second row reads its head again)."""
    connection = db.session.connection()
    read_ahead = connection.info.setdefault(_READ_AHEAD, {})
    key = (model.__table__.name, (("cooperative_id", cooperative_id),))
    read_ahead[key] = (connection.get_transaction(), head, next_id)


def _take_read_heads(connection, model, scope: Mapping[str, object]):
    read_ahead = connection.info.get(_READ_AHEAD)
    if not read_ahead:
        return None
    entry = read_ahead.pop((model.__table__.name, tuple(sorted(scope.items()))), None)
    # Only in the transaction that read it, which still holds the lock it was read under.
    if entry is None or entry[0] is not connection.get_transaction():
        return None
    return entry[1], entry[2]


@event.listens_for(Engine, "rollback_savepoint")
def _forget_read_heads(conn, *_savepoint):
    conn.info.pop(_READ_AHEAD, None)  # the lock it was read under may be released with it


#: Advisory lock key of the platform-level audit chain (entries without a cooperative).
_PLATFORM_CHAIN_LOCK = 0x5C1C
#: The cooperatives table by name: core stays below the cooperatives package.
_COOPERATIVES = table("cooperatives", column("id"))


def _lock_chain(row: Chained) -> None:
    """Hold the chain's lock until commit, before the chain's head is read (PostgreSQL).

    Without it two transactions read the same predecessor and fork the chain (an audit entry
    written by a service that did not lock its cooperative). Every chain lives in one
    cooperative, so its row is the lock, the same one services take with ``lock_row`` (taken
    once per transaction). Platform-level audit entries have no cooperative: an advisory lock
    stands in. SQLite transactions are serialised already (BEGIN IMMEDIATE).
    """
    if db.session.get_bind().dialect.name == "sqlite":
        return
    cooperative_id = getattr(row, "cooperative_id", None)
    if cooperative_id is None:
        db.session.execute(
            text("SELECT pg_advisory_xact_lock(:key)"), {"key": _PLATFORM_CHAIN_LOCK}
        )
    else:
        lock_row(_COOPERATIVES, cooperative_id)


@event.listens_for(Session, "before_flush")
def _refuse_changes_to_append_only(session, flush_context, instances):
    """Refuse updates and deletes of append-only rows (ledger, ballots, audit log)."""
    for obj in session.deleted:
        if isinstance(obj, AppendOnly):
            raise AppendOnlyError(f"{type(obj).__name__} rows are never deleted")
    for obj in session.dirty:
        if not isinstance(obj, AppendOnly) or not session.is_modified(obj):
            continue
        state = db.inspect(obj)
        changed = {a.key for a in state.attrs if a.history.has_changes()}
        if changed - obj.__mutable_columns__:
            raise AppendOnlyError(f"{type(obj).__name__} rows are never updated: {sorted(changed)}")


def rekey(model, rows) -> tuple[object, str] | None:
    """Re-seal one chain's rows (in chain order) with the instance's key; return its new head.

    For chains written before keyed hashes, once ``scic verify`` found them intact: the rows'
    content is unchanged, only ``prev_hash`` and ``hash`` are recomputed (Core UPDATEs, outside
    the append-only guard). The caller commits and rewrites the checkpoint.
    """
    key = checkpoints.chain_key()
    previous, head, changes = GENESIS, None, []
    for row in rows:
        new = entry_hash(previous, row.chain_payload(), key)
        changes.append({"_id": row.id, "_prev": previous, "_hash": new})
        previous, head = new, (row.id, new)
    if changes:
        table = model.__table__
        statement = (
            update(table)
            .where(table.c.id == bindparam("_id"))
            .values(prev_hash=bindparam("_prev"), hash=bindparam("_hash"))
        )
        db.session.connection().execute(statement, changes)
    return head
