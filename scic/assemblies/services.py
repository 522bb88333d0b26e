"""Use cases of general assemblies: preparation, convocation, proxies, session, minutes.

Every mutating service calls ``ensure_editable`` first: once the minutes are signed by every
required signatory the assembly is locked, and the only change left is an addendum.
Services flush and never commit; the view or command commits once.

Hooks for the voting package (which may import this one, never the reverse):

- ``SECOND_CALL_HOOKS``: callables ``(first, second)`` run by ``create_second_call`` (e.g. to
  copy the resolutions);
- ``scic.assemblies.queries.CORRESPONDENCE_VOTERS_PROVIDERS``: callables ``(assembly)`` returning
  the ids of members who voted by correspondence (they count for the quorum);
- ``make_voting_token`` / ``read_voting_token``: the personal link of the convocation e-mail.
"""

from __future__ import annotations

import hashlib
import re
import unicodedata
import uuid
from collections.abc import Callable
from dataclasses import dataclass
from datetime import date, datetime, timedelta
from pathlib import Path
from urllib.parse import urlsplit

from flask import current_app
from itsdangerous import BadSignature, URLSafeSerializer
from sqlalchemy import select

from scic.assemblies import ics, queries, rules
from scic.assemblies.models import (
    Addendum,
    AgendaItem,
    Assembly,
    AttendanceEntry,
    ConvocationRecord,
    Document,
    Incident,
    MinutesSignature,
    Proxy,
)
from scic.assemblies.queries import CORRESPONDENCE_VOTERS_PROVIDERS  # noqa: F401 - re-exported
from scic.cooperatives.models import Cooperative
from scic.core import audit
from scic.core.db import db, lock_row
from scic.core.links import base_url, external_url
from scic.core.violations import RuleViolation, Violation
from scic.membership.models import Member

#: Callables ``(first_assembly, second_assembly)`` called when a second call is created.
SECOND_CALL_HOOKS: list[Callable[[Assembly, Assembly], None]] = []
#: Salt of the personal voting tokens sent with the convocation.
VOTING_TOKEN_SALT = "scic.vote"  # noqa: S105 - a salt, not a secret
#: Length shown in the calendar invitation when the assembly has no end time.
DEFAULT_DURATION = timedelta(hours=3)


def ensure_editable(assembly: Assembly) -> None:
    """Refuse any change to an assembly whose minutes are signed (§6.9: corrections are addenda).

    Every mutating service of this package calls it; the voting package must call it too.
    It also serialises the cooperative's changes (PostgreSQL row lock; SQLite transactions are
    serialised already), so a check-then-write (one attendance line per member, proxy caps)
    cannot interleave with another request's.
    """
    lock_for_change(assembly)
    # Read under the lock: the minutes may have been signed since the assembly was loaded.
    refuse_if_locked(
        db.session.scalar(select(Assembly.locked_at).where(Assembly.id == assembly.id))
    )


def lock_for_change(assembly: Assembly) -> None:
    """The first half of :func:`ensure_editable`, for a caller that reads ``locked_at`` under
    the lock in its own statement (a vote reads it with the voting state) and then calls
    :func:`refuse_if_locked` with it."""
    lock_row(Cooperative, assembly.cooperative_id)


def refuse_if_locked(locked_at: datetime | None) -> None:
    """Signed minutes close the assembly to every change (§6.9)."""
    if locked_at is not None:
        raise RuleViolation(Violation("assembly_locked"))


def _record(action: str, target, assembly: Assembly, by, data: dict | None = None) -> None:
    audit.record(action, target, by=by, cooperative_id=assembly.cooperative_id, data=data or {})


# --- Preparation -------------------------------------------------------------------------------


@dataclass(frozen=True)
class AssemblyInput:
    """What the secretary sets for an assembly; ``starts_at`` is aware (UTC once stored)."""

    type: str
    title: str
    starts_at: datetime
    place: str = ""
    video_link: str = ""
    remote_mode: str = "none"
    approves_accounts_of: int | None = None


