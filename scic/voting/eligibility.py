"""R-AG-13 on every channel: the facts of one attempt to vote, read once, checked by one rule.

``check_voter`` gathers what ``ballot_rules.check_may_vote`` needs — the assembly's stage, the
resolution's status, the convocation, the R-AG-8 deadline, the voter's line on the attendance
sheet and, for a legal person, the designation used with its council's term and deliberation —
and returns the rule's refusals. The ballot page asks it before showing the ballot; the
services that record a ballot ask it again; the show-of-hands count asks
``check_hand_count_participants`` (or ``participants_per_college`` for every college of
the show-of-hands screen). No channel computes these facts on its own.
"""

from __future__ import annotations

from datetime import date, datetime, time, timedelta

from sqlalchemy import select

from scic.assemblies import queries as assembly_queries
from scic.assemblies.consultation_rules import answer_deadline
from scic.assemblies.models import Assembly
from scic.assemblies.rules import PARIS, PresenceMode, correspondence_deadline
from scic.cooperatives.services import assembly_settings_of
from scic.core.db import db
from scic.core.violations import Violation
from scic.membership import queries as membership_queries
from scic.membership.elections import election_calendar
from scic.membership.mandate_rules import council_term_end
from scic.membership.models import Mandate, Member
from scic.membership.rules import RepresentativeRole
from scic.voting.ballot_rules import (
    AssemblyStage,
    Representation,
    VoteAttempt,
    check_hand_count,
    check_may_vote,
)
from scic.voting.models import Resolution
from scic.voting.rules import Channel, ResolutionStatus

#: Channels where a proxy holder casts the member's ballot.
PROXY_CHANNELS = frozenset({Channel.PROXY_NAMED, Channel.PROXY_BLANK})
#: Attendance modes of members who are in the session (a show of hands counts them).
IN_SESSION_MODES = (
    PresenceMode.PRESENT.value,
    PresenceMode.DEEMED_PRESENT.value,
    PresenceMode.REPRESENTED.value,
)


rule_mandate = membership_queries.rule_mandate


def executory_on(member: Member, mandate: Mandate | None) -> date | None:
    """The executory date of the deliberation behind a local authority's representative."""
    deliberation = mandate.deliberation if mandate else None
    if deliberation is None:
        candidates = [
            d for d in member.deliberations if d.purpose in ("representative", "membership")
        ]
        candidates.sort(key=lambda d: (d.purpose == "representative", d.adopted_on))
        deliberation = candidates[-1] if candidates else None
    return deliberation.executory_on if deliberation else None


def representation(
    member: Member, mandate: Mandate | None, *, main_has_voted: bool = False
) -> Representation | None:
    """How a legal person acts through ``mandate`` (None for a natural person)."""
    if member.kind == "person":
        return None
    settings = assembly_settings_of(member.cooperative)
    term_end = (
        council_term_end(member.authority_type, mandate.valid_from, election_calendar())
        if mandate is not None and member.is_local_authority
        else None
    )
    return Representation(
        mandate=rule_mandate(mandate) if mandate is not None else None,
        mandates=tuple(rule_mandate(m) for m in member.mandates),
        is_local_authority=member.is_local_authority,
        deliberation_executory_on=(
            executory_on(member, mandate) if member.is_local_authority else None
        ),
        term_end=term_end,
        act_until_replaced=settings.representatives_act_until_replaced,
        main_has_voted=main_has_voted,
    )


def mandate_named(member: Member, name: str, on: date) -> Mandate | None:
    """The designation a secretary names for a legal person in the room or on a paper form.

    An empty name means the current main representative (or the alternate without one). A name
    is matched against every designation, ended ones included, so that a former representative
    is refused by the rule (``mandate_ended``) rather than silently accepted.
    """
    voting = [m for m in member.mandates if m.role in ("main", "alternate")]
    if not name.strip():
        acting = membership_queries.acting_mandates(member, on)
        return acting.get(RepresentativeRole.MAIN) or acting.get(RepresentativeRole.ALTERNATE)
    wanted = name.strip().casefold()
    named = [m for m in voting if m.full_name.strip().casefold() == wanted]
    named.sort(key=lambda m: (not m.is_valid_on(on), -m.valid_from.toordinal()))
    return named[0] if named else None


