"""R-AG-13 — who may vote, and when: one pure rule that every channel's service calls.

The ballot page (signed-in or through a convocation link), the secretary's in-room and postal
entries, the proxy holder's ballot and the show-of-hands count all ask ``check_may_vote`` (or
``check_hand_count``) before they show a ballot and again before they record one, so that a
rule never gives two answers on two channels.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass, field, replace
from datetime import date, datetime
from enum import StrEnum

from scic.assemblies.rules import PresenceMode
from scic.core.violations import Violation
from scic.membership.mandate_rules import acting_valid_to, check_term, is_replaced
from scic.membership.rules import Mandate, check_can_act, is_deliberation_enforceable
from scic.voting.rules import Channel, ResolutionStatus


class AssemblyStage(StrEnum):
    """An assembly's life cycle (``Assembly.status``)."""

    DRAFT = "draft"
    CONVENED = "convened"
    OPEN = "open"
    CLOSED = "closed"
    LOCKED = "locked"


#: Channels by which a ballot may arrive before the session opens (R-AG-8, R-AG-9).
ADVANCE_CHANNELS = frozenset({Channel.CORRESPONDENCE, Channel.REMOTE})


@dataclass(frozen=True)
class Representation:
    """How a local authority or an organisation acts: the designation used and its context.

    ``mandate`` is ``None`` when nobody designated acts (a capacity without a mandate), which a
    member that is not a natural person may never use to vote.
    """

    mandate: Mandate | None
    mandates: Sequence[Mandate] = ()
    is_local_authority: bool = False
    deliberation_executory_on: date | None = None
    term_end: date | None = None
    act_until_replaced: bool = False
    main_has_voted: bool = False


@dataclass(frozen=True)
class VoteAttempt:
    """Everything R-AG-13 needs about one attempt to vote, as plain values.

    ``at`` is the instant of the vote (for a paper form: its reception); ``on`` its day in Paris.
    ``advance_deadline`` is the R-AG-8 deadline for ballots cast before the session (``None``
    when the assembly takes none). ``presence`` is the voter's line on the attendance sheet.
    ``representation`` is ``None`` for a natural person voting for itself. ``entered_at`` is
    when the ballot is entered (a postal form is entered after its reception, never before).
    """

    stage: AssemblyStage
    resolution: ResolutionStatus
    channel: Channel
    at: datetime
    on: date
    convened_at: datetime | None = None
    advance_deadline: datetime | None = None
    presence: PresenceMode | None = None
    representation: Representation | None = field(default=None)
    entered_at: datetime | None = None


def _window(a: VoteAttempt) -> list[Violation]:
    """R-AG-13: convened assembly, open session (or the advance window), open resolution."""
    if a.entered_at is not None and a.at > a.entered_at:
        # A reception after the entry would dodge the R-AG-8 deadline: it is always a typo.
        return [Violation("vote_received_after_entry", rule="R-AG-8", params={"at": a.at})]
    stage = AssemblyStage(a.stage)
    if stage is AssemblyStage.DRAFT:
        return [Violation("vote_assembly_not_convened", rule="R-AG-13")]
    if stage in (AssemblyStage.CLOSED, AssemblyStage.LOCKED) or a.resolution is (
        ResolutionStatus.CLOSED
    ):
        return [Violation("vote_session_closed", rule="R-AG-13")]
    channel = Channel(a.channel)
    if stage is AssemblyStage.CONVENED or a.resolution is ResolutionStatus.DRAFT:
        # Before the session (or before this resolution's vote): only advance ballots, from
        # the convocation to the R-AG-8 deadline.
        if channel not in ADVANCE_CHANNELS:
            return [Violation("vote_session_not_open", rule="R-AG-13")]
        if a.convened_at is None or a.at < a.convened_at:
            return [Violation("vote_before_convocation", rule="R-AG-13")]
        return _after_advance_deadline(a)
    if channel is Channel.CORRESPONDENCE:
        # A paper form entered during the session counts only if received in the same window
        # as before it: from the convocation to the deadline.
        if a.convened_at is None or a.at < a.convened_at:
            return [Violation("vote_before_convocation", rule="R-AG-13")]
        return _after_advance_deadline(a)
    return []


