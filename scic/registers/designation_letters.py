"""Letters asking councils to designate their representatives again (§6.3 step 3, §8 #24).

One page per local authority without a representative in office, ready to print and sign. Reads
only: the campaign page (membership) records when they were sent.
"""

from __future__ import annotations

import io
from datetime import date
from xml.sax.saxutils import escape

from reportlab.lib.pagesizes import A4
from reportlab.lib.styles import ParagraphStyle
from reportlab.platypus import PageBreak, Paragraph, SimpleDocTemplate, Spacer
from sqlalchemy import select

from scic.assemblies.models import Assembly
from scic.cooperatives.models import Cooperative
from scic.core.db import db
from scic.core.i18n import _
from scic.membership.queries import LapsedAuthority
from scic.registers.pdf import in_locale
from scic.registers.pdf_base import BOLD, FONT, SCIC_MENTION, Formatter
from scic.registers.rules import designation_articles


def next_assembly(cooperative: Cooperative, after: date) -> Assembly | None:
    """The next assembly planned after ``after`` (drafts included: the council needs time)."""
    return next(
        (
            a
            for a in db.session.scalars(
                select(Assembly)
                .where(
                    Assembly.cooperative_id == cooperative.id,
                    Assembly.status.in_(("draft", "convened")),
                )
                .order_by(Assembly.starts_at)
            )
            if a.starts_at.date() > after
        ),
        None,
    )


def _letter(item: LapsedAuthority, cooperative, fmt: Formatter, today: date, assembly) -> list:
    body = ParagraphStyle("body", fontName=FONT, fontSize=10.5, leading=14.5, spaceAfter=8)
    strong = ParagraphStyle("strong", parent=body, fontName=BOLD)
    member = item.member
    lines = [
        (strong, f"{cooperative.name} — {SCIC_MENTION}"),
        (body, cooperative.registered_office or ""),
        (body, ""),
        (strong, member.display_name),
        (body, member.address or ""),
        (body, _("On %(day)s", day=fmt.day(today))),
        (
            strong,
            _(
                "Subject: designation of your representatives at the general assembly of %(coop)s",
                coop=cooperative.name,
            ),
        ),
        (body, _("Madam, Sir,")),
        (
            body,
            _(
                "%(authority)s is a member of %(coop)s, a SCIC %(form)s with variable capital.",
                authority=member.display_name,
                coop=cooperative.name,
                form=cooperative.legal_form,
            ),
        ),
        (
            body,
            _(
                "The designation of its representative ended on %(day)s, with the term of the "
                "council that made it.",
                day=fmt.day(item.term_ended_on),
            )
            if item.term_ended_on
            else _(
                "No representative of the authority has been designated to the cooperative yet."
            ),
        ),
        (
            body,
            _(
                "Until a new designation, the authority cannot vote at our general assemblies. "
                "We would be grateful if your council designated, by deliberation (CGCT "
                "articles %(articles)s), a main representative and, if it wishes, one or more "
                "alternates who vote when the main representative does not, and if you sent us "
                "the deliberation once enforceable (published and transmitted to the prefect), "
                "with each representative's e-mail address and consent to electronic "
                "convocations.",
                articles=", ".join(designation_articles(member.authority_type or "other")),
            ),
        ),
    ]
    if assembly is not None:
        lines.append(
            (
                body,
                _(
                    "Our next general assembly is planned on %(day)s.",
                    day=fmt.day(assembly.starts_at.date()),
                ),
            )
        )
    lines += [
        (body, _("Yours faithfully,")),
        (body, _("The secretariat of %(coop)s", coop=cooperative.name)),
    ]
    return [Paragraph(escape(text), style) if text else Spacer(1, 8) for style, text in lines]


@in_locale
def designation_letters_pdf(
    cooperative: Cooperative, lapsed: list[LapsedAuthority], *, today: date, locale: str
) -> bytes:
    """One letter per authority, each on its own page."""
    fmt = Formatter(locale)
    assembly = next_assembly(cooperative, today)
    story: list = []
    for index, item in enumerate(lapsed):
        if index:
            story.append(PageBreak())
        story += _letter(item, cooperative, fmt, today, assembly)
    if not story:
        story = [
            Paragraph(
                escape(_("Every local authority has a representative in office.")),
                ParagraphStyle("body", fontName=FONT, fontSize=10.5),
            )
        ]
    buffer = io.BytesIO()
    SimpleDocTemplate(buffer, pagesize=A4, leftMargin=64, rightMargin=64, topMargin=56).build(story)
    return buffer.getvalue()
