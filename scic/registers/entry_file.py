"""The entry file of a local authority, for its council before it votes, and the certificate of
the capital and of the public share for the prefect's legality check.

Council legal services often miss the 50 % cap: it is in the cooperative law (loi 1947 art.
19 septies), not in the local-government code. The draft deliberation therefore states the cap
computation at the planned date (R-LA-1), the weight of the authority's vote in its college
before and after its entry (R-LA-4), and the representatives to designate (R-LA-5). Reads only.
"""

from __future__ import annotations

import io
from dataclasses import dataclass
from datetime import date
from fractions import Fraction
from xml.sax.saxutils import escape

from docx import Document as WordDocument
from reportlab.lib.pagesizes import A4
from reportlab.lib.styles import ParagraphStyle
from reportlab.platypus import Paragraph, SimpleDocTemplate, Spacer, Table, TableStyle

from scic.capital import services as capital_services
from scic.cooperatives.models import Cooperative
from scic.core.i18n import _
from scic.membership import queries as membership_queries
from scic.membership.models import Member
from scic.membership.rules import voting_weight_per_member
from scic.registers.participations import participations_in
from scic.registers.pdf import in_locale
from scic.registers.pdf_base import BOLD, FONT, SCIC_MENTION, Formatter
from scic.registers.rules import designation_articles


@dataclass(frozen=True)
class EntryFile:
    """Everything the draft deliberation states: the capital's simulation of the entry, the same
    the simulator and the guided entry show (one computation, R-LA-1 and R-LA-4)."""

    cooperative: Cooperative
    authority: Member
    planned_on: date
    shares: int
    amount_cents: int
    before: capital_services.PublicShare
    share_after: Fraction
    allowed: bool
    college_name: str
    #: The college's statutory weight as a fraction of 1 (None without colleges).
    college_weight: Fraction | None
    members_before: int
    #: Weight of each member's vote in the college (or assembly) before and after the entry.
    weight_before: Fraction | None
    weight_after: Fraction | None
    articles: tuple[str, ...]


def entry_file(authority: Member, *, shares: int, planned_on: date) -> EntryFile:
    """Compute the entry of ``authority`` with ``shares`` on ``planned_on`` (R-LA-1, R-LA-4)."""
    cooperative = authority.cooperative
    simulation = capital_services.simulate_local_authority(
        cooperative, shares, planned_on, authority.category
    )
    joining = simulation.joining
    if joining is not None:
        members = joining.members_now
        weight_before, weight_after = joining.per_member_now, joining.per_member_after
    else:  # no colleges: one vote among all active members
        members = sum(membership_queries.active_counts_by_category(cooperative).values())
        weight_before = voting_weight_per_member(Fraction(1), members)
        weight_after = voting_weight_per_member(Fraction(1), members + 1)
    return EntryFile(
        cooperative=cooperative,
        authority=authority,
        planned_on=planned_on,
        shares=shares,
        amount_cents=shares * cooperative.share_value_cents,
        before=simulation.before,
        share_after=simulation.share_after,
        allowed=not simulation.violations,
        college_name=joining.name if joining else "",
        college_weight=simulation.college_weight,
        members_before=members,
        weight_before=weight_before,
        weight_after=weight_after,
        articles=designation_articles(authority.authority_type or "other"),
    )


# --- Text shared by the PDF and the DOCX ---------------------------------------------------------


