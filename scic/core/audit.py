"""Append-only audit log: who did what, when, on which object, with before/after values."""

from __future__ import annotations

from datetime import datetime

from sqlalchemy import JSON, ForeignKey, Integer, String
from sqlalchemy.orm import Mapped, mapped_column

from scic.core import clock
from scic.core.db import UTCDateTime, db
from scic.core.records import Chained, chain_index

#: Keys of audit data that hold personal details: kept in the log, left out of the hash chain,
#: so a former member's data can be pseudonymised without breaking it.
PERSONAL_KEYS = frozenset(
    {
        "name",
        "first_name",
        "email",
        "address",
        "phone",
        "representative",
        "representative_email",
        "person_name",
        "full_name",
        "contact",
    }
)


class AuditEntry(Chained, db.Model):
    """One change made through the service layer."""

    __tablename__ = "audit_entries"
    __table_args__ = (chain_index("audit_entries"),)
    __mutable_columns__ = frozenset({"data"})  # pseudonymisation rewrites personal values only

    id: Mapped[int] = mapped_column(primary_key=True)
    #: None for platform-level actions (users, cooperatives created by a superuser).
    cooperative_id: Mapped[int | None] = mapped_column(ForeignKey("cooperatives.id"), default=None)
    #: Who acted; None for the system or a command run by the operator.
    actor_id: Mapped[int | None] = mapped_column(ForeignKey("users.id"), default=None)
    #: Dotted action code, e.g. "member.admit", "movement.record".
    action: Mapped[str] = mapped_column(String(64))
    target_type: Mapped[str] = mapped_column(String(64))
    target_id: Mapped[int | None] = mapped_column(Integer, default=None)
    #: {"before": {...}, "after": {...}} or any detail of the change.
    data: Mapped[dict] = mapped_column(JSON, default=dict)
    created_at: Mapped[datetime] = mapped_column(UTCDateTime, default=clock.now)

    def chain_payload(self):
        return {
            "id": self.id,
            "cooperative_id": self.cooperative_id,
            "actor_id": self.actor_id,
            "action": self.action,
            "target_type": self.target_type,
            "target_id": self.target_id,
            "data": _impersonal(self.data),
            "created_at": self.created_at,
        }

    def __repr__(self) -> str:
        return f"<AuditEntry {self.id} {self.action} {self.target_type}:{self.target_id}>"


def _impersonal(value):
    if isinstance(value, dict):
        return {k: _impersonal(v) for k, v in value.items() if k not in PERSONAL_KEYS}
    if isinstance(value, list):
        return [_impersonal(v) for v in value]
    return value


def record(
    action: str,
    target,
    *,
    by=None,
    cooperative_id: int | None = None,
    data: dict | None = None,
    now: datetime | None = None,
) -> AuditEntry:
    """Append an audit entry in the current transaction (commits with the change, or not at all)."""
    if cooperative_id is None:
        cooperative_id = getattr(target, "cooperative_id", None)
        if cooperative_id is None and type(target).__name__ == "Cooperative":
            cooperative_id = target.id
    entry = AuditEntry(
        cooperative_id=cooperative_id,
        actor_id=getattr(by, "id", None),
        action=action,
        target_type=type(target).__name__,
        target_id=getattr(target, "id", None),
        data=_jsonable(data or {}),
        created_at=now or clock.now(),
    )
    entry.seal()
    return entry


def _jsonable(value):
    from datetime import date
    from decimal import Decimal
    from enum import Enum
    from fractions import Fraction

    if isinstance(value, dict):
        return {str(k): _jsonable(v) for k, v in value.items()}
    if isinstance(value, list | tuple | set):
        return [_jsonable(v) for v in value]
    if isinstance(value, Enum):
        return value.value
    if isinstance(value, date | datetime | Decimal | Fraction):
        return str(value)
    return value
