"""The convocation letter of an assembly."""

from __future__ import annotations

from datetime import date, datetime
from typing import BinaryIO

from flask_babel import force_locale

from scic.assemblies import queries as assembly_queries
from scic.assemblies import rules as assembly_rules
from scic.assemblies.forms import DOCUMENT_KINDS, REMOTE_MODES
from scic.assemblies.models import Assembly
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
from scic.registers.pdf_assemblies import PORTRAIT, FlowDocument, Line, Section
from scic.registers.pdf_base import Formatter, header_of
from scic.registers.queries import PARIS, capital_figures
from scic.voting import queries as voting_queries
from scic.voting.models import Resolution

# --- Convocation letter -------------------------------------------------------------------------


def _convocation_section(
    doc: FlowDocument,
    fmt: Formatter,
    assembly: Assembly,
    member: Member | None,
    *,
    letter_day: date,
    capital: tuple[int, int],
    resolutions: list[Resolution],
) -> Section:
    cooperative = assembly.cooperative
    settings = assembly_queries.settings_of(cooperative)
    kind = _kind_title(assembly)
    lines: list[Line] = []
    # Mandatory mentions (Code de commerce R123-237, loi 1947 art. 22).
    lines += doc.kv(_("Company"), f"{cooperative.name} — {cooperative.form_label}")
    lines += doc.kv(
        _("Capital"),
        _(
            "variable; %(amount)s subscribed on %(day)s (floor %(floor)s)",
            amount=fmt.money(capital[0]),
            day=fmt.day(letter_day),
            floor=fmt.money(capital[1]),
        ),
    )
    lines += doc.kv(_("Registered office"), cooperative.registered_office or "—")
    lines += doc.kv(
        _("Registration"),
        cooperative.rcs or (f"SIREN {cooperative.siren}" if cooperative.siren else "—"),
    )
    lines.append(Line("gap"))
    if member is not None:
        lines.append(Line("b", f"{member.display_name} (no. {member.number})"))
        lines += doc.paragraph(member.address or "")
        lines.append(Line("gap"))
    lines += doc.paragraph(_("Date: %(day)s", day=fmt.day(letter_day)))
    lines.append(Line("gap"))
    lines += doc.paragraph(
        _("Dear %(name)s,", name=member.display_name) if member else _("Dear member,")
    )
    lines += doc.paragraph(
        _(
            "You are convened to the %(kind)s of %(cooperative)s (%(call)s), to be held on"
            " %(when)s (Paris time).",
            kind=kind.lower(),
            cooperative=cooperative.name,
            call=_call_text(assembly),
            when=_time(fmt, assembly.starts_at),
        )
    )
    lines += doc.kv(_("Kind of assembly"), kind)
    lines += doc.kv(
        _("Date and time"), _("%(when)s (Paris time)", when=_time(fmt, assembly.starts_at))
    )
    if assembly.place:
        lines += doc.kv(_("Place"), assembly.place)
    if assembly.video_link:
        lines += doc.kv(_("Video link"), assembly.video_link)
    lines += doc.kv(_("Participation"), _label(REMOTE_MODES, assembly.remote_mode))
    lines += [Line("gap"), Line("h", _("Agenda"))]
    for item in assembly.agenda_items:
        lines += doc.paragraph(f"{item.position}. {item.title}")
    if resolutions:
        lines += [Line("gap"), Line("h", _("Draft resolutions"))]
        for resolution in resolutions:
            lines += doc.paragraph(
                _(
                    "Resolution no. %(number)s — %(title)s",
                    number=resolution.number,
                    title=resolution.title,
                )
            )
    documents = assembly_queries.active_documents(assembly)
    if documents:
        lines += [Line("gap"), Line("h", _("Documents made available to the members"))]
        for document in documents:
            lines += doc.paragraph(f"{_label(DOCUMENT_KINDS, document.kind)}: {document.title}")
    lines += [Line("gap"), Line("h", _("How to take part if you cannot attend"))]
    deadline = assembly_rules.correspondence_deadline(
        assembly.starts_at, settings.correspondence_deadline_days
    )
    lines += doc.paragraph(
        _(
            "Vote by post: return the postal voting form so that it is received before"
            " %(deadline)s (Paris time) (R-AG-8).",
            deadline=_time(fmt, deadline),
        )
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
    lines += doc.paragraph(proxy_text)
    lines += doc.paragraph(
        _(
            "Quorum: %(ratio)s of the members entitled to vote on %(call)s.",
            ratio=fmt.percent(assembly_queries.required_quorum(assembly)),
            call=_call_text(assembly),
        )
    )
    lines.append(Line("gap"))
    lines.append(Line("sign", _("For the board"), _("Signature")))
    title = _(
        "Convocation — %(kind)s of %(day)s",
        kind=kind,
        day=fmt.day(assembly_queries.assembly_day(assembly)),
    )
    return Section(title, lines)


def write_convocation_pdf(
    target: str | BinaryIO,
    assembly: Assembly,
    *,
    locale: str,
    now: datetime,
    members: list[Member] | None = None,
) -> int:
    """The convocation letter with the mandatory mentions (§6.6): one letter per member of
    ``members`` (by default the paper list: voters without consent to e-mail), or a single
    unaddressed letter when the list is empty."""
    with force_locale(locale):
        fmt = Formatter(locale)
        letter_day = assembly.convocation_sent_on or now.astimezone(PARIS).date()
        if members is None:
            members = assembly_queries.paper_recipients(assembly, letter_day)
        capital, _highest, floor = capital_figures(assembly.cooperative, letter_day)
        resolutions = voting_queries.resolutions_of(assembly)
        doc = FlowDocument(
            header=header_of(assembly.cooperative),
            footer=_footer(fmt, now, assembly_label(fmt, assembly)),
            pagesize=PORTRAIT,
        )
        sections = [
            _convocation_section(
                doc,
                fmt,
                assembly,
                member,
                letter_day=letter_day,
                capital=(capital, floor),
                resolutions=resolutions,
            )
            for member in (members or [None])
        ]
        return doc.draw(target, sections)
