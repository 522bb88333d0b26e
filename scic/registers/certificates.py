"""Share certificate (attestation de détention de parts) and subscription form (bulletin de
souscription), as PDF, with the cooperative's mandatory mentions (Code de commerce L231-2;
loi 1947 art. 22: name, "société coopérative d'intérêt collectif", form, "à capital variable",
registered office, RCS).

The builders take plain values and return bytes; ``certificate_for`` and
``subscription_form_for`` read the ledger (``capital.queries``) and call them.
"""

from __future__ import annotations

import io
from dataclasses import dataclass
from datetime import date, datetime
from html import escape

from reportlab.lib.pagesizes import A4
from reportlab.lib.styles import ParagraphStyle
from reportlab.platypus import Paragraph, SimpleDocTemplate, Spacer, Table, TableStyle

from scic.capital import queries as capital_queries
from scic.capital.rules import MIN_PAID_AT_SUBSCRIPTION, Holding
from scic.core.i18n import _, ngettext
from scic.registers.fonts import BOLD, FONT, printable
from scic.registers.pdf_base import MARGIN, CooperativeHeader, Formatter, header_of

WIDTH, HEIGHT = A4
#: Width inside the page frame (platypus frames pad each side by 6 points).
FRAME_WIDTH = WIDTH - 2 * MARGIN - 12
PAIR_LABEL_WIDTH = 210.0
LINE = 16.0


@dataclass(frozen=True)
class Holder:
    """Who the document is about (a member or a candidate)."""

    number: int | None
    name: str
    address: str = ""
    kind: str = "person"
    category: str = ""
    representative: str = ""


def holder_of(member, representative: str = "") -> Holder:
    """Build a ``Holder`` from a member row."""
    return Holder(
        number=member.number,
        name=member.display_name,
        address=member.address or "",
        kind=member.kind,
        category=member.category.name if member.category else "",
        representative=representative,
    )


class _Page:
    """A one-page document laid out by reportlab's platypus: paragraphs wrap to the page width
    (measured in the embedded font, not counted in characters) and label/value pairs form a
    table whose values wrap in their column."""

    def __init__(self, header: CooperativeHeader, title: str) -> None:
        self.header = header
        self.title = printable(title)
        self.story: list = []
        self.pairs: list[list[Paragraph]] = []
        self.text(header.name, bold=True, size=14)
        self.text(header.first_line, size=9)
        self.text(header.second_line, size=9)
        self.space(LINE)
        self.text(title, bold=True, size=16)
        self.space(LINE / 2)

    @staticmethod
    def _style(bold: bool, size: float) -> ParagraphStyle:
        return ParagraphStyle(
            f"{'b' if bold else 'r'}{size}",
            fontName=BOLD if bold else FONT,
            fontSize=size,
            leading=max(LINE, size + 5),
        )

    def _flush_pairs(self) -> None:
        if self.pairs:
            table = Table(
                self.pairs,
                colWidths=[PAIR_LABEL_WIDTH, FRAME_WIDTH - PAIR_LABEL_WIDTH],
                hAlign="LEFT",
            )
            table.setStyle(
                TableStyle(
                    [
                        ("VALIGN", (0, 0), (-1, -1), "TOP"),
                        ("LEFTPADDING", (0, 0), (-1, -1), 0),
                        ("RIGHTPADDING", (0, 0), (-1, -1), 4),
                        ("TOPPADDING", (0, 0), (-1, -1), 0),
                        ("BOTTOMPADDING", (0, 0), (-1, -1), 0),
                    ]
                )
            )
            self.story.append(table)
            self.pairs = []

    def text(self, value: str, *, bold: bool = False, size: float = 11) -> None:
        self._flush_pairs()
        self.story.append(Paragraph(escape(printable(value), quote=False), self._style(bold, size)))

    def pair(self, label: str, value: str) -> None:
        self.pairs.append(
            [
                Paragraph(escape(printable(label), quote=False), self._style(True, 11)),
                Paragraph(escape(printable(value), quote=False), self._style(False, 11)),
            ]
        )

    def paragraph(self, value: str) -> None:
        self.text(value)

    def space(self, height: float) -> None:
        self._flush_pairs()
        self.story.append(Spacer(1, height))

    def finish(self, footer: str) -> bytes:
        self._flush_pairs()
        buffer = io.BytesIO()
        document = SimpleDocTemplate(
            buffer,
            pagesize=A4,
            leftMargin=MARGIN,
            rightMargin=MARGIN,
            topMargin=MARGIN,
            bottomMargin=MARGIN,
            title=self.title,
            author=printable(self.header.name),
            creator="scic",
            invariant=True,
        )
        footer = printable(footer)

        def draw_footer(canvas, _document) -> None:
            canvas.setFont(FONT, 8)
            canvas.drawString(MARGIN, MARGIN / 2, footer)

        document.build(self.story, onFirstPage=draw_footer, onLaterPages=draw_footer)
        return buffer.getvalue()


