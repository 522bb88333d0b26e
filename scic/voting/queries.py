"""Read-only queries of the voting package, always scoped by cooperative or resolution."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date, datetime
from functools import cache

from sqlalchemy import bindparam, case, func, select
from sqlalchemy.orm import aliased, contains_eager, joinedload

from scic.assemblies import queries as assembly_queries
from scic.assemblies.models import Assembly, Proxy
from scic.cooperatives.models import Cooperative
from scic.core.db import db
from scic.membership.models import Member, MemberPlacement
from scic.membership.rules import VOTING_STATUSES
from scic.voting.models import (
    Ballot,
    HandCount,
    HandCountCorrection,
    Resolution,
    SecretParticipation,
)


def college_on(member: Member, day: date) -> int | None:
    """The member's college on a day, from its dated placements (current college otherwise)."""
    placement = db.session.execute(
        _COLLEGE_ON, {"member": member.id, "day": day}
    ).first()  # a row, so that a placement without a college is told from no placement
    return _college_of(placement is not None, placement.college_id if placement else None, member)


def _college_of(placed: bool, placed_college_id: int | None, member: Member) -> int | None:
    """What :func:`college_on` answers from its latest placement (or its absence)."""
    return placed_college_id if placed else member.college_id


def _latest_placement(member, day):
    """The member's latest placement valid on the day: :func:`college_on`'s statement, also a
    correlated subquery of :func:`posted_ballot` (``member`` a bind or ``Member.id``)."""
    return (
        select(MemberPlacement.college_id)
        .where(MemberPlacement.member_id == member, MemberPlacement.valid_from <= day)
        .order_by(MemberPlacement.valid_from.desc(), MemberPlacement.id.desc())
        .limit(1)
    )


#: Built once: it runs on every vote.
_COLLEGE_ON = _latest_placement(bindparam("member"), bindparam("day"))


@dataclass(frozen=True)
class CollegeOnDay:
    """A member's college on a day, as :func:`college_on` says, read ahead with other rows."""

    member_id: int
    day: date
    college_id: int | None


@dataclass(frozen=True)
class PostedBallot:
    """What a ballot POST names, read in one statement: the resolution (its assembly loaded),
    the member, and that member's college on ``day`` (None when no member was found)."""

    resolution: Resolution | None
    member: Member | None
    college: CollegeOnDay | None


def posted_ballot(resolution_id: int, member_id: int | None, day: date) -> PostedBallot:
    """The resolution with its assembly, the member and its college on ``day``, in one
    statement instead of three round trips (docs/performance.md).

    ``day`` is the caller's guess of the assembly's day (the vote's day): the Paris date of
    the assembly's start is not computed in SQL, so a vote on another day (postal votes in
    advance) has its college asked again by ``cast_ballot``, which compares the days. The
    member is not filtered by cooperative: the callers refuse another cooperative's member.
    """
    if member_id is None:
        resolution = db.session.get(
            Resolution, resolution_id, options=[joinedload(Resolution.assembly)]
        )
        return PostedBallot(resolution, None, None)
    row = db.session.execute(
        _posted_ballot_statement(), {"resolution": resolution_id, "member": member_id, "day": day}
    ).first()
    if row is None:
        return PostedBallot(None, None, None)
    resolution, member, placement_id, placed_college_id = row
    if member is None:
        return PostedBallot(resolution, None, None)
    college = _college_of(placement_id is not None, placed_college_id, member)
    return PostedBallot(resolution, member, CollegeOnDay(member.id, day, college))


