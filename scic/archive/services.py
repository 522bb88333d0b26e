"""Sign minutes and register sheets with the officers' certificates, and keep every revision.

The PDF is built by ``registers``; this module adds the signature page, signs it with the
officer's certificate (or the instance's organisation certificate on the officer's behalf),
timestamps it when a TSA is configured, and appends the result as a new ``SignedDocument`` row.
Services flush, never commit.
"""

from __future__ import annotations

import hashlib
import io
from datetime import date, datetime
from urllib.parse import urlsplit
from zoneinfo import ZoneInfo

from flask_babel import force_locale, format_date
from sqlalchemy import func, select

from scic.archive import queries
from scic.archive.models import SignedDocument
from scic.archive.queries import SigningSettings
from scic.archive.rules import Series
from scic.assemblies import queries as assembly_queries
from scic.assemblies import services as assembly_services
from scic.assemblies.models import Assembly
from scic.capital.models import ShareMovement
from scic.cooperatives.models import Cooperative
from scic.core import audit
from scic.core.db import db, lock_row
from scic.core.i18n import _
from scic.core.violations import RuleViolation, Violation
from scic.membership.models import Member
from scic.registers import movement_queries, signing
from scic.registers import pdf as register_pdf
from scic.registers import queries as register_queries
from scic.registers.assembly_documents import write_attendance_pdf, write_minutes_pdf
from scic.registers.certificates import certificate_for
from scic.registers.pdf_base import header_of

PARIS = ZoneInfo("Europe/Paris")


def identity_for(settings: SigningSettings, *, email: str, name: str, capacity: str):
    """The officer's own certificate, else the organisation's; a violation when neither exists."""
    entry = settings.certificates.get((email or "").lower())
    try:
        if entry:
            return signing.load_identity(
                entry["pkcs12"], entry.get("passphrase"), name=name, capacity=capacity
            )
        if settings.pkcs12:
            return signing.load_identity(
                settings.pkcs12, settings.passphrase, name=name, capacity=capacity
            )
    except signing.SigningError as exc:
        raise RuleViolation(Violation("signing_key_unreadable", params={"name": name})) from exc
    raise RuleViolation(Violation("signing_no_certificate", params={"name": name}))


def stamp_text(identity: signing.Identity, tsa_url: str) -> str:
    """The visible text of a signature box (``%(ts)s`` is filled in by pyHanko)."""
    lines = [
        _(
            "Signed electronically by %(name)s, %(capacity)s",
            name=identity.name,
            capacity=identity.capacity,
        ),
        _("Certificate: %(subject)s", subject=identity.certificate_subject),
        _("Time: %(time)s", time="\x00"),
        _("Trusted timestamp (RFC 3161) from %(tsa)s", tsa=urlsplit(tsa_url).netloc)
        if tsa_url
        else _("No trusted timestamp: the time is the server's clock."),
    ]
    return "\n".join(lines).replace("%", "%%").replace("\x00", "%(ts)s")


def _page_labels() -> dict[str, str]:
    return {
        "heading": _("Electronic signatures"),
        "document": _("Document:"),
        "chain_head": _("Chain head at production:"),
        "previous": _("Previous sheet (SHA-256):"),
        "signatories": _("To be signed by:"),
        "explanation": _(
            "Each box below is an advanced electronic signature (PAdES) of this whole document."
            "\nA PDF reader shows who signed, when, and whether anything changed since."
            "\nThe last expected signature locks the document."
        ),
    }


# --- Signing ------------------------------------------------------------------------------------


