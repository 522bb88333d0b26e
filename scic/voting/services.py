"""Use cases of voting: resolutions, casting ballots, show-of-hands counts, closing, results.

Services load what the rules need, call ``scic.voting.rules`` (and the assembly and membership
rules), raise ``RuleViolation``, write the audit entry and flush; the view or the command commits.
Capital is never read here: it is never a weighting criterion (R-COL-5).
"""

from __future__ import annotations

import random
import secrets
import uuid
from collections.abc import Callable
from dataclasses import dataclass, field
from datetime import date, datetime
from fractions import Fraction

from flask import current_app
from itsdangerous import BadSignature, URLSafeSerializer
from sqlalchemy import delete, func, select, text
from sqlalchemy.exc import IntegrityError

from scic.assemblies.models import AgendaItem, Assembly
from scic.assemblies.queries import CORRESPONDENCE_VOTERS_PROVIDERS
from scic.assemblies.rules import (
    PARIS,
    blank_proxy_choice,
    check_resolution_on_agenda,
    is_correspondence_on_time,
    resolution_majority,
)
from scic.assemblies.services import (
    SECOND_CALL_HOOKS,
    ensure_editable,
    lock_for_change,
    make_voting_token,
    refuse_if_locked,
)
from scic.assemblies.services import read_voting_token as read_token_ids
from scic.cooperatives.models import College, Cooperative
from scic.cooperatives.services import statutes_of
from scic.core import audit
from scic.core.db import db, lock_row
from scic.core.violations import RuleViolation, Violation
from scic.membership.models import Deliberation, Mandate, Member
from scic.membership.rules import Mandate as MandateRule
from scic.membership.rules import RepresentativeRole, check_can_act, current_representatives
from scic.voting import queries, rules
from scic.voting.models import (
    Ballot,
    HandCount,
    Outcome,
    Resolution,
    SecretBallot,
    SecretParticipation,
    SecretUrnEntry,
)
from scic.voting.rules import (
    BallotSituation,
    Channel,
    Choice,
    CollegeCount,
    CollegeWeight,
    Majority,
    Method,
    ResolutionStatus,
    TallyRules,
)
from scic.voting.tally_format import TallyCollege, TallyFile, TallyResolution, tally_to_json

#: Called when an exclusion resolution is adopted (R-EXCL-1), with keyword arguments
#: ``cooperative_id``, ``member_id``, ``resolution_id``, ``decided_on`` (date) and ``by``.
#: The capital package registers the ledger effect (cancelling the shares) from upstream.
EXCLUSION_ADOPTED_HOOKS: list[Callable[..., None]] = []

RESOLUTION_KINDS = ("ordinary", "extraordinary", "exclusion")
VERIFY_SALT = "scic.verify"
#: Assembly statuses during which a convocation's voting link works.
TOKEN_STATUSES = ("draft", "convened", "open")


# --- Small helpers ------------------------------------------------------------------------------


def assembly_day(assembly: Assembly) -> date:
    """The assembly's legal date (Paris time): the weights and memberships of that day count."""
    return assembly.starts_at.astimezone(PARIS).date()


def paris_day(now: datetime) -> date:
    return now.astimezone(PARIS).date()


def tally_rules(cooperative: Cooperative) -> TallyRules:
    """The counting settings of the statutes; headcount when the cooperative has no colleges."""
    settings = statutes_of(cooperative).voting
    method = Method(settings.method.value) if cooperative.colleges else Method.HEADCOUNT
    return TallyRules(
        method,
        rules.AbstentionRule(settings.abstentions.value),
        rules.SilentCollegeRule(settings.silent_college.value),
    )


def statutory_majority(cooperative: Cooperative, kind: str) -> Majority:
    """The majority the statutes set for a kind of resolution (§5, §8 #10; R-EXCL-1)."""
    setting = resolution_majority(kind, statutes_of(cooperative).assemblies)
    return rules.majority_of(str(getattr(setting, "value", setting)))


def majority_of_resolution(resolution: Resolution) -> Majority:
    return Majority.parse(resolution.majority)


def _receipt() -> str:
    return rules.new_receipt(secrets.randbits(80))


# --- Resolutions --------------------------------------------------------------------------------


