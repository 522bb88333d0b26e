"""Who votes at an assembly and how each voter is convened, as SQL (one place for each rule).

``active_on`` says who has voting rights on a day (DOMAIN §8 #32); ``by_letter`` who is
convened by letter (§8 #30, R-LA-4, §8 #24). The convocation page counts and pages with them
(one statement per figure or page, whatever the membership: issue 18), the sending e-mails the
other voters, the PDF prints the letters and the import of registered-letter numbers matches
the members they select. ``scic.assemblies.queries`` re-exports every name.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date

from sqlalchemy import and_, case, func, not_, or_, select
from sqlalchemy.sql.elements import ColumnElement

from scic.assemblies import rules
from scic.assemblies.models import Assembly, ConvocationRecord
from scic.core.db import db
from scic.membership import queries as membership_queries
from scic.membership import reach_sql
from scic.membership.models import Member

#: Statuses that end a membership even when no exit date was recorded.
GONE_STATUSES = ("excluded", "struck_off", "deceased", "exited")


def assembly_day(assembly: Assembly) -> date:
    """The assembly's date at the registered office (Paris time)."""
    return assembly.starts_at.astimezone(rules.PARIS).date()


def active_on(cooperative_id: int, day: date) -> tuple:
    """The conditions of a member admitted on or before ``day`` who had not left by then."""
    return (
        Member.cooperative_id == cooperative_id,
        Member.admitted_on.is_not(None),
        Member.admitted_on <= day,
        or_(Member.exited_on.is_(None), Member.exited_on > day),
        not_(and_(Member.exited_on.is_(None), Member.status.in_(GONE_STATUSES))),
    )


def by_letter(assembly: Assembly, on: date) -> ColumnElement[bool]:
    """The one rule of who is convened by letter on ``on``: nobody of theirs consented to
    e-mail with an address (§8 #30; a legal person's acting representatives, R-LA-4, §8 #24).

    A condition on ``Member``: the page counts and pages with it, the sending e-mails the
    others, the PDF prints and the import of letter numbers matches those it selects
    (``membership.reach_sql``; the e-mails themselves, ``email_recipients``, agree with it).
    """
    sem_option = membership_queries.act_until_replaced(assembly.cooperative)
    return not_(reach_sql.reached_by_email(on, act_until_replaced=sem_option))


def _voters_where(assembly: Assembly) -> tuple:
    return active_on(assembly.cooperative_id, assembly_day(assembly))


def _record_of_member(assembly: Assembly):
    return and_(
        ConvocationRecord.assembly_id == assembly.id, ConvocationRecord.member_id == Member.id
    )


def email_recipients(members: list[Member], on: date) -> dict[int, list]:
    """Per member id, the e-mails of its convocation sent on ``on`` (empty list: by letter).

    A person: its own address with a recorded consent (§8 #30). A legal person: its acting
    representatives who consented, with a copy to its own address (no voting link);
    ``membership.convocation_rules.email_recipients``.
    """
    return membership_queries.convocation_recipients_of(members, on)


def to_email(assembly: Assembly, on: date) -> list[Member]:
    """Voters not convened yet whose convocation goes by e-mail on ``on`` (``by_letter``)."""
    return list(
        db.session.scalars(
            select(Member)
            .where(
                *_voters_where(assembly),
                not_(by_letter(assembly, on)),
                ~select(ConvocationRecord.id).where(_record_of_member(assembly)).exists(),
            )
            .order_by(Member.sort_name, Member.number)
        )
    )


def letters_not_recorded(assembly: Assembly, on: date) -> list[Member]:
    """Voters convened by letter on ``on`` (``by_letter``) whose letter is not recorded yet,
    in the order of the page's list (by name): "record every letter not yet recorded"."""
    return list(
        db.session.scalars(
            select(Member)
            .where(
                *_voters_where(assembly),
                by_letter(assembly, on),
                ~select(ConvocationRecord.id).where(_record_of_member(assembly)).exists(),
            )
            .order_by(Member.sort_name, Member.number)
        )
    )


def paper_recipients(
    assembly: Assembly, on: date, *, numbers: list[int] | None = None
) -> list[Member]:
    """Voters convened by letter on ``on`` (``by_letter``), by name; ``numbers``: only those
    with these register numbers (an import of letter numbers names a few)."""
    statement = select(Member).where(*_voters_where(assembly), by_letter(assembly, on))
    if numbers is not None:
        statement = statement.where(Member.number.in_(numbers))
    return list(db.session.scalars(statement.order_by(Member.sort_name, Member.number)))


@dataclass(frozen=True)
class ConvocationCounts:
    """The convocation page's figures, counted in SQL (one statement)."""

    voters: int
    by_letter: int
    convened: int

    @property
    def by_email(self) -> int:
        return self.voters - self.by_letter


def convocation_counts(assembly: Assembly, on: date) -> ConvocationCounts:
    """Voters, those convened by letter on ``on`` and those with a convocation recorded."""
    row = db.session.execute(
        select(
            func.count(Member.id),
            func.coalesce(func.sum(case((by_letter(assembly, on), 1), else_=0)), 0),
            func.count(ConvocationRecord.id),
        )
        .select_from(Member)
        .outerjoin(ConvocationRecord, _record_of_member(assembly))
        .where(*_voters_where(assembly))
    ).one()
    return ConvocationCounts(int(row[0]), int(row[1]), int(row[2]))


def letters_rows(
    assembly: Assembly, on: date, offset: int, limit: int
) -> list[tuple[Member, ConvocationRecord | None]]:
    """One page of the voters convened by letter, by name, each with its recorded letter."""
    return [
        (member, record)
        for member, record in db.session.execute(
            select(Member, ConvocationRecord)
            .outerjoin(ConvocationRecord, _record_of_member(assembly))
            .where(*_voters_where(assembly), by_letter(assembly, on))
            .order_by(Member.sort_name, Member.number)
            .offset(offset)
            .limit(limit)
        )
    ]


def convened_rows(
    assembly: Assembly, offset: int, limit: int
) -> list[tuple[Member, ConvocationRecord]]:
    """One page of the voters with a recorded convocation, by name, each with its record."""
    return [
        (member, record)
        for member, record in db.session.execute(
            select(Member, ConvocationRecord)
            .join(ConvocationRecord, _record_of_member(assembly))
            .where(*_voters_where(assembly))
            .order_by(Member.sort_name, Member.number)
            .offset(offset)
            .limit(limit)
        )
    ]