def _sign_and_store(
    cooperative: Cooperative,
    pdf: bytes,
    identity: signing.Identity,
    settings: SigningSettings,
    *,
    template: SignedDocument | None,
    new: dict | None = None,
    by=None,
    now: datetime,
) -> SignedDocument:
    signed = signing.sign(
        pdf,
        identity,
        stamp_text=stamp_text(identity, settings.tsa_url),
        reason=identity.capacity,
        location=settings.location,
        timestamper=signing.timestamper_for(settings.tsa_url),
    )
    values = new or {
        key: getattr(template, key)
        for key in (
            "series",
            "number",
            "document_id",
            "subject_id",
            "title",
            "entries",
            "last_entry_id",
            "chain_head",
            "previous_sha256",
            "expected",
        )
    }
    revision = template.revision + 1 if template is not None else 1
    row = SignedDocument(
        cooperative_id=cooperative.id,
        revision=revision,
        sha256=hashlib.sha256(signed).hexdigest(),
        content=signed,
        timestamped=bool(settings.tsa_url) and (template is None or template.timestamped),
        signer_name=identity.name,
        signed_by_id=getattr(by, "id", None),
        created_at=now,
        **values,
    )
    row.seal()
    audit.record(
        "document.sign",
        row,
        by=by,
        data={
            "series": row.series,
            "number": row.number,
            "revision": revision,
            "sha256": row.sha256,
            "timestamped": row.timestamped,
        },
        now=now,
    )
    return row


#: The assembly papers the officers sign, each one a series of numbered sheets.
_PAPERS = {
    Series.MINUTES: (
        write_minutes_pdf,
        lambda number: _("Register of minutes, sheet %(number)s", number=number),
    ),
    Series.ATTENDANCE: (
        write_attendance_pdf,
        lambda number: _("Attendance sheets, sheet %(number)s", number=number),
    ),
}


def sign_minutes(
    assembly: Assembly,
    *,
    role: str,
    name: str,
    capacity: str,
    by,
    now: datetime,
    settings: SigningSettings,
    locale: str,
) -> SignedDocument:
    """Record an officer's signature of the minutes and add their PAdES signature to the
    minutes and to the attendance sheet, which the same officers certify (DOMAIN §6.7).

    The first signature freezes each paper as the next sheet of its register (minutes,
    attendance sheets); each next officer signs those same files (incremental updates); the last
    one locks them. Returns the minutes' new revision.
    """
    cooperative = assembly.cooperative
    lock_row(Cooperative, cooperative.id)
    identity = identity_for(settings, email=getattr(by, "email", ""), name=name, capacity=capacity)
    required = [signatory for _role, signatory in assembly_queries.minutes_state(assembly).required]
    assembly_services.sign_minutes(assembly, role=role, name=name, by=by, now=now)
    signed = [
        _sign_paper(
            assembly, series, identity, required, by=by, now=now, settings=settings, locale=locale
        )
        for series in (Series.MINUTES, Series.ATTENDANCE)
    ]
    return signed[0]


def _sign_paper(
    assembly: Assembly,
    series: Series,
    identity: signing.Identity,
    required: list[str],
    *,
    by,
    now: datetime,
    settings: SigningSettings,
    locale: str,
) -> SignedDocument:
    cooperative = assembly.cooperative
    current = queries.assembly_document(assembly, series)
    if current is not None:
        return _sign_and_store(
            cooperative, current.content, identity, settings, template=current, by=by, now=now
        )
    write_pdf, title_of = _PAPERS[series]
    buffer = io.BytesIO()
    write_pdf(buffer, assembly, locale=locale, now=now)
    return _new_sheet(
        cooperative,
        series,
        buffer.getvalue(),
        title_of,
        chain_head=queries.audit_head(cooperative),
        signatories=required,
        subject_id=assembly.id,
        identity=identity,
        settings=settings,
        by=by,
        now=now,
        locale=locale,
    )


def _new_sheet(
    cooperative: Cooperative,
    series: Series,
    pdf: bytes,
    title_of,
    *,
    chain_head: str,
    signatories: list[str],
    subject_id: int | None,
    identity: signing.Identity,
    settings: SigningSettings,
    by,
    now: datetime,
    locale: str,
    entries: int = 0,
    last_entry_id: int | None = None,
) -> SignedDocument:
    """Number ``pdf`` as the next sheet of ``series``, add its signature page (identifier, chain
    head, link to the previous sheet, signatories) and store its first signature."""
    number, previous = queries.next_number(cooperative, series)
    document_id = f"{cooperative.slug}/{series.value}/{number}"
    with force_locale(locale):
        title = title_of(number)
        page = signing.SignaturePage(
            title=title,
            document_id=document_id,
            chain_head=chain_head,
            signatories=signatories,
            labels=_page_labels(),
            previous=previous,
        )
        signed_pdf = signing.add_signature_page(pdf, page)
    return _sign_and_store(
        cooperative,
        signed_pdf,
        identity,
        settings,
        template=None,
        new={
            "series": series.value,
            "number": number,
            "document_id": document_id,
            "subject_id": subject_id,
            "title": title,
            "entries": entries,
            "last_entry_id": last_entry_id,
            "chain_head": chain_head,
            "previous_sha256": previous,
            "expected": len(signatories),
        },
        by=by,
        now=now,
    )