def _check_setup(cooperative: Cooperative, data: AssemblyInput) -> None:
    if data.starts_at.tzinfo is None:
        raise ValueError("starts_at must be timezone-aware")
    settings = queries.settings_of(cooperative)
    if problems := rules.check_assembly_setup(
        data.type,
        cooperative.legal_form,
        data.remote_mode,
        has_place=bool(data.place.strip()),
        has_video_link=bool(data.video_link.strip()),
        fully_remote_allowed=settings.fully_remote_allowed,
    ):
        raise RuleViolation(problems)


def _fields(data: AssemblyInput) -> dict:
    from datetime import UTC

    return {
        "type": rules.AssemblyType(data.type).value,
        "title": data.title.strip(),
        "starts_at": data.starts_at.astimezone(UTC),
        "place": data.place.strip(),
        "video_link": data.video_link.strip(),
        "remote_mode": rules.RemoteMode(data.remote_mode).value,
        "approves_accounts_of": data.approves_accounts_of,
    }


def create_assembly(cooperative: Cooperative, data: AssemblyInput, *, by=None) -> Assembly:
    """Prepare a first-call assembly (R-AG-9 venue, R-AG-10 written consultation)."""
    _check_setup(cooperative, data)
    assembly = Assembly(
        cooperative_id=cooperative.id, call_number=1, status="draft", **_fields(data)
    )
    assembly.cooperative = cooperative
    db.session.add(assembly)
    db.session.flush()
    _record("assembly.create", assembly, assembly, by, _snapshot(assembly))
    return assembly


def _snapshot(assembly: Assembly) -> dict:
    return {
        "type": assembly.type,
        "title": assembly.title,
        "starts_at": assembly.starts_at,
        "place": assembly.place,
        "video_link": assembly.video_link,
        "remote_mode": assembly.remote_mode,
        "call_number": assembly.call_number,
        "approves_accounts_of": assembly.approves_accounts_of,
    }


def update_assembly(assembly: Assembly, data: AssemblyInput, *, by=None) -> Assembly:
    """Edit an assembly; its kind and date are frozen once the convocation is sent."""
    ensure_editable(assembly)
    _check_setup(assembly.cooperative, data)
    fields = _fields(data)
    if assembly.status != "draft" and (
        fields["type"] != assembly.type or fields["starts_at"] != assembly.starts_at
    ):
        raise RuleViolation(Violation("convocation_already_sent"))
    before = _snapshot(assembly)
    for key, value in fields.items():
        setattr(assembly, key, value)
    db.session.flush()
    _record(
        "assembly.update", assembly, assembly, by, {"before": before, "after": _snapshot(assembly)}
    )
    return assembly


def _ensure_agenda_open(assembly: Assembly) -> None:
    ensure_editable(assembly)
    if assembly.status != "draft":
        raise RuleViolation(Violation("convocation_already_sent", rule="R-AG-5"))


def add_agenda_item(
    assembly: Assembly, title: str, description: str = "", *, by=None
) -> AgendaItem:
    """Add an item at the end of the agenda (before the convocation, R-AG-5)."""
    _ensure_agenda_open(assembly)
    if not title.strip():
        raise RuleViolation(Violation("text_required", subject="title"))
    position = max((i.position for i in assembly.agenda_items), default=0) + 1
    item = AgendaItem(
        assembly=assembly, position=position, title=title.strip(), description=description.strip()
    )
    db.session.add(item)
    db.session.flush()
    _record(
        "agenda_item.create",
        item,
        assembly,
        by,
        {"assembly_id": assembly.id, "position": position, "title": item.title},
    )
    return item


def remove_agenda_item(item: AgendaItem, *, by=None) -> None:
    """Remove an item from the agenda (before the convocation)."""
    assembly = item.assembly
    _ensure_agenda_open(assembly)
    _record(
        "agenda_item.delete", item, assembly, by, {"assembly_id": assembly.id, "title": item.title}
    )
    assembly.agenda_items.remove(item)
    db.session.delete(item)
    for position, other in enumerate(assembly.agenda_items, start=1):
        other.position = position
    db.session.flush()


def uploads_folder() -> Path:
    return Path(current_app.instance_path) / "uploads" / "assemblies"


def document_path(document: Document) -> Path:
    """Where the document's file lives (its stored name is generated, never the uploader's)."""
    return uploads_folder() / document.stored_name


