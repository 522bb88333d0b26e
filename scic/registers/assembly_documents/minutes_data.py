"""What the minutes say, read from the assembly and the frozen outcome of each resolution
(R-TAL-4).
"""

from __future__ import annotations

from collections import Counter
from dataclasses import dataclass
from datetime import date, datetime

from sqlalchemy import select

from scic.assemblies import queries as assembly_queries
from scic.assemblies import rules as assembly_rules
from scic.assemblies.models import Assembly, Election, Officer
from scic.core.db import db
from scic.membership.models import Deliberation, Member
from scic.registers.rules import MandateHolder, representative_who_took_part
from scic.voting import publication
from scic.voting import queries as voting_queries
from scic.voting.models import Ballot, Resolution, SecretParticipation
from scic.voting.participation import participation
from scic.voting.rules import Majority
from scic.voting.services import Snapshot, current_mandates, snapshot_of_outcome

# --- What was recorded --------------------------------------------------------------------------


@dataclass(frozen=True)
class ResolutionRecord:
    """A resolution with its frozen result (``result`` is None when it was not voted)."""

    number: int
    title: str
    text: str
    kind: str
    proposed_by: str
    board_approved: bool
    secret: bool
    status: str
    majority: Majority
    result: Snapshot | None


@dataclass(frozen=True)
class AuthorityRecord:
    """A local authority that took part, its representative and deliberation (R-LA-5)."""

    number: int
    name: str
    mode: str
    representative: str
    deliberation_ref: str
    adopted_on: date | None
    executory_on: date | None
    assumed: bool
    #: From the register of designations in force that day (``registers.rules``): main or
    #: alternate, the designation's reference, and how the minutes know the person acted
    #: (voted, recorded or designated; "" when no designation was in force).
    representative_role: str = ""
    designation_ref: str = ""
    identified_by: str = ""


@dataclass(frozen=True)
class ElectionRecord:
    """An election held by the assembly (R-AG-2): its seats, term and who was elected.

    ``elected`` pairs each elected candidate with the end of their term; ``recorded`` is False
    while the results are not recorded (the minutes then say so rather than name anyone)."""

    body: str
    seats: int
    term_years: int
    secret: bool
    recorded: bool
    elected: tuple[tuple[str, date], ...]


@dataclass(frozen=True)
class ConvocationSummary:
    """How the assembly was convened: dates, channels, counts (DOMAIN §6.6 step 4)."""

    first_sent_on: date | None
    last_sent_on: date | None
    channels: dict[str, int]
    convened: int
    registered_letters: int


@dataclass(frozen=True)
class MinutesData:
    """Everything the minutes show, read once (the builder does not query)."""

    assembly: Assembly
    day: date
    first_call_day: date | None
    agenda: list[tuple[int, str]]
    convocation: ConvocationSummary
    quorum: assembly_queries.QuorumStatus
    #: Each part (ordinary, extraordinary) with its own quorum (R-AG-11).
    part_quorums: list[tuple[str, assembly_queries.QuorumStatus]]
    modes: dict[str, int]
    documents: list[tuple[str, str, str, str]]
    resolutions: list[ResolutionRecord]
    authorities: list[AuthorityRecord]
    incidents: list[tuple[datetime, str]]
    signatures: list[tuple[str, str, datetime]]
    pending: list[tuple[str, str]]
    addenda: list[tuple[datetime, str, str]]
    #: (role, name) of the signatures given in ink on the printed minutes, their scan kept
    #: (the others were given by each signatory with their own account).
    signed_in_ink: frozenset[tuple[str, str]] = frozenset()
    #: A written consultation's replies, annexed to its minutes (R223-24): per member with a
    #: vote, its number, name and (resolution number, choice) pairs; "secret" for a secret
    #: resolution (who answered is known, never what); none: did not answer, does not vote.
    consultation_replies: tuple[tuple[int, str, tuple[tuple[int, str], ...]], ...] = ()
    #: The elections held at the assembly, in the order they were put on the agenda.
    elections: tuple[ElectionRecord, ...] = ()


