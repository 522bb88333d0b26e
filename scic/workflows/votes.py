"""Opening and closing a vote, with what the law attaches to them across packages.

- A vote opens only when its part of the assembly reached its quorum (R-AG-11); the refusal
  says how many more members must take part. An exclusion's vote opens only once the member
  was notified and could be heard (R-EXCL-1).
- Closing freezes the result with the turnout it was decided on: nothing is adopted without
  quorum (R-AG-11), majorities follow the legal form (R-AG-12); an adopted exclusion is recorded
  in the capital ledger on the day of the vote (R-EXCL-1, §6.11 step 3).
"""

from __future__ import annotations

from datetime import datetime

from scic.core.db import db
from scic.core.violations import RuleViolation, Violation
from scic.membership.exclusion_rules import check_exclusion_procedure
from scic.membership.models import Member
from scic.voting import services as voting_services
from scic.voting.models import Outcome, Resolution
from scic.voting.urn import OpenedUrn
from scic.workflows import quorum
from scic.workflows import statutes as statutes_workflow
from scic.workflows.exclusion import exclude_by_assembly


def quorum_violations(resolution: Resolution) -> list[Violation]:
    """Why the vote on a resolution cannot open for lack of quorum (empty when it can).

    Rule: R-AG-11. Params: ``missing`` (members still needed), ``required`` and ``participants``.
    """
    part = quorum.part_of(resolution)
    if part is None:
        return []
    status = quorum.quorum_status(resolution.assembly, part)
    if status.reached:
        return []
    return [
        Violation(
            "vote_quorum_not_reached",
            rule="R-AG-11",
            params={
                "missing": status.required_count - status.participants,
                "required": status.required_count,
                "participants": status.participants,
            },
        )
    ]


def exclusion_violations(resolution: Resolution) -> list[Violation]:
    """Why an exclusion may not be voted on yet: the member not notified or not heard, or
    dates that do not fit (R-EXCL-1). Empty for other resolutions."""
    if resolution.kind != "exclusion":
        return []
    return check_exclusion_procedure(
        resolution.excluded_member_notified_on,
        resolution.excluded_member_heard_on,
        voting_services.assembly_day(resolution.assembly),
        complete=True,
    )


def opening_violations(resolution: Resolution) -> list[Violation]:
    """Everything that stops the vote from opening now (R-AG-11 quorum, R-EXCL-1 procedure)."""
    return quorum_violations(resolution) + exclusion_violations(resolution)


def open_vote(resolution: Resolution, *, by=None, now: datetime) -> Resolution:
    """Open the vote on a resolution whose part reached its quorum (R-AG-11, §6.7 step 4);
    an exclusion only once the member was notified and heard (R-EXCL-1)."""
    if problems := opening_violations(resolution):
        raise RuleViolation(problems)
    return voting_services.open_vote(resolution, by=by, now=now)


def live_snapshot(resolution: Resolution) -> voting_services.Snapshot:
    """The count shown while a vote runs, decided as closing it now would decide it.

    Rules: R-AG-11 (no quorum, nothing adopted) and R-AG-12 (a SARL's ordinary first
    consultation is measured on all its members, its extraordinary decisions on the members
    present or represented): the screen never shows "adopted" where the close says rejected.
    A closed vote reads its frozen outcome; a secret ballot shows participation only (R-TAL-3).
    """
    snap = voting_services.snapshot(resolution)
    if resolution.outcome is None and not snap.choices_hidden:
        turnout = quorum.turnout_of(resolution.assembly, quorum.decision_part(resolution))
        voting_services.decide(snap, resolution, turnout)
    return snap


def close_vote(
    resolution: Resolution, *, by=None, now: datetime, urn: OpenedUrn | None = None
) -> Outcome:
    """Close a vote: freeze the result with its turnout, then record an adopted exclusion or
    apply adopted statutes.

    Rules: R-AG-11 and R-AG-12 (validity and majority from the turnout of the resolution's
    part, counted now from the records), R-EXCL-1 (the member's exit, on the day of the vote,
    by the assembly's decision). Flushes; the caller commits once.
    """
    turnout = quorum.turnout_of(resolution.assembly, quorum.decision_part(resolution))
    outcome = voting_services.close_vote(resolution, by=by, now=now, urn=urn, turnout=turnout)
    if resolution.kind == "exclusion" and outcome.adopted and resolution.excluded_member_id:
        # Effective on the assembly's day (Paris time); R-EXCL-1 is checked there, and a refusal
        # rolls the whole closing back: nothing half written.
        member = db.session.get(Member, resolution.excluded_member_id)
        exclude_by_assembly(member, resolution, on=outcome.weights_on, by=by, now=now)
    # Amended statutes take effect when their resolution is adopted (issue 20 item 4).
    statutes_workflow.apply_adopted(resolution, outcome, by=by, now=now)
    return outcome
