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

from scic.capital import queries as capital_queries
from scic.capital.rules import MIN_PAID_AT_SUBSCRIPTION, Holding
from scic.core.i18n import _, ngettext
from scic.registers.pdf_base import MARGIN, CooperativeHeader, Formatter, header_of
from scic.registers.pdf_flow import PORTRAIT, PaperDocument, Story

#: Room between the parts of a certificate, in points.
LINE = 12.0


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
    """A certificate or form laid out by :mod:`scic.registers.pdf_flow` (platypus): the
    mandatory mentions and the title head the page, paragraphs wrap to the width and values
    wrap in their column; the footer says when it was generated, with "page N / M"."""

    def __init__(self, header: CooperativeHeader, title: str) -> None:
        self.header = header
        self.title = title
        self.buffer = io.BytesIO()
        self.document: PaperDocument | None = None
        self.story = Story(PORTRAIT[0] - 2 * MARGIN)
        self.story.section(title)

    def text(self, value: str, *, bold: bool = False) -> None:
        self.story.paragraph(value, style="b" if bold else "t")

    def pair(self, label: str, value: str) -> None:
        self.story.kv(label, value)

    def paragraph(self, value: str) -> None:
        self.text(value)

    def space(self, height: float) -> None:
        self.story.gap(height)

    def sign(self, label: str) -> None:
        self.story.sign(label)

    def finish(self, footer: str) -> bytes:
        document = PaperDocument(
            self.buffer,
            header=self.header,
            footer=footer,
            pagesize=PORTRAIT,
            title=self.title,
            invariant=True,
        )
        document.render(self.story.done())
        return self.buffer.getvalue()


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
    page.sign(_("Signature of the legal representative:"))
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