def safe_filename(filename: str) -> str:
    """A display file name without folders or control characters."""
    name = filename.replace("\\", "/").rsplit("/", 1)[-1]
    name = unicodedata.normalize("NFC", name)
    name = re.sub(r"[\x00-\x1f\x7f\"<>|:*?]", "", name).strip(" .")
    return name[:200] or "document"


def add_document(
    assembly: Assembly,
    *,
    kind: str,
    title: str,
    filename: str,
    content: bytes,
    by=None,
    now: datetime,
) -> Document:
    """Store a document for the members (PDF or office file; type and size checked)."""
    ensure_editable(assembly)
    filename = safe_filename(filename)
    if problems := rules.check_document(filename, len(content), content[:8]):
        raise RuleViolation(problems)
    extension = rules.document_extension(filename)
    mimetype = rules.DOCUMENT_SIGNATURES[extension][0]
    stored_name = f"{uuid.uuid4().hex}.{extension}"
    folder = uploads_folder()
    folder.mkdir(parents=True, exist_ok=True)
    (folder / stored_name).write_bytes(content)
    document = Document(
        assembly=assembly,
        kind=kind,
        title=title.strip() or filename,
        filename=filename,
        stored_name=stored_name,
        mimetype=mimetype,
        size=len(content),
        sha256=hashlib.sha256(content).hexdigest(),
        uploaded_at=now,
        uploaded_by_id=getattr(by, "id", None),
    )
    db.session.add(document)
    db.session.flush()
    _record(
        "document.create",
        document,
        assembly,
        by,
        {
            "assembly_id": assembly.id,
            "kind": kind,
            "filename": filename,
            "sha256": document.sha256,
            "size": document.size,
        },
    )
    return document


def remove_document(document: Document, *, by=None, now: datetime) -> Document:
    """Withdraw a document; the record stays (a convocation may have carried it)."""
    ensure_editable(document.assembly)
    document.removed_at = now
    db.session.flush()
    _record(
        "document.remove",
        document,
        document.assembly,
        by,
        {"assembly_id": document.assembly_id, "filename": document.filename},
    )
    return document


def create_second_call(first: Assembly, *, starts_at: datetime, by=None) -> Assembly:
    """Create the second call of a first-call assembly that missed its quorum (§6.6 step 6).

    The agenda is copied; then every hook of ``SECOND_CALL_HOOKS`` runs with (first, second).
    The first assembly itself is not changed (it may already be locked).
    """
    if problems := rules.check_second_call(
        first.status in ("closed", "locked"), first.quorum_reached, first.call_number
    ):
        raise RuleViolation(problems)
    data = AssemblyInput(
        first.type,
        first.title,
        starts_at,
        first.place,
        first.video_link,
        first.remote_mode,
        first.approves_accounts_of,
    )
    _check_setup(first.cooperative, data)
    second = Assembly(
        cooperative_id=first.cooperative_id,
        call_number=2,
        first_call_id=first.id,
        status="draft",
        **_fields(data),
    )
    second.cooperative = first.cooperative
    db.session.add(second)
    for item in first.agenda_items:
        db.session.add(
            AgendaItem(
                assembly=second,
                position=item.position,
                title=item.title,
                description=item.description,
            )
        )
    db.session.flush()
    for hook in SECOND_CALL_HOOKS:
        hook(first, second)
    db.session.flush()
    _record(
        "assembly.second_call", second, second, by, {"first_call_id": first.id, **_snapshot(second)}
    )
    return second


# --- Convocation -------------------------------------------------------------------------------


def _serializer() -> URLSafeSerializer:
    return URLSafeSerializer(current_app.secret_key, salt=VOTING_TOKEN_SALT)


def make_voting_token(assembly: Assembly, member: Member) -> str:
    """The member's personal token for this assembly: {a: assembly_id, m: member_id}, signed."""
    return _serializer().dumps({"a": assembly.id, "m": member.id})


def read_voting_token(token: str) -> tuple[int, int] | None:
    """Return (assembly_id, member_id) of a valid token, None for a forged or damaged one."""
    try:
        payload = _serializer().loads(token)
    except BadSignature:
        return None
    if not isinstance(payload, dict) or not {"a", "m"} <= payload.keys():
        return None
    return int(payload["a"]), int(payload["m"])


