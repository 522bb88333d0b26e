"""Locking: an assembly whose minutes are signed is locked; every change checks it first."""

from __future__ import annotations

from datetime import datetime

from sqlalchemy import select

from scic.assemblies.models import Assembly, MinutesSignature
from scic.cooperatives.models import Cooperative
from scic.core import audit
from scic.core.db import db, lock_row
from scic.core.violations import RuleViolation, Violation


def ensure_editable(assembly: Assembly) -> None:
    """Refuse any change to an assembly whose minutes are signed (§6.9: corrections are addenda).

    Every mutating service of this package calls it; the voting package must call it too.
    It also serialises the cooperative's changes (PostgreSQL row lock; SQLite transactions are
    serialised already), so a check-then-write (one attendance line per member, proxy caps)
    cannot interleave with another request's.
    """
    lock_row(Cooperative, assembly.cooperative_id)
    # Read under the lock: the minutes may have been signed since the assembly was loaded.
    refuse_if_locked(
        db.session.scalar(select(Assembly.locked_at).where(Assembly.id == assembly.id))
    )


def ensure_minutes_unsigned(assembly: Assembly) -> None:
    """Refuse to change what the minutes say once an officer has signed them (§6.9): each
    signature covers the text as it stood, so it cannot change between two signatures; a
    correction is an addendum once every signatory has signed."""
    ensure_editable(assembly)
    signed = db.session.scalar(
        select(MinutesSignature.id).where(MinutesSignature.assembly_id == assembly.id).limit(1)
    )
    if signed is not None:
        raise RuleViolation(Violation("minutes_signing_started"))


def refuse_if_locked(locked_at: datetime | None) -> None:
    """Signed minutes close the assembly to every change (§6.9). For a caller that reads
    ``locked_at`` under the cooperative's lock in its own statement (a vote reads it with the
    voting state): the second half of :func:`ensure_editable`."""
    if locked_at is not None:
        raise RuleViolation(Violation("assembly_locked"))


def _record(action: str, target, assembly: Assembly, by, data: dict | None = None) -> None:
    audit.record(action, target, by=by, cooperative_id=assembly.cooperative_id, data=data or {})
