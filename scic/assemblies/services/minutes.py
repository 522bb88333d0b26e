"""The minutes: debates summary, signatures that lock the assembly, addenda."""

from __future__ import annotations

from datetime import datetime, timedelta

from scic.assemblies import minutes_rules, queries
from scic.assemblies.models import Addendum, Assembly, MinutesSignature
from scic.assemblies.services.locking import _record, ensure_editable, ensure_minutes_unsigned
from scic.core import files
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


def _check_signatory(assembly: Assembly, role: str, name: str) -> int:
    """Refuse a signature before the session closed, by someone who need not sign, or twice."""
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
    return len(state.pending)


def _add_signature(
    assembly: Assembly, signature: MinutesSignature, pending: int, by, now: datetime
):
    """Store a signature; the last one required locks the assembly (corrections: addenda)."""
    db.session.add(signature)
    locked = pending == 1
    if locked:
        assembly.locked_at = now
        assembly.status = "locked"
    db.session.flush()
    _record(
        "minutes.sign",
        signature,
        assembly,
        by,
        {
            "assembly_id": assembly.id,
            "role": signature.role,
            "method": signature.method,
            "signed_at": now,
            "locked": locked,
        },
    )
    return signature


def sign_minutes(
    assembly: Assembly, *, role: str, name: str, by=None, now: datetime
) -> MinutesSignature:
    """Record one required signatory's signature with their own account (§6.9).

    A signatory signs only for themselves: the signing account's name must be the bureau's
    name for that capacity (``check_own_signature``). ``by=None`` is a server operator's
    command (the demonstration data). When the last required signature is in, the assembly
    is locked: nothing of it changes afterwards, corrections are addenda.
    """
    pending = _check_signatory(assembly, role, name)
    if by is not None and (problems := minutes_rules.check_own_signature(by.display_name, name)):
        raise RuleViolation(problems)
    signature = MinutesSignature(
        assembly=assembly, role=role, name=name, user_id=getattr(by, "id", None), signed_at=now
    )
    return _add_signature(assembly, signature, pending, by, now)


#: How much of an upload is read: one byte over the limit is enough to refuse it.
SCAN_READ_LIMIT = minutes_rules.SCAN_MAX_BYTES + 1

#: Wet-ink scans belong to the register of minutes: kept with it, not purged with exports.
SCAN_KEPT_FOR = timedelta(days=366 * 30)


def record_wet_ink_signature(
    assembly: Assembly,
    *,
    role: str,
    name: str,
    scan: bytes,
    filename: str,
    by=None,
    now: datetime,
) -> MinutesSignature:
    """Record that a signatory signed the printed minutes in ink, with the scan as proof (§6.9).

    The secretary uploads the scan (a PDF or an image); it is stored through
    ``scic.core.files`` and shown with the minutes' signatures. Refused like any signature
    (session not closed, not a required signatory, already signed) and for a file that is not
    a PDF, PNG or JPEG scan.
    """
    pending = _check_signatory(assembly, role, name)
    if problems := minutes_rules.check_signature_scan(filename, scan[:8], len(scan)):
        raise RuleViolation(problems)
    suffix = "." + filename.rsplit(".", 1)[-1].lower()
    mimetype = minutes_rules.SCAN_TYPES[suffix][0]
    record = files.create(
        cooperative_id=assembly.cooperative_id,
        owner_id=getattr(by, "id", None),
        kind="minutes_signature_scan",
        params={"assembly_id": assembly.id, "role": role},
        locale="",
        filename=f"signature-{assembly.id}-{role}{suffix}",
        mimetype=mimetype,
        now=now,
    )
    record.expires_at = now + SCAN_KEPT_FOR
    files.finish(record, scan, now=now)
    signature = MinutesSignature(
        assembly=assembly,
        role=role,
        name=name,
        user_id=getattr(by, "id", None),
        signed_at=now,
        method="wet_ink",
        scan_file_id=record.id,
    )
    return _add_signature(assembly, signature, pending, by, now)


def signature_scan(signature: MinutesSignature) -> tuple[files.GeneratedFile, bytes] | None:
    """The stored scan of a wet-ink signature and its bytes (None for an account's signature)."""
    if signature.scan_file_id is None:
        return None
    record = db.session.get(files.GeneratedFile, signature.scan_file_id)
    return (record, files.read(record)) if record is not None else None


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
