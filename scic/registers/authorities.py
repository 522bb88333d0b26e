"""A public body's own view across the cooperatives of the instance (issue: local authorities).

A commune or an EPCI often belongs to several SCICs. Its staff and representatives see, for each
cooperative where their account is linked to the body (the member's own account, or a current
mandate as main or alternate representative): the stake, the vote weight, the representatives,
the outstanding current-account advances (R-LA-2) and the upcoming assemblies. Reads only.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import date, datetime

from sqlalchemy import or_, select

from scic.assemblies.models import Assembly
from scic.capital.models import CurrentAccountAdvance
from scic.cooperatives.models import Cooperative
from scic.core.db import db
from scic.membership.models import Mandate, Member
from scic.registers.participations import PUBLIC_KINDS, Participation, participations_in

#: Assemblies shown as upcoming: convened or in session (never a draft).
_UPCOMING_STATUSES = ("convened", "open")


@dataclass(frozen=True)
class Stake:
    """The body's position in one cooperative."""

    participation: Participation
    advances: tuple[CurrentAccountAdvance, ...]
    upcoming: tuple[Assembly, ...]


@dataclass
class PublicBody:
    """One public body (grouped by SIREN, else by member record) and its stakes."""

    key: str
    name: str
    siren: str
    stakes: list[Stake] = field(default_factory=list)

    @property
    def member_ids(self) -> set[int]:
        return {s.participation.member_id for s in self.stakes}


def linked_member_ids(user, on: date) -> set[int]:
    """Public members the user acts for on ``on``: their own account, or a current mandate."""
    acting = select(Mandate.member_id).where(
        Mandate.user_id == user.id,
        Mandate.role.in_(("main", "alternate")),
        Mandate.valid_from <= on,
        or_(Mandate.valid_to.is_(None), Mandate.valid_to >= on),
    )
    return set(
        db.session.scalars(
            select(Member.id).where(
                Member.kind.in_(sorted(PUBLIC_KINDS)),
                or_(Member.user_id == user.id, Member.id.in_(acting)),
            )
        )
    )


def public_bodies_of(user, *, on: date, now: datetime) -> list[PublicBody]:
    """Return the bodies the user acts for, each with its stake in every linked cooperative."""
    member_ids = linked_member_ids(user, on)
    if not member_ids:
        return []
    cooperative_ids = set(
        db.session.scalars(select(Member.cooperative_id).where(Member.id.in_(member_ids)))
    )
    advances = db.session.scalars(
        select(CurrentAccountAdvance)
        .where(
            CurrentAccountAdvance.member_id.in_(member_ids),
            CurrentAccountAdvance.repaid_on.is_(None),
            CurrentAccountAdvance.converted_on.is_(None),
        )
        .order_by(CurrentAccountAdvance.term_on)
    ).all()
    upcoming = db.session.scalars(
        select(Assembly)
        .where(
            Assembly.cooperative_id.in_(cooperative_ids),
            Assembly.status.in_(_UPCOMING_STATUSES),
            Assembly.starts_at >= now,
        )
        .order_by(Assembly.starts_at)
    ).all()
    bodies: dict[str, PublicBody] = {}
    cooperatives = db.session.scalars(
        select(Cooperative).where(Cooperative.id.in_(cooperative_ids)).order_by(Cooperative.name)
    )
    for cooperative in cooperatives:
        for participation in participations_in(cooperative, on, member_ids=member_ids):
            key = participation.member_siren or f"member-{participation.member_id}"
            body = bodies.setdefault(
                key, PublicBody(key, participation.member_name, participation.member_siren)
            )
            body.stakes.append(
                Stake(
                    participation,
                    tuple(a for a in advances if a.member_id == participation.member_id),
                    tuple(a for a in upcoming if a.cooperative_id == cooperative.id),
                )
            )
    return sorted(bodies.values(), key=lambda b: b.name)