def personal_link(assembly: Assembly, member: Member) -> str:
    """Absolute URL of ``voting.token_entry`` for the member, on BASE_URL (never the request's
    host: the link is mailed)."""
    return external_url("voting.token_entry", token=make_voting_token(assembly, member))


@dataclass(frozen=True)
class ConvocationReport:
    """What ``send_convocation`` did: e-mails sent, members left to convene by letter."""

    emailed: list[Member]
    paper: list[Member]
    last_day: date


def send_convocation(
    assembly: Assembly, today: date, by=None, *, now: datetime | None = None
) -> ConvocationReport:
    """E-mail the convocation to consenting voters and record it (§5 delays, §6.6, §8 #30, #32).

    Refused after the last day to send. Each e-mail carries the agenda, the documents, an
    ``.ics`` invitation and the member's personal voting link; one ``ConvocationRecord`` per
    member is the proof. Members without consent are listed for a paper convocation. Sending
    again reaches only voters not convened yet (e.g. a consent recorded since).
    """
    from scic.core.db import utcnow
    from scic.core.mail import send

    now = now or utcnow()
    ensure_editable(assembly)
    if assembly.opened_at is not None:
        raise RuleViolation(Violation("convocation_after_opening"))
    if not assembly.agenda_items:
        raise RuleViolation(Violation("convocation_no_agenda", rule="R-AG-5"))
    if problems := queries.convocation_violations(assembly, today):
        raise RuleViolation(problems)
    done = queries.convocation_records(assembly)
    recipients = [
        m
        for m in queries.voters(assembly)
        if m.id not in done and queries.consents_to_email(m, today)
    ]
    messages = []
    for member in recipients:
        message = build_convocation_message(assembly, member, now=now)
        messages.append(message)
        db.session.add(
            ConvocationRecord(
                assembly_id=assembly.id,
                member_id=member.id,
                channel="email",
                sent_on=today,
                sent_at=now,
                address=member.email,
                proof=str(message["Message-ID"]),
                recorded_at=now,
                recorded_by_id=getattr(by, "id", None),
            )
        )
    if assembly.convocation_sent_on is None:
        assembly.convocation_sent_on = today
    if assembly.status == "draft":
        assembly.status = "convened"
    db.session.flush()
    _record(
        "assembly.convocation_send",
        assembly,
        assembly,
        by,
        {"sent_on": today, "emailed": [m.id for m in recipients]},
    )
    for message in messages:  # after the records are flushed: a database error sends nothing
        send(message)
    return ConvocationReport(
        recipients,
        queries.paper_recipients(assembly, today),
        queries.convocation_last_day(assembly),
    )


def convocation_text(assembly: Assembly, member: Member | None, link: str | None) -> str:
    """The plain-text convocation (agenda, venue, documents, personal link)."""
    from flask_babel import format_datetime

    from scic.core.i18n import _

    cooperative = assembly.cooperative
    kinds = assembly_type_labels()
    lines = [
        f"{cooperative.name} — {cooperative.form_label}",
        cooperative.registered_office,
        "",
        _("Dear %(name)s,", name=member.display_name) if member else "",
        "",
        _(
            "You are convened to the %(kind)s of %(cooperative)s (%(call)s).",
            kind=str(kinds.get(assembly.type, assembly.type)).lower(),
            cooperative=cooperative.name,
            call=_("first call") if assembly.call_number == 1 else _("second call"),
        ),
        _("Date and time: %(when)s (Paris time)", when=format_datetime(assembly.starts_at, "full")),
    ]
    if assembly.place:
        lines.append(_("Place: %(place)s", place=assembly.place))
    if assembly.video_link:
        lines.append(_("Video link: %(link)s", link=assembly.video_link))
    if assembly.remote_mode == "fully_remote":
        lines.append(_("This assembly is held entirely remotely."))
    lines += ["", _("Agenda:")]
    lines += [f"{item.position}. {item.title}" for item in assembly.agenda_items]
    documents = queries.active_documents(assembly)
    if documents:
        lines += ["", _("Documents attached:")]
        lines += [f"- {d.title} ({d.filename})" for d in documents]
    if link:
        lines += ["", _("Your personal link to vote in advance or give a proxy:"), link]
    return "\n".join(lines) + "\n"