def create_resolution(
    assembly: Assembly,
    *,
    title: str,
    text: str = "",
    kind: str = "ordinary",
    proposed_by: str = "board",
    board_approved: bool = True,
    secret: bool = False,
    agenda_item: AgendaItem | None = None,
    excluded_member: Member | None = None,
    number: int | None = None,
    by=None,
) -> Resolution:
    """Draft a resolution; its majority comes from the statutes for its kind (§5; R-EXCL-1).

    Refused: an assembly whose minutes are signed, an agenda item of another assembly, a
    resolution without an agenda item when the assembly has an agenda (R-AG-5), an exclusion
    without the member concerned.
    """
    ensure_editable(assembly)
    violations: list[Violation] = []
    if kind not in RESOLUTION_KINDS:
        violations.append(Violation("resolution_unknown_kind", params={"kind": kind}))
    if agenda_item is not None and agenda_item.assembly_id != assembly.id:
        violations.append(Violation("resolution_agenda_other_assembly"))
    if assembly.agenda_items:
        violations += check_resolution_on_agenda(agenda_item is not None)
    if kind == "exclusion":
        if excluded_member is None:
            violations.append(Violation("exclusion_needs_member", rule="R-EXCL-1"))
        elif excluded_member.cooperative_id != assembly.cooperative_id:
            violations.append(Violation("vote_other_cooperative"))
    if violations:
        raise RuleViolation(violations)
    if number is None:
        number = (
            db.session.scalar(
                select(func.max(Resolution.number)).where(Resolution.assembly_id == assembly.id)
            )
            or 0
        ) + 1
    elif db.session.scalar(
        select(Resolution.id).where(
            Resolution.assembly_id == assembly.id, Resolution.number == number
        )
    ):
        raise RuleViolation(Violation("resolution_number_taken", params={"number": number}))
    majority = statutory_majority(assembly.cooperative, kind)
    resolution = Resolution(
        cooperative_id=assembly.cooperative_id,
        assembly_id=assembly.id,
        agenda_item_id=agenda_item.id if agenda_item else None,
        number=number,
        title=title.strip(),
        text=text.strip(),
        kind=kind,
        majority=majority.to_json(),
        proposed_by=proposed_by,
        board_approved=board_approved,
        secret=secret,
        excluded_member_id=excluded_member.id if excluded_member else None,
        status=ResolutionStatus.DRAFT.value,
    )
    db.session.add(resolution)
    db.session.flush()
    audit.record(
        "resolution.create",
        resolution,
        by=by,
        data={"number": number, "kind": kind, "secret": secret, "majority": resolution.majority},
    )
    return resolution


def open_vote(resolution: Resolution, *, by=None, now: datetime) -> Resolution:
    """Open the vote on a resolution; the session must be open (§6.7 step 4)."""
    assembly = resolution.assembly
    ensure_editable(assembly)
    if resolution.status != ResolutionStatus.DRAFT:
        raise RuleViolation(Violation("vote_already_opened"))
    if assembly.status != "open":
        raise RuleViolation(Violation("session_not_open"))
    resolution.status = ResolutionStatus.OPEN.value
    resolution.opened_at = now
    db.session.flush()
    audit.record("resolution.open", resolution, by=by, now=now)
    return resolution


# --- Who may vote for whom ----------------------------------------------------------------------


@dataclass(frozen=True)
class Capacity:
    """Someone's right to cast a member's ballot: as the member, its representative or proxy."""

    member: Member
    person: str
    proxy: bool = False
    mandate: Mandate | None = None


def _rule_mandate(mandate: Mandate) -> MandateRule:
    return MandateRule(
        name=mandate.full_name,
        role=RepresentativeRole(mandate.role),
        valid_from=mandate.valid_from,
        valid_to=mandate.valid_to,
        person_id=mandate.id,
    )


def current_mandate(member: Member, on: date) -> Mandate | None:
    """The member's current main representative, or its alternate when there is no main."""
    current = current_mandates(member, on)
    return current.get(RepresentativeRole.MAIN) or current.get(RepresentativeRole.ALTERNATE)


def current_mandates(member: Member, on: date) -> dict[RepresentativeRole, Mandate]:
    """The designations in force on a day, per role (the latest one wins, R-LA-5)."""
    chosen = current_representatives([_rule_mandate(m) for m in member.mandates], on)
    by_id = {m.id: m for m in member.mandates}
    return {role: by_id[m.person_id] for role, m in chosen.items()}


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


#: Designations that let their holder vote for the member (the alternate too, R-LA-5).
_VOTING_ROLES = ("main", "alternate")