def _ledger_batch(cooperative: Cooperative, after_id: int, up_to_id: int):
    statement = movement_queries.movements_statement(cooperative.id).where(
        ShareMovement.id > after_id, ShareMovement.id <= up_to_id
    )
    make = movement_queries.MovementRow._make
    for row in db.session.execute(statement):
        yield make(row)


def append_share_register_sheet(
    cooperative: Cooperative,
    *,
    signer_email: str,
    name: str,
    capacity: str,
    by=None,
    now: datetime,
    settings: SigningSettings,
    locale: str,
) -> SignedDocument:
    """Append the next sheet of the electronic register of share movements: every ledger entry
    made since the last sheet, signed (and timestamped) by one officer; nothing new: a violation."""
    lock_row(Cooperative, cooperative.id)
    identity = identity_for(settings, email=signer_email, name=name, capacity=capacity)
    last = queries.latest_sheets(cooperative, Series.SHARE_REGISTER)
    after_id = (last[-1].last_entry_id or 0) if last else 0
    count, up_to_id = db.session.execute(
        select(func.count(ShareMovement.id), func.max(ShareMovement.id)).where(
            ShareMovement.cooperative_id == cooperative.id, ShareMovement.id > after_id
        )
    ).one()
    if not count:
        raise RuleViolation(Violation("register_sheet_empty"))
    chain_head = register_queries.ledger_head_hash(cooperative)
    buffer = io.BytesIO()
    register_pdf.build_movement_register(
        buffer,
        header_of(cooperative),
        _ledger_batch(cooperative, after_id, up_to_id),
        count,
        start=None,
        end=now.astimezone(PARIS).date(),
        head_hash=chain_head,
        locale=locale,
        generated_at=now,
    )
    return _new_sheet(
        cooperative,
        Series.SHARE_REGISTER,
        buffer.getvalue(),
        lambda number: _(
            "Register of members and share movements, sheet %(number)s (%(count)s entries)",
            number=number,
            count=count,
        ),
        chain_head=chain_head,
        signatories=[f"{name}, {capacity}"],
        subject_id=None,
        identity=identity,
        settings=settings,
        by=by,
        now=now,
        locale=locale,
        entries=count,
        last_entry_id=up_to_id,
    )


def sign_certificate(
    member: Member,
    at: date,
    *,
    signer_email: str,
    name: str,
    capacity: str,
    by=None,
    now: datetime,
    settings: SigningSettings,
    locale: str,
) -> SignedDocument:
    """Sign a member's share certificate at ``at`` as the next of the cooperative's numbered
    signed certificates: one officer signs, and the signature locks it. The certificate is
    proof of membership and holding (DOMAIN §6.9); its number and the ledger head it was
    produced at are printed on it, so a copy can be checked against the register."""
    cooperative = member.cooperative
    lock_row(Cooperative, cooperative.id)
    identity = identity_for(settings, email=signer_email, name=name, capacity=capacity)
    pdf = certificate_for(member, at, generated_at=now, locale=locale)
    return _new_sheet(
        cooperative,
        Series.CERTIFICATES,
        pdf,
        lambda number: _(
            "Share certificate no. %(number)s: %(holder)s at %(date)s",
            number=number,
            holder=member.display_name,
            date=format_date(at, format="long"),
        ),
        chain_head=register_queries.ledger_head_hash(cooperative),
        signatories=[f"{name}, {capacity}"],
        subject_id=member.id,
        identity=identity,
        settings=settings,
        by=by,
        now=now,
        locale=locale,
    )