def assembly_type_labels() -> dict[str, object]:
    from scic.core.i18n import _l

    return {
        "ordinary": _l("Ordinary general assembly"),
        "extraordinary": _l("Extraordinary general assembly"),
        "combined": _l("Combined general assembly"),
        "ordinary_reinforced": _l("Ordinary assembly held extraordinarily"),
        "written": _l("Written consultation"),
    }


def convocation_ics(assembly: Assembly, *, now: datetime) -> bytes:
    """The calendar invitation of the assembly (RFC 5545, UTC times)."""
    host = urlsplit(base_url()).hostname or "scic.local"
    return ics.build_ics(
        uid=f"assembly-{assembly.id}@{host}",
        start=assembly.starts_at,
        end=assembly.starts_at + DEFAULT_DURATION,
        stamp=now,
        summary=f"{assembly.cooperative.name} — {assembly.title}",
        location=assembly.place or assembly.video_link,
        description="\n".join(f"{i.position}. {i.title}" for i in assembly.agenda_items),
        url=assembly.video_link,
    )


def build_convocation_message(assembly: Assembly, member: Member, *, now: datetime):
    """The e-mail for one member: text, documents, ``convocation.ics``."""
    from flask_babel import force_locale

    from scic.core.i18n import _
    from scic.core.mail import build_message

    with force_locale(current_app.config.get("BABEL_DEFAULT_LOCALE", "fr")):
        link = personal_link(assembly, member)
        subject = _("Convocation: %(title)s", title=assembly.title)
        body = convocation_text(assembly, member, link)
    attachments = [
        (d.filename, d.mimetype, document_path(d).read_bytes())
        for d in queries.active_documents(assembly)
    ]
    attachments.append(("convocation.ics", "text/calendar", convocation_ics(assembly, now=now)))
    return build_message(member.email, subject, body, attachments=attachments)


PAPER_CHANNELS = ("letter", "registered_letter")


def record_paper_convocation(
    assembly: Assembly,
    member: Member,
    *,
    channel: str,
    sent_on: date,
    registered_number: str = "",
    by=None,
    now: datetime,
) -> ConvocationRecord:
    """Record a convocation sent by letter or registered letter (proof for the auditor).

    The sending date must respect the delay (§5); a wrong number can be corrected until the
    minutes are signed, each change audited.
    """
    ensure_editable(assembly)
    if channel not in PAPER_CHANNELS:
        raise ValueError(channel)
    if assembly.opened_at is not None:
        raise RuleViolation(Violation("convocation_after_opening"))
    if member.id not in queries.voter_ids(assembly):
        raise RuleViolation(Violation("attendance_not_entitled", subject=member.display_name))
    if problems := queries.convocation_violations(assembly, sent_on):
        raise RuleViolation(problems)
    record = queries.convocation_records(assembly).get(member.id)
    if record is not None and record.channel == "email":
        raise RuleViolation(
            Violation(
                "convocation_paper_for_email",
                params={"sent_on": record.sent_on},
                subject=member.display_name,
            )
        )
    before = None
    if record is None:
        record = ConvocationRecord(assembly_id=assembly.id, member_id=member.id)
        db.session.add(record)
    else:
        before = {
            "channel": record.channel,
            "sent_on": record.sent_on,
            "registered_number": record.registered_number,
        }
    record.channel = channel
    record.sent_on = sent_on
    record.address = member.address
    record.registered_number = registered_number.strip() if channel == "registered_letter" else ""
    record.proof = "registered letter" if channel == "registered_letter" else "letter"
    record.recorded_at = now
    record.recorded_by_id = getattr(by, "id", None)
    if assembly.convocation_sent_on is None:
        assembly.convocation_sent_on = sent_on
    if assembly.status == "draft":
        assembly.status = "convened"
    db.session.flush()
    _record(
        "convocation.record",
        record,
        assembly,
        by,
        {
            "assembly_id": assembly.id,
            "member_id": member.id,
            "before": before,
            "after": {
                "channel": channel,
                "sent_on": sent_on,
                "registered_number": record.registered_number,
            },
        },
    )
    return record


# --- Proxies -----------------------------------------------------------------------------------