def _convocation_summary(assembly: Assembly) -> ConvocationSummary:
    records = list(assembly_queries.convocation_records(assembly).values())
    days = sorted(r.sent_on for r in records)
    return ConvocationSummary(
        first_sent_on=days[0] if days else assembly.convocation_sent_on,
        last_sent_on=days[-1] if days else assembly.convocation_sent_on,
        channels=dict(Counter(r.channel for r in records)),
        convened=len(records),
        registered_letters=sum(1 for r in records if r.registered_number),
    )


def _resolutions(assembly: Assembly) -> list[ResolutionRecord]:
    out = []
    for resolution in voting_queries.resolutions_of(assembly):
        outcome = resolution.outcome
        out.append(
            ResolutionRecord(
                number=resolution.number,
                title=resolution.title,
                text=resolution.text,
                kind=resolution.kind,
                proposed_by=resolution.proposed_by,
                board_approved=resolution.board_approved,
                secret=resolution.secret,
                status=resolution.status,
                majority=Majority.parse(outcome.majority if outcome else resolution.majority),
                # Minutes are read by members: a secret result as they may read it (R-TAL-3).
                result=publication.for_members(
                    snapshot_of_outcome(outcome), secret=resolution.secret
                )
                if outcome is not None
                else None,
            )
        )
    return out


def _deliberation_of(member: Member, mandate, day: date) -> Deliberation | None:
    """The deliberation behind the representative: the mandate's, else the latest adopted."""
    if mandate is not None and mandate.deliberation is not None:
        return mandate.deliberation
    candidates = [
        d
        for d in member.deliberations
        if d.purpose in ("representative", "membership") and d.adopted_on <= day
    ]
    candidates.sort(key=lambda d: (d.purpose == "representative", d.adopted_on, d.id))
    return candidates[-1] if candidates else None


def _who_cast(assembly: Assembly) -> tuple[dict[int, set[int]], dict[int, list[str]]]:
    """Per member: the accounts that cast its ballots, and the names recorded with them
    (open ballots and secret participations: who voted is known, never what)."""
    resolutions = select(Resolution.id).where(Resolution.assembly_id == assembly.id)
    voters: dict[int, set[int]] = {}
    names: dict[int, list[str]] = {}
    for table in (Ballot, SecretParticipation):
        rows = db.session.execute(
            select(table.member_id, table.cast_by_user_id, table.cast_by_name).where(
                table.resolution_id.in_(resolutions)
            )
        )
        for member_id, user_id, name in rows:
            if user_id is not None:
                voters.setdefault(member_id, set()).add(user_id)
            if name:
                names.setdefault(member_id, []).append(name)
    return voters, names


def _authorities(assembly: Assembly, sheet, day: date) -> list[AuthorityRecord]:
    """Local authorities that took part (any mode but absent), with who acted for them.

    The representative comes from the designations in force that day, matched with the
    accounts that cast the authority's ballots and the names the secretary recorded
    (``registers.rules.representative_who_took_part``), never from free text alone.
    """
    voters, names = _who_cast(assembly)
    out = []
    for row in sheet:
        member = row.member
        if member.kind != "local_authority" or row.mode == assembly_rules.PresenceMode.ABSENT:
            continue
        in_force = current_mandates(member, day)
        holders = [
            MandateHolder(m.id, m.user_id, m.full_name, str(getattr(role, "value", role)))
            for role, m in in_force.items()
        ]
        holder, how = representative_who_took_part(
            holders,
            voter_user_ids=voters.get(member.id, set()),
            recorded_names=[row.signed_by, *names.get(member.id, [])],
        )
        mandate = next((m for m in in_force.values() if holder and m.id == holder.mandate_id), None)
        deliberation = _deliberation_of(member, mandate, day)
        out.append(
            AuthorityRecord(
                number=member.number,
                name=member.display_name,
                mode=row.mode,
                representative=holder.full_name if holder else "",
                deliberation_ref=deliberation.reference if deliberation else "",
                adopted_on=deliberation.adopted_on if deliberation else None,
                executory_on=deliberation.executory_on if deliberation else None,
                assumed=bool(deliberation and deliberation.executory_assumed),
                representative_role=holder.role if holder else "",
                designation_ref=mandate.designation_ref if mandate else "",
                identified_by=how,
            )
        )
    return out


