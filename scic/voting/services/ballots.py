"""Casting ballots (signed in, by link, in the room) and show-of-hands counts."""

from __future__ import annotations

import secrets
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from datetime import datetime
from functools import cache

from sqlalchemy import select
from sqlalchemy.exc import IntegrityError

from scic.assemblies.rules import PresenceMode
from scic.assemblies.services import ensure_editable, refuse_if_locked
from scic.cooperatives.models import College, Cooperative
from scic.core import audit, records
from scic.core.audit import AuditEntry
from scic.core.db import batched_inserts, db, lock_row
from scic.core.violations import RuleViolation, Violation
from scic.membership.models import Member
from scic.voting import ballot_rules, eligibility, queries, rules, urn
from scic.voting.models import Ballot, HandCount, Resolution, SecretParticipation
from scic.voting.rules import BallotSituation, Channel, Choice, ResolutionStatus
from scic.voting.services.capacities import (
    Capacity,
    capacity_for_user,
    voters_for_token,
)
from scic.voting.services.resolutions import assembly_day, paris_day


def _receipt() -> str:
    return rules.new_receipt(secrets.randbits(80))


# --- Casting ------------------------------------------------------------------------------------


@dataclass(frozen=True)
class Receipt:
    """What the voter is shown once: the receipt code and what it confirms."""

    code: str
    resolution_id: int
    member_id: int
    secret: bool
    channel: str
    choice: str | None
    cast_at: datetime
    #: The keyed hash of an open ballot's chain entry (None for a secret ballot: it is chained
    #: only at closing, in a shuffled order). E-mailed, it is a copy outside the server that
    #: ``scic verify SLUG --receipt CODE`` and any later chain must still contain.
    chain_hash: str | None = None


def cast_ballot(
    resolution: Resolution,
    member: Member,
    choice: Choice | str,
    *,
    now: datetime,
    by=None,
    token_member: Member | None = None,
    secretary: bool = False,
    channel: Channel | str | None = None,
    received_at: datetime | None = None,
    cast_by_name: str = "",
    capacities: list[Capacity] | None = None,
    college: queries.CollegeOnDay | None = None,
) -> Receipt:
    """Record one member's ballot: in the room, remotely, by correspondence or under a proxy.

    Rules: one ballot per member and resolution (a unique constraint, R-AG-7/R-AG-8 on voting
    again: ``rules.check_ballot``), the representative's mandate and the local authority's
    enforceable deliberation (R-LA-5), the postal deadline (R-AG-8), the grantor's college for a
    proxy (R-AG-7). ``secretary`` records a choice given in the room or on a paper form; otherwise
    ``by`` (a signed-in user) or ``token_member`` (a convocation link) must act for ``member``;
    ``capacities`` are theirs when the caller has computed them already (the vote page has);
    ``college`` is the member's college read with it (``queries.posted_ballot``), used when it
    is of this member on the assembly's day (otherwise asked here). Nothing is written when a
    rule refuses.
    """
    choice = Choice(choice)
    assembly = resolution.assembly
    vote_day = paris_day(now)
    day = assembly_day(assembly)
    status = ResolutionStatus(resolution.status)

    capacity: Capacity | None
    if secretary:
        channel = Channel(channel or Channel.IN_PERSON)
        if channel not in (Channel.IN_PERSON, Channel.CORRESPONDENCE):
            raise RuleViolation(Violation("vote_bad_channel", params={"channel": str(channel)}))
        # R-AG-13: a legal person acts through the designation the secretary names (a former
        # representative is named too, and refused by the rule, never silently accepted).
        mandate = (
            eligibility.mandate_named(member, cast_by_name, vote_day)
            if member.kind != "person"
            else None
        )
        capacity = Capacity(
            member=member,
            person=mandate.full_name if mandate else (cast_by_name.strip() or member.display_name),
            mandate=mandate,
        )
    else:
        if capacities is not None:
            candidates = capacities
        elif token_member is not None:
            candidates = voters_for_token(token_member, assembly, vote_day)
        else:
            candidates = []
        capacity = next((c for c in candidates if c.member.id == member.id), None)
        if capacities is None and token_member is None and by is not None:
            # The user's own member, a designation (a replaced or ended one too, so that the
            # rule says why: §8 #24), or a proxy.
            capacity = capacity_for_user(by, member, assembly, vote_day)
        if capacity is not None and capacity.proxy:
            channel = Channel.PROXY_NAMED
        elif status is ResolutionStatus.DRAFT:
            channel = Channel.CORRESPONDENCE
        else:
            channel = Channel.REMOTE
    channel = Channel(channel)

    # Facts that do not move during a vote (entitlement, college, mandates, deliberation) are
    # read first; from lock_row to the commit the voting state is read and written serialised
    # ("has already voted", the ballot chain). Callers cast in reads_first views.
    same_cooperative = member.cooperative_id == resolution.cooperative_id
    entitled = queries.is_entitled(member, day)
    college_id = (
        college.college_id
        if college is not None and (college.member_id, college.day) == (member.id, day)
        else queries.college_on(member, day)
    )
    acting = capacity is not None and same_cooperative

    # ensure_editable in two halves: the signature is read with the voting state, under the
    # lock (the vote may have closed, the minutes been signed, since the page was shown).
    state = _lock_and_read_state(resolution, member.id)
    refuse_if_locked(state.assembly_locked_at)
    situation = BallotSituation(
        channel=channel,
        same_cooperative=same_cooperative,
        entitled=entitled,
        already_voted=state.already_voted,
        acts_for_voter=capacity is not None,
        remote_allowed=assembly.remote_mode != "none",
        voted_by_correspondence=state.voted_by_correspondence,
        gave_proxy=state.gave_proxy,
    )
    violations = rules.check_ballot(situation)
    if acting:
        # R-AG-13 on every channel: the same check as before the ballot was shown.
        violations += eligibility.check_voter(
            resolution,
            member,
            channel,
            at=received_at or now if channel is Channel.CORRESPONDENCE else now,
            mandate=capacity.mandate,
            electronic=not secretary,
            main_has_voted=state.already_voted,
            status=ResolutionStatus(state.status),
            entered_at=now,
            presence=PresenceMode(state.presence) if state.presence else None,
        )
    if violations:
        raise RuleViolation(violations)
    return _record(
        resolution,
        member,
        choice,
        channel=channel,
        by=by,
        person=capacity.person,
        now=now,
        college_id=college_id,
    )


