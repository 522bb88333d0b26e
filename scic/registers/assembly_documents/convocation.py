"""The convocation letters of an assembly: one per member convened by post, in one PDF.

The wording common to every letter (mandatory mentions, agenda, how to take part) is put into
words once (:class:`ConvocationText`); :func:`convocation_letter` then lays out one letter from
what is addressed to its member (:class:`ConvocationLetter`), each starting on a new page. Anything
to add to every letter goes in that one function: the QR code that checks its holder in at
the door (``scic.assemblies.services.checkin_link``), when the assembly has a room.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date, datetime
from typing import BinaryIO

from flask_babel import force_locale
from reportlab.platypus import Paragraph, Table

from scic.assemblies import queries as assembly_queries
from scic.assemblies import rules as assembly_rules
from scic.assemblies.forms import DOCUMENT_KINDS, REMOTE_MODES
from scic.assemblies.models import Assembly
from scic.assemblies.services import checkin_link, has_entrance
from scic.core.i18n import _
from scic.membership.models import Member
from scic.registers.assembly_documents.wording import (
    _call_text,
    _footer,
    _kind_title,
    _label,
    _time,
    assembly_label,
)
from scic.registers.pdf_base import Formatter, header_of
from scic.registers.pdf_flow import PORTRAIT, STYLES, PaperDocument, Story, markup
from scic.registers.qr_code import QR_SIZE, QRCode
from scic.registers.queries import PARIS, capital_figures
from scic.voting import queries as voting_queries


@dataclass(frozen=True)
class ConvocationLetter:
    """What is addressed to one member; no number: the unaddressed model letter."""

    number: int | None = None
    name: str = ""
    address: str = ""
    #: The member's check-in link, printed as a QR code (empty: no room to enter).
    checkin_url: str = ""


def letter_of(member: Member, assembly: Assembly | None = None) -> ConvocationLetter:
    """The letter to ``member``; with ``assembly``, its check-in QR code when there is a room."""
    return ConvocationLetter(
        number=member.number,
        name=member.display_name,
        address=member.address or "",
        checkin_url=(
            checkin_link(assembly, member)
            if assembly is not None and has_entrance(assembly)
            else ""
        ),
    )


@dataclass(frozen=True)
class ConvocationText:
    """The words every letter of the assembly shares, already translated and formatted."""

    title: str
    #: Mandatory mentions (Code de commerce R123-237, loi 1947 art. 22), then the details of
    #: the meeting, as (label, value) pairs.
    mentions: tuple[tuple[str, str], ...]
    dated: str
    invitation: str
    details: tuple[tuple[str, str], ...]
    agenda: tuple[str, ...]
    resolutions: tuple[str, ...]
    documents: tuple[str, ...]
    #: How to take part without attending: postal vote, proxy, quorum.
    absent: tuple[str, ...]


def convocation_text(fmt: Formatter, assembly: Assembly, letter_day: date) -> ConvocationText:
    """Put the assembly's convocation into words once for all its letters (§6.6)."""
    cooperative = assembly.cooperative
    settings = assembly_queries.settings_of(cooperative)
    kind = _kind_title(assembly)
    capital, _highest, floor = capital_figures(cooperative, letter_day)
    mentions = (
        (_("Company"), f"{cooperative.name} — {cooperative.form_label}"),
        (
            _("Capital"),
            _(
                "variable; %(amount)s subscribed on %(day)s (floor %(floor)s)",
                amount=fmt.money(capital),
                day=fmt.day(letter_day),
                floor=fmt.money(floor),
            ),
        ),
        (_("Registered office"), cooperative.registered_office or "—"),
        (
            _("Registration"),
            cooperative.rcs or (f"SIREN {cooperative.siren}" if cooperative.siren else "—"),
        ),
    )
    details = [
        (_("Kind of assembly"), kind),
        (_("Date and time"), _("%(when)s (Paris time)", when=_time(fmt, assembly.starts_at))),
    ]
    if assembly.place:
        details.append((_("Place"), assembly.place))
    if assembly.video_link:
        details.append((_("Video link"), assembly.video_link))
    details.append((_("Participation"), _label(REMOTE_MODES, assembly.remote_mode)))
    deadline = assembly_rules.correspondence_deadline(
        assembly.starts_at, settings.correspondence_deadline_days
    )
    proxy_text = _("Proxy: you may give a proxy to another member of the cooperative")
    if settings.proxies_holder_same_college:
        proxy_text += " " + _("of the same college")
    if settings.proxies_max_per_holder:
        proxy_text += " " + _(
            "(at most %(count)s proxies per holder)", count=settings.proxies_max_per_holder
        )
    proxy_text += ". " + _(
        "A proxy returned without a holder's name goes to the chair, who votes for the"
        " resolutions approved by the board and against the others (R-AG-7). A proxy can be"
        " revoked until the session opens."
    )
    return ConvocationText(
        title=_(
            "Convocation — %(kind)s of %(day)s",
            kind=kind,
            day=fmt.day(assembly_queries.assembly_day(assembly)),
        ),
        mentions=mentions,
        dated=_("Date: %(day)s", day=fmt.day(letter_day)),
        invitation=_(
            "You are convened to the %(kind)s of %(cooperative)s (%(call)s), to be held on"
            " %(when)s (Paris time).",
            kind=kind.lower(),
            cooperative=cooperative.name,
            call=_call_text(assembly),
            when=_time(fmt, assembly.starts_at),
        ),
        details=tuple(details),
        agenda=tuple(f"{item.position}. {item.title}" for item in assembly.agenda_items),
        resolutions=tuple(
            _(
                "Resolution no. %(number)s — %(title)s",
                number=resolution.number,
                title=resolution.title,
            )
            for resolution in voting_queries.resolutions_of(assembly)
        ),
        documents=tuple(
            f"{_label(DOCUMENT_KINDS, document.kind)}: {document.title}"
            for document in assembly_queries.active_documents(assembly)
        ),
        absent=(
            _(
                "Vote by post: return the postal voting form so that it is received before"
                " %(deadline)s (Paris time) (R-AG-8).",
                deadline=_time(fmt, deadline),
            ),
            proxy_text,
            _(
                "Quorum: %(ratio)s of the members entitled to vote on %(call)s.",
                ratio=fmt.percent(assembly_queries.required_quorum(assembly)),
                call=_call_text(assembly),
            ),
        ),
    )


