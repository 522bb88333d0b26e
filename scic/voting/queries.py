"""Read-only queries of the voting package, always scoped by cooperative or resolution."""

from __future__ import annotations

from datetime import date

from sqlalchemy import case, func, select
from sqlalchemy.orm import aliased

from scic.assemblies.models import Assembly, Proxy
from scic.cooperatives.models import Cooperative
from scic.core.db import db
from scic.membership.models import Member, MemberPlacement
from scic.voting.models import Ballot, HandCount, Resolution, SecretParticipation, SecretUrnEntry

#: Member statuses that carry a vote (a withdrawing member is a member until its exit).
VOTING_STATUSES = ("active", "withdrawing")


def college_on(member: Member, day: date) -> int | None:
    """The member's college on a day, from its dated placements (current college otherwise)."""
    placement = db.session.scalar(
        select(MemberPlacement)
        .where(MemberPlacement.member_id == member.id, MemberPlacement.valid_from <= day)
        .order_by(MemberPlacement.valid_from.desc(), MemberPlacement.id.desc())
        .limit(1)
    )
    return placement.college_id if placement is not None else member.college_id


def is_entitled(member: Member, day: date) -> bool:
    """A member votes when admitted on or before the day and not gone (R-CAT-7: one vote)."""
    return (
        member.status in VOTING_STATUSES
        and member.admitted_on is not None
        and member.admitted_on <= day
    )


def entitled_members(cooperative: Cooperative, day: date) -> list[Member]:
    """Members with a vote on a day, in register order."""
    return list(
        db.session.scalars(
            select(Member)
            .where(
                Member.cooperative_id == cooperative.id,
                Member.status.in_(VOTING_STATUSES),
                Member.admitted_on.is_not(None),
                Member.admitted_on <= day,
            )
            .order_by(Member.number)
        )
    )


def entitled_per_college(cooperative: Cooperative, day: date) -> dict[int | None, int]:
    """Count the members with a vote on a day per college, in one grouped query.

    Same semantics as :func:`entitled_members` and :func:`college_on` (the latest placement
    valid on the day, else the member's current college), without one query per member: a
    tally of 100 000 members stays one statement (bench/ measures it).
    """
    # Joined on the id of each member's latest placement (one indexed lookup per member): a
    # window-function subquery is scanned once per member by SQLite (quadratic).
    placement = MemberPlacement.__table__.alias("placement")
    inner = aliased(MemberPlacement)
    latest = (
        select(inner.id)
        .where(inner.member_id == Member.id, inner.valid_from <= day)
        .order_by(inner.valid_from.desc(), inner.id.desc())
        .limit(1)
        .correlate(Member)
        .scalar_subquery()
    )
    college = case((placement.c.id.is_not(None), placement.c.college_id), else_=Member.college_id)
    rows = db.session.execute(
        select(college, func.count(Member.id))
        .select_from(Member)
        .outerjoin(placement, placement.c.id == latest)
        .where(
            Member.cooperative_id == cooperative.id,
            Member.status.in_(VOTING_STATUSES),
            Member.admitted_on.is_not(None),
            Member.admitted_on <= day,
        )
        .group_by(college)
    )
    return {college_id: int(count) for college_id, count in rows}


def ballot_counts(resolution: Resolution) -> list[tuple[int | None, str, int]]:
    """Count a resolution's open ballots per college and choice, in one grouped query."""
    return [
        (college_id, choice, int(count))
        for college_id, choice, count in db.session.execute(
            select(Ballot.college_id, Ballot.choice, func.count(Ballot.id))
            .where(Ballot.resolution_id == resolution.id)
            .group_by(Ballot.college_id, Ballot.choice)
        )
    ]


def resolutions_of(assembly: Assembly) -> list[Resolution]:
    return list(
        db.session.scalars(
            select(Resolution)
            .where(Resolution.assembly_id == assembly.id)
            .order_by(Resolution.number)
        )
    )


