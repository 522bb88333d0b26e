"""Convocation: the e-mail with its calendar file and voting link, and paper convocations."""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from datetime import date, datetime, timedelta
from urllib.parse import urlsplit

from flask import current_app

from scic.assemblies import ics, queries
from scic.assemblies.models import Assembly, ConvocationRecord
from scic.assemblies.rules import written_consultation_deadline
from scic.assemblies.services.checkin_links import checkin_link, checkin_qr_png
from scic.assemblies.services.documents import document_path
from scic.assemblies.services.locking import _record, ensure_editable
from scic.assemblies.services.voting_links import personal_link
from scic.core.db import db
from scic.core.links import base_url
from scic.core.violations import RuleViolation, Violation
from scic.membership.convocation_rules import Recipient, RecipientKind
from scic.membership.models import Mandate, Member

#: The check-in QR code attached to each convocation e-mail.
CHECKIN_QR_FILENAME = "qr-accueil.png"
#: Length shown in the calendar invitation when the assembly has no end time.
DEFAULT_DURATION = timedelta(hours=3)


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

    The e-mails are queued in the outbox, in the caller's transaction: they leave after its
    commit, and never if it rolls back.

    Refused after the last day to send. Each e-mail carries the agenda, the documents, an
    ``.ics`` invitation and the member's personal voting link; one ``ConvocationRecord`` per
    member is the proof. Members without consent are listed for a paper convocation. Sending
    again reaches only voters not convened yet (e.g. a consent recorded since).
    """
    from scic.core import clock
    from scic.core.mail import queue

    now = now or clock.now()
    ensure_editable(assembly)
    if assembly.opened_at is not None:
        raise RuleViolation(Violation("convocation_after_opening"))
    if not assembly.agenda_items:
        raise RuleViolation(Violation("convocation_no_agenda", rule="R-AG-5"))
    if problems := queries.convocation_violations(assembly, today):
        raise RuleViolation(problems)
    # Who goes by e-mail is queries.by_letter's answer, the page's; the addresses come from
    # the same designations (membership.reach_sql), so none of these lists is empty.
    recipients = queries.to_email(assembly, today)
    by_email = queries.email_recipients(recipients, today)
    if unreachable := [m.display_name for m in recipients if not by_email[m.id]]:
        raise RuntimeError(f"by_letter and email_recipients disagree on {unreachable}")
    if assembly.convocation_sent_on is None:
        assembly.convocation_sent_on = today  # a written consultation's delay runs from here
    messages = []
    for member in recipients:
        names = [
            r.contact.name for r in by_email[member.id] if r.kind is RecipientKind.REPRESENTATIVE
        ]
        sent = [
            build_convocation_message(assembly, member, now=now, recipient=r, representatives=names)
            for r in by_email[member.id]
        ]
        messages += sent
        db.session.add(
            ConvocationRecord(
                assembly_id=assembly.id,
                member_id=member.id,
                channel="email",
                sent_on=today,
                sent_at=now,
                # Every address reached (representatives first, then the member's copy).
                address=", ".join(r.contact.email for r in by_email[member.id])[:400],
                proof=" ".join(str(m["Message-ID"]) for m in sent)[:300],
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
    for message in messages:  # sent by a job once the transaction commits (the outbox)
        queue(message, cooperative_id=assembly.cooperative_id)
    return ConvocationReport(
        recipients,
        queries.paper_recipients(assembly, today),
        queries.convocation_last_day(assembly),
    )


def convocation_text(
    assembly: Assembly,
    member: Member | None,
    link: str | None,
    *,
    recipient: Recipient | None = None,
    representatives: Sequence[str] = (),
) -> str:
    """The plain-text convocation (agenda, venue, documents, personal link).

    ``recipient`` says who reads it: a legal person's representative (named, voting in its
    name) or the legal person's copy (no voting link), which names ``representatives``.
    """
    from flask_babel import format_date

    from scic.core.i18n import _, format_day

    cooperative = assembly.cooperative
    kinds = assembly_type_labels()
    kind = recipient.kind if recipient is not None else RecipientKind.MEMBER
    if kind is RecipientKind.REPRESENTATIVE:
        greeting = _("Dear %(name)s,", name=recipient.contact.name)
    else:
        greeting = _("Dear %(name)s,", name=member.display_name) if member else ""
    lines = [
        f"{cooperative.name} — {cooperative.form_label}",
        cooperative.registered_office,
        "",
        greeting,
        "",
    ]
    if kind is RecipientKind.REPRESENTATIVE and member is not None:
        lines += [
            _(
                "You receive this convocation as the main representative of %(member)s: "
                "you vote in its name.",
                member=member.display_name,
            )
            if recipient.contact.role == "main"
            else _(
                "You receive this convocation as the alternate representative of %(member)s: "
                "you vote in its name when the main representative does not.",
                member=member.display_name,
            ),
            "",
        ]
    if assembly.type == "written" and assembly.convocation_sent_on is not None:
        # R-AG-10: the resolutions go to every member, who has 15 days from the sending.
        deadline = written_consultation_deadline(assembly.convocation_sent_on)
        lines += [
            _(
                "%(cooperative)s consults its members in writing on the agenda below; your "
                "personal link shows each resolution.",
                cooperative=cooperative.name,
            ),
            _(
                "Answer by %(deadline)s included; a member who does not answer does not vote.",
                deadline=format_date(deadline, "long"),
            ),
        ]
    else:
        lines += [
            _(
                "You are convened to the %(kind)s of %(cooperative)s (%(call)s).",
                kind=str(kinds.get(assembly.type, assembly.type)).lower(),
                cooperative=cooperative.name,
                call=_("first call") if assembly.call_number == 1 else _("second call"),
            ),
            _(
                "Date and time: %(when)s (Paris time)",
                when=format_day(assembly.starts_at, "full"),
            ),
        ]
    if assembly.place and assembly.type != "written":
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
    if link and assembly.type == "written":
        lines += ["", _("Your personal link to answer:"), link]
    elif link:
        lines += ["", _("Your personal link to vote in advance or give a proxy:"), link]
    elif kind is RecipientKind.COPY:
        lines += [
            "",
            _(
                "Copy for your records: the convocation and the personal voting link were "
                "sent to your representatives (%(names)s).",
                names=", ".join(representatives),
            ),
        ]
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


def has_entrance(assembly: Assembly) -> bool:
    """A room to enter, hence a check-in QR code: not for a fully remote assembly, nor for a
    written consultation."""
    return assembly.type != "written" and assembly.remote_mode != "fully_remote"


def build_convocation_message(
    assembly: Assembly,
    member: Member,
    *,
    now: datetime,
    recipient: Recipient | None = None,
    representatives: Sequence[str] = (),
):
    """The e-mail for one recipient: text, documents, ``convocation.ics``.

    Without ``recipient``: the member itself at its own address. A representative's link
    names its designation; the copy to a legal person's address carries no link.
    """
    from flask_babel import force_locale

    from scic.core.i18n import _
    from scic.core.mail import build_message

    address = recipient.contact.email if recipient is not None else member.email
    with force_locale(current_app.config.get("BABEL_DEFAULT_LOCALE", "fr")):
        if recipient is not None and not recipient.with_link:
            link = None
        else:
            mandate = (
                db.session.get(Mandate, recipient.contact.mandate_id)
                if recipient is not None and recipient.contact.mandate_id is not None
                else None
            )
            link = personal_link(assembly, member, mandate)
        subject = _("Convocation: %(title)s", title=assembly.title)
        if recipient is not None and recipient.kind is RecipientKind.COPY:
            subject = _("Copy of the convocation: %(title)s", title=assembly.title)
        body = convocation_text(
            assembly, member, link, recipient=recipient, representatives=representatives
        )
        # The member's own convocation or its representative's carries the check-in QR code
        # (the copy to a legal person's address has no personal link, hence no code either).
        with_qr = has_entrance(assembly) and (recipient is None or recipient.with_link)
        if with_qr:
            body += (
                "\n"
                + _(
                    "At the entrance, show the attached QR code (%(file)s) on your phone or"
                    " printed: the secretary scans it to record your attendance.",
                    file=CHECKIN_QR_FILENAME,
                )
                + "\n"
            )
    attachments = [
        (d.filename, d.mimetype, document_path(d).read_bytes())
        for d in queries.active_documents(assembly)
    ]
    attachments.append(("convocation.ics", "text/calendar", convocation_ics(assembly, now=now)))
    if with_qr:
        qr = checkin_qr_png(checkin_link(assembly, member))
        attachments.append((CHECKIN_QR_FILENAME, "image/png", qr))
    return build_message(address, subject, body, attachments=attachments)


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
    return write_paper_record(
        assembly,
        member,
        record,
        channel=channel,
        sent_on=sent_on,
        registered_number=registered_number,
        by=by,
        now=now,
    )


def write_paper_record(
    assembly: Assembly,
    member: Member,
    record: ConvocationRecord | None,
    *,
    channel: str,
    sent_on: date,
    registered_number: str,
    by=None,
    now: datetime,
    audit: bool = True,
) -> ConvocationRecord:
    """Write (or correct) one member's paper convocation once every check passed; flushed and
    audited here unless the caller does both for a whole batch (``audit=False``)."""
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
    if audit:  # a batch flushes and audits once, at its end
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