#: check_voter's ``presence`` when the caller has not read it.
_NOT_READ = object()


def presence_of(assembly: Assembly, member: Member) -> PresenceMode | None:
    """The member's mode on the attendance sheet as corrected, or None when it has no line."""
    mode = db.session.scalar(select(assembly_queries.current_mode(assembly.id, member.id)))
    return PresenceMode(mode) if mode else None


def convened_at(assembly: Assembly) -> datetime | None:
    """The instant advance ballots open: the start of the convocation day (Paris)."""
    if assembly.convocation_sent_on is None:
        return None
    return datetime.combine(assembly.convocation_sent_on, time.min, PARIS)


def advance_deadline(assembly: Assembly, *, electronic: bool) -> datetime | None:
    """The R-AG-8 deadline of postal forms (paper) or advance electronic ballots.

    For a written consultation: the end of the last day of its delay (R-AG-10), None before it
    was sent.
    """
    if assembly.type == "written":
        if assembly.convocation_sent_on is None:
            return None
        last = answer_deadline(assembly.convocation_sent_on)
        return datetime.combine(last + timedelta(days=1), time.min, PARIS)
    days = assembly_settings_of(assembly.cooperative).correspondence_deadline_days
    return correspondence_deadline(assembly.starts_at, days, electronic=electronic)


def check_voter(
    resolution: Resolution,
    member: Member,
    channel: Channel,
    *,
    at: datetime,
    mandate: Mandate | None = None,
    electronic: bool = True,
    main_has_voted: bool = False,
    status: ResolutionStatus | None = None,
    entered_at: datetime | None = None,
    presence: PresenceMode | object | None = _NOT_READ,
) -> list[Violation]:
    """Return every R-AG-13 refusal for this member voting now on this channel.

    ``at`` is the instant of the vote (a paper form: its reception; ``entered_at`` when the
    secretary enters it, never before the reception). ``mandate`` is the
    designation a legal person acts through (None: nobody designated). ``status`` overrides
    the resolution's status and ``presence`` the member's attendance line (None: no line)
    when the caller read them again under the lock.
    """
    assembly = resolution.assembly
    stage = AssemblyStage.LOCKED if assembly.is_locked else AssemblyStage(assembly.status)
    attempt = VoteAttempt(
        stage=stage,
        resolution=ResolutionStatus(status or resolution.status),
        channel=Channel(channel),
        at=at,
        on=at.astimezone(PARIS).date(),
        convened_at=convened_at(assembly),
        advance_deadline=advance_deadline(assembly, electronic=electronic),
        presence=presence_of(assembly, member) if presence is _NOT_READ else presence,
        entered_at=entered_at,
        # A proxy holder acts under the proxy the member gave (R-AG-7), not a designation.
        representation=None
        if Channel(channel) in PROXY_CHANNELS
        else representation(member, mandate, main_has_voted=main_has_voted),
    )
    return check_may_vote(attempt)


def participants_per_college(assembly: Assembly) -> dict[int | None, int]:
    """Members of each college in the session: present, deemed present or represented.

    Read from the attendance sheet as corrected (the latest correcting entry of each line).
    """
    counts: dict[int | None, int] = {}
    for line in assembly_queries.current_lines(assembly).values():
        if line.mode in IN_SESSION_MODES:
            counts[line.college_id] = counts.get(line.college_id, 0) + 1
    return counts


def participants_in_college(assembly: Assembly, college_id: int | None) -> int:
    """Members of a college in the session (:func:`participants_per_college`)."""
    return participants_per_college(assembly).get(college_id, 0)


def check_hand_count_participants(
    assembly: Assembly, college_id: int | None, counts: tuple[int, ...]
) -> list[Violation]:
    """R-AG-13: show-of-hands counts within the college's participants."""
    return check_hand_count(counts, participants_in_college(assembly, college_id))