def assemblies_with_votes(cooperative: Cooperative) -> list[Assembly]:
    """The cooperative's assemblies, latest first."""
    return list(
        db.session.scalars(
            select(Assembly)
            .where(Assembly.cooperative_id == cooperative.id)
            .order_by(Assembly.starts_at.desc())
        )
    )


def has_voted(resolution: Resolution, member_id: int) -> bool:
    """Whether the member has a ballot (open) or a participation (secret) on the resolution."""
    model = SecretParticipation if resolution.secret else Ballot
    return (
        db.session.scalar(
            select(func.count())
            .select_from(model)
            .where(model.resolution_id == resolution.id, model.member_id == member_id)
        )
        > 0
    )


def voted_pairs(resolutions: list[Resolution], member_ids: list[int]) -> set[tuple[int, int]]:
    """(resolution id, member id) pairs that already have a ballot or a secret participation."""
    pairs: set[tuple[int, int]] = set()
    if not resolutions or not member_ids:
        return pairs
    for model, secret in ((Ballot, False), (SecretParticipation, True)):
        ids = [r.id for r in resolutions if r.secret is secret]
        if ids:
            rows = db.session.execute(
                select(model.resolution_id, model.member_id).where(
                    model.resolution_id.in_(ids), model.member_id.in_(member_ids)
                )
            )
            pairs |= {(resolution_id, member_id) for resolution_id, member_id in rows}
    return pairs


def voted_by_correspondence(assembly: Assembly, member_id: int) -> bool:
    """Whether the member sent a postal vote on any resolution of the assembly (R-AG-8)."""
    for model in (Ballot, SecretParticipation):
        found = db.session.scalar(
            select(func.count())
            .select_from(model)
            .join(Resolution, Resolution.id == model.resolution_id)
            .where(
                Resolution.assembly_id == assembly.id,
                model.member_id == member_id,
                model.channel == "correspondence",
            )
        )
        if found:
            return True
    return False


def correspondence_voters(assembly: Assembly) -> set[int]:
    """Members who voted by correspondence at the assembly (for the attendance sheet)."""
    ids: set[int] = set()
    for model in (Ballot, SecretParticipation):
        ids |= set(
            db.session.scalars(
                select(model.member_id)
                .join(Resolution, Resolution.id == model.resolution_id)
                .where(Resolution.assembly_id == assembly.id, model.channel == "correspondence")
            )
        )
    return ids


def active_proxies(assembly: Assembly) -> list[Proxy]:
    """Proxies of the assembly that were not revoked."""
    return list(
        db.session.scalars(
            select(Proxy)
            .where(Proxy.assembly_id == assembly.id, Proxy.revoked_at.is_(None))
            .order_by(Proxy.id)
        )
    )


def gave_proxy(assembly: Assembly, member_id: int) -> bool:
    return any(p.grantor_id == member_id for p in active_proxies(assembly))


def ballots_of(resolution: Resolution) -> list[Ballot]:
    return list(
        db.session.scalars(
            select(Ballot).where(Ballot.resolution_id == resolution.id).order_by(Ballot.id)
        )
    )


def hand_counts_of(resolution: Resolution) -> list[HandCount]:
    return list(
        db.session.scalars(
            select(HandCount).where(HandCount.resolution_id == resolution.id).order_by(HandCount.id)
        )
    )


def participations_of(resolution: Resolution) -> list[SecretParticipation]:
    return list(
        db.session.scalars(
            select(SecretParticipation)
            .where(SecretParticipation.resolution_id == resolution.id)
            .order_by(SecretParticipation.member_id)
        )
    )


def urn_of(resolution: Resolution) -> list[SecretUrnEntry]:
    return list(
        db.session.scalars(
            select(SecretUrnEntry)
            .where(SecretUrnEntry.resolution_id == resolution.id)
            .order_by(SecretUrnEntry.id)
        )
    )