@cache
def _posted_ballot_statement():
    """Built once: it runs on every vote."""
    latest = _latest_placement(Member.id, bindparam("day"))
    return (
        select(
            Resolution,
            Member,
            latest.with_only_columns(MemberPlacement.id).scalar_subquery(),
            latest.scalar_subquery(),
        )
        .join(Resolution.assembly)
        .outerjoin(Member, Member.id == bindparam("member"))
        .where(Resolution.id == bindparam("resolution"))
        .options(contains_eager(Resolution.assembly))
    )


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
    """Count the members with a vote on a day per college, in two grouped queries.

    Same semantics as :func:`entitled_members` and :func:`college_on` (the latest placement
    valid on the day, else the member's current college), without one query per member. The
    placement services keep ``Member.college_id`` equal to the college of the latest placement
    (admission, change of category), so a member's college on the day is its current college
    unless it has a placement dated after the day: the members are counted by current college
    from a covering index, then only those placed since the day are counted again by their
    college on the day (docs/performance.md; tests compare both with ``college_on``).
    """
    # "admitted_on <= day" excludes NULL already; an explicit IS NOT NULL made SQLite leave
    # the covering index for a worse one.
    entitled = (
        Member.cooperative_id == cooperative.id,
        Member.status.in_(VOTING_STATUSES),
        Member.admitted_on <= day,
    )
    counts: dict[int | None, int] = {
        college_id: int(count)
        for college_id, count in db.session.execute(
            select(Member.college_id, func.count()).where(*entitled).group_by(Member.college_id)
        )
    }
    # The members placed since the day, from the placements' date index; each joined to its
    # member row by key (PostgreSQL scanned every member for an IN).
    later = (
        select(MemberPlacement.member_id)
        .where(MemberPlacement.valid_from > day)
        .distinct()
        .subquery()
    )
    # Their college on the day: lookups on the placements' member index, a few per moved
    # member (joining the placements made PostgreSQL hash the whole table, and a window
    # function is scanned once per member by SQLite: quadratic). LIMIT 1 keeps PostgreSQL from
    # hashing the placement test over the whole table too.
    inner = aliased(MemberPlacement)

    def latest(column):
        return (
            select(column)
            .where(inner.member_id == Member.id, inner.valid_from <= day)
            .order_by(inner.valid_from.desc(), inner.id.desc())
            .limit(1)
            .correlate(Member)
            .scalar_subquery()
        )

    then = case((latest(inner.id).is_not(None), latest(inner.college_id)), else_=Member.college_id)
    rows = (
        select(Member.college_id.label("now"), then.label("on_day"))
        .select_from(later)
        .join(Member, Member.id == later.c.member_id)
        .where(*entitled)
        .subquery()
    )
    moved = db.session.execute(
        select(rows.c.now, rows.c.on_day, func.count()).group_by(rows.c.now, rows.c.on_day)
    )
    for now, on_day, count in moved:
        counts[now] -= count
        counts[on_day] = counts.get(on_day, 0) + count
    return {college_id: count for college_id, count in counts.items() if count}


def ballot_counts(resolution_ids: list[int]) -> dict[int, list[tuple[int | None, str, int]]]:
    """Count open ballots per resolution, college and choice, in one grouped query.

    Served by the covering index ``(resolution_id, college_id, choice)``: the table is not read.
    """
    counts: dict[int, list[tuple[int | None, str, int]]] = {}
    if not resolution_ids:
        return counts
    rows = db.session.execute(
        select(Ballot.resolution_id, Ballot.college_id, Ballot.choice, func.count())
        .where(Ballot.resolution_id.in_(resolution_ids))
        .group_by(Ballot.resolution_id, Ballot.college_id, Ballot.choice)
    )
    for resolution_id, college_id, choice, count in rows:
        counts.setdefault(resolution_id, []).append((college_id, choice, int(count)))
    return counts


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


@dataclass(frozen=True)
class BallotState:
    """What a new ballot's rules need to know now: the vote's status and the voter's earlier
    acts at the assembly."""

    status: str
    already_voted: bool
    voted_by_correspondence: bool
    gave_proxy: bool
    #: The assembly's signature time: its minutes are signed (no change any more).
    assembly_locked_at: datetime | None
    #: The member's mode on the attendance sheet as corrected (None: no line).
    presence: str | None = None

    @classmethod
    def from_row(cls, row) -> BallotState:
        """From the values of :func:`ballot_state_columns`, in their order."""
        status, voted, postal, proxy, locked_at, presence = row
        return cls(status, bool(voted), bool(postal), bool(proxy), locked_at, presence)


@cache
def ballot_state_columns(secret: bool) -> tuple:
    """The resolution's status, the member's ballot (or secret participation) on it, postal vote
    at the assembly (R-AG-8), proxy given (R-AG-7), its line on the attendance sheet (R-AG-13)
    and the assembly's signature, as the columns of one statement (bound: ``resolution``,
    ``assembly``, ``member``): it runs under the lock that serialises the cooperative's votes,
    so it is kept short (``voting.services.ballots``). Built once per kind of ballot: building
    it cost as much as running it, on every vote."""
    resolution, assembly, member = (
        bindparam("resolution"),
        bindparam("assembly"),
        bindparam("member"),
    )
    voted = SecretParticipation if secret else Ballot
    postal = [
        select(model.id)
        .join(Resolution, Resolution.id == model.resolution_id)
        .where(
            Resolution.assembly_id == assembly,
            model.member_id == member,
            model.channel == "correspondence",
        )
        .exists()
        for model in (Ballot, SecretParticipation)
    ]
    return (
        select(Resolution.status).where(Resolution.id == resolution).scalar_subquery(),
        select(voted.id)
        .where(voted.resolution_id == resolution, voted.member_id == member)
        .exists(),
        postal[0] | postal[1],
        select(Proxy.id)
        .where(
            Proxy.assembly_id == assembly, Proxy.grantor_id == member, Proxy.revoked_at.is_(None)
        )
        .exists(),
        select(Assembly.locked_at).where(Assembly.id == assembly).scalar_subquery(),
        assembly_queries.current_mode(assembly, member),
    )


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


