"""Pseudonymisation of former members' personal fields after the retention period (GDPR).

Registers must stay printable for past dates, and the hash chains must stay intact: only fields
that the chains never cover are replaced (names, first names, addresses, e-mails, phones,
representatives' names, and the personal keys of audit data, ``scic.core.audit.PERSONAL_KEYS``).
The member number, dates, categories and every share movement stay, so a register of any past
date prints the same figures with the pseudonym in place of the name.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable
from dataclasses import dataclass
from datetime import date, datetime

from sqlalchemy import select

from scic.cooperatives.models import Cooperative
from scic.core import audit
from scic.core.audit import PERSONAL_KEYS, AuditEntry
from scic.core.db import db, lock_row
from scic.membership import rules
from scic.membership.models import Mandate, Member
from scic.membership.rules import MemberKind

#: Replaces the name of a person (the member number keeps the register readable).
PSEUDONYM = "Pseudonyme {number}"
#: Replaces a representative's name.
REPRESENTATIVE_PSEUDONYM = "Représentant pseudonymisé"

#: ``scrubber(member)`` clears the member's personal fields kept by an upstream package (the
#: address a convocation went to, the name on an attendance line). Membership may not import
#: those packages (ARCHITECTURE §2.2), so the caller hands them in: see ``scic.cli.privacy``.
Scrubber = Callable[[Member], None]


@dataclass(frozen=True)
class Due:
    """A former member whose retention period ended, and the day it did."""

    member: Member
    retention_ended_on: date


def pseudonym(member: Member) -> str:
    return PSEUDONYM.format(number=member.number)


def members_due(cooperative: Cooperative, *, cutoff: date, years: int) -> list[Due]:
    """Former members of the cooperative whose retention period ended on or before ``cutoff``."""
    due = []
    for member in db.session.scalars(
        select(Member)
        .where(
            Member.cooperative_id == cooperative.id,
            Member.pseudonymised_at.is_(None),
            Member.exited_on.is_not(None),
        )
        .order_by(Member.number)
    ):
        ends = rules.retention_ends_on(
            member.status, member.exited_on, member.liability_end_date, years
        )
        if ends is not None and ends <= cutoff:
            due.append(Due(member, ends))
    return due


def _scrub(value, replacement: str):
    """Replace the values of personal keys, wherever they are nested."""
    if isinstance(value, dict):
        return {
            k: (replacement if k in PERSONAL_KEYS and v else _scrub(v, replacement))
            for k, v in value.items()
        }
    if isinstance(value, list):
        return [_scrub(v, replacement) for v in value]
    return value


def pseudonymise_member(
    member: Member, *, now: datetime, by=None, scrubbers: Iterable[Scrubber] = ()
) -> Member:
    """Replace one former member's personal fields and record it (GDPR art. 5(1)(e), art. 17).

    A person's name, first name and address become the pseudonym and blanks; an organisation or
    a local authority keeps its name and registered office (not personal data) but loses its
    contact e-mail and phone. Representatives' names and e-mails and the personal keys of the
    audit entries about the member's records are replaced too, then each of ``scrubbers`` runs
    (upstream packages' personal fields). Chains do not cover any of these fields.
    """
    if member.pseudonymised_at is not None:
        raise ValueError(f"member {member.number} is already pseudonymised")
    replacement = pseudonym(member)
    if member.kind == MemberKind.PERSON.value:
        member.name = replacement
        member.first_name = ""
        member.address = ""
        member.sort_name = replacement.lower()
    member.email = ""
    member.phone = ""
    member.pseudonymised_at = now
    mandates = db.session.scalars(select(Mandate).where(Mandate.member_id == member.id)).all()
    for mandate in mandates:
        mandate.full_name = REPRESENTATIVE_PSEUDONYM
        mandate.email = ""
    for scrub in scrubbers:
        scrub(member)
    targets = {("Member", member.id)} | {("Mandate", m.id) for m in mandates}
    for entry in db.session.scalars(
        select(AuditEntry).where(
            AuditEntry.cooperative_id == member.cooperative_id,
            AuditEntry.target_type.in_({t for t, _ in targets}),
            AuditEntry.target_id.in_({i for _, i in targets}),
        )
    ):
        if (entry.target_type, entry.target_id) in targets:
            scrubbed = _scrub(entry.data, replacement)
            if scrubbed != entry.data:
                entry.data = scrubbed
    db.session.flush()
    audit.record(
        "member.pseudonymise",
        member,
        by=by,
        data={"number": member.number, "mandates": len(mandates)},
        now=now,
    )
    return member


def pseudonymise_former_members(
    cooperative: Cooperative,
    *,
    today: date,
    now: datetime,
    years: int = rules.DEFAULT_RETENTION_YEARS,
    before: date | None = None,
    dry_run: bool = False,
    by=None,
    scrubbers: Iterable[Scrubber] = (),
) -> list[Due]:
    """Pseudonymise every former member whose retention ended on or before ``before`` (today).

    A cut-off after today is refused: data may not be pseudonymised before its time is up
    (nor kept longer, which is why the command exists). ``dry_run`` writes nothing.

    :raises ValueError: a cut-off after today or a negative number of years (operator input of
        the command line, reported as is).
    """
    cutoff = before or today
    if cutoff > today:
        raise ValueError(f"the cut-off date {cutoff} is after today ({today})")
    if years < 0:
        raise ValueError(f"the retention period cannot be negative ({years} years)")
    lock_row(Cooperative, cooperative.id)
    due = members_due(cooperative, cutoff=cutoff, years=years)
    if not dry_run:
        for item in due:
            pseudonymise_member(item.member, now=now, by=by, scrubbers=scrubbers)
    return due