def _represents(mandate: Mandate, user, on: date) -> bool:
    return mandate.user_id == user.id and mandate.role in _VOTING_ROLES and mandate.is_valid_on(on)


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
    for mandate in db.session.scalars(
        select(Mandate)
        .where(
            Mandate.user_id == user.id,
            Mandate.cooperative_id == assembly.cooperative_id,
            Mandate.role.in_(_VOTING_ROLES),
        )
        .order_by(Mandate.valid_from, Mandate.id)  # as Member.mandates: the same one wins
    ):
        if _represents(mandate, user, on):
            own.append(Capacity(member=mandate.member, person=mandate.full_name, mandate=mandate))
    return _with_proxies(assembly, own)


def capacity_for_user(user, member: Member, assembly: Assembly, on: date) -> Capacity | None:
    """``member``'s entry in :func:`voters_for_user`, or None.

    The vote POST needs this one entry: for the user's own member, or one it represents, it is
    found from the member's row without listing them all; a proxy goes through the full list.
    """
    if member.cooperative_id == assembly.cooperative_id:
        if member.user_id == user.id:
            return Capacity(member=member, person=user.display_name)
        for mandate in member.mandates:
            if _represents(mandate, user, on):
                return Capacity(member=member, person=mandate.full_name, mandate=mandate)
    return next((c for c in voters_for_user(user, assembly, on) if c.member.id == member.id), None)


def voters_for_token(member: Member, assembly: Assembly, on: date) -> list[Capacity]:
    """Members a convocation link's holder may vote for: the member itself and its proxies.

    An organisation or a local authority votes through its current representative.
    """
    if member.kind == "person":
        own = Capacity(member=member, person=member.display_name)
    else:
        mandate = current_mandate(member, on)
        own = Capacity(
            member=member, person=mandate.full_name if mandate else member.name, mandate=mandate
        )
    return _with_proxies(assembly, [own])


