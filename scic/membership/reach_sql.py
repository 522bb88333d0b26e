"""Who acts for a member and who is reached by e-mail on a day, as SQL conditions.

The convocation's channel (by e-mail or by letter, DOMAIN §6.6 step 4, §8 #30) is decided in
the database, so that a page can count and page the members convened by letter without
loading every voter with its consents and designations (issue 18). These conditions are the
one place of that decision: the convocation page, the sending, the PDF of the letters, the
import of registered-letter numbers and the member page all build on them.

``acting`` is ``mandate_rules.acting_representatives`` (R-LA-5, §8 #24) written in SQL: the
latest designation of its role whose holder may act on the day (started, not ended, within
its council's term, or past it with the statutes' SEM option until a successor of the same
role is designated). The council's term ends are built from the same election calendar and
the same ``TERM_OF`` table; ``tests/membership/test_reach_sql.py`` checks the two agree on
every case of the rule.
"""

from __future__ import annotations

import functools
from datetime import date

from sqlalchemy import Date, and_, case, exists, literal, not_, null, or_, select
from sqlalchemy.orm import aliased
from sqlalchemy.sql.elements import ColumnElement

from scic.membership.elections import election_calendar
from scic.membership.mandate_rules import TERM_OF
from scic.membership.models import Mandate, Member
from scic.membership.rules import MemberKind, RepresentativeRole

#: Designations whose holder receives the convocation and votes (never a board candidate).
VOTING_ROLES = (RepresentativeRole.MAIN.value, RepresentativeRole.ALTERNATE.value)


def term_end(mandate, member) -> ColumnElement:
    """``mandate_rules.council_term_end`` of ``mandate`` for its ``member`` (the entity its
    statement joins): the first election of its council's kind strictly after the
    designation, NULL when none is known (not a local authority, no later election)."""
    calendar = election_calendar()
    by_kind = {}
    for kind, days in calendar.items():
        days = sorted(days)
        if days:
            by_kind[kind] = case(
                *[(mandate.valid_from < literal(day, Date), literal(day, Date)) for day in days],
                else_=null(),
            )
    whens = [
        (member.authority_type == authority.value, by_kind[kind])
        for authority, kind in TERM_OF.items()
        if kind is not None and kind in by_kind
    ]
    if not whens:
        return null()
    return case(
        (member.kind == MemberKind.LOCAL_AUTHORITY.value, case(*whens, else_=null())),
        else_=null(),
    )


def _replaced(mandate, on: date) -> ColumnElement[bool]:
    """``mandate_rules.is_replaced``: a later designation of the same role started by ``on``."""
    later = aliased(Mandate)
    return exists(
        select(later.id)
        .where(
            later.member_id == mandate.member_id,
            later.role == mandate.role,
            later.valid_from > mandate.valid_from,
            later.valid_from <= on,
        )
        .correlate_except(later)
    )


def may_act(mandate, member, on: date, *, act_until_replaced: bool) -> ColumnElement[bool]:
    """``mandate_rules.may_act`` (R-LA-5, §8 #24): every part is true or false, never NULL."""
    end = term_end(mandate, member)
    started = mandate.valid_from <= on
    if not act_until_replaced:
        return and_(
            started,
            or_(mandate.valid_to.is_(None), mandate.valid_to >= on),
            or_(end.is_(None), end >= on),
        )
    replaced = _replaced(mandate, on)
    # acting_valid_to: a designation ending with its council's term goes on until replaced.
    extended = and_(
        not_(replaced),
        end.is_not(None),
        or_(mandate.valid_to.is_(None), mandate.valid_to == end),
    )
    return and_(
        started,
        or_(extended, mandate.valid_to.is_(None), mandate.valid_to >= on),
        or_(end.is_(None), end >= on, not_(replaced)),
    )


def acting(mandate, member, on: date, *, act_until_replaced: bool) -> ColumnElement[bool]:
    """``mandate_rules.acting_representatives``: ``mandate`` (of ``member``) may act on ``on``
    and no later designation of its role (by start, then by id) may act that day."""
    later = aliased(Mandate)
    return and_(
        may_act(mandate, member, on, act_until_replaced=act_until_replaced),
        not_(
            exists(
                select(later.id)
                .where(
                    later.member_id == mandate.member_id,
                    later.role == mandate.role,
                    or_(
                        later.valid_from > mandate.valid_from,
                        and_(later.valid_from == mandate.valid_from, later.id > mandate.id),
                    ),
                    may_act(later, member, on, act_until_replaced=act_until_replaced),
                )
                # ``member`` and ``mandate`` come from the enclosing statements.
                .correlate_except(later)
            )
        ),
    )


def _consented(contact, on: date) -> ColumnElement[bool]:
    """``convocation_rules.Contact.reachable_on``: an address and a consent recorded by ``on``."""
    return and_(
        contact.email != "",
        contact.econvocation_consent_on.is_not(None),
        contact.econvocation_consent_on <= on,
    )


@functools.lru_cache(maxsize=16)
def reached_by_email(on: date, *, act_until_replaced: bool) -> ColumnElement[bool]:
    """Whether the convocation of ``Member`` (in the enclosing statement) sent on ``on`` goes
    by e-mail: ``convocation_rules.email_recipients`` is not empty (§8 #30, R-LA-4).

    A person: its own address with a consent. A legal person: an acting representative (main
    or alternate) with an address and a consent, or else its own address with a consent.
    The legal persons reached through a representative are one uncorrelated subquery (run
    once per statement, not once per member: PostgreSQL would also estimate a per-row
    subplan so costly that it compiles the statement, JIT, for most of a second).
    Built once per day and option; SQL expressions are immutable, so statements share it.
    """
    return or_(
        _consented(Member, on),
        and_(
            Member.kind != MemberKind.PERSON.value,
            Member.id.in_(_reached_through_representative(on, act_until_replaced)),
        ),
    )


def _reached_through_representative(on: date, act_until_replaced: bool):
    """The legal persons whose acting representative (main or alternate) consented with an
    address."""
    representative, owner = aliased(Mandate), aliased(Member)
    return (
        select(representative.member_id)
        .join(owner, owner.id == representative.member_id)
        .where(
            owner.kind != MemberKind.PERSON.value,
            representative.role.in_(VOTING_ROLES),
            _consented(representative, on),
            acting(representative, owner, on, act_until_replaced=act_until_replaced),
        )
    )


def acting_designations(member_ids, on: date, *, act_until_replaced: bool):
    """The statement of the designations (main, alternate) acting on ``on`` for the legal
    persons among ``member_ids``, each with its member."""
    return (
        select(Mandate)
        .join(Member, Member.id == Mandate.member_id)
        .where(
            Mandate.member_id.in_(member_ids),
            Member.kind != MemberKind.PERSON.value,
            Mandate.role.in_(VOTING_ROLES),
            acting(Mandate, Member, on, act_until_replaced=act_until_replaced),
        )
    )