def _after_advance_deadline(a: VoteAttempt) -> list[Violation]:
    """R-AG-8: a vote before the session is received before the advance deadline (none set: no
    vote in advance)."""
    if a.advance_deadline is None or a.at >= a.advance_deadline:
        return [
            Violation(
                "vote_advance_deadline_passed",
                rule="R-AG-8",
                params={"deadline": a.advance_deadline or "—"},
            )
        ]
    return []


def _taking_part(a: VoteAttempt) -> list[Violation]:
    """R-AG-13: a ballot in the room only from a member recorded present on the sheet."""
    if Channel(a.channel) is Channel.IN_PERSON and a.presence is not PresenceMode.PRESENT:
        return [Violation("vote_not_recorded_present", rule="R-AG-13")]
    return []


def _representation(a: VoteAttempt) -> list[Violation]:
    """R-AG-13, R-LA-5, §8 #24: a current mandate and, for a local authority, its deliberation."""
    r = a.representation
    if r is None:
        return []
    if r.mandate is None:
        return [Violation("vote_without_mandate", rule="R-AG-13")]
    mandate, mandates = r.mandate, tuple(r.mandates)
    replaced = is_replaced(mandate, mandates, a.on)
    valid_to = acting_valid_to(
        mandate, r.term_end, act_until_replaced=r.act_until_replaced, replaced=replaced
    )
    if valid_to != mandate.valid_to:
        # §8 #24, SEM option: a designation ending with the council's term goes on until the
        # new council designates someone (the same rule as ``acting_representatives``).
        extended = replace(mandate, valid_to=valid_to)
        mandates = tuple(extended if m == mandate else m for m in mandates)
        mandate = extended
    violations = check_can_act(mandate, mandates, a.on, main_has_voted=r.main_has_voted)
    if not violations:
        violations = check_term(
            a.on,
            r.term_end,
            act_until_replaced=r.act_until_replaced,
            replaced=replaced,
            subject=mandate.name,
        )
    if r.is_local_authority and not is_deliberation_enforceable(r.deliberation_executory_on, a.on):
        violations.append(
            Violation(
                "vote_deliberation_not_enforceable",
                rule="R-LA-5",
                params={"executory_date": r.deliberation_executory_on or "—", "vote_date": a.on},
            )
        )
    return violations


def check_may_vote(attempt: VoteAttempt) -> list[Violation]:
    """Return every reason this voter may not vote now on this channel (empty: may vote).

    Rule: R-AG-13 — a convened assembly (never a draft) whose session is open, or, for postal
    and remote ballots cast in advance, between the convocation and the R-AG-8 deadline; an
    open resolution; a voter taking part (in the room: recorded present); a local authority or
    an organisation only through a representative whose mandate is current (R-LA-5, §8 #24)
    and, for a local authority, whose deliberation is enforceable on the vote's date.
    Called before the ballot is shown and again when it is recorded.
    """
    return [*_window(attempt), *_taking_part(attempt), *_representation(attempt)]


def check_hand_count(counts: Sequence[int], participants: int) -> list[Violation]:
    """Refuse show-of-hands counts that are negative or exceed the college's participants.

    Rule: R-AG-13 — counts recorded by show of hands in a college never exceed the members of
    that college taking part (present, deemed present or represented).
    """
    if any(count < 0 for count in counts):
        return [Violation("hand_count_negative", rule="R-AG-13")]
    if sum(counts) > participants:
        return [
            Violation(
                "hand_count_exceeds_participants",
                rule="R-AG-13",
                params={"count": sum(counts), "participants": participants},
            )
        ]
    return []


def check_hand_count_entry(*, secret: bool, status: str, correcting: bool) -> list[Violation]:
    """Refuse show-of-hands counts on a secret ballot, or outside the open vote.

    Rules: R-TAL-3 — a secret ballot is never counted by a show of hands; R-AG-13 — counts are
    entered while the vote is open, and a mistake is corrected by a correcting entry until the
    vote closes, never after (the outcome is then frozen). ``status`` is the resolution's
    (``draft``, ``open``, ``closed``); ``correcting`` when a count of the college exists.
    """
    violations: list[Violation] = []
    if secret:
        violations.append(Violation("hand_count_secret", rule="R-TAL-3"))
    if status == "closed":
        violations.append(
            Violation("hand_count_correction_after_close", rule="R-AG-13")
            if correcting
            else Violation("vote_closed")
        )
    elif status != "open":
        violations.append(Violation("vote_not_open"))
    return violations