def _consultation_replies(assembly: Assembly):
    """Each member's reply to a written consultation (R-AG-10, R223-24), in member order."""
    if assembly.type != "written":
        return ()
    resolutions = voting_queries.resolutions_of(assembly)
    numbers = {r.id: r.number for r in resolutions}
    replies: dict[int, list[tuple[int, str]]] = {}
    ids = list(numbers)
    for member_id, resolution_id, choice in db.session.execute(
        select(Ballot.member_id, Ballot.resolution_id, Ballot.choice).where(
            Ballot.resolution_id.in_(ids)
        )
    ):
        replies.setdefault(member_id, []).append((numbers[resolution_id], choice))
    for member_id, resolution_id in db.session.execute(
        select(SecretParticipation.member_id, SecretParticipation.resolution_id).where(
            SecretParticipation.resolution_id.in_(ids)
        )
    ):
        replies.setdefault(member_id, []).append((numbers[resolution_id], "secret"))
    members = sorted(assembly_queries.voters(assembly), key=lambda m: m.number)
    return tuple((m.number, m.display_name, tuple(sorted(replies.get(m.id, [])))) for m in members)


def _elections(assembly: Assembly) -> tuple[ElectionRecord, ...]:
    elections = db.session.scalars(
        select(Election).where(Election.assembly_id == assembly.id).order_by(Election.id)
    ).all()
    if not elections:
        return ()
    terms = {
        (o.election_id, o.name): o.term_end
        for o in db.session.scalars(
            select(Officer).where(Officer.election_id.in_([e.id for e in elections]))
        )
    }
    return tuple(
        ElectionRecord(
            body=e.body,
            seats=e.seats,
            term_years=e.term_years,
            secret=e.secret,
            recorded=e.results_recorded_at is not None,
            elected=tuple(
                (c.name, terms[(e.id, c.name)])
                for c in e.candidacies
                if c.elected and (e.id, c.name) in terms
            ),
        )
        for e in elections
    )


def minutes_data(assembly: Assembly) -> MinutesData:
    """Read everything the minutes of ``assembly`` show (§6.9)."""
    day = assembly_queries.assembly_day(assembly)
    seen = participation(assembly)
    sheet = assembly_queries.attendance_sheet(assembly, seen)
    state = assembly_queries.minutes_state(assembly)
    first_call = (
        db.session.get(Assembly, assembly.first_call_id) if assembly.first_call_id else None
    )
    return MinutesData(
        assembly=assembly,
        day=day,
        first_call_day=assembly_queries.assembly_day(first_call) if first_call else None,
        agenda=[(item.position, item.title) for item in assembly.agenda_items],
        convocation=_convocation_summary(assembly),
        quorum=assembly_queries.quorum_status(assembly, seen),
        part_quorums=[
            (part, assembly_queries.quorum_status(assembly, seen, part=part))
            for part in assembly_rules.parts_of(assembly.type)
        ],
        modes=dict(Counter(row.mode for row in sheet)),
        documents=[
            (d.kind, d.title, d.filename, d.sha256)
            for d in assembly_queries.active_documents(assembly)
        ],
        resolutions=_resolutions(assembly),
        authorities=_authorities(assembly, sheet, day),
        incidents=[(i.occurred_at, i.description) for i in assembly.incidents],
        signatures=[(s.role, s.name, s.signed_at) for s in state.signed],
        pending=list(state.pending),
        addenda=[(a.created_at, a.author_name, a.text) for a in assembly.addenda],
        signed_in_ink=frozenset((s.role, s.name) for s in state.signed if s.method == "wet_ink"),
        consultation_replies=_consultation_replies(assembly),
        elections=_elections(assembly),
    )