def session_voters(assembly: Assembly) -> dict[int, str]:
    """Members who voted themselves in the session, with how: ``in_person`` or ``remote``.

    A member who voted through its link or its account takes part in the assembly (R-AG-11),
    even when nobody recorded it on the attendance sheet. Proxy holders' votes are the grantors'
    (represented, from the proxies) and postal forms are :func:`correspondence_voters`.
    """
    voters: dict[int, str] = {}
    for model in (Ballot, SecretParticipation):
        rows = db.session.execute(
            select(model.member_id, model.channel)
            .join(Resolution, Resolution.id == model.resolution_id)
            .where(
                Resolution.assembly_id == assembly.id,
                model.channel.in_(("in_person", "remote")),
            )
            .distinct()
        )
        for member_id, channel in rows:
            # Seen in the room once is enough to be present.
            if voters.get(member_id) != "in_person":
                voters[member_id] = channel
    return voters


def colleges_on(member_ids: frozenset[int] | set[int], day: date) -> dict[int, int | None]:
    """Each member's college on a day, as :func:`college_on` says, in two queries.

    The current college holds unless a placement dated after the day exists: those members
    (few) are looked up one by one.
    """
    if not member_ids:
        return {}
    ids = sorted(member_ids)
    rows = db.session.execute(select(Member.id, Member.college_id).where(Member.id.in_(ids)))
    colleges: dict[int, int | None] = {row[0]: row[1] for row in rows}
    moved = db.session.scalars(
        select(MemberPlacement.member_id)
        .where(MemberPlacement.member_id.in_(ids), MemberPlacement.valid_from > day)
        .distinct()
    )
    for member_id in moved:
        colleges[member_id] = college_on(db.session.get(Member, member_id), day)
    return colleges


def active_proxies(assembly: Assembly, *, held_by: list[int] | None = None) -> list[Proxy]:
    """Proxies of the assembly that were not revoked; only those ``held_by`` these members when
    given (a voter's page looks up its own, not every proxy of the assembly)."""
    query = select(Proxy).where(Proxy.assembly_id == assembly.id, Proxy.revoked_at.is_(None))
    if held_by is not None:
        query = query.where(Proxy.holder_id.in_(held_by))
    return list(db.session.scalars(query.order_by(Proxy.id)))


def participant_count(resolution: Resolution) -> int:
    """How many members have a ballot (or a secret participation) on the resolution."""
    model = SecretParticipation if resolution.secret else Ballot
    return db.session.scalar(
        select(func.count(model.id)).where(model.resolution_id == resolution.id)
    )


def participants(resolution: Resolution, offset: int, limit: int) -> list:
    """One page of the resolution's ballots (open, in the order they were cast) or
    participations (secret: no choice, by member), each with its member."""
    model = SecretParticipation if resolution.secret else Ballot
    return list(
        db.session.scalars(
            select(model)
            .where(model.resolution_id == resolution.id)
            .options(joinedload(model.member))
            .order_by(model.member_id if resolution.secret else model.id)
            .offset(offset)
            .limit(limit)
        )
    )


@dataclass(frozen=True)
class CurrentHandCount:
    """A college's show-of-hands counts as they stand: the count, or its latest correction."""

    id: int
    resolution_id: int
    college_id: int | None
    votes_for: int
    votes_against: int
    votes_abstain: int
    #: How many correcting entries the count has had (R-AG-13).
    corrections: int = 0


def hand_counts(resolution_ids: list[int]) -> dict[int, list[CurrentHandCount]]:
    """The hand counts of several resolutions as corrected, in two queries, by resolution.

    A count is never updated: its latest correcting entry (highest id) holds the figures.
    """
    counts: dict[int, list[CurrentHandCount]] = {}
    if not resolution_ids:
        return counts
    latest: dict[int, HandCountCorrection] = {}
    seen: dict[int, int] = {}
    for correction in db.session.scalars(
        select(HandCountCorrection)
        .where(HandCountCorrection.resolution_id.in_(resolution_ids))
        .order_by(HandCountCorrection.id)
    ):
        latest[correction.hand_count_id] = correction
        seen[correction.hand_count_id] = seen.get(correction.hand_count_id, 0) + 1
    rows = db.session.scalars(
        select(HandCount).where(HandCount.resolution_id.in_(resolution_ids)).order_by(HandCount.id)
    )
    for hand in rows:
        figures = latest.get(hand.id, hand)
        counts.setdefault(hand.resolution_id, []).append(
            CurrentHandCount(
                hand.id,
                hand.resolution_id,
                hand.college_id,
                figures.votes_for,
                figures.votes_against,
                figures.votes_abstain,
                seen.get(hand.id, 0),
            )
        )
    return counts


def participations_of(resolution: Resolution) -> list[SecretParticipation]:
    return list(
        db.session.scalars(
            select(SecretParticipation)
            .where(SecretParticipation.resolution_id == resolution.id)
            .order_by(SecretParticipation.member_id)
        )
    )