def give_proxy(
    assembly: Assembly,
    grantor: Member,
    holder: Member | None,
    *,
    signed_on: date,
    by=None,
    now: datetime,
) -> Proxy:
    """Record a proxy to another member, or blank to the chair (R-AG-4, R-AG-7, §8 #16).

    Refused with the reasons: after the session opened, given twice, to oneself, to a
    non-member, to another college when the statutes require the same, beyond the cap.
    """
    ensure_editable(assembly)
    settings = queries.settings_of(assembly.cooperative)
    entitled = queries.voter_ids(assembly)
    problems = rules.check_proxy_grantor(
        grantor.cooperative_id == assembly.cooperative_id and grantor.id in entitled
    )
    holder_is_member = (
        holder is not None
        and holder.cooperative_id == assembly.cooperative_id
        and holder.id in entitled
    )
    problems += rules.check_proxy(
        grantor.id,
        holder.id if holder is not None else None,
        holder_is_member=holder_is_member,
        # A non-member holder is refused as such; its college is then beside the point.
        holder_same_college=not holder_is_member or holder.college_id == grantor.college_id,
        grantor_already_gave=queries.proxy_given_by(assembly, grantor.id) is not None,
        holder_current_count=queries.proxies_held_count(assembly, holder.id) if holder else 0,
        max_per_holder=settings.proxies_max_per_holder,
        same_college_required=settings.proxies_holder_same_college,
        session_open=assembly.opened_at is not None,
    )
    if problems:
        raise RuleViolation(problems)
    proxy = Proxy(
        assembly_id=assembly.id,
        grantor_id=grantor.id,
        holder_id=holder.id if holder else None,
        signed_on=signed_on,
        entered_by_id=getattr(by, "id", None),
        created_at=now,
    )
    db.session.add(proxy)
    db.session.flush()
    _record(
        "proxy.give",
        proxy,
        assembly,
        by,
        {
            "assembly_id": assembly.id,
            "grantor_id": grantor.id,
            "holder_id": proxy.holder_id,
            "signed_on": signed_on,
        },
    )
    return proxy


def revoke_proxy(proxy: Proxy, *, by=None, now: datetime) -> Proxy:
    """Revoke a proxy until the session opens (R-AG-7); the row stays, dated."""
    assembly = proxy.assembly
    ensure_editable(assembly)
    if problems := rules.check_proxy_revocation(assembly.opened_at is not None):
        raise RuleViolation(problems)
    if proxy.revoked_at is not None:
        raise RuleViolation(Violation("proxy_already_revoked", rule="R-AG-7"))
    proxy.revoked_at = now
    db.session.flush()
    _record(
        "proxy.revoke",
        proxy,
        assembly,
        by,
        {"assembly_id": assembly.id, "grantor_id": proxy.grantor_id},
    )
    return proxy


# --- Session -----------------------------------------------------------------------------------


def set_bureau(
    assembly: Assembly, *, chair: str, secretary: str, scrutineers: str, managers: str = "", by=None
) -> Assembly:
    """Name the officers: chair, secretary, scrutineers (and SARL managers) (§6.7 step 1)."""
    ensure_editable(assembly)
    before = {
        "chair": assembly.chair_name,
        "secretary": assembly.secretary_name,
        "scrutineers": assembly.scrutineers,
        "managers": assembly.managers,
    }
    assembly.chair_name = chair.strip()
    assembly.secretary_name = secretary.strip()
    assembly.scrutineers = ", ".join(rules.split_names(scrutineers))
    assembly.managers = ", ".join(rules.split_names(managers))
    db.session.flush()
    _record(
        "assembly.bureau",
        assembly,
        assembly,
        by,
        {
            "before": before,
            "after": {
                "chair": assembly.chair_name,
                "secretary": assembly.secretary_name,
                "scrutineers": assembly.scrutineers,
                "managers": assembly.managers,
            },
        },
    )
    return assembly