def _paragraphs(entry: EntryFile, fmt: Formatter) -> list[tuple[str, str]]:
    """The draft as (style, text) pairs: "title", "heading" or "body"."""
    coop = entry.cooperative
    name = entry.authority.display_name
    cap = entry.before
    out: list[tuple[str, str]] = [
        (
            "title",
            _("Draft deliberation — %(authority)s joins %(coop)s", authority=name, coop=coop.name),
        ),
        (
            "body",
            _(
                "%(coop)s, %(mention)s, SCIC %(form)s with variable capital.",
                coop=coop.name,
                mention=SCIC_MENTION,
                form=coop.legal_form,
            ),
        ),
        ("heading", _("Legal references")),
        (
            "body",
            _(
                "Having regard to law no. 47-1775 of 10 September 1947 on the status of "
                "cooperation, in particular its articles 19 quinquies to 19 sexdecies A and "
                "article 19 septies (local authorities may hold together at most half of "
                "the capital of a SCIC);"
            ),
        ),
        (
            "body",
            _(
                "Having regard to the general code of local authorities (CGCT), in particular "
                "articles %(articles)s (designation of representatives) and L2131-1 and "
                "L2131-2 (publication and transmission to the prefect, without which this "
                "deliberation is not enforceable);",
                articles=", ".join(entry.articles),
            ),
        ),
        ("body", _("Having regard to the statutes of %(coop)s;", coop=coop.name)),
        ("heading", _("The cap on the capital held by local authorities")),
        (
            "body",
            _(
                "On %(day)s the capital of the cooperative is %(capital)s, of which local "
                "authorities, their groupings and territorial public bodies hold %(public)s "
                "(%(share)s). The cap in force is %(cap)s of the capital.",
                day=fmt.day(cap.on),
                capital=fmt.money(cap.total_cents),
                public=fmt.money(cap.public_cents),
                share=fmt.percent(cap.share),
                cap=fmt.percent(cap.cap),
            ),
        ),
        (
            "body",
            _(
                "The largest subscription still allowed to a public body is %(shares)s "
                "shares (%(amount)s).",
                shares=fmt.number(cap.max_subscription_shares),
                amount=fmt.money(cap.max_subscription_shares * coop.share_value_cents),
            ),
        ),
        (
            "body",
            _(
                "After a subscription of %(shares)s shares of %(value)s, that is %(amount)s, "
                "public bodies would hold %(share)s of the capital.",
                shares=fmt.number(entry.shares),
                value=fmt.money(coop.share_value_cents),
                amount=fmt.money(entry.amount_cents),
                share=fmt.percent(entry.share_after),
            ),
        ),
        (
            "body",
            _("This subscription keeps the cap.")
            if entry.allowed
            else _(
                "This subscription would exceed the cap: reduce it to at most %(shares)s shares.",
                shares=fmt.number(cap.max_subscription_shares),
            ),
        ),
        ("heading", _("Weight of the authority's vote")),
    ]
    if entry.college_weight is not None:
        out.append(
            (
                "body",
                _(
                    "The authority will have one vote, whatever its capital, in the college "
                    "“%(college)s”, which holds %(weight)s of the voting rights. Each of the "
                    "college's %(before)s members now carries %(w_before)s of the votes of the "
                    "assembly; after the entry, each of its %(after)s members, the authority "
                    "included, will carry %(w_after)s. The weight of the other colleges does "
                    "not change.",
                    college=entry.college_name,
                    weight=fmt.percent(entry.college_weight),
                    before=fmt.number(entry.members_before),
                    w_before=fmt.percent(entry.weight_before),
                    after=fmt.number(entry.members_before + 1),
                    w_after=fmt.percent(entry.weight_after),
                ),
            )
        )
    else:
        out.append(
            (
                "body",
                _(
                    "The cooperative has no voting colleges: the authority will have one vote out "
                    "of %(after)s (%(w_after)s), and each other member's vote will go from "
                    "%(w_before)s to %(w_after)s.",
                    after=fmt.number(entry.members_before + 1),
                    w_before=fmt.percent(entry.weight_before),
                    w_after=fmt.percent(entry.weight_after),
                ),
            )
        )
    out += [
        ("heading", _("Decision")),
        (
            "body",
            _(
                "Article 1 — The council approves the entry of %(authority)s into the capital "
                "of %(coop)s and its statutes, by the subscription of %(shares)s shares of "
                "%(value)s, that is %(amount)s.",
                authority=name,
                coop=coop.name,
                shares=fmt.number(entry.shares),
                value=fmt.money(coop.share_value_cents),
                amount=fmt.money(entry.amount_cents),
            ),
        ),
        (
            "body",
            _(
                "Article 2 — The council authorises its executive to sign the subscription "
                "form and every document needed for this entry."
            ),
        ),
        (
            "body",
            _(
                "Article 3 — The council designates as its main representative at the "
                "general assemblies of the cooperative: ………………………, and as alternate(s), "
                "who vote when the main representative does not: ………………………. Each "
                "designation ends at the latest with the council's term."
            ),
        ),
        (
            "body",
            _(
                "Article 4 — The expense is charged to the investment budget (equity "
                "participations)."
            ),
        ),
        (
            "body",
            _(
                "Article 5 — This deliberation will be published and transmitted to the "
                "prefect; it becomes enforceable once both are done, and the cooperative "
                "records the subscription only from that date."
            ),
        ),
        (
            "body",
            _(
                "Elected officials who also sit in the cooperative's bodies should not take "
                "part in the vote (recusal recommended, CGCT L1111-6)."
            ),
        ),
    ]
    return out