@contextmanager
def _one_ballot_per_member() -> Iterator[None]:
    """The unique constraint on a member's ballot (or participation) as the rule's refusal.

    No savepoint: the caller holds the cooperative's lock and has checked "already voted" under
    it, so the constraint is a last line that only a bug would reach; the request is then
    rolled back as a whole (RuleViolation).
    """
    try:
        yield
    except IntegrityError:
        raise RuleViolation(Violation("already_voted")) from None


@contextmanager
def ballot_writes() -> Iterator[None]:
    """Around :func:`cast_ballot` and the queueing of its receipt: their INSERTs are sent as one
    statement at the end (``db.batched_inserts``), where PostgreSQL then checks the unique
    ballot; a second one is refused as inside ``cast_ballot``."""
    with _one_ballot_per_member(), batched_inserts():
        yield


def _lock_and_read_state(resolution: Resolution, member_id: int) -> queries.BallotState:
    """Lock the cooperative (its votes are serialised from here to the commit), then read in
    one statement the voting state and the heads of the chains the ballot extends (its ballot
    chain, unless secret, and the audit log): three round trips fewer (docs/performance.md).

    Not in the locking statement itself: PostgreSQL evaluates a statement on the snapshot it
    started with, before a FOR UPDATE waited for another vote's commit; the state and heads it
    would read are those before that vote (a forked chain, a second ballot let through).
    """
    cooperative_id = resolution.assembly.cooperative_id
    lock_row(Cooperative, cooperative_id, reuse_plans=True)
    row = db.session.execute(
        _state_statement(resolution.secret, db.session.get_bind().dialect.name),
        {
            "resolution": resolution.id,
            "assembly": resolution.assembly_id,
            "member": member_id,
            "cooperative_id": cooperative_id,
        },
    ).one()
    state_columns = len(queries.ballot_state_columns(resolution.secret))
    heads = row[state_columns:]
    for index, model in enumerate(_chains(resolution.secret)):
        records.use_heads(model, cooperative_id, heads[2 * index], heads[2 * index + 1])
    return queries.BallotState.from_row(row[:state_columns])


def _chains(secret: bool) -> tuple:
    """The chains a ballot extends: its ballot chain (an open ballot) and the audit log."""
    return (AuditEntry,) if secret else (Ballot, AuditEntry)


