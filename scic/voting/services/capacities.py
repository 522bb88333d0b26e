"""Who votes for whom: a member's own vote, mandates of legal persons and proxies (R-AG-7)."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date, datetime

from sqlalchemy import select

from scic.assemblies.models import Assembly
from scic.core.db import db
from scic.core.violations import Violation
from scic.membership import queries as membership_queries
from scic.membership.models import Mandate, Member
from scic.membership.rules import RepresentativeRole
from scic.voting import eligibility, queries
from scic.voting.models import Resolution
from scic.voting.rules import Channel, ResolutionStatus

# --- Who may vote for whom ----------------------------------------------------------------------


@dataclass(frozen=True)
class Capacity:
    """Someone's right to cast a member's ballot: as the member, its representative or proxy."""

    member: Member
    person: str
    proxy: bool = False
    mandate: Mandate | None = None


def current_mandate(member: Member, on: date) -> Mandate | None:
    """The member's acting main representative, or its alternate when there is no main."""
    current = current_mandates(member, on)
    return current.get(RepresentativeRole.MAIN) or current.get(RepresentativeRole.ALTERNATE)


def current_mandates(member: Member, on: date) -> dict[RepresentativeRole, Mandate]:
    """The designations acting on a day, per role (R-LA-5, §8 #24: the SEM option included)."""
    return membership_queries.acting_mandates(member, on)


def _with_proxies(assembly: Assembly, own: list[Capacity]) -> list[Capacity]:
    """``own`` capacities (one per member, first wins), then the proxies their members hold."""
    result: dict[int, Capacity] = {}
    for capacity in own:
        result.setdefault(capacity.member.id, capacity)
    holders = {c.member.id: c.person for c in result.values()}
    for proxy in queries.active_proxies(assembly, held_by=list(holders)):
        capacity = Capacity(member=proxy.grantor, person=holders[proxy.holder_id], proxy=True)
        result.setdefault(proxy.grantor_id, capacity)
    return list(result.values())


def _acting_for(user, members: list[Member], on: date) -> list[Capacity]:
    """The members among ``members`` the user represents on ``on`` (one rule, §8 #24)."""
    sem_option = membership_queries.act_until_replaced(members[0].cooperative) if members else False
    acting = membership_queries.acting_mandates_of(
        {m: m.mandates for m in members}, on, sem_option=sem_option
    )
    out = []
    for member in members:
        for role in (RepresentativeRole.MAIN, RepresentativeRole.ALTERNATE):
            mandate = acting[member.id].get(role)
            if mandate is not None and mandate.user_id == user.id:
                out.append(Capacity(member=member, person=mandate.full_name, mandate=mandate))
                break
    return out


def voters_for_user(user, assembly: Assembly, on: date) -> list[Capacity]:
    """Members the signed-in user may vote for: its own, those it represents, its proxies."""
    own: list[Capacity] = [
        Capacity(member=m, person=user.display_name)
        for m in db.session.scalars(
            select(Member).where(
                Member.user_id == user.id, Member.cooperative_id == assembly.cooperative_id
            )
        )
    ]
    represented = list(
        db.session.scalars(
            select(Member)
            .where(
                Member.cooperative_id == assembly.cooperative_id,
                Member.id.in_(
                    select(Mandate.member_id).where(
                        Mandate.user_id == user.id,
                        Mandate.role.in_(membership_queries.VOTING_ROLES),
                    )
                ),
            )
            .order_by(Member.number)
        )
    )
    own += _acting_for(user, represented, on)
    return _with_proxies(assembly, own)


def capacity_for_user(user, member: Member, assembly: Assembly, on: date) -> Capacity | None:
    """``member``'s entry in :func:`voters_for_user`, or None.

    The vote POST needs this one entry: for the user's own member, or one it represents, it is
    found from the member's row without listing them all; a proxy goes through the full list.
    """
    if member.cooperative_id == assembly.cooperative_id:
        if member.user_id == user.id:
            return Capacity(member=member, person=user.display_name)
        mine = [
            m
            for m in member.mandates
            if m.user_id == user.id and m.role in membership_queries.VOTING_ROLES
        ]
        if mine:
            found = _acting_for(user, [member], on)
            if found:
                return found[0]
            # Not acting (replaced, ended, term over): the ballot rule says why, in words.
            latest = max(mine, key=lambda m: (m.valid_from, m.id))
            return Capacity(member=member, person=latest.full_name, mandate=latest)
    return next((c for c in voters_for_user(user, assembly, on) if c.member.id == member.id), None)


def voters_for_token(
    member: Member, assembly: Assembly, on: date, mandate_id: int | None = None
) -> list[Capacity]:
    """Members a convocation link's holder may vote for: the member itself and its proxies.

    An organisation or a local authority votes through its acting representative; a
    representative's own link (``mandate_id``) votes under that designation, which the rule
    refuses, with its reason, once it no longer acts (R-LA-5, §8 #24).
    """
    if member.kind == "person":
        own = Capacity(member=member, person=member.display_name)
    else:
        named = next((m for m in member.mandates if m.id == mandate_id), None)
        mandate = named if mandate_id is not None else current_mandate(member, on)
        own = Capacity(
            member=member, person=mandate.full_name if mandate else member.name, mandate=mandate
        )
    return _with_proxies(assembly, [own])


def pending_ballots(
    assembly: Assembly,
    capacities: list[Capacity],
    *,
    now: datetime | None = None,
    refusals: list[Violation] | None = None,
) -> list[tuple[Resolution, list[Capacity]]]:
    """Resolutions someone may still vote on now, each with the members not yet voted for.

    Open votes, and drafts while the assembly is convened (advance postal votes, R-AG-8). Given
    ``now``, a member R-AG-13 refuses on that channel (no current designation, deliberation not
    enforceable, outside the advance window…) is left out before any ballot is shown, and the
    reasons are added to ``refusals`` when given.
    """
    result = []
    accepting = [
        r
        for r in queries.resolutions_of(assembly)
        if r.status == ResolutionStatus.OPEN
        or (r.status == ResolutionStatus.DRAFT and assembly.status == "convened")
    ]
    # Two statements for every resolution and voter, not one per pair (the vote page and every
    # cast ballot call this: docs/performance.md).
    voted = queries.voted_pairs(accepting, [c.member.id for c in capacities])
    checked: dict[tuple[int, str], bool] = {}
    for resolution in accepting:
        voters = [c for c in capacities if (resolution.id, c.member.id) not in voted]
        if now is not None:
            voters = [c for c in voters if _may_vote(resolution, c, now, checked, refusals)]
        if voters:
            result.append((resolution, voters))
    return result


def _may_vote(
    resolution: Resolution,
    capacity: Capacity,
    now: datetime,
    checked: dict[tuple[int, str], bool],
    refusals: list[Violation] | None,
) -> bool:
    """R-AG-13 for one capacity, once per member and kind of resolution (open or draft)."""
    key = (capacity.member.id, resolution.status)
    if key not in checked:
        if capacity.proxy:
            channel = Channel.PROXY_NAMED
        elif resolution.status == ResolutionStatus.DRAFT:
            channel = Channel.CORRESPONDENCE
        else:
            channel = Channel.REMOTE
        found = eligibility.check_voter(
            resolution, capacity.member, channel, at=now, mandate=capacity.mandate
        )
        if refusals is not None:
            refusals.extend(
                Violation(v.code, v.rule, v.params, v.subject or capacity.member.display_name)
                for v in found
            )
        checked[key] = not found
    return checked[key]