# --- Writers -------------------------------------------------------------------------------------


def _styles() -> dict[str, ParagraphStyle]:
    return {
        "title": ParagraphStyle("title", fontName=BOLD, fontSize=15, leading=19, spaceAfter=10),
        "heading": ParagraphStyle(
            "heading", fontName=BOLD, fontSize=11.5, leading=15, spaceBefore=10, spaceAfter=4
        ),
        "body": ParagraphStyle("body", fontName=FONT, fontSize=10, leading=13.5, spaceAfter=5),
    }


def _pdf(story_parts: list[tuple[str, str]], extra=None) -> bytes:
    buffer = io.BytesIO()
    styles = _styles()
    story = [Paragraph(escape(text), styles[style]) for style, text in story_parts]
    if extra:
        story += extra
    SimpleDocTemplate(buffer, pagesize=A4, leftMargin=56, rightMargin=56).build(story)
    return buffer.getvalue()


@in_locale
def draft_deliberation_pdf(entry: EntryFile, *, locale: str) -> bytes:
    """The draft deliberation as a PDF."""
    return _pdf(_paragraphs(entry, Formatter(locale)))


@in_locale
def draft_deliberation_docx(entry: EntryFile, *, locale: str) -> bytes:
    """The draft deliberation as an editable Word document (the council adapts it)."""
    document = WordDocument()
    for style, text in _paragraphs(entry, Formatter(locale)):
        if style == "title":
            document.add_heading(text, level=1)
        elif style == "heading":
            document.add_heading(text, level=2)
        else:
            document.add_paragraph(text)
    buffer = io.BytesIO()
    document.save(buffer)
    return buffer.getvalue()


@in_locale
def capital_certificate_pdf(cooperative: Cooperative, at: date, *, locale: str) -> bytes:
    """Certificate of the capital and of the public bodies' share at a date (R-LA-1)."""
    fmt = Formatter(locale)
    figures = capital_services.public_share(cooperative, at)
    rows = participations_in(cooperative, at)
    parts = [
        ("title", _("Certificate of the capital and of the public share")),
        (
            "body",
            _(
                "%(coop)s, %(mention)s, SCIC %(form)s with variable capital, SIREN %(siren)s.",
                coop=cooperative.name,
                mention=SCIC_MENTION,
                form=cooperative.legal_form,
                siren=cooperative.siren or "—",
            ),
        ),
        (
            "body",
            _(
                "At the end of %(day)s, from the register of share movements: capital "
                "%(capital)s; held by local authorities, their groupings and territorial "
                "public bodies %(public)s, that is %(share)s, for a cap of %(cap)s "
                "(loi 1947 art. 19 septies).",
                day=fmt.day(at),
                capital=fmt.money(figures.total_cents),
                public=fmt.money(figures.public_cents),
                share=fmt.percent(figures.share),
                cap=fmt.percent(figures.cap),
            ),
        ),
    ]
    table = Table(
        [[_("Public body"), _("SIREN"), _("Shares"), _("Amount"), _("Share of the capital")]]
        + [
            [
                r.member_name,
                r.member_siren,
                fmt.number(r.shares),
                fmt.money(r.amount_cents),
                fmt.percent(r.capital_share),
            ]
            for r in rows
        ],
        repeatRows=1,
    )
    table.setStyle(
        TableStyle(
            [
                ("FONT", (0, 0), (-1, -1), FONT, 9),
                ("FONT", (0, 0), (-1, 0), BOLD, 9),
                ("ALIGN", (2, 0), (-1, -1), "RIGHT"),
                ("LINEBELOW", (0, 0), (-1, 0), 0.6, "black"),
            ]
        )
    )
    return _pdf(parts, [Spacer(1, 8), table])
