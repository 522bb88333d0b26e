"""Who receives a member's electronic convocation and its voting link (DOMAIN §6.6 step 4, §8 #30).

A natural person receives it at their own address once they consented in writing. An
organisation or a local authority acts through its representatives (R-LA-4, R-LA-5, §6.3 step
4): the convocation and the personal voting link go to each representative acting on the
sending day (main and alternate) who consented with an address, and a copy without the voting
link goes to the member's own address, so that the authority's services know. Without a
representative reachable by e-mail, the member's own address receives the convocation and the
link when the member consented (it forwards it); otherwise the member is convened by letter.
Pure: the caller gives the acting designations (``mandate_rules.acting_representatives``).
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass
from datetime import date
from enum import StrEnum


class RecipientKind(StrEnum):
    """Why an address receives the convocation."""

    MEMBER = "member"  # the member itself (a person, or a legal person without reachable rep.)
    REPRESENTATIVE = "representative"  # an acting representative: with the voting link
    COPY = "copy"  # the legal person's own address, beside its representatives: no link


@dataclass(frozen=True)
class Contact:
    """An address and the day its holder consented to electronic convocation (None: never)."""

    name: str
    email: str
    consent_on: date | None
    #: The designation's id for a representative (the voting link names it), None otherwise.
    mandate_id: int | None = None
    #: ``main`` or ``alternate`` for a representative.
    role: str = ""

    def reachable_on(self, on: date) -> bool:
        """An address and a written consent recorded by ``on`` (§8 #30)."""
        return bool(self.email) and self.consent_on is not None and self.consent_on <= on


@dataclass(frozen=True)
class Recipient:
    """One e-mail of a member's convocation."""

    contact: Contact
    kind: RecipientKind

    @property
    def with_link(self) -> bool:
        """The copy to a legal person's own address carries no voting link."""
        return self.kind is not RecipientKind.COPY


def email_recipients(
    member: Contact, representatives: Iterable[Contact], on: date, *, legal_person: bool
) -> list[Recipient]:
    """Return the e-mails of a member's convocation sent on ``on`` (empty: by letter).

    Rules: §8 #30 (e-mail only with a recorded written consent), §6.3 step 4 and R-LA-4 (a
    legal person votes through its acting representative, main or alternate). ``representatives``
    are the designations acting on ``on``; one address receives one e-mail.
    """
    if not legal_person:
        return [Recipient(member, RecipientKind.MEMBER)] if member.reachable_on(on) else []
    reached: list[Recipient] = []
    seen: set[str] = set()
    for contact in representatives:
        address = contact.email.strip().lower()
        if contact.reachable_on(on) and address not in seen:
            seen.add(address)
            reached.append(Recipient(contact, RecipientKind.REPRESENTATIVE))
    if not reached:
        return [Recipient(member, RecipientKind.MEMBER)] if member.reachable_on(on) else []
    if member.email and member.email.strip().lower() not in seen:
        reached.append(Recipient(member, RecipientKind.COPY))
    return reached