def open_session(assembly: Assembly, *, now: datetime, by=None) -> Assembly:
    """Open the session: convened, chair named; proxies are frozen from now on (R-AG-7)."""
    ensure_editable(assembly)
    if assembly.type == rules.AssemblyType.WRITTEN:
        raise RuleViolation(Violation("written_consultation_has_no_session"))
    if assembly.opened_at is not None:
        raise RuleViolation(Violation("session_already_opened"))
    if assembly.status != "convened":
        raise RuleViolation(Violation("session_not_convened"))
    if not assembly.chair_name.strip():
        raise RuleViolation(Violation("session_bureau_incomplete"))
    assembly.opened_at = now
    assembly.status = "open"
    db.session.flush()
    _record(
        "assembly.open",
        assembly,
        assembly,
        by,
        {"opened_at": now, "quorum": queries.quorum_status(assembly).as_json()},
    )
    return assembly


def close_session(assembly: Assembly, *, now: datetime, by=None) -> Assembly:
    """Close the session and freeze the quorum figures for the minutes (§6.7 step 6)."""
    ensure_editable(assembly)
    if assembly.status != "open":
        raise RuleViolation(Violation("session_not_open"))
    quorum = queries.quorum_status(assembly)
    assembly.quorum_entitled = quorum.entitled
    assembly.quorum_participants = quorum.participants
    assembly.quorum_required_count = quorum.required_count
    assembly.quorum_reached = quorum.reached
    assembly.closed_at = now
    assembly.status = "closed"
    db.session.flush()
    _record(
        "assembly.close", assembly, assembly, by, {"closed_at": now, "quorum": quorum.as_json()}
    )
    return assembly


def record_attendance(
    assembly: Assembly, member: Member, mode: str, *, signed_by: str = "", by=None, now: datetime
) -> AttendanceEntry:
    """Add a member's line to the attendance sheet (§6.7 step 2); once, and not after closing.

    ``represented`` needs a valid proxy (named or blank), which the line then names.
    """
    ensure_editable(assembly)
    mode = rules.PresenceMode(mode)
    entries = queries.attendance_entries(assembly)
    if problems := rules.check_attendance(member.id in entries, assembly.closed_at is not None):
        raise RuleViolation(problems)
    if assembly.status == "draft":
        raise RuleViolation(Violation("attendance_before_convocation"))
    if member.cooperative_id != assembly.cooperative_id or (
        member.id not in queries.voter_ids(assembly)
    ):
        raise RuleViolation(Violation("attendance_not_entitled", subject=member.display_name))
    proxy = None
    if mode is rules.PresenceMode.REPRESENTED:
        proxy = queries.proxy_given_by(assembly, member.id)
        if proxy is None:
            raise RuleViolation(
                Violation(
                    "attendance_represented_without_proxy",
                    rule="R-AG-7",
                    subject=member.display_name,
                )
            )
    entry = AttendanceEntry(
        assembly_id=assembly.id,
        member_id=member.id,
        mode=mode.value,
        college_id=member.college_id,
        signed_by=signed_by.strip(),
        recorded_at=now,
        recorded_by_id=getattr(by, "id", None),
        proxy_id=proxy.id if proxy else None,
        counts_for_quorum=mode in rules.QUORUM_MODES,
    )
    db.session.add(entry)
    db.session.flush()
    _record(
        "attendance.record",
        entry,
        assembly,
        by,
        {"assembly_id": assembly.id, "member_id": member.id, "mode": mode.value},
    )
    return entry


def add_incident(
    assembly: Assembly,
    description: str,
    *,
    occurred_at: datetime,
    by=None,
    now: datetime | None = None,
) -> Incident:
    """Note an incident of the session, e.g. a video outage (R-AG-9)."""
    ensure_editable(assembly)
    if not description.strip():
        raise RuleViolation(Violation("text_required", subject="description"))
    incident = Incident(
        assembly=assembly,
        occurred_at=occurred_at,
        description=description.strip(),
        recorded_by_id=getattr(by, "id", None),
        created_at=now or occurred_at,
    )
    db.session.add(incident)
    db.session.flush()
    _record(
        "incident.record",
        incident,
        assembly,
        by,
        {"assembly_id": assembly.id, "occurred_at": occurred_at},
    )
    return incident


# --- Minutes -----------------------------------------------------------------------------------


def update_debates_summary(assembly: Assembly, text: str, *, by=None) -> Assembly:
    """Write the free summary of the debates for the minutes (§6.9)."""
    ensure_editable(assembly)
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