def build_certificate(
    header: CooperativeHeader,
    holder: Holder,
    holding: Holding,
    *,
    share_value_cents: int,
    at: date,
    generated_at: datetime,
    locale: str = "fr",
) -> bytes:
    """Return the share certificate of ``holder`` at the end of ``at`` (R-CAP-1, R-CAP-2).

    Shares are nominative and not numbered (official FAQ); the certificate states the number of
    shares, their nominal value, the subscribed and paid-up amounts.
    """
    fmt = Formatter(locale)
    page = _Page(header, _("Certificate of shares held"))
    page.paragraph(
        _(
            "%(name)s, a collective-interest cooperative (SCIC %(form)s with variable capital), "
            "certifies that the member below holds, on %(day)s, the following shares, "
            "registered in their name in the register of share movements.",
            name=header.name,
            form=header.legal_form,
            day=fmt.day(at),
        )
    )
    page.space(LINE / 2)
    if holder.number is not None:
        page.pair(_("Member number"), str(holder.number))
    page.pair(_("Member"), holder.name)
    if holder.address:
        page.pair(_("Address"), holder.address)
    if holder.category:
        page.pair(_("Category"), holder.category)
    if holder.representative:
        page.pair(_("Represented by"), holder.representative)
    page.space(LINE / 2)
    page.pair(_("Shares held"), fmt.number(holding.shares))
    page.pair(_("Nominal value of a share"), fmt.money(share_value_cents))
    page.pair(_("Subscribed capital"), fmt.money(holding.subscribed_cents))
    page.pair(_("Paid-up capital"), fmt.money(holding.paid_cents))
    page.pair(_("Unpaid"), fmt.money(holding.unpaid_cents))
    page.space(LINE)
    page.paragraph(
        _(
            "The shares are registered; their transfer needs the approval provided for by the "
            "statutes. On withdrawal they are repaid at most at their nominal value, less the "
            "share of losses where applicable (loi n° 47-1775, art. 18)."
        )
    )
    page.space(LINE)
    page.text(
        _(
            "Done on %(day)s, to serve for all legal purposes.",
            day=fmt.day(generated_at.date()),
        )
    )
    page.text(_("Signature of the legal representative:"))
    return page.finish(_("Generated on %(moment)s", moment=fmt.moment(generated_at)))


def build_subscription_form(
    header: CooperativeHeader,
    holder: Holder,
    *,
    shares: int,
    share_value_cents: int,
    paid_cents: int | None = None,
    signed_on: date | None = None,
    generated_at: datetime,
    locale: str = "fr",
) -> bytes:
    """Return the subscription form (to sign in two originals, DOMAIN §3.6; R-CAP-4).

    Shows the amount due on signature: at least a quarter of the subscription.
    """
    fmt = Formatter(locale)
    amount = shares * share_value_cents
    minimum = -(
        -amount * MIN_PAID_AT_SUBSCRIPTION.numerator // MIN_PAID_AT_SUBSCRIPTION.denominator
    )
    page = _Page(header, _("Subscription form for shares"))
    page.pair(_("Subscriber"), holder.name)
    if holder.address:
        page.pair(_("Address"), holder.address)
    if holder.category:
        page.pair(_("Category"), holder.category)
    if holder.representative:
        page.pair(_("Represented by"), holder.representative)
    page.space(LINE / 2)
    page.paragraph(
        ngettext(
            "I, the undersigned, subscribe %(count)s share of %(value)s in %(name)s, a "
            "collective-interest cooperative with variable capital, an amount of %(amount)s.",
            "I, the undersigned, subscribe %(count)s shares of %(value)s each in %(name)s, a "
            "collective-interest cooperative with variable capital, an amount of %(amount)s.",
            shares,
            count=fmt.number(shares),
            value=fmt.money(share_value_cents),
            name=header.name,
            amount=fmt.money(amount),
        )
    )
    page.paragraph(
        _(
            "I pay %(paid)s today; at least a quarter is paid on subscription, that is "
            "%(minimum)s, the balance being called within five years at most "
            "(loi n° 47-1775, art. 12).",
            paid=fmt.money(paid_cents if paid_cents is not None else amount),
            minimum=fmt.money(minimum),
        )
    )
    page.paragraph(
        _(
            "I declare that I have read the statutes and adhere to them. This form is made in "
            "two originals."
        )
    )
    page.space(LINE)
    page.text(
        _("Done at ____________________, on %(day)s", day=fmt.day(signed_on) or "____________")
    )
    page.text(
        ngettext(
            "Signature, preceded by the handwritten words “Good for the subscription of "
            "%(count)s share”:",
            "Signature, preceded by the handwritten words “Good for the subscription of "
            "%(count)s shares”:",
            shares,
            count=fmt.number(shares),
        )
    )
    return page.finish(_("Generated on %(moment)s", moment=fmt.moment(generated_at)))


def certificate_for(member, at: date, *, generated_at: datetime, locale: str = "fr") -> bytes:
    """Build a member's certificate at a date from the ledger."""
    cooperative = member.cooperative
    holding = capital_queries.holdings_at(cooperative.id, at).get(member.id, Holding())
    mandate = next((m for m in member.mandates if m.role == "main" and m.is_valid_on(at)), None)
    return build_certificate(
        header_of(cooperative),
        holder_of(member, mandate.full_name if mandate else ""),
        holding,
        share_value_cents=cooperative.share_value_cents,
        at=at,
        generated_at=generated_at,
        locale=locale,
    )


def subscription_form_for(
    member,
    shares: int,
    *,
    paid_cents: int | None = None,
    signed_on: date | None = None,
    generated_at: datetime,
    locale: str = "fr",
) -> bytes:
    """Build the subscription form of a member or candidate."""
    cooperative = member.cooperative
    return build_subscription_form(
        header_of(cooperative),
        holder_of(member),
        shares=shares,
        share_value_cents=cooperative.share_value_cents,
        paid_cents=paid_cents,
        signed_on=signed_on,
        generated_at=generated_at,
        locale=locale,
    )