def pending_ballots(
    assembly: Assembly, capacities: list[Capacity]
) -> list[tuple[Resolution, list[Capacity]]]:
    """Resolutions someone may still vote on now, each with the members not yet voted for.

    Open votes, and drafts while the assembly is convened (advance postal votes, R-AG-8).
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
    for resolution in accepting:
        voters = [c for c in capacities if (resolution.id, c.member.id) not in voted]
        if voters:
            result.append((resolution, voters))
    return result


def _deliberation_executory_on(member: Member, mandate: Mandate | None) -> date | None:
    """The executory date of the deliberation behind a local authority's representative."""
    deliberation: Deliberation | None = mandate.deliberation if mandate else None
    if deliberation is None:
        candidates = [
            d for d in member.deliberations if d.purpose in ("representative", "membership")
        ]
        candidates.sort(key=lambda d: (d.purpose == "representative", d.adopted_on))
        deliberation = candidates[-1] if candidates else None
    return deliberation.executory_on if deliberation else None


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
) -> Receipt:
    """Record one member's ballot: in the room, remotely, by correspondence or under a proxy.

    Rules: one ballot per member and resolution (a unique constraint, R-AG-7/R-AG-8 on voting
    again: ``rules.check_ballot``), the representative's mandate and the local authority's
    enforceable deliberation (R-LA-5), the postal deadline (R-AG-8), the grantor's college for a
    proxy (R-AG-7). ``secretary`` records a choice given in the room or on a paper form; otherwise
    ``by`` (a signed-in user) or ``token_member`` (a convocation link) must act for ``member``;
    ``capacities`` are theirs when the caller has computed them already (the vote page has).
    Nothing is written when a rule refuses.
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
        mandate = current_mandate(member, vote_day) if member.kind != "person" else None
        capacity = Capacity(
            member=member,
            person=cast_by_name.strip() or (mandate.full_name if mandate else member.display_name),
            mandate=mandate,
        )
    else:
        if capacities is not None:
            candidates = capacities
        elif token_member is not None:
            candidates = voters_for_token(token_member, assembly, vote_day)
        elif by is not None:
            candidates = voters_for_user(by, assembly, vote_day)
        else:
            candidates = []
        capacity = next((c for c in candidates if c.member.id == member.id), None)
        if capacity is not None and capacity.proxy:
            channel = Channel.PROXY_NAMED
        elif status is ResolutionStatus.DRAFT:
            channel = Channel.CORRESPONDENCE
        else:
            channel = Channel.REMOTE
    channel = Channel(channel)
    on_time = True
    if channel is Channel.CORRESPONDENCE:
        on_time = is_correspondence_on_time(
            received_at or now,
            assembly.starts_at,
            statutes_of(assembly.cooperative).assemblies.correspondence_deadline_days,
            electronic=not secretary,
        )

    # Facts that do not move during a vote (entitlement, college, mandates, deliberation) are
    # read first; from lock_row to the commit the voting state is read and written serialised
    # ("has already voted", the ballot chain). Callers cast in reads_first views.
    same_cooperative = member.cooperative_id == resolution.cooperative_id
    entitled = queries.is_entitled(member, day)
    college_id = queries.college_on(member, day)
    acting = capacity is not None and same_cooperative
    checks_mandate = acting and capacity.mandate is not None and not secretary
    mandates = [_rule_mandate(m) for m in member.mandates] if checks_mandate else []
    executory_on = (
        _deliberation_executory_on(member, capacity.mandate)
        if acting and member.is_local_authority
        else None
    )

    # ensure_editable in two halves: the signature is read with the voting state, under the
    # lock (the vote may have closed, the minutes been signed, since the page was shown).
    lock_for_change(assembly)
    state = queries.ballot_state(resolution, member.id)
    refuse_if_locked(state.assembly_locked_at)
    situation = BallotSituation(
        status=ResolutionStatus(state.status),
        channel=channel,
        same_cooperative=same_cooperative,
        entitled=entitled,
        already_voted=state.already_voted,
        acts_for_voter=capacity is not None,
        remote_allowed=assembly.remote_mode != "none",
        voted_by_correspondence=state.voted_by_correspondence,
        gave_proxy=state.gave_proxy,
        correspondence_on_time=on_time,
    )
    violations = rules.check_ballot(situation)
    if checks_mandate:
        violations += check_can_act(
            _rule_mandate(capacity.mandate), mandates, vote_day, main_has_voted=state.already_voted
        )
    if acting:
        violations += rules.check_local_authority_vote(
            executory_on, vote_day, is_local_authority=member.is_local_authority
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
    """Insert the ballot (open) or the participation and the urn entry (secret)."""
    code = _receipt()
    # No savepoint: the caller holds the cooperative's lock and has checked "already voted"
    # under it, so the unique constraint is a last line that only a bug would reach; the
    # request is then rolled back as a whole (RuleViolation).
    try:
        if resolution.secret:
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
            db.session.add(
                SecretUrnEntry(
                    id=uuid.uuid4().hex,
                    resolution_id=resolution.id,
                    college_id=college_id,
                    choice=choice.value,
                    receipt_code=rules.normalise_receipt(code),
                )
            )
            db.session.flush()
        else:
            Ballot(
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
            ).seal()
    except IntegrityError:
        raise RuleViolation(Violation("already_voted")) from None
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
    second count for the same college, more hands than members entitled in the college.
    """
    ensure_editable(resolution.assembly)
    lock_row(Cooperative, resolution.cooperative_id)
    violations: list[Violation] = []
    if resolution.secret:
        violations.append(Violation("hand_count_secret", rule="R-TAL-3"))
    if resolution.status != ResolutionStatus.OPEN:
        violations.append(
            Violation("vote_closed" if resolution.status == "closed" else "vote_not_open")
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
    if any(c < 0 for c in counts):
        violations.append(Violation("hand_count_negative"))
    day = assembly_day(resolution.assembly)
    entitled = queries.entitled_per_college(resolution.assembly.cooperative, day).get(college_id, 0)
    if sum(counts) > entitled:
        violations.append(
            Violation("hand_count_too_many", params={"count": sum(counts), "entitled": entitled})
        )
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


# --- Counting -----------------------------------------------------------------------------------


@dataclass
class CollegeLine:
    """One college's line in a result: counts, weight and contribution (R-TAL-1)."""

    code: str | None
    name: str
    weight: Fraction | None  # percent
    entitled: int = 0
    voted: int = 0
    for_: int = 0
    against: int = 0
    abstain: int = 0
    silent: bool = True
    effective_weight: Fraction = Fraction(0)
    for_share: Fraction = Fraction(0)
    against_share: Fraction = Fraction(0)


@dataclass
class Snapshot:
    """A resolution's result, live or frozen."""

    rules: TallyRules
    majority: Majority
    weights_on: date
    colleges: list[CollegeLine] = field(default_factory=list)
    share_for: Fraction | None = None
    adopted: bool = False
    small_colleges: list[str] = field(default_factory=list)
    choices_hidden: bool = False

    @property
    def entitled(self) -> int:
        return sum(c.entitled for c in self.colleges)

    @property
    def voted(self) -> int:
        return sum(c.voted for c in self.colleges)


def snapshot(resolution: Resolution) -> Snapshot:
    """Count a resolution now (a closed one is read back from its frozen Outcome).

    While a secret ballot is open its choices are not counted on screen: a running count next to
    the list of who just voted would reveal each vote (R-TAL-3); only participation is shown.
    """
    return snapshots([resolution])[0]


def snapshots(resolutions: list[Resolution]) -> list[Snapshot]:
    """Count several resolutions at once, in order, as :func:`snapshot` counts each.

    Grouped queries, never one per member or ballot, and shared work: the entitled members per
    college are counted once per cooperative and day (the same for every resolution of an
    assembly) and the statutes' tally rules read once per cooperative, open ballots and hand
    counts in one grouped query each for all the resolutions (docs/performance.md).
    """
    live = [r for r in resolutions if r.outcome is None]
    ballots = queries.ballot_counts([r.id for r in live if not r.secret])
    hands = queries.hand_counts([r.id for r in live])
    entitled: dict[tuple[int, date], dict[int | None, int]] = {}
    rules_of: dict[int, TallyRules] = {}
    counted = []
    for resolution in resolutions:
        if resolution.outcome is not None:
            counted.append(snapshot_of_outcome(resolution.outcome))
            continue
        cooperative = resolution.assembly.cooperative
        day = assembly_day(resolution.assembly)
        if (cooperative.id, day) not in entitled:
            entitled[cooperative.id, day] = queries.entitled_per_college(cooperative, day)
        if cooperative.id not in rules_of:  # reading the statutes validates them: not cheap
            rules_of[cooperative.id] = tally_rules(cooperative)
        counted.append(
            _count(
                resolution,
                day,
                rules_of[cooperative.id],
                entitled[cooperative.id, day],
                ballots.get(resolution.id, []),
                hands.get(resolution.id, []),
            )
        )
    return counted


def _count(
    resolution: Resolution,
    day: date,
    tally: TallyRules,
    entitled: dict[int | None, int],
    ballots: list[tuple[int | None, str, int]],
    hands: list[HandCount],
) -> Snapshot:
    """One live resolution's snapshot from its grouped counts (see :func:`snapshots`)."""
    cooperative = resolution.assembly.cooperative
    majority = majority_of_resolution(resolution)
    lines: dict[int | None, CollegeLine] = {}
    for college in cooperative.colleges:
        weight = college.weight_on(day)
        if weight is None and college.weights:
            weight = college.weights[0].weight
        lines[college.id] = CollegeLine(college.code, college.name, weight)
    if not lines:
        lines[None] = CollegeLine(None, "", None)

    def line(college_id: int | None) -> CollegeLine:
        if college_id not in lines:  # a member without a college in a cooperative with some
            lines[college_id] = CollegeLine(None, "", None)
        return lines[college_id]

    for college_id, count in entitled.items():
        line(college_id).entitled += count

    per_college: dict[int | None, dict[str, int]] = {}
    if resolution.secret:
        for participation in queries.participations_of(resolution):
            line(participation.college_id).voted += 1
        if resolution.status == ResolutionStatus.CLOSED:
            sealed = db.session.scalars(
                select(SecretBallot).where(SecretBallot.resolution_id == resolution.id)
            )
            for row in sealed:
                totals = per_college.setdefault(row.college_id, {})
                totals[row.choice] = totals.get(row.choice, 0) + 1
    else:
        for college_id, choice, count in ballots:
            line(college_id).voted += count
            totals = per_college.setdefault(college_id, {})
            totals[choice] = totals.get(choice, 0) + count
    for college_id, totals in per_college.items():
        count = rules.choice_count_from_totals(None, totals)
        target = line(college_id)
        target.for_ += count.for_
        target.against += count.against
        target.abstain += count.abstain
    for hand in hands:
        target = line(hand.college_id)
        target.voted += hand.votes_for + hand.votes_against + hand.votes_abstain
        target.for_ += hand.votes_for
        target.against += hand.votes_against
        target.abstain += hand.votes_abstain

    snap = Snapshot(rules=tally, majority=majority, weights_on=day, colleges=list(lines.values()))
    snap.choices_hidden = resolution.secret and resolution.status != ResolutionStatus.CLOSED
    if resolution.secret:
        snap.small_colleges = rules.small_secret_colleges(
            {c.code or "": c.voted for c in snap.colleges}
        )
    if not snap.choices_hidden:
        _apply_tally(snap, resolution)
    return snap


def _counts_of(snap: Snapshot) -> list[CollegeCount]:
    headcount = snap.rules.method is Method.HEADCOUNT
    return [
        CollegeCount.of(
            None if headcount else c.code, for_=c.for_, against=c.against, abstain=c.abstain
        )
        for c in snap.colleges
        if c.for_ or c.against or c.abstain
    ]


def _weights_of(snap: Snapshot) -> list[CollegeWeight]:
    return [
        CollegeWeight.from_percent(c.code, c.weight)
        for c in snap.colleges
        if c.code is not None and c.weight is not None
    ]


def _apply_tally(snap: Snapshot, resolution: Resolution) -> None:
    result = rules.compute_tally(
        _weights_of(snap), _counts_of(snap), snap.rules, snap.majority, f"R{resolution.number}"
    )
    snap.share_for = result.share_for
    snap.adopted = result.adopted
    parts = {c.code: c for c in result.colleges}
    for line in snap.colleges:
        part = parts.get(line.code)
        line.silent = part.silent if part else not (line.for_ or line.against or line.abstain)
        if part:
            line.effective_weight = part.effective_weight
            line.for_share = part.for_
            line.against_share = part.against


def snapshot_of_outcome(outcome: Outcome) -> Snapshot:
    """Rebuild the displayed result from the frozen Outcome, never from today's statutes."""
    rules_data = outcome.rules
    snap = Snapshot(
        rules=TallyRules(
            Method(rules_data["method"]),
            rules.AbstentionRule(rules_data["abstentions"]),
            rules.SilentCollegeRule(rules_data["silent_college"]),
        ),
        majority=Majority.parse(outcome.majority),
        weights_on=outcome.weights_on,
        share_for=outcome.share_for,
        adopted=outcome.adopted,
        small_colleges=list(outcome.small_colleges or []),
    )
    for item in outcome.colleges:
        snap.colleges.append(
            CollegeLine(
                code=item["code"],
                name=item["name"],
                weight=None if item["weight"] is None else Fraction(item["weight"]),
                entitled=item["entitled"],
                voted=item["voted"],
                for_=item["for"],
                against=item["against"],
                abstain=item["abstain"],
                silent=item["silent"],
                effective_weight=Fraction(item["effective_weight"]),
                for_share=Fraction(item["for_share"]),
                against_share=Fraction(item["against_share"]),
            )
        )
    return snap


# --- Closing ------------------------------------------------------------------------------------


def close_vote(resolution: Resolution, *, by=None, now: datetime) -> Outcome:
    """Close the vote: cast the chair's blank proxies, seal secret ballots, freeze the result.

    Rules: R-AG-7 (blank proxies: for what the board approved, against the rest), R-TAL-3 (secret
    ballots chained in a random order, no voter, no time), R-TAL-1/R-TAL-4 (the exact result is
    frozen with its weights and rules), R-EXCL-1 (an adopted exclusion calls the hooks).
    """
    assembly = resolution.assembly
    ensure_editable(assembly)
    if resolution.status != ResolutionStatus.OPEN:
        closed = resolution.status == ResolutionStatus.CLOSED
        raise RuleViolation(Violation("vote_closed") if closed else Violation("vote_not_open"))
    lock_row(Cooperative, resolution.cooperative_id)
    day = assembly_day(assembly)
    chair = assembly.chair_name or "chair"
    choice = Choice(blank_proxy_choice(resolution.board_approved))
    for proxy in queries.active_proxies(assembly):
        grantor: Member = proxy.grantor
        if proxy.holder_id is not None or not queries.is_entitled(grantor, day):
            continue
        if queries.has_voted(resolution, grantor.id):
            continue
        _record(
            resolution,
            grantor,
            choice,
            channel=Channel.PROXY_BLANK,
            by=by,
            person=chair,
            now=now,
            college_id=queries.college_on(grantor, day),
        )
    if resolution.secret:
        _seal_secret_ballots(resolution)
    resolution.status = ResolutionStatus.CLOSED.value
    resolution.closed_at = now
    db.session.flush()
    snap = snapshot(resolution)
    outcome = Outcome(
        cooperative_id=resolution.cooperative_id,
        resolution_id=resolution.id,
        weights_on=snap.weights_on,
        rules={
            "method": snap.rules.method.value,
            "abstentions": snap.rules.abstentions.value,
            "silent_college": snap.rules.silent_college.value,
        },
        majority=snap.majority.to_json(),
        colleges=[
            {
                "code": c.code,
                "name": c.name,
                "weight": None if c.weight is None else str(c.weight),
                "entitled": c.entitled,
                "voted": c.voted,
                "for": c.for_,
                "against": c.against,
                "abstain": c.abstain,
                "silent": c.silent,
                "effective_weight": str(c.effective_weight),
                "for_share": str(c.for_share),
                "against_share": str(c.against_share),
            }
            for c in snap.colleges
        ],
        share_for=snap.share_for,
        adopted=snap.adopted,
        threshold=snap.majority.threshold,
        small_colleges=snap.small_colleges,
        computed_at=now,
    )
    outcome.seal()
    db.session.refresh(resolution, ["outcome"])
    audit.record(
        "resolution.close",
        resolution,
        by=by,
        now=now,
        data={"adopted": snap.adopted, "share_for": snap.share_for},
    )
    if resolution.kind == "exclusion" and snap.adopted and resolution.excluded_member_id:
        for hook in EXCLUSION_ADOPTED_HOOKS:
            hook(
                cooperative_id=resolution.cooperative_id,
                member_id=resolution.excluded_member_id,
                resolution_id=resolution.id,
                decided_on=paris_day(now),
                by=by,
            )
    return outcome


def _seal_secret_ballots(resolution: Resolution) -> None:
    """Move the urn into chained SecretBallot rows, in the order of fresh random keys.

    The new keys are drawn, sorted and inserted in that order, so the table's physical order,
    its keys and its hash chain follow a random permutation; the urn rows are deleted.
    """
    entries = queries.urn_of(resolution)
    rng = random.SystemRandom()
    keys = sorted(uuid.UUID(int=rng.getrandbits(128)).hex for _ in entries)
    rng.shuffle(entries)
    for key, entry in zip(keys, entries, strict=True):
        SecretBallot(
            id=key,
            cooperative_id=resolution.cooperative_id,
            resolution_id=resolution.id,
            college_id=entry.college_id,
            choice=entry.choice,
            receipt_code=entry.receipt_code,
        ).seal()
    if db.session.get_bind().dialect.name == "sqlite":
        # Overwrite the deleted urn rows on disk instead of leaving them in free pages.
        db.session.execute(text("PRAGMA secure_delete=ON"))
    db.session.execute(delete(SecretUrnEntry).where(SecretUrnEntry.resolution_id == resolution.id))
    db.session.flush()


# --- Receipts and verification ------------------------------------------------------------------


@dataclass(frozen=True)
class ReceiptCheck:
    """What a receipt code proves: the ballot is in the count of this resolution."""

    resolution: Resolution
    secret: bool
    choice: str | None
    channel: str | None


def verify_receipt(assembly: Assembly, code: str) -> ReceiptCheck | None:
    """Find the ballot of a receipt code in an assembly (never the voter of a secret one)."""
    normal = rules.normalise_receipt(code)
    if len(normal) != 16:
        return None
    for resolution in queries.resolutions_of(assembly):
        if resolution.secret:
            found = db.session.scalar(
                select(func.count())
                .select_from(SecretBallot)
                .where(
                    SecretBallot.resolution_id == resolution.id, SecretBallot.receipt_code == normal
                )
            ) or db.session.scalar(
                select(func.count())
                .select_from(SecretUrnEntry)
                .where(
                    SecretUrnEntry.resolution_id == resolution.id,
                    SecretUrnEntry.receipt_code == normal,
                )
            )
            if found:
                return ReceiptCheck(resolution, True, None, None)
        else:
            ballot = db.session.scalar(
                select(Ballot).where(
                    Ballot.resolution_id == resolution.id,
                    Ballot.receipt_hash == rules.receipt_hash(normal),
                )
            )
            if ballot is not None:
                return ReceiptCheck(resolution, False, ballot.choice, ballot.channel)
    return None


def published_receipts(resolution: Resolution) -> list[str]:
    """A closed secret ballot's receipt codes, sorted, never with a choice (R-TAL-3)."""
    if not resolution.secret or resolution.status != ResolutionStatus.CLOSED:
        return []
    codes = db.session.scalars(
        select(SecretBallot.receipt_code).where(SecretBallot.resolution_id == resolution.id)
    )
    return sorted(rules.format_receipt(c) for c in codes)


def _serializer(salt: str) -> URLSafeSerializer:
    return URLSafeSerializer(current_app.config["SECRET_KEY"], salt=salt)


def read_voting_token(token: str) -> tuple[Assembly, Member] | None:
    """Return the assembly and member of a valid convocation link: right signature (the
    assemblies package signs it), same cooperative, and an assembly whose votes are not over."""
    ids = read_token_ids(token)
    if ids is None:
        return None
    assembly = db.session.get(Assembly, ids[0])
    member = db.session.get(Member, ids[1])
    if assembly is None or member is None or member.cooperative_id != assembly.cooperative_id:
        return None
    if assembly.status not in TOKEN_STATUSES or assembly.is_locked:
        return None
    return assembly, member


def make_verification_token(assembly: Assembly) -> str:
    """The token of an assembly's public receipt-verification page (unguessable, unlike ids)."""
    return _serializer(VERIFY_SALT).dumps({"a": assembly.id})


def read_verification_token(token: str) -> Assembly | None:
    try:
        data = _serializer(VERIFY_SALT).loads(token)
    except BadSignature:
        return None
    if not isinstance(data, dict) or not isinstance(data.get("a"), int):
        return None
    return db.session.get(Assembly, data["a"])


# --- Export (R-TAL-4) ---------------------------------------------------------------------------


def export_tally(assembly: Assembly) -> TallyFile:
    """The scic-tally/1 file of an assembly's closed resolutions: per-college counts only.

    Refused when nothing is closed yet or when resolutions were counted with different colleges
    or rules (a single file has one set of both).
    """
    closed = [r for r in queries.resolutions_of(assembly) if r.outcome is not None]
    if not closed:
        raise RuleViolation(Violation("export_nothing_closed"))
    first = closed[0].outcome
    headcount = first.rules["method"] == Method.HEADCOUNT.value
    colleges_of = lambda o: [(c["code"], c["weight"]) for c in o.colleges]  # noqa: E731
    if any(
        r.outcome.rules != first.rules or colleges_of(r.outcome) != colleges_of(first)
        for r in closed
    ):
        raise RuleViolation(Violation("export_mixed_rules"))
    colleges = tuple(
        TallyCollege(c["code"], Fraction(c["weight"]) / 100, c["name"] or None)
        for c in first.colleges
        if c["code"] is not None and c["weight"] is not None
    )
    resolutions = []
    for resolution in closed:
        ballots = tuple(
            CollegeCount(None if headcount else c["code"], c["for"], c["against"], c["abstain"])
            for c in resolution.outcome.colleges
            if c["for"] or c["against"] or c["abstain"]
        )
        resolutions.append(
            TallyResolution(
                id=f"R{resolution.number}",
                ballots=ballots,
                majority=Majority.parse(resolution.outcome.majority),
                title=resolution.title,
            )
        )
    return TallyFile(
        colleges=colleges,
        rules=TallyRules(
            Method(first.rules["method"]),
            rules.AbstentionRule(first.rules["abstentions"]),
            rules.SilentCollegeRule(first.rules["silent_college"]),
        ),
        resolutions=tuple(resolutions),
        cooperative=assembly.cooperative.name,
    )


def export_tally_json(assembly: Assembly) -> dict[str, object]:
    return tally_to_json(export_tally(assembly))


# --- Hooks for the assemblies package -----------------------------------------------------------


def copy_resolutions(first: Assembly, second: Assembly, *, by=None) -> list[Resolution]:
    """Second call (same agenda): draft the first call's resolutions again for the second."""
    copies = []
    items = {item.position: item for item in second.agenda_items}
    for resolution in queries.resolutions_of(first):
        item = None
        if resolution.agenda_item is not None:
            item = items.get(resolution.agenda_item.position)
        copies.append(
            create_resolution(
                second,
                title=resolution.title,
                text=resolution.text,
                kind=resolution.kind,
                proposed_by=resolution.proposed_by,
                board_approved=resolution.board_approved,
                secret=resolution.secret,
                agenda_item=item,
                excluded_member=resolution.excluded_member,
                number=resolution.number,
                by=by,
            )
        )
    return copies


def _copy_for_second_call(first: Assembly, second: Assembly) -> None:
    copy_resolutions(first, second)


def _correspondence_voters(assembly: Assembly) -> set[int]:
    return queries.correspondence_voters(assembly)


if _copy_for_second_call not in SECOND_CALL_HOOKS:
    SECOND_CALL_HOOKS.append(_copy_for_second_call)
if _correspondence_voters not in CORRESPONDENCE_VOTERS_PROVIDERS:
    CORRESPONDENCE_VOTERS_PROVIDERS.append(_correspondence_voters)

__all__ = ["make_voting_token"]  # re-exported from the assemblies package for callers here
