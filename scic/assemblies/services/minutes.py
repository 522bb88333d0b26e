"""The minutes: debates summary, signatures that lock the assembly, addenda."""

from __future__ import annotations

from datetime import datetime

from scic.assemblies import queries
from scic.assemblies.models import Addendum, Assembly, MinutesSignature
from scic.assemblies.queries import CORRESPONDENCE_VOTERS_PROVIDERS  # noqa: F401 - re-exported
from scic.assemblies.services.locking import _record, ensure_editable, ensure_minutes_unsigned
from scic.core.db import db
from scic.core.violations import RuleViolation, Violation

# --- Minutes -----------------------------------------------------------------------------------


def update_debates_summary(assembly: Assembly, text: str, *, by=None) -> Assembly:
    """Write the free summary of the debates for the minutes (§6.9)."""
    ensure_minutes_unsigned(assembly)
    before = assembly.debates_summary
    assembly.debates_summary = text.strip()
    db.session.flush()
    _record(
        "minutes.summary",
        assembly,
        assembly,
        by,
        {"before_length": len(before), "after_length": len(assembly.debates_summary)},
    )
    return assembly


def sign_minutes(
    assembly: Assembly, *, role: str, name: str, by=None, now: datetime
) -> MinutesSignature:
    """Record one required signatory's signature (identity and time, §6.9).

    When the last required signature is in, the assembly is locked: nothing of it changes
    afterwards, corrections are addenda.
    """
    ensure_editable(assembly)
    if assembly.status != "closed":
        raise RuleViolation(Violation("minutes_session_not_closed"))
    state = queries.minutes_state(assembly)
    if state.missing:
        raise RuleViolation(state.missing)
    if (role, name) not in state.required:
        raise RuleViolation(Violation("minutes_signatory_unknown", params={"name": name}))
    if (role, name) not in state.pending:
        raise RuleViolation(Violation("minutes_already_signed", params={"name": name}))
    signature = MinutesSignature(
        assembly=assembly, role=role, name=name, user_id=getattr(by, "id", None), signed_at=now
    )
    db.session.add(signature)
    locked = len(state.pending) == 1
    if locked:
        assembly.locked_at = now
        assembly.status = "locked"
    db.session.flush()
    _record(
        "minutes.sign",
        signature,
        assembly,
        by,
        {"assembly_id": assembly.id, "role": role, "signed_at": now, "locked": locked},
    )
    return signature


def add_addendum(assembly: Assembly, text: str, *, by=None, now: datetime) -> Addendum:
    """Append a correction to signed minutes (append-only: never edited nor deleted)."""
    if assembly.locked_at is None:
        raise RuleViolation(Violation("assembly_not_locked"))
    if not text.strip():
        raise RuleViolation(Violation("text_required", subject="text"))
    addendum = Addendum(
        assembly=assembly,
        text=text.strip(),
        author_id=getattr(by, "id", None),
        author_name=getattr(by, "display_name", "") or "",
        created_at=now,
    )
    db.session.add(addendum)
    db.session.flush()
    _record(
        "minutes.addendum",
        addendum,
        assembly,
        by,
        {"assembly_id": assembly.id, "length": len(addendum.text)},
    )
    return addendum