def convocation_letter(story: Story, text: ConvocationText, letter: ConvocationLetter) -> None:
    """One letter, starting on a new page."""
    story.section(text.title)
    for label, value in text.mentions:
        story.kv(label, value)
    story.gap(7)
    if letter.number is not None:
        story.paragraph(
            _("%(name)s (member no. %(number)s)", name=letter.name, number=letter.number),
            style="b",
        )
        story.paragraph(letter.address)
        story.gap(7)
    story.paragraph(text.dated)
    story.gap(7)
    story.paragraph(_("Dear %(name)s,", name=letter.name) if letter.number else _("Dear member,"))
    story.paragraph(text.invitation)
    for label, value in text.details:
        story.kv(label, value)
    if letter.checkin_url:
        story.gap(4)
        caption = Paragraph(
            markup(
                _(
                    "At the entrance, show this QR code (or this letter): the secretary scans it"
                    " to record your attendance."
                )
            ),
            STYLES["t"],
        )
        code = Table(
            [[QRCode(letter.checkin_url), caption]],
            colWidths=[QR_SIZE + 6, story.width - QR_SIZE - 6],
            hAlign="LEFT",
        )
        code.setStyle([("VALIGN", (0, 0), (-1, -1), "MIDDLE"), ("LEFTPADDING", (0, 0), (0, 0), 0)])
        story.add(code)
    story.heading(_("Agenda"))
    for item in text.agenda:
        story.paragraph(item)
    if text.resolutions:
        story.heading(_("Draft resolutions"))
        for item in text.resolutions:
            story.paragraph(item)
    if text.documents:
        story.heading(_("Documents made available to the members"))
        for item in text.documents:
            story.paragraph(item)
    story.heading(_("How to take part if you cannot attend"))
    for item in text.absent:
        story.paragraph(item)
    story.gap(7)
    story.sign(_("For the board"), _("Signature"))


def write_convocation_pdf(
    target: str | BinaryIO,
    assembly: Assembly,
    *,
    locale: str,
    now: datetime,
    members: list[Member] | None = None,
) -> int:
    """The convocation letters with the mandatory mentions (§6.6): one letter per member of
    ``members`` (by default the paper list: voters without consent to e-mail), each on new
    pages, or a single unaddressed letter when the list is empty. Returns the page count."""
    with force_locale(locale):
        fmt = Formatter(locale)
        letter_day = assembly.convocation_sent_on or now.astimezone(PARIS).date()
        if members is None:
            members = assembly_queries.paper_recipients(assembly, letter_day)
        text = convocation_text(fmt, assembly, letter_day)
        doc = PaperDocument(
            target,
            header=header_of(assembly.cooperative),
            footer=_footer(fmt, now, assembly_label(fmt, assembly)),
            pagesize=PORTRAIT,
            title=text.title,
        )
        story = doc.story()
        for letter in [letter_of(m, assembly) for m in members] or [ConvocationLetter()]:
            convocation_letter(story, text, letter)
        return doc.render(story.done())
