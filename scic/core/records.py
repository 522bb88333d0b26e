"""Append-only, hash-chained records: the ledger, ballots and the audit log use these."""

from __future__ import annotations

from collections.abc import Mapping

from sqlalchemy import String, event, select, text, update
from sqlalchemy.orm import Mapped, Session, mapped_column
from sqlalchemy.orm.attributes import set_committed_value

from scic.core.chain import GENESIS, entry_hash
from scic.core.db import db


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
    #: SHA-256 over prev_hash and chain_payload().
    hash: Mapped[str] = mapped_column(String(64))

    def chain_scope(self) -> Mapping[str, object]:
        """Columns that identify this row's chain (usually the cooperative)."""
        return {"cooperative_id": self.cooperative_id}

    def chain_payload(self) -> Mapping[str, object]:
        """Identifiers, amounts, choices and dates covered by the hash; never personal data."""
        raise NotImplementedError

    def seal(self) -> None:
        """Link this new row to the last row of its chain. Flushes so the id exists.

        The caller must hold the chain's lock (the cooperative row) so two writers cannot
        read the same predecessor.
        """
        cls = type(self)
        _lock_chain(self)
        self.prev_hash = self.hash = ""
        db.session.add(self)
        db.session.flush()
        query = select(cls.hash).where(cls.id < self.id).order_by(cls.id.desc()).limit(1)
        for column, value in self.chain_scope().items():
            query = query.where(getattr(cls, column) == value)
        previous = db.session.connection().scalar(query) or GENESIS
        digest = entry_hash(previous, self.chain_payload())
        # One UPDATE through Core rather than a second flush of the session (the flush hooks
        # walk every object in it); the object learns the values as committed, not dirty.
        table = cls.__table__
        db.session.connection().execute(
            update(table).where(table.c.id == self.id).values(prev_hash=previous, hash=digest)
        )
        set_committed_value(self, "prev_hash", previous)
        set_committed_value(self, "hash", digest)


#: Advisory lock key of the platform-level audit chain (entries without a cooperative).
_PLATFORM_CHAIN_LOCK = 0x5C1C


def _lock_chain(row: Chained) -> None:
    """Hold the chain's lock until commit, taken before the new row gets its id (PostgreSQL).

    Without it two transactions read the same predecessor and fork the chain (an audit entry
    written by a service that did not lock its cooperative). Every chain lives in one
    cooperative, so its row is the lock, the same one services take with ``lock_row``: nothing
    new to order. Platform-level audit entries have no cooperative: an advisory lock stands in.
    SQLite transactions are serialised already (BEGIN IMMEDIATE).
    """
    if db.session.get_bind().dialect.name == "sqlite":
        return
    cooperative_id = getattr(row, "cooperative_id", None)
    if cooperative_id is None:
        db.session.execute(
            text("SELECT pg_advisory_xact_lock(:key)"), {"key": _PLATFORM_CHAIN_LOCK}
        )
    else:
        # A table name, not an import: core stays below the cooperatives package.
        db.session.execute(
            text("SELECT id FROM cooperatives WHERE id = :id FOR UPDATE"), {"id": cooperative_id}
        )


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