@cache
def _state_statement(secret: bool, dialect: str):
    heads = [column for model in _chains(secret) for column in records.head_columns(model, dialect)]
    return select(*queries.ballot_state_columns(secret), *heads)


def _record(
    resolution: Resolution,
    member: Member,
    choice: Choice,
    *,
    channel: Channel,
    by,
    person: str,
    now: datetime,
    college_id: int | None,
) -> Receipt:
    """Insert the ballot (open) or the sealed box and the participation (secret)."""
    code = _receipt()
    with _one_ballot_per_member():
        if resolution.secret:
            # The choice is sealed to the urn's key first (refused if the tellers have not set
            # it up); the participation says who voted, and nothing links the two rows.
            urn.seal_ballot(
                resolution,
                college_id=college_id,
                choice=choice.value,
                receipt_code=rules.normalise_receipt(code),
            )
            db.session.add(
                SecretParticipation(
                    cooperative_id=resolution.cooperative_id,
                    resolution_id=resolution.id,
                    member_id=member.id,
                    college_id=college_id,
                    channel=channel.value,
                    cast_by_user_id=getattr(by, "id", None),
                    cast_by_name=person,
                    cast_at=now,
                )
            )
            db.session.flush()
        else:
            ballot = Ballot(
                cooperative_id=resolution.cooperative_id,
                resolution_id=resolution.id,
                member_id=member.id,
                college_id=college_id,
                choice=choice.value,
                channel=channel.value,
                cast_by_user_id=getattr(by, "id", None),
                cast_by_name=person,
                receipt_hash=rules.receipt_hash(code),
                cast_at=now,
            )
            ballot.seal()
            chain_hash = ballot.hash
    data: dict[str, object] = {"member_id": member.id, "channel": channel.value}
    if not resolution.secret:
        data["choice"] = choice.value  # a secret choice never enters the audit log
    audit.record("ballot.cast", resolution, by=by, data=data, now=now)
    return Receipt(
        code=code,
        resolution_id=resolution.id,
        member_id=member.id,
        secret=resolution.secret,
        channel=channel.value,
        choice=None if resolution.secret else choice.value,
        cast_at=now,
        chain_hash=None if resolution.secret else chain_hash,
    )


def record_hand_count(
    resolution: Resolution,
    college: College | None,
    *,
    votes_for: int,
    votes_against: int,
    votes_abstain: int = 0,
    by=None,
    now: datetime,
) -> HandCount:
    """Record a college's counts on a show of hands (open ballots only, while the vote is open).

    Refused: a secret ballot, a closed or unopened vote, a college of another cooperative, a
    second count for the same college, more hands than the college's members taking part
    (present, deemed present or represented: R-AG-13).
    """
    ensure_editable(resolution.assembly)
    lock_row(Cooperative, resolution.cooperative_id)
    violations = ballot_rules.check_hand_count_entry(
        secret=resolution.secret, status=resolution.status, correcting=False
    )
    if college is not None and college.cooperative_id != resolution.cooperative_id:
        raise RuleViolation(Violation("vote_other_cooperative"))
    college_id = college.id if college else None
    if db.session.scalar(
        select(HandCount.id).where(
            HandCount.resolution_id == resolution.id, HandCount.college_id == college_id
        )
    ):
        violations.append(Violation("hand_count_already_recorded"))
    counts = (votes_for, votes_against, votes_abstain)
    # R-AG-13: never more hands than the college's members taking part in the session.
    violations += eligibility.check_hand_count_participants(resolution.assembly, college_id, counts)
    if violations:
        raise RuleViolation(violations)
    row = HandCount(
        cooperative_id=resolution.cooperative_id,
        resolution_id=resolution.id,
        college_id=college_id,
        votes_for=votes_for,
        votes_against=votes_against,
        votes_abstain=votes_abstain,
        recorded_by_id=getattr(by, "id", None),
        recorded_at=now,
    )
    try:
        with db.session.begin_nested():
            row.seal()
    except IntegrityError:
        raise RuleViolation(Violation("hand_count_already_recorded")) from None
    audit.record(
        "hand_count.record",
        resolution,
        by=by,
        now=now,
        data={
            "college_id": college_id,
            "for": votes_for,
            "against": votes_against,
            "abstain": votes_abstain,
        },
    )
    return row
